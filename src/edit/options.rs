//! Setting and unsetting options in option files (option.dat, `<channel>_option`,
//! imta_tailor) and in the dispatcher family, in place.
//!
//! A value is replaced where it stands, keeping the line's style (spacing around `=`, the
//! name's case); a continued value is replaced whole, and comment lines that sat inside
//! it are kept after the new line. With duplicates, the last setting (the one that wins)
//! is edited. New settings are appended with the file's line ending.

use std::path::PathBuf;

use super::verify::{FileRef, Intent};
use super::{EditError, NewFile, Plan, append_line, err, line_ending, line_start};
use crate::model::Span;
use crate::model::config_set::ConfigSet;
use crate::model::config_set::FileId;
use crate::model::options::OptionSetting;
use crate::syntax::Kind;

/// Split `NAME=VALUE`.
pub fn parse_assignment(s: &str) -> Result<(String, String), EditError> {
    let Some((name, value)) = s.split_once('=') else {
        return err(format!("`{s}` is not NAME=VALUE"));
    };
    let name = name.trim();
    if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return err(format!("`{name}` is not an option name (letters, digits and `_` only)"));
    }
    if value.contains(['\n', '\r']) {
        return err(format!("the value of {name} holds a line break"));
    }
    if value.trim_end_matches([' ', '\t']).ends_with('\\') {
        return err(format!(
            "the value of {name} ends in `\\`, which would join the next line to it"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

/// The file to edit: one of the set, or one to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A file of the set, by index into `ConfigSet::files`.
    Existing(FileId),
    /// A file the edit creates.
    New {
        /// Where it will be written.
        path: PathBuf,
        /// Its name as shown in messages and diffs.
        name: String,
        /// The kind to parse it as ([`Kind::Option`] for a new option.dat).
        kind: Kind,
    },
}

/// Where option.dat is: imta_tailor's IMTA_OPTION_FILE when it names a file of this
/// configuration, else the set's option.dat, else a new option.dat in the directory.
pub fn option_dat(set: &ConfigSet, display_dir: &str) -> Result<Target, EditError> {
    let mut named_outside = None;
    if let Some(path) = set.tailor_path("IMTA_OPTION_FILE") {
        if let Some(i) = set.file_index_of_path(&path) {
            return Ok(Target::Existing(i.into()));
        }
        if set.inside_name(&path).is_none() {
            named_outside = Some(path.clone());
        }
        if let Some(rel) = set.inside_name(&path) {
            let name = crate::model::config_set::join_display(display_dir, &rel);
            match set.access.check(&path) {
                Err(crate::access::ReadError::Missing) => {
                    return Ok(Target::New { path, name, kind: Kind::Option });
                }
                // There but not readable (a FIFO, a device, too large): never write it.
                Err(e) => return err(format!("{name} (imta_tailor's IMTA_OPTION_FILE) {e}")),
                // Readable but not read, because option.dat is there: edit that one.
                Ok(_) => {}
            }
        }
    }
    if let Some((i, _)) = set.file_of(Kind::Option) {
        return Ok(Target::Existing(i.into()));
    }
    // The product reads the file imta_tailor names: an option.dat created here would be
    // ignored, and the named file is outside what imtacfg may write.
    if let Some(p) = named_outside {
        return err(format!(
            "imta_tailor's IMTA_OPTION_FILE names {}, outside the configuration directory {display_dir}; not editing it (and an option.dat created here would not be read)",
            p.display()
        ));
    }
    let root = set.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let path = root.join("option.dat");
    if path.symlink_metadata().is_ok() {
        return err(format!(
            "{}: exists but could not be read; not editing it",
            crate::model::config_set::join_display(display_dir, "option.dat")
        ));
    }
    Ok(Target::New {
        path,
        name: crate::model::config_set::join_display(display_dir, "option.dat"),
        kind: Kind::Option,
    })
}

/// The edit that gives `s` the value `value`: the value text of all its physical lines is
/// replaced; comment lines inside a continued value are kept after the new line.
pub fn replace_value(text: &str, s: &OptionSetting, value: &str) -> (Span, String) {
    let span = s.value_span();
    let end = s.dangling_continuation.map_or(span.end, |d| d.end.max(span.end));
    let eol = line_ending(text);
    let mut replacement = value.to_string();
    for c in &s.inner_comments {
        replacement.push_str(eol);
        replacement.push_str(c.span.text(text));
    }
    (Span { start: span.start, end }, replacement)
}

/// The span that deletes a setting's lines (its terminator included). Comment lines inside
/// a continued value are kept: they are returned as the replacement.
pub fn remove_setting(text: &str, s: &OptionSetting) -> (Span, String) {
    let start = line_start(text, s.span.start as usize);
    let end = super::after_line(text, s.span.end as usize);
    let eol = line_ending(text);
    let kept: String =
        s.inner_comments.iter().map(|c| format!("{}{eol}", c.span.text(text))).collect();
    (Span::new(start, end), kept)
}

/// Plan `NAME=VALUE` settings in an option-family file.
pub fn set(
    set: &ConfigSet,
    target: &Target,
    assignments: &[(String, String)],
) -> Result<Plan, EditError> {
    let mut plan = Plan::default();
    // The last assignment of a name wins, as on the command line.
    let mut wanted: Vec<(String, String)> = Vec::new();
    for (n, v) in assignments {
        wanted.retain(|(w, _)| !w.eq_ignore_ascii_case(n));
        wanted.push((n.clone(), v.clone()));
    }
    let file = match target {
        Target::New { path, .. } => FileRef::New(path.clone()),
        &Target::Existing(i) => FileRef::Existing(i),
    };
    for (n, v) in &wanted {
        plan.intents.push(Intent::SetOption {
            file: file.clone(),
            section: None,
            name: n.clone(),
            value: v.clone(),
        });
    }
    match target {
        Target::New { path, name, kind } => {
            // A new file follows the line endings of the configuration's imta.cnf.
            let eol = set.file_of(Kind::Imta).map_or("\n", |(_, f)| line_ending(&f.source.text));
            let text: String = wanted
                .iter()
                .map(|(n, v)| format!("{}={v}{eol}", n.to_ascii_uppercase()))
                .collect();
            plan.new_files.push(NewFile {
                path: path.clone(),
                name: name.clone(),
                kind: *kind,
                text,
            });
            plan.notes.push(format!("{name} does not exist; it will be created"));
        }
        &Target::Existing(fi) => {
            let f = &set.files[fi];
            let text = &f.source.text;
            let model = f
                .options()
                .ok_or_else(|| EditError::Request(format!("{} is not an option file", f.name())))?;
            let mut appended = String::new();
            for (n, v) in &wanted {
                let upper = n.to_ascii_uppercase();
                let all: Vec<&OptionSetting> =
                    model.settings.iter().filter(|s| s.normalized == upper).collect();
                match all.last() {
                    Some(s) => {
                        if all.len() > 1 {
                            let line = f.source.line_col(s.span.start as usize).line;
                            plan.notes.push(format!(
                                "{upper} is set {} times in {}; changed the last one (line {line}), which is the one that counts",
                                all.len(),
                                f.name()
                            ));
                        }
                        if s.value_trimmed() != v.trim() || s.is_continued() {
                            let (span, rep) = replace_value(text, s, v);
                            plan.push(fi, span, rep);
                        }
                    }
                    None => {
                        appended.push_str(&format!("{upper}={v}"));
                        appended.push_str(line_ending(text));
                    }
                }
            }
            if !appended.is_empty() {
                let line = appended.trim_end_matches(['\r', '\n']);
                let (span, rep) = append_line(text, line);
                plan.push(fi, span, rep);
            }
        }
    }
    Ok(plan)
}

/// Plan removing every setting of the given names from an option-family file.
pub fn unset(set: &ConfigSet, fi: usize, names: &[String]) -> Result<Plan, EditError> {
    let f = &set.files[fi];
    let text = &f.source.text;
    let model = f
        .options()
        .ok_or_else(|| EditError::Request(format!("{} is not an option file", f.name())))?;
    let mut plan = Plan::default();
    for n in names {
        let upper = n.to_ascii_uppercase();
        plan.intents.push(Intent::UnsetOption {
            file: FileRef::Existing(fi.into()),
            section: None,
            name: upper.clone(),
        });
        for s in model.settings.iter().filter(|s| s.normalized == upper) {
            let (span, rep) = remove_setting(text, s);
            if !s.inner_comments.is_empty() {
                plan.notes.push(format!("kept the comment lines inside {upper}'s value"));
            }
            plan.push(fi, span, rep);
        }
    }
    Ok(plan)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::apply;
    use crate::knowledge::Catalog;
    use crate::source::{Encoding, SourceFile};

    fn one(text: &str) -> ConfigSet {
        ConfigSet::from_source(
            SourceFile::from_text("option.dat", text.into(), Encoding::Utf8),
            Kind::Option,
            &Catalog::builtin(),
        )
    }

    fn run(text: &str, assignments: &[(&str, &str)]) -> String {
        let set = one(text);
        let a: Vec<(String, String)> =
            assignments.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let plan = super::set(&set, &Target::Existing(FileId(0)), &a).unwrap();
        apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap()
    }

    #[test]
    fn in_place_keeping_style() {
        assert_eq!(
            run("! c\nmax_notifys = 2  \nB=1", &[("MAX_NOTIFYS", "5")]),
            "! c\nmax_notifys = 5\nB=1"
        );
        assert_eq!(run("A=1\r\nB=2\r\n", &[("C", "3"), ("A", "9")]), "A=9\r\nB=2\r\nC=3\r\n");
        // No final line ending before, none after.
        assert_eq!(run("A=1", &[("C", "3")]), "A=1\nC=3");
    }

    #[test]
    fn continued_value_is_replaced_whole_keeping_comments() {
        let text = "D=\\\n  a,\\\n#b,\\\n  c\nE=1\n";
        assert_eq!(run(text, &[("D", "x")]), "D=x\n#b,\\\nE=1\n");
    }

    #[test]
    fn duplicates_edit_the_last() {
        let set = one("A=1\nA=2\n");
        let plan =
            super::set(&set, &Target::Existing(FileId(0)), &[("A".into(), "3".into())]).unwrap();
        assert_eq!(
            apply("A=1\nA=2\n", &plan.edits.iter().collect::<Vec<_>>()).unwrap(),
            "A=1\nA=3\n"
        );
        assert_eq!(plan.notes.len(), 1);
    }

    #[test]
    fn unset_removes_every_occurrence() {
        let text = "A=1\nB=2\na=3";
        let set = one(text);
        let plan = unset(&set, 0, &["A".into()]).unwrap();
        assert_eq!(apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap(), "B=2\n");
    }

    #[test]
    fn assignments() {
        assert_eq!(parse_assignment("LOG_X=1=2"), Ok(("LOG_X".into(), "1=2".into())));
        assert!(parse_assignment("novalue").is_err());
        assert!(parse_assignment("=1").is_err());
        assert!(parse_assignment("#LOG_X=1").is_err());
        assert!(parse_assignment("A=x\\").is_err());
    }
}
