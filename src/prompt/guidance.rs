//! Kit Markdown (component guidance, question help) as wrapped terminal text.
//!
//! Only what kit text uses: paragraphs, `- ` list items and `**bold**`. Full Markdown belongs
//! to the renderer; here the aim is text a team can read on a projected terminal.

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

/// Words, styled: `**` toggles bold wherever it appears, and punctuation written against a
/// bold run (`**online services**,`) stays glued to it.
fn words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut prev_ended_in_space = true;
    for (i, segment) in text.split("**").enumerate() {
        let bold = i % 2 == 1;
        let glued = !prev_ended_in_space && !segment.starts_with(char::is_whitespace);
        for (j, w) in segment.split_whitespace().enumerate() {
            let w = if bold {
                style(w).bold().to_string()
            } else {
                w.to_owned()
            };
            match out.last_mut() {
                Some(last) if j == 0 && glued => last.push_str(&w),
                _ => out.push(w),
            }
        }
        if !segment.is_empty() {
            prev_ended_in_space = segment.ends_with(char::is_whitespace);
        }
    }
    out
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
}
