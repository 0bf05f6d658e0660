//! Cost of the chosen cards: set-up, a year's running, the first year (set-up plus one year's
//! running) and game points. A team's local cost replaces the card's range; otherwise the card's
//! range is used and an estimate stays marked as one.

use serde::Serialize;

use super::range::{CountRange, MoneyRange};
use crate::kit::{Card, Kit, VocabularyName};
use crate::plan::ChosenCard;

/// A card, by id and title, for lists in the analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardRef {
    /// Card id.
    pub id: String,
    /// Card title.
    pub title: String,
}

impl CardRef {
    pub(crate) fn of(card: &Card) -> Self {
        CardRef {
            id: card.id.clone(),
            title: card.title.clone(),
        }
    }
}

/// One chosen card's cost and reach.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CardCost {
    /// Card id.
    pub id: String,
    /// Card title.
    pub title: String,
    /// Level id.
    pub level: String,
    /// Level label.
    pub level_label: String,
    /// Game points (0 for a card already running in a game scenario).
    pub points: u32,
    /// Set-up cost.
    pub setup: MoneyRange,
    /// Running cost a year.
    pub running: MoneyRange,
    /// Set-up plus one year's running.
    pub first_year: MoneyRange,
    /// Whether `setup` is the team's own figure.
    pub local_setup: bool,
    /// Whether `running` is the team's own figure.
    pub local_running: bool,
    /// People reached a year.
    pub reach: CountRange,
    /// Whether the reach is an estimate no source gives.
    pub reach_estimate: bool,
    /// Who leads it (plans only).
    pub owner: Option<String>,
    /// When it starts (plans only).
    pub start: Option<String>,
}

/// Costs of all chosen cards.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Costs {
    /// One line per chosen card that the kit has, in the plan's order.
    pub cards: Vec<CardCost>,
    /// Total set-up cost.
    pub setup: MoneyRange,
    /// Total running cost a year.
    pub running: MoneyRange,
    /// Total first-year cost: set-up plus one year's running.
    pub first_year: MoneyRange,
    /// Total game points.
    pub points: u32,
    /// The budget a year the team gave (`bindings.budget`), if answered.
    pub budget: Option<f64>,
}

impl Costs {
    pub(crate) fn push(&mut self, line: CardCost) {
        self.setup = self.setup.plus(line.setup);
        self.running = self.running.plus(line.running);
        self.first_year = self.first_year.plus(line.first_year);
        self.points = self.points.saturating_add(line.points);
        self.cards.push(line);
    }
}

/// A usable local amount: finite and not negative. Anything else is ignored (and reported by
/// the caller) so that a typo cannot turn a cost into a saving.
pub(crate) fn usable(v: Option<f64>) -> Option<f64> {
    v.filter(|v| v.is_finite() && *v >= 0.0)
}

fn range(r: &crate::kit::CostRange) -> MoneyRange {
    MoneyRange {
        min: r.min,
        max: r.max,
        estimate: r.estimate,
    }
}

/// The cost line of `card`, with the team's local details when it has them.
pub(crate) fn card_cost(kit: &Kit, card: &Card, chosen: Option<&ChosenCard>) -> CardCost {
    let local_setup = usable(chosen.and_then(|c| c.cost));
    let local_running = usable(chosen.and_then(|c| c.running_cost));
    let setup = local_setup.map_or_else(|| range(&card.setup_cost), MoneyRange::exact);
    let running = local_running.map_or_else(|| range(&card.running_cost), MoneyRange::exact);
    CardCost {
        id: card.id.clone(),
        title: card.title.clone(),
        level: card.level.clone(),
        level_label: kit.label(VocabularyName::Levels, &card.level).to_owned(),
        points: u32::from(card.points),
        setup,
        running,
        first_year: setup.plus(running),
        local_setup: local_setup.is_some(),
        local_running: local_running.is_some(),
        reach: CountRange {
            min: u64::from(card.reach.min),
            max: u64::from(card.reach.max),
        },
        reach_estimate: card.reach.estimate,
        owner: chosen.and_then(|c| c.owner.clone()),
        start: chosen.and_then(|c| c.start.clone()),
    }
}

/// The line of a card that is already running in a game scenario: it costs nothing new.
pub(crate) fn running_already(kit: &Kit, card: &Card) -> CardCost {
    let mut line = card_cost(kit, card, None);
    line.points = 0;
    line.setup = MoneyRange::exact(0.0);
    line.running = MoneyRange::exact(0.0);
    line.first_year = MoneyRange::exact(0.0);
    line
}
