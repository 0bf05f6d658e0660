//! Markdown to one self-contained HTML page.
//!
//! The Markdown is read with [`super::markdown::safe_events`], so raw HTML in it shows as text and
//! only web and mail links survive. The only markup added to it is the page's own: the charts
//! [`super::embed`] draws, where the template put their tokens, and the tables' wrappers. Headings get ids (their own `{#id}` or a slug of
//! their text) so the contents list can link to them; tables are wrapped so that a wide table
//! scrolls on a phone instead of widening the page. The page shell, its CSS and the contents list
//! come from the `page.html.tera` template.

use std::collections::HashSet;

use anyhow::Context as _;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use serde::Serialize;

use super::embed::{self, Chart};
use super::markdown::{safe_events, slug};
use super::templates::Prepared;

/// A heading the contents list links to.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TocEntry {
    /// The heading's id.
    pub id: String,
    /// Its text.
    pub title: String,
}

/// What the page template receives.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct Page<'a> {
    /// The language of the document, for `<html lang>`: `en-GB`.
    lang: &'a str,
    /// The document's title (its first heading), for `<title>`.
    title: &'a str,
    /// The organisation, for the printed page's margin (empty when the plan does not say).
    organisation: &'a str,
    /// HTML before the first section (the title and opening lines).
    intro: &'a str,
    /// The sections, as HTML.
    body: &'a str,
    /// The contents: one entry per section.
    toc: &'a [TocEntry],
    /// What made the page, for its `generator` meta tag: `thinkkit 0.1.0`.
    generator: String,
}

/// The schema of what `page.html.tera` receives (see [`super::variables`]).
pub(crate) fn page_schema() -> schemars::Schema {
    schemars::SchemaGenerator::default().into_root_schema_for::<Page<'static>>()
}

/// Markdown rendered to HTML, split for the page template.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The first level-1 heading's text.
    pub title: Option<String>,
    /// HTML before the first level-2 heading.
    pub intro: String,
    /// HTML from the first level-2 heading on.
    pub body: String,
    /// The level-2 headings.
    pub toc: Vec<TocEntry>,
}

/// Render a Markdown document to HTML with heading ids and a contents list.
pub fn render(markdown: &str) -> Rendered {
    render_with_charts(markdown, &[])
}

/// [`render`], with each chart's figure where its token stands on a line of its own (see
/// [`super::embed`]).
pub fn render_with_charts(markdown: &str, charts: &[Chart]) -> Rendered {
    let mut sections = Sections {
        events: embed::events(markdown, charts),
        heading: Vec::new().into_iter(),
        used: HashSet::new(),
        title: None,
        toc: Vec::new(),
        split: Split::Before,
    };
    // The intro is the title and a few lines; the body about as long again as its Markdown.
    let mut intro = String::with_capacity(4096);
    write_html(&mut intro, &mut sections);
    let mut body = String::new();
    if sections.split == Split::Pending {
        sections.split = Split::After;
        body.reserve(markdown.len() + markdown.len() / 2);
        write_html(&mut body, &mut sections);
    }
    Rendered {
        title: sections.title,
        intro,
        body,
        toc: sections.toc,
    }
}

/// Markdown to an HTML fragment (no ids, no contents), for the `markdown` template filter.
pub fn fragment(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    write_html(&mut out, safe_events(markdown));
    out
}

/// Render a Markdown document as a whole page with `page.html.tera` (from [`Templates::prepare`]),
/// with `charts` where their tokens stand, and `organisation` in the printed page's margin.
pub fn page(
    page_template: &Prepared<'_>,
    markdown: &str,
    lang: &str,
    organisation: &str,
    charts: &[Chart],
) -> anyhow::Result<String> {
    let data = page_data(
        render_with_charts(markdown, charts),
        &sanitize_lang(lang),
        organisation,
    )?;
    page_template.render_value(data)
}

