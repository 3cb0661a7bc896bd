//! DSP114: twice the sum over the services of STACKSIZE × MAX_CONNS exceeds the process
//! data-segment limit (checked only when a datasize is known).

use super::DispatcherFile;
use crate::lint::table::HEAP_EXCEEDS_DATASIZE;
use crate::lint::{Context, Diagnostic, Severity};
use crate::model::Span;
use crate::model::heap::{Datasize, HeapSource, HeapValue, heap_requirement};

/// Compare the services' STACKSIZE × MAX_CONNS, doubled, with the data-segment limit
/// (`datasize`); nothing is checked while that limit is unknown.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    let Some(Datasize::Bytes(limit)) = file.ctx.options.datasize else {
        return;
    };
    if !file.top {
        return;
    }
    let report = heap_requirement(file.m, file.text);
    if report.required <= u128::from(limit) {
        return;
    }
    let show = |v: &HeapValue| -> String {
        let from = match v.source {
            HeapSource::Service => "",
            HeapSource::Global => " (global)",
            HeapSource::Unknown => "",
        };
        match (&v.value, &v.text) {
            (Some(n), _) => format!("{n}{from}"),
            (None, Some(t)) => format!("`{t}`{from} (not a number)"),
            (None, None) => "unset".to_string(),
        }
    };
    let mut help = String::from("per service, STACKSIZE × MAX_CONNS:");
    for s in &report.services {
        help.push_str(&format!(
            "\n  {}: {} × {} = {}",
            s.service,
            show(&s.stacksize),
            show(&s.max_conns),
            s.product.map_or_else(|| "unknown".to_string(), |p| p.to_string())
        ));
    }
    help.push_str(&format!(
        "\nsum {}; the data segment needs at least twice that, {} bytes ({} KB as ulimit -d counts), but the limit is {limit} bytes",
        report.sum,
        report.required,
        report.required.div_ceil(1024)
    ));
    if !report.unknown.is_empty() {
        help.push_str(&format!(
            "\nleft out because STACKSIZE or MAX_CONNS is unknown: {} (the real requirement is higher)",
            report.unknown.join(", ")
        ));
    }
    help.push_str("\nraise the limit (ulimit -d) or lower MAX_CONNS or STACKSIZE");
    let span = report.services.first().map_or(Span::new(0, 0), |s| s.header);
    let mut d = Diagnostic::new(
        &HEAP_EXCEEDS_DATASIZE,
        file.fi,
        span,
        format!(
            "the services need a data segment of at least {} bytes (2 × {}), more than the limit of {limit} bytes",
            report.required, report.sum
        ),
    )
    .label("heap rule fails for the services of this file")
    .help(help);
    if let Some(info) = file.table.get_folded("STACKSIZE") {
        d = d.evidence(&info.provenance);
    }
    if !file.m.includes.is_empty() {
        // Values set in included files are not part of this file's model.
        d.severity = d.severity.min(Severity::Warning);
        if let Some(h) = d.help.as_mut() {
            h.to_mut()
                .push_str("\nthis file includes other files; values set there are not counted");
        }
    }
    out.push(d);
}
