//! Setting and unsetting options of dispatcher.cnf (and job_controller.cnf): globally, or
//! in one service section; a missing service section is created at the end.

use super::options::{remove_setting, replace_value};
use super::verify::{FileRef, Intent};
use super::{EditError, Plan, after_line, append_line, line_ending};
use crate::model::Span;
use crate::model::config_set::{ConfigFile, ConfigSet};
use crate::model::dispatcher::DispatcherModel;
use crate::model::options::OptionSetting;

/// Settings of one scope: the globals, or a section's.
fn scope_settings(m: &DispatcherModel, section: Option<usize>) -> Vec<&OptionSetting> {
    let idx = match section {
        Some(s) => &m.sections[s].settings,
        None => &m.globals,
    };
    idx.iter().map(|&i| &m.settings[i]).collect()
}

/// File `fi` of the set and its dispatcher model, or an error when it is not a
/// dispatcher-family file.
fn dispatcher_file(
    set: &ConfigSet,
    fi: usize,
) -> Result<(&ConfigFile, &DispatcherModel), EditError> {
    let f = &set.files[fi];
    let m = f
        .dispatcher()
        .ok_or_else(|| EditError::Request(format!("{} is not a dispatcher file", f.name())))?;
    Ok((f, m))
}

/// The index of the first `[KIND=NAME]` section, both parts compared case-insensitively.
pub fn find_section(m: &DispatcherModel, kind: &str, name: &str) -> Option<usize> {
    m.sections.iter().position(|s| {
        s.kind_normalized.eq_ignore_ascii_case(kind) && s.name_normalized.eq_ignore_ascii_case(name)
    })
}

/// Plan `NAME=VALUE` settings in the globals (`service: None`) or in `[SERVICE=service]`.
pub fn set(
    set: &ConfigSet,
    fi: usize,
    service: Option<&str>,
    assignments: &[(String, String)],
) -> Result<Plan, EditError> {
    let (f, m) = dispatcher_file(set, fi)?;
    let text = &f.source.text;
    let eol = line_ending(text);
    let mut plan = Plan::default();
    let header = service.map(|s| ("SERVICE".to_string(), s.to_ascii_uppercase()));
    for (n, v) in assignments {
        plan.intents.push(Intent::SetOption {
            file: FileRef::Existing(fi.into()),
            section: header.clone(),
            name: n.clone(),
            value: v.clone(),
        });
    }
    let section = match service {
        Some(s) => match find_section(m, "SERVICE", s) {
            Some(i) => {
                let count = m
                    .sections
                    .iter()
                    .filter(|x| {
                        x.kind_normalized == "SERVICE" && x.name_normalized.eq_ignore_ascii_case(s)
                    })
                    .count();
                if count > 1 {
                    plan.notes.push(format!(
                        "[SERVICE={s}] appears {count} times in {}; edited the first one",
                        f.name()
                    ));
                }
                Some(i)
            }
            None => {
                // A new section at the end of the file.
                let mut body = format!("[SERVICE={s}]");
                for (n, v) in assignments {
                    body.push_str(eol);
                    body.push_str(&format!("{}={v}", n.to_ascii_uppercase()));
                }
                let (span, rep) = append_line(text, &body);
                plan.push(fi, span, rep);
                plan.notes
                    .push(format!("created section [SERVICE={s}] at the end of {}", f.name()));
                return Ok(plan);
            }
        },
        None => None,
    };
    let settings = scope_settings(m, section);
    let mut new_lines = String::new();
    for (n, v) in assignments {
        let upper = n.to_ascii_uppercase();
        let same: Vec<&&OptionSetting> =
            settings.iter().filter(|s| s.normalized == upper).collect();
        match same.last() {
            Some(s) => {
                if same.len() > 1 {
                    plan.notes.push(format!(
                        "{upper} is set {} times here; changed the last one",
                        same.len()
                    ));
                }
                if s.value_trimmed() != v.trim() || s.is_continued() {
                    let (span, rep) = replace_value(text, s, v);
                    plan.push(fi, span, rep);
                }
            }
            None => {
                new_lines.push_str(&format!("{upper}={v}{eol}"));
            }
        }
    }
    if !new_lines.is_empty() {
        // After the scope's last setting; else after the section header; globals without
        // settings go before the first section header (or at the end of an empty file).
        // After a setting whose value ends in a dangling `\`, a blank line first keeps the new
        // lines from being joined to it.
        let at = match (settings.last(), section) {
            (Some(s), _) => Some(after_line(text, s.span.end as usize)),
            (None, Some(sec)) => Some(after_line(text, m.sections[sec].header.end as usize)),
            (None, None) => {
                m.sections.first().map(|s| super::line_start(text, s.header.start as usize))
            }
        };
        // Comment lines may sit between a dangling `\` and the insertion point.
        if at.is_some_and(|at| super::joins_previous(text, at, super::option_comment)) {
            new_lines.insert_str(0, eol);
        }
        match at {
            Some(at) if at <= text.len() => {
                // The line we insert after may be the last line without a final newline.
                let rep = if at == text.len() {
                    format!("{}{new_lines}", super::final_break(text))
                } else {
                    new_lines
                };
                plan.push(fi, Span::new(at, at), rep);
            }
            _ => {
                let (span, rep) = append_line(text, new_lines.trim_end_matches(['\r', '\n']));
                plan.push(fi, span, rep);
            }
        }
    }
    Ok(plan)
}