/// What the page template receives, with the rendered HTML moved into it rather than copied
/// (the body is most of the page: 84 KB for the worked example).
fn page_data(r: Rendered, lang: &str, organisation: &str) -> anyhow::Result<tera::Value> {
    let Rendered {
        title,
        intro,
        body,
        toc,
    } = r;
    let shell = Rendered {
        title,
        toc,
        ..Rendered::default()
    };
    let mut data = tera::to_value(page_view(&shell, lang, organisation))
        .context("cannot pass the page's data to its template")?;
    if let tera::Value::Object(fields) = &mut data {
        fields.insert("intro".to_owned(), tera::Value::String(intro));
        fields.insert("body".to_owned(), tera::Value::String(body));
    }
    Ok(data)
}

fn page_view<'a>(r: &'a Rendered, lang: &'a str, organisation: &'a str) -> Page<'a> {
    Page {
        lang,
        title: r.title.as_deref().unwrap_or("Strategy"),
        organisation,
        intro: &r.intro,
        body: &r.body,
        toc: &r.toc,
        generator: format!("thinkkit {}", env!("CARGO_PKG_VERSION")),
    }
}

/// [`page`] rendered by tera, and by [`super::direct`] when it can.
#[cfg(test)]
pub(super) fn page_both(
    page_template: &Prepared<'_>,
    markdown: &str,
    lang: &str,
    organisation: &str,
    charts: &[Chart],
) -> (String, Option<String>) {
    let data = page_data(
        render_with_charts(markdown, charts),
        &sanitize_lang(lang),
        organisation,
    )
    .unwrap();
    page_template.render_both(&data)
}

/// `text` as a quoted CSS string, for the `content` of a printed page's margin: quotes,
/// backslashes, line breaks and `<` (which could close the style element) are escaped as CSS
/// hex escapes, so nothing in the text can end the string or the style sheet.
pub(crate) fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' | '\n' | '\r' | '\u{c}' => {
                out.push_str(&format!("\\{:x} ", u32::from(c)));
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A `lang` attribute from a kit's language: letters, digits and `-` only, else `en`.
pub(crate) fn sanitize_lang(lang: &str) -> String {
    let lang = lang.trim();
    if !lang.is_empty()
        && lang.len() <= 35
        && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        lang.to_owned()
    } else {
        "en".to_owned()
    }
}

fn plain_text(events: &[Event<'_>]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_owned()
}

fn write_html<'a>(out: &mut String, events: impl Iterator<Item = Event<'a>>) {
    pulldown_cmark::html::push_html(out, TablesWrapped { events, next: None });
}

/// Where [`Sections`] is in the document: before its first level-2 heading (the intro), at it,
/// or after it (the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Split {
    Before,
    Pending,
    After,
}

