//! Entries of `imta_tailor` (spec/option-dat.md §1.3).
//!
//! Directory entries are prefixes and must end in `/` (ValueType::DirPrefix); file
//! entries are ValueType::Path. Where the spec documents only the name and the kind
//! (file or directory) is a guess, the entry is unverified so that the trailing-slash
//! rule stays a warning for it. Defaults are written with `msg_svr_base` for the
//! installation directory.

use super::types::*;

const DIR: ValueType = ValueType::DirPrefix;

const fn entry(
    name: &'static str,
    ty: ValueType,
    default: Option<&'static str>,
    summary: &'static str,
    provenance: Provenance,
) -> OptionInfo {
    OptionInfo::new(name, OptionFile::Tailor, ty, default, summary, provenance)
}

/// The 2005Q4 tailor table (readable rows).
const TABLE: Provenance = doc("AR05 acmlb");
/// The 2005Q4 index lists the name; the kind of value is not confirmed.
const NAME_ONLY: Provenance = unverified("AR05 auto19 (name documented, kind unverified)");
/// Symbolic names of later releases; their use as tailor entries is unconfirmed.
const SYMBOLIC: Provenance = unverified("WIKI Special_symbolic_names (as tailor entry)");
const SYMBOLIC_DOC: Provenance = doc("WIKI Special_symbolic_names");

