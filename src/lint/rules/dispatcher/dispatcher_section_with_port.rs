//! DSP118: [SERVICE=DISPATCHER] carries PORT, IMAGE or LOGFILE.

use super::DispatcherFile;
use crate::lint::table::DISPATCHER_SECTION_WITH_PORT;
use crate::lint::{Context, Diagnostic};

/// Report PORT, IMAGE and LOGFILE inside `[SERVICE=DISPATCHER]`.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    for (sec, _) in file.m.sections_of("SERVICE") {
        if !file.is_dispatcher_section(sec) {
            continue;
        }
        for &i in &file.m.sections[sec].settings {
            let s = file.setting(i);
            if matches!(s.normalized.as_str(), "PORT" | "IMAGE" | "LOGFILE") {
                out.push(
                    Diagnostic::new(
                        &DISPATCHER_SECTION_WITH_PORT,
                        file.fi,
                        s.name,
                        format!(
                            "`{}` in [SERVICE=DISPATCHER]: that section configures the Dispatcher itself, not a listening service",
                            file.name(s)
                        ),
                    )
                    .help("move the line into the service section it was meant for"),
                );
            }
        }
    }
}
