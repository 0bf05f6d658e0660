//! The planning game's scorer: a hand of cards against a scenario.
//!
//! As in the planning game the engine follows (Partnerships Online, 2003), a hand spends points
//! against the scenario's budget; cards the
//! scenario already runs cost nothing (and count in every hand, because they are running); players
//! may write their own cards on the spot, which cost the points agreed with the facilitator but
//! carry no pounds, reach, barriers or level, since nobody has worked those out yet. The reality
//! checks that need a plan's answers or measures do not apply to a hand and are listed as not
//! checked.

use serde::Serialize;

use super::Skipped;
use super::checks::{self, Budget, FiredCheck};
use super::costs::{self, CardCost};
use super::coverage::{self, Barriers, Levels};
use super::range::{CountRange, MoneyRange};
use super::reach::{self, OfflinePopulation, Reach};
use crate::kit::{Card, Kit, Scenario};

/// A card in a hand: one of the kit's, or one the players wrote.
#[derive(Debug, Clone)]
pub enum HandCard<'a> {
    /// A kit card.
    Kit(&'a Card),
    /// A card written on the spot, with the points agreed for it.
    Custom {
        /// Its title.
        title: String,
        /// Its cost in points.
        points: u32,
    },
}

/// One card of a scored hand.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HandLine {
    /// Kit card id; `None` for a card written on the spot.
    pub id: Option<String>,
    /// Title.
    pub title: String,
    /// Points it costs in this hand (0 when the scenario already runs it).
    pub points: u32,
    /// Whether the scenario already runs it.
    pub running_already: bool,
    /// Whether the players wrote it.
    pub custom: bool,
    /// Its cost and reach (kit cards only).
    pub cost: Option<CardCost>,
}

/// A hand's score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TeamScore {
    /// The cards, as played, then the scenario's running cards the hand did not list.
    pub cards: Vec<HandLine>,
    /// Points used.
    pub points_used: u32,
    /// Points the scenario allows.
    pub points_budget: u32,
    /// Set-up cost of the kit cards.
    pub setup: MoneyRange,
    /// Running cost a year of the kit cards.
    pub running: MoneyRange,
    /// First-year cost (set-up plus a year's running).
    pub first_year: MoneyRange,
    /// The scenario's budget in pounds a year.
    pub budget_money: f64,
    /// Titles of cards written on the spot, which have no pounds or reach.
    pub uncosted: Vec<String>,
    /// People reached a year against the scenario's offline population.
    pub reach: Reach,
    /// The scenario's barriers against those the hand addresses.
    pub barriers: Barriers,
    /// Levels covered.
    pub levels: Levels,
    /// Reality checks that fired.
    pub checks: Vec<FiredCheck>,
    /// Checks and figures that do not apply to a hand, and why.
    pub not_checked: Vec<Skipped>,
}

/// How much of a scenario's population is offline: population × (100 − share online) / 100.
pub fn offline_count(scenario: &Scenario) -> f64 {
    f64::from(scenario.population) * (100.0 - scenario.share_online) / 100.0
}

/// Score `hand` for `scenario`.
pub fn score_hand<'k>(kit: &'k Kit, scenario: &Scenario, hand: &[HandCard<'k>]) -> TeamScore {
    let mut lines = Vec::new();
    let mut in_play: Vec<&'k Card> = Vec::new();
    let mut costs = costs::Costs::default();
    let mut people = CountRange::default();
    let mut estimate = false;
    let mut uncosted = Vec::new();
    let mut points_used: u32 = 0;

    // The hand as played, then the scenario's running cards it did not list: they are part of
    // every hand.
    let mut played: Vec<Result<&'k Card, (&str, u32)>> = hand
        .iter()
        .map(|h| match h {
            HandCard::Kit(card) => Ok(*card),
            HandCard::Custom { title, points } => Err((title.as_str(), *points)),
        })
        .collect();
    for id in &scenario.existing_cards {
        if let Some(card) = kit.card(id)
            && !played.iter().any(|p| matches!(p, Ok(c) if c.id == card.id))
        {
            played.push(Ok(card));
        }
    }
    for p in played {
        match p {
            Ok(card) => {
                let existing = scenario.existing_cards.contains(&card.id);
                let line = if existing {
                    costs::running_already(kit, card)
                } else {
                    costs::card_cost(kit, card, None)
                };
                people = people.plus(line.reach);
                estimate |= line.reach_estimate;
                lines.push(HandLine {
                    id: Some(card.id.clone()),
                    title: card.title.clone(),
                    points: line.points,
                    running_already: existing,
                    custom: false,
                    cost: Some(line.clone()),
                });
                costs.push(line);
                in_play.push(card);
            }
            Err((title, points)) => {
                lines.push(HandLine {
                    id: None,
                    title: title.to_owned(),
                    points,
                    running_already: false,
                    custom: true,
                    cost: None,
                });
                uncosted.push(title.to_owned());
                points_used = points_used.saturating_add(points);
            }
        }
    }
    points_used = points_used.saturating_add(costs.points);

    let mut not_checked = Vec::new();
    let t = kit.terms();
    let offline = OfflinePopulation {
        count: offline_count(scenario),
        basis: format!(
            "{} × (100 − {}% {}) / 100, from the scenario",
            reach::count_of(f64::from(scenario.population), &t.population),
            reach::trim(scenario.share_online),
            t.online
        ),
    };
    let reach = reach::compare(
        kit,
        people,
        estimate,
        costs.first_year,
        Ok(offline),
        !in_play.is_empty(),
        &mut not_checked,
    );
    let (checks, skipped_checks) = checks::evaluate(
        kit,
        &checks::Input {
            cards: in_play.clone(),
            extra_points: points_used.saturating_sub(costs.points),
            setup: costs.setup,
            running: costs.running,
            budget: Budget::Points {
                used: points_used,
                budget: scenario.budget_points,
            },
            source: checks::Source::Game {
                barriers: &scenario.barriers,
                partners: &scenario.partners,
            },
        },
    );
    not_checked.extend(skipped_checks);

    TeamScore {
        points_used,
        points_budget: scenario.budget_points,
        setup: costs.setup,
        running: costs.running,
        first_year: costs.first_year,
        budget_money: scenario.budget_money,
        uncosted,
        reach,
        barriers: coverage::barriers(kit, &scenario.barriers, &in_play),
        levels: coverage::levels(kit, &in_play),
        checks,
        not_checked,
        cards: lines,
    }
}
