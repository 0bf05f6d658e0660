//! Charts in the HTML page and the Word document: the one place where markup the Markdown did
//! not write reaches a document.
//!
//! The page is made from Markdown whose raw HTML is shown as text (see
//! [`super::markdown::safe_events`]), so an SVG cannot travel inside the Markdown. Instead the
//! strategy template writes a placeholder, on a line of its own, wherever a chart belongs
//! (`{{ analysis.charts.channel_mix }}`), and the page is put together around it:
//!
//! 1. [`place`] puts a placeholder token in each chart slot of the template's context. A token
//!    is `{thinkkit-chart:NONCE:NAME}` with a nonce drawn afresh for every render, so nobody
//!    writing an answer or a kit can know it in advance.
//! 2. [`draw`] draws each slot's chart with [`crate::charts`].
//! 3. [`events`] cuts the Markdown at each line that is exactly a token, reads every piece with
//!    the sanitiser as before, and puts the drawing between the pieces as the only raw HTML
//!    event of the stream.
//!
//! A line written by a person can never be a token, for two independent reasons: it would need
//! the nonce, and the text filters the templates use (`md`, `md_block`, `md_code`) escape `{`, so
//! a person's line can never start with the bare `{` a token starts with. And what a token
//! brings in is always one of the drawings made here from the analysis, never text from the line:
//! at worst a chart would appear twice. The drawings are trusted because [`crate::charts`] escapes
//! every text it writes (the tests in `crate::charts` and `tests/render.rs` check it).
//!
//! The Word document is put together the same way, with [`events_with`]: the image of each
//! chart (its SVG rasterised, with the chart's description as its alternative text) goes where
//! the token stands. Only Markdown never receives tokens: its slots stay empty, and the tables
//! carry the same figures.

use std::hash::{BuildHasher, RandomState};
use std::time::{SystemTime, UNIX_EPOCH};

use pulldown_cmark::Event;

use super::figures::Figures;
use super::markdown::safe_events;
use crate::analysis::Analysis;
use crate::charts;

/// A chart slot of one render: its token, and the chart once drawn.
#[derive(Debug, Clone)]
pub struct Chart {
    token: String,
    name: String,
    /// The drawing; `None` when there is nothing to draw, and then the token's line is simply
    /// dropped.
    svg: Option<String>,
    /// The whole `<figure>`, SVG inside, for the HTML page.
    html: Option<String>,
}

impl Chart {
    /// The slot's name (`channel-mix`, `measure-0`): what the token ends with.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The drawing, when there is something to draw.
    pub fn svg(&self) -> Option<&str> {
        self.svg.as_deref()
    }

    /// The chart's accessible name and description (the SVG's `<title>` and `<desc>`, as
    /// text), for a Word image's title and alternative text.
    pub fn alt(&self) -> (String, String) {
        let Some(svg) = &self.svg else {
            return (String::new(), String::new());
        };
        let inner = |tag: &str| {
            let open = format!("<{tag}>");
            let close = format!("</{tag}>");
            svg.split_once(open.as_str())
                .and_then(|(_, rest)| rest.split_once(close.as_str()))
                .map_or_else(String::new, |(t, _)| unescape(t))
        };
        (inner("title"), inner("desc"))
    }
}

/// The text of markup escaped with [`crate::text::escape_markup`].
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Give every chart slot of `figures` a fresh token, and return the slots to [`draw`].
///
/// A slot whose chart turns out to have nothing to show is dropped from the page (see
/// [`super::document`]).
pub fn place(figures: &mut Figures) -> Vec<Chart> {
    let nonce = nonce();
    let mut slots = Vec::new();
    let mut slot = |name: String| -> Option<String> {
        let token = format!("{{thinkkit-chart:{nonce}:{name}}}");
        slots.push(Chart {
            token: token.clone(),
            name,
            svg: None,
            html: None,
        });
        Some(token)
    };
    figures.charts.channel_mix = slot("channel-mix".to_owned());
    figures.charts.cost_by_activity = slot("cost-by-activity".to_owned());
    // By position, not id: a token holds nothing the plan's author wrote.
    for (i, m) in figures.measures.iter_mut().enumerate() {
        m.chart = slot(format!("measure-{i}"));
    }
    slots
}

/// Slots for charts another document drew itself (the comparison of plans): each `(name,
/// drawing)` gets a fresh token, to put on a line of its own in the Markdown; a drawing of
/// `None` leaves no trace. The drawings must come from [`crate::charts`], which escapes all text.
pub fn drawn(charts: Vec<(String, Option<String>)>) -> Vec<Chart> {
    let nonce = nonce();
    charts
        .into_iter()
        .map(|(name, svg)| Chart {
            token: format!("{{thinkkit-chart:{nonce}:{name}}}"),
            html: svg.as_deref().map(|svg| figure(&name, svg)),
            svg,
            name,
        })
        .collect()
}

impl Chart {
    /// The token that stands for this chart in the Markdown.
    pub fn token(&self) -> &str {
        &self.token
    }
}

