//! What a site's options say about its entries: the log format and which optional fields
//! are switched on. Built from option values (see `log::layout` for reading them from a
//! configuration); without one the decoders infer fields from their shapes.
//!
//! Layer: uses `log::fields`.

use std::collections::BTreeMap;

use super::fields::{self, Enable, FIELDS, FieldId, OPTIONS, XML_DEFAULTS_ON};

/// Where an option's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueSource {
    /// Written in option.dat.
    Set,
    /// The built-in default.
    Default,
    /// The default that `LOG_FORMAT` above 3 switches on.
    FormatDefault,
}

impl ValueSource {
    /// The name used in `log layout` output: `set`, `default` or `LOG_FORMAT>3 default`.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueSource::Set => "set",
            ValueSource::Default => "default",
            ValueSource::FormatDefault => "LOG_FORMAT>3 default",
        }
    }
}

/// The option values that shape the log, and the fields they switch on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    /// The `LOG_FORMAT` (1 to 6).
    pub format: u8,
    /// Every option of [`OPTIONS`], with its value and where it comes from.
    pub values: BTreeMap<&'static str, (i64, ValueSource)>,
    on: u64,
}

impl Profile {
    /// The profile for these option values (names upper case; values as written).
    /// Values that are not integers count as the default.
    pub fn from_values(set: &BTreeMap<String, String>) -> Profile {
        let format = set.get("LOG_FORMAT").and_then(|v| v.trim().parse::<i64>().ok()).unwrap_or(1);
        let mut values = BTreeMap::new();
        for &(name, default) in OPTIONS {
            let written = set.get(name).and_then(|v| v.trim().parse::<i64>().ok());
            let entry = match written {
                Some(v) => (v, ValueSource::Set),
                None if format > 3 && XML_DEFAULTS_ON.contains(&name) => {
                    (1, ValueSource::FormatDefault)
                }
                None => (default, ValueSource::Default),
            };
            values.insert(name, entry);
        }
        let mut p = Profile { format: format.clamp(0, 255) as u8, values, on: 0 };
        for f in &FIELDS {
            if p.enables(f.enable) {
                p.on |= 1 << f.id as u32;
            }
        }
        p
    }

    /// All options at their defaults for `format`.
    pub fn default_for(format: u8) -> Profile {
        let mut m = BTreeMap::new();
        m.insert("LOG_FORMAT".to_string(), format.to_string());
        Profile::from_values(&m)
    }

    /// The value of an option (0 when it is not a known option).
    pub fn value(&self, name: &str) -> i64 {
        self.values.get(name).map_or(0, |v| v.0)
    }

    /// Does this option setting switch the field on?
    pub fn enables(&self, e: Enable) -> bool {
        match e {
            Enable::Always => true,
            Enable::Option(name, mask) => self.value(name) & mask != 0,
        }
    }

    /// Is the field switched on (it may still be absent when "when available")?
    pub fn on(&self, id: FieldId) -> bool {
        self.on & (1 << id as u32) != 0
    }

    /// Turn a field on or off (for tests and generated logs).
    pub fn set_on(&mut self, id: FieldId, on: bool) {
        if on {
            self.on |= 1 << id as u32;
        } else {
            self.on &= !(1 << id as u32);
        }
    }

    /// Whether connection open/close entries are written (`LOG_CONNECTION` bit 1).
    pub fn connection_entries(&self) -> bool {
        self.value("LOG_CONNECTION") & fields::CONNECTION_ENTRIES != 0
    }
}
