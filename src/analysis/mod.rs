//! The analysis: figures and warnings derived from a kit and a plan, for a team to argue about.
//!
//! [`analyse`] turns (kit, plan) into an [`Analysis`]: costs of the chosen cards as ranges, people
//! reached against the offline population, cost per person, barriers named against barriers
//! addressed, levels covered, the kit's reality checks, channel-shift savings with their sources,
//! and measures against their targets. [`score_hand`] does the same for a hand of cards in the
//! planning game. Both are pure: no files, no terminal, no clock, so every figure can be checked
//! against a hand calculation (docs/analysis.md shows how each is computed).
//!
//! Nothing is dropped silently. A step that needs an answer the team has not given, or a binding
//! the kit does not have, is recorded in [`Analysis::skipped`] with the reason, and documents and
//! `thinkkit status` show it. The content (check titles, explanations, figures) is kit data; this
//! module only knows what each kind of rule looks at.

pub mod answers;
mod channel_shift;
mod checks;
pub mod compare;
mod costs;
mod coverage;
mod game;
pub mod measures;
mod range;
mod reach;

use serde::Serialize;

pub use answers::{Progress, applies, progress};
pub use channel_shift::{ChannelLine, ChannelShiftAnalysis, ServiceSaving, UnitCostSource};
pub use checks::{Fact, FiredCheck};
pub(crate) use costs::card_cost;
pub use costs::{CardCost, CardRef, Costs};
pub use coverage::{BarrierLine, Barriers, LevelLine, Levels};
pub use game::{HandCard, HandLine, TeamScore, offline_count, score_hand};
pub use measures::{MeasureProgress, Status, Trend, TrendDirection};
pub use range::{CountRange, MoneyRange, PercentRange};
pub use reach::{CostPerPerson, OfflinePopulation, Reach};

use crate::kit::{Card, Kit};
use crate::plan::Plan;

/// Everything the analysis says about a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// Questions answered and open, per component.
    pub progress: Progress,
    /// Cost of the chosen cards.
    pub costs: Costs,
    /// People reached against the offline population.
    pub reach: Reach,
    /// Barriers named against barriers addressed; `None` when the team has not named any.
    pub barriers: Option<Barriers>,
    /// Levels covered.
    pub levels: Levels,
    /// Reality checks that fired, in kit order.
    pub checks: Vec<FiredCheck>,
    /// Channel-shift savings.
    pub channel_shift: ChannelShiftAnalysis,
    /// Measures, in the plan's order.
    pub measures: Vec<MeasureProgress>,
    /// Steps that could not be worked out, and why.
    pub skipped: Vec<Skipped>,
    /// The kit's reference figures the plan relies on, in kit order, each with what uses it.
    pub figures: Vec<FigureUse>,
}

/// A reference figure the plan relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureUse {
    /// The figure's id.
    pub id: String,
    /// What relies on it.
    pub used_by: Vec<FigureUser>,
}

/// What relies on a figure: a component (every component is in the strategy), a chosen card, a
/// reality check that fired, or the channel-shift savings (the kit's unit costs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "id", rename_all = "kebab-case")]
pub enum FigureUser {
    /// A component, by id.
    Component(String),
    /// A chosen card, by id.
    Card(String),
    /// A reality check that fired, by id.
    Check(String),
    /// The channel-shift savings.
    ChannelShift,
}

/// The figures the plan relies on: cited by its components, its chosen cards and the checks
/// that fired, and the unit costs its channel shift used.
fn figures_used(
    kit: &Kit,
    cards: &[&Card],
    checks: &[FiredCheck],
    shift: &ChannelShiftAnalysis,
) -> Vec<FigureUse> {
    let mut uses: Vec<(String, FigureUser)> = Vec::new();
    for c in kit.components() {
        uses.extend(
            c.figures
                .iter()
                .map(|f| (f.clone(), FigureUser::Component(c.id.clone()))),
        );
    }
    for c in cards {
        uses.extend(
            c.figures
                .iter()
                .map(|f| (f.clone(), FigureUser::Card(c.id.clone()))),
        );
    }
    for fired in checks {
        if let Some(check) = kit.reality_checks().iter().find(|c| c.id == fired.id) {
            uses.extend(
                check
                    .figures
                    .iter()
                    .map(|f| (f.clone(), FigureUser::Check(check.id.clone()))),
            );
        }
    }
    for s in &shift.sources {
        if let UnitCostSource::Kit { figure, .. } = s {
            uses.push((figure.clone(), FigureUser::ChannelShift));
        }
    }
    kit.figures()
        .iter()
        .filter_map(|f| {
            let mut used_by: Vec<FigureUser> = Vec::new();
            for (_, u) in uses.iter().filter(|(id, _)| *id == f.id) {
                if !used_by.contains(u) {
                    used_by.push(u.clone());
                }
            }
            (!used_by.is_empty()).then(|| FigureUse {
                id: f.id.clone(),
                used_by,
            })
        })
        .collect()
}

