//! A fast reader for the plain subset of YAML that kits and plans are written in.
//!
//! `serde_yaml` reads YAML through libyaml's scanner, a character at a time; for a large kit
//! that is nearly all of `thinkkit kit validate` (24.7 MB of YAML for 10,000 cards: 0.6 s of
//! the 0.7 s), and 4 of the 10.7 million instructions of `thinkkit status`. This module reads
//! the subset of YAML that thinkkit writes and kit authors write by hand, line by line, into a
//! tree, and a serde [`Deserializer`](de::Deserializer) over the tree gives the model exactly
//! what `serde_yaml` gives for the same text: the same rules for which plain scalars are
//! numbers, booleans and null, the same handling of empty values, options, enums and the
//! nesting limit.
//!
//! The subset is conservative. Anything outside it, or anything whose reading could be in
//! doubt, makes [`parse`] give up on the whole file, and the caller reads it with `serde_yaml`
//! as before; so does any error while deserializing. What a file means, and every message about
//! a file that is wrong, is therefore `serde_yaml`'s. Read here:
//! - block mappings and block sequences, a sequence at its key's indentation (`key:` then
//!   `- item`, as `serde_yaml` writes), compact mappings in sequences (`- id: x`);
//! - plain keys (`[A-Za-z0-9_][A-Za-z0-9_-]*`, not a number, boolean or null) and
//!   single-line quoted keys;
//! - single-line values: plain, single-quoted, double-quoted with the simple escapes
//!   (`\\ \" \/ \0 \a \b \t \n \v \f \r \e \xXX \uXXXX`), flow sequences and flow mappings
//!   on one line (`[a, b]`, `{ id: x, label: "y" }`, nested, `[]`, `{}`);
//! - block scalars `|`, `|-`, `>`, `>-` (no explicit indentation, no `+`), which start with a
//!   content line; a folded one may not have more-indented lines or trailing spaces;
//! - comments and blank lines.
//!
//! Given up on, among others: tabs, carriage returns and every other control character, line
//! separators and byte-order marks inside the text; anchors, aliases, tags, directives and
//! document markers; multi-line plain or quoted scalars; keys written twice in one mapping
//! (however quoted); plain scalars that are numbers in any form but the plainest decimal
//! (`12`, `-3`, `1.5`), that YAML 1.1 reads as another type (`yes`, `off`, `12:30`, `0x1F`,
//! `.inf`; dates are read as text, as `serde_yaml` does), or that are case variants of
//! `true`, `false` and `null`; nesting deeper than [`MAX_DEPTH`]; a text that does not end
//! with a line break after a block scalar.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, DeserializeSeed, Visitor};

/// Deepest nesting of mappings and sequences read here (`serde_yaml` refuses 128).
pub(super) const MAX_DEPTH: usize = 100;

/// The longest key read here (YAML's implicit keys may not be longer than 1024 characters).
const MAX_KEY: usize = 512;

/// Why the fast reader gave up on a file; only tests look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct GiveUp(pub(super) &'static str);

type R<T> = Result<T, GiveUp>;

fn give_up<T>(why: &'static str) -> R<T> {
    Err(GiveUp(why))
}

/// A node of the document.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Node<'a> {
    /// A scalar, and whether it was written plain (a plain scalar may be a number, a boolean
    /// or null; a quoted or block one is always text).
    Scalar { text: Cow<'a, str>, plain: bool },
    /// A sequence.
    Seq(Vec<Node<'a>>),
    /// A mapping; every key is a [`Node::Scalar`].
    Map(Vec<(Node<'a>, Node<'a>)>),
}

impl Node<'_> {
    const EMPTY: Node<'static> = Node::Scalar {
        text: Cow::Borrowed(""),
        plain: true,
    };
}

/// Read `text` (without a byte-order mark) as the subset above, or say why not.
pub(super) fn parse(text: &str) -> Result<Node<'_>, GiveUp> {
    if text.len() > super::MAX_FILE_BYTES {
        return give_up("the file is over the size limit");
    }
    if !clean(text.as_bytes()) {
        return give_up("a tab, carriage return, control character or line separator");
    }
    let mut p = Parser {
        text,
        b: text.as_bytes(),
        pos: 0,
        peeked: None,
        entries: Vec::new(),
        items: Vec::new(),
    };
    let Some(first) = p.peek() else {
        return give_up("no content");
    };
    if first.indent != 0 || p.is_dash(first) {
        return give_up("the document is not a mapping at the first column");
    }
    let node = p.block_map(0, first.start, first.end, None, 1)?;
    if p.peek().is_some() {
        return give_up("content after the document");
    }
    Ok(node)
}

/// Deserialize `T` from `text` when it is in the subset and `T` reads it without an error.
pub(super) fn from_str<T: de::DeserializeOwned>(text: &str) -> Option<T> {
    let node = parse(text).ok()?;
    T::deserialize(De::new(&node)).ok()
}

/// Whether every character may be read here: line feeds and printable characters, but no
/// tab, carriage return, other control character (C0, DEL, C1), line or paragraph separator
/// (which YAML takes as line breaks), byte-order mark or non-character `U+FFFE`/`U+FFFF`.
fn clean(b: &[u8]) -> bool {
    const CHUNK: usize = 32;
    let printable = |c: u8| (c >= 0x20) & (c != 0x7f) | (c == b'\n');
    // Beyond ASCII, only the characters that start with these bytes may be refused; `b` is
    // UTF-8, where they are never a continuation byte. A small text has them looked for in the
    // chunks that are not all ASCII, a large one with `memchr` afterwards.
    let small = b.len() < VECTOR_SCAN_FROM;
    let leads_clean = |from: usize, to: usize| {
        (from..to)
            .filter(|&i| matches!(b[i], 0xc2 | 0xe2 | 0xef))
            .all(|i| clean_slowly(b, i, i + 1))
    };
    let mut chunks = b.chunks_exact(CHUNK);
    let mut at = 0;
    for chunk in &mut chunks {
        // No early exit inside a chunk: the compiler checks its bytes at once.
        if !chunk.iter().fold(true, |ok, &c| ok & printable(c)) {
            return false;
        }
        if small && !chunk.is_ascii() && !leads_clean(at, at + CHUNK) {
            return false;
        }
        at += CHUNK;
    }
    if !chunks.remainder().iter().all(|&c| printable(c)) {
        return false;
    }
    if small {
        return leads_clean(at, b.len());
    }
    memchr::memchr3_iter(0xc2, 0xe2, 0xef, b).all(|i| clean_slowly(b, i, i + 1))
}

/// The size from which a text is searched with `memchr`'s vector instructions rather than with
/// the standard library's word-at-a-time search. The first time `memchr` runs, it asks the
/// processor which instructions it has (`CPUID`), and a virtual machine's host answers that
/// question slowly: 40 µs here, more than reading the worked example's 12 KB plan takes. A kit
/// of many cards is megabytes, and there the vector search pays for its question many times
/// over.
const VECTOR_SCAN_FROM: usize = 256 * 1024;

/// [`clean`] for `b[from..to]`, a byte at a time; `b` is UTF-8, so a lead byte is followed by
/// its continuation bytes (which may lie beyond `to`).
fn clean_slowly(b: &[u8], from: usize, to: usize) -> bool {
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    (from..to).all(|i| match b[i] {
        b'\n' | 0x20..=0x7e | 0x80..=0xbf => true,
        // U+0080..U+009F: C1 controls (NEL, U+0085, is a line break to YAML).
        0xc2 => !(0x80..=0x9f).contains(&at(i + 1)),
        // U+2028, U+2029: line and paragraph separators.
        0xe2 => !(at(i + 1) == 0x80 && matches!(at(i + 2), 0xa8 | 0xa9)),
        // U+FEFF (byte-order mark), U+FFFE, U+FFFF.
        0xef => !(at(i + 1) == 0xbb && at(i + 2) == 0xbf || at(i + 1) == 0xbf && at(i + 2) >= 0xbe),
        0xc3..=0xff => true,
        _ => false,
    })
}

/// A line with content (not blank, not a comment).
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Its indentation: the number of spaces before `start`.
    indent: usize,
    /// Where its content starts.
    start: usize,
    /// Where it ends: its line feed, or the end of the text.
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    b: &'a [u8],
    /// The start of the next line to read.
    pos: usize,
    /// The last line [`Parser::peek`] found, and the `pos` it was found at.
    peeked: Option<(usize, Line)>,
    /// The entries of the mappings being read, innermost last: each mapping's entries are
    /// moved into a vector of their own, of the right size, when it ends.
    entries: Vec<(Node<'a>, Node<'a>)>,
    /// The same for sequences.
    items: Vec<Node<'a>>,
}

/// The characters of a plain key after the first.
fn key_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

impl<'a> Parser<'a> {
    /// The end of the line that starts at or contains `from`: its line feed or the end.
    fn line_end(&self, from: usize) -> usize {
        // `str::find` searches a word at a time; `from` is a line's start, so a character's.
        let at = if self.b.len() < VECTOR_SCAN_FROM {
            match self.text.get(from..) {
                Some(rest) => rest.find('\n'),
                None => self.b[from..].iter().position(|&c| c == b'\n'),
            }
        } else {
            memchr::memchr(b'\n', &self.b[from..])
        };
        at.map_or(self.b.len(), |i| from + i)
    }

    /// The next line with content, skipping blank lines and comments (which are consumed);
    /// the line itself is not consumed.
    fn peek(&mut self) -> Option<Line> {
        if let Some((pos, line)) = self.peeked
            && pos == self.pos
        {
            return Some(line);
        }
        while self.pos < self.b.len() {
            let end = self.line_end(self.pos);
            let start = self.skip_spaces(self.pos, end);
            if start == end || self.b[start] == b'#' {
                self.pos = (end + 1).min(self.b.len());
                continue;
            }
            let line = Line {
                indent: start - self.pos,
                start,
                end,
            };
            self.peeked = Some((self.pos, line));
            return Some(line);
        }
        None
    }

    /// Consume the line that ends at `end`.
    fn next_line(&mut self, end: usize) {
        self.pos = (end + 1).min(self.b.len());
    }

    fn skip_spaces(&self, mut i: usize, end: usize) -> usize {
        while i < end && self.b[i] == b' ' {
            i += 1;
        }
        i
    }

    /// Whether the line is a block sequence entry (`-` then a space or the end of the line).
    fn is_dash(&self, line: Line) -> bool {
        self.b[line.start] == b'-' && (line.start + 1 == line.end || self.b[line.start + 1] == b' ')
    }

