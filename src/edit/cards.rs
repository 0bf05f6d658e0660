//! Chosen project cards and the local details the team adds to each: owner, start month, the
//! local set-up and running cost (or the card's range, when none is given), notes.
//!
//! A start is a month, `YYYY-MM` (`2026-09`): an activity plan is read month by month, and a
//! month sorts and compares where "autumn" does not. Costs are pounds as the interview reads
//! money (`£4,000`, `4000`, `£4k`), of £0 or more.

use crate::kit::{Card, Kit, Step};
use crate::plan::{ChosenCard, Plan};

use super::{Change, Field, Problem, Refused};

/// The details to change on a card. [`Change::Keep`] leaves a detail as the plan has it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Details {
    /// Who leads it.
    pub owner: Change<String>,
    /// When it starts, `YYYY-MM`.
    pub start: Change<String>,
    /// Local set-up cost in pounds; [`Change::Clear`] goes back to the card's range.
    pub setup_cost: Change<f64>,
    /// Local running cost in pounds a year; [`Change::Clear`] goes back to the card's range.
    pub running_cost: Change<f64>,
    /// Notes.
    pub notes: Change<String>,
}

/// The details as typed: `None` keeps a detail, blank clears it, anything else is checked and
/// set. Every problem is returned, not only the first.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypedDetails<'a> {
    /// Who leads it.
    pub owner: Option<&'a str>,
    /// When it starts, `YYYY-MM`.
    pub start: Option<&'a str>,
    /// Local set-up cost.
    pub setup_cost: Option<&'a str>,
    /// Local running cost a year.
    pub running_cost: Option<&'a str>,
    /// Notes.
    pub notes: Option<&'a str>,
}

impl TypedDetails<'_> {
    /// Check every detail typed.
    pub fn check(&self) -> Result<Details, Refused> {
        let mut problems = Vec::new();
        let start = typed(&mut problems, self.start, month);
        let setup_cost = typed(&mut problems, self.setup_cost, |t| {
            pounds(t, Field::SetupCost)
        });
        let running_cost = typed(&mut problems, self.running_cost, |t| {
            pounds(t, Field::RunningCost)
        });
        let details = Details {
            owner: super::text_change(self.owner),
            start,
            setup_cost,
            running_cost,
            notes: super::text_change(self.notes),
        };
        super::all_or_nothing(problems, details)
    }
}

/// `None` keeps, blank clears, anything else is parsed (a problem keeps, and is noted).
fn typed<T>(
    problems: &mut Vec<Problem>,
    text: Option<&str>,
    parse: impl Fn(&str) -> Result<T, Problem>,
) -> Change<T> {
    match text {
        None => Change::Keep,
        Some(t) if t.trim().is_empty() => Change::Clear,
        Some(t) => super::noted(problems, parse(t)).map_or(Change::Keep, Change::Set),
    }
}

/// A start month, `YYYY-MM` (`2026-09`), as the plan stores it.
pub fn month(text: &str) -> Result<String, Problem> {
    let t = text.trim();
    let refuse = || {
        Problem::new(Field::Start, format!("`{t}` is not a month"))
            .help("give the year and month as YYYY-MM, for example `2026-09`")
    };
    let (y, m) = t.split_once('-').ok_or_else(refuse)?;
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(y, 4) || !digits(m, 2) {
        return Err(refuse());
    }
    let month: u8 = m.parse().map_err(|_| refuse())?;
    if !(1..=12).contains(&month) {
        return Err(
            Problem::new(Field::Start, format!("`{t}` has no month {month}"))
                .help("months are `01` to `12`"),
        );
    }
    Ok(t.to_owned())
}

/// An amount in pounds of £0 or more, read as the interview reads money (`£4,000`, `4000`,
/// `£4k`), for the cost `field`.
pub fn pounds(text: &str, field: Field) -> Result<f64, Problem> {
    let v = crate::interview::money(text).map_err(|e| Problem::from_invalid(field, e))?;
    if v < 0.0 {
        return Err(
            Problem::new(field, format!("`{}` is below £0", text.trim()))
                .help("give the cost in pounds, `0` or more"),
        );
    }
    Ok(v)
}

/// The card `id` (or title) names in the kit, or a problem naming the closest ids.
pub fn card<'k>(kit: &'k Kit, id: &str) -> Result<&'k Card, Problem> {
    kit.find_card(id).map_err(|miss| {
        let help = match miss {
            crate::kit::lookup::Miss::Unknown(_) => super::unknown(
                id,
                kit.cards().iter().map(|c| c.id.as_str()),
                "`thinkkit cards list` shows the kit's cards",
            ),
            ambiguous => ambiguous.help(),
        };
        Problem::new(
            Field::Card,
            format!("`{id}` is not a card of kit `{}`", kit.id()),
        )
        .help(help)
    })
}

