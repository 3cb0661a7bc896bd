//! Knowledge catalogs: what the product accepts, as data with provenance.

pub mod catalog;
pub mod channel_options;
pub mod debug_bits;
pub mod dispatcher;
#[cfg(test)]
mod gen_data;
pub mod job_controller;
pub mod keywords;
pub mod log_codes;
pub mod options;
pub mod tailor;
pub mod types;

pub use catalog::Catalog;
pub use types::*;
