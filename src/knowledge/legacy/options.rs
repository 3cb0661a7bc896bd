//! Global MTA options of `option.dat` (spec/option-dat.md §2A, §2B, §2C and §3).
//!
//! §2A/§2B names are documented, §2C names are recalled but unconfirmed (unverified),
//! PMDF-only facts are unverified with a "PMDF ..." source, and names found only in the
//! working configuration files under `shared/real/` are marked as seen. TCP/IP channel
//! options such as LOG_BANNER, LOG_TRANSPORTINFO or MAX_B_ENTRIES live in
//! `channel_options.rs`; LOG_CONNECTION is in both catalogs.

use super::types::*;

/// Syslog priority+facility, sign selects mail.log suppression (spec §3.1 suggestion).
const SYSLOG_LEVEL: ValueType = ValueType::Int {
    min: Some(-191),
    max: Some(191),
};
const ATTR: ValueType = ValueType::LdapAttr;

const fn opt(
    name: &'static str,
    ty: ValueType,
    default: Option<&'static str>,
    summary: &'static str,
    provenance: Provenance,
) -> OptionInfo {
    OptionInfo::new(
        name,
        OptionFile::OptionDat,
        ty,
        default,
        summary,
        provenance,
    )
}

const fn bits_opt(
    name: &'static str,
    default: Option<&'static str>,
    bits: &'static [BitInfo],
    summary: &'static str,
    provenance: Provenance,
) -> OptionInfo {
    OptionInfo {
        name,
        file: OptionFile::OptionDat,
        ty: BITS,
        default,
        bits,
        summary,
        provenance,
    }
}

const fn bit(bit: u8, meaning: &'static str, provenance: Provenance) -> BitInfo {
    BitInfo {
        bit,
        meaning,
        provenance,
    }
}

const UNVERIFIED_2C: Provenance = unverified("spec option-dat §2C");
const REAL_OPTION_DAT: Provenance = seen("real option.dat.backup");
const REAL_OPTION_DAT_COMMENTED: Provenance = seen("real option.dat.backup (commented out)");

/// Bits of LOG_CONNECTION (spec/option-dat.md §3.2); shared with the channel option catalog.
pub(crate) static LOG_CONNECTION_BITS: &[BitInfo] = &[
    bit(
        0,
        "Connection details (HELO name, DNS name, IP) added to E, D and R entries",
        doc("AG63 gehgi"),
    ),
    bit(
        1,
        "Separate connection entries: open (O), close (C), failed attempt (Y)",
        doc("AG63 gansm"),
    ),
    bit(
        2,
        "Recollection only: ETRN (I) entries",
        unverified("spec option-dat §3.2 (recollection)"),
    ),
    bit(
        3,
        "Meaning unknown; no source and no reliable recollection",
        unverified("spec option-dat §3.2"),
    ),
    bit(
        4,
        "Meaning unknown; no source and no reliable recollection",
        unverified("spec option-dat §3.2"),
    ),
    bit(
        5,
        "Transport information (protocol, local and remote IP and port)",
        doc("AG63 gehgi"),
    ),
    bit(
        6,
        "Application information (for example SMTP or ESMTP)",
        doc("AG63 gehgi"),
    ),
    bit(
        7,
        "SMTP AUTH successes and failures logged as U connection entries",
        doc("AG05 Table 21-2"),
    ),
    bit(
        9,
        "Transport information also in connection probes",
        seen("real option.dat.backup"),
    ),
];

/// LOG_DIAGNOSTICS, LOG_REASON and LOG_REMOTE_MTA share this layout.
static LOG_DIAGNOSTICS_BITS: &[BitInfo] = &[
    bit(
        0,
        "Put the SMTP diagnostic into log entries",
        doc("WIKI Log_diagnostics"),
    ),
    bit(
        1,
        "Also pass it to LOG_ACTION mapping probes",
        doc("WIKI Log_diagnostics"),
    ),
    bit(
        2,
        "Always write the di attribute in XML/JSON output",
        doc("WIKI Log_diagnostics"),
    ),
];
static LOG_REASON_BITS: &[BitInfo] = &[
    bit(
        0,
        "Put the rejection reason into R and K entries",
        doc("WIKI Log_reason"),
    ),
    bit(
        1,
        "Also pass it to LOG_ACTION mapping probes (7.0-3.01+)",
        doc("WIKI Log_reason"),
    ),
    bit(
        2,
        "Always write the re attribute in XML/JSON output",
        doc("WIKI Log_reason"),
    ),
];
static LOG_REMOTE_MTA_BITS: &[BitInfo] = &[
    bit(
        0,
        "Log the remote MTA in its own field instead of the diagnostic",
        doc("WIKI Log_remote_mta"),
    ),
    bit(
        1,
        "Also pass it to LOG_ACTION mapping probes",
        doc("WIKI Log_remote_mta"),
    ),
    bit(
        2,
        "Always write the rm attribute in XML/JSON output",
        doc("WIKI Log_remote_mta"),
    ),
];
static LOG_INTERMEDIATE_BITS: &[BitInfo] = &[bit(
    0,
    "Log the intermediate address, and the initial one when known",
    doc("AG63 gehgi"),
)];
static LOG_MESSAGE_ID_BITS: &[BitInfo] = &[
    bit(0, "Log the Message-ID header", doc("AG05 auto66")),
    bit(
        1,
        "Set (value 3) in working files; meaning undocumented",
        REAL_OPTION_DAT,
    ),
];
static LOG_FILENAME_BITS: &[BitInfo] = &[
    bit(0, "Log the queue file name", doc("AG05 auto66")),
    bit(
        1,
        "Set (value 3) in working files; meaning undocumented",
        REAL_OPTION_DAT,
    ),
];
static LOG_USERNAME_BITS: &[BitInfo] = &[
    bit(
        0,
        "Log the user name of the enqueuing process",
        doc("AG63 gehgi"),
    ),
    bit(
        1,
        "Set (value 3) in working files; meaning undocumented",
        REAL_OPTION_DAT,
    ),
];
static LOG_QUEUE_TIME_BITS: &[BitInfo] = &[
    bit(
        0,
        "Log the time spent in the queue, in seconds",
        doc("AG63 geibc"),
    ),
    bit(
        1,
        "Set (value 3) in working files; meaning undocumented",
        REAL_OPTION_DAT,
    ),
];
static ACCESS_COUNTS_BITS: &[BitInfo] = &[
    bit(
        1,
        "Add recipient counts to ORIG_SEND_ACCESS probes",
        doc("AR63 acmkx"),
    ),
    bit(
        2,
        "Add recipient counts to SEND_ACCESS probes",
        doc("AR63 acmkx"),
    ),
    bit(
        3,
        "Add recipient counts to ORIG_MAIL_ACCESS probes",
        doc("AR63 acmkx"),
    ),
    bit(
        4,
        "Add recipient counts to MAIL_ACCESS probes",
        doc("AR63 acmkx"),
    ),
];
static ALIAS_DOMAINS_BITS: &[BitInfo] = &[
    bit(
        0,
        "Probe aliases with the bare local part",
        doc("WIKI Alias_domains"),
    ),
    bit(
        1,
        "Probe aliases with local@domain",
        doc("WIKI Alias_domains"),
    ),
    bit(
        2,
        "With bit 1: also probe wildcard *@domain forms",
        doc("WIKI Alias_domains"),
    ),
];
static RETURN_ENVELOPE_BITS: &[BitInfo] = &[
    bit(
        0,
        "Notifications come from postmaster rather than <>",
        doc("WIKI Return_envelope"),
    ),
    bit(
        1,
        "Replace an empty envelope From with postmaster",
        doc("WIKI Return_envelope"),
    ),
    bit(
        2,
        "Envelope From must rewrite to a known channel",
        doc("WIKI Return_envelope"),
    ),
    bit(
        3,
        "mailfromdnsverify for all channels",
        doc("WIKI Return_envelope"),
    ),
    bit(
        4,
        "Envelope From in a local domain must be an existing user",
        doc("WIKI Return_envelope"),
    ),
    bit(
        6,
        "With bit 3: also check for a null MX (8.0)",
        doc("WIKI Return_envelope"),
    ),
];
static USE_TEXT_DATABASES_BITS: &[BitInfo] = &[
    bit(
        0,
        "Use IMTA_TABLE:general.txt instead of the general database",
        doc("819-4432 geqlw"),
    ),
    bit(
        1,
        "Use reverse.txt instead of the reverse database",
        doc("819-4432 geqlw"),
    ),
    bit(
        2,
        "Use forward.txt instead of the forward database",
        doc("819-4432 geqlw"),
    ),
];
static CONVERSION_TAG_CASE_BITS: &[BitInfo] = &[
    bit(
        0,
        "Conversion tags are case-sensitive",
        doc("WIKI Conversion_tag_case"),
    ),
    bit(
        1,
        "Do not remove duplicate conversion tags",
        doc("WIKI Conversion_tag_case"),
    ),
];

