//! DSP109: a service section has no IMAGE.

use super::DispatcherFile;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

pub const SERVICE_WITHOUT_IMAGE: RuleInfo = RuleInfo {
    code: "DSP109",
    name: "service-without-image",
    severity: Severity::Warning,
    summary: "A service section has no IMAGE, so nothing says which program serves its connections.",
    why: "IMAGE names the worker program the Dispatcher starts for a service. Only recent releases know a built-in program for SMTP; elsewhere a service without IMAGE gets no workers.",
    example: "[SERVICE=SMTP_SUBMIT]\nPORT=587",
    fix: "Add an IMAGE= line naming the worker program, for example IMAGE=IMTA_BIN:tcp_smtp_server.",
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
        if file.effective(sec, "IMAGE").is_none() {
            let mut d = Diagnostic::new(
                &SERVICE_WITHOUT_IMAGE,
                file.fi,
                s.header,
                format!("service {service} has no IMAGE: no worker program is named for it"),
            )
            .help("add IMAGE= with the worker program, e.g. IMAGE=IMTA_BIN:tcp_smtp_server (only recent releases have a built-in default, for SMTP)");
            if let Some(info) = file.table.get_folded("IMAGE") {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }
}
