//! Knowledge catalogs: what the product accepts, as data with provenance.
//!
//! The built-in rows live in `data/*.toml` ([`data`]); [`rows`] holds the row shapes that
//! those files and the user's `[[knowledge.*]]` tables share; [`Catalog`] indexes them.

pub mod catalog;
pub mod data;
#[cfg(test)]
mod data_tests;
#[cfg(test)]
mod legacy;
pub mod reader;
pub mod rows;
pub mod types;

pub use catalog::Catalog;
pub use types::*;
