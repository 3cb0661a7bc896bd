//! DSP109: a service section has no IMAGE.

use super::DispatcherFile;
use crate::lint::table::SERVICE_WITHOUT_IMAGE;
use crate::lint::{Context, Diagnostic};

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
