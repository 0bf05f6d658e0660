//! The rule language, checked.
//!
//! A kit writes conditions as [`Condition`](super::Condition) mappings (a question's `when`, a
//! reality check's `rule`); the validator checks each one and builds a [`Rule`], which names only
//! things that exist and tests that fit them: a question's comparison is on a number question, a
//! card filter's tags are carried by some card, a vocabulary is one the kit has. The engine's
//! shorthands (`kind: over-budget`, …) are expanded here into the language, so the analysis has one
//! evaluator for every check. The evaluation itself lives where the data is: answers in
//! [`crate::interview`], cards, measures and budgets in [`crate::analysis`].

use serde::{Deserialize, Serialize};

use super::model::{BudgetTest, Card, CostPart, Literal, MeasurePart, VocabularyName};

/// A checked condition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Every sub-rule holds.
    All(Vec<Rule>),
    /// At least one sub-rule holds.
    Any(Vec<Rule>),
    /// The sub-rule does not hold.
    Not(Box<Rule>),
    /// A test of one question's answer.
    Answer {
        /// The question.
        question: String,
        /// What is tested.
        test: AnswerTest,
    },
    /// How many chosen cards match.
    Cards {
        /// Which cards count.
        filter: CardSelect,
        /// What the count must be.
        count: Compare,
    },
    /// The game points of the chosen cards that match.
    Points {
        /// Which cards count.
        filter: CardSelect,
        /// What the sum must be.
        compare: Compare,
    },
    /// How many terms of a vocabulary the chosen cards carry.
    Covered {
        /// The vocabulary's name.
        vocabulary: String,
        /// What the count must be.
        count: Compare,
    },
    /// How many terms of a vocabulary no chosen card carries.
    NotCovered {
        /// The vocabulary's name.
        vocabulary: String,
        /// What the count must be.
        count: Compare,
    },
    /// Terms the plan names that no chosen card carries.
    NamedNotCovered {
        /// The vocabulary's name.
        vocabulary: String,
        /// The question whose answer names them; `None`: the binding (or the scenario's list).
        named_by: Option<String>,
        /// What the count must be.
        count: Compare,
    },
    /// Terms chosen cards carry that the plan does not name.
    CoveredNotNamed {
        /// The vocabulary's name.
        vocabulary: String,
        /// The question whose answer names them; `None`: the binding (or the scenario's list).
        named_by: Option<String>,
        /// What the count must be.
        count: Compare,
    },
    /// Chosen cards that build on cards not chosen, counted by what is missing.
    PrerequisitesMissing {
        /// Which chosen cards are looked at.
        filter: CardSelect,
        /// What the count must be.
        count: Compare,
    },
    /// How many of the plan's measures match.
    Measures {
        /// Which measures count.
        filter: MeasureSelect,
        /// What the count must be.
        count: Compare,
    },
    /// The chosen cards' cost, a range of pounds.
    Cost {
        /// Which cost.
        part: CostPart,
        /// How it compares.
        compare: Compare,
    },
    /// The chosen cards against the budget.
    Budget(BudgetTest),
}

/// What is tested of an answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerTest {
    /// The question is (true) or is not (false) answered.
    Answered(bool),
    /// The answer equals the value (a multi-choice answer contains it); a yes-no question's
    /// `yes`/`no` is a [`Literal::Bool`] here.
    Equals(Literal),
    /// The answer is one of the values (a multi-choice answer contains one of them).
    OneOf(Vec<String>),
    /// A number answer, or the number of items of a list or multi-choice answer, compares so.
    Compare(Compare),
}

/// Comparisons a number must pass: every bound given.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Compare {
    /// At least this.
    pub at_least: Option<f64>,
    /// At most this.
    pub at_most: Option<f64>,
    /// More than this.
    pub above: Option<f64>,
    /// Less than this.
    pub below: Option<f64>,
    /// Exactly this.
    pub equals: Option<f64>,
}

impl Compare {
    /// "At least one": what a count means with no comparison written.
    pub fn some() -> Compare {
        Compare {
            at_least: Some(1.0),
            ..Compare::default()
        }
    }

    /// Exactly `n`.
    pub fn exactly(n: f64) -> Compare {
        Compare {
            equals: Some(n),
            ..Compare::default()
        }
    }

    /// Whether no bound is given.
    pub fn is_empty(&self) -> bool {
        *self == Compare::default()
    }

    /// Whether `n` passes every bound.
    pub fn holds(&self, n: f64) -> bool {
        self.at_least.is_none_or(|b| n >= b)
            && self.at_most.is_none_or(|b| n <= b)
            && self.above.is_none_or(|b| n > b)
            && self.below.is_none_or(|b| n < b)
            && self.equals.is_none_or(|b| (n - b).abs() < 1e-9)
    }

    /// Whether a range passes: it is above a number when its high end is, below it when its low
    /// end is, and equal to it when it contains it (a range that could be over the budget is a
    /// prompt for discussion, as the over-budget check has always been).
    pub fn holds_range(&self, min: f64, max: f64) -> bool {
        self.at_least.is_none_or(|b| max >= b)
            && self.at_most.is_none_or(|b| min <= b)
            && self.above.is_none_or(|b| max > b)
            && self.below.is_none_or(|b| min < b)
            && self.equals.is_none_or(|b| min <= b && b <= max)
    }

