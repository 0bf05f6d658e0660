//! Where each question stands for a plan, where a workshop resumes, and overall progress.
//!
//! A question asked for a plan is in exactly one state: answered, to decide, skipped (optional
//! questions only) or open. A question whose `when` does not hold is not asked. The plan keeps
//! answers, "to decide" and "skipped" in separate sections, and the edits in [`crate::edit`]
//! keep them apart; a plan edited by hand that names a question in more than one is read in
//! that order (an answer wins over "to decide", which wins over "skipped"), and a required
//! question listed as skipped is open.
//!
//! Overall progress counts every question of the kit, so its total does not move while the
//! team answers: a question whose `when` does not hold is counted as "not asked" rather than
//! dropped from the total. "17 of 49 answered · 3 to decide · 2 not asked" stays "of 49" from
//! the first answer to the last.

use std::fmt;

use crate::kit::Question;
use crate::plan::{Answer, Plan, ToDecide};

use super::{Cursor, Interview};

/// Where a question stands for a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State<'p> {
    /// Its `when` does not hold: it is not asked (an answer it has is kept, unseen).
    NotAsked,
    /// Answered.
    Answered(&'p Answer),
    /// The team will decide it later.
    ToDecide(&'p ToDecide),
    /// An optional question the team chose to leave unanswered.
    Skipped,
    /// Asked and not yet answered, skipped or marked to decide.
    Open,
}

impl State<'_> {
    /// Whether the question still waits for the team: open. Resume and "next open question"
    /// go to these.
    pub fn is_open(&self) -> bool {
        matches!(self, State::Open)
    }

    /// A short word for lists and reviews: `answered`, `to decide`, `skipped`, `open`,
    /// `not asked`.
    pub fn label(&self) -> &'static str {
        match self {
            State::NotAsked => "not asked",
            State::Answered(_) => "answered",
            State::ToDecide(_) => "to decide",
            State::Skipped => "skipped",
            State::Open => "open",
        }
    }
}

/// How far a plan (or one component of it) has got. Every question is counted in exactly one
/// of `answered`, `to_decide`, `skipped`, `open` and `not_asked`, so they add up to `total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Overall {
    /// Every question (of the kit, or of the component): stable while the team answers.
    pub total: usize,
    /// Answered.
    pub answered: usize,
    /// Marked to decide.
    pub to_decide: usize,
    /// Optional questions skipped.
    pub skipped: usize,
    /// Asked and still open.
    pub open: usize,
    /// Not asked, because their `when` does not hold.
    pub not_asked: usize,
    /// Required questions asked and not answered (open or to decide).
    pub required_unanswered: usize,
}

impl Overall {
    /// Whether nothing is left open or to decide.
    pub fn is_complete(&self) -> bool {
        self.open == 0 && self.to_decide == 0
    }
}

impl fmt::Display for Overall {
    /// `17 of 49 answered · 3 to decide · 1 skipped · 2 not asked`: the parts after the first
    /// only when they are not zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} of {} answered", self.answered, self.total)?;
        for (n, what) in [
            (self.to_decide, "to decide"),
            (self.skipped, "skipped"),
            (self.not_asked, "not asked"),
        ] {
            if n > 0 {
                write!(f, " · {n} {what}")?;
            }
        }
        Ok(())
    }
}

impl Interview<'_> {
    /// Where `q` stands for `plan`.
    pub fn state<'p>(&self, q: &Question, plan: &'p Plan) -> State<'p> {
        if !self.applies(q, &plan.answers) {
            return State::NotAsked;
        }
        if let Some(a) = plan.answers.get(&q.id).filter(|a| !a.is_empty()) {
            return State::Answered(a);
        }
        if let Some(d) = plan.to_decide.get(&q.id) {
            return State::ToDecide(d);
        }
        if !q.required && plan.skipped.contains(&q.id) {
            return State::Skipped;
        }
        State::Open
    }

    /// Where a workshop resumes: the first question asked that is neither answered, skipped
    /// nor to decide. `None` when there is none.
    pub fn resume(&self, plan: &Plan) -> Option<Cursor> {
        self.cursors()
            .find(|c| self.state(self.question(*c), plan).is_open())
    }

    /// The next open question after `at`, going round to the start of the kit: the workshop's
    /// "next open question". `None` when no question is open (`at` itself is never returned
    /// unless it is the only open one).
    pub fn next_open(&self, at: Cursor, plan: &Plan) -> Option<Cursor> {
        let open = |c: &Cursor| self.state(self.question(*c), plan).is_open();
        self.cursors()
            .filter(|c| *c > at)
            .find(open)
            .or_else(|| self.cursors().filter(|c| *c <= at).find(open))
    }

    /// Progress over the whole kit.
    pub fn overall(&self, plan: &Plan) -> Overall {
        self.count(self.cursors(), plan)
    }

    /// Progress over component `index`.
    pub fn overall_in(&self, index: usize, plan: &Plan) -> Overall {
        self.count(self.cursors().filter(|c| c.component == index), plan)
    }

    /// Required questions asked and not answered (open or to decide), in kit order: what a
    /// workshop lists, by prompt, when the team finishes with them outstanding.
    pub fn required_unanswered<'p>(&self, plan: &'p Plan) -> Vec<(Cursor, State<'p>)> {
        self.cursors()
            .filter(|c| self.question(*c).required)
            .map(|c| (c, self.state(self.question(c), plan)))
            .filter(|(_, s)| matches!(s, State::Open | State::ToDecide(_)))
            .collect()
    }

    fn count(&self, cursors: impl Iterator<Item = Cursor>, plan: &Plan) -> Overall {
        let mut o = Overall::default();
        for c in cursors {
            let q = self.question(c);
            o.total += 1;
            let state = self.state(q, plan);
            match state {
                State::NotAsked => o.not_asked += 1,
                State::Answered(_) => o.answered += 1,
                State::ToDecide(_) => o.to_decide += 1,
                State::Skipped => o.skipped += 1,
                State::Open => o.open += 1,
            }
            if q.required && matches!(state, State::Open | State::ToDecide(_)) {
                o.required_unanswered += 1;
            }
        }
        o
    }
}
