//! Kit Markdown (component guidance, question help) as wrapped terminal text.
//!
//! Only what kit text uses: paragraphs, `- ` list items, `**bold**` and `*italic*`. Full
//! Markdown belongs to the renderer; here the aim is text a team can read on a projected
//! terminal.

use console::{measure_text_width, style};

/// `markdown` wrapped to `width` columns, each line starting with `indent` spaces.
pub(crate) fn wrap(markdown: &str, width: usize, indent: usize) -> Vec<String> {
    let width = width.saturating_sub(indent).max(20);
    let pad = " ".repeat(indent);
    let mut out = Vec::new();
    for block in paragraphs(markdown) {
        if !out.is_empty() {
            out.push(String::new());
        }
        for (first, rest, text) in block {
            let lines = wrap_words(&words(&text), width.saturating_sub(rest.len()));
            for (i, line) in lines.into_iter().enumerate() {
                let lead = if i == 0 { &first } else { &rest };
                out.push(format!("{pad}{lead}{line}"));
            }
        }
    }
    out
}

/// Paragraphs, each a list of (first-line prefix, continuation prefix, text) items: one item
/// for a plain paragraph, one per line for a list.
fn paragraphs(markdown: &str) -> Vec<Vec<(String, String, String)>> {
    let mut blocks = Vec::new();
    let mut current: Vec<(String, String, String)> = Vec::new();
    for line in markdown.lines() {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(item) = trimmed
            .strip_prefix("- ")
            .or_else(|| trimmed.strip_prefix("* "))
        {
            current.push(("• ".to_owned(), "  ".to_owned(), item.to_owned()));
        } else if let Some(last) = current.last_mut() {
            last.2.push(' ');
            last.2.push_str(trimmed);
        } else {
            current.push((String::new(), String::new(), trimmed.to_owned()));
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

/// Words, styled: `**` toggles bold and a single `*` italic (Markdown's emphasis), wherever
/// they appear; punctuation written against a styled run (`**online services**,`) stays glued
/// to it.
fn words(text: &str) -> Vec<String> {
    runs(text)
        .into_iter()
        .map(|word| {
            word.into_iter()
                .map(|Run { text, bold, italic }| {
                    let mut styled = style(text);
                    if bold {
                        styled = styled.bold();
                    }
                    if italic {
                        styled = styled.italic();
                    }
                    styled.to_string()
                })
                .collect()
        })
        .collect()
}

/// Part of a word in one style.
#[derive(Debug, PartialEq, Eq)]
struct Run {
    text: String,
    bold: bool,
    italic: bool,
}

/// The words of `text`, each as its runs of one style. A `*` that cannot open or close
/// emphasis (`2 * 3`, or one never closed) is kept as it is.
fn runs(text: &str) -> Vec<Vec<Run>> {
    let chars: Vec<char> = text.chars().collect();
    // A single `*` against the end of a word, not half of a `**`.
    let single_after_a_word = |j: usize| {
        chars[j] == '*'
            && chars.get(j + 1) != Some(&'*')
            && j.checked_sub(1)
                .is_some_and(|b| !chars[b].is_whitespace() && chars[b] != '*')
    };
    let closed_later = |from: usize| (from..chars.len()).any(single_after_a_word);
    let mut words = Vec::new();
    let mut word: Vec<Run> = Vec::new();
    let mut run = String::new();
    let (mut bold, mut italic) = (false, false);
    let flush = |run: &mut String, word: &mut Vec<Run>, bold: bool, italic: bool| {
        if !run.is_empty() {
            word.push(Run {
                text: std::mem::take(run),
                bold,
                italic,
            });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        if c == '*' && after == Some('*') {
            flush(&mut run, &mut word, bold, italic);
            bold = !bold;
            i += 2;
            continue;
        }
        if c == '*' {
            let opens = !italic
                && after.is_some_and(|a| !a.is_whitespace())
                && before.is_none_or(|b| b.is_whitespace() || b.is_ascii_punctuation())
                && closed_later(i + 1);
            let shuts = italic && before.is_some_and(|b| !b.is_whitespace());
            if opens || shuts {
                flush(&mut run, &mut word, bold, italic);
                italic = !italic;
                i += 1;
                continue;
            }
        }
        if c.is_whitespace() {
            flush(&mut run, &mut word, bold, italic);
            if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        } else {
            run.push(c);
        }
        i += 1;
    }
    flush(&mut run, &mut word, bold, italic);
    if !word.is_empty() {
        words.push(word);
    }
    words
}

fn wrap_words(words: &[String], width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for w in words {
        let wl = measure_text_width(w);
        if len > 0 && len + 1 + wl > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(w);
        len += wl;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_paragraphs_and_lists() {
        console::set_colors_enabled(false);
        let md = "First paragraph with **bold words**, and more text here.\n\n- one item\n- two items that run on for a while";
        let lines = wrap(md, 24, 2);
        assert_eq!(
            lines,
            [
                "  First paragraph with",
                "  bold words, and more",
                "  text here.",
                "",
                "  • one item",
                "  • two items that run",
                "    on for a while",
            ]
        );
    }

    #[test]
    fn emphasis_is_styled_and_its_asterisks_gone() {
        let md = "*An invented scenario*, with **bold**; 2 * 3 is *not* closed *here";
        let words = runs(md);
        let plain: Vec<String> = words
            .iter()
            .map(|w| w.iter().map(|r| r.text.as_str()).collect())
            .collect();
        assert_eq!(
            plain.join(" "),
            "An invented scenario, with bold; 2 * 3 is not closed *here"
        );
        let styled = |text: &str, bold: bool, italic: bool| Run {
            text: text.to_owned(),
            bold,
            italic,
        };
        assert_eq!(words[0], [styled("An", false, true)]);
        assert_eq!(
            words[2],
            [styled("scenario", false, true), styled(",", false, false)]
        );
        assert_eq!(
            words[4],
            [styled("bold", true, false), styled(";", false, false)]
        );
        assert_eq!(words[6], [styled("*", false, false)]);
        assert_eq!(words[9], [styled("not", false, true)]);
        assert_eq!(words[11], [styled("*here", false, false)]);
        // A `**` later is bold, not the close of an italic run.
        let words = runs("*a **b**");
        assert_eq!(words[0], [styled("*a", false, false)]);
        assert_eq!(words[1], [styled("b", true, false)]);
    }
}