    /// A block mapping at column `indent` whose first key is at `at` on the line ending at
    /// `end`.
    fn block_map(
        &mut self,
        indent: usize,
        mut at: usize,
        mut end: usize,
        mut first: Option<(Node<'a>, usize)>,
        depth: usize,
    ) -> R<Node<'a>> {
        if depth > MAX_DEPTH {
            return give_up("nesting too deep");
        }
        let base = self.entries.len();
        loop {
            let key = match first.take() {
                Some(key) => Some(key),
                None => self.key(at, end)?,
            };
            let Some((key, after)) = key else {
                return give_up("a line in a mapping that is not `key: value`");
            };
            let value = self.value_of_key(indent, after, end, depth)?;
            self.entries.push((key, value));
            match self.peek() {
                Some(l) if l.indent == indent && !self.is_dash(l) => {
                    at = l.start;
                    end = l.end;
                }
                Some(l) if l.indent >= indent => {
                    return give_up("a line indented deeper than its mapping's keys, or a dash");
                }
                _ => break,
            }
        }
        unique(&self.entries[base..])?;
        Ok(Node::Map(self.entries.drain(base..).collect()))
    }

    /// The key at `at` if the text there is `key:` followed by a space or the end of the line,
    /// with the position after the colon; `None` if it is not a key.
    fn key(&self, at: usize, end: usize) -> R<Option<(Node<'a>, usize)>> {
        let b = self.b;
        // A flow mapping's `{` or `,` may end the line (and the text): there is no key there.
        if at >= end {
            return Ok(None);
        }
        let (key, after) = match b[at] {
            b'\'' | b'"' => {
                let Some((text, after)) = self.quoted(at, end)? else {
                    return Ok(None);
                };
                (Node::Scalar { text, plain: false }, after)
            }
            c if c.is_ascii_alphanumeric() || c == b'_' => {
                let mut i = at + 1;
                while i < end && key_byte(b[i]) {
                    i += 1;
                }
                (
                    Node::Scalar {
                        text: Cow::Borrowed(&self.text[at..i]),
                        plain: true,
                    },
                    i,
                )
            }
            _ => return Ok(None),
        };
        if !(after < end && b[after] == b':' && (after + 1 == end || b[after + 1] == b' ')) {
            return Ok(None);
        }
        if after - at > MAX_KEY {
            return give_up("a key that is too long");
        }
        if let Node::Scalar {
            text, plain: true, ..
        } = &key
            && plain_kind(text)? != Kind::Str
        {
            return give_up("a plain key that is not text");
        }
        Ok(Some((key, after + 1)))
    }

    /// The value of a key in a block mapping at `indent`; `after` is just past its colon.
    fn value_of_key(
        &mut self,
        indent: usize,
        after: usize,
        end: usize,
        depth: usize,
    ) -> R<Node<'a>> {
        let q = self.skip_spaces(after, end);
        if q == end || self.b[q] == b'#' {
            self.next_line(end);
            return self.nested(indent, true, depth);
        }
        self.inline(q, end, indent, depth)
    }

    /// A value on the lines after its key or dash at column `indent`: a block more indented, a
    /// sequence at the same column (after a key), or else an empty value.
    fn nested(&mut self, indent: usize, after_key: bool, depth: usize) -> R<Node<'a>> {
        match self.peek() {
            Some(l) if l.indent > indent || after_key && l.indent == indent && self.is_dash(l) => {
                if self.is_dash(l) {
                    self.block_seq(l, depth + 1)
                } else {
                    self.block_map(l.indent, l.start, l.end, None, depth + 1)
                }
            }
            _ => Ok(Node::EMPTY),
        }
    }

    /// A block sequence whose first entry is `first`.
    fn block_seq(&mut self, first: Line, depth: usize) -> R<Node<'a>> {
        if depth > MAX_DEPTH {
            return give_up("nesting too deep");
        }
        let indent = first.indent;
        let base = self.items.len();
        let mut line = first;
        loop {
            let end = line.end;
            let q = self.skip_spaces(line.start + 1, end);
            let item = if q == end || self.b[q] == b'#' {
                self.next_line(end);
                self.nested(indent, false, depth)?
            } else if self.b[q] == b'-' && (q + 1 == end || self.b[q + 1] == b' ') {
                return give_up("a sequence in a sequence on one line (`- - x`)");
            } else if let Some(key) = self.key(q, end)? {
                let column = q - (line.start - line.indent);
                self.block_map(column, q, end, Some(key), depth + 1)?
            } else {
                self.inline(q, end, indent, depth)?
            };
            self.items.push(item);
            match self.peek() {
                Some(l) if l.indent == indent && self.is_dash(l) => line = l,
                // A key at the sequence's column ends a sequence written at its key's column; a
                // line between is refused by the mapping around.
                Some(l) if l.indent > indent => {
                    return give_up("a line indented deeper than its sequence's dashes");
                }
                _ => break,
            }
        }
        Ok(Node::Seq(self.items.drain(base..).collect()))
    }

    /// A value that starts at `q` on the line ending at `end`, in a block at column `indent`:
    /// the line (and a block scalar's lines) is consumed.
    fn inline(&mut self, q: usize, end: usize, indent: usize, depth: usize) -> R<Node<'a>> {
        let b = self.b;
        let node = match b[q] {
            b'\'' | b'"' => {
                let Some((text, after)) = self.quoted(q, end)? else {
                    return give_up("a quoted scalar over several lines");
                };
                self.tail(after, end)?;
                Node::Scalar { text, plain: false }
            }
            b'[' | b'{' => {
                let (node, after) = self.flow(q, end, depth + 1)?;
                self.tail(after, end)?;
                node
            }
            b'|' | b'>' => {
                let header = &self.text[q + 1..end];
                let strip = header.starts_with('-');
                let rest = if strip { &header[1..] } else { header };
                if rest.bytes().any(|c| c != b' ') {
                    return give_up("a block scalar header other than `|`, `|-`, `>`, `>-`");
                }
                self.next_line(end);
                return self.block_scalar(indent, b[q] == b'|', strip);
            }
            b'-' if q + 1 == end || b[q + 1] == b' ' => {
                return give_up("a dash after a key");
            }
            b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'?' | b':' | b',' | b']' | b'}' | b'#' => {
                return give_up("an anchor, alias, tag, indicator or reserved character");
            }
            _ => {
                let text = self.plain(q, end)?;
                plain_kind(text)?;
                Node::Scalar {
                    text: Cow::Borrowed(text),
                    plain: true,
                }
            }
        };
        self.next_line(end);
        Ok(node)
    }

    /// After a quoted scalar or a flow collection: only spaces, or a comment.
    fn tail(&self, after: usize, end: usize) -> R<()> {
        let k = self.skip_spaces(after, end);
        if k == end || self.b[k] == b'#' && k > after {
            Ok(())
        } else {
            give_up("something after a quoted scalar or flow collection")
        }
    }

    /// A plain scalar in a block at `q`: up to a comment or the end of the line, without its
    /// trailing spaces.
    fn plain(&self, q: usize, end: usize) -> R<&'a str> {
        let b = self.b;
        let mut stop = end;
        let mut i = q;
        while let Some(j) = find_colon_or_hash(b, i, end) {
            if b[j] == b':' {
                if j + 1 == end || b[j + 1] == b' ' {
                    return give_up("`: ` inside a plain scalar");
                }
            } else if b[j - 1] == b' ' {
                stop = j;
                break;
            }
            i = j + 1;
        }
        Ok(self.text[q..stop].trim_end_matches(' '))
    }

    /// A single- or double-quoted scalar at `q` that ends on this line, and the position after
    /// it; `None` if it does not end on this line.
    fn quoted(&self, q: usize, end: usize) -> R<Option<(Cow<'a, str>, usize)>> {
        let b = self.b;
        let text = self.text;
        let double = b[q] == b'"';
        let mut owned: Option<String> = None;
        let mut seg = q + 1;
        let mut i = q + 1;
        loop {
            let found = if double {
                find2(b, i, end, b'"', b'\\')
            } else {
                find2(b, i, end, b'\'', b'\'')
            };
            let Some(j) = found else {
                return Ok(None);
            };
            if !double && j + 1 < end && b[j + 1] == b'\'' {
                owned
                    .get_or_insert_with(String::new)
                    .push_str(&text[seg..=j]);
                i = j + 2;
                seg = i;
                continue;
            }
            if b[j] == b'\\' {
                let s = owned.get_or_insert_with(String::new);
                s.push_str(&text[seg..j]);
                let Some(&c) = b.get(j + 1).filter(|_| j + 1 < end) else {
                    return give_up("an escaped line break in a double-quoted scalar");
                };
                let (ch, len) = match c {
                    b'0' => ('\0', 2),
                    b'a' => ('\x07', 2),
                    b'b' => ('\x08', 2),
                    b't' => ('\t', 2),
                    b'n' => ('\n', 2),
                    b'v' => ('\x0b', 2),
                    b'f' => ('\x0c', 2),
                    b'r' => ('\r', 2),
                    b'e' => ('\x1b', 2),
                    b'"' => ('"', 2),
                    b'/' => ('/', 2),
                    b'\\' => ('\\', 2),
                    b'x' | b'u' => {
                        let digits = if c == b'x' { 2 } else { 4 };
                        let hex = text
                            .get(j + 2..j + 2 + digits)
                            .filter(|_| j + 2 + digits <= end);
                        let code = hex
                            .filter(|h| h.bytes().all(|d| d.is_ascii_hexdigit()))
                            .and_then(|h| u32::from_str_radix(h, 16).ok())
                            .and_then(char::from_u32);
                        let Some(ch) = code else {
                            return give_up(
                                "an escape that is not two or four hex digits of a character",
                            );
                        };
                        (ch, 2 + digits)
                    }
                    _ => return give_up("an escape other than the simple ones"),
                };
                s.push(ch);
                i = j + len;
                seg = i;
                continue;
            }
            let value = match owned {
                Some(mut s) => {
                    s.push_str(&text[seg..j]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&text[q + 1..j]),
            };
            return Ok(Some((value, j + 1)));
        }
    }

    /// A flow sequence or mapping at `q` that ends on this line, and the position after it.
    fn flow(&self, q: usize, end: usize, depth: usize) -> R<(Node<'a>, usize)> {
        if depth > MAX_DEPTH {
            return give_up("nesting too deep");
        }
        let b = self.b;
        let close = if b[q] == b'[' { b']' } else { b'}' };
        let mut j = self.skip_spaces(q + 1, end);
        let mut items = Vec::new();
        let mut entries = Vec::new();
        if j < end && b[j] == close {
            j += 1;
        } else {
            loop {
                if close == b']' {
                    let (item, k) = self.flow_item(j, end, depth)?;
                    items.push(item);
                    j = k;
                } else {
                    let Some((key, k)) = self.key(j, end)? else {
                        return give_up("a flow mapping entry that is not `key: value`");
                    };
                    let k = self.skip_spaces(k, end);
                    let (value, k) = self.flow_item(k, end, depth)?;
                    entries.push((key, value));
                    j = k;
                }
                let k = self.skip_spaces(j, end);
                match b.get(k).filter(|_| k < end) {
                    Some(b',') => {
                        j = self.skip_spaces(k + 1, end);
                        if j < end && b[j] == close {
                            return give_up("a trailing comma in a flow collection");
                        }
                    }
                    Some(&c) if c == close => {
                        j = k + 1;
                        break;
                    }
                    _ => return give_up("a flow collection that does not end on its line"),
                }
            }
        }
        if close == b']' {
            Ok((Node::Seq(items), j))
        } else {
            unique(&entries)?;
            Ok((Node::Map(entries), j))
        }
    }

    /// An item of a flow collection at `j`, and the position after it.
    fn flow_item(&self, j: usize, end: usize, depth: usize) -> R<(Node<'a>, usize)> {
        let b = self.b;
        if j >= end {
            return give_up("a flow collection that does not end on its line");
        }
        match b[j] {
            b'[' | b'{' => self.flow(j, end, depth + 1),
            b'\'' | b'"' => match self.quoted(j, end)? {
                Some((text, after)) => Ok((Node::Scalar { text, plain: false }, after)),
                None => give_up("a quoted scalar over several lines"),
            },
            b',' | b']' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`'
            | b'?' | b':' => give_up("an empty item, or an indicator, in a flow collection"),
            b'-' if j + 1 == end || matches!(b[j + 1], b' ' | b',' | b']' | b'}') => {
                give_up("a dash in a flow collection")
            }
            _ => {
                let mut k = j;
                while k < end && !matches!(b[k], b',' | b'[' | b']' | b'{' | b'}') {
                    if matches!(b[k], b':' | b'#') {
                        return give_up("a colon or hash in a plain scalar in a flow collection");
                    }
                    k += 1;
                }
                if k < end && matches!(b[k], b'[' | b'{') {
                    return give_up("a bracket inside a plain scalar in a flow collection");
                }
                let text = self.text[j..k].trim_end_matches(' ');
                plain_kind(text)?;
                Ok((
                    Node::Scalar {
                        text: Cow::Borrowed(text),
                        plain: true,
                    },
                    k,
                ))
            }
        }
    }

    /// A block scalar's content, from the line after its header; `indent` is the column of
    /// the key or dash it belongs to.
    fn block_scalar(&mut self, indent: usize, literal: bool, strip: bool) -> R<Node<'a>> {
        let mut lines: Vec<&'a str> = Vec::new();
        let mut content = 0;
        let mut last_end = self.pos;
        while self.pos < self.b.len() {
            let end = self.line_end(self.pos);
            let line = &self.text[self.pos..end];
            let spaces = line.len() - line.trim_start_matches(' ').len();
            if spaces == line.len() {
                if content == 0 {
                    return give_up("a block scalar that starts with a blank line");
                }
                if spaces > content {
                    return give_up(
                        "a blank line in a block scalar with more spaces than its indentation",
                    );
                }
                lines.push("");
            } else {
                if content == 0 {
                    if spaces <= indent {
                        return give_up("an empty block scalar");
                    }
                    content = spaces;
                } else if spaces < content {
                    break;
                }
                if !literal && (spaces > content || line.ends_with(' ')) {
                    return give_up("a folded scalar with a more-indented line or trailing spaces");
                }
                lines.push(&line[content..]);
                last_end = end;
            }
            self.next_line(end);
        }
        if content == 0 {
            return give_up("an empty block scalar");
        }
        if last_end == self.b.len() {
            return give_up("a block scalar at the end of a text without a final line break");
        }
        while lines.last() == Some(&"") {
            lines.pop();
        }
        let mut s = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
        if literal {
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    s.push('\n');
                }
                s.push_str(l);
            }
        } else {
            let mut breaks = 0;
            for (i, l) in lines.iter().enumerate() {
                if l.is_empty() {
                    breaks += 1;
                    continue;
                }
                if i > 0 {
                    if breaks == 0 {
                        s.push(' ');
                    }
                    for _ in 0..breaks {
                        s.push('\n');
                    }
                }
                breaks = 0;
                s.push_str(l);
            }
        }
        if !strip {
            s.push('\n');
        }
        Ok(Node::Scalar {
            text: Cow::Owned(s),
            plain: false,
        })
    }
}

/// The first `:` or `#` in `b[from..to]`.
fn find_colon_or_hash(b: &[u8], from: usize, to: usize) -> Option<usize> {
    find2(b, from, to, b':', b'#')
}

/// The first `x` or `y` in `b[from..to]`, eight bytes at a time.
fn find2(b: &[u8], from: usize, to: usize, x: u8, y: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH != 0;
    let (xs, ys) = (ONES * u64::from(x), ONES * u64::from(y));
    let mut i = from;
    while i + 8 <= to {
        let word = u64::from_le_bytes(b[i..i + 8].try_into().expect("eight bytes"));
        if has_zero(word ^ xs) || has_zero(word ^ ys) {
            break;
        }
        i += 8;
    }
    (i..to).find(|&k| b[k] == x || b[k] == y)
}

/// Refuse a mapping with a key written twice, however it is quoted.
fn unique(entries: &[(Node<'_>, Node<'_>)]) -> R<()> {
    fn key<'e>(e: &'e (Node<'_>, Node<'_>)) -> &'e str {
        match &e.0 {
            Node::Scalar { text, .. } => text,
            _ => unreachable!("keys are scalars"),
        }
    }
    // Keys are compared only when their lengths and first and last bytes are the same.
    let print = |k: &str| {
        let b = k.as_bytes();
        (b.len() as u64) << 16
            | u64::from(b.first().copied().unwrap_or(0)) << 8
            | u64::from(b.last().copied().unwrap_or(0))
    };
    let twice = if entries.len() <= 64 {
        let mut prints = [0; 64];
        for (p, e) in prints.iter_mut().zip(entries) {
            *p = print(key(e));
        }
        (1..entries.len())
            .any(|i| (0..i).any(|j| prints[i] == prints[j] && key(&entries[i]) == key(&entries[j])))
    } else {
        let mut keys: Vec<&str> = entries.iter().map(key).collect();
        keys.sort_unstable();
        keys.windows(2).any(|w| w[0] == w[1])
    };
    if twice {
        give_up("a key written twice")
    } else {
        Ok(())
    }
}

/// What a plain scalar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Null,
    Bool,
    Int,
    Float,
    Str,
}

