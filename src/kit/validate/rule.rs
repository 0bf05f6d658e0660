//! Checking conditions (`when`, a reality check's `rule`) into [`Rule`]s.
//!
//! Every problem points at the part of the condition that is wrong: the second of two tests in
//! one mapping, a comparison that does not go with its subject, an unknown question, tag, term or
//! choice, a `when` that reaches past the answers. A shorthand (`kind`) is expanded here into the
//! rule it stands for, so the analysis evaluates one language.

use std::collections::{HashMap, HashSet};

use super::super::diagnostic::unknown_help;
use super::super::model::{
    CardFilter, Condition, Literal, MeasureFilter, Question, QuestionType, RuleKind, VocabularyName,
};
use super::super::rule::{AnswerTest, CardSelect, Compare, MeasureSelect, Rule};
use super::{Checker, earlier_question, literal_problem};
use crate::kit::MeasurePart;

/// What a condition may refer to.
pub(super) struct Scope<'a> {
    /// Question id → its position in kit order.
    pub order: &'a HashMap<&'a str, usize>,
    /// Question ids in kit order.
    pub question_ids: &'a [&'a str],
    /// Questions by id.
    pub by_id: &'a HashMap<&'a str, &'a Question>,
    /// Term ids of each vocabulary, by name.
    pub vocab: &'a HashMap<String, Vec<String>>,
    /// Names of the vocabularies that have terms, in name order.
    pub vocab_names: &'a [&'a str],
    /// Every tag some card carries.
    pub tags: &'a HashSet<&'a str>,
    /// Card ids.
    pub card_ids: &'a [&'a str],
    /// Measure ids.
    pub measure_ids: &'a [&'a str],
    /// Component ids.
    pub component_ids: &'a [&'a str],
    /// `bindings.barriers` and `bindings.partners`, the default namers.
    pub barriers_question: Option<&'a str>,
    /// See `barriers_question`.
    pub partners_question: Option<&'a str>,
}

impl Scope<'_> {
    fn choices(&self, q: &Question) -> Vec<String> {
        match &q.choices_from {
            Some(v) => self.vocab.get(v).cloned().unwrap_or_default(),
            None => q.choices.iter().map(|c| c.value.clone()).collect(),
        }
    }
}

/// Where the condition is written.
pub(super) enum Mode<'a> {
    /// A question's `when`: answers to earlier questions only.
    When {
        /// The question's position in kit order.
        pos: usize,
        /// Its id.
        asking: &'a str,
    },
    /// A reality check's `rule`.
    Check,
}

const SUBJECTS: &[&str] = &[
    "all",
    "any",
    "not",
    "question",
    "cards",
    "points",
    "covered",
    "not-covered",
    "named-not-covered",
    "covered-not-named",
    "prerequisites-missing",
    "measures",
    "cost",
    "budget",
    "kind",
];

const COMPARISONS: &[&str] = &["at-least", "at-most", "above", "below", "equals"];

/// The subjects written in `c`, in the order of [`SUBJECTS`].
fn subjects(c: &Condition) -> Vec<&'static str> {
    let has = [
        c.all.is_some(),
        c.any.is_some(),
        c.not.is_some(),
        c.question.is_some(),
        c.cards.is_some(),
        c.points.is_some(),
        c.covered.is_some(),
        c.not_covered.is_some(),
        c.named_not_covered.is_some(),
        c.covered_not_named.is_some(),
        c.prerequisites_missing.is_some(),
        c.measures.is_some(),
        c.cost.is_some(),
        c.budget.is_some(),
        c.kind.is_some(),
    ];
    SUBJECTS
        .iter()
        .zip(has)
        .filter(|(_, h)| *h)
        .map(|(s, _)| *s)
        .collect()
}

