//! DSP108: a service section has neither PORT nor TLS_PORT.

use super::DispatcherFile;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};

/// DSP108 `service-without-port` (warning by default): a service section has neither PORT
/// nor TLS_PORT.
pub const SERVICE_WITHOUT_PORT: RuleInfo = RuleInfo {
    code: "DSP108",
    name: "service-without-port",
    severity: Severity::Warning,
    summary: "A service section has neither PORT nor TLS_PORT.",
    why: "A Dispatcher service exists to accept connections. Without a port there is nothing to listen on, so the service is dead weight, often the remains of an unfinished edit.",
    example: "[SERVICE=SMTP_SUBMIT]\nIMAGE=IMTA_BIN:tcp_smtp_server",
    fix: "Add a PORT= (or TLS_PORT=) line to the section, or remove the section.",
};

/// Report every service section of dispatcher.cnf with neither PORT nor TLS_PORT.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    file.each_service_lacking(
        &SERVICE_WITHOUT_PORT,
        &["PORT", "TLS_PORT"],
        |service| format!("service {service} has neither PORT nor TLS_PORT"),
        "add PORT= to the section, or remove the section if the service is not used",
        out,
    );
}
