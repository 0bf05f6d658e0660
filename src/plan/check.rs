//! Checking a plan against its kit, every time it is read: the step from a file that parses to
//! a plan the rest of thinkkit can trust, as [`crate::kit`] does for kits.
//!
//! Plans are what people edit by hand most, so nothing in one is taken on trust: every answer
//! fits its question, every number is finite and sane, no card or measure is listed twice, every
//! cost, month, channel mix, measure value and date is one the commands that write them would
//! accept. The rules are not written again here: answers are checked by the interview
//! ([`Interview::check_stored`], the rules the workshop and `thinkkit answer` use), and cards,
//! measures and the channel shift by the plan edits in [`crate::edit`] (the rules of `cards
//! choose`, `measure add`, `measure record` and `shift set`), given each stored value as the text
//! that would have set it. So a value is refused on reading exactly when the workshop or a
//! command would refuse to write it.
//!
//! Every problem is found in one pass, each with the YAML path it is at (turned into a line and
//! column by the caller) and what to do. Answers to questions the kit does not have, and cards or
//! measures it does not have, are not problems: lining the plan up with its kit keeps them aside
//! with a warning ([`super::reconcile`]).

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{Answer, Plan, Reading};
use crate::edit::{self, Field};
use crate::interview::Interview;
use crate::kit::{Kit, VocabularyName};
use crate::limits;

/// One problem in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where: the YAML path of the value (`answers.homes-count`, `cards[2].cost`).
    pub path: String,
    /// Point at the key of `path` rather than its value (an entry as a whole is wrong).
    pub at_key: bool,
    /// What is wrong: short, lowercase, ids in backticks.
    pub message: String,
    /// What would be accepted, when that helps.
    pub help: Option<String>,
    /// The question, when the problem is an answer that can simply be given again (with
    /// `thinkkit answer --set`, or by the workshop asking it again).
    pub question: Option<String>,
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            at_key: false,
            message: message.into(),
            help: None,
            question: None,
        }
    }

    fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }
}

/// Every problem in `plan` against `kit`, in the order of the file's sections. `today` bounds
/// the dates of what has been measured.
pub fn check(kit: &Kit, plan: &Plan, today: Date) -> Vec<Problem> {
    let mut out = Vec::new();
    // Lists longer than any plan needs are one problem each, and not checked item by item.
    let sizes = [
        ("answers", plan.answers.len()),
        ("orphaned", plan.orphaned.len()),
        ("to-decide", plan.to_decide.len()),
        ("skipped", plan.skipped.len()),
        ("computed", plan.computed.len()),
        ("cards", plan.cards.len()),
        ("measures", plan.measures.len()),
        ("channel-shift.services", plan.channel_shift.services.len()),
    ];
    let too_long: Vec<&str> = sizes
        .iter()
        .filter(|(_, n)| *n > limits::MAX_PLAN_ITEMS)
        .map(|(what, n)| {
            out.push(
                Problem::new(
                    *what,
                    format!(
                        "`{what}` has {n} entries; a plan holds at most {}",
                        limits::MAX_PLAN_ITEMS
                    ),
                )
                .help(Some(
                    "remove the entries that are not part of the plan".to_owned(),
                ))
                .at_key(),
            );
            *what
        })
        .collect();
    let fine = |what: &str| !too_long.contains(&what);
    if ["answers", "orphaned", "to-decide", "skipped", "computed"]
        .iter()
        .all(|w| fine(w))
    {
        answers(kit, plan, &mut out);
    }
    if fine("cards") {
        cards(plan, &mut out);
    }
    if fine("measures") {
        measures(kit, plan, today, &mut out);
    }
    if fine("channel-shift.services") {
        channel_shift(kit, plan, &mut out);
    }
    out
}

/// A stored number as the text that would have set it (`1200`, `0.17`): never an exponent, so
/// the commands' own parsers read it back exactly.
fn text(n: f64) -> String {
    format!("{n}")
}

/// A number that is not finite or sane is its own problem, and nothing else is checked of it.
/// Its `path` is written only for a problem: most plans have none, and the paths of every
/// number were a sixth of checking the worked example.
fn sane(path: impl FnOnce() -> String, n: f64, out: &mut Vec<Problem>) -> bool {
    if limits::sane(n) {
        return true;
    }
    out.push(
        Problem::new(path(), limits::insane_reason(n))
            .help(Some("give the figure in digits, like `1200`".to_owned())),
    );
    false
}

