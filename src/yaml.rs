//! The one module that touches YAML.
//!
//! thinkkit reads kits and plans with `serde_yaml` (the maintained `yaml_serde` continuation,
//! renamed in `Cargo.toml`) and writes plans with it. Keeping every call here means the YAML crate
//! can change in one place. Two passes read a file: serde gives strict typed values (unknown fields,
//! wrong types and YAML syntax errors come back with line and column), and a second, event-level
//! pass with `saphyr-parser` records where every node starts, so that checks made after
//! deserializing (a dangling reference, a duplicate id) can still point at file, line and column.
//!
//! Before either, [`fast`] tries the file: a reader of the plain subset of YAML that kits and
//! plans are written in, many times faster than libyaml's scanner, which gives up on anything
//! else (and on any error) so that `serde_yaml` reads it as before. What a file means and what
//! is said about a file that is wrong are therefore always `serde_yaml`'s; in a debug build (so
//! in every test) each file the fast reader reads is read by `serde_yaml` too, and any
//! difference panics.

use std::collections::HashMap;
use std::fmt::{Debug, Write as _};

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::files::MAX_FILE_BYTES;

#[path = "yaml_fast.rs"]
mod fast;

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Loc {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// Why a YAML document could not be read into a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// What went wrong, without the position.
    pub message: String,
    /// Where, when the parser knows.
    pub loc: Option<Loc>,
}

/// Deserialize `text` into `T`, strictly (the types deny unknown fields).
///
/// Alias bombs and absurd nesting are refused by the parser's own limits; the messages are
/// reworded here so that a user knows what to do.
pub fn from_str<T: DeserializeOwned + Debug>(text: &str) -> Result<T, YamlError> {
    let text = without_bom(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            message: crate::files::too_large(text.len()),
            loc: None,
        });
    }
    if let Some(value) = fast::from_str::<T>(text) {
        #[cfg(debug_assertions)]
        same_as_serde_yaml(text, &value, serde_yaml::from_str::<T>(text));
        return Ok(value);
    }
    serde_yaml::from_str(text).map_err(|err| {
        let loc = err.location().map(|l| Loc {
            line: l.line(),
            column: l.column(),
        });
        let mut message = err.to_string();
        if let Some(loc) = loc {
            // The crate appends the position; we print it ourselves, once.
            let suffix = format!(" at line {} column {}", loc.line, loc.column);
            message = message.replacen(&suffix, "", 1);
        }
        message = match message.as_str() {
            "repetition limit exceeded" => "too many aliases: this file expands YAML aliases \
                 (`*name`) more than any kit or plan needs; write the values out instead"
                .to_owned(),
            "recursion limit exceeded" => "nesting too deep: this file nests more than 128 \
                 levels; kits and plans need only a few"
                .to_owned(),
            // An integer beyond what any number type holds (serde says "as u128").
            m if m.contains(" as u128") || m.contains(" as i128") => {
                let number = m.split('`').nth(1).unwrap_or("the number");
                format!(
                    "{}`{number}` is beyond the largest number thinkkit takes (1e12, a million million)",
                    m.split_once(": invalid type").map_or(String::new(), |(path, _)| format!("{path}: "))
                )
            }
            _ => message,
        };
        YamlError { message, loc }
    })
}

/// Deserialize `text` into `T` when it is valid and no mapping has a key written twice; `None`
/// otherwise, and the caller reads it again the slow way (duplicate keys from a [`NodeIndex`],
/// then [`from_str`]) to say what is wrong and where. A valid file, the common case, is read in
/// one pass and no index of its nodes is built.
pub fn from_str_if_unique<T: DeserializeOwned + Debug>(text: &str) -> Option<T> {
    let text = without_bom(text);
    if text.len() > MAX_FILE_BYTES {
        return None;
    }
    // The fast reader refuses every key written twice, however it is quoted.
    if let Some(value) = fast::from_str::<T>(text) {
        #[cfg(debug_assertions)]
        same_as_serde_yaml(
            text,
            &value,
            T::deserialize(unique::Unique(serde_yaml::Deserializer::from_str(text))),
        );
        return Some(value);
    }
    T::deserialize(unique::Unique(serde_yaml::Deserializer::from_str(text))).ok()
}

