//! XML text escaping, shared by the JUnit report and the log entry renderer (which writes
//! `LOG_FORMAT=4` entries; the log decoder reads every entity this writes).
//!
//! Layer: uses nothing of the crate.

/// Append `s` as XML content or attribute text: the five special characters escaped,
/// characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF) replaced by U+FFFD.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(s, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn special_and_invalid_characters() {
        assert_eq!(escape("a<b & 'c' \"d\">"), "a&lt;b &amp; &apos;c&apos; &quot;d&quot;&gt;");
        assert_eq!(escape("tab\tnl\nbell\u{7}\u{FFFF}"), "tab\tnl\nbell\u{FFFD}\u{FFFD}");
        assert_eq!(escape("plain é"), "plain é");
        assert_eq!(escape("a<b>&\"c'\u{1}\td"), "a&lt;b&gt;&amp;&quot;c&apos;\u{FFFD}\td");
    }
}
