//! The interview: what to ask next and what counts as an answer, with no terminal in it.
//!
//! The workshop (`crate::prompt`) and `thinkkit answer` are two front ends over this one engine,
//! so that they agree on every rule: which questions are asked (`when` conditions), what is
//! offered as a default (a literal `default`, or a `default-expr` computed from earlier
//! answers), how typed text becomes an answer and which answers are refused ([`parse`]).
//!
//! The engine holds no state of its own beyond the kit: every method takes the plan's answers,
//! so the answers on disk are the single truth and resuming is just asking again. A [`Cursor`]
//! is a question's place in the kit; moving it (next, back, to a component, to the first
//! unanswered question) skips questions whose `when` does not hold. Their earlier answers stay
//! in the plan untouched: changing an answer back brings the question, and its answer, back.
//!
//! Beyond answers, a question can be to decide or skipped ([`state`]: where each question
//! stands, where to resume, overall progress), and an accepted computed suggestion follows its
//! inputs ([`computed`]). The changes themselves, checked, are in [`crate::edit`].

mod computed;
mod condition;
pub(crate) use condition::answer_holds;
mod parse;
mod state;

use std::collections::BTreeMap;

pub use computed::Followed;
pub use parse::{InvalidAnswer, ListLimits, amount, money, number};
pub use state::{Overall, State};

use crate::kit::{Component, Kit, Literal, Question};
use crate::plan::Answer;

/// A plan's answers by question id.
pub type Answers = BTreeMap<String, Answer>;

/// A question's place in the kit: component index and question index within it, both 0-based.
/// Ordered as the kit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cursor {
    /// Index of the component in the kit.
    pub component: usize,
    /// Index of the question in its component.
    pub question: usize,
}

/// Where a question stands in the walk, for "component 4 of 11 · question 2 of 5". Question
/// numbers count only the questions asked, given the answers so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// 1-based number of the component.
    pub component: usize,
    /// How many components the kit has.
    pub components: usize,
    /// 1-based number of the question among those asked in its component.
    pub question: usize,
    /// How many questions of the component are asked.
    pub questions: usize,
}

/// The interview engine over one kit.
#[derive(Debug, Clone, Copy)]
pub struct Interview<'k> {
    kit: &'k Kit,
}

impl<'k> Interview<'k> {
    /// An interview over `kit`.
    pub fn new(kit: &'k Kit) -> Self {
        Interview { kit }
    }

