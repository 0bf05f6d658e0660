//! A question's `statement`: the sentence that turns its answer into the prose of the strategy
//! document, such as `We manage {answer} homes, and {customers-online-share}% of our customers
//! are online.`
//!
//! A pattern is text with placeholders in braces: `{answer}` for the question's own answer and
//! `{QUESTION-ID}` for another question's; `{{` and `}}` are literal braces. That is all the
//! syntax there is: kit text never runs template code, and what a placeholder brings in is the
//! answer's text, escaped by the document for its format like any other text. A pattern that
//! ends with a colon introduces the answer instead, shown after it as a list (list and
//! multi-choice questions) or as the paragraphs the team wrote (long text).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A question's statement: one pattern for any answer, or one for each answer of a `choice` or
/// `yes-no` question (keyed by the choice's value, or `yes` and `no`).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Statement {
    /// One sentence pattern.
    Pattern(String),
    /// A sentence pattern for each answer.
    ByAnswer(BTreeMap<String, String>),
}

impl Statement {
    /// The pattern for an answer whose value is `key` (a choice value, or `yes`/`no`).
    pub fn pattern_for(&self, key: &str) -> Option<&str> {
        match self {
            Statement::Pattern(p) => Some(p),
            Statement::ByAnswer(m) => m.get(key).map(String::as_str),
        }
    }

    /// Every pattern, with the answer it is for (`None` for the one pattern).
    pub fn patterns(&self) -> Vec<(Option<&str>, &str)> {
        match self {
            Statement::Pattern(p) => vec![(None, p.as_str())],
            Statement::ByAnswer(m) => m
                .iter()
                .map(|(k, v)| (Some(k.as_str()), v.as_str()))
                .collect(),
        }
    }
}

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written (with `{{`/`}}` already made single braces).
    Text(String),
    /// `{answer}`: the question's own answer.
    Answer,
    /// `{id}`: another question's answer.
    Question(&'a str),
}

/// A pattern that does not parse: where (a byte offset in it) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset of the problem in the pattern.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Read a pattern into its pieces.
pub fn parse(pattern: &str) -> Result<Vec<Piece<'_>>, PatternError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = pattern.char_indices().peekable();
    while let Some((i, c)) = rest.next() {
        match c {
            '{' if rest.peek().is_some_and(|(_, n)| *n == '{') => {
                rest.next();
                text.push('{');
            }
            '}' if rest.peek().is_some_and(|(_, n)| *n == '}') => {
                rest.next();
                text.push('}');
            }
            '}' => {
                return Err(PatternError {
                    offset: i,
                    message: "a `}` closes no placeholder; write `}}` for a brace".into(),
                });
            }
            '{' => {
                let start = i + 1;
                let Some(end) = pattern[start..].find('}').map(|e| start + e) else {
                    return Err(PatternError {
                        offset: i,
                        message:
                            "a `{` opens a placeholder that is never closed; write `{{` for a brace"
                                .into(),
                    });
                };
                let name = &pattern[start..end];
                if name.is_empty()
                    || !name
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                {
                    return Err(PatternError {
                        offset: i,
                        message: format!(
                            "`{{{name}}}` is not a placeholder: write `{{answer}}` or `{{QUESTION-ID}}` (a kebab-case question id)"
                        ),
                    });
                }
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(if name == "answer" {
                    Piece::Answer
                } else {
                    Piece::Question(name)
                });
                // Skip to the closing brace.
                while rest.next_if(|(j, _)| *j <= end).is_some() {}
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// Whether a pattern introduces its answer (ends with a colon) rather than containing it.
pub fn introduces(pattern: &str) -> bool {
    pattern.trim_end().ends_with(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_and_literal_braces() {
        assert_eq!(
            parse("We manage {answer} homes; {share-online}% {{online}}.").unwrap(),
            vec![
                Piece::Text("We manage ".into()),
                Piece::Answer,
                Piece::Text(" homes; ".into()),
                Piece::Question("share-online"),
                Piece::Text("% {online}.".into()),
            ]
        );
        assert_eq!(parse("").unwrap(), vec![]);
    }

    #[test]
    fn bad_patterns_say_where() {
        assert_eq!(parse("a {answer").unwrap_err().offset, 2);
        assert_eq!(parse("a } b").unwrap_err().offset, 2);
        let e = parse("x {{ y {Answer}").unwrap_err();
        assert_eq!(e.offset, 7);
        assert!(
            e.message.contains("`{Answer}` is not a placeholder"),
            "{}",
            e.message
        );
        assert!(parse("{ }").is_err());
        assert!(introduces("Our partners are: "));
        assert!(!introduces("We have {answer}."));
    }
}
