//! Reality checks: the kit says which rules to run, with their title, explanation and severity;
//! this module knows what each kind of rule looks at. The same evaluator serves a plan and a
//! game hand: a hand has no answers and no measures, so the rules that need them are reported as
//! not checked rather than passed.

use serde::Serialize;

use super::range::MoneyRange;
use super::{Cause, Skipped};
use crate::kit::{Card, Kit, RealityCheck, Rule, Severity, VocabularyName};
use crate::plan::{Answer, PlanMeasure};
use crate::text::money;

/// A reality check that fired, with the facts that made it fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredCheck {
    /// Check id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Why it matters and what to do (Markdown).
    pub explanation: String,
    /// How serious it is.
    pub severity: Severity,
    /// Title of the source the check comes from.
    pub source: String,
    /// The specifics: which card, barrier, partner, answer.
    pub facts: Vec<Fact>,
}

/// One specific reason a check fired.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Fact {
    /// The fact in words.
    pub text: String,
    /// The card concerned, by id.
    pub card: Option<String>,
    /// The barrier concerned, by id.
    pub barrier: Option<String>,
    /// The partner concerned, by id.
    pub partner: Option<String>,
}

impl Fact {
    fn text(text: String) -> Self {
        Fact {
            text,
            ..Fact::default()
        }
    }
}

/// What a budget is compared with.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Budget {
    /// A plan: first-year cost in pounds against the budget answer.
    Money {
        /// Set-up cost.
        setup: MoneyRange,
        /// Running cost a year.
        running: MoneyRange,
        /// The budget a year, if answered.
        budget: Option<f64>,
    },
    /// The game: points against the scenario's points.
    Points {
        /// Points the hand uses.
        used: u32,
        /// Points the scenario allows.
        budget: u32,
    },
}

/// Looks up the answer to a question id (applicable and given).
pub(crate) type AnswerFn<'a> = dyn Fn(&str) -> Option<&'a Answer> + 'a;

/// Everything the rules look at.
pub(crate) struct Input<'a> {
    /// Kit cards in play (chosen, or held plus already running).
    pub cards: Vec<&'a Card>,
    /// Answers by question id; `None` in the game.
    pub answer: Option<&'a AnswerFn<'a>>,
    /// The plan's measures; `None` in the game.
    pub measures: Option<&'a [PlanMeasure]>,
    /// The budget comparison.
    pub budget: Budget,
    /// Barriers named, or why they are not known.
    pub barriers: Result<Vec<String>, Skipped>,
    /// Partners available, or why they are not known.
    pub partners: Result<Vec<String>, Skipped>,
    /// How facts name the whole: "the plan" or "the scenario".
    pub whole: &'static str,
}

/// Run every reality check of the kit against `input`.
pub(crate) fn evaluate(kit: &Kit, input: &Input<'_>) -> (Vec<FiredCheck>, Vec<Skipped>) {
    let mut fired = Vec::new();
    let mut skipped = Vec::new();
    for check in kit.reality_checks() {
        match facts(kit, check, input) {
            Outcome::Fired(facts) => fired.push(FiredCheck {
                id: check.id.clone(),
                title: check.title.clone(),
                explanation: check.explanation.clone(),
                severity: check.severity,
                source: kit
                    .source(&check.source)
                    .map_or_else(|| check.source.clone(), |s| s.title.clone()),
                facts,
            }),
            Outcome::Passed => {}
            Outcome::NotChecked(reason, cause) => skipped.push(Skipped {
                cause,
                ..Skipped::new("reality-check", Some(check.id.clone()), reason)
            }),
        }
    }
    (fired, skipped)
}

enum Outcome {
    Fired(Vec<Fact>),
    Passed,
    NotChecked(String, Cause),
}

fn fired_if(facts: Vec<Fact>) -> Outcome {
    if facts.is_empty() {
        Outcome::Passed
    } else {
        Outcome::Fired(facts)
    }
}

fn card_name(c: &Card) -> String {
    format!("‘{}’", c.title)
}

