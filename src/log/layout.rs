//! What a configuration says the log looks like: the `LOG_*` values of option.dat (with
//! the defaults `LOG_FORMAT` above 3 switches on), the channel option files'
//! `LOG_BANNER`, `LOG_TRANSPORTINFO` and `LOG_CONNECTION`, which channels log at all,
//! where the files are, and so the fields of a message and of a connection entry in order.
//!
//! Layer: uses `model` (config set, option models, channel logging), `log::fields`,
//! `log::profile`, `log::render`.

use std::collections::BTreeMap;

use super::fields::{Enable, Entries, FieldDef, order};
use super::profile::{Profile, ValueSource};
use super::render;
use crate::model::config_set::ConfigSet;
use crate::model::logging::channel_logging;
use crate::syntax::Kind;

/// One field of an entry as this configuration writes it.
#[derive(Debug, Clone)]
pub struct FieldUse {
    /// The field, from the field table.
    pub def: &'static FieldDef,
    /// Written by this configuration (for "when available" fields: when there is data).
    pub on: bool,
    /// The option that decides it, its value and where the value comes from.
    pub option: Option<(&'static str, i64, ValueSource)>,
}

/// Logging options of one channel option file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChannelLogOptions {
    /// The channel name.
    pub channel: String,
    /// The path of the channel option file.
    pub file: String,
    /// (name, value) of LOG_BANNER, LOG_TRANSPORTINFO, LOG_CONNECTION as written.
    pub options: Vec<(String, String)>,
}

/// The layout of the log of one configuration.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The option values that shape the log, and where each comes from.
    pub profile: Profile,
    /// The fields of a message entry, in text order, on or off.
    pub message: Vec<FieldUse>,
    /// The fields of a connection entry, in text order, on or off.
    pub connection: Vec<FieldUse>,
    /// The channel option files that set logging options.
    pub channels: Vec<ChannelLogOptions>,
    /// Channels that write entries (`logging`), and those that do not.
    pub logging: Vec<String>,
    /// Channels marked `nologging`.
    pub not_logging: Vec<String>,
    /// The log directory (imta_tailor's IMTA_LOG), as written.
    pub log_dir: Option<String>,
    /// The files entries go to: (file, what goes there).
    pub files: Vec<(String, &'static str)>,
    /// An illustrative message entry in this layout.
    pub example_message: String,
    /// An illustrative connection entry, when connection entries are written.
    pub example_connection: Option<String>,
    /// Remarks on the layout: entries that are not written, fields found by their shape, what channel options add to diagnostics.
    pub notes: Vec<String>,
}

/// The option values of option.dat (last setting wins), names upper case.
pub fn option_values(set: &ConfigSet) -> BTreeMap<String, String> {
    let mut m = BTreeMap::new();
    if let Some((_, f)) = set.file_of(Kind::Option)
        && let Some(om) = f.options()
    {
        for s in &om.settings {
            m.insert(s.normalized.clone(), s.value_trimmed().to_string());
        }
    }
    m
}

/// The site profile of a configuration (for the decoder).
pub fn profile(set: &ConfigSet) -> Profile {
    Profile::from_values(&option_values(set))
}

fn uses(p: &Profile, entries: Entries) -> Vec<FieldUse> {
    let connection = entries == Entries::Connection;
    order(connection)
        .into_iter()
        .map(|f| FieldUse {
            def: f,
            // Text connection entries show transport and application information
            // whatever LOG_CONNECTION bits 5 and 6 say (SEED 21-9, 21-10).
            on: p.enables(f.enable)
                || (connection
                    && p.format <= 3
                    && matches!(
                        f.id,
                        super::fields::FieldId::Transport | super::fields::FieldId::Application
                    )),
            option: match f.enable {
                Enable::Always => None,
                Enable::Option(name, _) => p.values.get(name).map(|&(v, s)| (name, v, s)),
            },
        })
        .collect()
}

