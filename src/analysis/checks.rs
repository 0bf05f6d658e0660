//! Reality checks: the kit says which rules to run, with their title, explanation and severity;
//! this module evaluates the rule language against a plan or a game hand.
//!
//! Every test has three outcomes: it holds, it does not, or it cannot be told (an answer not
//! given, a binding the kit lacks, measures in a game hand). `all`, `any` and `not` combine them
//! as three-valued logic does: `all` fails as soon as one part fails, even if another cannot be
//! told, `any` holds as soon as one part holds, and only what is left undecided is "not checked".
//! So a check that could not fire whatever the missing answer is passes rather than being listed
//! as not worked out.
//!
//! Each test also says *why* it came out as it did, in a fact ("`staff-confidence` is answered
//! ‘Weak’", "no chosen card is tagged `staff-training`"). A check that fires shows the facts of the
//! parts that made it fire; the one-sentence facts of an `all` are joined into one sentence.

use serde::Serialize;

use super::range::MoneyRange;
use super::{Cause, Skipped};
use crate::kit::rule::{AnswerTest, CardSelect, Compare, MeasureSelect, Rule, card_terms};
use crate::kit::{
    BudgetTest, Card, CostPart, Kit, MeasurePart, QuestionType, Severity, VocabularyName,
};
use crate::plan::{Answer, PlanMeasure};
use crate::text::{group_thousands, money};

/// A reality check that fired, with the facts that made it fire.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FiredCheck {
    /// Check id.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Why it matters and what to do (Markdown).
    pub explanation: String,
    /// How serious it is.
    pub severity: Severity,
    /// Title of the source the check comes from.
    pub source: String,
    /// The specifics: which card, barrier, partner, answer.
    pub facts: Vec<Fact>,
}

/// One specific reason a check fired.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Fact {
    /// The fact in words.
    pub text: String,
    /// The card concerned, by id.
    pub card: Option<String>,
    /// The barrier concerned, by id.
    pub barrier: Option<String>,
    /// The partner concerned, by id.
    pub partner: Option<String>,
}

impl Fact {
    fn text(text: String) -> Self {
        Fact {
            text,
            ..Fact::default()
        }
    }

    /// A fact about nothing in particular, which can join others in a sentence.
    fn plain(&self) -> bool {
        self.card.is_none() && self.barrier.is_none() && self.partner.is_none()
    }
}

/// What a budget is compared with.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Budget {
    /// A plan: first-year cost in pounds against the budget answer.
    Money {
        /// The budget a year, if answered.
        budget: Option<f64>,
    },
    /// The game: points against the scenario's points.
    Points {
        /// Points the hand uses.
        used: u32,
        /// Points the scenario allows.
        budget: u32,
    },
}

/// Looks up the answer to a question id (applicable and given).
pub(crate) type AnswerFn<'a> = dyn Fn(&str) -> Option<&'a Answer> + 'a;

/// Where the rules' answers, measures and named terms come from.
pub(crate) enum Source<'a> {
    /// A plan: its answers and measures.
    Plan {
        /// Answers by question id.
        answer: &'a AnswerFn<'a>,
        /// The plan's measures.
        measures: &'a [PlanMeasure],
    },
    /// A game hand: no answers or measures; the scenario names barriers and partners.
    Game {
        /// The scenario's barriers.
        barriers: &'a [String],
        /// The scenario's partners.
        partners: &'a [String],
    },
}

/// Everything the rules look at.
pub(crate) struct Input<'a> {
    /// Kit cards in play (chosen, or held plus already running).
    pub cards: Vec<&'a Card>,
    /// Points of cards in play that are not the kit's (written on the spot in the game).
    pub extra_points: u32,
    /// Set-up cost of the cards in play.
    pub setup: MoneyRange,
    /// Running cost a year of the cards in play.
    pub running: MoneyRange,
    /// The budget comparison.
    pub budget: Budget,
    /// Answers and measures, or the scenario.
    pub source: Source<'a>,
}

impl Input<'_> {
    /// How facts name the whole: "the plan" or "the scenario".
    fn whole(&self) -> &'static str {
        match self.source {
            Source::Plan { .. } => "the plan",
            Source::Game { .. } => "the scenario",
        }
    }
}