/// The parameters written in `c`.
fn params(c: &Condition) -> Vec<&'static str> {
    let has = [
        ("equals", c.equals.is_some()),
        ("one-of", c.one_of.is_some()),
        ("at-least", c.at_least.is_some()),
        ("at-most", c.at_most.is_some()),
        ("above", c.above.is_some()),
        ("below", c.below.is_some()),
        ("answered", c.answered.is_some()),
        ("named-by", c.named_by.is_some()),
        ("values", c.values.is_some()),
        ("tag", c.tag.is_some()),
    ];
    has.iter().filter(|(_, h)| *h).map(|(p, _)| *p).collect()
}

fn join(path: &str, key: &str) -> String {
    format!("{path}.{key}")
}

fn listed(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Check `c` (written at `path`) and build its rule; `None` when something is wrong (and
/// reported).
pub(super) fn check(
    ck: &mut Checker,
    file: usize,
    path: &str,
    c: &Condition,
    scope: &Scope<'_>,
    mode: &Mode<'_>,
) -> Option<Rule> {
    let found = subjects(c);
    // `question` is a parameter of the answer-without-card shorthand, not a second test.
    let found: Vec<&str> = if c.kind.is_some() {
        found.into_iter().filter(|s| *s != "question").collect()
    } else {
        found
    };
    let subject = match found.as_slice() {
        [] => {
            let (message, example) = match mode {
                Mode::When { .. } => (
                    "this condition tests nothing",
                    "`when: {question: has-strategy, equals: no}`",
                ),
                Mode::Check => (
                    "this rule tests nothing",
                    "`{question: staff-confidence, one-of: [weak]}` or `{not: {cards: {tag: staff-training}}}`",
                ),
            };
            ck.report(
                file,
                path,
                message.to_owned(),
                Some(format!(
                    "give it one test ({}), or combine conditions with `all`, `any` or `not`; for example {example}",
                    listed(&SUBJECTS[3..14])
                )),
            );
            return None;
        }
        [one] => *one,
        [first, second, ..] => {
            ck.report_key(
                file,
                &join(path, second),
                format!("one condition has two tests, `{first}` and `{second}`"),
                Some(
                    "write each as its own condition under `all:` (both must hold) or `any:` (either may)"
                        .into(),
                ),
            );
            return None;
        }
    };
    if let Mode::When { .. } = mode
        && !matches!(subject, "all" | "any" | "not" | "question")
    {
        ck.report_key(
            file,
            &join(path, subject),
            format!("`{subject}` is for reality checks; a `when` can only test earlier answers"),
            Some("test an earlier question's answer with `question:`".into()),
        );
        return None;
    }
    let allowed: &[&str] = match subject {
        "question" => &[
            "equals", "one-of", "at-least", "at-most", "above", "below", "answered",
        ],
        "cards"
        | "covered"
        | "not-covered"
        | "prerequisites-missing"
        | "measures"
        | "points"
        | "cost" => COMPARISONS,
        "named-not-covered" | "covered-not-named" => &[
            "at-least", "at-most", "above", "below", "equals", "named-by",
        ],
        "kind" if c.kind == Some(RuleKind::AnswerWithoutCard) => &["values", "tag"],
        _ => &[],
    };
    let mut bad = false;
    for p in params(c) {
        if !allowed.contains(&p) {
            bad = true;
            let help = if allowed.is_empty() {
                format!("`{subject}` takes nothing else; remove `{p}`")
            } else {
                format!("with `{subject}` use {}", listed(allowed))
            };
            ck.report_key(
                file,
                &join(path, p),
                format!("`{p}` does not go with `{subject}`"),
                Some(help),
            );
        }
    }
    if c.kind.is_some_and(|k| k != RuleKind::AnswerWithoutCard) && c.question.is_some() {
        bad = true;
        ck.report_key(
            file,
            &join(path, "question"),
            format!(
                "`question` does not go with `kind: {}`",
                c.kind.map(RuleKind::name).unwrap_or_default()
            ),
            Some("only `kind: answer-without-card` takes a question".into()),
        );
    }
    if bad {
        return None;
    }
    match subject {
        "all" | "any" => {
            let list = if subject == "all" { &c.all } else { &c.any };
            let list = list.as_deref().unwrap_or_default();
            if list.is_empty() {
                ck.report(
                    file,
                    &join(path, subject),
                    format!("`{subject}` lists no conditions"),
                    Some("give it a list of conditions, or remove it".into()),
                );
                return None;
            }
            let mut rules = Vec::new();
            let mut ok = true;
            for (i, sub) in list.iter().enumerate() {
                match check(
                    ck,
                    file,
                    &format!("{path}.{subject}[{i}]"),
                    sub,
                    scope,
                    mode,
                ) {
                    Some(r) => rules.push(r),
                    None => ok = false,
                }
            }
            ok.then(|| {
                if subject == "all" {
                    Rule::All(rules)
                } else {
                    Rule::Any(rules)
                }
            })
        }
        "not" => {
            let sub = c.not.as_deref().expect("present");
            check(ck, file, &join(path, "not"), sub, scope, mode).map(|r| Rule::Not(Box::new(r)))
        }
        "question" => answer(ck, file, path, c, scope, mode),
        "cards" | "points" | "prerequisites-missing" => {
            let filter = match subject {
                "cards" => c.cards.as_ref(),
                "points" => c.points.as_ref(),
                _ => c.prerequisites_missing.as_ref(),
            }
            .expect("present");
            let select = card_filter(ck, file, &join(path, subject), filter, scope);
            let needs = subject == "points";
            let compare = comparison(ck, file, path, c, subject, needs)?;
            let select = select?;
            Some(match subject {
                "cards" => Rule::Cards {
                    filter: select,
                    count: compare,
                },
                "points" => Rule::Points {
                    filter: select,
                    compare,
                },
                _ => Rule::PrerequisitesMissing {
                    filter: select,
                    count: compare,
                },
            })
        }
        "covered" | "not-covered" | "named-not-covered" | "covered-not-named" => {
            let name = match subject {
                "covered" => &c.covered,
                "not-covered" => &c.not_covered,
                "named-not-covered" => &c.named_not_covered,
                _ => &c.covered_not_named,
            }
            .as_deref()
            .expect("present");
            let vpath = join(path, subject);
            let vocab_ok = carried_vocabulary(ck, file, &vpath, name, scope);
            let count = comparison(ck, file, path, c, subject, false)?;
            if !vocab_ok {
                return None;
            }
            match subject {
                "covered" => Some(Rule::Covered {
                    vocabulary: name.to_owned(),
                    count,
                }),
                "not-covered" => Some(Rule::NotCovered {
                    vocabulary: name.to_owned(),
                    count,
                }),
                _ => {
                    let named_by = namer(ck, file, path, subject, name, c, scope)?;
                    Some(if subject == "named-not-covered" {
                        Rule::NamedNotCovered {
                            vocabulary: name.to_owned(),
                            named_by,
                            count,
                        }
                    } else {
                        Rule::CoveredNotNamed {
                            vocabulary: name.to_owned(),
                            named_by,
                            count,
                        }
                    })
                }
            }
        }
        "measures" => {
            let filter = c.measures.as_ref().expect("present");
            let select = measure_filter(ck, file, &join(path, "measures"), filter, scope);
            let count = comparison(ck, file, path, c, subject, false)?;
            Some(Rule::Measures {
                filter: select?,
                count,
            })
        }
        "cost" => {
            let compare = comparison(ck, file, path, c, subject, true)?;
            Some(Rule::Cost {
                part: c.cost.expect("present"),
                compare,
            })
        }
        "budget" => Some(Rule::Budget(c.budget.expect("present"))),
        "kind" => shorthand(ck, file, path, c, scope),
        _ => unreachable!("every subject is handled"),
    }
}

/// The comparison of a counted or summed subject; with none written, "at least one" (or an
/// error when the subject needs one).
fn comparison(
    ck: &mut Checker,
    file: usize,
    path: &str,
    c: &Condition,
    subject: &str,
    required: bool,
) -> Option<Compare> {
    let equals = match &c.equals {
        None => None,
        Some(Literal::Number(n)) => Some(*n),
        Some(_) => {
            ck.report(
                file,
                &join(path, "equals"),
                format!("`equals` with `{subject}` compares a number, and this is not one"),
                Some("write a number, for example `equals: 1`".into()),
            );
            return None;
        }
    };
    let compare = Compare {
        at_least: c.at_least,
        at_most: c.at_most,
        above: c.above,
        below: c.below,
        equals,
    };
    if compare.is_empty() {
        if required {
            ck.report(
                file,
                path,
                format!("`{subject}` needs a comparison"),
                Some(format!(
                    "add one of {}, for example `{{{subject}: …, above: 6}}`",
                    listed(COMPARISONS)
                )),
            );
            return None;
        }
        return Some(Compare::some());
    }
    bounds_ok(ck, file, path, &compare).then_some(compare)
}

fn bounds_ok(ck: &mut Checker, file: usize, path: &str, compare: &Compare) -> bool {
    let values = [
        ("at-least", compare.at_least),
        ("at-most", compare.at_most),
        ("above", compare.above),
        ("below", compare.below),
        ("equals", compare.equals),
    ];
    for (name, v) in values {
        if v.is_some_and(|v| !v.is_finite()) {
            ck.report(
                file,
                &join(path, name),
                format!("`{name}` is not a number"),
                None,
            );
            return false;
        }
    }
    if compare.impossible() {
        let first = values
            .iter()
            .find(|(_, v)| v.is_some())
            .map_or("at-least", |(n, _)| n);
        ck.report_key(
            file,
            &join(path, first),
            "no number passes these comparisons together, so the condition can never hold".into(),
            Some("check the bounds: `at-least`/`above` must be below `at-most`/`below`".into()),
        );
        return false;
    }
    true
}

/// A test of a question's answer.
fn answer(
    ck: &mut Checker,
    file: usize,
    path: &str,
    c: &Condition,
    scope: &Scope<'_>,
    mode: &Mode<'_>,
) -> Option<Rule> {
    let id = c.question.as_deref().expect("present");
    let qpath = join(path, "question");
    let known = match mode {
        Mode::When { pos, asking } => earlier_question(
            ck,
            file,
            &qpath,
            id,
            *pos,
            scope.order,
            scope.question_ids,
            asking,
        ),
        Mode::Check => ck.reference(
            file,
            &qpath,
            "question",
            id,
            scope.question_ids.iter().copied(),
        ),
    };
    let tests: Vec<&str> = [
        ("equals", c.equals.is_some()),
        ("one-of", c.one_of.is_some()),
        (
            "at-least",
            c.at_least.is_some() || c.at_most.is_some() || c.above.is_some() || c.below.is_some(),
        ),
        ("answered", c.answered.is_some()),
    ]
    .iter()
    .filter(|(_, h)| *h)
    .map(|(t, _)| *t)
    .collect();
    match tests.as_slice() {
        [] => {
            ck.report(
                file,
                path,
                format!("the test of `{id}` says nothing about its answer"),
                Some("add `equals`, `one-of`, `answered`, or a comparison (`at-least`, `at-most`, `above`, `below`)".into()),
            );
            return None;
        }
        [_] => {}
        [_, second, ..] => {
            let key = params(c)
                .into_iter()
                .find(|p| {
                    if *second == "at-least" {
                        ["at-least", "at-most", "above", "below"].contains(p)
                    } else {
                        p == second
                    }
                })
                .unwrap_or(second);
            ck.report_key(
                file,
                &join(path, key),
                format!(
                    "one test of `{id}` with two checks, `{}` and `{key}`",
                    tests[0]
                ),
                Some("write each as its own condition under `all:` or `any:`".into()),
            );
            return None;
        }
    }
    if !known {
        return None;
    }
    let q = scope.by_id[id];
    let choices = scope.choices(q);
    if let Some(want) = c.answered {
        return Some(Rule::Answer {
            question: id.to_owned(),
            test: AnswerTest::Answered(want),
        });
    }
    if let Some(lit) = &c.equals {
        let lit = match (q.kind, lit) {
            // `yes`/`no` are text in YAML 1.2; a yes-no question means true/false by them.
            (QuestionType::YesNo, Literal::Text(t)) => match yes_no(t) {
                Some(b) => Literal::Bool(b),
                None => {
                    ck.report(
                        file,
                        &join(path, "equals"),
                        format!("`{id}` is a yes-no question; `{t}` is neither yes nor no"),
                        Some("write `equals: yes` or `equals: no`".into()),
                    );
                    return None;
                }
            },
            _ => lit.clone(),
        };
        if q.kind.has_choices() {
            // A choice question's answer equals one of its choices (a multi-choice answer
            // contains it). With no choices at all the question itself is reported.
            let problem = match &lit {
                Literal::Text(t) if choices.contains(t) => None,
                Literal::Text(t) => Some((
                    format!("`{t}` is not a choice of `{id}`"),
                    unknown_help(t, choices.iter().map(String::as_str)),
                )),
                _ => Some((
                    format!("`equals` with `{id}` takes one of its choices"),
                    unknown_help("", choices.iter().map(String::as_str)),
                )),
            };
            if let Some((message, help)) = problem {
                if !choices.is_empty() {
                    ck.report(file, &join(path, "equals"), message, Some(help));
                }
                return None;
            }
        } else if let Some(p) = literal_problem(q.kind, &lit, &choices, None, None) {
            ck.report(
                file,
                &join(path, "equals"),
                format!("value compared with `{id}` {p}"),
                None,
            );
            return None;
        }
        return Some(Rule::Answer {
            question: id.to_owned(),
            test: AnswerTest::Equals(lit),
        });
    }
    if let Some(values) = &c.one_of {
        if !q.kind.has_choices() {
            let help = if q.kind == QuestionType::YesNo {
                "for a yes-no question write `equals: yes` or `equals: no`".to_owned()
            } else {
                "use `equals` for one value, or a comparison for a number".to_owned()
            };
            ck.report(
                file,
                &join(path, "one-of"),
                format!(
                    "`one-of` needs a choice question; `{id}` is `{}`",
                    q.kind.name()
                ),
                Some(help),
            );
            return None;
        }
        let mut ok = true;
        for (i, v) in values.iter().enumerate() {
            if !choices.contains(v) {
                ok = false;
                if choices.is_empty() {
                    // The question without choices is reported on its own.
                    continue;
                }
                let help = unknown_help(v, choices.iter().map(String::as_str));
                ck.report(
                    file,
                    &format!("{path}.one-of[{i}]"),
                    format!("`{v}` is not a choice of `{id}`"),
                    Some(help),
                );
            }
        }
        return ok.then(|| Rule::Answer {
            question: id.to_owned(),
            test: AnswerTest::OneOf(values.clone()),
        });
    }
    // A comparison.
    let countable = matches!(q.kind, QuestionType::MultiChoice | QuestionType::List);
    if !q.kind.is_numeric() && !countable {
        let key = params(c)
            .into_iter()
            .find(|p| ["at-least", "at-most", "above", "below"].contains(p))
            .unwrap_or("at-least");
        ck.report_key(
            file,
            &join(path, key),
            format!(
                "`{key}` needs a number question, or a list or multi-choice (its number of items); `{id}` is `{}`",
                q.kind.name()
            ),
            Some(match q.kind {
                QuestionType::YesNo => "for a yes-no question write `equals: yes` or `equals: no`".into(),
                QuestionType::Choice => "for a choice question use `one-of`".into(),
                _ => "test a text answer with `answered` or `equals`".into(),
            }),
        );
        return None;
    }
    let compare = Compare {
        at_least: c.at_least,
        at_most: c.at_most,
        above: c.above,
        below: c.below,
        equals: None,
    };
    bounds_ok(ck, file, path, &compare).then(|| Rule::Answer {
        question: id.to_owned(),
        test: AnswerTest::Compare(compare),
    })
}

/// `yes`/`no` (and `true`/`false`) as a yes-no answer.
fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// Check a card filter's ids.
fn card_filter(
    ck: &mut Checker,
    file: usize,
    path: &str,
    f: &CardFilter,
    scope: &Scope<'_>,
) -> Option<CardSelect> {
    let mut ok = true;
    let mut ids = |ck: &mut Checker, field: &str, what: &str, given: &[String], known: &[&str]| {
        let many = given.len() > 1;
        for (i, id) in given.iter().enumerate() {
            let p = if many {
                format!("{path}.{field}[{i}]")
            } else {
                format!("{path}.{field}")
            };
            ok &= ck.reference(file, &p, what, id, known.iter().copied());
        }
        given.to_vec()
    };
    let vocab = |name: &str| -> Vec<&str> {
        scope
            .vocab
            .get(name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let card = ids(ck, "card", "card", &f.card.0, scope.card_ids);
    let level = ids(ck, "level", "level", &f.level.0, &vocab("levels"));
    let barrier = ids(ck, "barrier", "barrier", &f.barrier.0, &vocab("barriers"));
    let partner = ids(ck, "partner", "partner", &f.partner.0, &vocab("partners"));
    let component = ids(
        ck,
        "component",
        "component",
        &f.component.0,
        scope.component_ids,
    );
    let mut ok_tags = true;
    for (i, tag) in f.tag.iter().enumerate() {
        if !scope.tags.contains(tag.as_str()) {
            ok_tags = false;
            let p = if f.tag.0.len() > 1 {
                format!("{path}.tag[{i}]")
            } else {
                format!("{path}.tag")
            };
            ck.report(
                file,
                &p,
                format!("no card carries the tag `{tag}`"),
                Some(unknown_help(tag, scope.tags.iter().copied())),
            );
        }
    }
    let mut vocabularies = Vec::new();
    for (name, terms) in &f.vocabularies {
        let vp = format!("{path}.vocabularies.{name}");
        if VocabularyName::from_name(name).is_some() {
            ok = false;
            let field = if name == "levels" {
                "level"
            } else {
                name.trim_end_matches('s')
            };
            ck.report_key(
                file,
                &vp,
                format!(
                    "`{name}` is one of the engine's vocabularies; filter by it with `{field}:`"
                ),
                None,
            );
            continue;
        }
        let own: Vec<&str> = scope
            .vocab_names
            .iter()
            .copied()
            .filter(|n| VocabularyName::from_name(n).is_none())
            .collect();
        if !ck.reference(file, &vp, "vocabulary", name, own.iter().copied()) {
            ok = false;
            continue;
        }
        let known = vocab(name);
        for (i, t) in terms.iter().enumerate() {
            let p = if terms.0.len() > 1 {
                format!("{vp}[{i}]")
            } else {
                vp.clone()
            };
            ok &= ck.reference(
                file,
                &p,
                &format!("`{name}` term"),
                t,
                known.iter().copied(),
            );
        }
        vocabularies.push((name.clone(), terms.0.clone()));
    }
    (ok && ok_tags).then(|| CardSelect {
        card,
        tag: f.tag.0.clone(),
        level,
        barrier,
        partner,
        component,
        vocabularies,
    })
}

fn measure_filter(
    ck: &mut Checker,
    file: usize,
    path: &str,
    f: &MeasureFilter,
    scope: &Scope<'_>,
) -> Option<MeasureSelect> {
    let mut ok = true;
    for (i, id) in f.measure.iter().enumerate() {
        let p = if f.measure.0.len() > 1 {
            format!("{path}.measure[{i}]")
        } else {
            format!("{path}.measure")
        };
        ok &= ck.reference(file, &p, "measure", id, scope.measure_ids.iter().copied());
    }
    if let Some(part) = f.with.iter().find(|p| f.without.0.contains(p)) {
        ok = false;
        ck.report(
            file,
            &join(path, "without"),
            format!(
                "`{}` is in both `with` and `without`, so no measure can match",
                part_name(*part)
            ),
            None,
        );
    }
    ok.then(|| MeasureSelect {
        measure: f.measure.0.clone(),
        with: f.with.0.clone(),
        without: f.without.0.clone(),
    })
}

fn part_name(p: MeasurePart) -> &'static str {
    match p {
        MeasurePart::Baseline => "baseline",
        MeasurePart::Target => "target",
        MeasurePart::Values => "values",
    }
}

/// A vocabulary that cards carry: any but `channels`.
fn carried_vocabulary(
    ck: &mut Checker,
    file: usize,
    path: &str,
    name: &str,
    scope: &Scope<'_>,
) -> bool {
    if name == "channels" {
        ck.report(
            file,
            path,
            "cards do not carry `channels`, so no chosen card covers one".into(),
            Some("test a vocabulary cards carry: `levels`, `barriers`, `partners`, or one of the kit's own".into()),
        );
        return false;
    }
    if scope.vocab.get(name).is_none_or(Vec::is_empty) {
        let help = unknown_help(name, scope.vocab_names.iter().copied());
        ck.report(
            file,
            path,
            format!("unknown vocabulary `{name}`"),
            Some(help),
        );
        return false;
    }
    true
}

/// The question that names the terms (`named-by`), checked; `None` for the binding's default.
fn namer(
    ck: &mut Checker,
    file: usize,
    path: &str,
    subject: &str,
    vocabulary: &str,
    c: &Condition,
    scope: &Scope<'_>,
) -> Option<Option<String>> {
    let Some(id) = c.named_by.as_deref() else {
        if matches!(vocabulary, "barriers" | "partners") {
            // The binding names them (or, without one, the check says the kit does not).
            return Some(None);
        }
        ck.report(
            file,
            &join(path, subject),
            format!("`{subject}: {vocabulary}` needs `named-by`: the question whose answer names its terms"),
            Some(format!("add `named-by: QUESTION`, a multi-choice question with `choices-from: {vocabulary}`")),
        );
        return None;
    };
    let np = join(path, "named-by");
    if !ck.reference(
        file,
        &np,
        "question",
        id,
        scope.question_ids.iter().copied(),
    ) {
        return None;
    }
    let q = scope.by_id[id];
    if !q.kind.has_choices() || q.choices_from.as_deref() != Some(vocabulary) {
        ck.report(
            file,
            &np,
            format!(
                "`named-by` needs a question with `choices-from: {vocabulary}`; `{id}` is not one"
            ),
            None,
        );
        return None;
    }
    let default = match vocabulary {
        "barriers" => scope.barriers_question,
        "partners" => scope.partners_question,
        _ => None,
    };
    Some(if default == Some(id) {
        None
    } else {
        Some(id.to_owned())
    })
}

/// A shorthand, expanded into the rule it stands for.
fn shorthand(
    ck: &mut Checker,
    file: usize,
    path: &str,
    c: &Condition,
    scope: &Scope<'_>,
) -> Option<Rule> {
    use super::super::model::{BudgetTest, MeasurePart};
    let kind = c.kind.expect("present");
    Some(match kind {
        RuleKind::AnswerWithoutCard => {
            let mut missing = Vec::new();
            if c.question.is_none() {
                missing.push("question");
            }
            if c.values.is_none() {
                missing.push("values");
            }
            if c.tag.is_none() {
                missing.push("tag");
            }
            if !missing.is_empty() {
                ck.report(
                    file,
                    &join(path, "kind"),
                    format!("`kind: answer-without-card` needs {}", listed(&missing)),
                    Some("for example `{kind: answer-without-card, question: staff-confidence, values: [weak], tag: staff-training}`".into()),
                );
                return None;
            }
            let id = c.question.as_deref().expect("present");
            let values = c.values.as_deref().expect("present");
            let tag = c.tag.as_deref().expect("present");
            let mut ok = ck.reference(
                file,
                &join(path, "question"),
                "question",
                id,
                scope.question_ids.iter().copied(),
            );
            if !scope.tags.contains(tag) {
                ok = false;
                ck.report(
                    file,
                    &join(path, "tag"),
                    format!("no card carries the tag `{tag}`"),
                    Some(unknown_help(tag, scope.tags.iter().copied())),
                );
            }
            if values.is_empty() {
                ok = false;
                ck.report(
                    file,
                    &join(path, "values"),
                    "`values` lists no answers, so the check can never fire".into(),
                    None,
                );
            }
            if !ok {
                return None;
            }
            let q = scope.by_id[id];
            let test = if q.kind == QuestionType::YesNo {
                let mut want = Vec::new();
                for (i, v) in values.iter().enumerate() {
                    match yes_no(v) {
                        Some(b) => want.push(b),
                        None => {
                            ok = false;
                            ck.report(
                                file,
                                &format!("{path}.values[{i}]"),
                                format!("`{id}` is a yes-no question; `{v}` is neither yes nor no"),
                                Some("list `yes`, `no` or both".into()),
                            );
                        }
                    }
                }
                match want.as_slice() {
                    [b] => AnswerTest::Equals(Literal::Bool(*b)),
                    _ => AnswerTest::Answered(true),
                }
            } else if q.kind.has_choices() {
                let choices = scope.choices(q);
                for (i, v) in values.iter().enumerate() {
                    ok &= ck.reference(
                        file,
                        &format!("{path}.values[{i}]"),
                        "choice",
                        v,
                        choices.iter().map(String::as_str),
                    );
                }
                AnswerTest::OneOf(values.to_vec())
            } else {
                ck.report(
                    file,
                    &join(path, "question"),
                    format!(
                        "`answer-without-card` needs a choice, multi-choice or yes-no question; `{id}` is `{}`",
                        q.kind.name()
                    ),
                    Some("for a number, write the rule out: `{all: [{question: Q, below: 50}, {not: {cards: {tag: T}}}]}`".into()),
                );
                return None;
            };
            if !ok {
                return None;
            }
            Rule::All(vec![
                Rule::Answer {
                    question: id.to_owned(),
                    test,
                },
                Rule::Not(Box::new(Rule::Cards {
                    filter: CardSelect::tagged(tag),
                    count: Compare::some(),
                })),
            ])
        }
        RuleKind::NoMeasures => Rule::Not(Box::new(Rule::Measures {
            filter: MeasureSelect::all(),
            count: Compare::some(),
        })),
        RuleKind::NoMeasureBaseline => Rule::All(vec![
            Rule::Measures {
                filter: MeasureSelect::all(),
                count: Compare::some(),
            },
            Rule::Not(Box::new(Rule::Measures {
                filter: MeasureSelect::with(MeasurePart::Baseline),
                count: Compare::some(),
            })),
        ]),
        RuleKind::SingleLevel => Rule::All(vec![
            Rule::Covered {
                vocabulary: "levels".into(),
                count: Compare::exactly(1.0),
            },
            Rule::NotCovered {
                vocabulary: "levels".into(),
                count: Compare::some(),
            },
        ]),
        RuleKind::OverBudget => Rule::Budget(BudgetTest::Over),
        RuleKind::MissingPartner => Rule::CoveredNotNamed {
            vocabulary: "partners".into(),
            named_by: None,
            count: Compare::some(),
        },
        RuleKind::BarrierUnaddressed => Rule::NamedNotCovered {
            vocabulary: "barriers".into(),
            named_by: None,
            count: Compare::some(),
        },
        RuleKind::MissingPrerequisite => Rule::PrerequisitesMissing {
            filter: CardSelect::all(),
            count: Compare::some(),
        },
    })
}
