//! DSP116: more DNS_VERIFY_DOMAIN lines in a section than the five the Dispatcher uses.

use super::DispatcherFile;
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::options::OptionSetting;

/// DSP116 `too-many-dns-verify-domains` (error by default): a section has more
/// DNS_VERIFY_DOMAIN lines than the five the Dispatcher uses.
pub const TOO_MANY_DNS_VERIFY_DOMAINS: RuleInfo = RuleInfo {
    code: "DSP116",
    name: "too-many-dns-verify-domains",
    severity: Severity::Error,
    summary: "A section has more DNS_VERIFY_DOMAIN lines than the five the Dispatcher uses.",
    why: "The Dispatcher consults at most five DNS block lists per service. The extra lines are not used, so the service is less protected than the file suggests.",
    example: "[SERVICE=SMTP]\nPORT=25\nDNS_VERIFY_DOMAIN=a.example\nDNS_VERIFY_DOMAIN=b.example\nDNS_VERIFY_DOMAIN=c.example\nDNS_VERIFY_DOMAIN=d.example\nDNS_VERIFY_DOMAIN=e.example\nDNS_VERIFY_DOMAIN=f.example",
    fix: "Keep the five block lists you trust most and delete the others.",
};

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
    for (sec, ids) in file.scopes() {
        let found: Vec<&OptionSetting> =
            ids.iter().map(|&i| file.setting(i)).filter(|s| s.normalized == info.name).collect();
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
