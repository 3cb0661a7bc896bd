//! Every rule imtacfg has, in one table: [`RULES`]. A row names the module that defines
//! its rules, the rules, and the check that reports them (one rule, or a tight family found
//! in one pass). The engine runs the checks of this table and nothing else; `rules`,
//! `explain`, SARIF and the settings know the rules from it. A rule defined in a rule file
//! but left out of the table fails `every_rule_definition_is_in_the_table_once` below.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::context::Context;
use super::{Diagnostic, RuleInfo, rules};

/// A check: reads the configuration set and pushes its findings.
pub type Check = fn(&Context, &mut Vec<Diagnostic>);

/// One row of the table.
#[derive(Debug)]
pub struct Rule {
    /// The module below `lint::rules` that defines the rules and the check
    /// (`imta::missing_host_line`).
    pub module: &'static str,
    /// The rules the check reports.
    pub rules: &'static [&'static RuleInfo],
    /// `None` only for the suppression rules, which the engine reports after every check
    /// has run.
    pub check: Option<Check>,
}

/// `row!(group::module: RULE_A, RULE_B)`: the rules `RULE_A`, `RULE_B` and the `check`
/// function of `rules::group::module`.
macro_rules! row {
    ($group:ident :: $module:ident : $($rule:ident),+ $(,)?) => {
        Rule {
            module: concat!(stringify!($group), "::", stringify!($module)),
            rules: &[$(&rules::$group::$module::$rule),+],
            check: Some(rules::$group::$module::check),
        }
    };
}