/// A problem the plan edits found, named by what it is about: `card `x`: set-up cost: …`.
fn from_edit(path: &str, what: &str, p: edit::Problem) -> Problem {
    Problem::new(path, format!("{what}: {}: {}", p.field.name(), p.message)).help(p.help)
}

fn answers(kit: &Kit, plan: &Plan, out: &mut Vec<Problem>) {
    let iv = Interview::new(kit);
    for (id, answer) in &plan.answers {
        let path = || format!("answers.{id}");
        let Some(q) = kit.question(id) else {
            continue;
        };
        if let Answer::List(items) = answer
            && items.len() > limits::MAX_PLAN_ITEMS
        {
            let mut p = Problem::new(
                path(),
                format!(
                    "`{id}` has {} items; an answer holds at most {}",
                    items.len(),
                    limits::MAX_PLAN_ITEMS
                ),
            );
            p.question = Some(id.clone());
            out.push(p);
            continue;
        }
        if let Answer::Number(n) = answer
            && !limits::sane(*n)
        {
            let mut p = Problem::new(path(), format!("`{id}`: {}", limits::insane_reason(*n)));
            p.question = Some(id.clone());
            out.push(p);
            continue;
        }
        if let Err(e) = iv.check_stored(q, answer) {
            let mut p = Problem::new(path(), format!("`{id}`: {}", e.message)).help(e.help);
            p.question = Some(id.clone());
            out.push(p);
        }
    }
    for (id, answer) in &plan.orphaned {
        if let Answer::Number(n) = answer {
            sane(|| format!("orphaned.{id}"), *n, out);
        }
    }
    for id in &plan.computed {
        if let Some(q) = kit.question(id)
            && kit.default_expr(&q.id).is_none()
        {
            out.push(
                Problem::new(
                    "computed",
                    format!("`{id}` is listed as computed, but the kit computes no value for it"),
                )
                .help(Some(format!(
                    "remove `{id}` from `computed`: its answer is then the team's own"
                ))),
            );
        }
    }
    for id in plan.to_decide.keys() {
        let path = || format!("to-decide.{id}");
        if plan.answers.contains_key(id) {
            out.push(
                Problem::new(
                    path(),
                    format!("`{id}` is answered and also marked to decide"),
                )
                .help(Some("keep one: remove its answer or this entry".to_owned()))
                .at_key(),
            );
        }
        if plan.skipped.contains(id) {
            out.push(
                Problem::new(
                    path(),
                    format!("`{id}` is marked to decide and also skipped"),
                )
                .help(Some(
                    "keep one: remove it from `skipped` or from `to-decide`".to_owned(),
                ))
                .at_key(),
            );
        }
    }
    for id in &plan.skipped {
        if plan.answers.contains_key(id) {
            out.push(
                Problem::new("skipped", format!("`{id}` is answered and also skipped")).help(Some(
                    format!("keep one: remove its answer or remove `{id}` from `skipped`"),
                )),
            );
        }
        if kit.question(id).is_some_and(|q| q.required) {
            out.push(
                Problem::new("skipped", format!("`{id}` is required, so it cannot be skipped"))
                    .help(Some(format!("answer it, or mark it to decide: `thinkkit answer PLAN --to-decide {id}` or move it under `to-decide`"))),
            );
        }
    }
}

fn cards(plan: &Plan, out: &mut Vec<Problem>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, c) in plan.cards.iter().enumerate() {
        let at = |rest: &str| format!("cards[{i}]{rest}");
        if let Some(j) = first.get(c.id.as_str()) {
            out.push(
                Problem::new(
                    at(".id"),
                    format!("card `{}` is chosen twice (first as card {})", c.id, j + 1),
                )
                .help(Some(
                    "keep one entry: a card chosen twice would be costed twice".to_owned(),
                )),
            );
            continue;
        }
        first.insert(&c.id, i);
        for (field, value, which) in [
            ("cost", c.cost, Field::SetupCost),
            ("running-cost", c.running_cost, Field::RunningCost),
        ] {
            let path = || at(&format!(".{field}"));
            if let Some(v) = value
                && sane(path, v, out)
                && let Err(p) = edit::cards::pounds(&text(v), which)
            {
                out.push(from_edit(&path(), &format!("card `{}`", c.id), p));
            }
        }
        if let Some(start) = &c.start
            && let Err(p) = edit::cards::month(start)
        {
            out.push(from_edit(&at(".start"), &format!("card `{}`", c.id), p));
        }
    }
}