/// In a debug build, check what the fast reader read against what `serde_yaml` reads from the
/// same text: the whole document as a `serde_yaml::Value`, and the typed value (compared as
/// `Debug` text, which for the model's types, whose maps are `BTreeMap`s, is the value).
/// Panics on any difference: the fast reader must never change what a file says.
#[cfg(debug_assertions)]
fn same_as_serde_yaml<T: Debug>(text: &str, fast_value: &T, slow: Result<T, serde_yaml::Error>) {
    use serde::Deserialize as _;
    let shown = |t: &str| t.chars().take(4000).collect::<String>();
    let tree = fast::parse(text).expect("the fast reader read this text once already");
    let fast_tree = serde_yaml::Value::deserialize(fast::De::new(&tree));
    let slow_tree = serde_yaml::from_str::<serde_yaml::Value>(text);
    match (fast_tree, slow_tree) {
        (Ok(f), Ok(s)) if f == s => {}
        (f, s) => panic!(
            "the fast YAML reader differs from serde_yaml\nfast: {f:?}\nserde_yaml: {s:?}\ntext:\n{}",
            shown(text)
        ),
    }
    match slow {
        Ok(slow) => {
            let (f, s) = (format!("{fast_value:#?}"), format!("{slow:#?}"));
            if f != s {
                let line = f.lines().zip(s.lines()).position(|(a, b)| a != b);
                panic!(
                    "the fast YAML reader gives another value than serde_yaml (first at line {line:?} of their Debug)\nfast: {}\nserde_yaml: {}\ntext:\n{}",
                    shown(&f),
                    shown(&s),
                    shown(text)
                );
            }
        }
        Err(e) => panic!(
            "the fast YAML reader read what serde_yaml refuses ({e})\nfast: {}\ntext:\n{}",
            shown(&format!("{fast_value:#?}")),
            shown(text)
        ),
    }
}

/// A serde deserializer wrapper that refuses a key written twice in a mapping: every map and
/// struct the model reads goes through [`unique::Map`], which remembers the keys it has seen.
mod unique {
    use std::collections::HashSet;
    use std::fmt;

    use serde::de::{
        self, DeserializeSeed, Deserializer, Error as _, MapAccess, SeqAccess, Visitor,
    };

    /// The start of the error message for a key written twice.
    pub(super) const DUPLICATE: &str = "thinkkit: duplicate key";

    pub(super) struct Unique<D>(pub(super) D);

