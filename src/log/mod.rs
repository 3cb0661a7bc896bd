//! The MTA transaction log (`mail.log*`, `connection.log*`): what a configuration says its
//! entries look like ([`layout`]), a streaming decoder for every `LOG_FORMAT`
//! ([`decode`], [`input`]), and what is built on the records: filters, message traces
//! and statistics. Every record keeps its input, line number and bytes, so a line that
//! cannot be decoded is reported, never dropped.
//!
//! The knowledge of the format (which option adds which field, where, how sure the spec
//! is) is the one table in [`fields`].
//!
//! Layer: uses `model` (option files, channel logging), `access`, `syntax::Kind`.

pub mod codes;
pub mod decode;
pub mod fields;
pub mod filter;
pub mod input;
pub mod layout;
pub mod markup;
pub mod profile;
pub mod record;
pub mod render;
pub mod stats;
pub mod text;
pub mod time;
pub mod trace;
pub mod values;

pub use decode::Decoder;
pub use fields::FieldId;
pub use input::{Inputs, fold_records, for_each_record, for_each_record_by_time};
pub use profile::Profile;
pub use record::{EntryKind, Record};
pub use time::Timestamp;

/// Why a log could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LogError {
    /// An input could not be opened.
    #[error("{path}: {message}")]
    Open {
        /// The input as named.
        path: String,
        /// Why it could not be opened.
        message: String,
    },
    /// The configuration does not say where the logs are.
    #[error("{0}")]
    NoLogDir(String),
    /// A filter or argument is malformed.
    #[error("{0}")]
    Argument(String),
}