    /// The kit.
    pub fn kit(&self) -> &'k Kit {
        self.kit
    }

    /// The question at `at`.
    pub fn question(&self, at: Cursor) -> &'k Question {
        &self.kit.components()[at.component].questions[at.question]
    }

    /// The component of `at`.
    pub fn component(&self, at: Cursor) -> &'k Component {
        &self.kit.components()[at.component]
    }

    /// Where the question `id` is.
    pub fn cursor_of(&self, id: &str) -> Option<Cursor> {
        self.kit
            .question_position(id)
            .map(|(component, question)| Cursor {
                component,
                question,
            })
    }

    /// The index of the component `id`.
    pub fn component_index(&self, id: &str) -> Option<usize> {
        self.kit.components().iter().position(|c| c.id == id)
    }

    /// Whether `q` is asked, given `answers`: it has no `when`, or its `when` holds.
    pub fn applies(&self, q: &Question, answers: &Answers) -> bool {
        self.kit
            .when_rule(&q.id)
            .is_none_or(|r| self.holds(r, answers))
    }

    /// The answer to `id` as the rest of the interview sees it: the stored answer while the
    /// question is asked, nothing while its `when` does not hold.
    pub fn effective_answer<'a>(&self, id: &str, answers: &'a Answers) -> Option<&'a Answer> {
        let answer = answers.get(id)?;
        let q = self.kit.question(id)?;
        self.applies(q, answers).then_some(answer)
    }

    /// Every question place in kit order.
    pub fn cursors(&self) -> impl DoubleEndedIterator<Item = Cursor> + 'k {
        self.kit
            .components()
            .iter()
            .enumerate()
            .flat_map(|(ci, c)| {
                (0..c.questions.len()).map(move |qi| Cursor {
                    component: ci,
                    question: qi,
                })
            })
    }

    fn asked(&self, at: Cursor, answers: &Answers) -> bool {
        self.applies(self.question(at), answers)
    }

    /// The first question asked in the kit.
    pub fn first(&self, answers: &Answers) -> Option<Cursor> {
        self.cursors().find(|c| self.asked(*c, answers))
    }

    /// The next question asked after `at`, in any later component.
    pub fn next(&self, at: Cursor, answers: &Answers) -> Option<Cursor> {
        self.cursors()
            .skip_while(|c| *c <= at)
            .find(|c| self.asked(*c, answers))
    }

    /// The next question asked after `at` in the same component; `None` at the component's end.
    pub fn next_in_component(&self, at: Cursor, answers: &Answers) -> Option<Cursor> {
        self.next(at, answers)
            .filter(|c| c.component == at.component)
    }

    /// The question asked before `at`, in this or an earlier component: going back one.
    pub fn previous(&self, at: Cursor, answers: &Answers) -> Option<Cursor> {
        self.cursors()
            .rev()
            .skip_while(|c| *c >= at)
            .find(|c| self.asked(*c, answers))
    }

    /// The first question asked in component `index`: jumping to a component.
    pub fn start_of(&self, index: usize, answers: &Answers) -> Option<Cursor> {
        self.cursors()
            .filter(|c| c.component == index)
            .find(|c| self.asked(*c, answers))
    }

    /// The last question asked in component `index`.
    pub fn end_of(&self, index: usize, answers: &Answers) -> Option<Cursor> {
        self.cursors()
            .rev()
            .filter(|c| c.component == index)
            .find(|c| self.asked(*c, answers))
    }

    /// The first question asked that has no answer. A workshop resumes at
    /// [`Interview::resume`], which also passes over questions skipped or to decide.
    pub fn first_unanswered(&self, answers: &Answers) -> Option<Cursor> {
        self.cursors()
            .find(|c| self.asked(*c, answers) && !answers.contains_key(&self.question(*c).id))
    }

    /// Questions asked in component `index`, in order.
    pub fn asked_in(&self, index: usize, answers: &Answers) -> Vec<Cursor> {
        self.cursors()
            .filter(|c| c.component == index && self.asked(*c, answers))
            .collect()
    }

    /// (answered, asked) for component `index`.
    pub fn tally(&self, index: usize, answers: &Answers) -> (usize, usize) {
        let asked = self.asked_in(index, answers);
        let answered = asked
            .iter()
            .filter(|c| answers.contains_key(&self.question(**c).id))
            .count();
        (answered, asked.len())
    }

    /// Required questions that are asked but not answered, in kit order.
    pub fn open_required(&self, answers: &Answers) -> Vec<&'k Question> {
        self.cursors()
            .filter(|c| self.asked(*c, answers))
            .map(|c| self.question(c))
            .filter(|q| q.required && !answers.contains_key(&q.id))
            .collect()
    }

    /// Where `at` stands: component n of N, question k of K (counting questions asked).
    pub fn progress(&self, at: Cursor, answers: &Answers) -> Progress {
        let asked = self.asked_in(at.component, answers);
        let question = asked.iter().position(|c| *c == at).map_or_else(
            // Not asked (its condition failed after a jump): count it where it would stand.
            || asked.iter().filter(|c| **c < at).count() + 1,
            |i| i + 1,
        );
        Progress {
            component: at.component + 1,
            components: self.kit.components().len(),
            question,
            questions: asked.len().max(question),
        }
    }

    /// The default offered for `q`: its literal `default`, or its `default-expr` computed from
    /// the answers so far ([`Interview::computed_value`]; `None` while an answer it reads is
    /// missing).
    pub fn default_for(&self, q: &Question, answers: &Answers) -> Option<Answer> {
        if let Some(lit) = &q.default {
            return Some(match lit {
                Literal::Bool(b) => Answer::Bool(*b),
                Literal::Number(n) => Answer::Number(*n),
                Literal::Text(t) => Answer::Text(t.clone()),
                Literal::List(l) => Answer::List(l.clone()),
            });
        }
        self.computed_value(q, answers)
    }

    /// What the prompt offers for `q`: the current answer if there is one, else the default.
    pub fn suggestion(&self, q: &Question, answers: &Answers) -> Option<Answer> {
        answers
            .get(&q.id)
            .cloned()
            .or_else(|| self.default_for(q, answers))
    }
}

#[cfg(test)]
mod tests;
