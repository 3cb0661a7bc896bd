//! Options of `job_controller.cnf` (spec/dispatcher-cnf.md §6).
//!
//! Files write these names in lower case (Sun) or upper case (PMDF); matching is
//! case-insensitive elsewhere. "Section" means a `[POOL=...]`, `[CHANNEL=...]`,
//! `[QUEUE=...]` or `[PERIODIC_JOB=...]` section; the job controller has no
//! `[SERVICE=DISPATCHER]`, so `dispatcher` is always false.

use super::types::*;

const G: Scope = Scope {
    global: true,
    section: false,
    dispatcher: false,
};
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

const fn opt(
    name: &'static str,
    scope: Scope,
    ty: ValueType,
    summary: &'static str,
    provenance: Provenance,
) -> ServiceOptionInfo {
    ServiceOptionInfo {
        name,
        file: ServiceFile::JobController,
        scope,
        ty,
        default: None,
        max_repeat: None,
        summary,
        provenance,
    }
}

const MS_INDEX: Provenance = doc("AR05 auto11");
const SIMS: Provenance = doc("SIMS doc111");
const PERIODIC: Provenance =
    unverified("spec dispatcher-cnf §6 (PERIODIC_JOB assignment inferred)");

pub static JOB_CONTROLLER_OPTIONS: &[ServiceOptionInfo] = &[
    // general
    opt(
        "TCP_PORT",
        G,
        ValueType::Port,
        "TCP port the job controller listens on",
        MS_INDEX,
    ),
    opt(
        "UDP_PORT",
        G,
        ValueType::Port,
        "SIMS/PMDF: port of the job controller",
        SIMS,
    ),
    opt(
        "SECRET",
        G,
        ValueType::Str,
        "Shared secret for requests to the job controller",
        doc("AG05 bgajw"),
    ),
    opt(
        "INTERFACE_ADDRESS",
        G,
        ValueType::Str,
        "IP address the job controller binds to",
        doc("AG63 bgacr"),
    ),
    opt(
        "DEBUG",
        G,
        ValueType::Int {
            min: None,
            max: None,
        },
        "Debug level of the job controller",
        MS_INDEX,
    ),
    opt(
        "SYNCH_TIME",
        G,
        ValueType::Unknown,
        "Interval for resynchronising with the queue",
        MS_INDEX,
    ),
    opt(
        "MAX_MESSAGES",
        G,
        ValueType::Int {
            min: Some(1),
            max: None,
        },
        "Most messages tracked in memory",
        MS_INDEX,
    ),
    opt(
        "CAPACITY",
        G,
        ValueType::Int {
            min: Some(0),
            max: None,
        },
        "SIMS/PMDF: capacity of the job controller",
        SIMS,
    ),
    opt(
        "ARGS",
        G,
        ValueType::Str,
        "SIMS: extra arguments (sample writes args=\"\")",
        SIMS,
    ),
    // pool
    opt(
        "JOB_LIMIT",
        G_S,
        ValueType::Int {
            min: Some(1),
            max: None,
        },
        "Most jobs running at once in a pool",
        doc("AG05 bgajv"),
    ),
    // channel
    opt(
        "MASTER_COMMAND",
        G_S,
        ValueType::Str,
        "Program run to send a channel's messages (NULL: none)",
        SIMS,
    ),
    opt(
        "SLAVE_COMMAND",
        G_S,
        ValueType::Str,
        "Program run to poll for incoming messages (NULL: none)",
        SIMS,
    ),
    opt(
        "MAX_LIFE_AGE",
        G_S,
        ValueType::Int {
            min: Some(0),
            max: None,
        },
        "Longest life of a channel job",
        MS_INDEX,
    ),
    opt(
        "MAX_LIFE_CONNS",
        G_S,
        ValueType::Int {
            min: Some(0),
            max: None,
        },
        "Requests a channel job handles before exiting",
        MS_INDEX,
    ),
    opt(
        "ANON_HOST",
        G_S,
        ValueType::Unknown,
        "Host handling for channel jobs; semantics unknown",
        MS_INDEX,
    ),
    // periodic job (deprecated section)
    opt(
        "COMMAND",
        S,
        ValueType::Str,
        "Command of a periodic job",
        PERIODIC,
    ),
    opt(
        "TIME",
        S,
        ValueType::Str,
        "Schedule of a periodic job",
        PERIODIC,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_and_upper_case() {
        let mut seen = HashSet::new();
        for o in JOB_CONTROLLER_OPTIONS {
            assert!(
                seen.insert(o.name.to_ascii_uppercase()),
                "duplicate {}",
                o.name
            );
            assert!(
                o.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{}",
                o.name
            );
            assert_eq!(o.file, ServiceFile::JobController);
            assert!(!o.scope.dispatcher, "{}", o.name);
            assert!(o.scope.global || o.scope.section, "{}", o.name);
            assert!(
                !o.summary.is_empty() && o.summary.chars().count() <= 90,
                "{}",
                o.name
            );
        }
    }

    #[test]
    fn scopes_follow_the_spec() {
        let get = |n: &str| JOB_CONTROLLER_OPTIONS.iter().find(|o| o.name == n).unwrap();
        assert_eq!(get("TCP_PORT").scope, G);
        assert_eq!(get("JOB_LIMIT").scope, G_S);
        assert_eq!(get("MASTER_COMMAND").scope, G_S);
        assert_eq!(get("TIME").scope, S);
        assert_eq!(get("COMMAND").provenance.confidence, Confidence::Unverified);
    }
}
