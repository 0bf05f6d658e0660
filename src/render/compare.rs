//! The comparison of plans as a document: Markdown from `compare.md.tera`, and from that Markdown
//! the HTML page (with a chart per key figure) and the Word document, exactly as the strategy
//! document is made; or CSV, one row per plan, for a spreadsheet.
//!
//! [`View`] is what the template sees: every value already formatted (with the strategy
//! document's own formatting of answers, money and percentages), every cell in place, so the
//! template only lays tables out. Nothing here escapes text for Markdown; the template's filters
//! do. CSV cells are quoted here.

use std::fmt::Write as _;

use jiff::civil::Date;
use serde::Serialize;

use super::context::{format_short, number, percent};
use super::embed::{self, Chart};
use super::{Format, Templates, docx, html};
use crate::analysis::compare::{
    AnswerDigest, Comparison, FIGURES, FigureValue, Position, Summary, Unit, position,
    severity_name,
};
use crate::charts::{self, ValueKind};
use crate::text::{money, money_range};

/// At most this many plans get a chart per key figure; beyond it the bars would be too thin to
/// read, and the tables say it all.
pub const MAX_CHARTED_PLANS: usize = 40;

/// What `compare.md.tera` sees.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct View {
    /// The kit's title.
    pub kit_title: String,
    /// The kit's version compared with.
    pub kit_version: String,
    /// The date, for reading.
    pub date: String,
    /// The plans, in the order given.
    pub plans: Vec<PlanHead>,
    /// Whether there is only one plan (nothing to compare it with).
    pub single: bool,
    /// Plans made with another version of the kit, in words; `None` when all used this one.
    pub versions: Option<String>,
    /// Key figures, one row each.
    pub figures: Vec<FigureRow>,
    /// Questions answered differently (or by some plans only), in kit order.
    pub differing: Vec<QuestionRow>,
    /// Whether some answer in `differing` is an excerpt.
    pub any_excerpt: bool,
    /// Questions every plan answers the same, in kit order.
    pub shared: Vec<SharedRow>,
    /// Cards chosen by at least one plan, in kit order.
    pub cards: Vec<MatrixRow>,
    /// Reality checks raised by at least one plan, in kit order.
    pub checks: Vec<MatrixRow>,
    /// How many reality checks the kit has.
    pub checks_in_kit: usize,
    /// Chart tokens, each on a line of its own (HTML only; empty otherwise).
    pub charts: Vec<String>,
}

/// A plan's column heading.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PlanHead {
    /// Its name.
    pub name: String,
    /// Its file.
    pub file: String,
    /// The kit version it was made with.
    pub kit_version: String,
}

/// One key figure across the plans.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FigureRow {
    /// Its id (`budget`).
    pub id: &'static str,
    /// The row heading.
    pub label: String,
    /// Each plan's value and its position against the median (`£45,000 · above`), or `–`.
    pub values: Vec<String>,
    /// The median.
    pub median: String,
    /// Lowest to highest.
    pub range: String,
}

/// A question answered differently.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct QuestionRow {
    /// Question id.
    pub id: String,
    /// The question.
    pub prompt: String,
    /// Its component's title.
    pub component: String,
    /// Each plan's answer, or `–`.
    pub answers: Vec<String>,
}

/// A question every plan answers the same.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SharedRow {
    /// The question.
    pub prompt: String,
    /// The answer they share.
    pub answer: String,
}

/// A card or a reality check against the plans.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MatrixRow {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Per plan: `✓` for a chosen card, `warning` or `note` for a check raised, or empty.
    pub cells: Vec<String>,
    /// How many plans.
    pub count: usize,
}

const DASH: &str = "–";

fn value_text(unit: Unit, v: &FigureValue) -> String {
    let one = |x: f64| match unit {
        Unit::Money => money(x),
        Unit::Percent => percent(x),
        Unit::Count => number(x),
    };
    let mut s = match (v.range, v.of) {
        (Some((lo, hi)), _) if unit == Unit::Money => money_range(lo, hi, false),
        (Some((lo, hi)), _) if (lo - hi).abs() > f64::EPSILON => {
            format!("{}–{}", one(lo), one(hi))
        }
        (_, Some(of)) => format!("{} of {of}", one(v.value)),
        _ => one(v.value),
    };
    if v.estimate {
        s.push('*');
    }
    s
}

/// A median or an end of a range: money to the pound, shares and counts to a tenth.
fn summary_text(unit: Unit, v: f64) -> String {
    let tenth = (v * 10.0).round() / 10.0;
    match unit {
        Unit::Money => money(v.round()),
        Unit::Percent => percent(tenth),
        Unit::Count if v.abs() >= 100.0 => number(v.round()),
        Unit::Count => number(tenth),
    }
}

fn position_word(p: Position) -> &'static str {
    match p {
        Position::Above => "above",
        Position::AtMedian => "at median",
        Position::Below => "below",
    }
}

