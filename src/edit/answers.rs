//! Answers, "to decide", skips and accepted suggestions.
//!
//! A question is in one state at a time (see [`crate::interview::State`]), and these edits keep
//! the plan's sections apart: an answer takes the question out of `to-decide`, `skipped` and
//! (when typed) `computed`; marking it to decide or skipped removes its answer, and says what
//! the answer was, so that a front end can tell the team what it replaced. Only an optional
//! question can be skipped; a required one the team cannot answer yet is marked to decide.

use crate::interview::{Followed, Interview};
use crate::kit::{Kit, Question};
use crate::plan::{Answer, Plan, ToDecide};

use super::{Field, Problem};

/// What an edit to one question did.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerChange {
    /// The question.
    pub id: String,
    /// Its answer before the edit, if it had one.
    pub before: Option<Answer>,
    /// Its answer after the edit.
    pub after: Option<Answer>,
    /// Whether the plan changed (an answer given again, or a question marked again the same
    /// way, changes nothing).
    pub changed: bool,
    /// Computed answers that changed to follow this edit.
    pub followed: Vec<Followed>,
}

/// The question `id`, or a problem naming the closest id.
pub fn question<'k>(kit: &'k Kit, id: &str) -> Result<&'k Question, Problem> {
    kit.question(id).ok_or_else(|| {
        Problem::new(
            Field::Question,
            format!("`{id}` is not a question of kit `{}`", kit.id()),
        )
        .help(super::unknown(
            id,
            kit.questions().map(|(_, q)| q.id.as_str()),
            "question ids are the `id`s under `questions:` in the kit's components",
        ))
    })
}

/// Snapshot of what an edit may touch, to tell whether it changed anything.
fn snapshot(plan: &Plan, id: &str) -> (Option<Answer>, bool, Option<ToDecide>, bool) {
    (
        plan.answers.get(id).cloned(),
        plan.computed.contains(id),
        plan.to_decide.get(id).cloned(),
        plan.skipped.contains(id),
    )
}

fn finish(
    kit: &Kit,
    plan: &mut Plan,
    id: &str,
    before: (Option<Answer>, bool, Option<ToDecide>, bool),
) -> AnswerChange {
    let followed = Interview::new(kit).follow_inputs(plan);
    let after = snapshot(plan, id);
    AnswerChange {
        id: id.to_owned(),
        changed: after != before || !followed.is_empty(),
        before: before.0,
        after: after.0,
        followed,
    }
}

/// Answer question `id` with `value` (a native value, or text read by the question's type as
/// [`Interview::accept`] does). The answer is the team's own: a computed question stops
/// following its inputs. Removes "to decide" and "skipped".
pub fn set(kit: &Kit, plan: &mut Plan, id: &str, value: &Answer) -> Result<AnswerChange, Problem> {
    let q = question(kit, id)?;
    let answer = Interview::new(kit)
        .accept(q, value)
        .map_err(|e| Problem::from_invalid(Field::Answer, e))?;
    Ok(put(kit, plan, q, answer, false))
}

/// Answer question `id` with what the team typed, read by the question's type
/// ([`Interview::parse`]). Blank skips an optional question and is refused for a required one
/// (with the advice to mark it to decide).
pub fn typed(kit: &Kit, plan: &mut Plan, id: &str, text: &str) -> Result<AnswerChange, Problem> {
    let q = question(kit, id)?;
    if text.trim().is_empty() {
        return skip(kit, plan, id);
    }
    let answer = Interview::new(kit)
        .parse(q, text)
        .map_err(|e| Problem::from_invalid(Field::Answer, e))?
        .expect("only blank text is no answer");
    Ok(put(kit, plan, q, answer, false))
}

fn put(kit: &Kit, plan: &mut Plan, q: &Question, answer: Answer, computed: bool) -> AnswerChange {
    let before = snapshot(plan, &q.id);
    plan.answers.insert(q.id.clone(), answer);
    if computed {
        plan.computed.insert(q.id.clone());
    } else {
        plan.computed.remove(&q.id);
    }
    plan.to_decide.remove(&q.id);
    plan.skipped.remove(&q.id);
    finish(kit, plan, &q.id, before)
}

