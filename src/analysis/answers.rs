//! Which questions apply to a plan, which are answered, and what is still open.
//!
//! Whether a question applies is the interview's rule ([`crate::interview::Interview::applies`]):
//! an answer left behind by a changed mind (yes to "do you have a strategy?", then no) does not
//! keep its follow-up questions alive, and nothing here re-implements conditions.

use serde::Serialize;

use crate::interview::{Interview, State};
use crate::kit::{Kit, Question};
use crate::plan::{Answer, Plan};

/// Whether an answer says something: an empty text or an empty list is no answer.
pub fn is_answered(answer: &Answer) -> bool {
    !answer.is_empty()
}

/// Whether `question` is asked for `plan`: the interview's rule, so that the workshop, `status`
/// and the document agree on what counts.
pub fn applies(kit: &Kit, plan: &Plan, question: &Question) -> bool {
    Interview::new(kit).applies(question, &plan.answers)
}

/// The answer to question `id` if it is given and the question is asked.
pub fn answer<'p>(kit: &Kit, plan: &'p Plan, id: &str) -> Option<&'p Answer> {
    Interview::new(kit)
        .effective_answer(id, &plan.answers)
        .filter(|a| is_answered(a))
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
    /// Every question of the kit, counted by where it stands (the interview's overall
    /// progress): its total does not move as conditional questions come and go.
    #[serde(skip)]
    pub overall: crate::interview::Overall,
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
    /// Questions marked to decide.
    pub to_decide: usize,
    /// Optional questions skipped.
    pub skipped: usize,
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
    /// Whether the team marked it to decide, with what it waits for and who will bring it.
    pub to_decide: Option<crate::plan::ToDecide>,
}

/// Count answered and applicable questions per component and list what is open (not
/// answered yet, or marked to decide; a skipped question is not open).
pub fn progress(kit: &Kit, plan: &Plan) -> Progress {
    let iv = Interview::new(kit);
    let mut components = Vec::new();
    let mut open = Vec::new();
    for c in kit.components() {
        let mut line = ComponentProgress {
            id: c.id.clone(),
            title: c.title.clone(),
            answered: 0,
            total: 0,
            required_open: 0,
            to_decide: 0,
            skipped: 0,
        };
        for q in &c.questions {
            let marked = match iv.state(q, plan) {
                State::NotAsked => continue,
                State::Answered(_) => {
                    line.total += 1;
                    line.answered += 1;
                    continue;
                }
                State::Skipped => {
                    line.total += 1;
                    line.skipped += 1;
                    continue;
                }
                State::ToDecide(d) => Some(d.clone()),
                State::Open => None,
            };
            line.total += 1;
            line.to_decide += usize::from(marked.is_some());
            if q.required {
                line.required_open += 1;
            }
            open.push(OpenQuestion {
                id: q.id.clone(),
                prompt: q.prompt.clone(),
                component: c.id.clone(),
                component_title: c.title.clone(),
                required: q.required,
                to_decide: marked,
            });
        }
        components.push(line);
    }
    // A stable sort keeps kit order within the required and the optional questions.
    open.sort_by_key(|q| !q.required);
    Progress {
        answered: components.iter().map(|c| c.answered).sum(),
        total: components.iter().map(|c| c.total).sum(),
        overall: iv.overall(plan),
        components,
        open,
    }
}
