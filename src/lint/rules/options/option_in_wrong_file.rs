//! OPT107: an option that the file does not read but another file does (option.dat, a
//! channel option file, imta_tailor, dispatcher.cnf, job_controller.cnf).

use super::OptionFile;
use crate::knowledge::{Provenance, doc};
use crate::lint::{Context, Diagnostic, RuleInfo, Severity};
use crate::model::options::OptionSetting;
use crate::syntax::Kind;

pub const OPTION_IN_WRONG_FILE: RuleInfo = RuleInfo {
    code: "OPT107",
    name: "option-in-wrong-file",
    severity: Severity::Warning,
    summary: "An option sits in a file that does not read it.",
    why: "Global MTA options, TCP/IP channel options, imta_tailor entries and Dispatcher options are each read from their own file. In any other file the line is ignored, so the setting has no effect.",
    example: "MAX_B_ENTRIES=20    (in option.dat; it is a TCP/IP channel option)",
    fix: "Move the line to the file named in the message: option.dat, the channel's `<channel>_option` file, imta_tailor, or the right section of dispatcher.cnf.",
};

pub fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for file in super::files(ctx) {
        check_file(ctx, &file, out);
    }
}

fn check_file(ctx: &Context, file: &OptionFile, out: &mut Vec<Diagnostic>) {
    for s in &file.m.settings {
        let name = s.name.text(file.text);
        if !super::is_option_name(name) || file.table.get_folded(&s.normalized).is_some() {
            continue;
        }
        if let Some(home) = home_elsewhere(ctx, file.f.kind, &s.normalized) {
            out.push(wrong_file(file.fi, s, name, &file.file, home));
        }
    }
}

/// Where an option that the file's own table does not know belongs instead.
#[derive(Debug, Clone)]
pub enum Home {
    OptionDat(Provenance),
    ChannelFile(Provenance),
    Tailor(Provenance),
    DnsVerifyDomain(Provenance),
    Dispatcher(Provenance),
    JobController(Provenance),
}

impl Home {
    fn provenance(self) -> Provenance {
        match self {
            Home::OptionDat(p)
            | Home::ChannelFile(p)
            | Home::Tailor(p)
            | Home::DnsVerifyDomain(p)
            | Home::Dispatcher(p)
            | Home::JobController(p) => p,
        }
    }
}

pub fn home_elsewhere(ctx: &Context, kind: Kind, upper: &str) -> Option<Home> {
    let c = ctx.catalog;
    if upper == "DNS_VERIFY_DOMAIN" {
        let p = c
            .dispatcher
            .get_folded(upper)
            .map_or(doc("spec option-dat §4.1"), |i| i.provenance.clone());
        return Some(Home::DnsVerifyDomain(p));
    }
    if kind != Kind::Option
        && let Some(i) = c.options.get_folded(upper)
    {
        return Some(Home::OptionDat(i.provenance.clone()));
    }
    if kind != Kind::ChannelOption
        && let Some(i) = c.channel_options.get_folded(upper)
    {
        return Some(Home::ChannelFile(i.provenance.clone()));
    }
    if kind != Kind::Tailor
        && let Some(i) = c.tailor.get_folded(upper)
    {
        return Some(Home::Tailor(i.provenance.clone()));
    }
    if let Some(i) = c.dispatcher.get_folded(upper) {
        return Some(Home::Dispatcher(i.provenance.clone()));
    }
    if let Some(i) = c.job_controller.get_folded(upper) {
        return Some(Home::JobController(i.provenance.clone()));
    }
    None
}

fn wrong_file(fi: usize, s: &OptionSetting, name: &str, file: &str, home: Home) -> Diagnostic {
    let (what, help) = match home {
        Home::OptionDat(_) => (
            "a global MTA option".to_string(),
            "move the line to option.dat".to_string(),
        ),
        Home::ChannelFile(_) => (
            "a channel option".to_string(),
            "move the line to the option file of the channel it is meant for (for the SMTP server and client usually tcp_local_option)".to_string(),
        ),
        Home::Tailor(_) => (
            "an imta_tailor entry".to_string(),
            "set it in imta_tailor".to_string(),
        ),
        Home::DnsVerifyDomain(_) => (
            "a Dispatcher option".to_string(),
            "put it in the [SERVICE=SMTP] section of dispatcher.cnf (one line per DNS list)".to_string(),
        ),
        Home::Dispatcher(_) => (
            "a Dispatcher option".to_string(),
            "set it in dispatcher.cnf, globally or in the section of the service it is for".to_string(),
        ),
        Home::JobController(_) => (
            "a Job Controller option".to_string(),
            "set it in job_controller.cnf".to_string(),
        ),
    };
    Diagnostic::new(
        &OPTION_IN_WRONG_FILE,
        fi,
        s.name,
        format!("`{name}` is {what}; {file} does not read it"),
    )
    .help(help)
    .evidence(&home.provenance())
}
