//! imtacfg: lint and safely edit the MTA configuration of Sun Java System / Oracle
//! Communications Messaging Server (imta.cnf, option.dat, `<channel>_option`, imta_tailor,
//! dispatcher.cnf, job_controller.cnf).
//!
//! Start with [`Workspace`]: it finds the settings for a path, reads the configuration
//! under the access rules ([`access`]: nothing outside the configuration directory, only
//! regular files, a size limit) and lints it.
//!
//! ```
//! use imtacfg::{Overrides, Workspace};
//!
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/sample");
//! let ws = Workspace::new(dir, &Overrides::default())?;
//! let set = ws.open(dir)?;
//! for d in ws.lint(&set) {
//!     let at = set.files[d.file].source.line_col(d.span.start as usize);
//!     println!("{}:{}: {} {}", set.files[d.file].name(), at.line, d.code(), d.message);
//! }
//! # Ok::<(), imtacfg::WorkspaceError>(())
//! ```
//!
//! Data flows one way, each layer using only those before it: bytes → [`source`]
//! (decoded text) → [`syntax`] (lossless tree from the pest grammars) → [`model`] (typed
//! documents with spans, the configuration set) → [`lint`] (findings) → [`report`]
//! (output formats) and [`edit`] (byte-range patches, checked and saved safely). The
//! library never prints; the binary does.

#![warn(missing_docs)]

pub mod access;
pub mod debug_mask;
pub mod dump;
pub mod edit;
pub mod knowledge;
pub mod lint;
pub mod log;
pub mod lsp;
pub mod model;
pub mod report;
pub mod settings;
pub mod source;
pub mod syntax;
pub mod workspace;
pub mod xml;

pub use lint::{Diagnostic, RuleInfo, Severity};
pub use model::config_set::ConfigSet;
pub use syntax::Kind;
pub use workspace::{Overrides, Workspace, WorkspaceError};
