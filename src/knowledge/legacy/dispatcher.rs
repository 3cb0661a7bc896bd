//! Options of `dispatcher.cnf` (spec/dispatcher-cnf.md §3).
//!
//! Scope comes from the G/S/D column: before the first section (global), inside an
//! ordinary `[SERVICE=...]` section, inside `[SERVICE=DISPATCHER]`. Only the first rows of
//! the vendor option table were available, so most defaults are unknown.

use super::types::*;

const G_S: Scope = Scope {
    global: true,
    section: true,
    dispatcher: false,
};
const S: Scope = Scope {
    global: false,
    section: true,
    dispatcher: false,
};
const G_S_D: Scope = Scope {
    global: true,
    section: true,
    dispatcher: true,
};
const G_D: Scope = Scope {
    global: true,
    section: false,
    dispatcher: true,
};

const fn opt(
    name: &'static str,
    scope: Scope,
    ty: ValueType,
    default: Option<&'static str>,
    max_repeat: Option<u8>,
    summary: &'static str,
    provenance: Provenance,
) -> ServiceOptionInfo {
    ServiceOptionInfo {
        name,
        file: ServiceFile::Dispatcher,
        scope,
        ty,
        default,
        max_repeat,
        summary,
        provenance,
    }
}

/// OpenVMS process quotas for worker processes: PMDF only.
const PMDF_QUOTA: Provenance = unverified("PMDF-b32");
const INDEX_ONLY: Provenance = unverified("AR05 auto5 (index only)");

