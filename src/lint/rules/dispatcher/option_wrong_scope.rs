//! DSP102: an option in a part of dispatcher.cnf where it does not apply.

use super::DispatcherFile;
use crate::knowledge::ServiceOptionInfo;
use crate::lint::table::OPTION_WRONG_SCOPE;
use crate::lint::{Context, Diagnostic};

/// Report every dispatcher.cnf option outside the places its catalog scope allows (globals,
/// service sections, `[SERVICE=DISPATCHER]`).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    let infos = file.infos();
    let keys = file.m.index().name_keys();
    for (sec, ids) in file.scope_ranges() {
        if sec.is_none() && !file.top {
            // The "globals" of an included file land wherever the include line is.
            continue;
        }
        let in_dispatcher = sec.is_some_and(|i| file.is_dispatcher_section(i));
        for i in ids {
            let Some(info) = infos[keys[i].index()] else { continue };
            let allowed = match sec {
                None => info.scope.global,
                Some(_) if in_dispatcher => info.scope.dispatcher,
                Some(_) => info.scope.section,
            };
            if allowed {
                continue;
            }
            let s = file.setting(i);
            let name = file.name(s);
            let message = match sec {
                None if !info.scope.global => {
                    format!("`{name}` cannot be a global default")
                }
                Some(_) if in_dispatcher && !info.scope.dispatcher => {
                    if matches!(info.name.as_str(), "PORT" | "IMAGE" | "LOGFILE") {
                        continue; // DSP118
                    }
                    format!("`{name}` does not apply to the Dispatcher process itself")
                }
                Some(_) if !in_dispatcher && !info.scope.section => {
                    format!("`{name}` is not a per-service option")
                }
                _ => continue,
            };
            out.push(
                Diagnostic::new(&OPTION_WRONG_SCOPE, file.fi, s.name, message)
                    .help(format!("it belongs in {}", allowed_places(info)))
                    .evidence(&info.provenance),
            );
        }
    }
}

/// Where an option may be written, in words.
fn allowed_places(info: &ServiceOptionInfo) -> String {
    let mut places = Vec::new();
    if info.scope.global {
        places.push("the global options (before the first section)");
    }
    if info.scope.section {
        places.push("a service section");
    }
    if info.scope.dispatcher {
        places.push("[SERVICE=DISPATCHER]");
    }
    match places.len() {
        0 => "no part of this file".to_string(),
        1 => places[0].to_string(),
        _ => {
            let last = places.pop().unwrap_or_default();
            format!("{} or {last}", places.join(", "))
        }
    }
}
