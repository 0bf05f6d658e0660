//! Diagnostics: what is wrong with a kit or plan file, where, and what to do.

use std::fmt;
use std::path::Path;

use crate::yaml::Loc;

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it (or `<built-in>/…` for embedded kits).
    pub file: String,
    /// Where in the file, when known.
    pub loc: Option<Loc>,
    /// What is wrong: short, lowercase, names things in backticks.
    pub message: String,
    /// What to do about it, when that is obvious.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A problem at `loc` in `file`.
    pub fn new(file: impl Into<String>, loc: Option<Loc>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            loc,
            message: message.into(),
            help: None,
        }
    }

    /// Add advice.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:col`, or just the file.
    pub fn position(&self) -> String {
        match self.loc {
            Some(loc) => format!("{}:{}:{}", self.file, loc.line, loc.column),
            None => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.position(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one run, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "\n{n} problem{} found; fix {} and run `thinkkit kit validate` again",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 4) && *d < c.len().max(word.len()))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `did you mean `x`?` help for an unknown id, or a list of what exists when no id is close.
pub fn unknown_help<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    match suggest(word, candidates.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => {
            let all: Vec<&str> = candidates.into_iter().collect();
            if all.is_empty() {
                "none are defined".to_owned()
            } else if all.len() <= 12 {
                format!(
                    "known: {}",
                    all.iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                // Too many to list: the few nearest, by edit distance (a shared start counts
                // as close), so the reader sees the ids most like the one written.
                let mut near: Vec<(usize, &str)> = all
                    .iter()
                    .map(|c| {
                        let shared = c
                            .chars()
                            .zip(word.chars())
                            .take_while(|(a, b)| a == b)
                            .count();
                        (
                            strsim::damerau_levenshtein(word, c).saturating_sub(shared),
                            *c,
                        )
                    })
                    .collect();
                near.sort();
                format!(
                    "{} are defined; the nearest: {}",
                    all.len(),
                    near.iter()
                        .take(5)
                        .map(|(_, c)| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
        }
    }
}

/// How a path is shown in diagnostics: relative paths stay as the user typed them.
pub fn display_path(path: &Path) -> String {
    path.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_id_among_many_is_shown_its_nearest_not_another_kind_of_thing() {
        let ids: Vec<String> = (0..20).map(|i| format!("question-{i}")).collect();
        let mut all: Vec<&str> = ids.iter().map(String::as_str).collect();
        all.push("strategy-name");
        let help = unknown_help("strategy-title", all.iter().copied());
        assert!(
            help.starts_with("21 are defined; the nearest: `strategy-name`"),
            "{help}"
        );
        assert!(!help.contains("cards list"), "{help}");
    }
}