/// What `serde_yaml` reads the plain scalar `s` as, for the scalars read here; a give-up for
/// numbers in any but the plainest form and for what YAML 1.1 reads as another type.
pub(super) fn plain_kind(s: &str) -> R<Kind> {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Ok(Kind::Null),
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return Ok(Kind::Bool),
        _ => {}
    }
    let b = s.as_bytes();
    // Text that starts with a letter (but not `inf`, `nan`, `infinity`) and is longer than any
    // of the words below, or with a character beyond ASCII, is text to every YAML reader.
    if b[0] >= 0x80
        || b[0].is_ascii_alphabetic() && s.len() > 5 && !matches!(b[0], b'i' | b'I' | b'n' | b'N')
    {
        return Ok(Kind::Str);
    }
    // A word of letters only (most keys: `id`, `min`, `basis`) is text unless it is one of the
    // words that YAML 1.1 or a number parser reads otherwise, whatever their case, which are
    // left to the checks below.
    if b.iter().all(u8::is_ascii_alphabetic)
        && !LETTER_WORDS.iter().any(|w| s.eq_ignore_ascii_case(w))
    {
        return Ok(Kind::Str);
    }
    plain_kind_slowly(s)
}

/// The words of letters only that are not plainly text: YAML 1.1's booleans and null, and what
/// Rust's number parser reads as infinity or not a number.
const LETTER_WORDS: &[&str] = &[
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "inf", "infinity", "nan",
];

/// [`plain_kind`] without its quick answers for plain text.
fn plain_kind_slowly(s: &str) -> R<Kind> {
    let b = s.as_bytes();
    if plainest_number(b, false) {
        return Ok(Kind::Int);
    }
    if plainest_number(b, true) {
        return Ok(Kind::Float);
    }
    if b[0] == b'+' {
        return give_up("a plain scalar starting with `+`");
    }
    if s.parse::<f64>().is_ok() || parse_f64(s).is_some() {
        return give_up("a number in another form than the plainest, or infinity or NaN");
    }
    let body = s.strip_prefix('-').unwrap_or(s);
    if ["0x", "0o", "0b"].iter().any(|p| body.starts_with(p)) {
        return give_up("a plain scalar that may be a hexadecimal, octal or binary number");
    }
    if s.len() <= 5
        && ["y", "n", "yes", "no", "on", "off", "true", "false", "null"]
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w))
    {
        return give_up("a word YAML 1.1 reads as a boolean, or a case variant of one");
    }
    let may_be_other =
        b[0].is_ascii_digit() || matches!(b[0], b'-' | b'.' | b'~' | b'<' | b'=') || s.len() <= 5;
    if may_be_other && super::yaml11_reads_as_other_type(s) && !super::is_timestamp(s) {
        return give_up("a plain scalar YAML 1.1 reads as another type");
    }
    Ok(Kind::Str)
}

/// `-?(0|[1-9][0-9]*)`, with `.[0-9]+` after when `float`, short enough to be exact; not `-0`.
fn plainest_number(b: &[u8], float: bool) -> bool {
    let digits = b.strip_prefix(b"-").unwrap_or(b);
    let (int, frac) = match digits.iter().position(|&c| c == b'.') {
        Some(dot) if float => (&digits[..dot], Some(&digits[dot + 1..])),
        Some(_) => return false,
        None if float => return false,
        None => (digits, None),
    };
    let all_digits = |d: &[u8]| !d.is_empty() && d.iter().all(u8::is_ascii_digit);
    all_digits(int)
        && (int.len() == 1 || int[0] != b'0')
        && int.len() <= 18
        && frac.is_none_or(|f| all_digits(f) && f.len() <= 17)
        && b != b"-0"
}

// ------------------------------------------------------------------------------------------
// Deserializing. Each method does what `serde_yaml`'s does for the same event (see its
// `de.rs`): the same parsing of numbers, booleans and null from plain scalars only, empty
// plain values as empty sequences and mappings, enums from scalars only, the same depth limit
// and the same refusal of a sequence or mapping a visitor does not read to the end.
// ------------------------------------------------------------------------------------------

/// Why deserializing the tree failed; the caller reads the file the general way instead, which
/// says it in its own words.
#[derive(Debug)]
pub(super) struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// `serde_yaml`'s nesting limit for sequences, mappings and newtypes.
const DESERIALIZE_DEPTH: u8 = 128;

