//! Many plans of one kit side by side: the key figures of each with their median and range, the
//! answers that differ and those every plan shares, the cards each chose and the reality checks
//! each raises.
//!
//! Plans are added one at a time ([`Comparison::add`]) and each is reduced at once to a small
//! [`PlanDigest`] of what the comparison shows, so a thousand plans never sit in memory together:
//! what is held is the largest plan (while it is added) and the digests. A digest is built from
//! the plan's [`super::analyse`], so every figure is the one `thinkkit render` prints for that plan.
//! Long answers are kept as an excerpt and a fingerprint (to tell equal answers from different
//! ones); `thinkkit compare --question ID` shows one question's answers whole.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use super::measures::Status;
use super::{Analysis, answers, range::MoneyRange};
use crate::kit::{Kit, QuestionType, Severity, Terms};
use crate::plan::{Answer, Plan};
use crate::text::capitalize;

/// How many words of a long answer a comparison shows.
pub const EXCERPT_WORDS: usize = 16;

/// The key figures, in the order they are shown.
pub const FIGURES: [FigureKind; 10] = [
    FigureKind::Population,
    FigureKind::ShareOnline,
    FigureKind::Budget,
    FigureKind::FirstYearCost,
    FigureKind::Savings,
    FigureKind::PeopleReached,
    FigureKind::Levels,
    FigureKind::BarriersNamed,
    FigureKind::BarriersAddressed,
    FigureKind::MeasuresOnTrack,
];

/// A key figure of a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum FigureKind {
    /// The population the strategy serves (the kit's `population` binding).
    Population,
    /// Share of customers online, percent.
    ShareOnline,
    /// The activity budget a year.
    Budget,
    /// Set-up plus a year's running cost of the chosen cards (a range; compared by its middle).
    FirstYearCost,
    /// Net channel-shift saving a year.
    Savings,
    /// People reached a year (a range; compared by its middle).
    PeopleReached,
    /// Levels with at least one chosen card.
    Levels,
    /// Barriers the team named.
    BarriersNamed,
    /// Named barriers some chosen card addresses.
    BarriersAddressed,
    /// Measures on track.
    MeasuresOnTrack,
}

/// How a figure's values are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Unit {
    /// Pounds.
    Money,
    /// Percent.
    Percent,
    /// A count.
    Count,
}

impl FigureKind {
    /// The row heading, in the kit's own words (its `terms`).
    pub fn label(self, terms: &Terms) -> String {
        match self {
            Self::Population => capitalize(&terms.population.plural),
            Self::ShareOnline => format!("Share {}", terms.online),
            Self::Budget => format!("{} a year", capitalize(&terms.budget)),
            Self::FirstYearCost => "First-year cost".to_owned(),
            Self::Savings => "Channel-shift saving a year".to_owned(),
            Self::PeopleReached => format!("{} reached a year", capitalize(&terms.people.plural)),
            Self::Levels => format!("{} covered", capitalize(&terms.level.plural)),
            Self::BarriersNamed => format!("{} named", capitalize(&terms.barrier.plural)),
            Self::BarriersAddressed => format!("Named {} addressed", terms.barrier.plural),
            Self::MeasuresOnTrack => "Measures on track".to_owned(),
        }
    }

    /// A short id, for CSV headers and HTML classes.
    pub fn id(self) -> &'static str {
        match self {
            Self::Population => "population",
            Self::ShareOnline => "share-online",
            Self::Budget => "budget",
            Self::FirstYearCost => "first-year-cost",
            Self::Savings => "saving",
            Self::PeopleReached => "people-reached",
            Self::Levels => "levels",
            Self::BarriersNamed => "barriers-named",
            Self::BarriersAddressed => "barriers-addressed",
            Self::MeasuresOnTrack => "measures-on-track",
        }
    }

    /// Whether its values are ranges (compared by their middle).
    pub fn is_range(self) -> bool {
        matches!(self, Self::FirstYearCost | Self::PeopleReached)
    }

    /// The unit of its values.
    pub fn unit(self) -> Unit {
        match self {
            Self::Budget | Self::FirstYearCost | Self::Savings => Unit::Money,
            Self::ShareOnline => Unit::Percent,
            _ => Unit::Count,
        }
    }
}

/// One key figure of one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureValue {
    /// The value compared with the other plans (the middle of a range).
    pub value: f64,
    /// Lowest and highest, for a range.
    pub range: Option<(f64, f64)>,
    /// How many there could be, for a count out of a total (`2 of 3` levels).
    pub of: Option<usize>,
    /// Whether the value includes an estimate no source gives.
    pub estimate: bool,
}

impl FigureValue {
    fn exact(value: f64) -> Self {
        FigureValue {
            value,
            range: None,
            of: None,
            estimate: false,
        }
    }