    macro_rules! forward {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method(Wrap(visitor))
            }
        )*};
    }

    impl<'de, D: Deserializer<'de>> Deserializer<'de> for Unique<D> {
        type Error = D::Error;
        forward! {
            deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
            deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
            deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
            deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
            deserialize_option deserialize_unit deserialize_seq deserialize_map
            deserialize_identifier deserialize_ignored_any
        }
        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_unit_struct(name, Wrap(visitor))
        }
        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_newtype_struct(name, Wrap(visitor))
        }
        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple(len, Wrap(visitor))
        }
        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_tuple_struct(name, len, Wrap(visitor))
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_struct(name, fields, Wrap(visitor))
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.0.deserialize_enum(name, variants, Wrap(visitor))
        }
        fn is_human_readable(&self) -> bool {
            self.0.is_human_readable()
        }
    }

    /// A visitor whose maps, sequences and inner values are read through [`Unique`] too.
    struct Wrap<V>(V);

    macro_rules! visit {
        ($($method:ident: $ty:ty)*) => {$(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.0.$method(v)
            }
        )*};
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
        type Value = V::Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.expecting(f)
        }
        visit! {
            visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
            visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
            visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
            visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
            visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
        }
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            self.0.visit_unit()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_some(Unique(d))
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.0.visit_newtype_struct(Unique(d))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.0.visit_seq(Seq(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.0.visit_map(Map {
                map,
                seen: HashSet::new(),
            })
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.0.visit_enum(Enum(data))
        }
    }

    struct Seq<A>(A);

    impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Seq<A> {
        type Error = A::Error;
        fn next_element_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<Option<T::Value>, A::Error> {
            self.0.next_element_seed(Seed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.0.size_hint()
        }
    }

    /// A mapping: each key is read through [`Key`], which gives its text to compare.
    struct Map<A> {
        map: A,
        seen: HashSet<String>,
    }

    impl<'de, A: MapAccess<'de>> MapAccess<'de> for Map<A> {
        type Error = A::Error;
        fn next_key_seed<K: DeserializeSeed<'de>>(
            &mut self,
            seed: K,
        ) -> Result<Option<K::Value>, A::Error> {
            let mut text = None;
            let key = self.map.next_key_seed(Key {
                seed,
                text: &mut text,
            })?;
            if let Some(text) = text
                && !self.seen.insert(text)
            {
                return Err(A::Error::custom(DUPLICATE));
            }
            Ok(key)
        }
        fn next_value_seed<T: DeserializeSeed<'de>>(
            &mut self,
            seed: T,
        ) -> Result<T::Value, A::Error> {
            self.map.next_value_seed(Seed(seed))
        }
        fn size_hint(&self) -> Option<usize> {
            self.map.size_hint()
        }
    }

    struct Enum<A>(A);

    impl<'de, A: de::EnumAccess<'de>> de::EnumAccess<'de> for Enum<A> {
        type Error = A::Error;
        type Variant = Variant<A::Variant>;
        fn variant_seed<T: DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<(T::Value, Self::Variant), A::Error> {
            let (value, variant) = self.0.variant_seed(seed)?;
            Ok((value, Variant(variant)))
        }
    }

    struct Variant<A>(A);

    impl<'de, A: de::VariantAccess<'de>> de::VariantAccess<'de> for Variant<A> {
        type Error = A::Error;
        fn unit_variant(self) -> Result<(), A::Error> {
            self.0.unit_variant()
        }
        fn newtype_variant_seed<T: DeserializeSeed<'de>>(
            self,
            seed: T,
        ) -> Result<T::Value, A::Error> {
            self.0.newtype_variant_seed(Seed(seed))
        }
        fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, A::Error> {
            self.0.tuple_variant(len, Wrap(v))
        }
        fn struct_variant<V: Visitor<'de>>(
            self,
            fields: &'static [&'static str],
            v: V,
        ) -> Result<V::Value, A::Error> {
            self.0.struct_variant(fields, Wrap(v))
        }
    }

    /// A value inside a sequence, mapping or enum, read through [`Unique`].
    struct Seed<T>(T);

    impl<'de, T: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<T> {
        type Value = T::Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<T::Value, D::Error> {
            self.0.deserialize(Unique(d))
        }
    }

    /// A mapping key: read as the model reads it, and its text kept in `text`.
    struct Key<'a, K> {
        seed: K,
        text: &'a mut Option<String>,
    }

    impl<'de, K: DeserializeSeed<'de>> DeserializeSeed<'de> for Key<'_, K> {
        type Value = K::Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<K::Value, D::Error> {
            self.seed.deserialize(KeyDe {
                de: d,
                text: self.text,
            })
        }
    }

    /// The deserializer of a key: as [`Unique`], with the key's text caught on the way.
    struct KeyDe<'a, D> {
        de: D,
        text: &'a mut Option<String>,
    }

    macro_rules! forward_key {
        ($($method:ident)*) => {$(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
                self.de.$method(Catch { visitor, text: self.text })
            }
        )*};
    }

    impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDe<'_, D> {
        type Error = D::Error;
        forward_key! {
            deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
            deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
            deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
            deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
            deserialize_option deserialize_unit deserialize_seq deserialize_map
            deserialize_identifier deserialize_ignored_any
        }
        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_unit_struct(
                name,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_newtype_struct(
                name,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_tuple(
                len,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_tuple_struct(
                name,
                len,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            fields: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_struct(
                name,
                fields,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, D::Error> {
            self.de.deserialize_enum(
                name,
                variants,
                Catch {
                    visitor,
                    text: self.text,
                },
            )
        }
        fn is_human_readable(&self) -> bool {
            self.de.is_human_readable()
        }
    }

    /// A key's visitor: scalars are written down (with their kind, so `1` and `"1"` stay two
    /// keys only if the model reads them differently), anything else is read as [`Wrap`] reads.
    struct Catch<'a, V> {
        visitor: V,
        text: &'a mut Option<String>,
    }

    macro_rules! catch {
        ($($method:ident: $ty:ty)*) => {$(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                *self.text = Some(format!("{v:?}"));
                self.visitor.$method(v)
            }
        )*};
    }

    impl<'de, V: Visitor<'de>> Visitor<'de> for Catch<'_, V> {
        type Value = V::Value;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.visitor.expecting(f)
        }
        catch! {
            visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
            visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
            visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char
            visit_bytes: &[u8] visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<V::Value, E> {
            *self.text = Some(v.to_owned());
            self.visitor.visit_str(v)
        }
        fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<V::Value, E> {
            *self.text = Some(v.to_owned());
            self.visitor.visit_borrowed_str(v)
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<V::Value, E> {
            *self.text = Some(v.clone());
            self.visitor.visit_string(v)
        }
        fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
            *self.text = Some("~".to_owned());
            self.visitor.visit_none()
        }
        fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
            *self.text = Some("~".to_owned());
            self.visitor.visit_unit()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.visitor.visit_some(Unique(d))
        }
        fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
            self.visitor.visit_newtype_struct(Unique(d))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
            self.visitor.visit_seq(Seq(seq))
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
            self.visitor.visit_map(Map {
                map,
                seen: HashSet::new(),
            })
        }
        fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
            self.visitor.visit_enum(Enum(data))
        }
    }
}

