//! Keys of the linter's lookup tables: a fast hasher, and names compared without regard
//! to ASCII case that borrow the configuration's text.

use std::borrow::Cow;
use std::hash::{Hash, Hasher};

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

/// A name that equals and hashes like its ASCII-lowercase form, borrowed from the text: the
/// key of the tables of channel, host and keyword names (channel and host names are
/// case-insensitive), sixteen bytes and no lowercase copy per name even when it has
/// capitals.
#[derive(Debug, Clone, Copy)]
pub struct Folded<'a>(pub &'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // Lowercased a block at a time on the stack (copied, then lowercased in place: a
        // loop the compiler turns into vector code); names equal without regard to case
        // have the same length, so they are cut into the same blocks and hash alike.
        let mut buf = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(buf.len()) {
            let block = &mut buf[..chunk.len()];
            block.copy_from_slice(chunk);
            block.make_ascii_lowercase();
            state.write(block);
        }
        state.write_usize(self.0.len());
    }
}

/// Every name that repeats an earlier one, compared without regard to ASCII case, as
/// `(index, index of the first occurrence)`, in the order of the repeats.
///
/// By sorting hashes rather than filling a table: with hundreds of thousands of names, each
/// insertion into a table lands on a random cache line, while a sort walks memory in order
/// (twice as fast on the host names of a 58 MB imta.cnf). Names with one hash are told apart by
/// comparing them, against the first of each distinct name only, so a name repeated a
/// hundred thousand times costs as many comparisons, not their square.
pub fn repeats<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(usize, usize)> {
    let names: Vec<&str> = names.collect();
    repeats_by(names.len(), |i| Folded(names[i]))
}

/// [`repeats`] for items `0..n` whose key is `key(i)`: equal keys are repeats.
pub fn repeats_by<K: Hash + Eq>(n: usize, key: impl Fn(usize) -> K) -> Vec<(usize, usize)> {
    use std::hash::BuildHasher;
    let state = foldhash::fast::RandomState::default();
    let mut keyed: Vec<(u64, usize)> = (0..n).map(|i| (state.hash_one(key(i)), i)).collect();
    let mut out = Vec::new();
    repeats_by_key(&mut keyed, |i, j| key(i) == key(j), &mut Vec::new(), &mut out);
    out
}

/// The sorting at the heart of [`repeats`], for callers with keys of their own: `keyed`
/// pairs a key with an index; items with one key are the same when `same` says so. Pushes
/// `(index, index of the first occurrence)` for every repeat onto `out`, sorted;
/// `firsts` is scratch space (both reusable from call to call).
pub fn repeats_by_key<K: Ord + Copy>(
    keyed: &mut [(K, usize)],
    same: impl Fn(usize, usize) -> bool,
    firsts: &mut Vec<usize>,
    out: &mut Vec<(usize, usize)>,
) {
    // By key, then by place: each run of one key is in file order.
    keyed.sort_unstable();
    let start = out.len();
    for run in keyed.chunk_by(|a, b| a.0 == b.0).filter(|run| run.len() > 1) {
        firsts.clear();
        for &(_, i) in run.iter() {
            match firsts.iter().find(|&&f| same(f, i)) {
                Some(&f) => out.push((i, f)),
                None => firsts.push(i),
            }
        }
    }
    out[start..].sort_unstable();
}

