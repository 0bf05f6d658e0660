//! Validated edits to a plan: the one place where answers, "to decide", skips, accepted
//! suggestions, chosen cards and their details, measures and channel-shift figures are changed.
//!
//! The workshop and the non-interactive commands (`answer`, `cards choose | drop`, `measure add`,
//! `shift set`) are front ends over these functions, so a value the workshop refuses is refused
//! by the command with the same words, and the other way round. Each function is pure (a kit, a
//! plan in memory and, where a date matters, today's date; no files, no terminal, no clock) and
//! checks everything before it changes anything: on an error the plan is exactly as it was.
//!
//! Errors are [`Problem`]s: which input is wrong ([`Field`], so a prompt can show the message
//! under the right field and a command can name its flag), what is wrong and what would be
//! accepted. Functions that take several inputs at once return every problem ([`Refused`]), so
//! a script is told everything in one run. Functions that take one typed value ([`cards::month`],
//! [`cards::pounds`], [`shift::mix`], [`measures::value`], …) are there for a front end to check
//! each field as it is typed.
//!
//! Every edit that changes answers ends by bringing accepted computed values up to date with
//! their inputs ([`crate::interview::Interview::follow_inputs`]), and reports what followed.

pub mod answers;
pub mod cards;
pub mod measures;
pub mod shift;

use std::fmt;

use crate::kit::diagnostic::{suggest, unknown_help};

/// Which input of an edit a [`Problem`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// A question id.
    Question,
    /// The answer given to a question.
    Answer,
    /// A project card id.
    Card,
    /// Who leads an activity, or who will bring a decision.
    Owner,
    /// When an activity starts (`YYYY-MM`).
    Start,
    /// A card's local set-up cost.
    SetupCost,
    /// A card's local running cost a year.
    RunningCost,
    /// Notes on a card, or the note of a question to decide.
    Notes,
    /// A measure id.
    Measure,
    /// A measure's baseline value.
    Baseline,
    /// When the baseline was measured.
    BaselineDate,
    /// A measure's target value.
    Target,
    /// When the target should be reached.
    TargetDate,
    /// A channel-shift service.
    Service,
    /// A service's transactions a year.
    PerYear,
    /// A service's channel mix now.
    Now,
    /// A service's channel mix aimed for.
    Aim,
    /// The plan's own unit costs by channel.
    UnitCost,
    /// Where the plan's unit costs come from.
    UnitCostSource,
}

impl Field {
    /// The field in words, for a prompt: `start month`, `set-up cost`, `channel mix now`.
    pub fn name(self) -> &'static str {
        match self {
            Field::Question => "question",
            Field::Answer => "answer",
            Field::Card => "card",
            Field::Owner => "owner",
            Field::Start => "start month",
            Field::SetupCost => "set-up cost",
            Field::RunningCost => "running cost a year",
            Field::Notes => "notes",
            Field::Measure => "measure",
            Field::Baseline => "baseline",
            Field::BaselineDate => "baseline date",
            Field::Target => "target",
            Field::TargetDate => "target date",
            Field::Service => "service",
            Field::PerYear => "transactions a year",
            Field::Now => "channel mix now",
            Field::Aim => "channel mix aimed for",
            Field::UnitCost => "unit costs",
            Field::UnitCostSource => "source of the unit costs",
        }
    }
}

/// Why an edit is refused: which input, what is wrong, and what would be accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The input that is wrong.
    pub field: Field,
    /// What is wrong: short, lowercase, values in backticks. It does not name the field, so a
    /// prompt can show it under the field and a command can put its flag in front.
    pub message: String,
    /// What would be accepted, when that helps.
    pub help: Option<String>,
}

impl Problem {
    pub(crate) fn new(field: Field, message: impl Into<String>) -> Self {
        Problem {
            field,
            message: message.into(),
            help: None,
        }
    }

    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// An answer the interview refused, as a problem with `field`.
    pub(crate) fn from_invalid(field: Field, e: crate::interview::InvalidAnswer) -> Self {
        Problem {
            field,
            message: e.message,
            help: e.help,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field.name(), self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for Problem {}

/// Every problem with an edit that takes several inputs; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub Vec<Problem>);

impl Refused {
    /// The problems, in the order the inputs were checked.
    pub fn problems(&self) -> &[Problem] {
        &self.0
    }
}

impl From<Problem> for Refused {
    fn from(p: Problem) -> Self {
        Refused(vec![p])
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Refused {}

/// `Ok(value)` when `problems` is empty, else every problem.
pub(crate) fn all_or_nothing<T>(problems: Vec<Problem>, value: T) -> Result<T, Refused> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(Refused(problems))
    }
}

/// The value, or `None` with its problem added to `problems`.
pub(crate) fn noted<T>(problems: &mut Vec<Problem>, r: Result<T, Problem>) -> Option<T> {
    r.map_err(|p| problems.push(p)).ok()
}

/// A detail to change: keep what the plan has, set a new value, or clear it.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Change<T> {
    /// Leave it as it is.
    #[default]
    Keep,
    /// Give it this value.
    Set(T),
    /// Remove it (for a cost: go back to the card's range).
    Clear,
}

impl<T: Clone> Change<T> {
    /// Apply to `slot`; returns whether it changed.
    pub(crate) fn apply(&self, slot: &mut Option<T>) -> bool
    where
        T: PartialEq,
    {
        let new = match self {
            Change::Keep => return false,
            Change::Set(v) => Some(v.clone()),
            Change::Clear => None,
        };
        let changed = *slot != new;
        *slot = new;
        changed
    }
}

/// The help for an id the kit does not know: "did you mean" when one is close, the list when
/// it is short, `listing` otherwise.
pub(crate) fn unknown<'a>(
    word: &str,
    candidates: impl Iterator<Item = &'a str>,
    listing: &str,
) -> String {
    let all: Vec<&str> = candidates.collect();
    if suggest(word, all.iter().copied()).is_some() || all.len() <= 12 {
        unknown_help(word, all.iter().copied())
    } else {
        listing.to_owned()
    }
}

/// Text as the team typed it, trimmed; `None` when blank.
pub(crate) fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// A typed text field: `None` keeps it, blank clears it, anything else sets it (trimmed).
pub fn text_change(typed: Option<&str>) -> Change<String> {
    match typed {
        None => Change::Keep,
        Some(t) => text(t).map_or(Change::Clear, Change::Set),
    }
}

#[cfg(test)]
mod tests;
