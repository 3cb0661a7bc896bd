//! DSP109: a service section has no IMAGE.

use super::DispatcherFile;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP109 `service-without-image` (warning by default): a service section has no IMAGE, so
/// nothing says which program serves its connections.
pub const SERVICE_WITHOUT_IMAGE: RuleInfo = RuleInfo {
    code: "DSP109",
    name: "service-without-image",
    severity: Severity::Warning,
    summary: "A service section has no IMAGE, so nothing says which program serves its connections.",
    why: "IMAGE names the worker program the Dispatcher starts for a service. Only recent releases know a built-in program for SMTP; elsewhere a service without IMAGE gets no workers.",
    example: "[SERVICE=SMTP_SUBMIT]\nPORT=587",
    fix: "Add an IMAGE= line naming the worker program, for example IMAGE=IMTA_BIN:tcp_smtp_server.",
};

/// Report every service section of dispatcher.cnf without an IMAGE, own or inherited.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    file.each_service_lacking(
        &SERVICE_WITHOUT_IMAGE,
        &["IMAGE"],
        |service| format!("service {service} has no IMAGE: no worker program is named for it"),
        "add IMAGE= with the worker program, e.g. IMAGE=IMTA_BIN:tcp_smtp_server (only recent releases have a built-in default, for SMTP)",
        out,
    );
}
