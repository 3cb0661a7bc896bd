//! Keys of the linter's lookup tables: a fast hasher and case-folded names that borrow the
//! configuration's text whenever it is lowercase already.

use std::borrow::Cow;

/// Hash maps keyed by short names, with a fast non-cryptographic hasher.
///
/// The linter hashes millions of short keys read from a local file. The standard SipHash
/// guards against crafted collisions, which buy nothing here, and is several times slower
/// on keys of a few bytes. foldhash is already in the dependency tree (through hashbrown),
/// so it adds no crate to build or audit.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// A [`FastMap`] without values.
pub type FastSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// `s` with ASCII letters in lowercase, borrowed when it has no uppercase letter (host
/// and channel names mostly have none), so that looking it up allocates nothing.
pub fn lower(s: &str) -> Cow<'_, str> {
    if s.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(s.to_ascii_lowercase())
    } else {
        Cow::Borrowed(s)
    }
}