/// Run every reality check of the kit against `input`.
pub(crate) fn evaluate(kit: &Kit, input: &Input<'_>) -> (Vec<FiredCheck>, Vec<Skipped>) {
    let mut fired = Vec::new();
    let mut skipped = Vec::new();
    let cx = Cx { kit, input };
    for (check, rule) in kit.checks() {
        match cx.eval(rule) {
            Value::True(facts) => fired.push(FiredCheck {
                id: check.id.clone(),
                title: check.title.clone(),
                explanation: check.explanation.clone(),
                severity: check.severity,
                source: kit
                    .source(&check.source)
                    .map_or_else(|| check.source.clone(), |s| s.title.clone()),
                facts: dedup(facts),
            }),
            Value::False(_) => {}
            Value::Unknown(reasons) => {
                // The kit's gap first: no answer can fill it.
                let cause = [Cause::Kit, Cause::Game, Cause::Plan]
                    .into_iter()
                    .find(|c| reasons.iter().any(|(_, rc)| rc == c))
                    .unwrap_or(Cause::Plan);
                let mut texts: Vec<String> = Vec::new();
                for (r, _) in &reasons {
                    if !texts.contains(r) {
                        texts.push(r.clone());
                    }
                }
                skipped.push(Skipped {
                    cause,
                    ..Skipped::new("reality-check", Some(check.id.clone()), texts.join("; "))
                });
            }
        }
    }
    (fired, skipped)
}

/// A test's outcome, with why.
#[derive(Debug)]
enum Value {
    True(Vec<Fact>),
    False(Vec<Fact>),
    Unknown(Vec<(String, Cause)>),
}

impl Value {
    fn of(holds: bool, facts: Vec<Fact>) -> Value {
        if holds {
            Value::True(facts)
        } else {
            Value::False(facts)
        }
    }
}

struct Cx<'a, 'i> {
    kit: &'a Kit,
    input: &'a Input<'i>,
}

fn card_name(c: &Card) -> String {
    format!("‘{}’", c.title)
}