/// `text` without a leading byte-order mark, which some editors write and YAML parsers read as
/// part of the first key. Files are read without one already ([`crate::files::read_text`]);
/// this covers text that arrives another way.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Serialize `value` as YAML.
pub fn to_string<T: Serialize>(value: &T) -> anyhow::Result<String> {
    Ok(serde_yaml::to_string(value)?)
}

/// One step of the path to a node: a mapping key or a position in a sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A position in a sequence.
    Index(usize),
}

/// Serialize `value` as YAML that every YAML reader reads the same. The YAML crate writes YAML
/// 1.2, where `yes`, `off`, `2026-01-01` and `12:30` are plain text; YAML 1.1 readers (PyYAML,
/// many editors' tools) read them as a boolean, a date and a number (750: base 60). So every
/// string (key or value) that YAML 1.1 would read as something else is written in quotes,
/// except where `typed` says the value at that path is meant to be what YAML 1.1 reads (a date
/// field is a date to every reader).
pub fn to_string_for_any_reader<T: Serialize>(
    value: &T,
    typed: &dyn Fn(&[Step]) -> bool,
) -> anyhow::Result<String> {
    let tree = serde_yaml::to_value(value)?;
    let plain = serde_yaml::to_string(&tree)?;
    let mut marked_tree = tree.clone();
    let mut marked = Vec::new();
    mark(&mut marked_tree, &mut Vec::new(), typed, &mut marked);
    if marked.is_empty() {
        return Ok(plain);
    }
    // The crate has no way to ask for quotes, so each such string goes in with a marker in
    // front (which makes it plain text to the emitter) and the marker becomes quotes after.
    let text = serde_yaml::to_string(&marked_tree)?;
    marked.sort_by_key(|s| std::cmp::Reverse(s.len()));
    marked.dedup();
    let mut out = String::with_capacity(text.len() + 2 * marked.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find(MARK) {
        out.push_str(&rest[..at]);
        rest = &rest[at + MARK.len()..];
        match marked.iter().find(|s| rest.starts_with(s.as_str())) {
            Some(s) => {
                out.push('\'');
                out.push_str(s);
                out.push('\'');
                rest = &rest[s.len()..];
            }
            None => return Ok(plain),
        }
    }
    out.push_str(rest);
    // Whatever happened above, the quoted text must read back as exactly the same document.
    match serde_yaml::from_str::<serde_yaml::Value>(&out) {
        Ok(back) if back == tree => Ok(out),
        _ => Ok(plain),
    }
}

/// Put in front of a string that must be quoted; letters only, so the emitter writes it plain.
const MARK: &str = "thinkkitquotemark";

fn mark(
    node: &mut serde_yaml::Value,
    path: &mut Vec<Step>,
    typed: &dyn Fn(&[Step]) -> bool,
    marked: &mut Vec<String>,
) {
    use serde_yaml::Value as V;
    let mark_str = |s: &mut String, marked: &mut Vec<String>| {
        marked.push(s.clone());
        s.insert_str(0, MARK);
    };
    // What thinkkit writes is a few levels deep; this never walks anything read from a user.
    match node {
        V::String(s) => {
            if yaml11_reads_as_other_type(s) && !typed(path) {
                mark_str(s, marked);
            }
        }
        V::Sequence(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                path.push(Step::Index(i));
                mark(item, path, typed, marked);
                path.pop();
            }
        }
        V::Mapping(map) => {
            for (mut k, mut v) in std::mem::take(map) {
                let key = k.as_str().unwrap_or_default().to_owned();
                if let V::String(s) = &mut k
                    && yaml11_reads_as_other_type(s)
                {
                    mark_str(s, marked);
                }
                path.push(Step::Key(key));
                mark(&mut v, path, typed, marked);
                path.pop();
                map.insert(k, v);
            }
        }
        V::Tagged(tagged) => mark(&mut tagged.value, path, typed, marked),
        V::Null | V::Bool(_) | V::Number(_) => {}
    }
}

