//! DSP105: MIN_PROCS above MAX_PROCS, or MIN_CONNS above MAX_CONNS, for a service.

use super::DispatcherFile;
use crate::lint::keys::{FastSet, Folded};
use crate::lint::table::MIN_EXCEEDS_MAX;
use crate::lint::{Context, Diagnostic};
use crate::model::dispatcher::ValueSource;
use crate::model::radix::parse_int;

/// Report every service whose MIN_PROCS exceeds MAX_PROCS or whose MIN_CONNS exceeds
/// MAX_CONNS, inherited global values included.
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    for (min_name, max_name) in [("MIN_PROCS", "MAX_PROCS"), ("MIN_CONNS", "MAX_CONNS")] {
        // Services that inherit a contradicting pair from the globals: one report.
        let mut global_pair: Vec<String> = Vec::new();
        // Names already in `global_pair`: a search of the list per service was quadratic
        // in the number of services.
        let mut listed: FastSet<Folded<'_>> = FastSet::default();
        let mut global_settings = None;
        // What a service inherits is the same for all of them: looked up once.
        let (lo_option, hi_option) = (file.option(min_name), file.option(max_name));
        for sec in file.checked_services() {
            let (Some((lo, lo_from)), Some((hi, hi_from))) =
                (file.effective_of(sec, &lo_option), file.effective_of(sec, &hi_option))
            else {
                continue;
            };
            let (Ok(lo_v), Ok(hi_v)) =
                (parse_int(lo.value_trimmed()), parse_int(hi.value_trimmed()))
            else {
                continue;
            };
            if lo_v <= hi_v {
                continue;
            }
            let service = file.m.sections[sec].name.text(file.text).trim();
            if lo_from == ValueSource::Global && hi_from == ValueSource::Global {
                if listed.insert(Folded(service)) {
                    global_pair.push(service.to_string());
                }
                global_settings = Some((lo, hi));
                continue;
            }
            let from = |v: ValueSource| match v {
                ValueSource::Section => "this section",
                ValueSource::Global => "global",
            };
            let (at, other) = if lo_from == ValueSource::Section { (lo, hi) } else { (hi, lo) };
            let mut d = Diagnostic::new(
                &MIN_EXCEEDS_MAX,
                file.fi,
                at.span,
                format!(
                    "service {service}: {min_name}={} ({}) > {max_name}={} ({})",
                    lo.value_trimmed(),
                    from(lo_from),
                    hi.value_trimmed(),
                    from(hi_from)
                ),
            )
            .related(file.fi, other.span, format!("{} comes from here", other.name.text(file.text)))
            .help(format!("lower {min_name} or raise {max_name}"));
            if let Some(info) = file.table.get_folded(min_name) {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
        if let Some((lo, hi)) = global_settings {
            let mut d = Diagnostic::new(
                &MIN_EXCEEDS_MAX,
                file.fi,
                lo.span,
                format!(
                    "{min_name}={} (global) > {max_name}={} (global), inherited by {}",
                    lo.value_trimmed(),
                    hi.value_trimmed(),
                    list_services(&global_pair)
                ),
            )
            .label(format!("{min_name} above {max_name}"))
            .related(file.fi, hi.span, format!("{max_name} is set here"))
            .help(format!(
                "lower {min_name} or raise {max_name}; a service can also override either"
            ));
            if let Some(info) = file.table.get_folded(min_name) {
                d = d.evidence(&info.provenance);
            }
            out.push(d);
        }
    }
}

fn list_services(services: &[String]) -> String {
    match services {
        [one] => format!("service {one}"),
        _ => format!("services {}", services.join(", ")),
    }
}