    #[allow(clippy::cast_precision_loss)]
    fn count(n: usize, of: Option<usize>) -> Self {
        FigureValue {
            of,
            ..FigureValue::exact(n as f64)
        }
    }

    fn money_range(r: MoneyRange) -> Self {
        FigureValue {
            value: (r.min + r.max) / 2.0,
            range: Some((r.min, r.max)),
            of: None,
            estimate: r.estimate,
        }
    }
}

/// One answer of one plan, as the comparison keeps it.
#[derive(Debug, Clone, PartialEq)]
pub enum AnswerDigest {
    /// A value, a choice or a list: kept as it is (it is small).
    Short(Answer),
    /// A long answer: its first words, and a fingerprint of the whole to tell equal answers
    /// from different ones.
    Long {
        /// The first [`EXCERPT_WORDS`] words.
        excerpt: String,
        /// Whether there is more than the excerpt.
        cut: bool,
        /// A hash of the whole (trimmed) answer.
        fingerprint: u64,
    },
}

impl AnswerDigest {
    /// Whether two plans gave the same answer.
    pub fn same_as(&self, other: &AnswerDigest) -> bool {
        match (self, other) {
            (Self::Short(a), Self::Short(b)) => a == b,
            (Self::Long { fingerprint: a, .. }, Self::Long { fingerprint: b, .. }) => a == b,
            _ => false,
        }
    }
}

/// What the comparison keeps of one plan.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanDigest {
    /// How the plan is named in the comparison.
    pub name: String,
    /// Its file, as given.
    pub file: String,
    /// The kit version it was made with.
    pub kit_version: String,
    /// Key figures, in [`FIGURES`] order; `None` where the plan does not give it.
    pub figures: Vec<Option<FigureValue>>,
    /// Answers in kit question order; `None` for a question unanswered or not asked.
    pub answers: Vec<Option<AnswerDigest>>,
    /// Indexes (in kit order) of the kit cards chosen.
    pub cards: Vec<usize>,
    /// Reality checks that fire, as indexes in kit order.
    pub checks: Vec<usize>,
}

/// Plans compared so far.
#[derive(Debug)]
pub struct Comparison<'k> {
    kit: &'k Kit,
    plans: Vec<PlanDigest>,
}

impl<'k> Comparison<'k> {
    /// An empty comparison of plans of `kit`.
    pub fn new(kit: &'k Kit) -> Self {
        Comparison {
            kit,
            plans: Vec::new(),
        }
    }

    /// The kit compared with.
    pub fn kit(&self) -> &'k Kit {
        self.kit
    }

    /// The plans added, in order.
    pub fn plans(&self) -> &[PlanDigest] {
        &self.plans
    }

    /// Add a plan (already reconciled with the kit) and its analysis, keeping only its digest.
    pub fn add(&mut self, name: String, file: String, plan: &Plan, analysis: &Analysis) {
        let digest = digest(self.kit, name, file, plan, analysis);
        self.plans.push(digest);
    }

    /// The comparison as a whole: medians and ranges, answers that differ and that are shared.
    pub fn summary(&self) -> Summary {
        let figures = FIGURES
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let values: Vec<f64> = self
                    .plans
                    .iter()
                    .filter_map(|p| p.figures[i].as_ref().map(|f| f.value))
                    .collect();
                FigureSummary {
                    kind: *kind,
                    median: median(&values),
                    min: values.iter().copied().reduce(f64::min),
                    max: values.iter().copied().reduce(f64::max),
                    given: values.len(),
                }
            })
            .collect();
        let mut differing = Vec::new();
        let mut shared = Vec::new();
        for qi in 0..self.kit.questions().count() {
            let first = self.plans.first().and_then(|p| p.answers[qi].as_ref());
            let all_same = self
                .plans
                .iter()
                .all(|p| match (p.answers[qi].as_ref(), first) {
                    (Some(a), Some(b)) => a.same_as(b),
                    _ => false,
                });
            let any = self.plans.iter().any(|p| p.answers[qi].is_some());
            if all_same {
                shared.push(qi);
            } else if any {
                differing.push(qi);
            }
        }
        Summary {
            figures,
            differing,
            shared,
        }
    }
}

/// Medians, ranges and which questions differ.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    /// One line per key figure, in [`FIGURES`] order.
    pub figures: Vec<FigureSummary>,
    /// Questions (kit order index) answered differently, or answered by some plans only.
    pub differing: Vec<usize>,
    /// Questions every plan answers the same.
    pub shared: Vec<usize>,
}

/// The spread of one key figure over the plans that give it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureSummary {
    /// Which figure.
    pub kind: FigureKind,
    /// The median of the plans' values.
    pub median: Option<f64>,
    /// The lowest value.
    pub min: Option<f64>,
    /// The highest value.
    pub max: Option<f64>,
    /// How many plans give it.
    pub given: usize,
}

