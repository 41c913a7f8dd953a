//! The one protocol of the caches that carry work from one build to the next (site model,
//! metadata, render, social cards): a build reads the entries the last build kept, hands over
//! at its end those it used or made, and every other entry is dropped then. So a cache never
//! holds more than one build's worth, and nothing a build did not use survives it. Whether an
//! entry may be used is decided by [`key`]s: hashes of the typed values it was made from.

pub mod blobs;
pub mod file;
pub mod key;

use std::borrow::Borrow;
use std::hash::Hash;

use rustc_hash::FxHashMap;

/// Whether a build is one of a series (the preview server's), whose caches keep what it made
/// for the next, or a one-off that keeps nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Reuse {
    /// A single build: nothing is kept, and memory may be freed as soon as a stage is done.
    #[default]
    OneOff,
    /// One of a series: what a build makes is kept for the next.
    Series,
}

impl Reuse {
    /// Whether the build is one of a series, whose caches keep what it made for the next.
    pub fn is_series(self) -> bool {
        self == Reuse::Series
    }
}

/// Entries by key, as the last build left them.
#[derive(Debug)]
pub struct Kept<K, V> {
    last: FxHashMap<K, V>,
}

impl<K, V> Default for Kept<K, V> {
    fn default() -> Self {
        Kept { last: FxHashMap::default() }
    }
}

impl<K: Eq + Hash, V> Kept<K, V> {
    /// The last build's entry for `key`.
    pub fn get<Q: Eq + Hash + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.last.get(key)
    }

    /// Moves the last build's entry for `key` out, for this build to hand back to
    /// [`Kept::finish`].
    pub fn take<Q: Eq + Hash + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.last.remove(key)
    }

    /// An empty map for the entries this build will use, sized for as many as the last build
    /// kept: a preview's caches hold an entry per article, and growing a map of 10,000 by
    /// doubling rehashes it a dozen times on every save.
    pub fn next_map(&self) -> FxHashMap<K, V> {
        FxHashMap::with_capacity_and_hasher(self.last.len(), Default::default())
    }

    /// Ends a build: `used` (the entries it used or made) is what the next build finds; the
    /// rest is dropped.
    pub fn finish(&mut self, used: FxHashMap<K, V>) {
        self.last = used;
    }

    /// Drops entries for which `keep` is false, between builds (a file changed on disk).
    pub fn retain(&mut self, keep: impl FnMut(&K, &mut V) -> bool) {
        self.last.retain(keep);
    }

    /// Drops every entry.
    pub fn clear(&mut self) {
        self.last.clear();
    }

    /// The entries.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.last.values()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_build_keeps_what_it_used_and_nothing_else() {
        let mut kept: Kept<String, u32> = Kept::default();
        kept.finish(FxHashMap::from_iter([("a".to_string(), 1), ("b".to_string(), 2)]));
        assert_eq!(kept.get("a"), Some(&1));
        let a = kept.take("a").unwrap();
        kept.finish(FxHashMap::from_iter([("a".to_string(), a), ("c".to_string(), 3)]));
        assert_eq!((kept.get("a"), kept.get("b"), kept.get("c")), (Some(&1), None, Some(&3)));
        assert!(Reuse::Series.is_series() && !Reuse::default().is_series());
    }
}
