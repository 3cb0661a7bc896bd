//! Entry codes: an action letter and modifier letters (`EEC` = enqueue, ESMTP, chunking).
//! Unknown letters are kept with an "unknown" meaning, never rejected.
//!
//! Layer: uses nothing but the standard library.

/// What kind of entry an action letter starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActionKind {
    /// A message entry: one recipient's enqueue, dequeue, failure, ...
    Message,
    /// A connection entry (`LOG_CONNECTION`): open, close, failure, authentication.
    Connection,
}

/// Action letters: letter, kind, meaning.
pub const ACTIONS: &[(u8, ActionKind, &str)] = &[
    (b'B', ActionKind::Message, "bad command sent to the SMTP server"),
    (b'D', ActionKind::Message, "dequeued: delivered"),
    (b'E', ActionKind::Message, "enqueued"),
    (b'J', ActionKind::Message, "enqueue refused by the receiving channel"),
    (b'K', ActionKind::Message, "recipient returned or deleted without notifying the sender"),
    (b'Q', ActionKind::Message, "temporary failure; stays queued"),
    (b'R', ActionKind::Message, "recipient rejected on dequeue, or a bounce generated"),
    (b'V', ActionKind::Message, "transaction aborted abnormally"),
    (b'W', ActionKind::Message, "sender warned that delivery is still being tried"),
    (b'Z', ActionKind::Message, "others delivered, this recipient requeued"),
    (b'O', ActionKind::Connection, "connection opened"),
    (b'C', ActionKind::Connection, "connection closed"),
    (b'X', ActionKind::Connection, "connection rejected"),
    (b'Y', ActionKind::Connection, "connection attempt failed"),
    (b'I', ActionKind::Connection, "ETRN received"),
    (b'U', ActionKind::Connection, "SMTP authentication success or failure"),
];

/// Modifier letters (after the action).
pub const MODIFIERS: &[(u8, &str)] = &[
    (b'E', "ESMTP (EHLO) was used"),
    (b'C', "SMTP chunking (BDAT) was used"),
    (b'S', "TLS was in effect"),
    (b'A', "SASL authentication was in effect"),
    (b'L', "LMTP (unverified)"),
];

/// The meaning of an action letter, if known.
pub fn action(letter: u8) -> Option<(ActionKind, &'static str)> {
    ACTIONS.iter().find(|a| a.0 == letter).map(|a| (a.1, a.2))
}

/// The meaning of a modifier letter.
pub fn modifier(letter: u8) -> &'static str {
    MODIFIERS.iter().find(|m| m.0 == letter).map_or("unknown modifier", |m| m.1)
}

/// Is this token shaped like an entry code (1 to 6 upper-case letters)?
pub fn is_code(t: &[u8]) -> bool {
    (1..=6).contains(&t.len()) && t.iter().all(u8::is_ascii_uppercase)
}

/// Does this action end a recipient's life in the queue, and how?
pub fn fate(letter: u8) -> Option<&'static str> {
    match letter {
        b'D' => Some("delivered"),
        b'R' => Some("bounced"),
        b'K' => Some("returned silently"),
        b'J' => Some("refused"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn letters() {
        assert_eq!(super::action(b'E').unwrap().0, super::ActionKind::Message);
        assert_eq!(super::action(b'O').unwrap().0, super::ActionKind::Connection);
        assert!(super::action(b'M').is_none());
        assert_eq!(super::modifier(b'C'), "SMTP chunking (BDAT) was used");
        assert!(super::is_code(b"EEC") && !super::is_code(b"E1") && !super::is_code(b""));
    }
}
