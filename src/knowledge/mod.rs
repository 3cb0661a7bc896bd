//! Knowledge catalogs: what the product accepts, as data with provenance.

pub mod types;
pub mod keywords;
pub mod options;
pub mod channel_options;
pub mod tailor;
pub mod dispatcher;
pub mod job_controller;
pub mod debug_bits;
pub mod log_codes;

pub use types::*;