/// Whether a YAML 1.1 reader would read `s`, written plain, as something other than a string:
/// a boolean (`yes`, `off`, `y`), null (`~`), an integer (`0777`, `0x1F`, `1_000`, `12:30`), a
/// float (`1.5`, `.inf`), a date or time (`2026-01-01`), or a merge key. The patterns are
/// PyYAML's (the YAML 1.1 reader most tools use), with the spec's `y` and `n` added.
pub fn yaml11_reads_as_other_type(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false",
        "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<",
        "=", ".nan", ".NaN", ".NAN",
    ];
    if s.is_empty() || WORDS.contains(&s) {
        return true;
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    let all = |t: &str, ok: fn(u8) -> bool| !t.is_empty() && t.bytes().all(ok);
    let digit_ = |b: u8| b.is_ascii_digit() || b == b'_';
    // Integers: binary, octal, decimal, hexadecimal, base 60.
    if let Some(bits) = body.strip_prefix("0b")
        && all(bits, |b| matches!(b, b'0' | b'1' | b'_'))
    {
        return true;
    }
    if let Some(hex) = body.strip_prefix("0x")
        && all(hex, |b| b.is_ascii_hexdigit() || b == b'_')
    {
        return true;
    }
    if body == "0" || all(body, digit_) && body.starts_with(|c: char| c.is_ascii_digit()) {
        // `0[0-7_]+` (octal), `[1-9][0-9_]*`; `08` is neither, but quoting it costs nothing.
        return true;
    }
    let sexagesimal = |t: &str| {
        let mut parts = t.split(':');
        let first = parts.next().unwrap_or_default();
        let mut rest = parts.peekable();
        rest.peek().is_some()
            && all(first, digit_)
            && first.starts_with(|c: char| c.is_ascii_digit())
            && rest.all(|p| (1..=2).contains(&p.len()) && all(p, |b| b.is_ascii_digit()))
    };
    if sexagesimal(body) {
        return true;
    }
    // Floats: `1.5`, `.5`, `1.`, `1.5e+3`, base 60 with a fraction, infinity.
    if matches!(body, ".inf" | ".Inf" | ".INF") {
        return true;
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        e.strip_prefix(['-', '+'])
            .is_some_and(|d| all(d, |b| b.is_ascii_digit()))
    });
    if let Some((int, frac)) = mantissa.split_once('.')
        && exponent_ok
    {
        let int_ok = int.is_empty() && !frac.is_empty() || all(int, digit_) || sexagesimal(int);
        if int_ok && (frac.is_empty() || all(frac, digit_)) && !(int.is_empty() && frac.is_empty())
        {
            return true;
        }
    }
    is_timestamp(s)
}

