//! Which file reads an option: for an option written in a file that does not read it,
//! the lint rules and the editing commands both name the file where it belongs.
//!
//! Layer: uses the catalog's tables only.

use super::catalog::Catalog;
use super::{Provenance, doc};
use crate::syntax::Kind;

/// The file that reads an option, with the catalog entry's provenance.
#[derive(Debug, Clone)]
pub enum Home {
    /// A global option: it belongs in option.dat.
    OptionDat(Provenance),
    /// A channel option: it belongs in a `<channel>_option` file.
    ChannelFile(Provenance),
    /// An imta_tailor entry.
    Tailor(Provenance),
    /// DNS_VERIFY_DOMAIN, which only dispatcher.cnf reads.
    DnsVerifyDomain(Provenance),
    /// A dispatcher.cnf option.
    Dispatcher(Provenance),
    /// A job_controller.cnf option.
    JobController(Provenance),
}

impl Home {
    /// Where the fact comes from.
    pub fn provenance(&self) -> &Provenance {
        match self {
            Home::OptionDat(p)
            | Home::ChannelFile(p)
            | Home::Tailor(p)
            | Home::DnsVerifyDomain(p)
            | Home::Dispatcher(p)
            | Home::JobController(p) => p,
        }
    }

    /// What kind of option it is, as a phrase (`a channel option`).
    pub fn what(&self) -> &'static str {
        match self {
            Home::OptionDat(_) => "a global MTA option",
            Home::ChannelFile(_) => "a channel option",
            Home::Tailor(_) => "an imta_tailor entry",
            Home::DnsVerifyDomain(_) | Home::Dispatcher(_) => "a Dispatcher option",
            Home::JobController(_) => "a Job Controller option",
        }
    }

    /// Where to set it instead.
    pub fn help(&self) -> &'static str {
        match self {
            Home::OptionDat(_) => "move the line to option.dat",
            Home::ChannelFile(_) => {
                "move the line to the option file of the channel it is meant for (for the SMTP server and client usually tcp_local_option)"
            }
            Home::Tailor(_) => "set it in imta_tailor",
            Home::DnsVerifyDomain(_) => {
                "put it in the [SERVICE=SMTP] section of dispatcher.cnf (one line per DNS list)"
            }
            Home::Dispatcher(_) => {
                "set it in dispatcher.cnf, globally or in the section of the service it is for"
            }
            Home::JobController(_) => "set it in job_controller.cnf",
        }
    }
}

impl Catalog {
    /// The file that reads an option, when it is not a file of kind `kind`; `upper` is the
    /// upper-case name. `None` when no table knows the name.
    pub fn home_elsewhere(&self, kind: Kind, upper: &str) -> Option<Home> {
        if upper == "DNS_VERIFY_DOMAIN" {
            let p = self
                .dispatcher
                .get_folded(upper)
                .map_or(doc("spec option-dat §4.1"), |i| i.provenance.clone());
            return Some(Home::DnsVerifyDomain(p));
        }
        if kind != Kind::Option
            && let Some(i) = self.options.get_folded(upper)
        {
            return Some(Home::OptionDat(i.provenance.clone()));
        }
        if kind != Kind::ChannelOption
            && let Some(i) = self.channel_options.get_folded(upper)
        {
            return Some(Home::ChannelFile(i.provenance.clone()));
        }
        if kind != Kind::Tailor
            && let Some(i) = self.tailor.get_folded(upper)
        {
            return Some(Home::Tailor(i.provenance.clone()));
        }
        if let Some(i) = self.dispatcher.get_folded(upper) {
            return Some(Home::Dispatcher(i.provenance.clone()));
        }
        if let Some(i) = self.job_controller.get_folded(upper) {
            return Some(Home::JobController(i.provenance.clone()));
        }
        None
    }
}
