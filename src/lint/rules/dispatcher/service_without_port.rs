//! DSP108: a service section has neither PORT nor TLS_PORT.

use super::DispatcherFile;
use crate::lint::table::SERVICE_WITHOUT_PORT;
use crate::lint::{Context, Diagnostic};

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
