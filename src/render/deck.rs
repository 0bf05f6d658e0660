//! The printouts for paper workshops: the kit's project cards to cut out, and its blank
//! planning sheets to write on. Like the strategy, they are a serializable picture of the kit
//! handed to a template (`cards.*.tera`, `sheets.*.tera`), with labels and money formatted.

use serde::Serialize;

use super::Templates;
use super::context::{TermsView, reach_text};
use super::html::sanitize_lang;
use crate::kit::{Kit, VocabularyName};
use crate::text::money_range;

/// Which printout format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFormat {
    /// HTML with print CSS: the one to print.
    Html,
    /// Markdown, to read or adapt.
    Markdown,
}

/// What the card and sheet templates see.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct Deck {
    /// The kit printed.
    kit: KitLine,
    /// The kit's words for its things.
    terms: TermsView,
    /// The language of the kit's text, for the page's `lang`: `en-GB`.
    lang: String,
    /// What made the page, for its `generator` meta tag: `thinkkit 0.1.0`.
    generator: String,
    /// The kit's cards, in kit order (empty when sheets are printed).
    cards: Vec<CardFace>,
    /// The kit's planning sheets, in kit order (empty when cards are printed).
    sheets: Vec<SheetView>,
}

/// The kit printed.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct KitLine {
    /// Its id: `digital-inclusion`.
    id: String,
    /// Its title.
    title: String,
    /// Its version: `1.0.0`.
    version: String,
}

/// One card as printed.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct CardFace {
    /// How tightly its text is set to fit its printed box: `""`, `dense` or `denser`.
    fit: &'static str,
    /// The card's id: `device-loans`.
    id: String,
    /// Its title: `Device loans`.
    title: String,
    /// One sentence on what it is.
    summary: String,
    /// The label of its level: `Personal learning, work and interests`.
    level: String,
    /// 1 to 3, and the same as filled and empty pips (`●●○`) for print.
    points: u8,
    /// The points as pips: `●●○`.
    pips: String,
    /// Labels of the barriers it addresses: `Cost`.
    barriers: Vec<String>,
    /// Set-up cost: `£2,000–£6,000*`.
    setup: String,
    /// Running cost a year: `£500–£1,500*`.
    running: String,
    /// People reached a year, `20–60*`; nothing when the card reaches nobody directly.
    reach: Option<String>,
    /// Whether any of its figures is an estimate to replace (`*`).
    estimate: bool,
    /// Who it is for.
    audience: String,
    /// Labels of the partners it needs: `Device recyclers`.
    partners: Vec<String>,
    /// Staff time it needs, in words.
    staff_time: String,
    /// The title of the document it comes from.
    source: String,
}

/// One planning sheet as printed.
#[derive(Debug, Serialize, schemars::JsonSchema)]
struct SheetView {
    /// The sheet's id: `priorities`.
    id: String,
    /// Its title.
    title: String,
    /// What it is for and how to use it (Markdown).
    instructions: String,
    /// The title of the component it supports, if any.
    component: Option<String>,
    /// The grid's column headings; empty when the sheet has no grid.
    columns: Vec<String>,
    /// The grid's rows: a heading (empty for a blank row to fill in).
    rows: Vec<String>,
    /// Whether the rows have headings (a first column of row names).
    row_headings: bool,
    /// Prompts with room to write.
    prompts: Vec<String>,
    /// The title of the document it comes from.
    source: String,
}

/// The schema of what the card and sheet templates receive (see [`super::variables`]).
pub(crate) fn deck_schema() -> schemars::Schema {
    schemars::SchemaGenerator::default().into_root_schema_for::<Deck>()
}

/// Blank rows printed under a grid that has columns but no named rows.
const BLANK_ROWS: usize = 8;

/// The deck of project cards.
pub fn cards(kit: &Kit, format: PrintFormat, templates: &Templates) -> anyhow::Result<String> {
    render(kit, format, templates, "cards", card_faces(kit), Vec::new())
}

/// Each card of `kit` as printed.
fn card_faces(kit: &Kit) -> Vec<CardFace> {
    kit.cards().iter().map(|c| face(kit, c)).collect()
}

/// A card as printed, set to fit its box.
fn face(kit: &Kit, c: &crate::kit::Card) -> CardFace {
    let labels = |v: VocabularyName, ids: &[String]| {
        ids.iter()
            .map(|i| kit.label(v, i).to_owned())
            .collect::<Vec<_>>()
    };
    let mut face = CardFace {
        fit: "",
        id: c.id.clone(),
        title: c.title.clone(),
        summary: c.summary.clone(),
        level: kit.label(VocabularyName::Levels, &c.level).to_owned(),
        points: c.points,
        pips: (1..=3)
            .map(|i| if i <= c.points { '●' } else { '○' })
            .collect(),
        barriers: labels(VocabularyName::Barriers, &c.barriers),
        setup: money_range(c.setup_cost.min, c.setup_cost.max, c.setup_cost.estimate),
        running: money_range(
            c.running_cost.min,
            c.running_cost.max,
            c.running_cost.estimate,
        ),
        reach: reach_text(&c.reach),
        estimate: c.setup_cost.estimate || c.running_cost.estimate || c.reach.estimate,
        audience: c.audience.clone(),
        partners: labels(VocabularyName::Partners, &c.partners),
        staff_time: c.staff_time.clone(),
        source: kit
            .source(&c.source)
            .map_or_else(|| c.source.clone(), |s| s.title.clone()),
    };
    face.fit = fit(face.printed_chars());
    face
}