pub static DISPATCHER_OPTIONS: &[ServiceOptionInfo] = &[
    opt(
        "BACKLOG",
        G_S,
        NON_NEGATIVE,
        Some("MAX_CONNS*MAX_PROCS, at least 5"),
        None,
        "Listen queue depth of the service's sockets",
        doc("AR05 acmlg"),
    ),
    opt(
        "DEBUG",
        G_S_D,
        ValueType::Bits,
        None,
        None,
        "Debug bit mask (see the DEBUG bit table); -1 turns on everything",
        doc("AR05 acmlh"),
    ),
    opt(
        "DNS_VERIFY_DOMAIN",
        S,
        ValueType::Str,
        None,
        Some(5),
        "DNS blocklist zone checked for incoming connections",
        doc("AR05 acmlg"),
    ),
    opt(
        "ENABLE_RBL",
        G_S,
        ValueType::Unknown,
        None,
        None,
        "Listed option; probably switches the DNS blocklist checks",
        INDEX_ONLY,
    ),
    opt(
        "HISTORICAL_TIME",
        G_S,
        ValueType::Unknown,
        None,
        None,
        "Listed option; probably how long statistics history is kept",
        INDEX_ONLY,
    ),
    opt(
        "IDENT",
        G_S,
        ValueType::Unknown,
        None,
        None,
        "Listed option; probably IDENT lookups on incoming connections",
        INDEX_ONLY,
    ),
    opt(
        "IMAGE",
        G_S,
        ValueType::Path,
        None,
        None,
        "Program run by the service's worker processes",
        doc("AG05 bgajr"),
    ),
    opt(
        "INTERFACE_ADDRESS",
        G_S,
        ValueType::Str,
        None,
        None,
        "IP address the service listens on (default: all)",
        doc("AG63 bgacr"),
    ),
    opt(
        "LOGFILE",
        G_S,
        ValueType::Path,
        None,
        None,
        "Output file of the service's worker processes",
        doc("AG05 bgajr"),
    ),
    opt(
        "MAX_CONNS",
        G_S,
        POSITIVE,
        None,
        None,
        "Most connections one worker process serves at once",
        doc("AG05 bgagw"),
    ),
    opt(
        "MAX_HANDOFFS",
        G_S,
        NON_NEGATIVE,
        Some("5"),
        None,
        "Most asynchronous connection hand-offs in progress per port",
        doc("WIKI Max_handoffs"),
    ),
    opt(
        "MAX_IDLE_TIME",
        G_S,
        NON_NEGATIVE,
        None,
        None,
        "Idle time after which a worker may be retired",
        doc("WIKI Creation_and_expiration"),
    ),
    opt(
        "MAX_LIFE_CONNS",
        G_S,
        NON_NEGATIVE,
        None,
        None,
        "Connections a worker serves before it is retired",
        doc("WIKI Creation_and_expiration"),
    ),
    opt(
        "MAX_LIFE_TIME",
        G_S,
        NON_NEGATIVE,
        None,
        None,
        "Lifetime of a worker before it is retired",
        doc("WIKI Creation_and_expiration"),
    ),
    opt(
        "MAX_PROCS",
        G_S,
        POSITIVE,
        None,
        None,
        "Most worker processes of the service",
        doc("AG05 bgagw"),
    ),
    opt(
        "MAX_SHUTDOWN",
        G_S,
        NON_NEGATIVE,
        None,
        None,
        "Probably the most workers allowed to be shutting down at once",
        unverified("spec dispatcher-cnf §3"),
    ),
    opt(
        "MIN_CONNS",
        G_S,
        POSITIVE,
        None,
        None,
        "Connections at which a worker counts as busy enough",
        doc("AG05 bgagw"),
    ),
    opt(
        "MIN_PROCS",
        G_S,
        NON_NEGATIVE,
        None,
        None,
        "Worker processes kept ready",
        doc("AG05 bgagw"),
    ),
    opt(
        "PARAMETER",
        S,
        ValueType::Str,
        None,
        Some(16),
        "Service-specific value passed to the worker (e.g. CHANNEL=name)",
        doc("WIKI Service_group"),
    ),
    opt(
        "PORT",
        S,
        ValueType::Port,
        None,
        None,
        "TCP port(s) the service listens on",
        doc("WIKI SMTP_SUBMIT_servers"),
    ),
    opt(
        "STACKSIZE",
        G_S,
        POSITIVE,
        None,
        None,
        "Thread stack size of the worker processes",
        doc("AG05 fxbtf"),
    ),
    opt(
        "TLS_PORT",
        S,
        ValueType::Port,
        None,
        None,
        "Port(s) where TLS starts right at connect (e.g. 465)",
        doc("WIKI Service_group"),
    ),
    opt(
        "USER",
        S,
        ValueType::Str,
        None,
        None,
        "Account the service's workers presumably run as",
        seen("real dispatcher.cnf.lmtp"),
    ),
    opt(
        "USE_NSLOG",
        G_D,
        ValueType::Bool,
        None,
        None,
        "Send Dispatcher logging to nslog files",
        seen("spec real-world.md (debug scripts)"),
    ),
    opt(
        "ENABLE",
        S,
        ValueType::Bool,
        Some("1"),
        None,
        "Per-service on/off switch (Unified Configuration name)",
        unverified("WIKI Service_group"),
    ),
    opt(
        "UCX_HOLD",
        G_S,
        ValueType::Bool,
        None,
        None,
        "PMDF OpenVMS: 0 avoids raising CHANNELCNT on MultiNet/TCPware",
        unverified("PMDF-b81"),
    ),
    opt(
        "ASTLM",
        G_S,
        INT,
        Some("500"),
        None,
        "OpenVMS worker quota: AST limit",
        PMDF_QUOTA,
    ),
    opt(
        "BIOLM",
        G_S,
        INT,
        Some("100"),
        None,
        "OpenVMS worker quota: buffered I/O limit",
        PMDF_QUOTA,
    ),
    opt(
        "BYTLM",
        G_S,
        INT,
        Some("200000"),
        None,
        "OpenVMS worker quota: buffered I/O byte limit",
        PMDF_QUOTA,
    ),
    opt(
        "CPULM",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: CPU time limit",
        PMDF_QUOTA,
    ),
    opt(
        "DIOLM",
        G_S,
        INT,
        Some("100"),
        None,
        "OpenVMS worker quota: direct I/O limit",
        PMDF_QUOTA,
    ),
    opt(
        "ENQLM",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: lock limit",
        PMDF_QUOTA,
    ),
    opt(
        "FILLM",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: open file limit",
        PMDF_QUOTA,
    ),
    opt(
        "JTQUOTA",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: job logical name table",
        PMDF_QUOTA,
    ),
    opt(
        "PGFLQUOTA",
        G_S,
        INT,
        Some("81920"),
        None,
        "OpenVMS worker quota: page file",
        PMDF_QUOTA,
    ),
    opt(
        "PRCLM",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: subprocess limit",
        PMDF_QUOTA,
    ),
    opt(
        "TQELM",
        G_S,
        INT,
        Some("500"),
        None,
        "OpenVMS worker quota: timer queue entries",
        PMDF_QUOTA,
    ),
    opt(
        "WSDEFAULT",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: default working set (0 = system value)",
        PMDF_QUOTA,
    ),
    opt(
        "WSEXTENT",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: working set extent (0 = system value)",
        PMDF_QUOTA,
    ),
    opt(
        "WSQUOTA",
        G_S,
        INT,
        Some("0"),
        None,
        "OpenVMS worker quota: working set quota (0 = system value)",
        PMDF_QUOTA,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn get(name: &str) -> &'static ServiceOptionInfo {
        DISPATCHER_OPTIONS.iter().find(|o| o.name == name).unwrap()
    }

    #[test]
    fn names_are_unique_and_upper_case() {
        let mut seen = HashSet::new();
        for o in DISPATCHER_OPTIONS {
            assert!(
                seen.insert(o.name.to_ascii_uppercase()),
                "duplicate {}",
                o.name
            );
            assert!(
                o.name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                o.name
            );
            assert_eq!(o.file, ServiceFile::Dispatcher);
            assert!(
                o.scope.global || o.scope.section || o.scope.dispatcher,
                "{} has no scope",
                o.name
            );
            assert!(
                !o.summary.is_empty() && o.summary.chars().count() <= 90,
                "{}",
                o.name
            );
        }
    }

    #[test]
    fn documented_scopes_and_repeats() {
        let dns = get("DNS_VERIFY_DOMAIN");
        assert_eq!(dns.scope, S);
        assert_eq!(dns.max_repeat, Some(5));
        assert_eq!(get("DEBUG").scope, G_S_D);
        assert_eq!(get("PORT").ty, ValueType::Port);
        assert_eq!(get("TLS_PORT").scope, S);
        assert!(get("PARAMETER").max_repeat.unwrap() > 1);
        assert_eq!(get("MAX_HANDOFFS").default, Some("5"));
    }

    #[test]
    fn pmdf_only_options_are_unverified() {
        for n in ["UCX_HOLD", "ASTLM", "WSQUOTA"] {
            assert_eq!(get(n).provenance.confidence, Confidence::Unverified, "{n}");
        }
        let quotas = DISPATCHER_OPTIONS
            .iter()
            .filter(|o| o.provenance.source == "PMDF-b32")
            .count();
        assert_eq!(quotas, 14);
    }
}
