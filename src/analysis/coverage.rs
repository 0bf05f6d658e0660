//! Which barriers and levels the chosen cards cover.

use serde::Serialize;

use super::costs::CardRef;
use crate::kit::{Card, Kit, VocabularyName};

/// Barriers named (by the team, or by a game scenario) against barriers the cards address.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Barriers {
    /// The named barriers, in vocabulary order, each with the cards that address it.
    pub named: Vec<BarrierLine>,
    /// How many named barriers at least one card addresses.
    pub addressed: usize,
    /// Barriers the cards address that were not named.
    pub others: Vec<BarrierLine>,
}

/// A barrier and the cards that address it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarrierLine {
    /// Barrier id.
    pub id: String,
    /// Barrier label.
    pub label: String,
    /// Cards that address it (empty: unaddressed).
    pub addressed_by: Vec<CardRef>,
}

/// The kit's levels, each with the cards at it.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Levels {
    /// One line per level of the kit's vocabulary, in order.
    pub lines: Vec<LevelLine>,
    /// Levels with at least one card.
    pub covered: usize,
    /// Levels in the kit.
    pub total: usize,
}

/// A level and its cards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelLine {
    /// Level id.
    pub id: String,
    /// Level label.
    pub label: String,
    /// Cards at this level.
    pub cards: Vec<CardRef>,
}

fn addressing(cards: &[&Card], barrier: &str) -> Vec<CardRef> {
    let mut out: Vec<CardRef> = Vec::new();
    for c in cards {
        if c.barriers.iter().any(|b| b == barrier) && !out.iter().any(|r| r.id == c.id) {
            out.push(CardRef::of(c));
        }
    }
    out
}

/// Barriers `named` against those `cards` address. Names the vocabulary does not have are kept
/// (labelled by their id) so that nothing the team wrote disappears.
pub(crate) fn barriers(kit: &Kit, named: &[String], cards: &[&Card]) -> Barriers {
    let vocab = kit.vocabulary(VocabularyName::Barriers);
    let mut order: Vec<&str> = vocab
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| named.iter().any(|n| n == id))
        .collect();
    for n in named {
        if !order.contains(&n.as_str()) {
            order.push(n);
        }
    }
    let line = |id: &str| BarrierLine {
        id: id.to_owned(),
        label: kit.label(VocabularyName::Barriers, id).to_owned(),
        addressed_by: addressing(cards, id),
    };
    let named_lines: Vec<BarrierLine> = order.iter().map(|id| line(id)).collect();
    let others = vocab
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| !order.contains(id))
        .map(line)
        .filter(|l| !l.addressed_by.is_empty())
        .collect();
    Barriers {
        addressed: named_lines
            .iter()
            .filter(|l| !l.addressed_by.is_empty())
            .count(),
        named: named_lines,
        others,
    }
}

/// The kit's levels with the cards at each.
pub(crate) fn levels(kit: &Kit, cards: &[&Card]) -> Levels {
    let lines: Vec<LevelLine> = kit
        .vocabulary(VocabularyName::Levels)
        .iter()
        .map(|t| {
            let mut at: Vec<CardRef> = Vec::new();
            for c in cards.iter().filter(|c| c.level == t.id) {
                if !at.iter().any(|r| r.id == c.id) {
                    at.push(CardRef::of(c));
                }
            }
            LevelLine {
                id: t.id.clone(),
                label: t.label.clone(),
                cards: at,
            }
        })
        .collect();
    Levels {
        covered: lines.iter().filter(|l| !l.cards.is_empty()).count(),
        total: lines.len(),
        lines,
    }
}
