//! The Dispatcher DEBUG bit table (spec/dispatcher-cnf.md §4.2, AG05 Table 21-3).
//!
//! Every documented bit, plus the bits the table marks as not used (7, 11, 15). Bits the
//! table does not mention at all (18, 19, 22, 23, 25-31) are deliberately absent.

use super::types::*;

const TABLE: Provenance = doc("AG05 bgbfj Table 21-3");

const fn used(bit: u8, name: &'static str, meaning: &'static str) -> DebugBit {
    DebugBit {
        bit,
        name,
        meaning,
        status: BitStatus::Documented,
        provenance: TABLE,
    }
}

const fn not_used(bit: u8) -> DebugBit {
    DebugBit {
        bit,
        name: "",
        meaning: "Marked as not used in the table",
        status: BitStatus::NotUsed,
        provenance: TABLE,
    }
}

pub static DEBUG_BITS: &[DebugBit] = &[
    used(
        0,
        "dispatcher-basic",
        "Basic tracing of the Dispatcher's main module",
    ),
    used(
        1,
        "dispatcher-extra",
        "Additional tracing of the Dispatcher's main module",
    ),
    used(
        2,
        "config-file",
        "Log how the Dispatcher reads its configuration file",
    ),
    used(
        3,
        "dispatcher-misc",
        "Basic tracing of miscellaneous Dispatcher code",
    ),
    used(4, "service-basic", "Basic tracing of services"),
    used(5, "service-extra", "Additional tracing of services"),
    used(
        6,
        "service-process",
        "Tracing of the processes belonging to services",
    ),
    not_used(7),
    used(
        8,
        "ipc-basic",
        "Basic tracing of Dispatcher-to-worker communication",
    ),
    used(
        9,
        "ipc-extra",
        "Additional tracing of Dispatcher-to-worker communication",
    ),
    used(10, "packet", "Tracing of communication at packet level"),
    not_used(11),
    used(12, "worker-basic", "Basic tracing of worker processes"),
    used(13, "worker-extra", "Additional tracing of worker processes"),
    used(
        14,
        "worker-handoff",
        "More worker tracing, mainly connection hand-offs",
    ),
    not_used(15),
    used(
        16,
        "worker-io-basic",
        "Basic tracing of worker-to-Dispatcher I/O",
    ),
    used(
        17,
        "worker-io-extra",
        "Additional tracing of worker-to-Dispatcher I/O",
    ),
    used(20, "stats-basic", "Basic tracing of statistics"),
    used(21, "stats-extra", "Additional tracing of statistics"),
    used(
        24,
        "port-access",
        "Write PORT_ACCESS refusals to dispatcher.log",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn bits_are_unique_sorted_and_below_32() {
        let mut last = None;
        for b in DEBUG_BITS {
            assert!(b.bit < 32);
            assert!(
                last.is_none_or(|l| l < b.bit),
                "bit {} out of order or repeated",
                b.bit
            );
            last = Some(b.bit);
        }
    }

    #[test]
    fn names_are_unique_kebab_case_for_documented_bits() {
        let mut names = HashSet::new();
        for b in DEBUG_BITS {
            match b.status {
                BitStatus::Documented => {
                    assert!(!b.name.is_empty(), "bit {} has no name", b.bit);
                    assert!(
                        b.name
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                        "{}",
                        b.name
                    );
                    assert!(
                        !b.name.starts_with('-') && !b.name.ends_with('-'),
                        "{}",
                        b.name
                    );
                    assert!(names.insert(b.name), "duplicate name {}", b.name);
                }
                BitStatus::NotUsed => assert!(b.name.is_empty(), "bit {}", b.bit),
            }
        }
    }

    #[test]
    fn table_coverage() {
        let all: HashSet<u8> = DEBUG_BITS.iter().map(|b| b.bit).collect();
        let not_used: Vec<u8> = DEBUG_BITS
            .iter()
            .filter(|b| b.status == BitStatus::NotUsed)
            .map(|b| b.bit)
            .collect();
        assert_eq!(not_used, vec![7, 11, 15]);
        for absent in [18, 19, 22, 23, 25, 26, 27, 28, 29, 30, 31] {
            assert!(!all.contains(&absent), "bit {absent} is not in the table");
        }
        assert_eq!(DEBUG_BITS.len(), 21);
    }
}