/// Characters a printed card holds at each setting, measured on the built-in deck in Chromium
/// (a 90 mm box, two to a row): up to [`FIT_NORMAL`] at the normal size, up to [`FIT_DENSE`]
/// one step down, up to [`FIT_DENSER`] two steps down. The test in `tests/print.rs` holds every
/// built-in card to these, and a printout of the deck shows none cut off.
pub const FIT_NORMAL: usize = 420;
/// See [`FIT_NORMAL`].
pub const FIT_DENSE: usize = 470;
/// See [`FIT_NORMAL`].
pub const FIT_DENSER: usize = 560;

/// The setting for a card of `chars` printed characters.
pub fn fit(chars: usize) -> &'static str {
    if chars <= FIT_NORMAL {
        ""
    } else if chars <= FIT_DENSE {
        "dense"
    } else {
        "denser"
    }
}

impl CardFace {
    /// The characters the printed card shows (its title counts double: it is set larger).
    fn printed_chars(&self) -> usize {
        let n = |s: &str| s.chars().count();
        let list = |v: &[String]| v.iter().map(|s| n(s) + 2).sum::<usize>();
        2 * n(&self.title)
            + n(&self.level)
            + n(&self.summary)
            + list(&self.barriers)
            + n(&self.setup)
            + n(&self.running)
            + self.reach.as_deref().map_or(15, n)
            + list(&self.partners)
            + n(&self.id)
            + 60
    }
}

/// Each card of `kit` as printed: (id, characters, setting), for tests.
pub fn card_fits(kit: &Kit) -> Vec<(String, usize, &'static str)> {
    kit.cards()
        .iter()
        .map(|c| {
            let f = face(kit, c);
            (f.id.clone(), f.printed_chars(), f.fit)
        })
        .collect()
}

/// The blank planning sheets.
pub fn sheets(kit: &Kit, format: PrintFormat, templates: &Templates) -> anyhow::Result<String> {
    render(
        kit,
        format,
        templates,
        "sheets",
        Vec::new(),
        sheet_views(kit),
    )
}

/// Each sheet of `kit` as printed.
fn sheet_views(kit: &Kit) -> Vec<SheetView> {
    kit.sheets()
        .iter()
        .map(|s| {
            let row_headings = !s.rows.is_empty();
            let rows = if !row_headings && !s.columns.is_empty() {
                vec![String::new(); BLANK_ROWS]
            } else {
                s.rows.clone()
            };
            // Named rows with no columns still need somewhere to write.
            let columns = if s.columns.is_empty() && row_headings {
                vec!["Notes".to_owned()]
            } else {
                s.columns.clone()
            };
            SheetView {
                id: s.id.clone(),
                title: s.title.clone(),
                instructions: s.instructions.clone(),
                component: s
                    .component
                    .as_deref()
                    .and_then(|c| kit.component(c))
                    .map(|c| c.title.clone()),
                columns,
                rows,
                row_headings,
                prompts: s.prompts.clone(),
                source: kit
                    .source(&s.source)
                    .map_or_else(|| s.source.clone(), |src| src.title.clone()),
            }
        })
        .collect()
}

fn render(
    kit: &Kit,
    format: PrintFormat,
    templates: &Templates,
    what: &str,
    cards: Vec<CardFace>,
    sheets: Vec<SheetView>,
) -> anyhow::Result<String> {
    let deck = deck(kit, cards, sheets);
    match format {
        PrintFormat::Html => templates.render(&format!("{what}.html.tera"), &deck),
        PrintFormat::Markdown => templates
            .render(&format!("{what}.md.tera"), &deck)
            .map(|md| super::markdown::neutralise(&md)),
    }
}

/// The cards and sheets of `kit`, each rendered from its template `NAME.FORMAT.tera` by tera
/// and by [`super::direct`] when it can, for the test that the two agree.
#[cfg(test)]
pub(super) fn both(kit: &Kit, templates: &Templates) -> Vec<(String, String, Option<String>)> {
    let mut out = Vec::new();
    for suffix in ["html", "md"] {
        for (what, deck) in [
            ("cards", deck(kit, card_faces(kit), Vec::new())),
            ("sheets", deck(kit, Vec::new(), sheet_views(kit))),
        ] {
            let name = format!("{what}.{suffix}.tera");
            let (by_tera, direct) = templates.prepare(&name).unwrap().render_both(&deck);
            out.push((name, by_tera, direct));
        }
    }
    out
}

/// What the card and sheet templates receive for `kit`.
fn deck(kit: &Kit, cards: Vec<CardFace>, sheets: Vec<SheetView>) -> Deck {
    Deck {
        kit: KitLine {
            id: kit.id().to_owned(),
            title: kit.title().to_owned(),
            version: kit.version().to_owned(),
        },
        terms: TermsView::of(kit),
        lang: sanitize_lang(&kit.meta().language),
        generator: format!("thinkkit {}", env!("CARGO_PKG_VERSION")),
        cards,
        sheets,
    }
}