    /// Whether no number can pass (`at-least: 5, at-most: 2`).
    pub fn impossible(&self) -> bool {
        let low = [self.at_least, self.above, self.equals]
            .into_iter()
            .flatten()
            .fold(f64::NEG_INFINITY, f64::max);
        let high = [self.at_most, self.below, self.equals]
            .into_iter()
            .flatten()
            .fold(f64::INFINITY, f64::min);
        let strict_low = self.above.is_some_and(|a| a >= low);
        let strict_high = self.below.is_some_and(|b| b <= high);
        low > high || (low == high && (strict_low || strict_high))
    }
}

/// Which chosen cards count. Every non-empty field must match; a field matches when any of its
/// ids does.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct CardSelect {
    /// Card ids.
    pub card: Vec<String>,
    /// Tags.
    pub tag: Vec<String>,
    /// Level ids.
    pub level: Vec<String>,
    /// Barrier ids.
    pub barrier: Vec<String>,
    /// Partner ids.
    pub partner: Vec<String>,
    /// Component ids.
    pub component: Vec<String>,
    /// Terms of the kit's own vocabularies, by vocabulary name.
    pub vocabularies: Vec<(String, Vec<String>)>,
}

impl CardSelect {
    /// Every card.
    pub fn all() -> CardSelect {
        CardSelect::default()
    }

    /// Only cards tagged `tag`.
    pub fn tagged(tag: &str) -> CardSelect {
        CardSelect {
            tag: vec![tag.to_owned()],
            ..CardSelect::default()
        }
    }

    /// Whether it selects every card.
    pub fn is_all(&self) -> bool {
        *self == CardSelect::default()
    }

    /// Whether `card` is selected.
    pub fn matches(&self, card: &Card) -> bool {
        let any = |want: &[String], have: &[String]| {
            want.is_empty() || want.iter().any(|w| have.contains(w))
        };
        (self.card.is_empty() || self.card.contains(&card.id))
            && any(&self.tag, &card.tags)
            && (self.level.is_empty() || self.level.contains(&card.level))
            && any(&self.barrier, &card.barriers)
            && any(&self.partner, &card.partners)
            && any(&self.component, &card.components)
            && self.vocabularies.iter().all(|(v, terms)| {
                card.vocabularies
                    .get(v)
                    .is_some_and(|have| terms.iter().any(|t| have.contains(t)))
            })
    }
}

/// Which of the plan's measures count.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct MeasureSelect {
    /// Measure ids (empty: any).
    pub measure: Vec<String>,
    /// What each must have.
    pub with: Vec<MeasurePart>,
    /// What none may have.
    pub without: Vec<MeasurePart>,
}

impl MeasureSelect {
    /// Every measure.
    pub fn all() -> MeasureSelect {
        MeasureSelect::default()
    }

    /// Measures with a baseline.
    pub fn with(part: MeasurePart) -> MeasureSelect {
        MeasureSelect {
            with: vec![part],
            ..MeasureSelect::default()
        }
    }

    /// Whether it selects every measure.
    pub fn is_all(&self) -> bool {
        *self == MeasureSelect::default()
    }
}

/// The terms of vocabulary `name` that `card` carries: its level, its barriers, its partners, or
/// its terms of one of the kit's own vocabularies. Cards carry no channels.
pub fn card_terms<'c>(card: &'c Card, name: &str) -> Vec<&'c str> {
    match VocabularyName::from_name(name) {
        Some(VocabularyName::Levels) => vec![card.level.as_str()],
        Some(VocabularyName::Barriers) => card.barriers.iter().map(String::as_str).collect(),
        Some(VocabularyName::Partners) => card.partners.iter().map(String::as_str).collect(),
        Some(VocabularyName::Channels) => Vec::new(),
        None => card
            .vocabularies
            .get(name)
            .map(|t| t.iter().map(String::as_str).collect())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons() {
        let c = Compare {
            above: Some(2.0),
            at_most: Some(5.0),
            ..Compare::default()
        };
        assert!(!c.holds(2.0));
        assert!(c.holds(2.5));
        assert!(c.holds(5.0));
        assert!(!c.holds(5.1));
        assert!(Compare::some().holds(1.0));
        assert!(!Compare::some().holds(0.0));
        // A range is above when its high end is, below when its low end is.
        let over = Compare {
            above: Some(20_000.0),
            ..Compare::default()
        };
        assert!(over.holds_range(13_500.0, 23_500.0));
        assert!(!over.holds_range(13_500.0, 20_000.0));
        let under = Compare {
            below: Some(15_000.0),
            ..Compare::default()
        };
        assert!(under.holds_range(13_500.0, 23_500.0));
        assert!(Compare::exactly(1.0).holds(1.0));
    }

    #[test]
    fn impossible_comparisons_are_found() {
        let c = |at_least, at_most, above, below| Compare {
            at_least,
            at_most,
            above,
            below,
            equals: None,
        };
        assert!(c(Some(5.0), Some(2.0), None, None).impossible());
        assert!(c(None, None, Some(3.0), Some(3.0)).impossible());
        assert!(c(Some(3.0), None, None, Some(3.0)).impossible());
        assert!(!c(Some(3.0), Some(3.0), None, None).impossible());
        assert!(!c(None, None, Some(1.0), Some(3.0)).impossible());
    }
}
