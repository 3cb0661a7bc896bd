//! Options of channel option files (`<channel>_option`), spec/option-dat.md §4.
//!
//! TCP/IP (SMTP/LMTP) channel options (§4.2 documented, §4.3 unverified, plus names
//! seen in a working `tcp_local_option`), the `native_option` file (§4.4) and the
//! option names known for `sms_option` (§4.5). LOG_CONNECTION also exists in option.dat.

use super::options::LOG_CONNECTION_BITS;
use super::types::*;

const fn opt(
    name: &'static str,
    ty: ValueType,
    default: Option<&'static str>,
    summary: &'static str,
    provenance: Provenance,
) -> OptionInfo {
    OptionInfo::new(
        name,
        OptionFile::ChannelOption,
        ty,
        default,
        summary,
        provenance,
    )
}

const UNVERIFIED_4_3: Provenance = unverified("spec option-dat §4.3");
const REAL_TCP_LOCAL: Provenance = seen("real tcp_local_option");
const NATIVE: Provenance = doc("AR05 fvkbe");
const SMS: Provenance = doc("AR05 acmlj");

pub static CHANNEL_OPTIONS: &[OptionInfo] = &[
    // ---- §4.2 TCP/IP channel options, documented -----------------------------------------
    opt(
        "522_PERMANENT_ERROR_STRING",
        STR,
        None,
        "Client: |-separated 552 reply texts to treat as permanent errors",
        doc("AR05 acmkj"),
    ),
    opt(
        "ALLOW_ETRNS_PER_SESSION",
        NON_NEGATIVE,
        Some("1"),
        "Server: ETRN commands honoured in one session",
        doc("AR05 acmkj"),
    ),
    opt(
        "ALLOW_RECIPIENTS_PER_TRANSACTION",
        NON_NEGATIVE,
        Some("128"),
        "Server: recipients taken per message; the rest get a 452",
        doc("AR05 acmkj"),
    ),
    opt(
        "ALLOW_REJECTIONS_BEFORE_DEFERRAL",
        NON_NEGATIVE,
        None,
        "Server: rejected RCPT TO count after which all recipients get 4xx",
        doc("AR05 acmkj"),
    ),
    opt(
        "ALLOW_SESSION_BLOCKS",
        NON_NEGATIVE,
        Some("0"),
        "Server: data volume (blocks) allowed per session; 0 = unlimited",
        doc("WIKI ALLOW_SESSION_BLOCKS"),
    ),
    opt(
        "ALLOW_TRANSACTIONS_PER_SESSION",
        NON_NEGATIVE,
        None,
        "Server: messages accepted per connection",
        doc("AR05 acmkj"),
    ),
    opt(
        "ATTEMPT_TRANSACTIONS_PER_SESSION",
        NON_NEGATIVE,
        None,
        "Client: messages sent per connection before reconnecting",
        doc("AR05 acmkj"),
    ),
    opt(
        "BANNER_ADDITION",
        STR,
        None,
        "Server: ASCII text appended to the 220 greeting",
        doc("AR05 acmkj"),
    ),
    opt(
        "BANNER_HOST",
        STR,
        None,
        "Host name used in the banner and in the client's HELO/EHLO",
        doc("AR05 acmkj"),
    ),
    opt(
        "CHECK_SOURCE",
        BOOL,
        Some("1"),
        "Server: note a HELO/DNS name mismatch in Received: (needed for switchchannel)",
        doc("AR05 acmkj"),
    ),
    opt(
        "COMMAND_RECEIVE_TIME",
        NON_NEGATIVE,
        None,
        "Server: wait for an SMTP command (minutes)",
        doc("SIMS doc88"),
    ),
    opt(
        "COMMAND_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send an SMTP command (minutes)",
        doc("SIMS doc88"),
    ),
    opt(
        "CONTINUATION_CHARS",
        ValueType::List,
        None,
        "Character codes that act like the contchar keyword",
        doc("SIMS doc88"),
    ),
    opt(
        "DATA_RECEIVE_TIME",
        NON_NEGATIVE,
        Some("60"),
        "Server: wait for message data during DATA (minutes)",
        doc("SIMS doc88"),
    ),
    opt(
        "DATA_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send message data (minutes; default text cut off)",
        doc("SIMS doc88"),
    ),
    opt(
        "DISABLE_ADDRESS",
        BOOL,
        Some("0"),
        "Server: 1 turns off the XADR command",
        doc("SIMS doc88"),
    ),
    opt(
        "DISABLE_EXPAND",
        BOOL,
        Some("0"),
        "Server: 1 turns off EXPN unless a channel says expnallow",
        doc("AG05 bgamv"),
    ),
    opt(
        "DOT_TRANSMIT_TIME",
        NON_NEGATIVE,
        Some("10"),
        "Client: time to send the final dot (minutes)",
        doc("WIKI DOT_TRANSMIT_TIME"),
    ),
    opt(
        "HIDE_VERIFY",
        BOOL,
        None,
        "Server: vague VRFY replies on channels marked vrfydefault",
        doc("AG05 bgane"),
    ),
    OptionInfo {
        name: "LOG_CONNECTION",
        file: OptionFile::ChannelOption,
        ty: ValueType::Bits,
        default: None,
        bits: LOG_CONNECTION_BITS,
        summary: "Per-channel connection logging (same bits as the global option)",
        provenance: doc("AG05 bgamv"),
    },
    opt(
        "LOG_TRANSPORTINFO",
        BOOL,
        None,
        "Log IP addresses and ports in connection-related entries",
        doc("AG05 Example 21-5"),
    ),
    opt(
        "LOG_BANNER",
        BOOL,
        None,
        "Client: log the remote server's banner",
        doc("AG05 Example 21-5"),
    ),
    opt(
        "MAX_B_ENTRIES",
        NON_NEGATIVE,
        Some("10"),
        "Server: bad-command (B) entries logged per session",
        doc("AG05 Table 21-2"),
    ),
    opt(
        "MAX_CLIENT_THREADS",
        ValueType::Int {
            min: Some(1),
            max: None,
        },
        None,
        "Client: concurrent outgoing connections per program",
        doc("AG05 bgamv"),
    ),
    opt(
        "PROXY_PASSWORD",
        STR,
        None,
        "Server: secret the MMP proxy gives to pass on the client IP",
        doc("AG05 fxcdn"),
    ),
    opt(
        "REJECT_RECIPIENTS_PER_TRANSACTION",
        NON_NEGATIVE,
        None,
        "Server: companion of ALLOW_RECIPIENTS_PER_TRANSACTION",
        doc("AR05 acmkj"),
    ),
    opt(
        "TIMEOUT_MULTIPLIER",
        ValueType::Int {
            min: Some(1),
            max: None,
        },
        None,
        "Seconds per unit of the *_TIME options (1 = seconds)",
        doc("WIKI DOT_TRANSMIT_TIME"),
    ),
    opt(
        "TRANSACTION_LIMIT_RCPT_TO",
        BOOL,
        Some("0"),
        "Server: refuse surplus transactions at RCPT TO instead of MAIL FROM",
        doc("WIKI TRANSACTION_LIMIT_RCPT_TO"),
    ),
    opt(
        "BANNER_PURGE_DELAY",
        NON_NEGATIVE,
        None,
        "Server: pause before the banner to catch early talkers",
        doc("WIKI TCPIP-channel-specific_options"),
    ),
    opt(
        "CUSTOM_VERSION_STRING",
        STR,
        None,
        "Server: replaces the version part of the banner",
        doc("WIKI BANNER_ADDITION"),
    ),
    // ---- seen in a working tcp_local_option ----------------------------------------------
    opt(
        "HELLO_RECEIVE_TIME",
        NON_NEGATIVE,
        None,
        "Server: wait for HELO/EHLO (minutes)",
        REAL_TCP_LOCAL,
    ),
    opt(
        "SESSION_TIME",
        NON_NEGATIVE,
        None,
        "Time limit for a whole SMTP session",
        REAL_TCP_LOCAL,
    ),
    opt(
        "TRANSACTION_TIME",
        NON_NEGATIVE,
        None,
        "Time limit for one SMTP transaction",
        REAL_TCP_LOCAL,
    ),
    // ---- §4.3 TCP/IP channel options, unverified -------------------------------------------
    opt(
        "DISABLE_CIRCUIT",
        BOOL,
        None,
        "Server: 1 turns off the XCIR command",
        UNVERIFIED_4_3,
    ),
    opt(
        "DISABLE_GENERAL",
        BOOL,
        None,
        "Server: 1 turns off the XGEN command",
        UNVERIFIED_4_3,
    ),
    opt(
        "DISABLE_STATUS",
        BOOL,
        None,
        "Server: 1 turns off the XSTA command",
        UNVERIFIED_4_3,
    ),
    opt(
        "STATUS_RECEIVE_TIME",
        NON_NEGATIVE,
        None,
        "Server: wait for status commands",
        UNVERIFIED_4_3,
    ),
    opt(
        "STATUS_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send status commands",
        UNVERIFIED_4_3,
    ),
    opt(
        "STATUS_DATA_RECEIVE_TIME",
        NON_NEGATIVE,
        None,
        "Server: wait for status data",
        UNVERIFIED_4_3,
    ),
    opt(
        "STATUS_DATA_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send status data",
        UNVERIFIED_4_3,
    ),
    opt(
        "RCPT_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send RCPT TO",
        UNVERIFIED_4_3,
    ),
    opt(
        "MAIL_TRANSMIT_TIME",
        NON_NEGATIVE,
        None,
        "Client: time to send MAIL FROM",
        UNVERIFIED_4_3,
    ),
    opt(
        "MAX_J_ENTRIES",
        NON_NEGATIVE,
        None,
        "Server: rejected-enqueue (J) entries logged per session",
        UNVERIFIED_4_3,
    ),
    opt(
        "MAX_MX_RECORDS",
        NON_NEGATIVE,
        None,
        "Client: MX records considered per destination",
        UNVERIFIED_4_3,
    ),
    opt(
        "MAX_A_RECORDS",
        NON_NEGATIVE,
        None,
        "Client: address records considered per host",
        UNVERIFIED_4_3,
    ),
    opt(
        "CONNECTION_CACHE_SIZE",
        NON_NEGATIVE,
        None,
        "Client: entries in the connection cache",
        UNVERIFIED_4_3,
    ),
    opt(
        "CONNECTION_CACHE_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Client: lifetime of connection cache entries",
        UNVERIFIED_4_3,
    ),
    opt(
        "TRACE_LEVEL",
        NON_NEGATIVE,
        None,
        "Debug tracing level of the SMTP program",
        UNVERIFIED_4_3,
    ),
    opt(
        "EHLO_RECEIVE_TIME",
        NON_NEGATIVE,
        None,
        "Server: wait for EHLO",
        UNVERIFIED_4_3,
    ),
    // ---- §4.4 native_option -----------------------------------------------------------------
    opt(
        "FORCE_CONTENT_LENGTH",
        BOOL,
        None,
        "UNIX: add a Content-Length: header on delivery",
        NATIVE,
    ),
    opt(
        "FORWARD_FORMAT",
        STR,
        Some("%h/.forward"),
        "Where users' forward files are (%u user, %h home)",
        NATIVE,
    ),
    opt(
        "REPEAT_COUNT",
        NON_NEGATIVE,
        Some("30"),
        "Tries to open a locked mailbox",
        NATIVE,
    ),
    opt(
        "SLEEP_TIME",
        NON_NEGATIVE,
        Some("2"),
        "Seconds between those tries",
        NATIVE,
    ),
    opt(
        "SHELL_TIMEOUT",
        NON_NEGATIVE,
        Some("600"),
        "Seconds a program run from .forward may take",
        NATIVE,
    ),
    opt(
        "SHELL_TMPDIR",
        ValueType::Path,
        None,
        "Temporary directory for .forward programs (default: home)",
        NATIVE,
    ),
    // ---- §4.5 sms_option -------------------------------------------------------------------
    opt("PROFILE", STR, None, "SMS profile, for example GSM", SMS),
    opt(
        "SMSC_DEFAULT_CHARSET",
        STR,
        None,
        "Default character set of the SMS centre",
        SMS,
    ),
    opt(
        "USE_UCS2",
        UNKNOWN,
        None,
        "Use UCS-2 encoding for SMS text",
        SMS,
    ),
    opt("DEBUG", INT, None, "Debug bit mask of the SMS channel", SMS),
    opt(
        "LOG_PAGE_COUNT",
        ValueType::Int {
            min: Some(0),
            max: Some(2),
        },
        None,
        "How SMS page counts are logged (0, 1 or 2)",
        SMS,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_case_insensitively() {
        let mut seen = HashSet::new();
        for o in CHANNEL_OPTIONS {
            assert!(
                seen.insert(o.name.to_ascii_uppercase()),
                "duplicate option {}",
                o.name
            );
        }
    }

    #[test]
    fn names_are_upper_case_and_file_is_channel_option() {
        for o in CHANNEL_OPTIONS {
            assert!(
                o.name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{} is not upper case",
                o.name
            );
            assert_eq!(o.file, OptionFile::ChannelOption, "{}", o.name);
            assert!(
                !o.summary.is_empty() && o.summary.chars().count() <= 90,
                "{}",
                o.name
            );
        }
    }

    #[test]
    fn leading_digit_name_is_present() {
        assert!(
            CHANNEL_OPTIONS
                .iter()
                .any(|o| o.name == "522_PERMANENT_ERROR_STRING")
        );
    }

    #[test]
    fn wrong_file_and_misspelled_names_are_absent() {
        for n in ["DNS_VERIFY_DOMAIN", "LOG_TRANPORTINFO", "BLOCK_SIZE"] {
            assert!(CHANNEL_OPTIONS.iter().all(|o| o.name != n), "{n}");
        }
    }

    #[test]
    fn log_connection_shares_the_global_bits() {
        let lc = CHANNEL_OPTIONS
            .iter()
            .find(|o| o.name == "LOG_CONNECTION")
            .unwrap();
        assert_eq!(lc.ty, ValueType::Bits);
        assert!(lc.bits.iter().any(|b| b.bit == 7));
    }
}