/// The layout a configuration asks for.
pub fn layout(set: &ConfigSet) -> Layout {
    let profile = profile(set);
    let message = uses(&profile, Entries::Message);
    let connection = uses(&profile, Entries::Connection);
    let mut channels = Vec::new();
    for f in &set.files {
        if f.kind != Kind::ChannelOption || f.depth != 0 {
            continue;
        }
        let Some(om) = f.options() else { continue };
        let name = f.name().rsplit(['/', '\\']).next().unwrap_or("").to_string();
        let channel = name.strip_suffix("_option").unwrap_or(&name).to_string();
        let options: Vec<(String, String)> = om
            .settings
            .iter()
            .filter(|s| {
                matches!(
                    s.normalized.as_str(),
                    "LOG_BANNER" | "LOG_TRANSPORTINFO" | "LOG_CONNECTION"
                )
            })
            .map(|s| (s.normalized.clone(), s.value_trimmed().to_string()))
            .collect();
        if !options.is_empty() {
            channels.push(ChannelLogOptions { channel, file: f.name().to_string(), options });
        }
    }
    let (mut logging, mut not_logging) = (Vec::new(), Vec::new());
    for c in channel_logging(set) {
        if c.logging {
            logging.push(c.name);
        } else {
            not_logging.push(c.name);
        }
    }
    let log_dir =
        set.tailor().and_then(|t| t.get("IMTA_LOG")).map(|s| s.value_trimmed().to_string());
    let dir = log_dir.clone().unwrap_or_else(|| "<IMTA_LOG>/".into());
    let join = |n: &str| {
        if dir.ends_with('/') { format!("{dir}{n}") } else { format!("{dir}/{n}") }
    };
    let separate = profile.value("SEPARATE_CONNECTION_LOG") == 1;
    let conn_entries = profile.connection_entries();
    let mut files = vec![(
        join("mail.log_current"),
        if separate || !conn_entries {
            "message entries (today)"
        } else {
            "message and connection entries (today)"
        },
    )];
    files
        .push((join("mail.log_yesterday"), "the previous period, renamed at the nightly rollover"));
    files.push((join("mail.log"), "older periods, appended at each rollover"));
    if separate && conn_entries {
        files.push((join("connection.log_current"), "connection entries (today)"));
        files.push((join("connection.log_yesterday"), "connection entries, previous period"));
    }
    let mut notes = Vec::new();
    if logging.is_empty() {
        notes.push("no channel has the logging keyword: no message entries are written".into());
    }
    if !conn_entries {
        notes.push("LOG_CONNECTION bit 1 (2) is off: no connection open/close entries".into());
    }
    if profile.format <= 3 && profile.value("LOG_CONNECTION") & 1 != 0 {
        notes.push("connection information contains blanks: in LOG_FORMAT 1 and 2 it is found by its shape, HELO (DNS [IP])".into());
    }
    if profile.format >= 5 {
        notes.push("the JSON layout of LOG_FORMAT 5 and 6 is not documented; the decoder accepts nested and flat objects".into());
    }
    for c in &channels {
        for (name, value) in &c.options {
            let on = value.trim().parse::<i64>().is_ok_and(|v| v != 0);
            let what = match name.as_str() {
                "LOG_BANNER" if on => "the remote server's banner, in parentheses",
                "LOG_TRANSPORTINFO" if on => "the (TCP|local|port|remote|port) transport item",
                _ => continue,
            };
            notes.push(format!(
                "{}: {name}={value}: the diagnostic of {}'s dequeue entries carries {what}",
                c.file, c.channel
            ));
        }
    }
    let example_message = render::example_message(&profile);
    let example_connection = conn_entries.then(|| render::example_connection(&profile));
    Layout {
        profile,
        message,
        connection,
        channels,
        logging,
        not_logging,
        log_dir,
        files,
        example_message,
        example_connection,
        notes,
    }
}