/// What choosing did to one card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chosen {
    /// The card was added to the plan.
    Added,
    /// It was already chosen; its details changed.
    Updated,
    /// It was already chosen with these details.
    Unchanged,
}

/// Choose the cards `ids` (adding those not chosen yet, at the end, in the order given) and
/// give each the `details`. Every id is checked first; a repeated id counts once. Returns what
/// happened to each, in the order given.
pub fn choose(
    kit: &Kit,
    plan: &mut Plan,
    ids: &[&str],
    details: &Details,
) -> Result<Vec<(String, Chosen)>, Refused> {
    let mut problems = Vec::new();
    let mut unique: Vec<&str> = Vec::new();
    for id in ids {
        // A card named by its title is stored by its id.
        match card(kit, id) {
            Ok(c) if unique.contains(&c.id.as_str()) => {}
            Ok(c) => unique.push(c.id.as_str()),
            Err(p) => problems.push(p),
        }
    }
    if unique.is_empty() && problems.is_empty() {
        problems.push(
            Problem::new(Field::Card, "no card given")
                .help("name one or more card ids; `thinkkit cards list` shows them"),
        );
    }
    super::all_or_nothing(problems, ())?;
    let mut out = Vec::new();
    for id in unique {
        let existing = plan.cards.iter().position(|c| c.id == id);
        let (index, added) = match existing {
            Some(i) => (i, false),
            None => {
                plan.cards.push(ChosenCard {
                    id: id.to_owned(),
                    ..ChosenCard::default()
                });
                (plan.cards.len() - 1, true)
            }
        };
        let changed = apply(&mut plan.cards[index], details);
        out.push((
            id.to_owned(),
            match (added, changed) {
                (true, _) => Chosen::Added,
                (false, true) => Chosen::Updated,
                (false, false) => Chosen::Unchanged,
            },
        ));
    }
    Ok(out)
}

/// Change the details of card `id`, which the plan must have chosen. Returns whether anything
/// changed.
pub fn set_details(
    kit: &Kit,
    plan: &mut Plan,
    id: &str,
    details: &Details,
) -> Result<bool, Problem> {
    let id = kit.find_card(id).map_or(id, |c| c.id.as_str());
    let Some(chosen) = plan.cards.iter_mut().find(|c| c.id == id) else {
        card(kit, id)?;
        return Err(not_chosen(id, plan));
    };
    Ok(apply(chosen, details))
}

fn apply(c: &mut ChosenCard, d: &Details) -> bool {
    // Every detail is applied: `|` rather than `||`, which would stop at the first change.
    d.owner.apply(&mut c.owner)
        | d.start.apply(&mut c.start)
        | d.setup_cost.apply(&mut c.cost)
        | d.running_cost.apply(&mut c.running_cost)
        | d.notes.apply(&mut c.notes)
}

fn not_chosen(id: &str, plan: &Plan) -> Problem {
    let chosen: Vec<&str> = plan.cards.iter().map(|c| c.id.as_str()).collect();
    Problem::new(
        Field::Card,
        format!("card `{id}` is not chosen in this plan"),
    )
    .help(if chosen.is_empty() {
        "the plan has no cards chosen yet".to_owned()
    } else {
        super::unknown(id, chosen.iter().copied(), "`thinkkit status` lists them")
    })
}

/// Drop the cards `ids` from the plan, with their details. Every id must be chosen (a card the
/// kit no longer has can be dropped too); nothing is dropped if one is not. Returns the ids
/// dropped, in the order given.
pub fn drop(plan: &mut Plan, ids: &[&str]) -> Result<Vec<String>, Refused> {
    let mut problems = Vec::new();
    let mut unique: Vec<&str> = Vec::new();
    for id in ids {
        if !plan.cards.iter().any(|c| c.id == *id) {
            problems.push(not_chosen(id, plan));
        } else if !unique.contains(id) {
            unique.push(id);
        }
    }
    if unique.is_empty() && problems.is_empty() {
        problems.push(Problem::new(Field::Card, "no card given"));
    }
    super::all_or_nothing(problems, ())?;
    plan.cards.retain(|c| !unique.contains(&c.id.as_str()));
    Ok(unique.into_iter().map(str::to_owned).collect())
}

/// The cards the workshop's card choice offers at component `index`: those that list the
/// component in their `components`, in kit order. Empty where the kit does not place the
/// `cards` step.
pub fn offered(kit: &Kit, index: usize) -> Vec<&Card> {
    let Some(c) = kit.components().get(index) else {
        return Vec::new();
    };
    if !c.steps.contains(&Step::Cards) {
        return Vec::new();
    }
    kit.cards()
        .iter()
        .filter(|card| card.components.contains(&c.id))
        .collect()
}