/// Where a plan's figure stands against the median.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Position {
    /// Above the median.
    Above,
    /// At the median (within a thousandth of it).
    AtMedian,
    /// Below the median.
    Below,
}

/// Where `value` stands against `median`.
pub fn position(value: f64, median: f64) -> Position {
    let tolerance = median.abs().max(1.0) * 1e-3;
    if (value - median).abs() <= tolerance {
        Position::AtMedian
    } else if value > median {
        Position::Above
    } else {
        Position::Below
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len() % 2 == 1 {
        v[mid]
    } else {
        f64::midpoint(v[mid - 1], v[mid])
    })
}

fn fingerprint(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// The first [`EXCERPT_WORDS`] words of `text`, and whether that is all of it. Markdown's
/// emphasis and list markers are left out: an excerpt is one line of plain words.
pub fn excerpt(text: &str) -> (String, bool) {
    let words = crate::text::plain_words(text);
    if words.len() <= EXCERPT_WORDS {
        (words.join(" "), false)
    } else {
        (format!("{} …", words[..EXCERPT_WORDS].join(" ")), true)
    }
}

fn digest(kit: &Kit, name: String, file: String, plan: &Plan, a: &Analysis) -> PlanDigest {
    let b = kit.bindings();
    let number = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| answers::answer(kit, plan, id))
            .and_then(Answer::as_number)
    };
    let has_cards = !a.costs.cards.is_empty();
    let measures_with_status = a.measures.iter().filter(|m| m.status.is_some()).count();
    let figures = FIGURES
        .iter()
        .map(|kind| match kind {
            FigureKind::Population => number(&b.population).map(FigureValue::exact),
            FigureKind::ShareOnline => number(&b.share_online).map(FigureValue::exact),
            FigureKind::Budget => a.costs.budget.map(FigureValue::exact),
            FigureKind::FirstYearCost => {
                has_cards.then(|| FigureValue::money_range(a.costs.first_year))
            }
            FigureKind::Savings => (!a.channel_shift.services.is_empty())
                .then(|| FigureValue::exact(a.channel_shift.total_saving)),
            #[allow(clippy::cast_precision_loss)]
            FigureKind::PeopleReached => has_cards.then(|| FigureValue {
                value: (a.reach.people.min as f64 + a.reach.people.max as f64) / 2.0,
                range: Some((a.reach.people.min as f64, a.reach.people.max as f64)),
                of: None,
                estimate: a.reach.estimate,
            }),
            FigureKind::Levels => Some(FigureValue::count(a.levels.covered, Some(a.levels.total))),
            FigureKind::BarriersNamed => a
                .barriers
                .as_ref()
                .map(|x| FigureValue::count(x.named.len(), None)),
            FigureKind::BarriersAddressed => a
                .barriers
                .as_ref()
                .map(|x| FigureValue::count(x.addressed, Some(x.named.len()))),
            FigureKind::MeasuresOnTrack => (measures_with_status > 0).then(|| {
                FigureValue::count(
                    a.measures
                        .iter()
                        .filter(|m| m.status == Some(Status::OnTrack))
                        .count(),
                    Some(measures_with_status),
                )
            }),
        })
        .collect();
    let answers = kit
        .questions()
        .map(|(_, q)| {
            let answer = answers::answer(kit, plan, &q.id)?;
            Some(match (q.kind, answer) {
                (QuestionType::LongText, Answer::Text(t)) => {
                    let (excerpt, cut) = excerpt(t);
                    AnswerDigest::Long {
                        excerpt,
                        cut,
                        fingerprint: fingerprint(t.trim()),
                    }
                }
                _ => AnswerDigest::Short(answer.clone()),
            })
        })
        .collect();
    let mut cards: Vec<usize> = plan
        .cards
        .iter()
        .filter_map(|c| kit.cards().iter().position(|k| k.id == c.id))
        .collect();
    cards.sort_unstable();
    cards.dedup();
    let checks = a
        .checks
        .iter()
        .filter_map(|f| kit.reality_checks().iter().position(|c| c.id == f.id))
        .collect();
    PlanDigest {
        name,
        file,
        kit_version: plan.kit.version.clone(),
        figures,
        answers,
        cards,
        checks,
    }
}

/// `warning` or `note`.
pub fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_positions() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[3.0]), Some(3.0));
        assert_eq!(median(&[5.0, 1.0, 3.0]), Some(3.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(position(10.0, 5.0), Position::Above);
        assert_eq!(position(5.0, 5.0), Position::AtMedian);
        assert_eq!(position(1.0, 5.0), Position::Below);
    }

    #[test]
    fn long_answers_are_cut_at_a_word() {
        let (short, cut) = excerpt("one two  three");
        assert_eq!((short.as_str(), cut), ("one two three", false));
        let long = (1..=30)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(" ");
        let (text, cut) = excerpt(&long);
        assert!(cut && text.ends_with("16 …"), "{text}");
    }
}
