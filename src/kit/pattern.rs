//! Patterns of the document's front matter (`document.title`, `document.subtitle`): text with
//! placeholders in braces, `{organisation}: {name}`. `{{` and `}}` write a brace.
//!
//! A front-matter field is a list of patterns, tried in order: the first whose placeholders all
//! have a value is used, so a kit can say "the strategy's name if the team gave one, else the
//! organisation and the kit's title" without conditions.

/// The placeholders a pattern may use, with what each stands for.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("organisation", "the plan's organisation"),
    (
        "name",
        "the answer to `document.name-from`: the strategy's own name",
    ),
    ("kit", "the kit's title"),
    ("year", "the year the document is made"),
];

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text written as it is.
    Text(String),
    /// A placeholder, by name, and its character offset in the pattern.
    Placeholder(&'a str, usize),
}

/// Why a pattern does not parse: what, and the character offset where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    /// 0-based character offset.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

/// Split `pattern` into text and placeholders. Unknown placeholder names are the caller's to
/// check ([`PLACEHOLDERS`]).
pub fn parse(pattern: &str) -> Result<Vec<Piece<'_>>, PatternError> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let chars: Vec<(usize, char)> = pattern.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (_, c) = chars[i];
        match c {
            '{' if chars.get(i + 1).map(|x| x.1) == Some('{') => {
                text.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1).map(|x| x.1) == Some('}') => {
                text.push('}');
                i += 2;
            }
            '{' => {
                let Some(close) = chars[i + 1..].iter().position(|x| x.1 == '}') else {
                    return Err(PatternError {
                        offset: i,
                        message: "`{` is not closed; write `{{` for a brace".to_owned(),
                    });
                };
                let start = chars[i].0 + 1;
                let end = chars[i + 1 + close].0;
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Placeholder(pattern[start..end].trim(), i));
                i += close + 2;
            }
            '}' => {
                return Err(PatternError {
                    offset: i,
                    message: "`}` closes nothing; write `}}` for a brace".to_owned(),
                });
            }
            c => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    Ok(pieces)
}

/// The first of `patterns` whose placeholders all have a value (`value` gives `None` or an empty
/// text for one that has none), filled in.
pub fn first_filled(patterns: &[String], value: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    'patterns: for p in patterns {
        let Ok(pieces) = parse(p) else { continue };
        let mut out = String::new();
        for piece in pieces {
            match piece {
                Piece::Text(t) => out.push_str(&t),
                Piece::Placeholder(name, _) => match value(name) {
                    Some(v) if !v.trim().is_empty() => out.push_str(v.trim()),
                    _ => continue 'patterns,
                },
            }
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_pattern_with_every_value_wins() {
        let patterns = vec![
            "{name}".to_owned(),
            "{organisation}: {kit}".to_owned(),
            "{kit}".to_owned(),
        ];
        let values = |org: &'static str| {
            move |n: &str| match n {
                "organisation" => Some(org.to_owned()),
                "kit" => Some("Kit".to_owned()),
                _ => None,
            }
        };
        assert_eq!(
            first_filled(&patterns, &values("Shire")).as_deref(),
            Some("Shire: Kit")
        );
        assert_eq!(
            first_filled(&patterns, &values("  ")).as_deref(),
            Some("Kit")
        );
        assert_eq!(
            first_filled(&["{{{kit}}}".to_owned()], &values("")).as_deref(),
            Some("{Kit}")
        );
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(parse("Plan {name").unwrap_err().offset, 5);
        assert_eq!(parse("a } b").unwrap_err().offset, 2);
        let p = parse("x {kit} y").unwrap();
        assert_eq!(p[1], Piece::Placeholder("kit", 2));
    }
}
