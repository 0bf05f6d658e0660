//! Which questions apply to a plan, which are answered, and what is still open.
//!
//! A question applies when its `when` condition holds on the answers given so far. A condition
//! reads an earlier question's answer only if that earlier question applies too, so an answer
//! left behind by a changed mind (yes to "do you have a strategy?", then no) does not keep its
//! follow-up questions alive. The kit validator guarantees that `when` only names earlier
//! questions, so the recursion always ends; a depth guard makes that true even for a kit built
//! by hand in a test.

use serde::Serialize;

use crate::kit::{Condition, Kit, Literal, Question};
use crate::plan::{Answer, Plan};

/// Deeper than any kit's chain of `when` conditions can be.
const MAX_DEPTH: usize = 64;

/// Whether an answer says something: an empty text or an empty list is no answer.
pub fn is_answered(answer: &Answer) -> bool {
    match answer {
        Answer::Text(t) => !t.trim().is_empty(),
        Answer::List(l) => l.iter().any(|i| !i.trim().is_empty()),
        Answer::Number(n) => n.is_finite(),
        Answer::Bool(_) => true,
    }
}

/// Whether `question` should be asked for `plan`: it has no `when`, or its `when` holds.
pub fn applies(kit: &Kit, plan: &Plan, question: &Question) -> bool {
    applies_at(kit, plan, question, 0)
}

fn applies_at(kit: &Kit, plan: &Plan, question: &Question, depth: usize) -> bool {
    match &question.when {
        None => true,
        Some(c) => depth < MAX_DEPTH && holds(kit, plan, c, depth + 1),
    }
}

/// The answer to question `id` if it is given and the question applies. Answers to ids the kit
/// does not know are returned as they are (the analysis only asks for ids the kit binds).
pub fn answer<'p>(kit: &Kit, plan: &'p Plan, id: &str) -> Option<&'p Answer> {
    answer_at(kit, plan, id, 0)
}

fn answer_at<'p>(kit: &Kit, plan: &'p Plan, id: &str, depth: usize) -> Option<&'p Answer> {
    let a = plan.answers.get(id).filter(|a| is_answered(a))?;
    match kit.question(id) {
        Some(q) if !applies_at(kit, plan, q, depth) => None,
        _ => Some(a),
    }
}

fn holds(kit: &Kit, plan: &Plan, c: &Condition, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if let Some(all) = &c.all
        && !all.iter().all(|s| holds(kit, plan, s, depth + 1))
    {
        return false;
    }
    if let Some(any) = &c.any
        && !any.iter().any(|s| holds(kit, plan, s, depth + 1))
    {
        return false;
    }
    let Some(id) = &c.question else {
        return true;
    };
    let a = answer_at(kit, plan, id, depth + 1);
    if let Some(want) = c.answered
        && a.is_some() != want
    {
        return false;
    }
    let tests =
        c.equals.is_some() || c.one_of.is_some() || c.at_least.is_some() || c.at_most.is_some();
    if !tests {
        return true;
    }
    let Some(a) = a else {
        return false;
    };
    if let Some(lit) = &c.equals
        && !equals(a, lit)
    {
        return false;
    }
    if let Some(values) = &c.one_of {
        let hit = match a {
            Answer::Text(t) => values.iter().any(|v| v == t),
            Answer::List(l) => l.iter().any(|i| values.contains(i)),
            _ => false,
        };
        if !hit {
            return false;
        }
    }
    if let Some(min) = c.at_least
        && !a.as_number().is_some_and(|n| n >= min)
    {
        return false;
    }
    if let Some(max) = c.at_most
        && !a.as_number().is_some_and(|n| n <= max)
    {
        return false;
    }
    true
}

/// `equals` in a condition: for a multi-choice or list answer, "contains".
fn equals(a: &Answer, lit: &Literal) -> bool {
    match (a, lit) {
        (Answer::Bool(x), Literal::Bool(y)) => x == y,
        (Answer::Number(x), Literal::Number(y)) => (x - y).abs() < 1e-9,
        (Answer::Text(x), Literal::Text(y)) => x == y,
        (Answer::List(x), Literal::Text(y)) => x.contains(y),
        (Answer::List(x), Literal::List(y)) => x == y,
        _ => false,
    }
}

/// How far each component has got, and what is still open.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Progress {
    /// One line per component, in kit order.
    pub components: Vec<ComponentProgress>,
    /// Questions that apply and are unanswered: required ones first, then kit order.
    pub open: Vec<OpenQuestion>,
    /// Answered questions, over all components.
    pub answered: usize,
    /// Questions that apply, over all components.
    pub total: usize,
}

/// How far one component has got.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentProgress {
    /// Component id.
    pub id: String,
    /// Component title.
    pub title: String,
    /// Questions that apply and are answered.
    pub answered: usize,
    /// Questions that apply (a question whose `when` does not hold is not counted).
    pub total: usize,
    /// Required questions that apply and are unanswered.
    pub required_open: usize,
}

/// A question still to answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenQuestion {
    /// Question id.
    pub id: String,
    /// The question as asked.
    pub prompt: String,
    /// The component's id.
    pub component: String,
    /// The component's title.
    pub component_title: String,
    /// Whether the strategy is incomplete without it.
    pub required: bool,
}

/// Count answered and applicable questions per component and list what is open.
pub fn progress(kit: &Kit, plan: &Plan) -> Progress {
    let mut components = Vec::new();
    let mut open = Vec::new();
    for c in kit.components() {
        let mut line = ComponentProgress {
            id: c.id.clone(),
            title: c.title.clone(),
            answered: 0,
            total: 0,
            required_open: 0,
        };
        for q in &c.questions {
            if !applies(kit, plan, q) {
                continue;
            }
            line.total += 1;
            if plan.answers.get(&q.id).is_some_and(is_answered) {
                line.answered += 1;
            } else {
                if q.required {
                    line.required_open += 1;
                }
                open.push(OpenQuestion {
                    id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    component: c.id.clone(),
                    component_title: c.title.clone(),
                    required: q.required,
                });
            }
        }
        components.push(line);
    }
    // A stable sort keeps kit order within the required and the optional questions.
    open.sort_by_key(|q| !q.required);
    Progress {
        answered: components.iter().map(|c| c.answered).sum(),
        total: components.iter().map(|c| c.total).sum(),
        components,
        open,
    }
}
