//! Computed values that stay true.
//!
//! A question with a `default-expr` suggests a value worked out from earlier answers (offline
//! households from homes and the share online). When the team accepts that suggestion the
//! plan lists the question under `computed`, and from then on the answer follows its inputs:
//! [`Interview::follow_inputs`] works it out again from the answers as they are, and every
//! path that opens or changes a plan calls it, so the workshop, `answer`, `status` and the
//! document never show a figure left behind by a changed input. Typing a figure of one's own
//! takes the question off the list; that figure then stays as typed.
//!
//! While an input is missing (or the value would fall outside the question's bounds) there is
//! no value to follow: the answer is removed rather than left stale, and the question stays on
//! the list, so the value comes back when the input does.

use crate::kit::{Question, QuestionType};
use crate::plan::{Answer, Plan};

use super::{Answers, Interview};

/// A computed answer that changed to follow its inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Followed {
    /// The question.
    pub id: String,
    /// The answer before.
    pub before: Option<Answer>,
    /// The answer now; `None` while an input is missing.
    pub after: Option<Answer>,
}

impl Interview<'_> {
    /// Whether `q`'s suggestion is computed from other answers (it has a `default-expr`), so
    /// that an accepted suggestion follows its inputs.
    pub fn is_computed(&self, q: &Question) -> bool {
        self.kit.default_expr(&q.id).is_some()
    }

    /// `q`'s computed value from `answers` as they are: `None` when it has no `default-expr`,
    /// an answer it reads is missing, or the value would be refused (outside the question's
    /// bounds). Rounded as a person would write it: whole numbers for `number` questions (they
    /// count homes, households, people), pence for money, two places for percentages.
    pub fn computed_value(&self, q: &Question, answers: &Answers) -> Option<Answer> {
        let expr = self.kit.default_expr(&q.id)?;
        let value = expr.eval(&|id| {
            self.effective_answer(id, answers)
                .and_then(Answer::as_number)
        })?;
        let rounded = match q.kind {
            QuestionType::Number => value.round(),
            _ => (value * 100.0).round() / 100.0,
        };
        // `-0` reads oddly in a plan.
        let rounded = if rounded == 0.0 { 0.0 } else { rounded };
        self.accept(q, &Answer::Number(rounded)).ok()
    }

    /// Bring every answer listed under `computed` up to date with its inputs, in kit order (so
    /// that a computed value read by a later one is current first). A listed question that no
    /// longer has a `default-expr` keeps its answer as a figure of the team's own and leaves
    /// the list; ids the kit does not know are left as they are. Returns what changed.
    pub fn follow_inputs(&self, plan: &mut Plan) -> Vec<Followed> {
        if plan.computed.is_empty() {
            return Vec::new();
        }
        let mut listed: Vec<(usize, usize, String)> = Vec::new();
        let mut stale = Vec::new();
        for id in &plan.computed {
            match self.kit.question_position(id) {
                Some(_) if self.kit.default_expr(id).is_none() => stale.push(id.clone()),
                Some((c, q)) => listed.push((c, q, id.clone())),
                None => {}
            }
        }
        for id in stale {
            plan.computed.remove(&id);
        }
        listed.sort();
        let mut changed = Vec::new();
        for (_, _, id) in listed {
            let q = self.kit.question(&id).expect("positioned above");
            let after = self.computed_value(q, &plan.answers);
            let before = plan.answers.get(&id).cloned();
            if before == after {
                continue;
            }
            match &after {
                Some(a) => plan.answers.insert(id.clone(), a.clone()),
                None => plan.answers.remove(&id),
            };
            changed.push(Followed { id, before, after });
        }
        changed
    }
}
