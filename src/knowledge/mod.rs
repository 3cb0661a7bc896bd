//! Knowledge catalogs: what the product accepts, as data with provenance.
//!
//! The built-in rows live in `data/*.toml` ([`data`], read by [`reader`]); [`rows`] holds
//! the row shapes that those files and the user's `[[knowledge.*]]` tables share;
//! [`Catalog`] indexes them.
//!
//! Layer: uses nothing of the crate but its own data.

pub mod catalog;
pub mod data;
#[cfg(test)]
mod data_tests;
pub mod home;
pub mod reader;
pub mod rows;
pub mod types;

pub use catalog::Catalog;
pub use home::Home;
pub use types::*;