pub static TAILOR: &[OptionInfo] = &[
    entry(
        "IMTA_ALIAS_DATABASE",
        PATH,
        Some("msg_svr_base/data/db/aliasesdb"),
        "Alias database",
        TABLE,
    ),
    entry(
        "IMTA_ALIAS_FILE",
        PATH,
        Some("msg_svr_base/config/aliases"),
        "Alias file (postmaster and friends)",
        TABLE,
    ),
    entry(
        "IMTA_CHARSET_DATA",
        PATH,
        Some("msg_svr_base/config/charset_data"),
        "Compiled character set data",
        TABLE,
    ),
    entry(
        "IMTA_CHARSET_OPTION_FILE",
        PATH,
        Some("msg_svr_base/config/option_charset.dat"),
        "Character set conversion option file",
        TABLE,
    ),
    entry(
        "IMTA_COM",
        DIR,
        Some("msg_svr_base/sbin/"),
        "Directory of command definition files",
        TABLE,
    ),
    entry(
        "IMTA_CONFIG_DATA",
        PATH,
        Some("msg_svr_base/imta/lib/config_data"),
        "Compiled configuration image written by cnbuild",
        doc("AR63 Table 4-23"),
    ),
    entry(
        "IMTA_CONFIG_FILE",
        PATH,
        Some("msg_svr_base/config/imta.cnf"),
        "Main MTA configuration file (rewrite rules and channels)",
        TABLE,
    ),
    entry(
        "IMTA_CONVERSION_FILE",
        PATH,
        Some("msg_svr_base/config/conversions"),
        "Conversion channel rules",
        TABLE,
    ),
    entry(
        "IMTA_DISPATCHER_CONFIG",
        PATH,
        Some("msg_svr_base/config/dispatcher.cnf"),
        "Dispatcher configuration file",
        TABLE,
    ),
    entry("IMTA_DNSRULES", PATH, None, "DNS rules file", NAME_ONLY),
    entry(
        "IMTA_DOMAIN_DATABASE",
        PATH,
        None,
        "Domain (rewrite rule) database, usually under data/db",
        doc("AG63 bgamn"),
    ),
    entry(
        "IMTA_EXE",
        DIR,
        None,
        "Directory of MTA executables",
        NAME_ONLY,
    ),
    entry(
        "IMTA_FORWARD_DATABASE",
        PATH,
        None,
        "Forward database",
        NAME_ONLY,
    ),
    entry(
        "IMTA_GENERAL_DATABASE",
        PATH,
        None,
        "General database used by $( ) rewrite lookups",
        NAME_ONLY,
    ),
    entry("IMTA_HELP", DIR, None, "Directory of help files", NAME_ONLY),
    entry(
        "IMTA_JBC_CONFIG_FILE",
        PATH,
        None,
        "Job controller configuration file",
        NAME_ONLY,
    ),
    entry(
        "IMTA_LANG",
        DIR,
        None,
        "Notification template directory (msg_svr_base/config/locale/C)",
        doc("AG05 bgako"),
    ),
    entry(
        "IMTA_LIB",
        DIR,
        None,
        "Library directory (server root lib/)",
        SYMBOLIC_DOC,
    ),
    entry(
        "IMTA_LIBUTIL",
        PATH,
        None,
        "MTA utility shared library (libimtautil.so)",
        SYMBOLIC_DOC,
    ),
    entry(
        "IMTA_LOG",
        DIR,
        None,
        "Log directory (data root log/)",
        SYMBOLIC_DOC,
    ),
    entry("IMTA_MAPPING_FILE", PATH, None, "Mappings file", NAME_ONLY),
    entry(
        "IMTA_NAME_CONTENT_FILE",
        PATH,
        None,
        "name_content.dat file",
        NAME_ONLY,
    ),
    entry(
        "IMTA_OPTION_FILE",
        PATH,
        Some("msg_svr_base/config/option.dat"),
        "Global MTA option file",
        TABLE,
    ),
    entry(
        "IMTA_QUEUE",
        DIR,
        None,
        "Message queue directory (data root queue/)",
        SYMBOLIC_DOC,
    ),
    entry(
        "IMTA_RETURN_PERIOD",
        UNKNOWN,
        None,
        "Period of the message return job",
        NAME_ONLY,
    ),
    entry(
        "IMTA_RETURN_SPLIT_PERIOD",
        UNKNOWN,
        None,
        "Period for splitting the mail.log files",
        NAME_ONLY,
    ),
    entry(
        "IMTA_REVERSE_DATABASE",
        PATH,
        None,
        "Reverse database",
        NAME_ONLY,
    ),
    entry(
        "IMTA_ROOT",
        DIR,
        None,
        "Installation root (server root)",
        SYMBOLIC_DOC,
    ),
    entry(
        "IMTA_TABLE",
        DIR,
        None,
        "Configuration directory (config root)",
        SYMBOLIC_DOC,
    ),
    entry("IMTA_USER", STR, None, "Account the MTA runs as", NAME_ONLY),
    entry(
        "IMTA_USER_PROFILE_DATABASE",
        PATH,
        None,
        "User profile database",
        NAME_ONLY,
    ),
    entry(
        "IMTA_USER_USERNAME",
        STR,
        None,
        "Unprivileged account name",
        NAME_ONLY,
    ),
    entry(
        "IMTA_VERSION_LIMIT",
        UNKNOWN,
        None,
        "Meaning unknown",
        NAME_ONLY,
    ),
    entry(
        "IMTA_WORLD_GROUP",
        STR,
        None,
        "Group name used by the MTA",
        NAME_ONLY,
    ),
    // ---- version-specific names ------------------------------------------------------------
    entry(
        "IMTA_ADMIN_PROPERTY",
        PATH,
        None,
        "SIMS 4.0: adminserver.properties file",
        doc("SIMS doc114"),
    ),
    entry(
        "IMTA_AUTHDL_DATABASE",
        PATH,
        None,
        "SIMS 4.0 Enterprise Edition: authenticated list database",
        doc("SIMS doc114"),
    ),
    entry(
        "IMTA_CONFIG_OPTION_FILE",
        PATH,
        None,
        "Compiled option file; removed in 7.0.5",
        doc("WIKI Compiling_the_MTA_configuration"),
    ),
    entry("IMTA_BIN", DIR, None, "Directory of MTA programs", SYMBOLIC),
    entry(
        "IMTA_PROGRAM",
        DIR,
        None,
        "Directory of programs for the pipe channel",
        SYMBOLIC,
    ),
    entry(
        "IMTA_DL",
        UNKNOWN,
        None,
        "Mailing list related location",
        SYMBOLIC,
    ),
    entry(
        "IMTA_HTTP",
        UNKNOWN,
        None,
        "HTTP related location",
        SYMBOLIC,
    ),
    entry("IMTA_HOST", STR, None, "Local host name", SYMBOLIC),
    entry("IMTA_DEFAULTDOMAIN", STR, None, "Default domain", SYMBOLIC),
    entry(
        "IMTA_LIBMAP",
        UNKNOWN,
        None,
        "Library mapping location",
        SYMBOLIC,
    ),
    entry("IMTA_TMP", DIR, None, "Temporary directory", SYMBOLIC),
    entry(
        "IMTA_VERIFY_RETURN",
        UNKNOWN,
        None,
        "Return verification setting",
        SYMBOLIC,
    ),
    entry(
        "IMTA_RETURN_CLEANUP_PERIOD",
        UNKNOWN,
        None,
        "Period of the return job cleanup",
        SYMBOLIC,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_unique_upper_case_tailor_entries() {
        let mut seen = HashSet::new();
        for t in TAILOR {
            assert!(
                seen.insert(t.name.to_ascii_uppercase()),
                "duplicate {}",
                t.name
            );
            assert!(t.name.starts_with("IMTA_"), "{}", t.name);
            assert!(
                t.name.chars().all(|c| c.is_ascii_uppercase() || c == '_'),
                "{}",
                t.name
            );
            assert_eq!(t.file, OptionFile::Tailor);
            assert!(t.bits.is_empty());
        }
    }

    #[test]
    fn defaults_match_their_kind() {
        for t in TAILOR {
            if let Some(d) = t.default {
                match t.ty {
                    ValueType::DirPrefix => assert!(d.ends_with('/'), "{}", t.name),
                    ValueType::Path => assert!(!d.ends_with('/'), "{}", t.name),
                    _ => {}
                }
            }
        }
    }

    #[test]
    fn confirmed_directories_are_documented_prefixes() {
        for n in [
            "IMTA_ROOT",
            "IMTA_TABLE",
            "IMTA_LOG",
            "IMTA_QUEUE",
            "IMTA_LIB",
            "IMTA_COM",
            "IMTA_LANG",
        ] {
            let t = TAILOR.iter().find(|t| t.name == n).unwrap();
            assert_eq!(t.ty, ValueType::DirPrefix, "{n}");
            assert_eq!(t.provenance.confidence, Confidence::Documented, "{n}");
        }
        for n in ["IMTA_EXE", "IMTA_HELP"] {
            let t = TAILOR.iter().find(|t| t.name == n).unwrap();
            assert_eq!(t.ty, ValueType::DirPrefix, "{n}");
            assert_eq!(t.provenance.confidence, Confidence::Unverified, "{n}");
        }
    }
}
