//! A part of a [`super::Kit`] that a pre-built kit decodes on its first use.
//!
//! A command reads only some of a kit: `cards list` reads the cards and the words for them, not
//! the components' questions and guidance, the sheets or the sources. The pre-built form
//! ([`super::prebuilt`]) keeps each part's bytes apart, and a part is decoded when it is first
//! asked for; a kit built by the loader from YAML has every part already.
//!
//! Copies of a kit share its parts: the built-in kit is decoded at most once in a process, part
//! by part, and is never freed (see [`super::load::load`]).

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::de::DeserializeOwned;
use serde::{Serialize, Serializer};

/// One part of a kit: its value, or the pre-built bytes it is decoded from on first use.
pub(crate) struct Part<T> {
    value: Arc<OnceLock<T>>,
    /// The part's pre-built bytes; empty for a part built by the loader.
    encoded: &'static [u8],
}

impl<T: DeserializeOwned> Part<T> {
    /// A part decoded from `encoded` (written by [`super::prebuilt::encode`]) when first used.
    pub(crate) fn encoded(encoded: &'static [u8]) -> Self {
        Part {
            value: Arc::new(OnceLock::new()),
            encoded,
        }
    }

    /// The part's value.
    pub(crate) fn get(&self) -> &T {
        self.value
            .get_or_init(|| super::prebuilt::decode_part(self.encoded))
    }
}

impl<T> From<T> for Part<T> {
    fn from(value: T) -> Self {
        Part {
            value: Arc::new(OnceLock::from(value)),
            encoded: &[],
        }
    }
}

impl<T> Clone for Part<T> {
    fn clone(&self) -> Self {
        Part {
            value: Arc::clone(&self.value),
            encoded: self.encoded,
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for Part<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value.get() {
            Some(v) => v.fmt(f),
            None => write!(f, "<pre-built, {} bytes not read yet>", self.encoded.len()),
        }
    }
}

impl<T: Serialize + DeserializeOwned> Serialize for Part<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}

/// A list of a kit (its cards) whose pre-built form keeps each item's bytes apart, so that
/// looking up a few items by id decodes those and not the whole list: `status` and `render`
/// read the ten cards a plan chose, not the kit's forty-nine with all their words.
///
/// The pre-built form is the items' ids, then each item, each framed as [`super::prebuilt`]
/// frames a part. The whole list is decoded, once, when it is asked for as a list.
pub(crate) struct ListPart<T> {
    all: Part<Vec<T>>,
    /// The ids and the items one by one; not used by a list built by the loader.
    each: Arc<OnceLock<Each<T>>>,
}

/// The items of a pre-built [`ListPart`], each decoded on its first use.
struct Each<T> {
    ids: Vec<String>,
    items: Vec<(&'static [u8], OnceLock<T>)>,
}

/// An item of a [`ListPart`]: what it is looked up by.
pub(crate) trait Keyed {
    fn key(&self) -> &str;
}

impl<T: DeserializeOwned + Keyed> ListPart<T> {
    /// A list decoded from `encoded` (written by [`ListPart::encode`]) as it is used.
    pub(crate) fn encoded(encoded: &'static [u8]) -> Self {
        ListPart {
            all: Part::encoded(encoded),
            each: Arc::new(OnceLock::new()),
        }
    }

    /// The whole list.
    pub(crate) fn get(&self) -> &[T] {
        self.all.value.get_or_init(|| {
            self.each()
                .items
                .iter()
                .map(|(bytes, _)| super::prebuilt::decode_part(bytes))
                .collect()
        })
    }

    /// The item whose key is `key`.
    pub(crate) fn find(&self, key: &str) -> Option<&T> {
        if let Some(all) = self.all.value.get() {
            return all.iter().find(|x| x.key() == key);
        }
        let each = self.each();
        let i = each.ids.iter().position(|id| id == key)?;
        let (bytes, item) = &each.items[i];
        Some(item.get_or_init(|| super::prebuilt::decode_part(bytes)))
    }

    fn each(&self) -> &Each<T> {
        self.each.get_or_init(|| {
            let mut frames = super::prebuilt::Frames(self.all.encoded);
            let ids = super::prebuilt::decode_part(frames.next().unwrap_or_default());
            let items = frames.map(|bytes| (bytes, OnceLock::new())).collect();
            Each { ids, items }
        })
    }
}

impl<T: Serialize + Keyed> ListPart<T> {
    /// The pre-built form of the whole list: see [`ListPart`].
    pub(crate) fn encode(items: &[T]) -> Vec<u8> {
        let ids: Vec<&str> = items.iter().map(Keyed::key).collect();
        let mut out = Vec::new();
        super::prebuilt::frame(&mut out, &rmp_serde::to_vec(&ids).expect("ids serialize"));
        for item in items {
            super::prebuilt::frame(
                &mut out,
                &rmp_serde::to_vec(item).expect("a kit serializes"),
            );
        }
        out
    }
}

impl<T> From<Vec<T>> for ListPart<T> {
    fn from(value: Vec<T>) -> Self {
        ListPart {
            all: Part::from(value),
            each: Arc::new(OnceLock::new()),
        }
    }
}

impl<T> Clone for ListPart<T> {
    fn clone(&self) -> Self {
        ListPart {
            all: self.all.clone(),
            each: Arc::clone(&self.each),
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for ListPart<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.all.fmt(f)
    }
}

impl<T: Serialize + DeserializeOwned + Keyed> Serialize for ListPart<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.get().serialize(serializer)
    }
}
