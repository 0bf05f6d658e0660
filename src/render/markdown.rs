//! Markdown in and out: escaping text placed into Markdown, and reading Markdown back as a
//! stream of events that is safe to turn into HTML or Word.
//!
//! Text people typed (answers, owners, notes) and text from kits goes into the Markdown document
//! through tera filters that escape it ([`escape_inline`], [`escape_block`]), so it cannot add
//! headings, table columns or raw HTML. Whatever still gets through (a template someone edited,
//! a long answer written in Markdown) is made harmless once more when the Markdown is read back
//! with [`safe_events`]: raw HTML becomes text, links other than http, https and mailto lose
//! their target, images become their alternative text (a self-contained
//! page loads nothing), and headings keep no attributes but an id.

use std::borrow::Cow;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// The Markdown dialect documents use: CommonMark with tables and heading ids, and no
/// strikethrough (a stray `~~` in an answer should stay as typed).
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Escape `text` for use inside one line of Markdown: a paragraph, a list item, a heading or a
/// table cell. Line breaks become spaces, and every character that could start structure there
/// (emphasis, links, code, raw HTML, table pipes, heading attributes, entities) is
/// backslash-escaped, as are characters that start a block when they open the line.
pub fn escape_inline(text: &str) -> String {
    let text = collapse_whitespace(text);
    let mut out = String::with_capacity(text.len() + 8);
    escape_line(&text, &mut out);
    out
}

/// [`escape_inline`] for text that names things in backticks, as the analysis writes its facts
/// and reasons (``no unit cost for `post` ``): each backticked part becomes a code span, and
/// everything else is escaped. A part that would not make a clean code span (empty, or with a
/// `|`, which would split a table cell) and an unpaired backtick are shown as typed.
pub fn escape_with_code(text: &str) -> String {
    let text = collapse_whitespace(text);
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len().is_multiple_of(2) {
        return escape_inline(&text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            if i == 0 {
                escape_line(part, &mut out);
            } else {
                escape_chars(part, &mut out);
            }
        } else if part.trim().is_empty() || part.contains('|') {
            out.push_str("\\`");
            escape_chars(part, &mut out);
            out.push_str("\\`");
        } else {
            // Everything inside a code span is literal, so it needs no escaping.
            out.push('`');
            out.push_str(part);
            out.push('`');
        }
    }
    out
}

/// A sentence made of pieces, as one line of Markdown: each piece escaped as [`escape_inline`]
/// would, but keeping the space at its edges (the pieces of a sentence meet at spaces), and each
/// `(text, true)` piece in bold (an answer still to decide).
pub fn escape_pieces(pieces: &[(String, bool)]) -> String {
    let mut out = String::new();
    for (text, strong) in pieces {
        let lead = text.starts_with(char::is_whitespace);
        let trail = text.ends_with(char::is_whitespace);
        let words = collapse_whitespace(text);
        if lead && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        if !words.is_empty() {
            if *strong {
                out.push_str("**");
                escape_chars(&words, &mut out);
                out.push_str("**");
            } else if out.is_empty() {
                escape_line(&words, &mut out);
            } else {
                escape_chars(&words, &mut out);
            }
        }
        if trail && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
    }
    out.trim_end().to_owned()
}

/// `text`'s words joined by one space (`split_whitespace` joined with `" "`), borrowed when it
/// is so already, as most values are.
fn collapse_whitespace(text: &str) -> Cow<'_, str> {
    let collapsed = || Cow::Owned(text.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut after_space = true;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b' ' if !after_space => after_space = true,
            b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' => return collapsed(),
            // The first byte of U+0085 and U+00A0, U+1680, U+2000–U+205F, U+3000: the other
            // characters that are white space.
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                if text[i..].chars().next().is_some_and(char::is_whitespace) {
                    return collapsed();
                }
                after_space = false;
            }
            _ => after_space = false,
        }
    }
    if after_space && !text.is_empty() {
        // A space at the end.
        return collapsed();
    }
    Cow::Borrowed(text)
}

