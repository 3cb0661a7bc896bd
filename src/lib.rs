//! imtacfg: lint and safely edit the MTA configuration of Sun Java System / Oracle
//! Communications Messaging Server (imta.cnf, option.dat, `<channel>_option`, imta_tailor,
//! dispatcher.cnf, job_controller.cnf).
//!
//! Data flows one way: bytes → [`source`] (decoded text) → [`syntax`] (lossless tree from
//! the pest grammars) → [`model`] (typed documents with spans, the configuration set).
//! The library never prints; the binary does.

pub mod access;
pub mod debug_mask;
pub mod dump;
pub mod edit;
pub mod knowledge;
pub mod lint;
pub mod model;
pub mod report;
pub mod settings;
pub mod source;
pub mod syntax;
pub mod workspace;
