//! How a template context becomes the key of its output: every context type derives `Hash`, so
//! a field added to a context is part of the key without anybody listing it. Three wrappers
//! make that cheap where hashing the value itself would not be:
//!
//! - [`ById`]: a part of a value shared by `Arc` (an article's body, its tables), hashed by the
//!   `Arc`'s address. Sound only while the `Arc` the key was made from is alive, so that no new
//!   value can take its address: a cache pins the `Arc`s its keys were made from (the render
//!   cache, the last build's; the metadata cache, its entries').
//! - [`BySerde`]: a value with no `Hash` of its own (config tables, JSON values, metadata), hashed
//!   as the bytes of its JSON serialization, streamed into the hasher without a buffer.
//! - [`Hashed`]: a value hashed once when it is made (the `site` values every page shares, each
//!   article's summary, which listings hold by the thousand), standing for itself in any key.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rustc_hash::FxHasher;
use serde::{Serialize, Serializer};

/// The key of a template's output: its name and its whole context.
pub fn key<T: Hash + ?Sized>(template: &str, context: &T) -> u64 {
    let mut h = FxHasher::default();
    template.hash(&mut h);
    context.hash(&mut h);
    h.finish()
}

/// A part of a value shared by `Arc`, serialized as itself and hashed by the `Arc`'s address.
pub struct ById<'a, T: ?Sized> {
    value: &'a T,
    /// The `Arc`'s address: only hashed, never dereferenced.
    owner: usize,
}

impl<'a, T: ?Sized> ById<'a, T> {
    /// `value`, a part of what `owner` holds, standing for it in keys.
    pub fn new<O>(owner: &'a Arc<O>, value: &'a T) -> ById<'a, T> {
        ById { value, owner: Arc::as_ptr(owner) as *const () as usize }
    }

    /// The value.
    pub fn get(&self) -> &'a T {
        self.value
    }
}

impl<T: ?Sized> Clone for ById<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for ById<'_, T> {}

impl<T: ?Sized> Hash for ById<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.owner.hash(state);
    }
}

impl<T: Serialize + ?Sized> Serialize for ById<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A value hashed as its JSON serialization.
pub struct BySerde<'a, T: ?Sized>(pub &'a T);

impl<T: ?Sized> Clone for BySerde<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for BySerde<'_, T> {}

impl<T: Serialize + ?Sized> Hash for BySerde<'_, T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        struct Feed<'h, H>(&'h mut H);
        impl<H: Hasher> std::io::Write for Feed<'_, H> {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.write(buf);
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // Serializing plain data into a sink that cannot fail does not fail.
        let _ = serde_json::to_writer(Feed(state), self.0);
    }
}

impl<T: Serialize + ?Sized> Serialize for BySerde<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// A value with its hash, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hashed<T> {
    value: T,
    hash: u64,
}

impl<T: Hash> Hashed<T> {
    /// `value`, hashed now.
    pub fn new(value: T) -> Hashed<T> {
        let mut h = FxHasher::default();
        value.hash(&mut h);
        Hashed { hash: h.finish(), value }
    }
}

impl<T> Hashed<T> {
    /// The value.
    pub fn get(&self) -> &T {
        &self.value
    }

    /// The value's hash, to carry where the value itself would be out of reach.
    pub fn digest(&self) -> u64 {
        self.hash
    }
}

impl<T> Hash for Hashed<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hash.hash(state);
    }
}

impl<T: Serialize> Serialize for Hashed<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash<T: Hash>(t: &T) -> u64 {
        key("t", t)
    }

    #[test]
    fn by_id_follows_the_arc_and_by_serde_the_value() {
        let a = Arc::new(String::from("same"));
        let b = Arc::new(String::from("same"));
        assert_eq!(hash(&ById::new(&a, a.as_str())), hash(&ById::new(&a, a.as_str())));
        assert_ne!(hash(&ById::new(&a, a.as_str())), hash(&ById::new(&b, b.as_str())));
        let (x, y) = (serde_json::json!({"k": [1, 2]}), serde_json::json!({"k": [1, 3]}));
        assert_eq!(hash(&BySerde(&x)), hash(&BySerde(&x.clone())));
        assert_ne!(hash(&BySerde(&x)), hash(&BySerde(&y)));
        assert_eq!(hash(&Hashed::new("v")), hash(&Hashed::new("v")));
        assert_ne!(hash(&Hashed::new("v")), hash(&Hashed::new("w")));
        assert_ne!(key("a.html", &1), key("b.html", &1), "the template is part of the key");
    }
}