/// Escape `text` (whitespace already collapsed) as the start of a line.
fn escape_line(text: &str, out: &mut String) {
    // The block-starting characters only matter at the very start of the value: the template
    // may put it at the start of a line.
    let first_escaped = line_start_escape_len(text);
    let (head, tail) = text.split_at(first_escaped);
    if !head.is_empty() {
        // `\#`, `\-`, `12\.`: escaping the marker's last character is enough.
        let (body, last) = head.split_at(head.len() - 1);
        out.push_str(body);
        out.push('\\');
        out.push_str(last);
    }
    escape_chars(tail, out);
}

/// Escape every character that could start inline structure.
fn escape_chars(tail: &str, out: &mut String) {
    // Every character escaped is ASCII, so the text is copied in runs between them.
    let bytes = tail.as_bytes();
    let mut from = 0;
    for (i, b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'|' | b'{' | b'}' | b'~' => {
                true
            }
            // `&amp;` and `&#60;` are entities; a lone `&` is not.
            b'&' => bytes
                .get(i + 1)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'#'),
            _ => false,
        };
        if escaped {
            out.push_str(&tail[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&tail[from..]);
}

/// Escape Markdown-formatted text (a long answer, a card's description) so that it keeps its
/// paragraphs, lists, emphasis and links but cannot add headings or raw HTML to the document.
/// Headings are kept as plain text; `<` is escaped so no HTML or autolink is formed.
pub fn escape_block(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for line in text.trim().lines() {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        let is_heading = indent < 4 && body.starts_with('#');
        // A line of only `=` or `-` under a paragraph makes it a (setext) heading.
        let is_underline = indent < 4
            && body.len() >= 2
            && (body.trim_end().chars().all(|c| c == '=')
                || body.trim_end().chars().all(|c| c == '-'));
        out.push_str(&line[..indent]);
        if is_heading || is_underline {
            out.push('\\');
        }
        for ch in body.chars() {
            match ch {
                '<' => out.push_str("\\<"),
                '{' => out.push_str("\\{"),
                '}' => out.push_str("\\}"),
                _ => out.push(ch),
            }
        }
        out.push('\n');
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

/// How many leading bytes of `text` form a block marker when they open a line (`#`, `>`, `-`,
/// `+`, `=`, `1.`, `1)`), so that they are escaped. A marker only counts when a space or the end
/// of the value follows it (`-5` and `1.0.0` are left alone; `>` always counts).
fn line_start_escape_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let ends_marker = |at: usize| bytes.get(at).is_none_or(|b| *b == b' ');
    match bytes.first() {
        Some(b'>') => 1,
        Some(b'#') => {
            let hashes = bytes.iter().take_while(|b| **b == b'#').count();
            if ends_marker(hashes) { 1 } else { 0 }
        }
        Some(b'-' | b'+' | b'=') if ends_marker(1) => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if ends_marker(digits + 1) => digits + 1,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Whether a link may keep its target: web and mail links only. Everything else
/// (`javascript:`, `data:`, `file:`, relative paths that would point nowhere once the page is
/// sent on) loses it and keeps its text.
pub fn link_allowed(dest: &str) -> bool {
    let lower = dest.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// The Markdown document as it is written out (`--format md`), made as safe as the HTML one
/// for whoever renders it next: raw HTML is shown as text (but for a bare `<br>`, which holds two
/// lines in one table cell), images as their text, and links
/// other than http, https and mailto keep their text but lose their target. Escaping on the
/// way in already keeps answers from adding HTML; this pass catches what a long answer or a
/// card's notes, written in Markdown, may still hold (`[here](javascript:…)`), and whatever an
/// edited template adds. It backslash-escapes the character that opens each such construct, so
/// everything else in the document stays byte for byte as the template wrote it.
pub fn neutralise(markdown: &str) -> String {
    let mut text = markdown.to_owned();
    // Every construct this pass escapes opens with one of these two characters, with the
    // [`options`] the documents are read with (no bare-URL autolinks): a document without them
    // (the printed cards, most documents of plain answers) needs no reading.
    // (One character at a time: `str::contains(char)` searches a word at a time.)
    if !text.contains('[') && !text.contains('<') {
        return text;
    }
    // Escaping one construct can let another form from what was its text (an image inside a
    // link), so read again until nothing is left; a handful of passes is always enough.
    for _ in 0..8 {
        let mut at: Vec<usize> = Vec::new();
        for (event, range) in Parser::new_ext(&text, options()).into_offset_iter() {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) if !link_allowed(&dest_url) => {
                    // `[` of `[text](…)`, `[text][ref]`, or `<` of `<scheme:…>`.
                    at.push(range.start);
                }
                // `![alt](…)`: escaping the `[` leaves neither an image nor a link.
                Event::Start(Tag::Image { .. }) => at.push(range.start + 1),
                // A bare line break is how a table cell holds two lines; it carries nothing.
                Event::InlineHtml(tag)
                    if matches!(
                        tag.as_ref().to_ascii_lowercase().as_str(),
                        "<br>" | "<br/>" | "<br />"
                    ) => {}
                Event::Html(_) | Event::InlineHtml(_) => {
                    at.extend(
                        text[range.clone()]
                            .match_indices('<')
                            .map(|(i, _)| range.start + i),
                    );
                }
                _ => {}
            }
        }
        at.retain(|&i| text[i..].starts_with(['[', '<']));
        if at.is_empty() {
            return text;
        }
        at.sort_unstable();
        at.dedup();
        let mut out = String::with_capacity(text.len() + at.len());
        let mut from = 0;
        for i in at {
            out.push_str(&text[from..i]);
            out.push('\\');
            from = i;
        }
        out.push_str(&text[from..]);
        text = out;
    }
    // Not reached in practice; if it were, escape every bracket and angle bracket outright.
    let mut out = String::with_capacity(text.len() * 2);
    for ch in text.chars() {
        if matches!(ch, '[' | '<') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

/// Read `markdown` into events that are safe to render: see the module documentation.
///
/// The events are read as they are asked for, so a document is never held as a list of events:
/// for the worked example that list was half a megabyte, written to fresh memory and copied as
/// it grew.
pub fn safe_events(markdown: &str) -> SafeEvents<'_> {
    SafeEvents {
        parser: Parser::new_ext(markdown, options()),
        dropped: Vec::new(),
        text: None,
        run: None,
        after: None,
    }
}

/// The events of [`safe_events`].
#[derive(Debug)]
pub struct SafeEvents<'a> {
    parser: Parser<'a>,
    /// Depth of links and images whose Start was dropped, so their End is dropped too.
    dropped: Vec<bool>,
    /// A text event read ahead, as the text events right after it are joined to it.
    text: Option<CowStr<'a>>,
    /// That text joined with the text events after it, once there are two.
    run: Option<String>,
    /// The event read after the text, given next.
    after: Option<Event<'a>>,
}

impl<'a> Iterator for SafeEvents<'a> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.after.take() {
            return Some(event);
        }
        loop {
            match self.next_safe() {
                // One text event per run of text (the parser splits at every escape), so Word
                // gets one run where a person would expect one.
                Some(Event::Text(next)) => {
                    if let Some(run) = &mut self.run {
                        run.push_str(&next);
                    } else if let Some(first) = self.text.take() {
                        let mut run = String::with_capacity(first.len() + next.len());
                        run.push_str(&first);
                        run.push_str(&next);
                        self.run = Some(run);
                    } else {
                        self.text = Some(next);
                    }
                }
                Some(event) => {
                    return match self.take_text() {
                        Some(text) => {
                            self.after = Some(event);
                            Some(text)
                        }
                        None => Some(event),
                    };
                }
                None => return self.take_text(),
            }
        }
    }
}

impl<'a> SafeEvents<'a> {
    /// The text read ahead, if any.
    fn take_text(&mut self) -> Option<Event<'a>> {
        self.run
            .take()
            .map(CowStr::from)
            .or_else(|| self.text.take())
            .map(Event::Text)
    }

    /// The parser's next event made safe, before text is joined.
    fn next_safe(&mut self) -> Option<Event<'a>> {
        loop {
            let event = self.parser.next()?;
            return Some(match event {
                Event::Html(h) | Event::InlineHtml(h) => Event::Text(h),
                // An HTML block is shown as the text it is, in a paragraph of its own.
                Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    let keep = link_allowed(&dest_url);
                    self.dropped.push(!keep);
                    if !keep {
                        continue;
                    }
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
                Event::Start(Tag::Image { .. }) => {
                    self.dropped.push(true);
                    continue;
                }
                Event::End(TagEnd::Link | TagEnd::Image) => {
                    if self.dropped.pop().unwrap_or(true) {
                        continue;
                    }
                    event
                }
                Event::Start(Tag::Heading { level, id, .. }) => Event::Start(Tag::Heading {
                    level,
                    id: id
                        .map(|i| CowStr::from(sanitize_id(&i)))
                        .filter(|i| !i.is_empty()),
                    classes: Vec::new(),
                    attrs: Vec::new(),
                }),
                other => other,
            });
        }
    }
}