/// [`repeats_by_key`] for keys that are well-spread hashes: the pairs are first dealt into
/// buckets by the top bits of the hash (one counting pass, each bucket keeping file
/// order), and each bucket, small enough for the cache, is sorted on its own. That is
/// linear in the number of items where one sort of them all is n log n and, past the
/// cache, slower still per item. Same result as [`repeats_by_key`].
pub fn repeats_by_hash(
    keyed: &[(u64, usize)],
    same: impl Fn(usize, usize) -> bool,
    out: &mut Vec<(usize, usize)>,
) {
    // About 8 to 16 items a bucket (a sort that short is a few compares), at most 2^18
    // buckets.
    let bits = (keyed.len() / 16).checked_ilog2().map_or(0, |b| b + 1).min(18);
    if bits == 0 {
        return repeats_by_key(&mut keyed.to_vec(), same, &mut Vec::new(), out);
    }
    let bucket = |h: u64| (h >> (64 - bits)) as usize;
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &(h, _) in keyed {
        starts[bucket(h) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut dealt = vec![(0u64, 0usize); keyed.len()];
    let mut next = starts.clone();
    for &pair in keyed {
        let b = bucket(pair.0);
        dealt[next[b]] = pair;
        next[b] += 1;
    }
    let (start, mut firsts) = (out.len(), Vec::new());
    for w in starts.windows(2).filter(|w| w[1] - w[0] > 1) {
        repeats_by_key(&mut dealt[w[0]..w[1]], &same, &mut firsts, out);
    }
    out[start..].sort_unstable();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(f: Folded<'_>) -> u64 {
        use std::hash::BuildHasher;
        // One fixed state, so that two calls can be compared.
        std::hash::BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default()
            .hash_one(f)
    }

    #[test]
    fn names_that_differ_only_in_case_are_one_key() {
        let long = "A-Very-Long-Host-Name.Example.COM.with.more.than.32.bytes";
        for (a, b) in [("tcp_local", "TCP_Local"), (long, &long.to_ascii_lowercase()[..])] {
            assert_eq!(Folded(a), Folded(b));
            assert_eq!(hash(Folded(a)), hash(Folded(b)));
        }
        assert_ne!(Folded("tcp_local"), Folded("tcp_locals"));
        assert_ne!(Folded("tcp_local"), Folded("tcp_intranet"));
        let set: FastSet<Folded<'_>> =
            ["Mail.Example.com", "mail.example.COM", "other"].into_iter().map(Folded).collect();
        assert_eq!(set.len(), 2);
        assert!(set.contains(&Folded("MAIL.EXAMPLE.COM")));
    }

    proptest::proptest! {
        /// Dealing hashes into buckets first finds the repeats one sort of them all finds,
        /// with hash collisions between different items among them.
        #[test]
        fn bucketed_hash_repeats_are_the_sorted_ones(
            values in proptest::collection::vec(0u64..300, 0..3000),
            colliding in 1u64..400,
        ) {
            // Items are equal when their values are; hashes collide more often than that.
            let keyed: Vec<(u64, usize)> = values
                .iter()
                .map(|v| (v % colliding).wrapping_mul(0x9E37_79B9_7F4A_7C15))
                .zip(0..)
                .collect();
            let same = |i: usize, j: usize| values[i] == values[j];
            let mut sorted = Vec::new();
            repeats_by_key(&mut keyed.clone(), same, &mut Vec::new(), &mut sorted);
            let mut bucketed = vec![(7, 7)];
            repeats_by_hash(&keyed, same, &mut bucketed);
            proptest::prop_assert_eq!(&bucketed[1..], &sorted[..]);
        }
    }

    /// The sorted way gives what a table filled in order gives, on names with many
    /// repeats, differences of case, and one name repeated many times.
    #[test]
    fn repeats_are_those_a_table_finds() {
        let mut names: Vec<String> = Vec::new();
        let mut seed = 12345u64;
        for _ in 0..5000 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let n = (seed >> 33) % 900;
            let name =
                if seed & 1 == 0 { format!("Host{n}.example") } else { format!("host{n}.EXAMPLE") };
            names.push(name);
        }
        names.extend(std::iter::repeat_n("same".to_string(), 3000));
        let mut first: FastMap<Folded<'_>, usize> = FastMap::default();
        let mut expected = Vec::new();
        for (i, n) in names.iter().enumerate() {
            match first.get(&Folded(n)) {
                Some(&f) => expected.push((i, f)),
                None => {
                    first.insert(Folded(n), i);
                }
            }
        }
        let got = repeats(names.iter().map(|n| n.as_str()));
        assert_eq!(got, expected);
        assert!(got.len() > 4000, "the input has repeats: {}", got.len());
        assert_eq!(repeats(["a", "b", "c"].into_iter()), vec![]);
    }
}