/// Plan removing options from the globals or a service section.
pub fn unset(
    set: &ConfigSet,
    fi: usize,
    service: Option<&str>,
    names: &[String],
) -> Result<Plan, EditError> {
    let (f, m) = dispatcher_file(set, fi)?;
    let text = &f.source.text;
    let section = match service {
        Some(s) => Some(find_section(m, "SERVICE", s).ok_or_else(|| {
            EditError::Request(format!("no section [SERVICE={s}] in {}", f.name()))
        })?),
        None => None,
    };
    let mut plan = Plan::default();
    for n in names {
        let upper = n.to_ascii_uppercase();
        plan.intents.push(Intent::UnsetOption {
            file: FileRef::Existing(fi.into()),
            section: service.map(|s| ("SERVICE".to_string(), s.to_ascii_uppercase())),
            name: upper.clone(),
        });
        for s in scope_settings(m, section).into_iter().filter(|s| s.normalized == upper) {
            let (span, rep) = remove_setting(text, s);
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
    use crate::syntax::Kind;

    fn run(text: &str, service: Option<&str>, a: &[(&str, &str)]) -> String {
        let set = ConfigSet::from_source(
            SourceFile::from_text("dispatcher.cnf", text.into(), Encoding::Utf8),
            Kind::Dispatcher,
            &Catalog::builtin(),
        );
        let a: Vec<(String, String)> =
            a.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        let plan = set_fn(&set, service, &a);
        apply(text, &plan.edits.iter().collect::<Vec<_>>()).unwrap()
    }

    fn set_fn(s: &ConfigSet, service: Option<&str>, a: &[(String, String)]) -> Plan {
        set(s, 0, service, a).unwrap()
    }

    #[test]
    fn global_section_and_new_section() {
        let text = "MAX_CONNS=20\n[SERVICE=SMTP]\nPORT=25\n! end\n";
        assert_eq!(
            run(text, None, &[("DEBUG", "-1")]),
            "MAX_CONNS=20\nDEBUG=-1\n[SERVICE=SMTP]\nPORT=25\n! end\n"
        );
        assert_eq!(
            run(text, Some("smtp"), &[("PORT", "2525"), ("STACKSIZE", "1")]),
            "MAX_CONNS=20\n[SERVICE=SMTP]\nPORT=2525\nSTACKSIZE=1\n! end\n"
        );
        assert_eq!(
            run(text, Some("LMTP"), &[("PORT", "225")]),
            "MAX_CONNS=20\n[SERVICE=SMTP]\nPORT=25\n! end\n[SERVICE=LMTP]\nPORT=225\n"
        );
        assert_eq!(
            run("[SERVICE=SMTP]\nPORT=25", Some("SMTP"), &[("DEBUG", "1")]),
            "[SERVICE=SMTP]\nPORT=25\nDEBUG=1\n"
        );
    }
}