/// `2026-01-01`, or a date and time (`2026-1-1 10:00:00`, `2026-01-01T10:00:00.5Z`).
fn is_timestamp(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() == 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
    {
        return true;
    }
    // The long form: year-month-day, then `T`, `t` or spaces, then hh:mm:ss and the rest.
    if !(digits(0..4) && b.get(4) == Some(&b'-')) {
        return false;
    }
    let rest = &s[5..];
    let Some(split) = rest.find(['T', 't', ' ', '\t']) else {
        return false;
    };
    let (date, time) = rest.split_at(split);
    let time = time.trim_start_matches(['T', 't', ' ', '\t']);
    let short = |p: &str| (1..=2).contains(&p.len()) && p.bytes().all(|d| d.is_ascii_digit());
    let date_ok = date
        .split_once('-')
        .is_some_and(|(m, d)| short(m) && short(d));
    let mut hms = time.splitn(3, ':');
    let (h, m, sec) = (hms.next(), hms.next(), hms.next());
    date_ok
        && h.is_some_and(short)
        && m.is_some_and(|m| m.len() == 2 && m.bytes().all(|d| d.is_ascii_digit()))
        && sec.is_some_and(|s| s.len() >= 2 && s.as_bytes()[..2].iter().all(u8::is_ascii_digit))
}

/// Where each node of a YAML document starts, by path (`cards[3].measures[1]`, the same path
/// syntax serde_yaml uses in its messages).
#[derive(Debug, Default, Clone)]
pub struct NodeIndex {
    values: HashMap<String, Loc>,
    keys: HashMap<String, Loc>,
    duplicates: Vec<Duplicate>,
}

/// A key written twice in one mapping. serde keeps the last value without a word, so a second
/// `homes-count:` would silently replace the first (and the next save would drop it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    /// The key's path (`answers.homes-count`).
    pub path: String,
    /// Where it is written again.
    pub loc: Loc,
    /// Where it was written first.
    pub first: Loc,
}

