//! `when` conditions: whether a question is asked, given the answers so far.
//!
//! A condition reads the *effective* answer to an earlier question: the stored answer, but only
//! while that question is itself asked. Otherwise changing `has-digital-strategy` from no to yes
//! would hide `strategy-status` yet leave questions that depend on `strategy-status` showing,
//! driven by an answer the team can no longer see. Conditions only name earlier questions (the
//! kit validator checks that), so the recursion always ends.
//!
//! A `when` is written in the kit's rule language and checked by the validator into a
//! [`Rule`] of answer tests only; [`answer_holds`] is the one meaning of an answer test, which
//! reality checks use too.

use crate::kit::Literal;
use crate::kit::rule::{AnswerTest, Rule};
use crate::plan::Answer;

use super::{Answers, Interview};

impl Interview<'_> {
    /// Whether `rule` (a `when`: answer tests only) holds for `answers`.
    pub(super) fn holds(&self, rule: &Rule, answers: &Answers) -> bool {
        match rule {
            Rule::All(rules) => rules.iter().all(|r| self.holds(r, answers)),
            Rule::Any(rules) => rules.iter().any(|r| self.holds(r, answers)),
            Rule::Not(r) => !self.holds(r, answers),
            Rule::Answer { question, test } => {
                let answer = self.effective_answer(question, answers);
                match (test, answer) {
                    (AnswerTest::Answered(want), a) => a.is_some() == *want,
                    // Every other test is about the value, and there is none.
                    (_, None) => false,
                    (test, Some(a)) => answer_holds(test, a),
                }
            }
            // The validator allows only answer tests in a `when`; anything else cannot hold.
            _ => false,
        }
    }
}

/// Whether an answer that is given passes `test`. A multi-choice answer equals a value it
/// contains and is one of several values when it contains any of them; a comparison reads a
/// number, or the number of items of a list.
pub(crate) fn answer_holds(test: &AnswerTest, answer: &Answer) -> bool {
    match test {
        AnswerTest::Answered(want) => *want,
        AnswerTest::Equals(lit) => equals(answer, lit),
        AnswerTest::OneOf(values) => match answer {
            Answer::Text(t) => values.contains(t),
            Answer::List(items) => items.iter().any(|i| values.contains(i)),
            _ => false,
        },
        AnswerTest::Compare(c) => match answer {
            Answer::Number(n) => c.holds(*n),
            #[allow(clippy::cast_precision_loss)]
            Answer::List(items) => c.holds(items.len() as f64),
            _ => false,
        },
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