impl View {
    /// The view of `comparison`, dated `today`. `versions` says which plans used another
    /// version of the kit, if any.
    pub fn build(comparison: &Comparison<'_>, versions: Option<String>, today: Date) -> View {
        let kit = comparison.kit();
        let plans = comparison.plans();
        let summary: Summary = comparison.summary();
        let single = plans.len() == 1;
        let figures = FIGURES
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let s = &summary.figures[i];
                let unit = kind.unit();
                FigureRow {
                    id: kind.id(),
                    label: kind.label(kit.terms()),
                    values: plans
                        .iter()
                        .map(|p| match (&p.figures[i], s.median) {
                            (Some(v), Some(m)) if !single => format!(
                                "{} · {}",
                                value_text(unit, v),
                                position_word(position(v.value, m))
                            ),
                            (Some(v), _) => value_text(unit, v),
                            (None, _) => DASH.to_owned(),
                        })
                        .collect(),
                    median: s
                        .median
                        .map_or_else(|| DASH.to_owned(), |m| summary_text(unit, m)),
                    range: match (s.min, s.max) {
                        (Some(lo), Some(hi)) if (hi - lo).abs() > f64::EPSILON => {
                            format!("{}–{}", summary_text(unit, lo), summary_text(unit, hi))
                        }
                        (Some(lo), Some(_)) => summary_text(unit, lo),
                        _ => DASH.to_owned(),
                    },
                }
            })
            .collect();
        let questions: Vec<_> = kit.questions().collect();
        let answer_text = |qi: usize, a: &AnswerDigest| -> String {
            match a {
                AnswerDigest::Short(answer) => format_short(kit, questions[qi].1, answer),
                AnswerDigest::Long { excerpt, .. } => excerpt.clone(),
            }
        };
        let mut any_excerpt = false;
        let differing = summary
            .differing
            .iter()
            .map(|&qi| {
                let (c, q) = questions[qi];
                QuestionRow {
                    id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    component: c.title.clone(),
                    answers: plans
                        .iter()
                        .map(|p| match &p.answers[qi] {
                            Some(a) => {
                                any_excerpt |= matches!(a, AnswerDigest::Long { cut: true, .. });
                                answer_text(qi, a)
                            }
                            None => DASH.to_owned(),
                        })
                        .collect(),
                }
            })
            .collect();
        let shared = summary
            .shared
            .iter()
            .filter_map(|&qi| {
                let a = plans.first()?.answers[qi].as_ref()?;
                Some(SharedRow {
                    prompt: questions[qi].1.prompt.clone(),
                    answer: answer_text(qi, a),
                })
            })
            .collect();
        let cards = kit
            .cards()
            .iter()
            .enumerate()
            .filter_map(|(ci, card)| {
                let cells: Vec<String> = plans
                    .iter()
                    .map(|p| {
                        if p.cards.binary_search(&ci).is_ok() {
                            "✓".to_owned()
                        } else {
                            String::new()
                        }
                    })
                    .collect();
                let count = cells.iter().filter(|c| !c.is_empty()).count();
                (count > 0).then(|| MatrixRow {
                    id: card.id.clone(),
                    title: card.title.clone(),
                    cells,
                    count,
                })
            })
            .collect();
        let checks = kit
            .reality_checks()
            .iter()
            .enumerate()
            .filter_map(|(ki, check)| {
                let cells: Vec<String> = plans
                    .iter()
                    .map(|p| {
                        if p.checks.contains(&ki) {
                            severity_name(check.severity).to_owned()
                        } else {
                            String::new()
                        }
                    })
                    .collect();
                let count = cells.iter().filter(|c| !c.is_empty()).count();
                (count > 0).then(|| MatrixRow {
                    id: check.id.clone(),
                    title: check.title.clone(),
                    cells,
                    count,
                })
            })
            .collect();
        View {
            kit_title: kit.title().to_owned(),
            kit_version: kit.version().to_owned(),
            date: today.strftime("%-d %B %Y").to_string(),
            plans: plans
                .iter()
                .map(|p| PlanHead {
                    name: p.name.clone(),
                    file: p.file.clone(),
                    kit_version: p.kit_version.clone(),
                })
                .collect(),
            single,
            versions,
            figures,
            differing,
            any_excerpt,
            shared,
            cards,
            checks,
            checks_in_kit: kit.reality_checks().len(),
            charts: Vec::new(),
        }
    }
}