/// A deserializer over one node.
pub(super) struct De<'n, 'a> {
    node: &'n Node<'a>,
    depth: u8,
}

impl<'n, 'a> De<'n, 'a> {
    pub(super) fn new(node: &'n Node<'a>) -> Self {
        De {
            node,
            depth: DESERIALIZE_DEPTH,
        }
    }

    fn child(&self, node: &'n Node<'a>, depth: u8) -> Self {
        De { node, depth }
    }

    /// The plain scalar's text, if the node is one.
    fn plain(&self) -> Option<&'n str> {
        match self.node {
            Node::Scalar { text, plain: true } => Some(text),
            _ => None,
        }
    }

    fn unexpected(&self) -> de::Unexpected<'n> {
        match self.node {
            Node::Scalar { text, .. } => de::Unexpected::Str(text),
            Node::Seq(_) => de::Unexpected::Seq,
            Node::Map(_) => de::Unexpected::Map,
        }
    }

    fn invalid<T>(&self, exp: &dyn de::Expected) -> Result<T, Error> {
        Err(de::Error::invalid_type(self.unexpected(), exp))
    }

    fn deeper(&self) -> Result<u8, Error> {
        self.depth
            .checked_sub(1)
            .ok_or_else(|| Error("recursion limit exceeded".to_owned()))
    }

    fn visit_str<V: Visitor<'a>>(
        &self,
        text: &'n Cow<'a, str>,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match text {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_str(s),
        }
    }

    fn visit_seq<V: Visitor<'a>>(
        &self,
        items: &'n [Node<'a>],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.deeper()?;
        let mut seq = Seq {
            items: items.iter(),
            depth,
        };
        let value = visitor.visit_seq(&mut seq)?;
        if seq.items.len() == 0 {
            Ok(value)
        } else {
            Err(de::Error::invalid_length(items.len(), &"fewer elements"))
        }
    }

    fn visit_map<V: Visitor<'a>>(
        &self,
        entries: &'n [(Node<'a>, Node<'a>)],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.deeper()?;
        let mut map = Map {
            entries: entries.iter(),
            value: None,
            depth,
        };
        let value = visitor.visit_map(&mut map)?;
        if map.entries.len() == 0 {
            Ok(value)
        } else {
            Err(de::Error::invalid_length(entries.len(), &"fewer entries"))
        }
    }
}

/// yaml_serde's `parse_null`.
fn is_null(s: &str) -> bool {
    matches!(s, "null" | "Null" | "NULL" | "~")
}

/// yaml_serde's `parse_bool`.
fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// yaml_serde's `digits_but_not_number`: leading zeros and digits are text in YAML 1.2.
fn digits_but_not_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    s.len() > 1 && s.starts_with('0') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// An integer type, as yaml_serde parses it.
trait Int: Sized {
    fn radix(s: &str, radix: u32) -> Option<Self>;
}

macro_rules! int {
    ($($t:ty)*) => {$(
        impl Int for $t {
            fn radix(s: &str, radix: u32) -> Option<Self> {
                <$t>::from_str_radix(s, radix).ok()
            }
        }
    )*};
}

int! { u64 u128 i64 i128 }

/// yaml_serde's `parse_unsigned_int`.
fn parse_unsigned<T: Int>(s: &str) -> Option<T> {
    let unpositive = s.strip_prefix('+').unwrap_or(s);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Some(n) = T::radix(rest, radix) {
                return Some(n);
            }
        }
    }
    if unpositive.starts_with(['+', '-']) || digits_but_not_number(s) {
        return None;
    }
    T::radix(unpositive, 10)
}

/// yaml_serde's `parse_signed_int`.
fn parse_signed<T: Int>(s: &str) -> Option<T> {
    let unpositive = match s.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => s,
    };
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unpositive.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Some(n) = T::radix(rest, radix) {
                return Some(n);
            }
        }
        if let Some(rest) = s.strip_prefix('-').and_then(|r| r.strip_prefix(prefix))
            && let Some(n) = T::radix(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    T::radix(unpositive, 10)
}

/// yaml_serde's `parse_negative_int`.
fn parse_negative<T: Int>(s: &str) -> Option<T> {
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = s.strip_prefix('-').and_then(|r| r.strip_prefix(prefix))
            && let Some(n) = T::radix(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if digits_but_not_number(s) {
        return None;
    }
    T::radix(s, 10)
}

/// yaml_serde's `parse_f64`.
fn parse_f64(s: &str) -> Option<f64> {
    let unpositive = match s.strip_prefix('+') {
        Some(u) if u.starts_with(['+', '-']) => return None,
        Some(u) => u,
        None => s,
    };
    if matches!(unpositive, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(s, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(s, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN.copysign(1.0));
    }
    unpositive.parse::<f64>().ok().filter(|f| f.is_finite())
}

impl<'n, 'a> de::Deserializer<'a> for De<'n, 'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            // yaml_serde's `visit_untagged_scalar`.
            Node::Scalar { text, plain: true } => {
                let s: &str = text;
                if s.is_empty() || is_null(s) {
                    return visitor.visit_unit();
                }
                if let Some(b) = parse_bool(s) {
                    return visitor.visit_bool(b);
                }
                if let Some(n) = parse_unsigned::<u64>(s) {
                    return visitor.visit_u64(n);
                }
                if let Some(n) = parse_negative::<i64>(s) {
                    return visitor.visit_i64(n);
                }
                if let Some(n) = parse_unsigned::<u128>(s) {
                    return visitor.visit_u128(n);
                }
                if let Some(n) = parse_negative::<i128>(s) {
                    return visitor.visit_i128(n);
                }
                if !digits_but_not_number(s)
                    && let Some(f) = parse_f64(s)
                {
                    return visitor.visit_f64(f);
                }
                self.visit_str(text, visitor)
            }
            Node::Scalar { text, .. } => self.visit_str(text, visitor),
            Node::Seq(items) => self.visit_seq(items, visitor),
            Node::Map(entries) => self.visit_map(entries, visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_bool) {
            Some(b) => visitor.visit_bool(b),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_i8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_i64(visitor)
    }

    fn deserialize_i64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_signed::<i64>) {
            Some(n) => visitor.visit_i64(n),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_i128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_signed::<i128>) {
            Some(n) => visitor.visit_i128(n),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_u8<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_unsigned::<u64>) {
            Some(n) => visitor.visit_u64(n),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_u128<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_unsigned::<u128>) {
            Some(n) => visitor.visit_u128(n),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_f32<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain().and_then(parse_f64) {
            Some(f) => visitor.visit_f64(f),
            None => self.invalid(&visitor),
        }
    }

    fn deserialize_char<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Scalar { text, .. } => self.visit_str(text, visitor),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_string<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(Error("bytes are not read from YAML".to_owned()))
    }

    fn deserialize_byte_buf<V: Visitor<'a>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(Error("bytes are not read from YAML".to_owned()))
    }

    fn deserialize_option<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain() {
            Some(s) if s.is_empty() || is_null(s) => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.plain() {
            Some(s) if s.is_empty() || is_null(s) => visitor.visit_unit(),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let depth = self.deeper()?;
        visitor.visit_newtype_struct(self.child(self.node, depth))
    }

    fn deserialize_seq<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Seq(items) => self.visit_seq(items, visitor),
            Node::Scalar { text, plain: true } if text.is_empty() => visitor.visit_seq(Seq {
                items: [].iter(),
                depth: self.depth,
            }),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'a>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Map(entries) => self.visit_map(entries, visitor),
            Node::Scalar { text, plain: true } if text.is_empty() => visitor.visit_map(Map {
                entries: [].iter(),
                value: None,
                depth: self.depth,
            }),
            _ => self.invalid(&visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'a>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // Without tags, yaml_serde reads only unit variants, from a scalar.
        match self.node {
            Node::Scalar { .. } => visitor.visit_enum(UnitVariant(self)),
            _ => self.invalid(&"a YAML tag starting with '!'"),
        }
    }

    fn deserialize_identifier<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'a>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct Seq<'n, 'a> {
    items: std::slice::Iter<'n, Node<'a>>,
    depth: u8,
}

