//! Values many pages share, hashed once: a page's typed context holds references to them, so
//! that hashing a context costs a few words per card, and turning it into Tera values clones
//! the shared value instead of serialising the model again.

use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

use serde::Serialize;
use tera::Value;

use crate::outputs::key_of;

/// A Tera value, or what to make it from, and a hash of that. A card (one per article and
/// language) keeps what it is made from, much smaller than its value, and makes the value each
/// time a page being rendered shows it: most rebuilds render few pages, hashing is cheaper than
/// building, and a site's cards held as values would be a third of a build's memory.
pub struct Hashed<'a> {
    hash: u64,
    value: Made,
    /// Lent what it shows, as the contexts that hold it are.
    lent: std::marker::PhantomData<&'a ()>,
}

enum Made {
    Value(Value),
    Lazy(Box<dyn Fn() -> Value + Send + Sync>),
}

impl<'a> Hashed<'a> {
    pub fn of<T: Serialize + Hash>(t: &T) -> Hashed<'a> {
        Hashed {
            hash: key_of(t),
            value: Made::Value(Value::from_serializable(t)),
            lent: std::marker::PhantomData,
        }
    }

    /// Hashes `t` now and makes its value whenever asked.
    pub fn lazy<T: Serialize + Hash + Send + Sync + 'static>(t: T) -> Hashed<'a> {
        Hashed {
            hash: key_of(&t),
            value: Made::Lazy(Box::new(move || Value::from_serializable(&t))),
            lent: std::marker::PhantomData,
        }
    }

    pub(super) fn value(&self) -> Value {
        match &self.value {
            // A clone shares the value's parts.
            Made::Value(v) => v.clone(),
            Made::Lazy(make) => make(),
        }
    }
}

impl Hash for Hashed<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl Serialize for Hashed<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Tera takes a `Value` met while serialising as it is, without copying it.
        match &self.value {
            Made::Value(v) => v.serialize(s),
            Made::Lazy(make) => make().serialize(s),
        }
    }
}

/// A list of shared cards in a context.
#[derive(Serialize, Hash)]
#[serde(transparent)]
pub struct Cards<'a, 'b>(pub Vec<&'a Hashed<'b>>);

/// A whole list shared by every page of a language (all articles, all topics). Its value is made
/// once for all pages; its hash counts only when a template mentions it (if none does, it cannot
/// change a page, and editing one title must not make every page out of date).
pub struct Whole<'a> {
    items: Vec<&'a Hashed<'a>>,
    value: &'a OnceLock<Value>,
    hash: u64,
    read: bool,
}

impl<'a> Whole<'a> {
    /// The list of `cards`, or an unread one when no template mentions it.
    pub(super) fn new(
        cards: Option<Vec<&'a Hashed<'a>>>,
        value: &'a OnceLock<Value>,
        hash: &OnceLock<u64>,
    ) -> Whole<'a> {
        let Some(items) = cards else {
            return Whole {
                items: Vec::new(),
                value,
                hash: 0,
                read: false,
            };
        };
        Whole {
            hash: *hash.get_or_init(|| key_of(&Cards(items.clone()))),
            items,
            value,
            read: true,
        }
    }
}

impl Hash for Whole<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if self.read {
            state.write_u64(self.hash);
        }
    }
}

impl Serialize for Whole<'_> {
    /// The whole list, made once per build for all pages; an empty one when no template
    /// mentions it, so that a page rendered alone (an edit in `serve`) does not make the list
    /// of every article for nothing.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if !self.read {
            return s.collect_seq(std::iter::empty::<Value>());
        }
        self.value
            .get_or_init(|| Value::from(self.items.iter().map(|i| i.value()).collect::<Vec<_>>()))
            .serialize(s)
    }
}