/// Skip optional question `id`: it stays skipped (resume passes over it) until it is answered
/// or reopened. Its answer, if it had one, is removed and returned in
/// [`AnswerChange::before`]. A required question cannot be skipped.
pub fn skip(kit: &Kit, plan: &mut Plan, id: &str) -> Result<AnswerChange, Problem> {
    let q = question(kit, id)?;
    if q.required {
        return Err(Problem::new(
            Field::Answer,
            "an answer is needed: this question is required and cannot be skipped",
        )
        .help("mark it to decide if the team cannot answer it yet"));
    }
    let before = snapshot(plan, id);
    plan.answers.remove(id);
    plan.computed.remove(id);
    plan.to_decide.remove(id);
    plan.skipped.insert(id.to_owned());
    Ok(finish(kit, plan, id, before))
}

/// Mark question `id` (required or not) to decide later, with an optional note and owner
/// (blank is none). Its answer, if it had one, is removed and returned in
/// [`AnswerChange::before`]. Marking it again replaces the note and owner.
pub fn to_decide(
    kit: &Kit,
    plan: &mut Plan,
    id: &str,
    note: Option<&str>,
    owner: Option<&str>,
) -> Result<AnswerChange, Problem> {
    question(kit, id)?;
    let before = snapshot(plan, id);
    plan.answers.remove(id);
    plan.computed.remove(id);
    plan.skipped.remove(id);
    plan.to_decide.insert(
        id.to_owned(),
        ToDecide {
            note: note.and_then(super::text),
            owner: owner.and_then(super::text),
        },
    );
    Ok(finish(kit, plan, id, before))
}

/// Put question `id` back to open: no answer, not skipped, not to decide. For a required
/// question too: the team can clear an answer it no longer stands by. (`thinkkit answer`
/// refuses to clear a required answer; that is its own rule, for scripts.)
pub fn reopen(kit: &Kit, plan: &mut Plan, id: &str) -> Result<AnswerChange, Problem> {
    question(kit, id)?;
    let before = snapshot(plan, id);
    plan.answers.remove(id);
    plan.computed.remove(id);
    plan.skipped.remove(id);
    plan.to_decide.remove(id);
    Ok(finish(kit, plan, id, before))
}

/// Accept the suggestion for question `id`: its literal default, or its computed value, which
/// from then on follows its inputs. Refused when there is no suggestion now (no default, or an
/// input the computation reads is not answered).
pub fn accept_suggestion(kit: &Kit, plan: &mut Plan, id: &str) -> Result<AnswerChange, Problem> {
    let q = question(kit, id)?;
    let iv = Interview::new(kit);
    let Some(value) = iv.default_for(q, &plan.answers) else {
        let why = if iv.is_computed(q) {
            "there is no suggestion yet: the answers it is worked out from are not all given"
        } else {
            "this question has no suggestion"
        };
        return Err(Problem::new(Field::Answer, why));
    };
    let computed = q.default.is_none() && iv.is_computed(q);
    Ok(put(kit, plan, q, value, computed))
}

/// Accept every current suggestion: each question asked that is open (not answered, skipped
/// or to decide) and has a suggestion takes it, in kit order, so a computed value that reads
/// an earlier accepted one sees it. Answers the team gave are never replaced. Returns what
/// changed.
pub fn accept_suggestions(kit: &Kit, plan: &mut Plan) -> Vec<AnswerChange> {
    let iv = Interview::new(kit);
    let mut changes = Vec::new();
    let cursors: Vec<_> = iv.cursors().collect();
    for at in cursors {
        let q = iv.question(at);
        if !iv.state(q, plan).is_open() || iv.default_for(q, &plan.answers).is_none() {
            continue;
        }
        if let Ok(change) = accept_suggestion(kit, plan, &q.id)
            && change.changed
        {
            changes.push(change);
        }
    }
    changes
}

/// Bring accepted computed values up to date with their inputs (see
/// [`Interview::follow_inputs`]): for a plan read from a file someone may have edited.
pub fn follow_inputs(kit: &Kit, plan: &mut Plan) -> Vec<Followed> {
    Interview::new(kit).follow_inputs(plan)
}