impl<'n, 'a> de::SeqAccess<'a> for Seq<'n, 'a> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'a>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(De {
                    node,
                    depth: self.depth,
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map<'n, 'a> {
    entries: std::slice::Iter<'n, (Node<'a>, Node<'a>)>,
    value: Option<&'n Node<'a>>,
    depth: u8,
}

impl<'n, 'a> de::MapAccess<'a> for Map<'n, 'a> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'a>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(De {
                    node: key,
                    depth: self.depth,
                })
                .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<T: DeserializeSeed<'a>>(&mut self, seed: T) -> Result<T::Value, Error> {
        let node = self
            .value
            .take()
            .ok_or_else(|| Error("a value asked for before its key".to_owned()))?;
        seed.deserialize(De {
            node,
            depth: self.depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// An enum read from a scalar: its text names a unit variant.
struct UnitVariant<'n, 'a>(De<'n, 'a>);

impl<'n, 'a> de::EnumAccess<'a> for UnitVariant<'n, 'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'a>>(self, seed: V) -> Result<(V::Value, Self), Error> {
        let de = self.0.child(self.0.node, self.0.depth);
        Ok((seed.deserialize(de)?, self))
    }
}

impl<'a> de::VariantAccess<'a> for UnitVariant<'_, 'a> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'a>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"newtype variant",
        ))
    }

    fn tuple_variant<V: Visitor<'a>>(self, _len: usize, _visitor: V) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"tuple variant",
        ))
    }

    fn struct_variant<V: Visitor<'a>>(
        self,
        _fields: &'static [&'static str],
        _visitor: V,
    ) -> Result<V::Value, Error> {
        Err(de::Error::invalid_type(
            de::Unexpected::UnitVariant,
            &"struct variant",
        ))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};

    use proptest::prelude::*;
    use serde::Deserialize;

    use super::*;

    /// `text` read both ways as a whole document: `Ok(true)` when the fast reader read it (and
    /// then `serde_yaml` read the same), `Ok(false)` when it gave up, `Err` on any difference.
    fn same_both_ways(text: &str) -> Result<bool, String> {
        let Ok(tree) = parse(text) else {
            return Ok(false);
        };
        let fast = serde_yaml::Value::deserialize(De::new(&tree)).map_err(|e| e.to_string());
        let slow = serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| e.to_string());
        match (fast, slow) {
            (Ok(f), Ok(s)) if f == s => Ok(true),
            (f, s) => Err(format!("fast: {f:?}\nserde_yaml: {s:?}\ntext:\n{text}")),
        }
    }

    /// `T` read both ways: when the fast reader gives a value, `serde_yaml` gives the same;
    /// when it reads the text but `T` refuses it, `serde_yaml`'s `T` refuses it too.
    fn same_typed<T: de::DeserializeOwned + fmt::Debug + PartialEq>(
        text: &str,
    ) -> Result<bool, String> {
        let Ok(tree) = parse(text) else {
            return Ok(false);
        };
        let fast = match T::deserialize(De::new(&tree)) {
            Ok(fast) => fast,
            Err(e) => {
                return match serde_yaml::from_str::<T>(text) {
                    Err(_) => Ok(false),
                    Ok(slow) => Err(format!("fast: {e}\nserde_yaml: {slow:?}\ntext:\n{text}")),
                };
            }
        };
        match serde_yaml::from_str::<T>(text) {
            Ok(slow) if slow == fast => Ok(true),
            slow => Err(format!(
                "fast: {fast:?}\nserde_yaml: {slow:?}\ntext:\n{text}"
            )),
        }
    }

    fn why(text: &str) -> Option<&'static str> {
        parse(text).err().map(|g| g.0)
    }

    fn yaml_files() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs: Vec<PathBuf> = ["kits", "examples", "tests/fixtures"]
            .iter()
            .map(|d| root.join(d))
            .collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(path);
                }
            }
        }
        files.sort();
        files
    }

    /// Every YAML file in the repository: read fast (when it is in the subset) as `serde_yaml`
    /// reads it, as a document and as the kit file or plan it is.
    /// Every YAML file of the repository cut short at every line and at many places inside
    /// lines, with each line dropped, and with each line's end taken away: the reader reads it
    /// or gives up, and never panics (a flow mapping cut after `{` once made it index past the
    /// end of the text). Where it reads one, `serde_yaml` reads the same.
    #[test]
    fn damaged_files_are_read_as_serde_yaml_reads_them_or_given_up() {
        let mut tried = 0;
        for path in yaml_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let text = crate::yaml::without_bom(&text);
            let lines: Vec<&str> = text.split_inclusive('\n').collect();
            let mut damaged: Vec<String> = Vec::new();
            // About 25 places a file, so the test stays a few seconds in a debug build; the
            // whole of every file (every line, every seventh byte) was run once and was clean.
            let step = (lines.len() / 25).max(1);
            for (n, line) in lines.iter().enumerate().step_by(step) {
                let before: String = lines[..n].concat();
                let after: String = lines[n + 1..].concat();
                damaged.push(format!("{before}{after}"));
                damaged.push(format!("{before}{}{after}", line.trim_end_matches('\n')));
                for cut in line.char_indices().map(|(k, _)| k).step_by(5) {
                    damaged.push(format!("{before}{}", &line[..cut]));
                }
            }
            for d in &damaged {
                tried += 1;
                if let Ok(tree) = parse(d) {
                    let fast = serde_yaml::Value::deserialize(De::new(&tree));
                    let slow = serde_yaml::from_str::<serde_yaml::Value>(d);
                    if let (Ok(f), Ok(s)) = (&fast, &slow) {
                        assert_eq!(f, s, "{}: {d:?}", path.display());
                    } else {
                        assert!(
                            fast.is_err() == slow.is_err(),
                            "{}: fast {fast:?}, serde_yaml {slow:?}: {d:?}",
                            path.display()
                        );
                    }
                }
            }
        }
        assert!(tried > 5_000, "only {tried} damaged files were tried");
    }

    #[test]
    fn every_yaml_file_in_the_repository_reads_the_same_both_ways() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut read_fast = Vec::new();
        let files = yaml_files();
        for path in &files {
            let text = std::fs::read_to_string(path).unwrap();
            let text = crate::yaml::without_bom(&text);
            let name = path.strip_prefix(root).unwrap().display().to_string();
            let fast = same_both_ways(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            if name.ends_with(".plan.yaml") {
                let fast_plan = from_str::<crate::plan::Plan>(text);
                if let Some(plan) = &fast_plan {
                    let slow: crate::plan::Plan = serde_yaml::from_str(text).unwrap();
                    assert_eq!(&slow, plan, "{name}");
                }
                assert_eq!(
                    fast,
                    fast_plan.is_some(),
                    "{name}: the plan reads fast when its text does"
                );
            } else {
                let fast_kit = from_str::<crate::kit::KitFile>(text);
                if let Some(kit) = &fast_kit {
                    let slow: crate::kit::KitFile = serde_yaml::from_str(text).unwrap();
                    assert_eq!(format!("{slow:?}"), format!("{kit:?}"), "{name}");
                }
            }
            if fast {
                read_fast.push(name);
            }
        }
        // The files a user's kit and plan are most like are read fast; if the subset shrinks
        // (or they come to need more of YAML), this says so.
        for name in [
            "examples/riverside-homes.plan.yaml",
            "examples/community-kit.plan.yaml",
            "examples/community-kit/cards.yaml",
            "kits/digital-inclusion/cards.yaml",
            "kits/digital-inclusion/kit.yaml",
            "kits/digital-inclusion/figures.yaml",
            "kits/digital-inclusion/sheets.yaml",
            "kits/starter/kit.yaml",
            "tests/fixtures/plans/worked.plan.yaml",
        ] {
            assert!(
                read_fast.contains(&name.to_owned()),
                "{name} is not read fast: {:?}",
                why(&std::fs::read_to_string(root.join(name)).unwrap())
            );
        }
        assert!(
            read_fast.len() * 4 >= files.len() * 3,
            "only {} of {} files read fast",
            read_fast.len(),
            files.len()
        );
    }

    /// What thinkkit writes (kit files as the large-kit benchmark writes them, plans as a save
    /// writes them) is read fast, and the same.
    #[test]
    fn what_thinkkit_writes_is_read_fast() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for path in yaml_files() {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display().to_string();
            if name.ends_with(".plan.yaml") {
                let Ok(plan) = serde_yaml::from_str::<crate::plan::Plan>(&text) else {
                    continue;
                };
                let written = crate::plan::store::to_text(&plan).unwrap();
                assert_eq!(
                    same_both_ways(&written),
                    Ok(true),
                    "{name}: {:?}\n{written}",
                    why(&written)
                );
                let back = from_str::<crate::plan::Plan>(&written).expect("the plan reads fast");
                assert_eq!(back, plan, "{name}");
            } else if path.starts_with(root.join("kits")) {
                let kit: crate::kit::KitFile = serde_yaml::from_str(&text).unwrap();
                let written = crate::yaml::to_string(&kit).unwrap();
                // `yes:` and `no:` keys (statements of a yes/no question) are left to serde_yaml.
                if why(&written).is_some_and(|w| w.contains("YAML 1.1")) {
                    assert!(written.contains("\n      yes: "), "{name}");
                    continue;
                }
                assert_eq!(
                    same_both_ways(&written),
                    Ok(true),
                    "{name}: {:?}",
                    why(&written)
                );
                let back =
                    from_str::<crate::kit::KitFile>(&written).expect("the kit file reads fast");
                assert_eq!(format!("{back:?}"), format!("{kit:?}"), "{name}");
            }
        }
    }

    /// The subset's edges, each read fast and as `serde_yaml` reads it.
    #[test]
    fn the_subset_is_read_as_serde_yaml_reads_it() {
        for text in [
            "a: 1\n",
            "a: 1",
            "a:\n",
            "a:\nb: 2\n",
            "a: ~\nb: null\nc: Null\nd: NULL\ne:\n",
            "a: true\nb: False\nc: TRUE\n",
            "a: 0\nb: -7\nc: 123456789012345678\nd: 1.5\ne: -0.25\nf: 0.0\ng: -0.0\n",
            "a: 2026-01-01\nb: 1.0.0\nc: 45%\nd: £1,200\ne: 2 hours a week\nf: -x\ng: ../kits/a\n",
            "a: infinite\nb: nano\nc: Norway\nd: yes please\ne: C#\nf: a#b\ng: http://x.org/a:b\n",
            "a: text # a comment\nb: 'q' # c\nc: [x] # c\n",
            "a: it's\nb: say \"hi\"\nc: x [y] {z}, w\nd: a - b\ne: a -\n",
            "a: 'it''s'\nb: ''\nc: 'a: b # c'\nd: '  spaced  '\ne: 'yes'\nf: '1'\n",
            "a: \"x\\ty\\n\\\\\\\"\\/\\0\\a\\b\\v\\f\\r\\e\"\nb: \"\\x41\\u00e9\\u2028\\x85\"\nc: \"\"\n",
            "a: é — 日本語 😀 \u{a0}\n",
            "a:\n  b:\n    c: 1\n  d: 2\ne: 3\n",
            "a:\n- 1\n- x\nb: 2\n",
            "a:\n  - 1\n  - x\nb: 2\n",
            "a:\n- b: 1\n  c: 2\n- d: 3\n",
            "a:\n  -   b: 1\n      c: 2\n",
            "a:\n-\n  b: 1\n-\n- x\n",
            "a:\n- b:\n  - 1\n  c:\n    - 2\n",
            "a:\n\n  # comment\n\n  b: 1\n   # odd comment\n  c: 2\n# end\n",
            "a: []\nb: {}\nc: [x, 'y', \"z\", 1, 1.5, true, ~]\nd: { k: v, l: [1, 2], m: {p: q} }\ne: [ ]\n",
            "a: [a b, c-d, e.f]\nb: [[x], [], {}]\n",
            "a: |\n  x\n   y\n\n  z\nb: 1\n",
            "a: |-\n  x\n  y\n\n\nb: 1\n",
            "a: >\n  x\n  y\n\n  z\n\n\n  w\nb: 1\n",
            "a: >-\n    x\n    y\n",
            "a: |\n  # not a comment\n  x\n# a comment\nb: 1\n",
            "a: |\n  x\n  \n  y\n",
            "a:\n- |\n  x\n- >-\n  y\n  z\n",
            "a:\n  - b: |-\n      x\n    c: 1\n",
            "a: |  \n  x\n",
            "'a': 1\n\"b\": 2\n'c d': 3\n'': 4\n",
            "a-b_c: 1\nA1: 2\n_x: 3\n3c-consultants: 4\n",
        ] {
            assert_eq!(same_both_ways(text), Ok(true), "{text:?}: {:?}", why(text));
        }
    }

    /// Everything outside the subset, or in doubt, is left to `serde_yaml`, each for its reason.
    #[test]
    fn each_give_up_has_its_reason() {
        for (text, reason) in [
            ("a:\tb\n", "a tab"),
            ("a: b\r\n", "carriage return"),
            ("a: b\u{7f}\n", "control character"),
            ("a: b\u{85}\n", "control character"),
            ("a: b\u{2028}c\n", "line separator"),
            ("a: b\u{feff}\n", "line separator"),
            ("a: \u{ffff}\n", "line separator"),
            ("", "no content"),
            ("# only a comment\n\n", "no content"),
            ("- a\n", "not a mapping"),
            ("  a: 1\n", "not a mapping"),
            ("a\n", "not `key: value`"),
            ("---\na: 1\n", "not `key: value`"),
            ("a: 1\n...\n", "not `key: value`"),
            ("%YAML 1.2\n---\na: 1\n", "not `key: value`"),
            ("a b: 1\n", "not `key: value`"),
            ("a : 1\n", "not `key: value`"),
            ("? a\n: 1\n", "not `key: value`"),
            ("a: &x 1\nb: *x\n", "anchor"),
            ("a: !!str 1\n", "anchor, alias, tag"),
            ("a: @x\n", "reserved"),
            ("a: 1\na: 2\n", "written twice"),
            ("a: 1\n'a': 2\n", "written twice"),
            ("a: {b: 1, \"b\": 2}\n", "written twice"),
            ("a: b\n  c\n", "indented deeper"),
            ("a: b\n\n  c\n", "indented deeper"),
            ("a:\n  b\n", "not `key: value`"),
            ("a:\n  - x\n  y: 1\n", "indented deeper"),
            ("a:\n- x\n  - y\n", "deeper than its sequence"),
            ("a: 'b\n  c'\n", "over several lines"),
            ("a: \"b\\\n  c\"\n", "escaped line break"),
            ("a: \"\\N\"\n", "escape other than"),
            ("a: \"\\U0001F600\"\n", "escape other than"),
            ("a: \"\\ud800\"\n", "hex digits"),
            ("a: 'b' c\n", "something after"),
            ("a: b: c\n", "`: ` inside"),
            ("a: b:\n", "`: ` inside"),
            ("a: - b\n", "a dash after a key"),
            ("a:\n- - b\n", "`- - x`"),
            ("a: [b,\n  c]\n", "does not end on its line"),
            ("a: [b, ]\n", "trailing comma"),
            ("a: [b, , c]\n", "empty item"),
            ("a: [b: c]\n", "colon or hash"),
            ("a: {b}\n", "not `key: value`"),
            ("a: {b:c}\n", "not `key: value`"),
            // A flow mapping whose line (or text) ends where a key should be: found by
            // `robustness::mutated_plans_are_checked_or_refused_and_never_half_written`, which
            // dropped the line after `{` and made the reader index past the end.
            ("a: {\n", "not `key: value`"),
            ("a: {", "not `key: value`"),
            ("a: { b: 1,\n", "not `key: value`"),
            ("a: { b: 1,", "not `key: value`"),
            ("a: {   ", "not `key: value`"),
            ("a: [b]]\n", "something after"),
            ("a: |2\n  x\n", "header"),
            ("a: |+\n  x\n", "header"),
            ("a: | # c\n  x\n", "header"),
            ("a: |\n\n  x\n", "starts with a blank line"),
            ("a: |\nb: 1\n", "empty block scalar"),
            ("a: |\n", "empty block scalar"),
            (
                "a: |\n  x\n     \n  y\n",
                "more spaces than its indentation",
            ),
            ("a: >\n  x\n    y\n", "more-indented"),
            ("a: >\n  x \n  y\n", "trailing spaces"),
            ("a: |\n  x", "final line break"),
            ("a: 0x1F\n", "hexadecimal"),
            ("a: 0o17\n", "hexadecimal"),
            ("a: 1e5\n", "another form"),
            ("a: 01\n", "another form"),
            ("a: 1.\n", "another form"),
            ("a: .5\n", "another form"),
            ("a: -0\n", "another form"),
            ("a: 1234567890123456789\n", "another form"),
            ("a: .inf\n", "infinity or NaN"),
            ("a: -.inf\n", "infinity or NaN"),
            ("a: .NaN\n", "infinity or NaN"),
            ("a: inf\n", "infinity or NaN"),
            ("a: +1\n", "starting with `+`"),
            ("a: yes\n", "YAML 1.1"),
            ("a: No\n", "YAML 1.1"),
            ("a: oFF\n", "YAML 1.1"),
            ("a: y\n", "YAML 1.1"),
            ("a: tRUE\n", "YAML 1.1"),
            ("a: nULL\n", "YAML 1.1"),
            ("a: 12:30\n", "YAML 1.1"),
            ("a: 1_000\n", "YAML 1.1"),
            ("a: <<\n", "YAML 1.1"),
            ("on: 1\n", "YAML 1.1"),
            ("1: a\n", "not text"),
            ("true: a\n", "not text"),
            ("null: a\n", "not text"),
        ] {
            let got = why(text);
            assert!(
                got.is_some_and(|g| g.contains(reason)),
                "{text:?}: expected a give-up for {reason:?}, got {got:?}"
            );
        }
        let long_key = format!("{}: 1\n", "k".repeat(MAX_KEY + 1));
        assert_eq!(why(&long_key), Some("a key that is too long"));
        let deep = (0..=MAX_DEPTH).fold(String::new(), |mut t, i| {
            t.push_str(&format!("{}k:\n", " ".repeat(i)));
            t
        }) + &" ".repeat(MAX_DEPTH + 1)
            + "k: 1\n";
        assert_eq!(why(&deep), Some("nesting too deep"));
        let deep_flow = format!(
            "a: {}{}\n",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(why(&deep_flow), Some("nesting too deep"));
        let big = format!("a: {}\n", "x".repeat(crate::yaml::MAX_FILE_BYTES));
        assert_eq!(why(&big), Some("the file is over the size limit"));
    }

    /// A small text is checked for refused characters chunk by chunk, a large one with
    /// `memchr`: both refuse the same characters, wherever they fall against the chunks.
    #[test]
    fn small_and_large_texts_refuse_the_same_characters() {
        let cases = [
            ('\u{85}', false),
            ('\u{9f}', false),
            ('\u{a3}', true),
            ('é', true),
            ('\u{2013}', true),
            ('\u{2028}', false),
            ('\u{2029}', false),
            ('\u{feff}', false),
            ('\u{fffe}', false),
            ('\u{ffff}', false),
            ('\u{fffd}', true),
            ('漢', true),
        ];
        let large_tail = "a: b\n".repeat(VECTOR_SCAN_FROM / 5 + 1);
        for (c, allowed) in cases {
            for at in 0..70 {
                let small = format!("{}{c}{}\n", "x".repeat(at), "y".repeat(at % 7));
                assert!(small.len() < VECTOR_SCAN_FROM);
                assert_eq!(clean(small.as_bytes()), allowed, "{c:?} at {at}, small");
                let large = format!("{small}{large_tail}");
                assert!(large.len() >= VECTOR_SCAN_FROM);
                assert_eq!(clean(large.as_bytes()), allowed, "{c:?} at {at}, large");
            }
        }
    }

    /// The quick answer for a word of letters is the full check's answer: every word of up to
    /// three letters from those the special words are made of, every case variant of the
    /// special words themselves, and words that start like them.
    #[test]
    fn a_word_of_letters_is_read_as_the_full_check_reads_it() {
        let full = |s: &str| match s {
            "null" | "Null" | "NULL" => Ok(Kind::Null),
            "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Ok(Kind::Bool),
            _ => plain_kind_slowly(s),
        };
        let letters: Vec<char> = "aefilnostuyAEFILNOSTUYxQ".chars().collect();
        let mut words: Vec<String> = Vec::new();
        for a in &letters {
            words.push(a.to_string());
            for b in &letters {
                words.push(format!("{a}{b}"));
                for c in &letters {
                    words.push(format!("{a}{b}{c}"));
                }
            }
        }
        let special = LETTER_WORDS.iter().chain(&[
            "infinite", "nano", "yesno", "offset", "Norway", "nulls", "trueish",
        ]);
        for w in special {
            // Every case variant of each letter.
            for mask in 0..1u32 << w.len() {
                words.push(
                    w.chars()
                        .enumerate()
                        .map(|(i, c)| {
                            if mask >> i & 1 == 1 {
                                c.to_ascii_uppercase()
                            } else {
                                c
                            }
                        })
                        .collect(),
                );
            }
        }
        let mut given_up = 0;
        for w in &words {
            assert_eq!(plain_kind(w), full(w), "{w}");
            given_up += usize::from(full(w).is_err());
        }
        // The special words are among them, in every case.
        assert!(given_up > 300, "only {given_up} words given up");
    }

    /// Forbidden characters are found wherever they fall against the 32-byte chunks.
    #[test]
    fn every_forbidden_character_is_found_at_every_offset() {
        for bad in [
            "\t", "\r", "\0", "\x1b", "\x7f", "\u{80}", "\u{85}", "\u{9f}", "\u{2028}", "\u{2029}",
            "\u{feff}", "\u{fffe}", "\u{ffff}",
        ] {
            for at in 0..80 {
                let text = format!("{}{bad}{}", "a".repeat(at), "b".repeat(80 - at));
                assert!(!clean(text.as_bytes()), "{bad:?} at {at}");
            }
        }
        for good in [
            "\n", " ", "~", "\u{a0}", "é", "—", "\u{2027}", "\u{202a}", "\u{fefe}", "\u{fffd}",
            "😀", "日",
        ] {
            for at in 0..80 {
                let text = format!("{}{good}{}", "a".repeat(at), "b".repeat(80 - at));
                assert!(clean(text.as_bytes()), "{good:?} at {at}");
            }
        }
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "kebab-case")]
    struct Doc {
        #[serde(default)]
        name: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        signed: Option<i32>,
        #[serde(default)]
        share: Option<f64>,
        #[serde(default)]
        flag: Option<bool>,
        #[serde(default)]
        answers: BTreeMap<String, Answer>,
        #[serde(default)]
        shade: Option<Shade>,
        #[serde(default)]
        tags: Vec<String>,
        #[serde(default)]
        nested: Option<Box<Doc>>,
        #[serde(default)]
        shape: Option<Shape>,
        #[serde(default)]
        id: Option<Id>,
        #[serde(default)]
        unit: Option<()>,
        #[serde(default)]
        pair: Option<(u8, String)>,
        #[serde(default)]
        letter: Option<char>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(untagged)]
    enum Answer {
        Bool(bool),
        Number(f64),
        Text(String),
        List(Vec<String>),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Shade {
        Light,
        Dark,
        Other(String),
    }

    #[derive(Debug, PartialEq, Deserialize)]
    #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
    enum Shape {
        Circle { r: f64 },
        Square { side: u32 },
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Id(String);

    /// Typed values: what the model's kinds of type read fast is what `serde_yaml` reads, and
    /// what `serde_yaml` refuses the fast reader refuses too (the caller then reads it again
    /// the general way, for the message).
    #[test]
    fn typed_values_are_read_as_serde_yaml_reads_them() {
        for text in [
            "name: x\n",
            "name: 12\ncount: 3\nsigned: -4\nshare: 7\nflag: true\n",
            "name: ''\ncount: ~\nsigned:\nshare: 1.5\nflag: null\n",
            "name:\n",
            "answers:\n  a: yes-no\n  b: 12\n  c: '12'\n  d: true\n  e: 'true'\n  f: [x, 'y']\n  g: -1.5\n  h: |\n    long\n  j: []\n",
            "shade: light\n",
            "shade: 'dark'\n",
            "tags:\n",
            "tags: []\n",
            "tags:\n- a\n- 'b'\n- 1\n",
            "nested:\n  name: x\n  nested:\n    count: 1\n",
            "nested: {}\n",
            "nested:\n",
            "shape:\n  kind: circle\n  r: 2\n",
            "shape: {kind: square, side: 3}\n",
            "id: abc\n",
            "id: 12\n",
            "unit: ~\n",
            "unit:\n",
            "pair: [1, x]\n",
            "letter: x\n",
        ] {
            assert_eq!(
                same_typed::<Doc>(text),
                Ok(true),
                "{text:?}: {:?}",
                why(text)
            );
        }
        for text in [
            "other: 1\n",
            "count: -1\n",
            "count: 1.5\n",
            "count: '1'\n",
            "count: 4294967296\n",
            "signed: 2147483648\n",
            "share: '1.5'\n",
            "share: x\n",
            "flag: 'true'\n",
            "name: [x]\n",
            "name: {}\n",
            "answers: []\n",
            "answers:\n  a: {b: 1}\n",
            "shade: pink\n",
            "shade:\n  light: 1\n",
            "shade: other\n",
            "tags: x\n",
            "tags: ~\n",
            "nested: x\n",
            "shape:\n  kind: circle\n  r: 2\n  side: 1\n",
            "shape:\n  kind: hexagon\n",
            "unit: 1\n",
            "unit: ''\n",
            "pair: [1, x, 2]\n",
            "pair: [1]\n",
            "letter: xy\n",
        ] {
            assert!(from_str::<Doc>(text).is_none(), "{text:?} read fast");
            assert!(
                serde_yaml::from_str::<Doc>(text).is_err(),
                "{text:?} read by serde_yaml"
            );
            // The reader thinkkit calls gives serde_yaml's own message.
            let message = crate::yaml::from_str::<Doc>(text).unwrap_err().message;
            let expected = serde_yaml::from_str::<Doc>(text).unwrap_err().to_string();
            assert!(
                expected.starts_with(&message),
                "{message:?} is not serde_yaml's {expected:?}"
            );
        }
    }

    /// `serde_yaml` refuses a sequence, mapping or newtype nested 128 deep: so does the reader.
    #[test]
    fn the_deserializing_depth_is_serde_yaml_s() {
        #[derive(Debug, PartialEq, Deserialize)]
        struct Deep(Vec<Deep>);
        // A newtype and a sequence a level: 60 levels are 121 of serde_yaml's 128.
        let mut read = Vec::new();
        for levels in 55..70 {
            let node = (1..levels).fold(Node::Seq(Vec::new()), |n, _| Node::Seq(vec![n]));
            let fast = Deep::deserialize(De::new(&node)).is_ok();
            let text = format!("{}{}", "[".repeat(levels), "]".repeat(levels));
            let slow = serde_yaml::from_str::<Deep>(&text).is_ok();
            assert_eq!(fast, slow, "{levels} levels");
            read.push(fast);
        }
        assert!(read.contains(&true) && read.contains(&false));
        let text = format!("a: {}x{}\n", "[".repeat(130), "]".repeat(130));
        assert!(serde_yaml::from_str::<serde_yaml::Value>(&text).is_err());
        assert!(why(&text).is_some());
    }

    // ---------------------------------------------------------------------------------------
    // A differential property test: YAML written from a grammar biased to the edges of the
    // subset; whenever the fast reader reads it, `serde_yaml` must read the same. The budget in
    // `cargo test` is small; `PROPTEST_CASES=100000 cargo test --release --lib yaml::fast`
    // runs it for longer.
    // ---------------------------------------------------------------------------------------

    /// Scalars that sit on the edges: indicators, comments, quotes, numbers, words YAML 1.1
    /// reads otherwise, unicode, spaces and line breaks where they matter.
    const EDGES: &[&str] = &[
        "",
        " ",
        "a",
        "a b",
        "a: b",
        "a:b",
        "a :b",
        "a #b",
        "a#b",
        "#a",
        "a #",
        "'",
        "''",
        "\"",
        "it's",
        "say \"hi\"",
        "-",
        "-a",
        "- a",
        "--",
        "---",
        "...",
        "?",
        "? a",
        ":",
        ":a",
        "!a",
        "&a",
        "*a",
        "%a",
        "@a",
        "`a",
        "|",
        ">",
        "|-",
        "[",
        "]",
        "{",
        "}",
        "[a]",
        "{a: 1}",
        "a, b",
        "a,b",
        "\\",
        "\\n",
        "1",
        "-1",
        "0",
        "-0",
        "01",
        "007",
        "1.5",
        "-1.5",
        "1.",
        ".5",
        "1e5",
        "0x1F",
        "0o17",
        "0b11",
        "+1",
        "1_000",
        ".inf",
        "-.inf",
        ".nan",
        "-.nan",
        "inf",
        "nan",
        "infinity",
        "yes",
        "No",
        "ON",
        "off",
        "y",
        "n",
        "true",
        "True",
        "TRUE",
        "tRUE",
        "false",
        "null",
        "Null",
        "NULL",
        "nULL",
        "~",
        "2026-01-01",
        "2026-1-1",
        "12:30",
        "1:20:30",
        "1.0.0",
        "45%",
        "£1,200",
        "é",
        "—",
        "日本語",
        "😀",
        " lead",
        "trail ",
        "a  b",
        "a\nb",
        "a\n\nb",
        "a\n",
        "a\n\n",
        "\na",
        " a\nb",
        "a\n b",
        "a  \nb",
        "a\n  \nb",
        "\u{a0}",
        "<<",
        "=",
        "a: |",
        "key:",
        "x -",
        "a - b",
        "123456789012345678",
        "1234567890123456789",
        "0.1",
        "-0.0",
        "../x",
        "http://a.b/c",
        "C#",
    ];

    /// Characters the fast reader never reads (and YAML takes as line breaks, or refuses).
    const HOSTILE: &[&str] = &[
        "\t", "a\tb", "\r", "a\r\nb", "\u{85}", "\u{2028}", "\u{feff}", "\x7f", "\x01",
    ];

    const KEYS: &[&str] = &[
        "a", "b", "c", "id", "key-1", "a_b", "x1", "3c", "name", "count", "signed", "share",
        "flag", "answers", "shade", "tags", "nested", "shape", "kind", "r", "side", "unit", "pair",
        "letter",
    ];

    const ODD_KEYS: &[&str] = &[
        "1", "yes", "no", "null", "true", "~", "a b", "é", "k:", "-k", "x#", "", "'",
    ];

    /// A tree to write as YAML, each node with bits that choose how it is written.
    #[derive(Debug, Clone)]
    enum G {
        S(String, u8),
        L(Vec<G>, u8),
        M(Vec<(String, u8, G)>, u8),
    }

    fn scalar() -> impl Strategy<Value = String> {
        prop_oneof![
            6 => prop::sample::select(EDGES).prop_map(str::to_owned),
            8 => "[a-z]{1,8}( [a-z]{1,8}){0,3}",
            2 => "[ -~]{0,12}",
            2 => "[ -~éü—£😀\n]{0,16}",
            3 => "-?[0-9]{1,4}(\\.[0-9]{1,3})?",
            1 => (prop::sample::select(EDGES), prop::sample::select(EDGES))
                .prop_map(|(a, b)| format!("{a}{b}")),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            12 => prop::sample::select(KEYS).prop_map(str::to_owned),
            3 => "[a-z][a-z0-9-]{0,6}",
            1 => prop::sample::select(ODD_KEYS).prop_map(str::to_owned),
            1 => prop::sample::select(EDGES).prop_map(str::to_owned),
        ]
    }

    fn tree() -> impl Strategy<Value = G> {
        let leaf = (scalar(), any::<u8>()).prop_map(|(s, st)| G::S(s, st));
        leaf.prop_recursive(4, 24, 4, |inner| {
            prop_oneof![
                (prop::collection::vec(inner.clone(), 0..5), any::<u8>())
                    .prop_map(|(v, st)| G::L(v, st)),
                (
                    prop::collection::vec((key(), any::<u8>(), inner), 0..5),
                    any::<u8>()
                )
                    .prop_map(|(v, st)| G::M(v, st)),
            ]
        })
    }

    fn document() -> impl Strategy<Value = String> {
        let entries = prop::collection::vec((key(), any::<u8>(), tree()), 1..6);
        let spoil = prop::option::weighted(
            0.1,
            (prop::sample::select(HOSTILE), any::<prop::sample::Index>()),
        );
        (entries, spoil).prop_map(|(entries, spoil)| {
            let mut out = String::new();
            write_map(&mut out, &entries, 0);
            if let Some((bad, at)) = spoil {
                let mut at = at.index(out.len());
                while !out.is_char_boundary(at) {
                    at -= 1;
                }
                out.insert_str(at, bad);
            }
            out
        })
    }

    fn pad(out: &mut String, n: usize) {
        out.extend(std::iter::repeat_n(' ', n));
    }

    /// How many columns deeper a nested block is written.
    fn step(st: u8) -> usize {
        1 + usize::from(st >> 5) % 3
    }

    /// A scalar written on one line: plain as it is, quoted (rightly, or wrongly), or `None`
    /// for a block scalar.
    fn inline(s: &str, st: u8) -> Option<String> {
        if s.contains('\n') && st & 0x01 != 0 && st % 7 != 3 {
            return None;
        }
        let mut t = match st % 7 {
            0 | 1 => s.to_owned(),
            2 => format!("'{}'", s.replace('\'', "''")),
            3 => {
                let mut q = String::from("\"");
                for c in s.chars() {
                    match c {
                        '"' => q.push_str("\\\""),
                        '\\' => q.push_str("\\\\"),
                        '\n' => q.push_str("\\n"),
                        '\t' => q.push_str("\\t"),
                        c if (c as u32) < 0x20 || c == '\x7f' => {
                            q.push_str(&format!("\\x{:02x}", c as u32))
                        }
                        c if st & 0x40 != 0 && !c.is_ascii() && (c as u32) < 0x10000 => {
                            q.push_str(&format!("\\u{:04X}", c as u32));
                        }
                        c => q.push(c),
                    }
                }
                q.push('"');
                q
            }
            4 => format!("'{s}'"),
            _ => return None,
        };
        if st & 0x80 != 0 {
            t.push_str(" # note");
        }
        if st & 0x08 != 0 {
            t.push_str("  ");
        }
        Some(t)
    }

    fn flow(out: &mut String, g: &G) {
        match g {
            G::S(s, st) => out.push_str(
                &inline(s, *st % 5)
                    .unwrap_or_default()
                    .replace(" # note", ""),
            ),
            G::L(items, _) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    flow(out, item);
                }
                out.push(']');
            }
            G::M(entries, st) => {
                out.push('{');
                if st & 1 != 0 {
                    out.push(' ');
                }
                for (i, (k, kst, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    write_key(out, k, *kst);
                    out.push_str(": ");
                    flow(out, v);
                }
                if st & 1 != 0 {
                    out.push(' ');
                }
                out.push('}');
            }
        }
    }

    /// `g` as the value after `key:` or `-` at column `col`, from the rest of that line.
    fn write_value(out: &mut String, g: &G, col: usize, after_key: bool) {
        match g {
            G::S(s, st) => match inline(s, *st) {
                Some(t) => {
                    out.push(' ');
                    out.push_str(&t);
                    out.push('\n');
                }
                None => {
                    out.push(' ');
                    out.push_str(["|", "|-", ">", ">-"][usize::from(st >> 3) % 4]);
                    out.push('\n');
                    for line in s.split('\n') {
                        if !line.is_empty() || st & 0x04 != 0 {
                            pad(out, col + step(*st));
                        }
                        out.push_str(line);
                        out.push('\n');
                    }
                }
            },
            G::L(items, st) if items.is_empty() || st % 3 == 0 => {
                out.push(' ');
                flow(out, g);
                out.push('\n');
            }
            G::L(items, st) => {
                out.push('\n');
                let at = if after_key && st % 3 == 1 {
                    col
                } else {
                    col + step(*st)
                };
                for item in items {
                    pad(out, at);
                    out.push('-');
                    match item {
                        G::M(entries, est) if !entries.is_empty() && est % 2 == 1 => {
                            out.push(' ');
                            let inner = at + 2;
                            write_map(&mut *out, entries, inner);
                            // The first key goes on the dash's line.
                            let start = out.rfind("-\n").filter(|_| false);
                            let _ = start;
                        }
                        _ => write_value(out, item, at, false),
                    }
                }
            }
            G::M(entries, st) if entries.is_empty() || st % 3 == 0 => {
                out.push(' ');
                flow(out, g);
                out.push('\n');
            }
            G::M(entries, st) => {
                out.push('\n');
                write_map(out, entries, col + step(*st));
            }
        }
    }

    /// A block mapping at column `col`; when `out` does not end with a line break, the first
    /// key goes on the current line (a compact mapping after a dash).
    fn write_map(out: &mut String, entries: &[(String, u8, G)], col: usize) {
        for (i, (k, kst, v)) in entries.iter().enumerate() {
            let compact = i == 0 && out.ends_with("- ");
            if !compact {
                if kst & 0x10 != 0 {
                    pad(out, usize::from(*kst) % 5);
                    out.push_str("# note\n");
                }
                if kst & 0x20 != 0 {
                    out.push('\n');
                }
                pad(out, col);
            }
            write_key(out, k, *kst);
            out.push(':');
            write_value(out, v, col, true);
        }
    }

    fn write_key(out: &mut String, k: &str, st: u8) {
        match st % 4 {
            0 => out.push_str(&format!("'{}'", k.replace('\'', "''"))),
            1 => out.push_str(&format!(
                "\"{}\"",
                k.replace('\\', "\\\\").replace('"', "\\\"")
            )),
            _ => out.push_str(k),
        }
    }

    /// Documents shaped like [`Doc`], with values on the edges of each field's type.
    fn typed_document() -> impl Strategy<Value = String> {
        const NUMBERS: &[&str] = &[
            "0",
            "1",
            "-1",
            "12",
            "255",
            "256",
            "4294967295",
            "4294967296",
            "2147483647",
            "2147483648",
            "-2147483648",
            "-2147483649",
            "1.5",
            "-0.5",
            "0.0",
            "-0.0",
            "1e3",
            "01",
            "0x10",
            "+1",
            ".5",
            "1.",
            "~",
            "",
            "abc",
            "123456789012345678",
            "true",
            "1.0.0",
        ];
        const WORDS: &[&str] = &[
            "light", "dark", "other", "pink", "circle", "square", "hexagon", "~", "", "null",
            "true", "x", "xy", "é", "😀", "12",
        ];
        fn scalar_of(list: &'static [&'static str]) -> impl Strategy<Value = G> {
            (prop::sample::select(list), any::<u8>()).prop_map(|(s, st)| G::S(s.to_owned(), st))
        }
        fn any_scalar() -> impl Strategy<Value = G> {
            (scalar(), any::<u8>()).prop_map(|(s, st)| G::S(s, st))
        }
        fn list_of(
            item: impl Strategy<Value = G>,
            n: std::ops::Range<usize>,
        ) -> impl Strategy<Value = G> {
            (prop::collection::vec(item, n), any::<u8>()).prop_map(|(v, st)| G::L(v, st))
        }
        fn map_of(
            entries: impl Strategy<Value = Vec<(String, u8, G)>>,
        ) -> impl Strategy<Value = G> {
            (entries, any::<u8>()).prop_map(|(v, st)| G::M(v, st))
        }
        let answer = prop_oneof![
            2 => any_scalar(),
            1 => scalar_of(NUMBERS),
            1 => list_of(any_scalar(), 0..3),
        ];
        let shape = map_of(prop::collection::vec(
            (
                prop::sample::select(&["kind", "r", "side", "kind"][..]).prop_map(str::to_owned),
                any::<u8>(),
                prop_oneof![scalar_of(WORDS), scalar_of(NUMBERS)],
            ),
            1..4,
        ));
        let field = prop_oneof![
            any_scalar().prop_map(|g| ("name", g)),
            scalar_of(NUMBERS).prop_map(|g| ("count", g)),
            scalar_of(NUMBERS).prop_map(|g| ("signed", g)),
            scalar_of(NUMBERS).prop_map(|g| ("share", g)),
            scalar_of(NUMBERS).prop_map(|g| ("flag", g)),
            map_of(prop::collection::vec((key(), any::<u8>(), answer), 0..4))
                .prop_map(|g| ("answers", g)),
            scalar_of(WORDS).prop_map(|g| ("shade", g)),
            list_of(any_scalar(), 0..4).prop_map(|g| ("tags", g)),
            shape.prop_map(|g| ("shape", g)),
            any_scalar().prop_map(|g| ("id", g)),
            scalar_of(WORDS).prop_map(|g| ("unit", g)),
            list_of(prop_oneof![scalar_of(NUMBERS), scalar_of(WORDS)], 1..4)
                .prop_map(|g| ("pair", g)),
            scalar_of(WORDS).prop_map(|g| ("letter", g)),
        ];
        prop::collection::vec((field, any::<u8>()), 1..7).prop_map(|fields| {
            let mut entries: Vec<(String, u8, G)> = Vec::new();
            for ((k, g), st) in fields {
                // Mostly once each; a field written twice is given up on.
                if st & 0x70 == 0 || !entries.iter().any(|e| e.0 == k) {
                    entries.push((k.to_owned(), st, g));
                }
            }
            let mut out = String::new();
            write_map(&mut out, &entries, 0);
            out
        })
    }

    /// Lines put together from pieces, most of them valid on their own.
    fn line_soup() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "a:",
            "a: 1",
            "b: x",
            "b: 'x'",
            "c: \"y\"",
            "- 1",
            "- a: 1",
            "-",
            "- ",
            "d: |",
            "d: >-",
            "d: >",
            "d: |-",
            "text",
            "more text",
            "# c",
            "",
            "e: [a, b]",
            "f: {g: h}",
            "a: x # c",
            "k: v:",
            "  ",
            "- - x",
            "key: - x",
            "'q': 1",
            "? a",
            ": b",
            "x: &a 1",
            "y: *a",
            "---",
            "...",
            "  indented",
            "a: 1.5",
            "a: yes",
            "a: ~",
            "- [a]",
            "- {a: 1}",
            "- 'q'",
            "- |",
            "- >-",
            "b: x y z",
            "c: é",
            "#",
            "e: []",
            "f: {}",
            "g: \"a\\tb\"",
        ];
        prop::collection::vec(
            (0usize..7, prop::sample::select(PIECES), any::<bool>()),
            1..14,
        )
        .prop_map(|lines| {
            let mut out = String::new();
            for (indent, piece, trailing) in lines {
                pad(&mut out, indent);
                out.push_str(piece);
                if trailing {
                    out.push(' ');
                }
                out.push('\n');
            }
            out
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn written_from_a_grammar_read_as_serde_yaml_reads(text in document()) {
            prop_assert!(same_both_ways(&text).is_ok(), "{}", same_both_ways(&text).unwrap_err());
            prop_assert!(same_typed::<Doc>(&text).is_ok(), "{}", same_typed::<Doc>(&text).unwrap_err());
        }

        #[test]
        fn typed_documents_read_as_serde_yaml_reads(text in typed_document()) {
            prop_assert!(same_both_ways(&text).is_ok(), "{}", same_both_ways(&text).unwrap_err());
            prop_assert!(same_typed::<Doc>(&text).is_ok(), "{}", same_typed::<Doc>(&text).unwrap_err());
        }

        #[test]
        fn line_soup_read_as_serde_yaml_reads(text in line_soup()) {
            prop_assert!(same_both_ways(&text).is_ok(), "{}", same_both_ways(&text).unwrap_err());
        }
    }

    /// The grammar is not vacuous: the fast reader reads a good share of what it writes (the
    /// rest it gives up on, which the property does not check).
    #[test]
    fn the_grammar_is_mostly_in_the_subset() {
        use proptest::strategy::ValueTree as _;
        // The same documents whatever PROPTEST_CASES says.
        let config = ProptestConfig::with_cases(1000);
        let rng = proptest::test_runner::TestRng::deterministic_rng(config.rng_algorithm);
        let mut runner = proptest::test_runner::TestRunner::new_with_rng(config, rng);
        let (mut read, mut typed) = (0, 0);
        let mut reasons: BTreeMap<&str, usize> = BTreeMap::new();
        for _ in 0..1000 {
            let text = document().new_tree(&mut runner).unwrap().current();
            if let Some(w) = why(&text) {
                *reasons.entry(w).or_default() += 1;
            }
            read += usize::from(same_both_ways(&text).unwrap());
            let text = typed_document().new_tree(&mut runner).unwrap().current();
            typed += usize::from(same_typed::<Doc>(&text).unwrap());
        }
        assert!(
            read >= 200,
            "only {read} of 1000 read fast; given up for {reasons:#?}"
        );
        assert!(
            typed >= 50,
            "only {typed} of 1000 typed documents read fast"
        );
    }
}
