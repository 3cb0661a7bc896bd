//! Routing: rewrite rules must route to a channel that exists.

pub mod undefined_channel_tag;