fn facts(kit: &Kit, check: &RealityCheck, input: &Input<'_>) -> Outcome {
    let cards = &input.cards;
    match &check.rule {
        Rule::AnswerWithoutCard {
            question,
            values,
            tag,
        } => {
            let Some(answer) = input.answer else {
                return Outcome::NotChecked(
                    "needs a plan's answers; a game hand has none".to_owned(),
                    Cause::Game,
                );
            };
            let Some(a) = answer(question) else {
                return Outcome::NotChecked(format!("`{question}` is not answered"), Cause::Plan);
            };
            let given: Vec<&String> = match a {
                Answer::Text(t) => values.iter().filter(|v| *v == t).collect(),
                Answer::List(l) => values.iter().filter(|v| l.contains(v)).collect(),
                _ => Vec::new(),
            };
            if given.is_empty() || cards.iter().any(|c| c.tags.contains(tag)) {
                return Outcome::Passed;
            }
            let label = |v: &str| {
                kit.question(question)
                    .and_then(|q| kit.choices(q).into_iter().find(|c| c.value == v))
                    .map_or_else(|| v.to_owned(), |c| c.label)
            };
            let shown: Vec<String> = given.iter().map(|v| label(v)).collect();
            Outcome::Fired(vec![Fact::text(format!(
                "`{question}` is answered ‘{}’, and no chosen card is tagged `{tag}`",
                shown.join("’, ‘")
            ))])
        }
        Rule::NoMeasures => match input.measures {
            None => Outcome::NotChecked(
                "needs a plan's measures; a game hand has none".to_owned(),
                Cause::Game,
            ),
            Some([]) => Outcome::Fired(vec![Fact::text(format!(
                "{} tracks no measures",
                input.whole
            ))]),
            Some(_) => Outcome::Passed,
        },
        Rule::NoMeasureBaseline => match input.measures {
            None => Outcome::NotChecked(
                "needs a plan's measures; a game hand has none".to_owned(),
                Cause::Game,
            ),
            Some([]) => Outcome::Passed,
            Some(ms) if ms.iter().any(|m| m.baseline.is_some()) => Outcome::Passed,
            Some(ms) => Outcome::Fired(vec![Fact::text(format!(
                "{} measure{} chosen, none with a baseline: {}",
                ms.len(),
                if ms.len() == 1 { "" } else { "s" },
                ms.iter()
                    .map(|m| format!("`{}`", m.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))]),
        },
        Rule::SingleLevel => {
            let mut levels: Vec<&str> = cards.iter().map(|c| c.level.as_str()).collect();
            levels.sort_unstable();
            levels.dedup();
            // With one level in the kit there is nothing else to choose.
            if levels.len() != 1 || kit.vocabulary(VocabularyName::Levels).len() < 2 {
                return Outcome::Passed;
            }
            Outcome::Fired(vec![Fact::text(format!(
                "all {} chosen card{} {} at one {}: {}",
                cards.len(),
                if cards.len() == 1 { "" } else { "s" },
                if cards.len() == 1 { "is" } else { "are" },
                kit.terms().level.singular,
                kit.label(VocabularyName::Levels, levels[0])
            ))])
        }
        Rule::OverBudget => match input.budget {
            Budget::Points { used, budget } => fired_if(if used > budget {
                vec![Fact::text(format!(
                    "the cards use {used} points of a budget of {budget}"
                ))]
            } else {
                Vec::new()
            }),
            Budget::Money {
                setup,
                running,
                budget,
            } => {
                let Some(budget) = budget else {
                    let term = &kit.terms().budget;
                    return match &kit.bindings().budget {
                        Some(_) => {
                            Outcome::NotChecked(format!("the {term} is not answered"), Cause::Plan)
                        }
                        None => Outcome::NotChecked(
                            format!("the kit asks no question for the {term} (`bindings.budget`)"),
                            Cause::Kit,
                        ),
                    };
                };
                let first = setup.plus(running);
                // A range over the budget only at its high end still fires: a reality check is
                // a prompt for discussion, and the fact says which end is over.
                if first.max <= budget {
                    return Outcome::Passed;
                }
                let which = if first.min > budget {
                    "over even at the low end"
                } else {
                    "within budget at the low end, over at the high end"
                };
                Outcome::Fired(vec![Fact::text(format!(
                    "first-year cost {} (set-up {} plus a year's running {}) against the {} of {} a year: {which}",
                    first.text(),
                    setup.text(),
                    running.text(),
                    kit.terms().budget,
                    money(budget)
                ))])
            }
        },
        Rule::MissingPartner => {
            let named = match &input.partners {
                Ok(p) => p,
                Err(why) => return Outcome::NotChecked(why.reason.clone(), why.cause),
            };
            let mut facts = Vec::new();
            for c in cards {
                for p in c.partners.iter().filter(|p| !named.contains(p)) {
                    facts.push(Fact {
                        text: format!(
                            "{} needs {}, which {} does not name",
                            card_name(c),
                            kit.label(VocabularyName::Partners, p),
                            input.whole
                        ),
                        card: Some(c.id.clone()),
                        partner: Some(p.clone()),
                        ..Fact::default()
                    });
                }
            }
            dedup(&mut facts);
            fired_if(facts)
        }
        Rule::BarrierUnaddressed => {
            let named = match &input.barriers {
                Ok(b) => b,
                Err(why) => return Outcome::NotChecked(why.reason.clone(), why.cause),
            };
            let facts = named
                .iter()
                .filter(|b| !cards.iter().any(|c| c.barriers.contains(b)))
                .map(|b| Fact {
                    text: format!(
                        "{} is named but no chosen card addresses it",
                        kit.label(VocabularyName::Barriers, b)
                    ),
                    barrier: Some(b.clone()),
                    ..Fact::default()
                })
                .collect();
            fired_if(facts)
        }
        Rule::MissingPrerequisite => {
            let mut facts = Vec::new();
            for c in cards {
                for pre in c
                    .builds_on
                    .iter()
                    .filter(|p| !cards.iter().any(|x| &x.id == *p))
                {
                    let title = kit.card(pre).map_or_else(|| format!("`{pre}`"), card_name);
                    facts.push(Fact {
                        text: format!("{} builds on {title}, which is not chosen", card_name(c)),
                        card: Some(c.id.clone()),
                        ..Fact::default()
                    });
                }
            }
            dedup(&mut facts);
            fired_if(facts)
        }
    }
}

/// A card chosen twice should not say the same thing twice.
fn dedup(facts: &mut Vec<Fact>) {
    let mut seen = Vec::new();
    facts.retain(|f| {
        if seen.contains(&f.text) {
            false
        } else {
            seen.push(f.text.clone());
            true
        }
    });
}