/// The events of a page, each heading given a unique id (its own, or a slug of its text, with
/// `-2`, `-3`, … for a repeat) and noted as the title (the first level-1) or an entry of the
/// contents (each level-2). The events end once before the first level-2 heading, so the
/// intro and the body are written one after the other from one reading of the Markdown.
struct Sections<'a, I> {
    events: I,
    /// The events of the heading being given, its id set.
    heading: std::vec::IntoIter<Event<'a>>,
    used: HashSet<String>,
    title: Option<String>,
    toc: Vec<TocEntry>,
    split: Split,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Sections<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if self.split == Split::Pending {
            return None;
        }
        if let Some(e) = self.heading.next() {
            return Some(e);
        }
        let e = self.events.next()?;
        let Event::Start(Tag::Heading { level, .. }) = &e else {
            return Some(e);
        };
        let level = *level;
        let mut heading = vec![e];
        for e in self.events.by_ref() {
            let end = matches!(e, Event::End(TagEnd::Heading(_)));
            heading.push(e);
            if end {
                break;
            }
        }
        let inner_end = if matches!(heading.last(), Some(Event::End(TagEnd::Heading(_)))) {
            heading.len() - 1
        } else {
            heading.len()
        };
        let text = plain_text(&heading[1..inner_end]);
        let Event::Start(Tag::Heading { id, .. }) = &mut heading[0] else {
            unreachable!("the heading's events start with its Start");
        };
        let mut unique = id
            .as_deref()
            .filter(|s| !s.is_empty())
            .map_or_else(|| slug(&text), str::to_owned);
        if self.used.contains(&unique) {
            let base = unique.clone();
            let mut n = 2;
            while self.used.contains(&unique) {
                unique = format!("{base}-{n}");
                n += 1;
            }
        }
        self.used.insert(unique.clone());
        *id = Some(CowStr::from(unique.clone()));
        match level {
            HeadingLevel::H1 if self.title.is_none() => self.title = Some(text),
            HeadingLevel::H2 => {
                self.toc.push(TocEntry {
                    id: unique,
                    title: text,
                });
                if self.split == Split::Before {
                    self.split = Split::Pending;
                }
            }
            _ => {}
        }
        self.heading = heading.into_iter();
        if self.split == Split::Pending {
            return None;
        }
        self.heading.next()
    }
}

/// The events with each table inside a `<div class="table-wrap">`. Added after sanitizing, so
/// these and the charts are the only raw HTML events in the stream.
struct TablesWrapped<'a, I> {
    events: I,
    /// An event to give before reading on.
    next: Option<Event<'a>>,
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for TablesWrapped<'a, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(e) = self.next.take() {
            return Some(e);
        }
        let e = self.events.next()?;
        Some(match e {
            Event::Start(Tag::Table(_)) => {
                self.next = Some(e);
                Event::Html("<div class=\"table-wrap\">\n".into())
            }
            Event::End(TagEnd::Table) => {
                self.next = Some(Event::Html("</div>\n".into()));
                e
            }
            e => e,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_unique_ids_and_sections_a_contents_list() {
        let r = render("# Title\n\nIntro.\n\n## One\n\n### Sub\n\n## One\n\n## Two {#custom}\n");
        assert_eq!(r.title.as_deref(), Some("Title"));
        assert!(
            r.intro.contains("<h1 id=\"title\">Title</h1>"),
            "{}",
            r.intro
        );
        let ids: Vec<_> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["one", "one-2", "custom"]);
        assert!(r.body.contains("<h2 id=\"one-2\">One</h2>"), "{}", r.body);
    }

    #[test]
    fn the_page_is_given_its_html_moved_as_it_would_be_copied() {
        let r = render("# Title\n\nIntro <b>.\n\n## One\n\nText & more.\n\n## Two\n");
        let copied = tera::to_value(page_view(&r, "en-GB", "Riverside & Co")).unwrap();
        let moved = page_data(r, "en-GB", "Riverside & Co").unwrap();
        assert_eq!(moved, copied);
        assert!(
            moved["body"]
                .as_str()
                .unwrap()
                .contains("<h2 id=\"two\">Two</h2>")
        );
    }

    #[test]
    fn tables_scroll_inside_a_wrapper() {
        let r = render("## T\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            r.body.contains("<div class=\"table-wrap\">\n<table>"),
            "{}",
            r.body
        );
        assert!(r.body.contains("<th>a</th>"), "{}", r.body);
    }

    #[test]
    fn css_strings_cannot_end_the_string_or_the_style_sheet() {
        assert_eq!(css_string("Riverside Homes"), "\"Riverside Homes\"");
        assert_eq!(
            css_string("a\"b\\c</style>"),
            "\"a\\22 b\\5c c\\3c /style\\3e \""
        );
    }

    #[test]
    fn lang_is_kept_only_when_it_looks_like_a_language_tag() {
        assert_eq!(sanitize_lang("en-GB"), "en-GB");
        assert_eq!(sanitize_lang("en\" onload=\"x"), "en");
    }
}
