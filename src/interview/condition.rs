//! `when` conditions: whether a question is asked, given the answers so far.
//!
//! A condition reads the *effective* answer to an earlier question: the stored answer, but only
//! while that question is itself asked. Otherwise changing `has-digital-strategy` from no to yes
//! would hide `strategy-status` yet leave questions that depend on `strategy-status` showing,
//! driven by an answer the team can no longer see. Conditions only name earlier questions (the
//! kit validator checks that), so the recursion always ends.

use crate::kit::{Condition, Literal};
use crate::plan::Answer;

use super::{Answers, Interview};

impl Interview<'_> {
    /// Whether `cond` holds for `answers`.
    pub(super) fn holds(&self, cond: &Condition, answers: &Answers) -> bool {
        if let Some(all) = &cond.all {
            return all.iter().all(|c| self.holds(c, answers));
        }
        if let Some(any) = &cond.any {
            return any.iter().any(|c| self.holds(c, answers));
        }
        let Some(id) = &cond.question else {
            // The validator refuses such a condition; a condition that tests nothing holds.
            return true;
        };
        let answer = self.effective_answer(id, answers);
        if let Some(want) = cond.answered {
            return answer.is_some() == want;
        }
        let Some(answer) = answer else {
            // Every other test is about the value, and there is none.
            return false;
        };
        if let Some(lit) = &cond.equals {
            return equals(answer, lit);
        }
        if let Some(values) = &cond.one_of {
            return match answer {
                Answer::Text(t) => values.contains(t),
                Answer::List(items) => items.iter().any(|i| values.contains(i)),
                _ => false,
            };
        }
        if cond.at_least.is_some() || cond.at_most.is_some() {
            let Some(n) = answer.as_number() else {
                return false;
            };
            return cond.at_least.is_none_or(|lo| n >= lo) && cond.at_most.is_none_or(|hi| n <= hi);
        }
        true
    }
}

/// An answer equals a kit literal; a multi-choice answer "equals" a value it contains.
fn equals(answer: &Answer, lit: &Literal) -> bool {
    match (answer, lit) {
        (Answer::Bool(a), Literal::Bool(b)) => a == b,
        (Answer::Number(a), Literal::Number(b)) => (a - b).abs() < 1e-9,
        (Answer::Text(a), Literal::Text(b)) => a == b,
        (Answer::List(items), Literal::Text(b)) => items.contains(b),
        (Answer::List(a), Literal::List(b)) => a == b,
        _ => false,
    }
}