impl NodeIndex {
    /// Index `text`. A document that does not parse gives an empty index: serde has already
    /// reported why.
    pub fn build(text: &str) -> Self {
        let mut index = NodeIndex::default();
        let mut stack: Vec<Frame> = Vec::new();
        for event in saphyr_parser::Parser::new_from_str(without_bom(text)) {
            let Ok((event, span)) = event else {
                break;
            };
            let loc = Loc {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            use saphyr_parser::Event;
            match event {
                Event::Scalar(value, ..) => {
                    if let Some(Frame::Map { path, key, seen }) = stack.last_mut()
                        && key.is_none()
                    {
                        let key_path = join_key(path, &value);
                        if let Some(first) = seen.get(value.as_ref()) {
                            index.duplicates.push(Duplicate {
                                path: key_path.clone(),
                                loc,
                                first: *first,
                            });
                        } else {
                            seen.insert(value.to_string(), loc);
                            index.keys.insert(key_path, loc);
                        }
                        *key = Some(value.into_owned());
                        continue;
                    }
                    let path = next_path(&mut stack);
                    index.values.insert(path, loc);
                    value_done(&mut stack);
                }
                Event::Alias(_) => {
                    let path = next_path(&mut stack);
                    index.values.insert(path, loc);
                    value_done(&mut stack);
                }
                Event::MappingStart(..) => {
                    let path = next_path(&mut stack);
                    index.values.insert(path.clone(), loc);
                    stack.push(Frame::Map {
                        path,
                        key: None,
                        seen: HashMap::new(),
                    });
                }
                Event::SequenceStart(..) => {
                    let path = next_path(&mut stack);
                    index.values.insert(path.clone(), loc);
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    value_done(&mut stack);
                }
                _ => {}
            }
        }
        index
    }

    /// Keys written more than once in the same mapping, in the order they appear.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// Where the value at `path` starts.
    pub fn value(&self, path: &str) -> Option<Loc> {
        self.values.get(path).copied()
    }

    /// Where the key at `path` is written (the last segment must be a mapping key).
    pub fn key(&self, path: &str) -> Option<Loc> {
        self.keys.get(path).copied()
    }

    /// The value at `path`, or failing that the nearest enclosing node that exists.
    pub fn nearest(&self, path: &str) -> Option<Loc> {
        let mut path = path.to_owned();
        loop {
            if let Some(loc) = self.values.get(&path) {
                return Some(*loc);
            }
            let cut = path.rfind(['.', '['])?;
            path.truncate(cut);
            if path.is_empty() {
                return self.values.get(".").copied();
            }
        }
    }
}

#[derive(Debug)]
enum Frame {
    Map {
        path: String,
        key: Option<String>,
        /// Keys seen so far in this mapping, and where.
        seen: HashMap<String, Loc>,
    },
    Seq {
        path: String,
        next: usize,
    },
}

fn join_key(parent: &str, key: &str) -> String {
    if parent == "." {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

/// A value has ended: the enclosing mapping expects a key again.
fn value_done(stack: &mut [Frame]) {
    if let Some(Frame::Map { key, .. }) = stack.last_mut() {
        *key = None;
    }
}

/// The path of the node that starts now, advancing the parent's position.
fn next_path(stack: &mut [Frame]) -> String {
    match stack.last_mut() {
        None => ".".to_owned(),
        Some(Frame::Map { path, key, .. }) => join_key(path, key.as_deref().unwrap_or_default()),
        Some(Frame::Seq { path, next }) => {
            let mut p = if path == "." {
                String::new()
            } else {
                path.clone()
            };
            let _ = write!(p, "[{next}]");
            *next += 1;
            p
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_records_nested_paths() {
        let text = "cards:\n  - id: a\n    measures: [x, y]\n  - id: b\n";
        let idx = NodeIndex::build(text);
        assert_eq!(idx.value("cards[0].id"), Some(Loc { line: 2, column: 9 }));
        assert_eq!(
            idx.value("cards[0].measures[1]"),
            Some(Loc {
                line: 3,
                column: 19
            })
        );
        assert_eq!(idx.value("cards[1].id"), Some(Loc { line: 4, column: 9 }));
        assert_eq!(idx.key("cards[1].id"), Some(Loc { line: 4, column: 5 }));
        assert_eq!(
            idx.nearest("cards[1].nothing[3]"),
            Some(Loc { line: 4, column: 5 })
        );
    }

    #[test]
    fn keys_written_twice_are_found_with_both_places() {
        let text = "a: 1\nanswers:\n  x: 1\n  y: 2\n  x: 3\nb:\n  - {k: 1, k: 2}\n";
        let idx = NodeIndex::build(text);
        assert_eq!(
            idx.duplicates(),
            [
                Duplicate {
                    path: "answers.x".into(),
                    loc: Loc { line: 5, column: 3 },
                    first: Loc { line: 3, column: 3 },
                },
                Duplicate {
                    path: "b[0].k".into(),
                    loc: Loc {
                        line: 7,
                        column: 12
                    },
                    first: Loc { line: 7, column: 6 },
                },
            ]
        );
        assert_eq!(idx.key("answers.x"), Some(Loc { line: 3, column: 3 }));
    }

    #[test]
    fn a_key_written_twice_anywhere_sends_the_file_the_slow_way() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Doc {
            a: u32,
            #[serde(default)]
            m: std::collections::BTreeMap<String, Vec<std::collections::BTreeMap<String, u32>>>,
            #[serde(default)]
            o: Option<Box<Doc>>,
        }
        let ok: Option<Doc> = from_str_if_unique("a: 1\nm:\n  x: [{p: 1, q: 2}]\n  y: []\n");
        assert_eq!(ok.unwrap().m["x"][0]["q"], 2);
        for twice in [
            "a: 1\na: 2\n",
            "a: 1\nm:\n  x: []\n  x: []\n",
            "a: 1\nm:\n  x: [{p: 1, p: 2}]\n",
            "a: 1\no:\n  a: 2\n  m: {k: [], 'k': []}\n",
        ] {
            assert!(from_str_if_unique::<Doc>(twice).is_none(), "{twice}");
            assert!(!NodeIndex::build(twice).duplicates().is_empty(), "{twice}");
        }
        // Any other error sends it the slow way too, where serde says what it is.
        assert!(from_str_if_unique::<Doc>("a: x\n").is_none());
        assert!(from_str::<Doc>("a: x\n").is_err());
    }

    #[test]
    fn alias_bomb_is_refused_with_advice() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..9 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            let _ = writeln!(
                text,
                "{next}: &{next} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]"
            );
        }
        let err = from_str::<serde_json::Value>(&text).unwrap_err();
        assert!(err.message.contains("too many aliases"), "{err:?}");
    }

    /// Plans used to write `yes`, `off`, `2026-01-01` and `12:30` unquoted as text, which YAML
    /// 1.1 readers read as a boolean, a date and a number (issue 12).
    #[test]
    fn strings_yaml_1_1_reads_as_another_type_are_recognised() {
        for s in [
            "yes",
            "No",
            "OFF",
            "on",
            "y",
            "N",
            "true",
            "~",
            "null",
            "",
            "<<",
            "=",
            "0777",
            "0x1F",
            "0b101",
            "1_000",
            "-12",
            "+7",
            "12:30",
            "1:20:30",
            "1.5",
            ".5",
            "1.",
            "-1.5e+3",
            ".inf",
            "-.Inf",
            ".NaN",
            "2026-01-01",
            "2026-1-1 10:00:00",
            "2026-01-01T10:00:00.5Z",
            "2026-01-01 10:00:00 +01:00",
            "190:20:30.15",
            "08",
        ] {
            assert!(yaml11_reads_as_other_type(s), "{s}");
        }
        for s in [
            "yes please",
            "Norway",
            "1.0.0",
            "2026-09",
            "12:3a",
            "0xZZ",
            "1e5",
            "1.5e3",
            "£1,200",
            "45%",
            "a",
            "12 30",
            "-",
            ".",
            "1:2:3:",
            "spring 2027",
        ] {
            assert!(!yaml11_reads_as_other_type(s), "{s}");
        }
    }

    #[test]
    fn such_strings_are_quoted_and_read_back_the_same() {
        #[derive(Serialize)]
        struct Doc {
            answers: std::collections::BTreeMap<String, serde_json::Value>,
            created: String,
            list: Vec<String>,
        }
        let doc = Doc {
            answers: [
                ("on", serde_json::json!("yes")),
                ("time", serde_json::json!("12:30")),
                ("when", serde_json::json!("2026-01-01")),
                ("text", serde_json::json!("plain words")),
                ("flag", serde_json::json!(true)),
                ("n", serde_json::json!(3)),
                ("long", serde_json::json!("yes\nno")),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
            created: "2026-01-01".to_owned(),
            list: vec!["off".to_owned(), "fine".to_owned()],
        };
        let typed = |p: &[Step]| p == [Step::Key("created".to_owned())];
        let text = to_string_for_any_reader(&doc, &typed).unwrap();
        assert_eq!(
            text,
            "answers:\n  flag: true\n  long: |-\n    yes\n    no\n  'n': 3\n  'on': 'yes'\n  \
             text: plain words\n  time: '12:30'\n  when: '2026-01-01'\ncreated: 2026-01-01\n\
             list:\n- 'off'\n- fine\n"
        );
        let back: serde_json::Value = from_str(&text).unwrap();
        assert_eq!(back["answers"]["on"], "yes");
        assert_eq!(back["list"][0], "off");
    }

    #[test]
    fn deep_nesting_is_refused_with_advice() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = from_str::<serde_json::Value>(&text).unwrap_err();
        assert!(err.message.contains("nesting too deep"), "{err:?}");
    }
}
