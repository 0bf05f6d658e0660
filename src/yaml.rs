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
