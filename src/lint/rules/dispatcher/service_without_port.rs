//! DSP108: a service section has neither PORT nor TLS_PORT.

use super::DispatcherFile;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

pub const SERVICE_WITHOUT_PORT: RuleInfo = RuleInfo {
    code: "DSP108",
    name: "service-without-port",
    severity: Severity::Warning,
    summary: "A service section has neither PORT nor TLS_PORT.",
    why: "A Dispatcher service exists to accept connections. Without a port there is nothing to listen on, so the service is dead weight, often the remains of an unfinished edit.",
    example: "[SERVICE=SMTP_SUBMIT]\nIMAGE=IMTA_BIN:tcp_smtp_server",
    fix: "Add a PORT= (or TLS_PORT=) line to the section, or remove the section.",
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    for sec in file.checked_services() {
        let s = &file.m.sections[sec];
        let service = s.name.text(file.text).trim();
        if file.effective(sec, "PORT").is_none() && file.effective(sec, "TLS_PORT").is_none() {
            let mut d = Diagnostic::new(
                &SERVICE_WITHOUT_PORT,
                file.fi,
                s.header,
                format!("service {service} has neither PORT nor TLS_PORT"),
            )
            .help("add PORT= to the section, or remove the section if the service is not used");
            if let Some(info) = file.table.get_folded("PORT") {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }
}