fn measures(kit: &Kit, plan: &Plan, today: Date, out: &mut Vec<Problem>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    // A plan with nothing in it, for `measure add`'s checks of one measure at a time.
    let mut scratch = plan_header(plan);
    for (i, m) in plan.measures.iter().enumerate() {
        let at = |rest: &str| format!("measures[{i}]{rest}");
        if let Some(j) = first.get(m.id.as_str()) {
            out.push(
                Problem::new(
                    at(".id"),
                    format!(
                        "measure `{}` is listed twice (first as measure {})",
                        m.id,
                        j + 1
                    ),
                )
                .help(Some(
                    "keep one entry, with every recorded value in it".to_owned(),
                )),
            );
            continue;
        }
        first.insert(&m.id, i);
        let Some(km) = kit.measure(&m.id) else {
            continue;
        };
        let mut numbers_ok = true;
        if let Some(b) = &m.baseline {
            numbers_ok &= sane(|| at(".baseline.value"), b.value, out);
        }
        if let Some(t) = &m.target {
            numbers_ok &= sane(|| at(".target.value"), t.value, out);
        }
        if numbers_ok {
            let (bv, bd) = (
                m.baseline.as_ref().map(|b| text(b.value)),
                m.baseline.as_ref().map(|b| b.date.to_string()),
            );
            let (tv, td) = (
                m.target.as_ref().map(|t| text(t.value)),
                m.target.as_ref().map(|t| t.by.to_string()),
            );
            let typed = edit::measures::TypedMeasure {
                baseline: bv.as_deref(),
                baseline_date: bd.as_deref(),
                baseline_note: None,
                target: tv.as_deref(),
                by: td.as_deref(),
            };
            scratch.measures.clear();
            if let Err(refused) = edit::measures::add(kit, &mut scratch, &m.id, &typed, today) {
                for p in refused.problems() {
                    let path = match p.field {
                        Field::Baseline => at(".baseline.value"),
                        Field::BaselineDate => at(".baseline.date"),
                        Field::Target => at(".target.value"),
                        Field::TargetDate => at(".target.by"),
                        _ => at(".id"),
                    };
                    out.push(from_edit(&path, &format!("measure `{}`", m.id), p.clone()));
                }
            }
        }
        if m.values.len() > limits::MAX_PLAN_ITEMS {
            out.push(
                Problem::new(
                    at(".values"),
                    format!(
                        "measure `{}` has {} values; a measure holds at most {}",
                        m.id,
                        m.values.len(),
                        limits::MAX_PLAN_ITEMS
                    ),
                )
                .at_key(),
            );
            continue;
        }
        let mut dates: HashMap<Date, usize> = HashMap::new();
        for (k, r) in m.values.iter().enumerate() {
            let path = || at(&format!(".values[{k}]"));
            recorded(km.unit, &m.id, path, r, today, out);
            if let Some(j) = dates.insert(r.date, k) {
                out.push(
                    Problem::new(
                        format!("{}.date", path()),
                        format!(
                            "two values of `{}` are dated {} (values {} and {})",
                            m.id,
                            r.date,
                            j + 1,
                            k + 1
                        ),
                    )
                    .help(Some(
                        "keep one: `thinkkit measure record` replaces a value on the same date"
                            .to_owned(),
                    )),
                );
            }
        }
    }
}

/// The plan's kit stamp and dates, for a scratch plan.
fn plan_header(plan: &Plan) -> Plan {
    Plan {
        thinkkit_plan: plan.thinkkit_plan,
        kit: plan.kit.clone(),
        organisation: String::new(),
        team: None,
        created: plan.created,
        updated: plan.updated,
        answers: Default::default(),
        computed: Default::default(),
        to_decide: Default::default(),
        skipped: Default::default(),
        cards: Vec::new(),
        measures: Vec::new(),
        channel_shift: Default::default(),
        orphaned: Default::default(),
    }
}

