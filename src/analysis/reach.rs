//! People reached a year, the offline population they are compared with, and cost per person.
//!
//! Reach is the sum of the chosen cards' reach ranges. Cards often reach the same people, so the
//! sum is an upper bound on how many different people are reached; the documents say so. The
//! offline population is counted in the kit's unit (`terms.population`: people, households, …;
//! population × share offline), reach in `terms.people`: the comparison is a rough guide to
//! scale, not a coverage rate.

use serde::Serialize;

use super::range::{CountRange, MoneyRange, PercentRange};
use super::{Skipped, answers};
use crate::kit::Kit;
use crate::plan::Plan;

/// Reach against the offline population.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Reach {
    /// People reached a year: the sum of the cards' reach.
    pub people: CountRange,
    /// Whether any card's reach is an estimate.
    pub estimate: bool,
    /// How much of the population is offline, when the answers say.
    pub offline: Option<OfflinePopulation>,
    /// Reach as a share of the offline population (may pass 100%: reach is summed).
    pub share_of_offline: Option<PercentRange>,
    /// First-year cost per person reached.
    pub cost_per_person: Option<CostPerPerson>,
}

/// The offline population and how it was found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfflinePopulation {
    /// How many of the population are offline, in `terms.population`.
    pub count: f64,
    /// How the figure was reached, in words.
    pub basis: String,
}

/// First-year cost per person reached: best case (lowest cost over highest reach) to worst case
/// (highest cost over lowest reach).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostPerPerson {
    /// Lowest cost per person.
    pub min: f64,
    /// Highest cost per person; `None` when the lowest reach is nobody (no upper bound).
    pub max: Option<f64>,
    /// `£4–£30` or `£4 or more`.
    pub text: String,
}

/// The offline population of a plan: the answer to the kit's "how many are offline" question
/// when the team gave one (they may know better), else population × (100 − share online) / 100.
///
/// The kit has no binding for that question; it is recognised as the number question whose
/// `default-expr` reads both the population and the share-online bindings, which is what such a
/// question is in any kit.
pub(crate) fn offline_population(kit: &Kit, plan: &Plan) -> Result<OfflinePopulation, Skipped> {
    let b = kit.bindings();
    let t = kit.terms();
    let skip = |reason: String| Skipped::new("offline-population", None, reason);
    let kit_skip = |reason: String| Skipped::kit("offline-population", None, reason);
    if let (Some(h), Some(s)) = (&b.population, &b.share_online) {
        let derived = kit.questions().map(|(_, q)| q).find(|q| {
            q.kind.is_numeric()
                && kit.default_expr(&q.id).is_some_and(|e| {
                    let ids = e.answers();
                    ids.contains(&h.as_str()) && ids.contains(&s.as_str())
                })
        });
        if let Some(q) = derived
            && let Some(n) = answers::answer(kit, plan, &q.id).and_then(|a| a.as_number())
            && n >= 0.0
        {
            return Ok(OfflinePopulation {
                count: n,
                basis: format!("the plan's answer to `{}`", q.id),
            });
        }
    }
    let Some(hq) = &b.population else {
        return Err(kit_skip(format!(
            "the kit asks no question for the number of {} (`bindings.population`)",
            t.population.plural
        )));
    };
    let Some(sq) = &b.share_online else {
        return Err(kit_skip(format!(
            "the kit asks no question for the share {} (`bindings.share-online`)",
            t.online
        )));
    };
    let number = |id: &str| answers::answer(kit, plan, id).and_then(|a| a.as_number());
    let Some(size) = number(hq).filter(|h| *h >= 0.0) else {
        return Err(skip(format!(
            "`{hq}` (the number of {}) is not answered",
            t.population.plural
        )));
    };
    let Some(share) = number(sq).filter(|s| (0.0..=100.0).contains(s)) else {
        return Err(skip(format!(
            "`{sq}` (the share {}) is not answered",
            t.online
        )));
    };
    Ok(OfflinePopulation {
        count: size * (100.0 - share) / 100.0,
        basis: format!(
            "{} × (100 − {}% {}) / 100, from `{hq}` and `{sq}`",
            count_of(size, &t.population),
            trim(share),
            t.online
        ),
    })
}

/// `4,150 homes`, `1 household`.
pub(crate) fn count_of(n: f64, noun: &crate::kit::Noun) -> String {
    format!(
        "{} {}",
        crate::text::group_thousands(whole(n)),
        noun.of(n.round())
    )
}

/// Compare reach with the offline population and cost per person.
pub(crate) fn compare(
    kit: &Kit,
    people: CountRange,
    estimate: bool,
    first_year: MoneyRange,
    offline: Result<OfflinePopulation, Skipped>,
    has_cards: bool,
    skipped: &mut Vec<Skipped>,
) -> Reach {
    let mut reach = Reach {
        people,
        estimate,
        ..Reach::default()
    };
    match offline {
        Ok(o) => {
            if o.count > 0.0 {
                #[allow(clippy::cast_precision_loss)]
                let share = PercentRange {
                    min: people.min as f64 / o.count * 100.0,
                    max: people.max as f64 / o.count * 100.0,
                };
                reach.share_of_offline = Some(share);
            } else {
                let t = kit.terms();
                skipped.push(Skipped::new(
                    "reach-share",
                    None,
                    format!(
                        "the answers put no {} {}, so reach has nothing to be a share of",
                        t.population.plural, t.offline
                    ),
                ));
            }
            reach.offline = Some(o);
        }
        Err(s) => skipped.push(s),
    }
    if !has_cards {
        skipped.push(Skipped::new(
            "cost-per-person",
            None,
            "no cards are chosen".to_owned(),
        ));
    } else if people.max == 0 {
        skipped.push(Skipped::new(
            "cost-per-person",
            None,
            format!("the chosen cards reach no {}", kit.terms().people.plural),
        ));
    } else {
        reach.cost_per_person = Some(cost_per_person(first_year, people));
    }
    reach
}

#[allow(clippy::cast_precision_loss)]
fn cost_per_person(cost: MoneyRange, people: CountRange) -> CostPerPerson {
    let min = cost.min / people.max as f64;
    let max = (people.min > 0).then(|| cost.max / people.min as f64);
    let text = match max {
        Some(max) => crate::text::money_range(min, max, cost.estimate),
        None => format!("{} or more", crate::text::money(min)),
    };
    CostPerPerson { min, max, text }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(v: f64) -> u64 {
    v.round().max(0.0) as u64
}

/// `55` or `55.5`.
pub(crate) fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}