pub static OPTIONS: &[OptionInfo] = &[
    // ---- §2A: details confirmed -------------------------------------------------------
    bits_opt(
        "ACCESS_COUNTS",
        Some("0"),
        ACCESS_COUNTS_BITS,
        "Add recipient counts to access mapping probes",
        doc("AR63 acmkx"),
    ),
    opt(
        "ACCESS_ERRORS",
        BOOL,
        Some("0"),
        "Pick the generic or the explicit text for $N access refusals",
        doc("AR05 acmkx"),
    ),
    opt(
        "ACCESS_ORCPT",
        BOOL,
        None,
        "Add the ORCPT value as an extra field to access mapping probes",
        doc("AR05 acmkx"),
    ),
    bits_opt(
        "ALIAS_DOMAINS",
        Some("1"),
        ALIAS_DOMAINS_BITS,
        "Which address forms are probed during alias lookups",
        doc("WIKI Alias_domains"),
    ),
    opt(
        "ALIAS_HASH_SIZE",
        ValueType::Int {
            min: Some(1),
            max: Some(1_000_000),
        },
        Some("256"),
        "Size of the alias hash table (grows automatically)",
        doc("WIKI Alias_hash_size"),
    ),
    opt(
        "ALIAS_MEMBER_SIZE",
        POSITIVE,
        Some("320"),
        "Size of the alias value index table",
        doc("SIMS doc106"),
    ),
    opt(
        "ALIAS_MAGIC",
        NON_NEGATIVE,
        Some("98764321"),
        "Digits giving the order of alias sources (restricted option)",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "BLOCK_LIMIT",
        POSITIVE,
        None,
        "Hard upper bound on message size in MTA blocks",
        doc("WIKI Block_limit"),
    ),
    opt(
        "BLOCK_SIZE",
        POSITIVE,
        Some("1024"),
        "Bytes per MTA block: unit of size limits and log sizes",
        doc("WIKI Block_limit"),
    ),
    opt(
        "BOUNCE_BLOCK_LIMIT",
        POSITIVE,
        None,
        "Bounces of messages above this size return only headers",
        unverified("PMDF book_833"),
    ),
    opt(
        "CACHE_DEBUG",
        BOOL,
        Some("0"),
        "Debug output for direct-LDAP result caching",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "AP_DEBUG",
        INT,
        Some("0"),
        "Address parser debugging (restricted; needs *_debug on channel)",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "CIRCUITCHECK_COMPLETED_BINS",
        ValueType::IntList { max: 8 },
        Some("120,300,900,1800,3600,7200,14400,28800"),
        "Circuit-check counter bins in seconds",
        doc("WIKI Counters group"),
    ),
    opt(
        "COMMENT_CHARS",
        STR,
        Some("{33, 59}"),
        "ASCII codes of comment characters for other MTA files",
        doc("WIKI Comment_chars"),
    ),
    opt(
        "CONTENT_RETURN_BLOCK_LIMIT",
        POSITIVE,
        None,
        "Above this size, bounces return only headers unless asked otherwise",
        doc("WIKI Content_return_block_limit"),
    ),
    opt(
        "DELIVERY_OPTIONS",
        LIST,
        None,
        "Maps mailDeliveryOption values to delivery address templates",
        doc("AG63 bgaih"),
    ),
    opt(
        "DEQUEUE_DEBUG",
        INT,
        Some("0"),
        "Debug output of the dequeue code",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "FILTER_DEBUG",
        INT,
        Some("0"),
        "Debug output of Sieve filter processing",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "LOG_DEBUG",
        INT,
        Some("0"),
        "Debug output of the transaction logging code",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "MM_DEBUG",
        INT,
        Some("0"),
        "Debug output of the message manager (enqueue) code",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "OS_DEBUG",
        INT,
        Some("0"),
        "Debug output of the operating system layer",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "RETURN_DEBUG",
        INT,
        Some("0"),
        "Debug output of the nightly return job",
        doc("WIKI Ap_debug group"),
    ),
    opt(
        "FORWARD_DATA_SIZE",
        POSITIVE,
        None,
        "Initial entries of the text forward database",
        doc("819-4432 geqlw"),
    ),
    opt(
        "GENERAL_DATA_SIZE",
        POSITIVE,
        None,
        "Initial entries of the text general database",
        doc("819-4432 geqlw"),
    ),
    opt(
        "REVERSE_DATA_SIZE",
        POSITIVE,
        None,
        "Initial entries of the text reverse database",
        doc("819-4432 geqlw"),
    ),
    opt(
        "HEADER_LIMIT",
        POSITIVE,
        None,
        "Largest primary header accepted; beats the headerlimit keyword",
        doc("AG63 bgaqj"),
    ),
    opt(
        "HISTORY_TO_RETURN",
        ValueType::Int {
            min: Some(1),
            max: Some(200),
        },
        Some("20"),
        "Delivery attempt records included in returned messages",
        unverified("PMDF book_832"),
    ),
    opt(
        "ID_DOMAIN",
        STR,
        None,
        "Domain used when building Message-IDs (default: local host)",
        doc("WIKI Id_domain"),
    ),
    opt(
        "LINE_LIMIT",
        POSITIVE,
        None,
        "Global upper bound on lines per message",
        doc("WIKI Blocklimit"),
    ),
    opt(
        "LINES_TO_RETURN",
        NON_NEGATIVE,
        Some("20"),
        "Body lines quoted in non-NOTARY returns (0: header only)",
        unverified("PMDF book_832"),
    ),
    opt(
        "LDAP_BLOCKLIMIT",
        ATTR,
        Some("mailMsgMaxBlocks"),
        "Attribute holding a user's or group's size limit",
        doc("819-4437 gahix"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_BLOCKLIMIT",
        ATTR,
        Some("mailDomainMsgMaxBlocks"),
        "Attribute holding a domain's size limit",
        doc("819-4437 gahii"),
    ),
    opt(
        "LDAP_DELIVERY_OPTION",
        ATTR,
        Some("mailDeliveryOption"),
        "Attribute read for delivery options",
        doc("AG63 bgaih"),
    ),
    opt(
        "LDAP_OPTIN",
        ATTR,
        None,
        "User attribute that opts in to spam filter 1",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "LDAP_OPTIN#",
        ATTR,
        None,
        "User attribute that opts in to spam filter #",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_OPTIN",
        ATTR,
        None,
        "Domain attribute that opts in to spam filter 1",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_OPTIN#",
        ATTR,
        None,
        "Domain attribute that opts in to spam filter #",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "LDAP_SOURCE_OPTIN#",
        ATTR,
        None,
        "Attribute for source-based opt-in to spam filter #",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "LDAP_USERNAME",
        STR,
        None,
        "Bind DN for the MTA's LDAP lookups (overrides ugldapbinddn)",
        doc("WIKI Ugldapbinddn"),
    ),
    opt(
        "MAX_HEADER_BLOCK_USE",
        UNKNOWN,
        None,
        "Share of the header block limit used to trigger fragmentation",
        doc("WIKI Block_limit"),
    ),
    opt(
        "MAX_HEADER_LINE_USE",
        UNKNOWN,
        None,
        "Share of the header line limit used to trigger fragmentation",
        doc("WIKI Block_limit"),
    ),
    opt(
        "MAX_LOCAL_RECEIVED_LINES",
        POSITIVE,
        None,
        "Local Received: count at which a message counts as looping",
        unverified("PMDF book_t54"),
    ),
    opt(
        "MAX_RECEIVED_LINES",
        POSITIVE,
        None,
        "Received: count at which a message is held as looping",
        unverified("PMDF book_t54"),
    ),
    opt(
        "MAX_TOTAL_RECEIVED_LINES",
        POSITIVE,
        None,
        "Total Received: count at which a message counts as looping",
        unverified("PMDF book_t54"),
    ),
    opt(
        "NON_URGENT_BLOCK_LIMIT",
        POSITIVE,
        None,
        "Global size (blocks) above which non-urgent mail is downgraded",
        doc("WIKI Block_limit"),
    ),
    opt(
        "NORMAL_BLOCK_LIMIT",
        POSITIVE,
        None,
        "Global size (blocks) above which normal mail becomes non-urgent",
        doc("WIKI Block_limit"),
    ),
    opt(
        "URGENT_BLOCK_LIMIT",
        POSITIVE,
        None,
        "Global size (blocks) above which urgent mail becomes normal",
        doc("WIKI Block_limit"),
    ),
    opt(
        "RECEIVED_DOMAIN",
        STR,
        None,
        "Domain named in the SMTP server's Received: lines",
        doc("WIKI Received_domain"),
    ),
    bits_opt(
        "RETURN_ENVELOPE",
        Some("0"),
        RETURN_ENVELOPE_BITS,
        "Controls on notification envelopes and envelope From checks",
        doc("WIKI Return_envelope"),
    ),
    opt(
        "RETURN_UNITS",
        BOOL,
        Some("0"),
        "Unit of notices ages: 0 days, 1 hours",
        doc("WIKI Notices"),
    ),
    opt(
        "SEPARATE_CONNECTION_LOG",
        BOOL,
        Some("0"),
        "Write connection entries to connection.log* instead of mail.log*",
        doc("AG05 fxbve"),
    ),
    opt(
        "SNDOPR_PRIORITY",
        ValueType::Int {
            min: Some(0),
            max: Some(127),
        },
        Some("5"),
        "Syslog priority and facility for MTA event notices",
        doc("WIKI Sndopr_priority"),
    ),
    opt(
        "SPAMFILTER#?_LIBRARY",
        PATH,
        None,
        "Shared library of spam filter package n (no n means 1)",
        doc("AG05 fxbrs"),
    ),
    opt(
        "SPAMFILTER#?_CONFIG_FILE",
        PATH,
        None,
        "Configuration file of spam filter package n",
        doc("AG05 fxbrs"),
    ),
    opt(
        "SPAMFILTER#?_OPTIONAL",
        INT,
        None,
        "1: carry on when the filter fails; +-2 also logs to syslog",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "SPAMFILTER#?_STRING_ACTION",
        STR,
        None,
        "Sieve action taken when the verdict is a string",
        doc("AG05 bgasr"),
    ),
    opt(
        "SPAMFILTER#?_NULL_ACTION",
        STR,
        None,
        "Sieve action taken when the verdict is empty",
        doc("AG05 bgasr"),
    ),
    opt(
        "SPAMFILTER#?_VERDICT_#",
        STR,
        None,
        "A verdict value that gets its own action",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "SPAMFILTER#?_ACTION_#",
        STR,
        None,
        "Sieve action for the verdict with the same number",
        doc("WIKI Spamfilter"),
    ),
    opt(
        "STRING_POOL_SIZE",
        POSITIVE,
        None,
        "Initial size of the main string pool",
        doc("WIKI Internal_size"),
    ),
    opt(
        "STRING_POOL_SIZE_#",
        POSITIVE,
        None,
        "Initial size of string pool # (3: text database templates)",
        doc("819-4432 geqlw"),
    ),
    bits_opt(
        "USE_TEXT_DATABASES",
        Some("0"),
        USE_TEXT_DATABASES_BITS,
        "Load text files instead of the general/reverse/forward databases",
        doc("819-4432 geqlw"),
    ),
    // ---- §3: transaction logging -----------------------------------------------------------
    bits_opt(
        "LOG_CONNECTION",
        Some("0"),
        LOG_CONNECTION_BITS,
        "What connection information is logged",
        doc("WIKI Log_* group"),
    ),
    opt(
        "LOG_CONNECTIONS_SYSLOG",
        SYSLOG_LEVEL,
        Some("0"),
        "Copy connection entries to syslog at this level (sign: unverified)",
        doc("WIKI Log_* group"),
    ),
    bits_opt(
        "LOG_DIAGNOSTICS",
        Some("1"),
        LOG_DIAGNOSTICS_BITS,
        "Whether SMTP diagnostics are logged (7.0-3.01+)",
        doc("WIKI Log_diagnostics"),
    ),
    opt(
        "LOG_ENVELOPE_ID",
        BOOL,
        Some("0"),
        "Log the NOTARY envelope id",
        doc("AG63 gehgi"),
    ),
    bits_opt(
        "LOG_FILENAME",
        Some("0"),
        LOG_FILENAME_BITS,
        "Log the queue file name (shows retries and splits)",
        doc("AG05 auto66"),
    ),
    opt(
        "LOG_FILTER",
        BOOL,
        Some("0"),
        "Log the actions of Sieve filters",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_FORMAT",
        ValueType::Int {
            min: Some(1),
            max: Some(6),
        },
        Some("1"),
        "Log layout: 1 plain .. 4 XML, 5 JSON, 6 flat JSON",
        doc("WIKI Log_format"),
    ),
    opt(
        "LOG_HEADER",
        NON_NEGATIVE,
        Some("0"),
        "Enable header logging (headers chosen in log_headers.opt)",
        doc("WIKI Logging"),
    ),
    opt(
        "LOG_HEADER_OPTIONS",
        UNKNOWN,
        None,
        "Later refinement of header logging; semantics unknown",
        doc("WIKI Transaction_logging"),
    ),
    opt(
        "LOG_HEADERS_MAXCHARS",
        UNKNOWN,
        None,
        "Later refinement of header logging; semantics unknown",
        doc("WIKI Transaction_logging"),
    ),
    bits_opt(
        "LOG_INTERMEDIATE",
        Some("0"),
        LOG_INTERMEDIATE_BITS,
        "Log intermediate (and initial) address forms",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_LOCAL",
        BOOL,
        Some("0"),
        "Qualify logged addresses lacking a domain (meaning unverified)",
        doc("WIKI Log_* group"),
    ),
    bits_opt(
        "LOG_MESSAGE_ID",
        Some("0"),
        LOG_MESSAGE_ID_BITS,
        "Log the Message-ID to tie entries of one message together",
        doc("AG05 auto66"),
    ),
    opt(
        "LOG_MESSAGES_SYSLOG",
        SYSLOG_LEVEL,
        Some("0"),
        "Copy message entries to syslog; negative drops mail.log entries",
        doc("AG63 bgbex"),
    ),
    opt(
        "LOG_NODE",
        BOOL,
        Some("0"),
        "Log the node name (UNIX: effective from 6.3)",
        doc("WIKI Log_node"),
    ),
    opt(
        "LOG_NOTARY",
        BOOL,
        Some("0"),
        "Log NOTARY recipient flags",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_PRIORITY",
        BOOL,
        Some("0"),
        "Log the message priority",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_PROCESS",
        BOOL,
        Some("0"),
        "Log process and thread ids to match O/C and E/D entries",
        doc("WIKI Log_process"),
    ),
    bits_opt(
        "LOG_QUEUE_TIME",
        Some("0"),
        LOG_QUEUE_TIME_BITS,
        "Log how long the message waited in the queue",
        doc("AG63 geibc"),
    ),
    bits_opt(
        "LOG_REASON",
        Some("0"),
        LOG_REASON_BITS,
        "Log rejection reasons (6.3+)",
        doc("WIKI Log_reason"),
    ),
    bits_opt(
        "LOG_REMOTE_MTA",
        Some("0"),
        LOG_REMOTE_MTA_BITS,
        "Log the remote MTA as a separate field",
        doc("WIKI Log_remote_mta"),
    ),
    opt(
        "LOG_SENSITIVITY",
        BOOL,
        Some("0"),
        "Log the Sensitivity header",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_SNDOPR",
        BOOL,
        Some("0"),
        "Syslog a notice when logging or counter updates fail",
        doc("WIKI Sndopr_priority"),
    ),
    bits_opt(
        "LOG_USERNAME",
        Some("0"),
        LOG_USERNAME_BITS,
        "Log the user that enqueued the message",
        doc("AG63 gehgi"),
    ),
    opt(
        "LOG_AUTH",
        UNKNOWN,
        Some("0"),
        "Authentication logging (7.0.5+); semantics unknown",
        doc("WIKI Log_format"),
    ),
    opt(
        "LOG_DELIVERY_FLAGS",
        UNKNOWN,
        Some("0"),
        "Delivery flag logging (7.0.5+); semantics unknown",
        doc("WIKI Log_format"),
    ),
    opt(
        "LOG_IMAP_FLAGS",
        UNKNOWN,
        Some("0"),
        "IMAP flag logging (7.0.5+); semantics unknown",
        doc("WIKI Log_format"),
    ),
    opt(
        "LOG_DELAY_BINS",
        ValueType::IntList { max: 5 },
        Some("60,600,6000,60000,600000"),
        "Delivery delay counter bins in seconds",
        doc("WIKI Counters group"),
    ),
    opt(
        "LOG_SIZE_BINS",
        ValueType::IntList { max: 5 },
        None,
        "Message size counter bins",
        doc("WIKI Counters group"),
    ),
    opt(
        "LOG_FRUSTRATION_LIMIT",
        NON_NEGATIVE,
        Some("100"),
        "Failed counter updates after which a process gives up",
        doc("WIKI Counters group"),
    ),
    opt(
        "LOG_STATISTICS",
        UNKNOWN,
        None,
        "Counter related; semantics unknown",
        doc("WIKI Counters group"),
    ),
    opt(
        "LOG_ALQ",
        UNKNOWN,
        None,
        "OpenVMS only: log file allocation quantity",
        unverified("PMDF book_834"),
    ),
    opt(
        "LOG_DEQ",
        UNKNOWN,
        None,
        "OpenVMS only: log file extension quantity",
        unverified("PMDF book_834"),
    ),
    // ---- §2B: names confirmed ------------------------------------------------------------
    opt(
        "CHANNEL_TABLE_SIZE",
        POSITIVE,
        None,
        "Internal table size: channels",
        doc("WIKI Internal_size"),
    ),
    opt(
        "CIRCUITCHECK_PATHS_SIZE",
        POSITIVE,
        None,
        "Internal table size: circuit-check paths",
        doc("WIKI Internal_size"),
    ),
    opt(
        "CONVERSION_SIZE",
        POSITIVE,
        None,
        "Internal table size: conversion entries",
        doc("WIKI Internal_size"),
    ),
    opt(
        "DOMAIN_HASH_SIZE",
        POSITIVE,
        None,
        "Internal table size: rewrite rule hash",
        doc("WIKI Internal_size"),
    ),
    opt(
        "FILE_MEMBER_SIZE",
        POSITIVE,
        None,
        "Internal table size: file members",
        doc("WIKI Internal_size"),
    ),
    opt(
        "FRUITS_SIZE",
        POSITIVE,
        None,
        "Internal table size (FRUITS)",
        doc("WIKI Internal_size"),
    ),
    opt(
        "HOST_HASH_SIZE",
        POSITIVE,
        None,
        "Internal table size: channel host names hash",
        doc("WIKI Internal_size"),
    ),
    opt(
        "LDAP_ATTR_NAME_HASH_SIZE",
        POSITIVE,
        None,
        "Internal table size: LDAP attribute names",
        doc("WIKI Internal_size"),
    ),
    opt(
        "LDAP_OBJECT_CLASS_HASH_SIZE",
        POSITIVE,
        None,
        "Internal table size: LDAP object classes",
        doc("WIKI Internal_size"),
    ),
    opt(
        "MAP_NAMES_SIZE",
        POSITIVE,
        None,
        "Internal table size: mapping table names",
        doc("WIKI Internal_size"),
    ),
    opt(
        "OPTIONS_HASH_SIZE",
        POSITIVE,
        None,
        "Internal table size: options",
        doc("WIKI Internal_size"),
    ),
    opt(
        "WILD_POOL_SIZE",
        POSITIVE,
        None,
        "Internal table size: wildcard pattern pool",
        doc("WIKI Internal_size"),
    ),
    opt(
        "MAX_HEADER_BLOCKS",
        POSITIVE,
        None,
        "Header size (blocks) that triggers special handling",
        doc("WIKI Block_limit"),
    ),
    opt(
        "MAX_HEADER_LINES",
        POSITIVE,
        None,
        "Header length (lines) that triggers special handling",
        doc("WIKI Block_limit"),
    ),
    opt(
        "MAX_MIME_LEVELS",
        POSITIVE,
        None,
        "Deepest MIME nesting that is processed",
        doc("WIKI Block_limit"),
    ),
    opt(
        "MAX_MIME_PARTS",
        POSITIVE,
        None,
        "Most MIME parts that are processed",
        doc("WIKI Block_limit"),
    ),
    opt(
        "SNDOPR_PREFIX",
        STR,
        None,
        "Text put in front of MTA syslog notices",
        doc("WIKI Sndopr_priority"),
    ),
    opt(
        "HELD_SNDOPR",
        UNKNOWN,
        None,
        "Syslog a notice when a message is held",
        doc("WIKI Sndopr_priority"),
    ),
    opt(
        "ENABLE",
        BOOL,
        None,
        "Unified Configuration switch mta.enable; legacy use unclear",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "ALIAS_CASE",
        UNKNOWN,
        None,
        "Case handling of alias lookups (restricted)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "ALTERNATE_RECIPIENT",
        STR,
        None,
        "Alternate recipient address (8.0.1+)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "ALTERNATE_RECIPIENT_MODE",
        UNKNOWN,
        None,
        "When the alternate recipient is used (8.0.1+)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "DELIMITER_CHAR",
        STR,
        None,
        "Subaddress delimiter character (7.0+, restricted)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "EXPROUTE_FORWARD",
        UNKNOWN,
        None,
        "Whether explicit routing also applies to forward-pointing addresses",
        doc("AG05 auto6"),
    ),
    opt(
        "IDN_CONFIG_FILE",
        PATH,
        None,
        "Internationalised domain name configuration (8.0.2+)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "IMPROUTE_FORWARD",
        UNKNOWN,
        None,
        "Whether implicit routing also applies to forward-pointing addresses",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "LOCAL_FORMAT_RESTRICTIONS",
        UNKNOWN,
        None,
        "Restrictions on local address formats",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "MAX_ALIAS_LEVELS",
        POSITIVE,
        None,
        "Deepest alias nesting (name truncated in the source)",
        doc("WIKI MTA_options_by_functional_group"),
    ),
    opt(
        "ALIAS_URL0",
        STR,
        None,
        "LDAP URL for alias lookups (digit 6 in ALIAS_MAGIC)",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "ALIAS_URL1",
        STR,
        None,
        "LDAP URL for alias lookups (digit 7 in ALIAS_MAGIC)",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "ALIAS_URL2",
        STR,
        None,
        "LDAP URL for alias lookups (digit 8 in ALIAS_MAGIC)",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "ALIAS_URL3",
        STR,
        None,
        "LDAP URL for alias lookups (digit 9 in ALIAS_MAGIC)",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "DIRSYNC_HACK",
        BOOL,
        None,
        "Directory synchronisation mode; changes the ALIAS_MAGIC default",
        doc("WIKI Alias_magic"),
    ),
    opt(
        "ALIAS_ENTRY_CACHE_SIZE",
        POSITIVE,
        None,
        "Entries kept in the alias lookup cache",
        doc("AG05 auto2"),
    ),
    opt(
        "ALIAS_ENTRY_CACHE_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Lifetime of alias cache entries",
        doc("AG05 auto2"),
    ),
    opt(
        "LDAP_ADD_HEADER",
        ATTR,
        None,
        "Attribute naming a header to add",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_ADD_TAG",
        ATTR,
        None,
        "Attribute naming a tag to add",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_ALIAS_ADDRESSES",
        ATTR,
        None,
        "Attribute holding alias addresses",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_ATTR_DOMAIN1_SCHEMA2",
        ATTR,
        None,
        "Domain attribute for schema 2 (first form)",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_ATTR_DOMAIN2_SCHEMA2",
        ATTR,
        None,
        "Domain attribute for schema 2 (second form)",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_ATTR_MAXIMUM_MESSAGE_SIZE",
        ATTR,
        None,
        "Attribute holding a maximum message size",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_AUTH_DOMAIN",
        ATTR,
        None,
        "Attribute used for the authentication domain",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_AUTH_PASSWORD",
        ATTR,
        None,
        "Attribute holding the authentication password",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_AUTH_POLICY",
        ATTR,
        None,
        "Attribute holding the authentication policy",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_AUTH_URL",
        STR,
        None,
        "LDAP URL used for authentication lookups",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_AUTOREPLY_TEXT",
        ATTR,
        None,
        "Attribute holding the autoreply text",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_CANT_DOMAIN",
        ATTR,
        None,
        "Attribute used for the canonical domain",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_CANT_URL",
        STR,
        None,
        "LDAP URL used for canonical lookups",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_CONVERSION_TAG",
        ATTR,
        None,
        "Attribute holding conversion tags",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DELIVERY_FILE",
        ATTR,
        None,
        "Attribute holding a delivery file",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DISK_QUOTA",
        ATTR,
        None,
        "Attribute holding the disk quota",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_ALIAS",
        ATTR,
        None,
        "Domain attribute holding domain aliases",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_AUTOREPLY_TIMEOUT",
        ATTR,
        None,
        "Domain attribute holding the autoreply timeout",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_BASEDN",
        ATTR,
        None,
        "Domain attribute holding the user base DN",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_CANONICAL",
        ATTR,
        None,
        "Domain attribute holding the canonical domain",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_CATCHALL_ADDRESS",
        ATTR,
        None,
        "Domain attribute holding the catch-all address",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_CONVERSION_TAG",
        ATTR,
        None,
        "Domain attribute holding conversion tags",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_DISK_QUOTA",
        ATTR,
        None,
        "Domain attribute holding the disk quota",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_FILTER",
        ATTR,
        None,
        "Domain attribute holding a Sieve filter",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_MAIL_STATUS",
        ATTR,
        None,
        "Domain attribute holding the mail status",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_MESSAGE_QUOTA",
        ATTR,
        None,
        "Domain attribute holding the message quota (name cut in source)",
        doc("AG05 auto13"),
    ),
    opt(
        "LDAP_SOURCEBLOCKLIMIT",
        ATTR,
        None,
        "Attribute holding a user's sending size limit",
        doc("AG05 bgaqd"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_SOURCEBLOCKLIMIT",
        ATTR,
        None,
        "Domain attribute holding the sending size limit",
        doc("AG05 bgaqd"),
    ),
    opt(
        "LDAP_MAXIMUM_MESSAGE_SIZE",
        ATTR,
        None,
        "Attribute holding a maximum message size",
        doc("AG05 bgaqd"),
    ),
    opt(
        "LDAP_SPARE_#",
        ATTR,
        None,
        "Spare attribute # made available to lookups",
        doc("WIKI Alias_spare"),
    ),
    opt(
        "LDAP_DETOURHOST_OPTIN",
        ATTR,
        None,
        "Attribute opting a user in to the detour host",
        doc("WIKI Ldap_domain_attr_detourhostoptin"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_DETOURHOSTOPTIN",
        ATTR,
        None,
        "Domain attribute opting in to the detour host (7.0.5)",
        doc("WIKI Ldap_domain_attr_detourhostoptin"),
    ),
    opt(
        "ALIASDETOURHOST_NULL_OPTIN",
        UNKNOWN,
        None,
        "Detour host opt-in when no attribute value is present",
        doc("WIKI Ldap_domain_attr_detourhostoptin"),
    ),
    opt(
        "LDAP_DOMAIN_ATTR_REPORT_ADDRESS",
        ATTR,
        None,
        "Domain attribute holding the report address",
        doc("WIKI Notification_message"),
    ),
    opt(
        "LDAP_DEFAULT_DOMAIN",
        STR,
        None,
        "Default domain for directory lookups",
        doc("WIKI Received_domain"),
    ),
    bits_opt(
        "CONVERSION_TAG_CASE",
        Some("0"),
        CONVERSION_TAG_CASE_BITS,
        "Case sensitivity and de-duplication of conversion tags",
        doc("WIKI Conversion_tag_case"),
    ),
    opt(
        "MAX_NOTIFYS",
        POSITIVE,
        None,
        "Limit related to notification messages (seen in a working file)",
        REAL_OPTION_DAT,
    ),
    opt(
        "ENABLE_SIEVE_BODY",
        BOOL,
        None,
        "Allow Sieve body tests",
        REAL_OPTION_DAT_COMMENTED,
    ),
    opt(
        "DISABLE_DELIVERY_RECEIPT",
        BOOL,
        None,
        "Ignore delivery receipt requests",
        unverified("PMDF book_832"),
    ),
    opt(
        "VACATION_TEMPLATE",
        PATH,
        None,
        "Where vacation (autoreply) state files are kept",
        doc("AG05 auto22"),
    ),
    opt(
        "VACATION_CLEANUP",
        UNKNOWN,
        None,
        "Cleanup of vacation state files",
        doc("AG05 auto22"),
    ),
    opt(
        "MAX_MR_RECEIVED_LINES",
        POSITIVE,
        None,
        "PMDF: loop limit on MR Received lines",
        unverified("PMDF book_t54"),
    ),
    opt(
        "MAX_X400_RECEIVED_LINES",
        POSITIVE,
        None,
        "PMDF: loop limit on X.400 Received lines",
        unverified("PMDF book_t54"),
    ),
    opt(
        "DEBUG_FLUSH",
        UNKNOWN,
        None,
        "Flush debug output at once (7.0.5+)",
        doc("WIKI Dispatcher_debugging"),
    ),
    // ---- seen only in working files ---------------------------------------------------------
    opt(
        "LANGDIR",
        PATH,
        None,
        "Directory of localized notification texts",
        REAL_OPTION_DAT,
    ),
    opt(
        "FILTER_DISCARD",
        INT,
        None,
        "Handling of messages discarded by filters",
        REAL_OPTION_DAT,
    ),
    opt(
        "MAX_SIEVE_STRING_SIZE",
        POSITIVE,
        None,
        "Largest string a Sieve script may use",
        REAL_OPTION_DAT_COMMENTED,
    ),
    opt(
        "LDAP_USE_ASYNC",
        INT,
        None,
        "Asynchronous LDAP lookups (bit mask)",
        REAL_OPTION_DAT_COMMENTED,
    ),
    opt(
        "SPARE_#_SEPARATOR",
        INT,
        None,
        "Separator character code for spare attribute #",
        REAL_OPTION_DAT_COMMENTED,
    ),
    // ---- §2C: recalled, unconfirmed ----------------------------------------------------------
    opt(
        "LDAP_HOST",
        STR,
        None,
        "Directory server host name(s)",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_PORT",
        ValueType::Port,
        None,
        "Directory server port",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_PASSWORD",
        STR,
        None,
        "Password for the MTA's LDAP bind",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Time limit for LDAP operations",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_USER_ROOT",
        STR,
        None,
        "Base DN of user entries",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ROOT",
        STR,
        None,
        "Base DN of domain entries",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_BASEDN",
        STR,
        None,
        "Base DN for directory lookups",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_SCHEMALEVEL",
        NON_NEGATIVE,
        None,
        "Directory schema level in use (1 or 2)",
        REAL_OPTION_DAT,
    ),
    opt(
        "LDAP_GLOBAL_CONFIG_TEMPLATES",
        STR,
        None,
        "DN of the global configuration templates",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_FILTER_SCHEMA1",
        STR,
        None,
        "LDAP filter locating domains with schema 1",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_FILTER_SCHEMA2",
        STR,
        None,
        "LDAP filter locating domains with schema 2",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_PRIMARY_ADDRESS",
        ATTR,
        None,
        "Attribute holding the primary address",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_EQUIVALENCE_ADDRESSES",
        ATTR,
        None,
        "Attribute holding equivalent addresses",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_FORWARDING_ADDRESS",
        ATTR,
        None,
        "Attribute holding forwarding addresses",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_MAILHOST",
        ATTR,
        None,
        "Attribute holding the user's mail host",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_ROUTING_ADDRESS",
        ATTR,
        None,
        "Attribute holding the routing address",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_PERSONAL_NAME",
        ATTR,
        None,
        "Attribute holding the personal name",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_PROGRAM_INFO",
        ATTR,
        None,
        "Attribute holding program delivery data",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_UID",
        ATTR,
        None,
        "Attribute holding the user id",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_USER_STATUS",
        ATTR,
        None,
        "Attribute holding the user's mail status",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_USER_OBJECT_CLASSES",
        STR,
        None,
        "Object classes that mark user entries",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_GROUP_OBJECT_CLASSES",
        STR,
        None,
        "Object classes that mark group entries",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_AUTOREPLY_ADDRESSES",
        ATTR,
        None,
        "Attribute holding autoreply addresses",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_AUTOREPLY_MODE",
        ATTR,
        None,
        "Attribute holding the autoreply mode",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_AUTOREPLY_SUBJECT",
        ATTR,
        None,
        "Attribute holding the autoreply subject",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_AUTOREPLY_TEXT_INT",
        ATTR,
        None,
        "Attribute holding the internal autoreply text",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_AUTOREPLY_TIMEOUT",
        ATTR,
        None,
        "Attribute holding the autoreply timeout",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_START_DATE",
        ATTR,
        None,
        "Attribute holding the autoreply start date",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_END_DATE",
        ATTR,
        None,
        "Attribute holding the autoreply end date",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_CAPTURE",
        ATTR,
        None,
        "Attribute holding a message capture address",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_RECIPIENTLIMIT",
        ATTR,
        None,
        "Attribute holding a recipient limit",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_RECIPIENTCUTOFF",
        ATTR,
        None,
        "Attribute holding a recipient cutoff",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_REJECT_ACTION",
        ATTR,
        None,
        "Attribute holding the reject action",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_REJECT_TEXT",
        ATTR,
        None,
        "Attribute holding the reject text",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_NOSOLICIT",
        ATTR,
        None,
        "Attribute holding NO-SOLICIT values",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_SOURCE_CONVERSION_TAG",
        ATTR,
        None,
        "Attribute holding source conversion tags",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_CATCHALL_MAPPING",
        ATTR,
        None,
        "Domain attribute naming a catch-all mapping",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_NOSOLICIT",
        ATTR,
        None,
        "Domain attribute holding NO-SOLICIT values",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_RECIPIENTLIMIT",
        ATTR,
        None,
        "Domain attribute holding a recipient limit",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_RECIPIENTCUTOFF",
        ATTR,
        None,
        "Domain attribute holding a recipient cutoff",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_ROUTING_HOSTS",
        ATTR,
        None,
        "Domain attribute holding routing hosts",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_SMARTHOST",
        ATTR,
        None,
        "Domain attribute holding the smart host",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_STATUS",
        ATTR,
        None,
        "Domain attribute holding the domain status",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_UID_SEPARATOR",
        ATTR,
        None,
        "Domain attribute holding the uid separator",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_UPLEVEL",
        ATTR,
        None,
        "Domain attribute holding the uplevel setting",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_DOMAIN_ATTR_SOURCE_CONVERSION_TAG",
        ATTR,
        None,
        "Domain attribute holding source conversion tags",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_SOURCE_OPTIN",
        ATTR,
        None,
        "Attribute for source-based opt-in to spam filter 1",
        UNVERIFIED_2C,
    ),
    opt(
        "ALIAS_ENTRY_CACHE_NEGATIVE",
        UNKNOWN,
        None,
        "Whether failed alias lookups are cached",
        UNVERIFIED_2C,
    ),
    opt(
        "DOMAIN_FAILURE",
        STR,
        None,
        "Rewrite used when a domain lookup fails",
        UNVERIFIED_2C,
    ),
    opt(
        "DOMAIN_MATCH_CACHE_SIZE",
        POSITIVE,
        None,
        "Entries in the domain match cache",
        UNVERIFIED_2C,
    ),
    opt(
        "DOMAIN_MATCH_CACHE_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Lifetime of domain match cache entries",
        UNVERIFIED_2C,
    ),
    opt(
        "DOMAIN_MATCH_URL",
        STR,
        None,
        "LDAP URL used to recognise hosted domains",
        UNVERIFIED_2C,
    ),
    opt(
        "DOMAIN_UPLEVEL",
        UNKNOWN,
        None,
        "Whether parent domains match hosted subdomains",
        UNVERIFIED_2C,
    ),
    opt(
        "REVERSE_ADDRESS_CACHE_SIZE",
        POSITIVE,
        None,
        "Entries in the reverse address cache",
        UNVERIFIED_2C,
    ),
    opt(
        "REVERSE_ADDRESS_CACHE_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Lifetime of reverse address cache entries",
        UNVERIFIED_2C,
    ),
    opt(
        "LDAP_GROUP_URL#",
        STR,
        None,
        "LDAP URL used when expanding group members (1 and 2)",
        unverified("recollection of MS 6 group expansion, not in the spec"),
    ),
    opt(
        "REVERSE_URL",
        STR,
        None,
        "LDAP URL for reverse address lookups",
        REAL_OPTION_DAT,
    ),
    opt(
        "URL_RESULT_CACHE_SIZE",
        POSITIVE,
        None,
        "Entries in the URL result cache",
        UNVERIFIED_2C,
    ),
    opt(
        "URL_RESULT_CACHE_TIMEOUT",
        NON_NEGATIVE,
        None,
        "Lifetime of URL result cache entries",
        UNVERIFIED_2C,
    ),
    opt(
        "ROUTE_TO_ROUTING_HOST",
        UNKNOWN,
        None,
        "Route mail to the mail host named in the directory",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_ALIAS_DATABASE",
        UNKNOWN,
        None,
        "Whether the alias database is consulted",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_DOMAIN_DATABASE",
        UNKNOWN,
        None,
        "Whether the domain database is consulted",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_REVERSE_DATABASE",
        UNKNOWN,
        None,
        "Whether and how the reverse database is consulted",
        UNVERIFIED_2C,
    ),
    opt(
        "DEFER_GROUP_PROCESSING",
        UNKNOWN,
        None,
        "Defer expansion of LDAP groups",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_ACCESS_FAILURE",
        STR,
        None,
        "SMTP error text: access failure",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_ALIAS_AUTH",
        STR,
        None,
        "SMTP error text: not authorised for this alias",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_ALIAS_FAILURE",
        STR,
        None,
        "SMTP error text: alias lookup failure",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_ALIAS_LOOP",
        STR,
        None,
        "SMTP error text: alias loop",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_DISABLED_ALIAS",
        STR,
        None,
        "SMTP error text: disabled alias",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_DISABLED_USER",
        STR,
        None,
        "SMTP error text: disabled user",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_DUPLICATE_ADDR",
        STR,
        None,
        "SMTP error text: duplicate address",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_INVALID_RETURN_ADDRESS",
        STR,
        None,
        "SMTP error text: bad return address",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_MAILFROMDNSVERIFY",
        STR,
        None,
        "SMTP error text: sender domain not in DNS",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_NOSOLICIT",
        STR,
        None,
        "SMTP error text: NO-SOLICIT refusal",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_OVER_QUOTA",
        STR,
        None,
        "SMTP error text: recipient over quota",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_PERMANENT_FAILURE",
        STR,
        None,
        "SMTP error text: permanent failure",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_SOURCE_SIEVE_ACCESS",
        STR,
        None,
        "SMTP error text: source Sieve access failure",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_SOURCE_SIEVE_AUTHORIZATION",
        STR,
        None,
        "SMTP error text: source Sieve not authorised",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_SOURCE_SIEVE_SYNTAX",
        STR,
        None,
        "SMTP error text: source Sieve syntax error",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_TEMPORARY_FAILURE",
        STR,
        None,
        "SMTP error text: temporary failure",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_TEMPORARY_WRITE_ERROR",
        STR,
        None,
        "SMTP error text: temporary write error",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_TRANSACTION_LIMIT_EXCEEDED",
        STR,
        None,
        "SMTP error text: too many transactions",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_UNKNOWN_ALIAS",
        STR,
        None,
        "SMTP error text: unknown alias",
        UNVERIFIED_2C,
    ),
    opt(
        "ERROR_TEXT_UNKNOWN_USER",
        STR,
        None,
        "SMTP error text: unknown user",
        UNVERIFIED_2C,
    ),
    opt(
        "RETURN_ADDRESS",
        STR,
        None,
        "Sender address of MTA notifications",
        UNVERIFIED_2C,
    ),
    opt(
        "RETURN_PERSONAL",
        STR,
        None,
        "Personal name on MTA notifications",
        UNVERIFIED_2C,
    ),
    opt(
        "RETURN_DELIVERY_HISTORY",
        UNKNOWN,
        None,
        "Whether delivery history goes into notifications",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_ERRORS_TO",
        UNKNOWN,
        None,
        "Whether Errors-to: headers are honoured",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_WARNINGS_TO",
        UNKNOWN,
        None,
        "Whether Warnings-to: headers are honoured",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_ORIG_RETURN",
        UNKNOWN,
        None,
        "Use the original return address for notifications",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_CANONICAL_RETURN",
        UNKNOWN,
        None,
        "Use the canonical return address for notifications",
        UNVERIFIED_2C,
    ),
    opt(
        "USE_PERMANENT_ERROR",
        UNKNOWN,
        None,
        "Which failures count as permanent",
        UNVERIFIED_2C,
    ),
    opt(
        "NOTARY_DECODE",
        UNKNOWN,
        None,
        "Decoding of NOTARY parameters",
        UNVERIFIED_2C,
    ),
    opt(
        "MISSING_RECIPIENT_POLICY",
        INT,
        None,
        "Global form of the missingrecipientpolicy keyword",
        UNVERIFIED_2C,
    ),
    opt(
        "INCLUDE_CONVERSIONTAG",
        UNKNOWN,
        None,
        "Which conversion tags are included in probes",
        UNVERIFIED_2C,
    ),
    opt(
        "RECEIVED_VERSION",
        STR,
        None,
        "Version text in Received: headers",
        UNVERIFIED_2C,
    ),
    opt(
        "SUBADDRESS_CHAR",
        UNKNOWN,
        None,
        "Character that starts a subaddress",
        UNVERIFIED_2C,
    ),
    opt(
        "MAX_INTERNAL_BLOCKS",
        POSITIVE,
        None,
        "Message size kept in memory before spilling to disk",
        UNVERIFIED_2C,
    ),
    opt(
        "POST_DEBUG",
        INT,
        None,
        "Debug output of the periodic delivery job",
        UNVERIFIED_2C,
    ),
    opt(
        "DEQUEUE_MAP",
        UNKNOWN,
        None,
        "Whether the dequeue mapping is used",
        UNVERIFIED_2C,
    ),
    opt(
        "SPAMFILTER#?_FIELD",
        STR,
        None,
        "Header field a spam filter works on",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_LIBRARY",
        PATH,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_LIBRARY",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_CONFIG_FILE",
        PATH,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_CONFIG_FILE",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_OPTIONAL",
        INT,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_OPTIONAL",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_STRING_ACTION",
        STR,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_STRING_ACTION",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_NULL_ACTION",
        STR,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_NULL_ACTION",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_VERDICT_#",
        STR,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_VERDICT_#",
        UNVERIFIED_2C,
    ),
    opt(
        "BRIGHTMAIL_ACTION_#",
        STR,
        None,
        "Pre-6.2 spelling of SPAMFILTER1_ACTION_#",
        UNVERIFIED_2C,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_case_insensitively() {
        let mut seen = HashSet::new();
        for o in OPTIONS {
            assert!(
                seen.insert(o.name.to_ascii_uppercase()),
                "duplicate option {}",
                o.name
            );
        }
    }

    #[test]
    fn names_are_upper_case() {
        for o in OPTIONS {
            assert!(
                o.name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || "_#?".contains(c)),
                "{} is not upper case",
                o.name
            );
            assert_eq!(o.file, OptionFile::OptionDat, "{}", o.name);
        }
    }

    #[test]
    fn bits_only_on_bit_options_and_sane() {
        for o in OPTIONS {
            if !o.bits.is_empty() {
                assert_eq!(o.ty, ValueType::Bits, "{} has bits but is not Bits", o.name);
            }
            let mut seen = HashSet::new();
            for b in o.bits {
                assert!(b.bit < 32, "{} bit {}", o.name, b.bit);
                assert!(seen.insert(b.bit), "{} lists bit {} twice", o.name, b.bit);
            }
        }
    }

    #[test]
    fn int_bounds_are_ordered() {
        for o in OPTIONS {
            if let ValueType::Int {
                min: Some(lo),
                max: Some(hi),
            } = o.ty
            {
                assert!(lo <= hi, "{}", o.name);
            }
        }
    }

    #[test]
    fn summaries_are_short() {
        for o in OPTIONS {
            assert!(
                !o.summary.is_empty() && o.summary.chars().count() <= 90,
                "{}",
                o.name
            );
        }
    }

    #[test]
    fn channel_only_options_are_absent() {
        for n in [
            "LOG_BANNER",
            "LOG_TRANSPORTINFO",
            "LOG_TRANPORTINFO",
            "MAX_B_ENTRIES",
            "DNS_VERIFY_DOMAIN",
        ] {
            assert!(
                OPTIONS.iter().all(|o| o.name != n),
                "{n} must not be in option.dat"
            );
        }
    }

    #[test]
    fn log_connection_bits() {
        let lc = OPTIONS.iter().find(|o| o.name == "LOG_CONNECTION").unwrap();
        let conf = |n: u8| {
            lc.bits
                .iter()
                .find(|b| b.bit == n)
                .map(|b| b.provenance.confidence)
        };
        for n in [0, 1, 5, 6, 7] {
            assert_eq!(conf(n), Some(Confidence::Documented), "bit {n}");
        }
        assert_eq!(conf(9), Some(Confidence::SeenInRealFiles));
        for n in [2, 3, 4] {
            assert_eq!(conf(n), Some(Confidence::Unverified), "bit {n}");
        }
        assert_eq!(conf(8), None);
    }
}