/// Every rule, in the order the checks run.
pub static RULES: &[Rule] = &[
    row!(imta::rules_ended_early: RULES_ENDED_EARLY),
    row!(imta::leading_blank_line: LEADING_BLANK_LINE),
    row!(imta::host_line: BLANK_LINE_IN_BLOCK, MISSING_HOST_LINE),
    row!(imta::whitespace_only_separator: WHITESPACE_ONLY_SEPARATOR),
    row!(imta::indented_comment: INDENTED_COMMENT),
    row!(
        imta::duplicates: DUPLICATE_CHANNEL,
        DUPLICATE_OFFICIAL_HOST,
        DUPLICATE_HOST_NAME
    ),
    row!(imta::official_host_too_long: OFFICIAL_HOST_TOO_LONG),
    row!(imta::channel_name_too_long: CHANNEL_NAME_TOO_LONG),
    row!(imta::channel_name_characters: CHANNEL_NAME_CHARACTERS),
    row!(imta::local_channel_not_first: LOCAL_CHANNEL_NOT_FIRST),
    row!(imta::dangling_channel_continuation: DANGLING_CHANNEL_CONTINUATION),
    row!(keywords::unknown_keyword: UNKNOWN_KEYWORD),
    row!(
        keywords::arguments: MISSING_KEYWORD_ARGUMENT,
        INVALID_KEYWORD_ARGUMENT,
        INVALID_NOTICES,
        TOO_MANY_BACKOFF_VALUES
    ),
    row!(keywords::conflicting_keywords: CONFLICTING_KEYWORDS),
    row!(keywords::duplicate_keyword: DUPLICATE_KEYWORD),
    row!(keywords::debug_keyword: DEBUG_KEYWORD),
    row!(routing::undefined_channel_tag: UNDEFINED_CHANNEL_TAG),
    row!(files::long_physical_line: LONG_PHYSICAL_LINE),
    row!(
        files::includes: INCLUDE_MISSING,
        INCLUDE_CYCLE,
        INCLUDE_TOO_DEEP,
        INCLUDE_OUTSIDE_DIRECTORY,
        INCLUDE_UNREADABLE
    ),
    row!(options::not_an_option_line: NOT_AN_OPTION_LINE),
    row!(options::include_in_option_file: INCLUDE_IN_OPTION_FILE),
    row!(options::comment_character_not_honoured: COMMENT_CHARACTER_NOT_HONOURED),
    row!(options::unknown_option: UNKNOWN_OPTION),
    row!(options::option_in_wrong_file: OPTION_IN_WRONG_FILE),
    row!(options::invalid_option_value: INVALID_OPTION_VALUE),
    row!(options::duplicate_option: DUPLICATE_OPTION),
    row!(options::value_too_long: VALUE_TOO_LONG),
    row!(options::comment_inside_continued_value: COMMENT_INSIDE_CONTINUED_VALUE),
    row!(options::dangling_continuation: DANGLING_CONTINUATION),
    row!(options::whitespace_around_equals: WHITESPACE_AROUND_EQUALS),
    row!(
        common::continued_value_swallows_line: CONTINUED_VALUE_SWALLOWS_SETTING,
        DISPATCHER_CONTINUED_VALUE_SWALLOWS_LINE,
        JC_CONTINUED_VALUE_SWALLOWS_LINE
    ),
    row!(options::list_entry_missing_comma: LIST_ENTRY_MISSING_COMMA),
    row!(options::option_file_for_unknown_channel: OPTION_FILE_FOR_UNKNOWN_CHANNEL),
    row!(logging::nodefaults_drops_logging: NODEFAULTS_DROPS_LOGGING),
    row!(logging::log_bits_unknown: LOG_BITS_UNKNOWN),
    row!(logging::log_options_without_logging: LOG_OPTIONS_WITHOUT_LOGGING),
    row!(
        logging::connection_log: SEPARATE_LOG_WITHOUT_CONNECTION_LOG,
        LOG_PROCESS_WITHOUT_CONNECTION_LOG
    ),
    row!(logging::syslog_suppresses_mail_log: SYSLOG_SUPPRESSES_MAIL_LOG),
    row!(logging::xml_only_bit: XML_ONLY_BIT),
    row!(logging::redundant_with_xml_format: REDUNDANT_WITH_XML_FORMAT),
    row!(logging::small_block_size: SMALL_BLOCK_SIZE),
    row!(logging::counter_bins: COUNTER_BINS),
    row!(logging::needs_newer_version: NEEDS_NEWER_VERSION),
    row!(logging::xml_log_without_connection_fields: XML_LOG_WITHOUT_CONNECTION_FIELDS),
    row!(logging::syslog_notices: SYSLOG_NOTICES),
    row!(logging::channel_log_option_without_connection_log: CHANNEL_LOG_OPTION_WITHOUT_CONNECTION_LOG),
    row!(dispatcher::dispatcher_not_an_option_line: DISPATCHER_NOT_AN_OPTION_LINE),
    row!(dispatcher::dispatcher_unknown_option: DISPATCHER_UNKNOWN_OPTION),
    row!(dispatcher::duplicate_section: DUPLICATE_SECTION),
    row!(dispatcher::dispatcher_duplicate_option: DISPATCHER_DUPLICATE_OPTION),
    row!(dispatcher::commented_out_section_header: COMMENTED_OUT_SECTION_HEADER),
    row!(dispatcher::option_wrong_scope: OPTION_WRONG_SCOPE),
    row!(dispatcher::min_exceeds_max: MIN_EXCEEDS_MAX),
    row!(dispatcher::ports: PORT_CONFLICT, PORT_OUT_OF_RANGE),
    row!(dispatcher::service_without_port: SERVICE_WITHOUT_PORT),
    row!(dispatcher::service_without_image: SERVICE_WITHOUT_IMAGE),
    row!(dispatcher::dispatcher_section_with_port: DISPATCHER_SECTION_WITH_PORT),
    row!(dispatcher::parameter_channel_unknown: PARAMETER_CHANNEL_UNKNOWN),
    row!(dispatcher::dispatcher_invalid_option_value: DISPATCHER_INVALID_OPTION_VALUE),
    row!(dispatcher::debug: DEBUG_UNDOCUMENTED_BITS, DEBUG_LEFT_ON),
    row!(dispatcher::too_many_dns_verify_domains: TOO_MANY_DNS_VERIFY_DOMAINS),
    row!(dispatcher::heap_exceeds_datasize: HEAP_EXCEEDS_DATASIZE),
    row!(job_controller::jc_not_an_option_line: JC_NOT_AN_OPTION_LINE),
    row!(job_controller::jc_unknown_option: JC_UNKNOWN_OPTION),
    row!(job_controller::jc_duplicate_section: JC_DUPLICATE_SECTION),
    row!(job_controller::jc_duplicate_option: JC_DUPLICATE_OPTION),
    row!(job_controller::jc_commented_out_section_header: JC_COMMENTED_OUT_SECTION_HEADER),
    row!(job_controller::pool_undefined: POOL_UNDEFINED),
    Rule {
        module: "suppressions",
        rules: &[
            &rules::suppressions::UNKNOWN_SUPPRESSION_CODE,
            &rules::suppressions::UNUSED_SUPPRESSION,
            &rules::suppressions::MALFORMED_SUPPRESSION,
        ],
        check: None,
    },
];

/// All rules, in code order (built once).
pub fn all() -> &'static [&'static RuleInfo] {
    static ALL: OnceLock<Vec<&'static RuleInfo>> = OnceLock::new();
    ALL.get_or_init(|| {
        let mut v: Vec<&'static RuleInfo> =
            RULES.iter().flat_map(|row| row.rules.iter().copied()).collect();
        v.sort_by(|a, b| a.code.cmp(b.code));
        v
    })
}