/// The text of the first level-1 heading of `markdown`, as a reader sees it.
pub fn first_heading(markdown: &str) -> Option<String> {
    let mut in_heading = false;
    let mut text = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Heading {
                level: pulldown_cmark::HeadingLevel::H1,
                ..
            }) => in_heading = true,
            Event::End(TagEnd::Heading(_)) if in_heading => {
                return Some(text.trim().to_owned());
            }
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t)
                if in_heading =>
            {
                text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak if in_heading => text.push(' '),
            _ => {}
        }
    }
    None
}

/// Keep only the characters an id needs (letters, digits, `-`, `_`), lower-cased.
pub(crate) fn sanitize_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

/// An id for a heading from its text: lower-case words joined by `-`.
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            out.push(ch);
        } else if !out.is_empty() && !out.ends_with('-') && !matches!(ch, '\'' | '’') {
            out.push('-');
        }
    }
    let trimmed = out.trim_end_matches('-');
    if trimmed.is_empty() {
        "section".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(md: &str) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, safe_events(md));
        s
    }

    #[test]
    fn inline_text_cannot_add_structure() {
        for (raw, shown) in [
            ("a | b", "<p>a | b</p>\n"),
            ("# not a heading", "<p># not a heading</p>\n"),
            ("- not a list", "<p>- not a list</p>\n"),
            ("12. not a list", "<p>12. not a list</p>\n"),
            ("1.", "<p>1.</p>\n"),
            ("-", "<p>-</p>\n"),
            ("> quote", "<p>&gt; quote</p>\n"),
            ("## x", "<p>## x</p>\n"),
            ("*not em* [x](y)", "<p>*not em* [x](y)</p>\n"),
            ("<b>x</b> &amp;", "<p>&lt;b&gt;x&lt;/b&gt; &amp;amp;</p>\n"),
            ("two\nlines", "<p>two lines</p>\n"),
            (
                "Heading {#id onclick=x}",
                "<p>Heading {#id onclick=x}</p>\n",
            ),
            ("R&D £1,200 – 60%", "<p>R&amp;D £1,200 – 60%</p>\n"),
        ] {
            assert_eq!(html(&escape_inline(raw)), shown, "{raw}");
        }
        let cell = format!("| h |\n|---|\n| {} |\n", escape_inline("a | b\nc"));
        assert!(html(&cell).contains("<td>a | b c</td>"), "{}", html(&cell));
    }

    #[test]
    fn whitespace_collapses_as_split_whitespace_joins_it() {
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a",
            "a ",
            "a  b",
            "a\tb",
            "a\nb",
            "a\u{a0}b",
            "£1,200 – 60%",
            "\u{2003}x",
            "x\u{3000}",
            "one two  three ",
            "\r\n",
            "a\u{85}b",
            "a\u{1680}b",
            "a\u{202f}b",
            "a\u{205f}b",
            "a\u{2028}b",
            "\u{e9}t\u{e9} \u{2013} \u{2019}",
            "x\u{0b}y\u{0c}z",
        ] {
            let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), joined, "{text:?}");
        }
    }

    #[test]
    fn sentence_pieces_keep_their_spaces_and_stay_text() {
        let pieces = [
            ("We manage ".to_owned(), false),
            ("4,150".to_owned(), false),
            (" homes; ".to_owned(), false),
            ("to decide".to_owned(), true),
            ("% are *online* <b>".to_owned(), false),
        ];
        assert_eq!(
            html(&escape_pieces(&pieces)),
            "<p>We manage 4,150 homes; <strong>to decide</strong>% are *online* &lt;b&gt;</p>\n"
        );
        assert_eq!(
            html(&escape_pieces(&[("- not a list".to_owned(), false)])),
            "<p>- not a list</p>\n"
        );
    }

    #[test]
    fn backticked_names_become_code_and_the_rest_stays_text() {
        for (raw, shown) in [
            (
                "no unit cost for `post` in ‘<b>x</b>’",
                "<p>no unit cost for <code>post</code> in ‘&lt;b&gt;x&lt;/b&gt;’</p>\n",
            ),
            ("`id` first", "<p><code>id</code> first</p>\n"),
            ("one ` tick *x*", "<p>one ` tick *x*</p>\n"),
            ("a `` b", "<p>a `` b</p>\n"),
            ("- `<script>`", "<p>- <code>&lt;script&gt;</code></p>\n"),
        ] {
            assert_eq!(html(&escape_with_code(raw)), shown, "{raw}");
        }
        let cell = format!("| h |\n|---|\n| {} |\n", escape_with_code("a `b|c` d"));
        assert!(
            html(&cell).contains("<td>a `b|c` d</td>"),
            "{}",
            html(&cell)
        );
    }

    #[test]
    fn block_text_keeps_formatting_but_not_headings_or_html() {
        let md = escape_block("# Title\n\nSome **bold** text\n===\n\n- item\n\n<script>x</script>");
        let h = html(&md);
        assert!(!h.contains("<h1") && !h.contains("<script"), "{h}");
        assert!(
            h.contains("<strong>bold</strong>") && h.contains("<li>item</li>"),
            "{h}"
        );
    }

    #[test]
    fn raw_html_and_bad_links_are_inert() {
        let h = html(
            "<script>alert(1)</script>\n\nx <img src=x onerror=alert(1)> [a](javascript:alert(1)) \
             [b](https://example.org) ![c](https://example.org/i.png) <javascript:alert(2)>\n\n\
             # T {onclick=alert(3) #ok}",
        );
        assert!(!h.contains("<script") && !h.contains("<img"), "{h}");
        assert!(!h.contains("href=\"javascript"), "{h}");
        assert!(h.contains("<a href=\"https://example.org\">b</a>"), "{h}");
        assert!(h.contains(" a ") && h.contains(" c "), "{h}");
        assert!(h.contains("<h1 id=\"ok\">T</h1>"), "{h}");
    }

    /// What a renderer would make of the neutralised Markdown, as plain HTML.
    fn rendered(md: &str) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, Parser::new_ext(md, options()));
        s
    }

    /// `javascript:`, `data:` and `vbscript:` links in long answers and card notes used to
    /// survive into the Markdown document (issue 12).
    #[test]
    fn the_markdown_document_keeps_no_dangerous_link_image_or_html() {
        let hostile = [
            "[here](javascript:alert(1))",
            "[d](data:text/html;base64,PHNjcmlwdD4=)",
            "[v](VBScript:msgbox)",
            "<javascript:alert(2)>",
            "[e](&#106;avascript:alert(3))",
            "[r][ref] and [ref]\n\n[ref]: javascript:alert(4)",
            "[![img](https://example.org/p.png)](javascript:alert(5))",
            "![x](data:image/svg+xml;base64,PHN2Zz4=)",
            "<a href=\"javascript:alert(6)\">a</a> <img src=x onerror=alert(7)>",
            "<div>\n<a href=\"javascript:alert(8)\">b</a>\n</div>",
            "[rel](notes.html) [t](  <javascript:alert(9)>  )",
            "- [in a list](javascript:x)\n\n> [in a quote](javascript:y)\n\n| a |\n|---|\n| [cell](javascript:z) |",
        ];
        for md in hostile {
            let safe = neutralise(md);
            let html = rendered(&safe);
            // No live element at all: every `<` that opens a tag is the renderer's own `<p>`,
            // `<li>`, `<blockquote>`, `<table>` and the like.
            let tags: Vec<&str> = html
                .match_indices('<')
                .map(|(i, _)| html[i + 1..].split([' ', '>']).next().unwrap_or(""))
                .collect();
            assert!(
                tags.iter().all(|t| {
                    let t = t.trim_start_matches('/');
                    [
                        "p",
                        "ul",
                        "li",
                        "blockquote",
                        "table",
                        "thead",
                        "tbody",
                        "tr",
                        "th",
                        "td",
                        "code",
                        "strong",
                    ]
                    .contains(&t)
                }),
                "{md} -> {safe} -> {html}"
            );
            assert_eq!(neutralise(&safe), safe, "a second pass changes nothing");
        }
    }

    /// [`neutralise`] reads nothing without a `[` or a `<`: with the documents' options, no link,
    /// image or HTML forms without one (a bare address, a footnote, heading attributes, a table,
    /// an entity), so a future option that makes one (bare-URL autolinks) fails here.
    #[test]
    fn nothing_to_neutralise_opens_without_a_bracket() {
        let texts = [
            "https://example.org javascript:alert(1) www.example.org a@example.org",
            "# Heading {#id .class onclick=x}\n\n| a | b |\n|---|---|\n| javascript:x | 2 |",
            "&#60;script&#62; &lt;b&gt; &#x3C;img&#x3E; \\u003cscript\\u003e &#91;x&#93;(javascript:y)",
            "Footnote^1 and ^inline as text\n\n    indented code\n\n```\nscript\n```",
            "mailto:a@example.org ftp://example.org data:text/html,x file:///etc/passwd",
        ];
        for text in texts {
            assert!(!text.contains(['[', '<']), "{text}");
            let opens = Parser::new_ext(text, options()).any(|event| {
                matches!(
                    event,
                    Event::Start(Tag::Link { .. } | Tag::Image { .. })
                        | Event::Html(_)
                        | Event::InlineHtml(_)
                )
            });
            assert!(!opens, "{text}: a construct without a bracket");
            assert_eq!(neutralise(text), text);
        }
    }

    #[test]
    fn safe_links_and_everything_else_are_left_as_written() {
        let md = "# Title\n\nSee [the guide](https://example.org/g), <https://example.org/>, \
                  <mailto:a@example.org> and [mail](mailto:b@example.org).\n\n\\<b\\> \\[x\\](y) \
                  **bold** `code [x](javascript:y)`\n\n| a | b |\n|---|---|\n| 1<br>2 | 2 |\n";
        assert_eq!(neutralise(md), md);
        let html = rendered(&neutralise(md));
        assert!(
            html.contains("<a href=\"https://example.org/g\">the guide</a>"),
            "{html}"
        );
        assert!(
            html.contains("<a href=\"mailto:b@example.org\">mail</a>"),
            "{html}"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("The customers' starting point"),
            "the-customers-starting-point"
        );
        assert_eq!(
            slug("Activities, outputs and costs"),
            "activities-outputs-and-costs"
        );
        assert_eq!(slug("!!!"), "section");
    }
}
