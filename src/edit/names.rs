//! Names an edit is about to write, checked against the catalog before anything is
//! planned: an option or a service section imtacfg does not know is refused with the
//! nearest known name, and an option that another file reads is refused with the name of
//! that file. `--force` writes them anyway.
//!
//! Layer: uses `knowledge` and `lint::suggest` (the shared "did you mean").

use super::{EditError, err};
use crate::knowledge::{Catalog, Home};
use crate::lint::suggest::did_you_mean;
use crate::model::dispatcher::DispatcherModel;
use crate::syntax::Kind;

/// Refuse (unless `force`) each name that files of `kind` do not read.
pub fn check_options<'a>(
    catalog: &Catalog,
    kind: Kind,
    names: impl IntoIterator<Item = &'a str>,
    force: bool,
) -> Result<(), EditError> {
    if force {
        return Ok(());
    }
    let known: Vec<&str> = match kind {
        Kind::Option => catalog.options.names().collect(),
        Kind::ChannelOption => catalog.channel_options.names().collect(),
        Kind::Tailor => catalog.tailor.names().collect(),
        Kind::Dispatcher => catalog.dispatcher.names().collect(),
        Kind::JobController => catalog.job_controller.names().collect(),
        Kind::Imta | Kind::ImtaChannels => return Ok(()),
    };
    for name in names {
        let upper = name.to_ascii_uppercase();
        if known.iter().any(|k| k.eq_ignore_ascii_case(&upper)) {
            continue;
        }
        let file = kind.label();
        if let Some(home) = catalog.home_elsewhere(kind, &upper) {
            let instead = match home {
                Home::ChannelFile(_) => format!(
                    "set it in the channel's option file, e.g. `imtacfg option set --file tcp_local_option {name}=…`"
                ),
                Home::OptionDat(_) => {
                    format!("set it in option.dat: `imtacfg option set {name}=…`")
                }
                _ => home.help().to_string(),
            };
            return err(format!(
                "`{name}` is {}, which {file} does not read; {instead} (use --force to write it here anyway)",
                home.what(),
            ));
        }
        let hint = did_you_mean(&upper, known.iter().copied())
            .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
        return err(format!(
            "`{name}` is not an option of {file} that imtacfg knows{hint} (use --force to write it anyway)"
        ));
    }
    Ok(())
}

/// Refuse (unless `create`) a `[SERVICE=name]` section the file does not have: setting an
/// option there would create it, which a misspelt name should not do unasked.
pub fn check_service(m: &DispatcherModel, name: &str, create: bool) -> Result<(), EditError> {
    if create || super::dispatcher::find_section(m, "SERVICE", name).is_some() {
        return Ok(());
    }
    let services: Vec<String> = m
        .sections
        .iter()
        .filter(|s| s.kind_normalized.eq_ignore_ascii_case("SERVICE"))
        .map(|s| s.name_normalized.clone())
        .collect();
    let hint = did_you_mean(name, services.iter().map(String::as_str))
        .map_or(String::new(), |s| format!("; did you mean `{s}`?"));
    err(format!("there is no [SERVICE={name}] section{hint} (add --create to create it)"))
}
