//! The one module that touches YAML.
//!
//! thinkkit reads kits and plans with `serde_yaml` (the maintained `yaml_serde` continuation,
//! renamed in `Cargo.toml`) and writes plans with it. Keeping every call here means the YAML crate
//! can change in one place. Two passes read a file: serde gives strict typed values (unknown fields,
//! wrong types and YAML syntax errors come back with line and column), and a second, event-level
//! pass with `saphyr-parser` records where every node starts, so that checks made after
//! deserializing (a dangling reference, a duplicate id) can still point at file, line and column.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::files::MAX_FILE_BYTES;

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
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = without_bom(text);
    if text.len() > MAX_FILE_BYTES {
        return Err(YamlError {
            message: crate::files::too_large(text.len()),
            loc: None,
        });
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
            _ => message,
        };
        YamlError { message, loc }
    })
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

/// Where each node of a YAML document starts, by path (`cards[3].measures[1]`, the same path
/// syntax serde_yaml uses in its messages).
#[derive(Debug, Default, Clone)]
pub struct NodeIndex {
    values: HashMap<String, Loc>,
    keys: HashMap<String, Loc>,
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
                    if let Some(Frame::Map { path, key, .. }) = stack.last_mut()
                        && key.is_none()
                    {
                        let key_path = join_key(path, &value);
                        index.keys.insert(key_path, loc);
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
                    stack.push(Frame::Map { path, key: None });
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
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
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
        Some(Frame::Map { path, key }) => join_key(path, key.as_deref().unwrap_or_default()),
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

    #[test]
    fn deep_nesting_is_refused_with_advice() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let err = from_str::<serde_json::Value>(&text).unwrap_err();
        assert!(err.message.contains("nesting too deep"), "{err:?}");
    }
}