/// A rule by code or name, any case. Findings carry their exact code, so the common
/// lookup is a hash probe.
pub fn find(code_or_name: &str) -> Option<&'static RuleInfo> {
    static BY_CODE: OnceLock<HashMap<&'static str, &'static RuleInfo>> = OnceLock::new();
    let map = BY_CODE.get_or_init(|| all().iter().map(|r| (r.code, *r)).collect());
    map.get(code_or_name).copied().or_else(|| {
        all().iter().copied().find(|r| {
            r.code.eq_ignore_ascii_case(code_or_name) || r.name.eq_ignore_ascii_case(code_or_name)
        })
    })
}

/// Does a selector (a code, a code prefix such as `IMTA` or `IMTA1`, a rule name, or
/// `ALL`) match a rule?
pub fn selector_matches(selector: &str, rule: &RuleInfo) -> bool {
    rule.matches(selector)
}

/// Is a selector known (matches at least one rule)?
pub fn selector_is_known(selector: &str) -> bool {
    all().iter().any(|r| selector_matches(selector, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let rules = all();
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for r in rules {
            assert!(codes.insert(r.code), "duplicate code {}", r.code);
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(
                ["IMTA", "OPT", "DSP", "X", "CFG"].iter().any(|p| r.code.starts_with(p)),
                "{}",
                r.code
            );
            assert!(
                r.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                r.name
            );
            for (what, text) in
                [("summary", r.summary), ("why", r.why), ("example", r.example), ("fix", r.fix)]
            {
                assert!(!text.trim().is_empty(), "{} has no {what}", r.code);
            }
        }
    }

    #[test]
    fn selectors() {
        let r = find("IMTA106").unwrap();
        assert!(selector_matches("IMTA", r));
        assert!(selector_matches("imta1", r));
        assert!(selector_matches("missing-host-line", r));
        assert!(!selector_matches("OPT", r));
    }

    /// Every `pub const NAME: RuleInfo = RuleInfo {` in the rule files: (module path below
    /// `lint::rules`, const name, code, name).
    fn definitions() -> Vec<(String, String, String, String)> {
        fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, files);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    files.push(p);
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lint/rules");
        let mut files = Vec::new();
        walk(&root, &mut files);
        files.sort();
        let field = |lines: &[&str], key: &str| -> String {
            lines
                .iter()
                .find_map(|l| l.trim().strip_prefix(key))
                .and_then(|v| v.split('"').nth(1))
                .unwrap_or_default()
                .to_string()
        };
        let mut out = Vec::new();
        for path in files {
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut module = rel.to_string_lossy().replace('/', "::");
            if let Some(m) = module.strip_suffix("::mod") {
                module = m.to_string();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let lines: Vec<&str> = text.lines().collect();
            for (i, l) in lines.iter().enumerate() {
                let Some(rest) = l.strip_prefix("pub const ") else {
                    continue;
                };
                let Some(name) = rest.strip_suffix(": RuleInfo = RuleInfo {") else {
                    continue;
                };
                let body = &lines[i..(i + 10).min(lines.len())];
                out.push((
                    module.clone(),
                    name.to_string(),
                    field(body, "code:"),
                    field(body, "name:"),
                ));
            }
        }
        out
    }

    /// A rule defined but left out of the table would never run, and no fixture test would
    /// notice: every definition must be in exactly one row, the row of its own module.
    #[test]
    fn every_rule_definition_is_in_the_table_once() {
        let defs = definitions();
        assert!(defs.len() >= 80, "only {} definitions found", defs.len());
        for (module, konst, code, name) in &defs {
            let rows: Vec<&Rule> =
                RULES.iter().filter(|row| row.rules.iter().any(|r| r.code == code)).collect();
            assert_eq!(rows.len(), 1, "{code} ({module}::{konst}) is in {} rows", rows.len());
            assert_eq!(
                rows[0].module, module,
                "{code} is defined in rules::{module} but listed in the row of {}",
                rows[0].module
            );
            let listed = rows[0].rules.iter().filter(|r| r.code == code).count();
            assert_eq!(listed, 1, "{code} is listed {listed} times");
            assert_eq!(
                *konst,
                name.to_uppercase().replace('-', "_"),
                "{code}: the constant is not named after the rule `{name}`"
            );
        }
        // And the table lists nothing that is not defined in a rule file.
        assert_eq!(all().len(), defs.len());
        for row in RULES {
            assert!(!row.rules.is_empty(), "{} lists no rule", row.module);
            assert_eq!(
                row.check.is_none(),
                row.module == "suppressions",
                "{}: only the suppression rules have no check",
                row.module
            );
        }
    }
}