/// Draw the chart of each slot from `analysis`.
pub fn draw(analysis: &Analysis, slots: &mut [Chart]) {
    for slot in slots {
        let svg = match slot.name.as_str() {
            "channel-mix" => charts::channel_mix_svg(analysis),
            "cost-by-activity" => charts::cost_by_activity_svg(analysis),
            name => name
                .strip_prefix("measure-")
                .and_then(|i| analysis.measures.get(i.parse::<usize>().ok()?))
                .and_then(charts::progress_svg),
        };
        slot.html = svg.as_deref().map(|svg| figure(&slot.name, svg));
        slot.svg = svg;
    }
}

/// A random hex string, different for every call. `RandomState` keys its hasher from the
/// operating system's random source (and never repeats keys within a process), so its hash of
/// anything is unpredictable; this avoids a dependency for the only randomness the crate needs.
fn nonce() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let a = RandomState::new().hash_one(now);
    let b = RandomState::new().hash_one((now, a));
    format!("{a:016x}{b:016x}")
}

/// The chart as a figure. The drawing has a `viewBox`, so the page's CSS scales it down on a
/// phone or a printed page instead of cropping it.
fn figure(name: &str, svg: &str) -> String {
    format!(
        "<figure class=\"chart chart-{name}\">\n{}\n</figure>\n",
        svg.trim()
    )
}

/// The Markdown as safe events, with each chart's figure where a line is exactly its token (and
/// nothing where the chart had nothing to draw).
pub(crate) fn events<'a>(
    markdown: &'a str,
    charts: &'a [Chart],
) -> impl Iterator<Item = Event<'a>> + 'a {
    events_with(markdown, charts, |c| {
        c.html.as_deref().map(|h| Event::Html(h.into()))
    })
}

/// The Markdown as safe events, with `chart(c)` where a line is exactly the token of `c`. As
/// the sanitiser turns every other raw HTML into text, an [`Event::Html`] that `chart` returns
/// is the only one in the stream: the Word writer uses one holding the chart's name.
///
/// The Markdown is cut at each chart's line into pieces, and the pieces' events are read as
/// they are asked for.
pub(crate) fn events_with<'a>(
    markdown: &'a str,
    charts: &'a [Chart],
    mut chart: impl FnMut(&'a Chart) -> Option<Event<'a>>,
) -> impl Iterator<Item = Event<'a>> + 'a {
    // Each piece of Markdown, and the chart's event that follows it.
    let mut pieces: Vec<(&'a str, Option<Event<'a>>)> = Vec::new();
    let mut piece_start = 0;
    let mut line_start = 0;
    if !charts.is_empty() {
        for line in markdown.split_inclusive('\n') {
            let line_end = line_start + line.len();
            let trimmed = line.trim();
            if let Some(found) = trimmed
                .starts_with('{')
                .then(|| charts.iter().find(|c| trimmed == c.token))
                .flatten()
            {
                pieces.push((&markdown[piece_start..line_start], chart(found)));
                piece_start = line_end;
            }
            line_start = line_end;
        }
    }
    pieces.push((&markdown[piece_start..], None));
    pieces
        .into_iter()
        .flat_map(|(piece, chart)| safe_events(piece).chain(chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(token: &str) -> Chart {
        Chart {
            token: token.to_owned(),
            name: "channel-mix".to_owned(),
            svg: Some(
                "<svg role=\"img\"><title>A &amp; B</title><desc>x &lt; y</desc></svg>".to_owned(),
            ),
            html: Some("<figure class=\"chart\"><svg role=\"img\"></svg></figure>\n".to_owned()),
        }
    }

    fn html<'a>(events: impl Iterator<Item = Event<'a>>) -> String {
        let mut s = String::new();
        pulldown_cmark::html::push_html(&mut s, events);
        s
    }

    #[test]
    fn a_token_line_becomes_its_chart_and_nothing_else_does() {
        let token = "{thinkkit-chart:00ff:channel-mix}";
        let charts = [chart(token)];
        let md = format!(
            "## Savings\n\n{token}\n\nText.\n\n- {token}\n\n\\{{thinkkit-chart:00ff:channel-mix\\}}\n\n<svg onload=alert(1)></svg>\n"
        );
        let h = html(events(&md, &charts));
        assert_eq!(h.matches("<svg").count(), 1, "{h}");
        assert!(h.starts_with("<h2>Savings</h2>\n<figure"), "{h}");
        // In a list item, or escaped as the filters escape it, it is text; so is raw SVG.
        assert!(
            h.contains("<li>{thinkkit-chart:00ff:channel-mix}</li>"),
            "{h}"
        );
        assert!(
            h.contains("<p>{thinkkit-chart:00ff:channel-mix}</p>"),
            "{h}"
        );
        assert!(h.contains("&lt;svg onload=alert(1)&gt;"), "{h}");
    }

    #[test]
    fn a_chart_with_nothing_to_draw_leaves_no_trace() {
        let token = "{thinkkit-chart:00ff:cost-by-activity}";
        let mut empty = chart(token);
        empty.html = None;
        let h = html(events(&format!("Before.\n\n{token}\n\nAfter.\n"), &[empty]));
        assert_eq!(h, "<p>Before.</p>\n<p>After.</p>\n");
    }

    #[test]
    fn a_chart_names_and_describes_itself_as_text() {
        let c = chart("{t}");
        assert_eq!(c.alt(), ("A & B".to_owned(), "x < y".to_owned()));
    }

    #[test]
    fn tokens_differ_every_time() {
        assert_ne!(nonce(), nonce());
        assert_eq!(nonce().len(), 32);
    }
}
