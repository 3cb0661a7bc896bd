//! DSP116: more DNS_VERIFY_DOMAIN lines in a section than the five the Dispatcher uses.

use super::DispatcherFile;
use crate::lint::table::TOO_MANY_DNS_VERIFY_DOMAINS;
use crate::lint::{Context, Diagnostic};
use crate::model::options::OptionSetting;

/// Report the first DNS_VERIFY_DOMAIN line of a section beyond the catalog's repeat limit
/// (five).
pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(&file, out);
    }
}

fn check_file(file: &DispatcherFile, out: &mut Vec<Diagnostic>) {
    let Some(info) = file.table.get_folded("DNS_VERIFY_DOMAIN") else {
        return;
    };
    let Some(limit) = info.max_repeat else { return };
    for (sec, ids) in file.scope_ranges() {
        let found: Vec<&OptionSetting> =
            ids.map(|i| file.setting(i)).filter(|s| s.normalized == info.name).collect();
        if found.len() <= limit as usize {
            continue;
        }
        let extra = found[limit as usize];
        out.push(
            Diagnostic::new(
                &TOO_MANY_DNS_VERIFY_DOMAINS,
                file.fi,
                extra.span.trim_end(file.text),
                format!(
                    "{} has {} DNS_VERIFY_DOMAIN lines; only {limit} are used",
                    file.scope_label(sec),
                    found.len()
                ),
            )
            .related(file.fi, found[0].span, "the first one")
            .help(format!("keep at most {limit} block lists in one section"))
            .evidence(&info.provenance),
        );
    }
}