/// A step of the analysis that could not be worked out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Which step: `offline-population`, `reach-share`, `cost-per-person`, `budget`,
    /// `barriers`, `card`, `reality-check`, `channel-shift`, `measure-status`.
    pub step: String,
    /// What it concerns (a check, card, service or measure id), when it is one of several.
    pub subject: Option<String>,
    /// Why, in words.
    pub reason: String,
    /// Whose gap it is: the kit's (it does not provide what the step needs, so no answer can
    /// fill it) or the plan's (an answer or a figure the team has not given yet).
    pub cause: Cause,
}

/// Why a step of the analysis is not worked out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    /// The kit does not provide it (no binding, no figure): the plan cannot give it.
    Kit,
    /// The plan does not give it yet (an unanswered question, a missing figure).
    Plan,
    /// A game hand has no answers or measures to give it.
    Game,
}

impl Skipped {
    /// A gap in the plan.
    pub(crate) fn new(step: &str, subject: Option<String>, reason: String) -> Self {
        Skipped {
            step: step.to_owned(),
            subject,
            reason,
            cause: Cause::Plan,
        }
    }

    /// A gap in the kit.
    pub(crate) fn kit(step: &str, subject: Option<String>, reason: String) -> Self {
        Skipped {
            cause: Cause::Kit,
            ..Skipped::new(step, subject, reason)
        }
    }
}

/// Analyse `plan` with `kit`.
pub fn analyse(kit: &Kit, plan: &Plan) -> Analysis {
    let mut skipped = Vec::new();
    let b = kit.bindings();
    let number = |id: &Option<String>| {
        id.as_deref()
            .and_then(|id| answers::answer(kit, plan, id))
            .and_then(|a| a.as_number())
    };

    // Costs.
    let mut costs = Costs::default();
    let mut cards: Vec<&Card> = Vec::new();
    let mut reach_estimate = false;
    let mut people = CountRange::default();
    for chosen in &plan.cards {
        let Some(card) = kit.card(&chosen.id) else {
            skipped.push(Skipped::new(
                "card",
                Some(chosen.id.clone()),
                format!(
                    "card `{}` is not in this kit, so it is not costed",
                    chosen.id
                ),
            ));
            continue;
        };
        for (field, v) in [("cost", chosen.cost), ("running-cost", chosen.running_cost)] {
            if v.is_some() && costs::usable(v).is_none() {
                skipped.push(Skipped::new(
                    "card",
                    Some(chosen.id.clone()),
                    format!(
                        "the local `{field}` of `{}` is not an amount of £0 or more; the card's range is used",
                        chosen.id
                    ),
                ));
            }
        }
        let line = costs::card_cost(kit, card, Some(chosen));
        people = people.plus(line.reach);
        reach_estimate |= line.reach_estimate;
        costs.push(line);
        cards.push(card);
    }
    costs.budget = number(&b.budget).filter(|v| *v >= 0.0);
    if costs.budget.is_none() {
        let budget = &kit.terms().budget;
        skipped.push(match &b.budget {
            Some(q) => Skipped::new(
                "budget",
                None,
                format!("`{q}` (the {budget}) is not answered"),
            ),
            None => Skipped::kit(
                "budget",
                None,
                format!("the kit asks no question for the {budget} (`bindings.budget`)"),
            ),
        });
    }

    // Reach.
    let reach = reach::compare(
        kit,
        people,
        reach_estimate,
        costs.first_year,
        reach::offline_population(kit, plan),
        !cards.is_empty(),
        &mut skipped,
    );

    // Barriers and partners the team named.
    let t = kit.terms();
    let list =
        |binding: &Option<String>, what: &str, field: &str| -> Result<Vec<String>, Skipped> {
            let Some(q) = binding else {
                return Err(Skipped::kit(
                    field,
                    None,
                    format!("the kit asks no question that names the {what} (`bindings.{field}`)"),
                ));
            };
            match answers::answer(kit, plan, q) {
                Some(a) => Ok(a.as_list().map(<[String]>::to_vec).unwrap_or_default()),
                None => Err(Skipped::new(
                    field,
                    None,
                    format!("`{q}` (the {what}) is not answered"),
                )),
            }
        };
    let named_barriers = list(&b.barriers, &t.barrier.plural, "barriers");
    let barriers = match &named_barriers {
        Ok(named) => Some(coverage::barriers(kit, named, &cards)),
        Err(why) => {
            skipped.push(why.clone());
            None
        }
    };
    let levels = coverage::levels(kit, &cards);

    // Reality checks.
    let answer = |id: &str| answers::answer(kit, plan, id);
    let (checks, not_checked) = checks::evaluate(
        kit,
        &checks::Input {
            cards: cards.clone(),
            extra_points: 0,
            setup: costs.setup,
            running: costs.running,
            budget: checks::Budget::Money {
                budget: costs.budget,
            },
            source: checks::Source::Plan {
                answer: &answer,
                measures: &plan.measures,
            },
        },
    );
    skipped.extend(not_checked);

    let channel_shift =
        channel_shift::analyse(kit, &plan.answers, &plan.channel_shift, &mut skipped);
    let measures = measures::analyse(kit, &plan.measures, &mut skipped);
    let figures = figures_used(kit, &cards, &checks, &channel_shift);

    Analysis {
        progress: progress(kit, plan),
        costs,
        reach,
        barriers,
        levels,
        checks,
        channel_shift,
        measures,
        skipped,
        figures,
    }
}