/// One chart per key figure that two or more plans give (none beyond [`MAX_CHARTED_PLANS`]).
fn draw(comparison: &Comparison<'_>) -> Vec<(String, Option<String>)> {
    let plans = comparison.plans();
    if plans.len() < 2 || plans.len() > MAX_CHARTED_PLANS {
        return Vec::new();
    }
    let summary = comparison.summary();
    let kit = comparison.kit();
    FIGURES
        .iter()
        .enumerate()
        .filter_map(|(i, kind)| {
            let median = summary.figures[i].median?;
            let bars: Vec<(&str, f64)> = plans
                .iter()
                .filter_map(|p| Some((p.name.as_str(), p.figures[i].as_ref()?.value)))
                .collect();
            if bars.len() < 2 {
                return None;
            }
            let value_kind = match kind.unit() {
                Unit::Money => ValueKind::Money,
                Unit::Percent => ValueKind::Percent,
                Unit::Count => ValueKind::Count,
            };
            let title = if kind.is_range() {
                format!("{} (middle of each range)", kind.label(kit.terms()))
            } else {
                kind.label(kit.terms())
            };
            Some((
                kind.id().to_owned(),
                charts::plans_svg(&title, value_kind, &bars, median),
            ))
        })
        .collect()
}

/// The comparison as a document in `format`.
pub fn document(
    comparison: &Comparison<'_>,
    versions: Option<String>,
    format: Format,
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<u8>> {
    let mut view = View::build(comparison, versions, today);
    if format == Format::Html {
        let charts: Vec<Chart> = embed::drawn(draw(comparison));
        view.charts = charts.iter().map(|c| c.token().to_owned()).collect();
        let markdown = templates.render("compare.md.tera", &view)?;
        let page = templates.prepare("page.html.tera")?;
        let lang = comparison.kit().meta().language.clone();
        return Ok(html::page(&page, &markdown, &lang, "", &charts)?.into_bytes());
    }
    let markdown = templates.render("compare.md.tera", &view)?;
    Ok(match format {
        Format::Docx => {
            let info = docx::DocInfo {
                title: super::markdown::first_heading(&markdown).unwrap_or_default(),
                subject: comparison.kit().title().to_owned(),
                language: comparison.kit().meta().language.clone(),
                date: Some(today),
                ..docx::DocInfo::default()
            };
            docx::render(&markdown, &[], &info, docx::Layout::Document, None)?
        }
        _ => markdown.into_bytes(),
    })
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break; a leading `=`, `+`, `-` or
/// `@` (which a spreadsheet would run as a formula) is neutralised with a leading `'`.
fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) && s.parse::<f64>().is_err() {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

fn raw(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// The comparison as CSV: one row per plan; its key figures as plain numbers (a range as its
/// low and high), its answers as the document writes them (a long answer as its first words),
/// then 1 or 0 for each card of the kit and each reality check.
pub fn csv(comparison: &Comparison<'_>) -> String {
    let kit = comparison.kit();
    let questions: Vec<_> = kit.questions().collect();
    let mut out = String::new();
    let mut header: Vec<String> = vec!["plan".into(), "file".into(), "kit-version".into()];
    for kind in FIGURES {
        if kind.is_range() {
            header.push(format!("{}-low", kind.id()));
            header.push(format!("{}-high", kind.id()));
        } else {
            header.push(kind.id().to_owned());
        }
    }
    header.extend(questions.iter().map(|(_, q)| format!("answer:{}", q.id)));
    header.extend(kit.cards().iter().map(|c| format!("card:{}", c.id)));
    header.extend(
        kit.reality_checks()
            .iter()
            .map(|c| format!("check:{}", c.id)),
    );
    let _ = writeln!(
        out,
        "{}",
        header.iter().map(|h| cell(h)).collect::<Vec<_>>().join(",")
    );
    for p in comparison.plans() {
        let mut row: Vec<String> = vec![cell(&p.name), cell(&p.file), cell(&p.kit_version)];
        for (i, kind) in FIGURES.iter().enumerate() {
            let v = p.figures[i].as_ref();
            if kind.is_range() {
                let (lo, hi) = v
                    .and_then(|v| v.range)
                    .map_or((None, None), |(a, b)| (Some(a), Some(b)));
                row.push(lo.map(raw).unwrap_or_default());
                row.push(hi.map(raw).unwrap_or_default());
            } else {
                row.push(v.map(|v| raw(v.value)).unwrap_or_default());
            }
        }
        for (qi, (_, q)) in questions.iter().enumerate() {
            row.push(match &p.answers[qi] {
                Some(AnswerDigest::Short(a)) => cell(&format_short(kit, q, a)),
                Some(AnswerDigest::Long { excerpt, .. }) => cell(excerpt),
                None => String::new(),
            });
        }
        for ci in 0..kit.cards().len() {
            row.push(
                if p.cards.binary_search(&ci).is_ok() {
                    "1"
                } else {
                    "0"
                }
                .to_owned(),
            );
        }
        for ki in 0..kit.reality_checks().len() {
            row.push(if p.checks.contains(&ki) { "1" } else { "0" }.to_owned());
        }
        let _ = writeln!(out, "{}", row.join(","));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cells_are_quoted_and_never_formulas() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("-5"), "-5");
        assert_eq!(cell("-not a number"), "'-not a number");
    }
}
