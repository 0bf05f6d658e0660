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