/// A value recorded by `thinkkit measure record`: the value in the measure's unit, and a date
/// that has come.
fn recorded(
    unit: crate::kit::MeasureUnit,
    id: &str,
    path: impl Fn() -> String,
    r: &Reading,
    today: Date,
    out: &mut Vec<Problem>,
) {
    let what = || format!("measure `{id}`: the value recorded on {}", r.date);
    let value_path = || format!("{}.value", path());
    if sane(value_path, r.value, out)
        && let Err(p) = edit::measures::value(&text(r.value), unit, Field::Baseline)
    {
        out.push(Problem::new(value_path(), format!("{}: {}", what(), p.message)).help(p.help));
    }
    if let Err(p) = edit::measures::past_date(&r.date.to_string(), Field::BaselineDate, today) {
        out.push(
            Problem::new(
                format!("{}.date", path()),
                format!("{}: {}", what(), p.message),
            )
            .help(p.help),
        );
    }
}

fn channel_shift(kit: &Kit, plan: &Plan, out: &mut Vec<Problem>) {
    let cs = &plan.channel_shift;
    let has_channels = !kit.vocabulary(VocabularyName::Channels).is_empty();
    let mut names: HashSet<String> = HashSet::new();
    for (i, s) in cs.services.iter().enumerate() {
        let at = |rest: &str| format!("channel-shift.services[{i}]{rest}");
        if s.service.trim().is_empty() {
            out.push(Problem::new(at(".service"), "a service needs a name"));
        } else if !names.insert(s.service.trim().to_lowercase()) {
            out.push(
                Problem::new(
                    at(".service"),
                    format!("service `{}` is listed twice", s.service.trim()),
                )
                .help(Some(
                    "keep one entry: a service listed twice would be saved twice".to_owned(),
                )),
            );
        }
        let path = || at(".transactions-per-year");
        if sane(path, s.transactions_per_year, out)
            && let Err(p) = edit::shift::per_year(&text(s.transactions_per_year))
        {
            out.push(from_edit(&path(), &format!("service `{}`", s.service), p));
        }
        for (part, shares, field) in [
            ("now", &s.now, Field::Now),
            ("target", &s.target, Field::Aim),
        ] {
            let path = || at(&format!(".{part}"));
            let mut all_sane = true;
            for (ch, v) in shares {
                all_sane &= sane(|| format!("{}.{ch}", path()), *v, out);
            }
            if !all_sane || !has_channels {
                continue;
            }
            // Each share and channel first, at its own line; then the mix as a whole.
            let mut entries_ok = true;
            for (ch, v) in shares {
                let what = || format!("service `{}`", s.service);
                if let Err(p) = edit::shift::channel(kit, ch, field) {
                    out.push(from_edit(&format!("{}.{ch}", path()), &what(), p).at_key());
                    entries_ok = false;
                } else if let Err(p) = edit::shift::share(&text(*v), field) {
                    out.push(from_edit(&format!("{}.{ch}", path()), &what(), p));
                    entries_ok = false;
                }
            }
            if !entries_ok {
                continue;
            }
            // `shift set`'s own reading of a mix: known channels, shares of 0 to 100, adding
            // up to 100.
            let typed: Vec<String> = shares
                .iter()
                .map(|(ch, v)| format!("{ch}={}", text(*v)))
                .collect();
            if let Err(p) = edit::shift::mix(kit, &typed.join(","), field) {
                out.push(from_edit(&path(), &format!("service `{}`", s.service), p));
            }
        }
    }
    if !cs.unit_costs.is_empty() {
        let mut all_sane = true;
        for (ch, v) in &cs.unit_costs {
            all_sane &= sane(|| format!("channel-shift.unit-costs.{ch}"), *v, out);
        }
        if all_sane && has_channels {
            let typed: Vec<String> = cs
                .unit_costs
                .iter()
                .map(|(ch, v)| format!("{ch}={}", text(*v)))
                .collect();
            if let Err(p) = edit::shift::unit_costs(kit, &typed.join(",")) {
                out.push(from_edit("channel-shift.unit-costs", "channel shift", p));
            }
        }
    }
}