/// `‘A’, ‘B’` or `none`.
fn card_list(cards: &[&Card]) -> String {
    cards
        .iter()
        .map(|c| card_name(c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `A or B`, `A, B or C`; `A; B or C` when a label has a comma of its own.
fn or_list(items: &[String]) -> String {
    let sep = if items.iter().any(|i| i.contains(',')) {
        "; "
    } else {
        ", "
    };
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(sep)),
    }
}

/// `a`, `a, and b`, `a, b, and c`: facts that make one sentence.
fn and_sentence(texts: &[String]) -> String {
    match texts {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl Cx<'_, '_> {
    fn eval(&self, rule: &Rule) -> Value {
        match rule {
            Rule::All(rules) => {
                let values: Vec<Value> = rules.iter().map(|r| self.eval(r)).collect();
                let mut falses = Vec::new();
                let mut unknown = Vec::new();
                let mut trues = Vec::new();
                for v in values {
                    match v {
                        Value::False(f) => falses.extend(f),
                        Value::Unknown(u) => unknown.extend(u),
                        Value::True(f) => trues.push(f),
                    }
                }
                if !falses.is_empty() {
                    Value::False(falses)
                } else if !unknown.is_empty() {
                    Value::Unknown(unknown)
                } else if trues.iter().all(|f| f.len() == 1 && f[0].plain()) && trues.len() > 1 {
                    let texts: Vec<String> = trues.iter().map(|f| f[0].text.clone()).collect();
                    Value::True(vec![Fact::text(and_sentence(&texts))])
                } else {
                    Value::True(trues.into_iter().flatten().collect())
                }
            }
            Rule::Any(rules) => {
                let values: Vec<Value> = rules.iter().map(|r| self.eval(r)).collect();
                let mut trues = Vec::new();
                let mut unknown = Vec::new();
                let mut falses = Vec::new();
                for v in values {
                    match v {
                        Value::True(f) => trues.extend(f),
                        Value::Unknown(u) => unknown.extend(u),
                        Value::False(f) => falses.extend(f),
                    }
                }
                if !trues.is_empty() {
                    Value::True(trues)
                } else if !unknown.is_empty() {
                    Value::Unknown(unknown)
                } else {
                    Value::False(falses)
                }
            }
            Rule::Not(r) => match self.eval(r) {
                Value::True(f) => Value::False(f),
                Value::False(f) => Value::True(f),
                u @ Value::Unknown(_) => u,
            },
            Rule::Answer { question, test } => self.answer(question, test),
            Rule::Cards { filter, count } => self.cards(filter, count),
            Rule::Points { filter, compare } => self.points(filter, compare),
            Rule::Covered { vocabulary, count } => self.covered(vocabulary, count, true),
            Rule::NotCovered { vocabulary, count } => self.covered(vocabulary, count, false),
            Rule::NamedNotCovered {
                vocabulary,
                named_by,
                count,
            } => self.named_not_covered(vocabulary, named_by.as_deref(), count),
            Rule::CoveredNotNamed {
                vocabulary,
                named_by,
                count,
            } => self.covered_not_named(vocabulary, named_by.as_deref(), count),
            Rule::PrerequisitesMissing { filter, count } => self.prerequisites(filter, count),
            Rule::Measures { filter, count } => self.measures(filter, count),
            Rule::Cost { part, compare } => self.cost(*part, compare),
            Rule::Budget(test) => self.budget(*test),
        }
    }

    fn answer(&self, id: &str, test: &AnswerTest) -> Value {
        let Source::Plan { answer, .. } = &self.input.source else {
            return Value::Unknown(vec![(
                "needs a plan's answers; a game hand has none".to_owned(),
                Cause::Game,
            )]);
        };
        let given = answer(id);
        if let AnswerTest::Answered(want) = test {
            let fact = if given.is_some() {
                format!("`{id}` is answered")
            } else {
                format!("`{id}` is not answered")
            };
            return Value::of(given.is_some() == *want, vec![Fact::text(fact)]);
        }
        let Some(a) = given else {
            return Value::Unknown(vec![(format!("`{id}` is not answered"), Cause::Plan)]);
        };
        let holds = crate::interview::answer_holds(test, a);
        // What the answer says, in words; for a choice test that holds, only the values that
        // make it hold.
        let shown = match (test, a, holds) {
            (AnswerTest::OneOf(values), Answer::List(items), true) => {
                let hits: Vec<String> = values
                    .iter()
                    .filter(|v| items.contains(v))
                    .map(|v| self.choice_label(id, v))
                    .collect();
                format!("‘{}’", hits.join("’, ‘"))
            }
            (AnswerTest::Equals(crate::kit::Literal::Text(v)), Answer::List(_), true) => {
                format!("‘{}’", self.choice_label(id, v))
            }
            _ => self.answer_text(id, a),
        };
        Value::of(
            holds,
            vec![Fact::text(format!("`{id}` is answered {shown}"))],
        )
    }

    fn choice_label(&self, id: &str, value: &str) -> String {
        self.kit
            .question(id)
            .and_then(|q| {
                self.kit
                    .choices(q)
                    .iter()
                    .find(|c| c.value == value)
                    .map(|c| c.label.clone())
            })
            .unwrap_or_else(|| value.to_owned())
    }

    /// An answer as the fact shows it: `‘Weak’`, `‘Cost’, ‘Skills’`, `£20,000`, `45%`, `‘No’`.
    fn answer_text(&self, id: &str, a: &Answer) -> String {
        let kind = self.kit.question(id).map(|q| q.kind);
        match (kind, a) {
            (Some(QuestionType::Money), Answer::Number(n)) => money(*n),
            (Some(QuestionType::Percent), Answer::Number(n)) => {
                format!("{}%", super::reach::trim(*n))
            }
            (_, Answer::Number(n)) => number(*n),
            (_, Answer::Bool(b)) => if *b { "‘Yes’" } else { "‘No’" }.to_owned(),
            (_, Answer::Text(t)) => {
                let t = t.trim();
                let short: String = t.chars().take(60).collect();
                let more = if short.len() < t.len() { "…" } else { "" };
                format!("‘{}{more}’", self.choice_label(id, &short))
            }
            (_, Answer::List(items)) => format!(
                "‘{}’",
                items
                    .iter()
                    .map(|i| self.choice_label(id, i))
                    .collect::<Vec<_>>()
                    .join("’, ‘")
            ),
        }
    }

    /// What the selected cards do, as a verb phrase for one card and for several:
    /// (`is tagged `x` and addresses Cost`, `are tagged `x` and address Cost`).
    fn describe(&self, s: &CardSelect) -> (String, String) {
        let t = self.kit.terms();
        let mut one = Vec::new();
        let mut many = Vec::new();
        let mut push = |a: String, b: String| {
            one.push(a);
            many.push(b);
        };
        if !s.card.is_empty() {
            let titles: Vec<String> = s
                .card
                .iter()
                .map(|id| {
                    self.kit
                        .card(id)
                        .map_or_else(|| format!("`{id}`"), card_name)
                })
                .collect();
            let l = or_list(&titles);
            push(format!("is {l}"), format!("are {l}"));
        }
        if !s.tag.is_empty() {
            let tags: Vec<String> = s.tag.iter().map(|x| format!("`{x}`")).collect();
            let l = or_list(&tags);
            push(format!("is tagged {l}"), format!("are tagged {l}"));
        }
        let labels = |v: VocabularyName, ids: &[String]| -> String {
            or_list(
                &ids.iter()
                    .map(|i| self.kit.label(v, i).to_owned())
                    .collect::<Vec<_>>(),
            )
        };
        if !s.level.is_empty() {
            let l = labels(VocabularyName::Levels, &s.level);
            push(
                format!("is at the {} {l}", t.level.singular),
                format!("are at the {} {l}", t.level.singular),
            );
        }
        if !s.barrier.is_empty() {
            let l = labels(VocabularyName::Barriers, &s.barrier);
            push(format!("addresses {l}"), format!("address {l}"));
        }
        if !s.partner.is_empty() {
            let l = labels(VocabularyName::Partners, &s.partner);
            push(format!("needs {l}"), format!("need {l}"));
        }
        if !s.component.is_empty() {
            let titles: Vec<String> = s
                .component
                .iter()
                .map(|c| {
                    format!(
                        "‘{}’",
                        self.kit
                            .component(c)
                            .map_or(c.as_str(), |c| c.title.as_str())
                    )
                })
                .collect();
            let l = or_list(&titles);
            push(format!("serves {l}"), format!("serve {l}"));
        }
        for (v, terms) in &s.vocabularies {
            let l = or_list(
                &terms
                    .iter()
                    .map(|i| self.kit.label_in(v, i).to_owned())
                    .collect::<Vec<_>>(),
            );
            push(format!("carries {l}"), format!("carry {l}"));
        }
        (one.join(" and "), many.join(" and "))
    }

    fn selected(&self, s: &CardSelect) -> Vec<&Card> {
        let mut out: Vec<&Card> = Vec::new();
        for c in self.input.cards.iter().filter(|c| s.matches(c)) {
            if !out.iter().any(|o| o.id == c.id) {
                out.push(c);
            }
        }
        out
    }

    fn cards(&self, s: &CardSelect, count: &Compare) -> Value {
        let chosen = self.selected(s);
        let n = chosen.len();
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        let only_cards = !s.card.is_empty()
            && CardSelect {
                card: Vec::new(),
                ..s.clone()
            }
            .is_all();
        let text = if only_cards {
            // `{cards: {card: x}}`: whether those cards are chosen.
            if n == 0 {
                let titles: Vec<String> = s
                    .card
                    .iter()
                    .map(|id| {
                        self.kit
                            .card(id)
                            .map_or_else(|| format!("`{id}`"), card_name)
                    })
                    .collect();
                match titles.as_slice() {
                    [one] => format!("{one} is not chosen"),
                    _ => format!("none of {} is chosen", titles.join(", ")),
                }
            } else {
                format!(
                    "{} {} chosen",
                    card_list(&chosen),
                    if n == 1 { "is" } else { "are" }
                )
            }
        } else if s.is_all() {
            match n {
                0 => "no cards are chosen".to_owned(),
                _ => format!(
                    "{n} card{} {} chosen: {}",
                    plural(n),
                    if n == 1 { "is" } else { "are" },
                    card_list(&chosen)
                ),
            }
        } else {
            let (one, many) = self.describe(s);
            match n {
                0 => format!("no chosen card {one}"),
                1 => format!("1 chosen card {one}: {}", card_list(&chosen)),
                _ => format!("{n} chosen cards {many}: {}", card_list(&chosen)),
            }
        };
        Value::of(holds, vec![Fact::text(text)])
    }

    fn points(&self, s: &CardSelect, compare: &Compare) -> Value {
        let chosen = self.selected(s);
        let mut points: u32 = chosen.iter().map(|c| u32::from(c.points)).sum();
        if s.is_all() {
            points = points.saturating_add(self.input.extra_points);
        }
        let text = if s.is_all() {
            format!("the cards use {points} point{}", plural(points as usize))
        } else {
            format!(
                "the chosen cards that {} use {points} point{}",
                self.describe(s).1,
                plural(points as usize)
            )
        };
        Value::of(compare.holds(f64::from(points)), vec![Fact::text(text)])
    }

    /// A vocabulary's noun (plural) and the verb a card carries its terms with (one, several).
    fn vocabulary_words(&self, name: &str) -> (String, String, &'static str, &'static str) {
        let t = self.kit.terms();
        match VocabularyName::from_name(name) {
            Some(VocabularyName::Levels) => (
                t.level.singular.clone(),
                t.level.plural.clone(),
                "is at",
                "are at",
            ),
            Some(VocabularyName::Barriers) => (
                t.barrier.singular.clone(),
                t.barrier.plural.clone(),
                "addresses",
                "address",
            ),
            Some(VocabularyName::Partners) => (
                t.partner.singular.clone(),
                t.partner.plural.clone(),
                "needs",
                "need",
            ),
            _ => {
                let words = name.replace('-', " ");
                (format!("term of the {words}"), words, "carries", "carry")
            }
        }
    }

    fn labels(&self, vocabulary: &str, ids: &[&str]) -> Vec<String> {
        ids.iter()
            .map(|i| self.kit.label_in(vocabulary, i).to_owned())
            .collect()
    }

    fn covered(&self, vocabulary: &str, count: &Compare, covered: bool) -> Value {
        let terms = self.kit.vocabulary_named(vocabulary).unwrap_or_default();
        let carried = |id: &str| {
            self.input
                .cards
                .iter()
                .any(|c| card_terms(c, vocabulary).contains(&id))
        };
        let ids: Vec<&str> = terms
            .iter()
            .map(|t| t.id.as_str())
            .filter(|id| carried(id) == covered)
            .collect();
        let n = ids.len();
        let total = terms.len();
        let (_, nouns, _, verb) = self.vocabulary_words(vocabulary);
        let labels = self.labels(vocabulary, &ids);
        let text = if covered {
            let cards = self.input.cards.len();
            if n == 1 && vocabulary == "levels" && cards > 0 {
                // Every card has one level: say it as the team sees it.
                format!(
                    "all {cards} chosen card{} {} at one {}: {}",
                    plural(cards),
                    if cards == 1 { "is" } else { "are" },
                    self.kit.terms().level.singular,
                    labels[0]
                )
            } else if n == 0 {
                format!("the chosen cards {verb} none of the kit's {total} {nouns}")
            } else {
                format!(
                    "the chosen cards {verb} {n} of the kit's {total} {nouns}: {}",
                    labels.join("; ")
                )
            }
        } else if n == 0 {
            format!("the chosen cards {verb} every one of the kit's {total} {nouns}")
        } else {
            let (_, _, one, _) = self.vocabulary_words(vocabulary);
            format!("no chosen card {one} {}", or_list(&labels))
        };
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        Value::of(holds, vec![Fact::text(text)])
    }

    /// The terms the plan names for a vocabulary, or why they are not known.
    fn named(
        &self,
        vocabulary: &str,
        named_by: Option<&str>,
    ) -> Result<Vec<String>, (String, Cause)> {
        let (_, nouns, _, _) = self.vocabulary_words(vocabulary);
        let binding = match vocabulary {
            "barriers" => self.kit.bindings().barriers.as_deref(),
            "partners" => self.kit.bindings().partners.as_deref(),
            _ => None,
        };
        match &self.input.source {
            Source::Game { barriers, partners } => match (named_by, vocabulary) {
                (None, "barriers") => Ok(barriers.to_vec()),
                (None, "partners") => Ok(partners.to_vec()),
                _ => Err((
                    "needs a plan's answers; a game hand has none".to_owned(),
                    Cause::Game,
                )),
            },
            Source::Plan { answer, .. } => {
                let Some(q) = named_by.or(binding) else {
                    return Err((
                        format!(
                            "the kit asks no question that names the {nouns} (`bindings.{vocabulary}`)"
                        ),
                        Cause::Kit,
                    ));
                };
                match answer(q) {
                    Some(a) => Ok(a.as_list().map(<[String]>::to_vec).unwrap_or_default()),
                    None => Err((format!("`{q}` (the {nouns}) is not answered"), Cause::Plan)),
                }
            }
        }
    }

    /// The Fact field a vocabulary's term goes in.
    fn fact_for(vocabulary: &str, term: &str, mut fact: Fact) -> Fact {
        match vocabulary {
            "barriers" => fact.barrier = Some(term.to_owned()),
            "partners" => fact.partner = Some(term.to_owned()),
            _ => {}
        }
        fact
    }

    fn named_not_covered(
        &self,
        vocabulary: &str,
        named_by: Option<&str>,
        count: &Compare,
    ) -> Value {
        let named = match self.named(vocabulary, named_by) {
            Ok(n) => n,
            Err(why) => return Value::Unknown(vec![why]),
        };
        let (noun, _, one, _) = self.vocabulary_words(vocabulary);
        let mut facts = Vec::new();
        for term in &named {
            if self
                .input
                .cards
                .iter()
                .any(|c| card_terms(c, vocabulary).contains(&term.as_str()))
            {
                continue;
            }
            let label = self.kit.label_in(vocabulary, term);
            facts.push(Self::fact_for(
                vocabulary,
                term,
                Fact::text(format!("{label} is named but no chosen card {one} it")),
            ));
        }
        let n = facts.len();
        if n == 0 {
            facts.push(Fact::text(format!(
                "every {noun} {} names has a chosen card that {one} it",
                self.input.whole()
            )));
        }
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        Value::of(holds, facts)
    }

    fn covered_not_named(
        &self,
        vocabulary: &str,
        named_by: Option<&str>,
        count: &Compare,
    ) -> Value {
        let named = match self.named(vocabulary, named_by) {
            Ok(n) => n,
            Err(why) => return Value::Unknown(vec![why]),
        };
        let (noun, _, one, many) = self.vocabulary_words(vocabulary);
        let mut facts = Vec::new();
        let mut terms: Vec<&str> = Vec::new();
        for c in &self.input.cards {
            for term in card_terms(c, vocabulary) {
                if named.iter().any(|n| n == term) {
                    continue;
                }
                if !terms.contains(&term) {
                    terms.push(term);
                }
                let fact = Fact {
                    text: format!(
                        "{} {one} {}, which {} does not name",
                        card_name(c),
                        self.kit.label_in(vocabulary, term),
                        self.input.whole()
                    ),
                    card: Some(c.id.clone()),
                    ..Fact::default()
                };
                facts.push(Self::fact_for(vocabulary, term, fact));
            }
        }
        let n = terms.len();
        if n == 0 {
            facts.push(Fact::text(format!(
                "every {noun} the chosen cards {many} is named"
            )));
        }
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        Value::of(holds, facts)
    }

    fn prerequisites(&self, s: &CardSelect, count: &Compare) -> Value {
        let cards = &self.input.cards;
        let mut facts = Vec::new();
        for c in self.selected(s) {
            for pre in c
                .builds_on
                .iter()
                .filter(|p| !cards.iter().any(|x| &x.id == *p))
            {
                let title = self
                    .kit
                    .card(pre)
                    .map_or_else(|| format!("`{pre}`"), card_name);
                facts.push(Fact {
                    text: format!("{} builds on {title}, which is not chosen", card_name(c)),
                    card: Some(c.id.clone()),
                    ..Fact::default()
                });
            }
        }
        let facts = dedup(facts);
        let n = facts.len();
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        if n == 0 {
            return Value::of(
                holds,
                vec![Fact::text(
                    "every card the chosen cards build on is chosen".to_owned(),
                )],
            );
        }
        Value::of(holds, facts)
    }

    fn measures(&self, s: &MeasureSelect, count: &Compare) -> Value {
        let Source::Plan { measures, .. } = &self.input.source else {
            return Value::Unknown(vec![(
                "needs a plan's measures; a game hand has none".to_owned(),
                Cause::Game,
            )]);
        };
        let has = |m: &PlanMeasure, p: MeasurePart| match p {
            MeasurePart::Baseline => m.baseline.is_some(),
            MeasurePart::Target => m.target.is_some(),
            MeasurePart::Values => !m.values.is_empty(),
        };
        let matching: Vec<&PlanMeasure> = measures
            .iter()
            .filter(|m| s.measure.is_empty() || s.measure.contains(&m.id))
            .filter(|m| s.with.iter().all(|p| has(m, *p)))
            .filter(|m| !s.without.iter().any(|p| has(m, *p)))
            .collect();
        let n = matching.len();
        let ids = matching
            .iter()
            .map(|m| format!("`{}`", m.id))
            .collect::<Vec<_>>()
            .join(", ");
        let whole = self.input.whole();
        let text = if s.is_all() {
            match n {
                0 => format!("{whole} tracks no measures"),
                _ => format!("{whole} tracks {n} measure{}: {ids}", plural(n)),
            }
        } else {
            let part = |p: MeasurePart| match p {
                MeasurePart::Baseline => "a baseline",
                MeasurePart::Target => "a target",
                MeasurePart::Values => "values recorded",
            };
            let mut one = Vec::new();
            let mut many = Vec::new();
            if !s.measure.is_empty() {
                let l = or_list(
                    &s.measure
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>(),
                );
                one.push(format!("is {l}"));
                many.push(format!("are {l}"));
            }
            for p in &s.with {
                one.push(format!("has {}", part(*p)));
                many.push(format!("have {}", part(*p)));
            }
            for p in &s.without {
                let no = part(*p)
                    .replace("a ", "no ")
                    .replace("values recorded", "no values recorded");
                one.push(format!("has {no}"));
                many.push(format!("have {no}"));
            }
            match n {
                0 => format!("no measure {whole} tracks {}", one.join(" and ")),
                1 => format!("1 measure {whole} tracks {}: {ids}", one.join(" and ")),
                _ => format!("{n} measures {whole} tracks {}: {ids}", many.join(" and ")),
            }
        };
        #[allow(clippy::cast_precision_loss)]
        let holds = count.holds(n as f64);
        Value::of(holds, vec![Fact::text(text)])
    }

    fn cost(&self, part: CostPart, compare: &Compare) -> Value {
        let i = self.input;
        let (range, what) = match part {
            CostPart::FirstYear => (i.setup.plus(i.running), "the first-year cost"),
            CostPart::SetUp => (i.setup, "the set-up cost"),
            CostPart::Running => (i.running, "the running cost a year"),
        };
        Value::of(
            compare.holds_range(range.min, range.max),
            vec![Fact::text(format!("{what} is {}", range.text()))],
        )
    }

    fn budget(&self, test: BudgetTest) -> Value {
        let over = test == BudgetTest::Over;
        match self.input.budget {
            Budget::Points { used, budget } => {
                let text = format!("the cards use {used} points of a budget of {budget}");
                Value::of((used > budget) == over, vec![Fact::text(text)])
            }
            Budget::Money { budget } => {
                let term = &self.kit.terms().budget;
                let Some(budget) = budget else {
                    return Value::Unknown(vec![match &self.kit.bindings().budget {
                        Some(_) => (format!("the {term} is not answered"), Cause::Plan),
                        None => (
                            format!("the kit asks no question for the {term} (`bindings.budget`)"),
                            Cause::Kit,
                        ),
                    }]);
                };
                let (setup, running) = (self.input.setup, self.input.running);
                let first = setup.plus(running);
                // A range over the budget only at its high end is over: a reality check is a
                // prompt for discussion, and the fact says which end is over.
                let is_over = first.max > budget;
                let which = if !is_over {
                    "within it even at the high end"
                } else if first.min > budget {
                    "over even at the low end"
                } else {
                    "within it at the low end, over at the high end"
                };
                let text = format!(
                    "first-year cost {} (set-up {} plus a year's running {}) against the {term} of {} a year: {which}",
                    first.text(),
                    setup.text(),
                    running.text(),
                    money(budget)
                );
                Value::of(is_over == over, vec![Fact::text(text)])
            }
        }
    }
}

/// `4,120`, `2.5`.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let whole = n as i64;
        let sign = if whole < 0 { "-" } else { "" };
        format!("{sign}{}", group_thousands(whole.unsigned_abs()))
    } else {
        format!("{n}")
    }
}

/// A card chosen twice should not say the same thing twice.
fn dedup(facts: Vec<Fact>) -> Vec<Fact> {
    let mut out: Vec<Fact> = Vec::new();
    for f in facts {
        if !out.iter().any(|o| o.text == f.text) {
            out.push(f);
        }
    }
    out
}
