//! Measures: which the plan tracks, each with a baseline (value and date) and a target (value
//! and date). Values recorded later are `thinkkit measure record`'s.
//!
//! Values are read in the measure's unit as people write them (`45`, `45%`, `£1,200`), with the
//! interview's number rule; a `%` or `£` that does not fit the unit is refused, because it means
//! the value was meant for another measure. A baseline has been measured, so its date is not in
//! the future; a target's date is after the baseline's, and a target does not go the wrong way
//! (below the baseline where higher is better). A target equal to the baseline (holding a good
//! figure) is accepted.

use std::str::FromStr;

use jiff::civil::Date;

use crate::kit::{Card, Direction, Kit, Measure, MeasureUnit};
use crate::plan::{Plan, PlanMeasure, Reading, Target};

use super::{Field, Problem, Refused};

/// A value of a measure in its `unit`, for `field`.
pub fn value(text: &str, unit: MeasureUnit, field: Field) -> Result<f64, Problem> {
    let original = text.trim();
    let mut t = original;
    let pounds = t.starts_with('£');
    if pounds {
        t = t.trim_start_matches('£').trim_start();
    }
    let percent = t.ends_with('%');
    if percent {
        t = t.trim_end_matches('%').trim_end();
    }
    if percent && unit != MeasureUnit::Percent {
        return Err(Problem::new(
            field,
            format!("`{original}`: this measure is not a percentage"),
        )
        .help("give the number without `%`"));
    }
    if pounds && unit != MeasureUnit::Money {
        return Err(Problem::new(
            field,
            format!("`{original}`: this measure is not an amount of money"),
        )
        .help("give the number without `£`"));
    }
    // The interview's number rule, so a measure and an answer accept the same writing.
    let v = crate::interview::number(t).ok_or_else(|| {
        Problem::new(field, format!("`{original}` is not a number"))
            .help("write it like `45`, `45%` or `£1,200`")
    })?;
    match unit {
        MeasureUnit::Percent if !(0.0..=100.0).contains(&v) => Err(Problem::new(
            field,
            format!("`{original}` is out of range: a percentage is from 0 to 100"),
        )),
        MeasureUnit::Count | MeasureUnit::Money if v < 0.0 => Err(Problem::new(
            field,
            format!("`{original}` is below 0: this measure cannot be negative"),
        )),
        _ => Ok(v),
    }
}

/// A date given as `YYYY-MM-DD`, for `field`.
pub fn date(text: &str, field: Field) -> Result<Date, Problem> {
    let t = text.trim();
    let shaped = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let parsed = if shaped { Date::from_str(t).ok() } else { None };
    parsed.ok_or_else(|| {
        Problem::new(field, format!("`{t}` is not a date"))
            .help("give it as YYYY-MM-DD, for example `2026-03-31`")
    })
}

/// A date that has already come: when something was measured.
pub fn past_date(text: &str, field: Field, today: Date) -> Result<Date, Problem> {
    let d = date(text, field)?;
    if d > today {
        return Err(
            Problem::new(field, format!("`{}` is in the future", text.trim()))
                .help("give the date it was measured, once it has been"),
        );
    }
    Ok(d)
}

/// The measure `id` (or title) names in the kit, or a problem naming the closest ids.
pub fn measure<'k>(kit: &'k Kit, id: &str) -> Result<&'k Measure, Problem> {
    kit.find_measure(id).map_err(|miss| {
        let help = match miss {
            crate::kit::lookup::Miss::Unknown(_) => super::unknown(
                id,
                kit.measures().iter().map(|m| m.id.as_str()),
                "the kit's `measures` list their ids",
            ),
            ambiguous => ambiguous.help(),
        };
        Problem::new(
            Field::Measure,
            format!("`{id}` is not a measure of kit `{}`", kit.id()),
        )
        .help(help)
    })
}

/// A baseline and a target as typed; each pair is given whole or not at all. `None` keeps what
/// the plan has.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypedMeasure<'a> {
    /// The baseline value.
    pub baseline: Option<&'a str>,
    /// When the baseline was measured, `YYYY-MM-DD`.
    pub baseline_date: Option<&'a str>,
    /// Where the baseline comes from (a survey, a system report).
    pub baseline_note: Option<&'a str>,
    /// The target value.
    pub target: Option<&'a str>,
    /// When the target should be reached, `YYYY-MM-DD`.
    pub by: Option<&'a str>,
}

/// What adding a measure did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// The plan now tracks the measure.
    New,
    /// The plan tracked it already; its baseline or target changed.
    Updated,
    /// The plan tracked it already, as given.
    Unchanged,
}

/// Track measure `id` with the baseline and target given (a measure tracked already gets the
/// new baseline or target; its recorded values are kept). Every problem is returned. `today`
/// bounds the baseline date.
pub fn add(
    kit: &Kit,
    plan: &mut Plan,
    id: &str,
    typed: &TypedMeasure<'_>,
    today: Date,
) -> Result<Added, Refused> {
    let m = measure(kit, id)?;
    // A measure named by its title is stored by its id.
    let id = m.id.as_str();
    let mut problems = Vec::new();
    // Each pair is given whole or not at all; each part is checked on its own, so a wrong date
    // does not hide a target that goes the wrong way.
    let pair = |v: Option<&str>,
                d: Option<&str>,
                vf: Field,
                df: Field,
                past: bool,
                problems: &mut Vec<Problem>|
     -> (Option<f64>, Option<Date>) {
        if v.is_some() != d.is_some() {
            let (given, missing) = if v.is_some() { (vf, df) } else { (df, vf) };
            problems.push(Problem::new(
                missing,
                format!("a {} needs a {} too", given.name(), missing.name()),
            ));
        }
        let value = v.and_then(|v| super::noted(problems, value(v, m.unit, vf)));
        let date = d.and_then(|d| {
            super::noted(
                problems,
                if past {
                    past_date(d, df, today)
                } else {
                    date(d, df)
                },
            )
        });
        (value, date)
    };
    let (bv, bd) = pair(
        typed.baseline,
        typed.baseline_date,
        Field::Baseline,
        Field::BaselineDate,
        true,
        &mut problems,
    );
    let (tv, td) = pair(
        typed.target,
        typed.by,
        Field::Target,
        Field::TargetDate,
        false,
        &mut problems,
    );
    let baseline = bv.zip(bd);
    let target = tv.zip(td);
    let existing = plan.measures.iter().position(|p| p.id == id);
    // The target is checked against the baseline it will stand with: the one given, or the
    // plan's.
    let had = existing.and_then(|i| plan.measures[i].baseline.as_ref());
    let against_value = if typed.baseline.is_some() {
        bv
    } else {
        had.map(|b| b.value)
    };
    let against_date = if typed.baseline_date.is_some() {
        bd
    } else {
        had.map(|b| b.date)
    };
    if let (Some(by), Some(bd)) = (td, against_date)
        && by <= bd
    {
        problems.push(
            Problem::new(
                Field::TargetDate,
                format!("the target date {by} is not after the baseline date {bd}"),
            )
            .help("a target is reached after the baseline is measured"),
        );
    }
    if let (Some(tv), Some(bv)) = (tv, against_value) {
        let wrong_way = match m.direction {
            Direction::Up => tv < bv,
            Direction::Down => tv > bv,
        };
        if wrong_way {
            let (better, worse) = match m.direction {
                Direction::Up => ("higher", "below"),
                Direction::Down => ("lower", "above"),
            };
            problems.push(
                Problem::new(
                    Field::Target,
                    format!(
                        "the target {} is {worse} the baseline {}, but {better} is better for `{id}`",
                        shown(tv, m.unit),
                        shown(bv, m.unit)
                    ),
                )
                .help("aim for a better figure than the baseline, or the same one to hold it"),
            );
        }
    }
    super::all_or_nothing(problems, ())?;
    let note = typed.baseline_note.and_then(super::text);
    let index = existing.unwrap_or_else(|| {
        plan.measures.push(PlanMeasure {
            id: id.to_owned(),
            ..PlanMeasure::default()
        });
        plan.measures.len() - 1
    });
    let pm = &mut plan.measures[index];
    let before = pm.clone();
    if let Some((value, date)) = baseline {
        let note = note.or_else(|| pm.baseline.as_ref().and_then(|b| b.note.clone()));
        pm.baseline = Some(Reading { value, date, note });
    }
    if let Some((value, by)) = target {
        pm.target = Some(Target { value, by });
    }
    Ok(if existing.is_none() {
        Added::New
    } else if *pm == before {
        Added::Unchanged
    } else {
        Added::Updated
    })
}

/// `45%`, `£1,200`, `1,200`, `3.5`: a value in its unit, for messages.
fn shown(v: f64, unit: MeasureUnit) -> String {
    let n = if v.fract() == 0.0 && v.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let whole = v as i64;
        let digits = crate::text::group_thousands(whole.unsigned_abs());
        if whole < 0 {
            format!("-{digits}")
        } else {
            digits
        }
    } else {
        format!("{v}")
    };
    match unit {
        MeasureUnit::Percent => format!("{n}%"),
        MeasureUnit::Money => format!("£{n}"),
        _ => n,
    }
}

/// A measure as the measures step offers it.
#[derive(Debug, Clone)]
pub struct Offer<'k> {
    /// The measure.
    pub measure: &'k Measure,
    /// The chosen cards whose outputs it shows.
    pub cards: Vec<&'k Card>,
    /// Whether the plan tracks it already.
    pub tracked: bool,
}

/// The measures the workshop's measures step offers: first those of the chosen cards (in the
/// order the cards were chosen), then the rest of the kit's library, in kit order.
pub fn offered<'k>(kit: &'k Kit, plan: &Plan) -> Vec<Offer<'k>> {
    let chosen: Vec<&Card> = plan.cards.iter().filter_map(|c| kit.card(&c.id)).collect();
    let tracked = |id: &str| plan.measures.iter().any(|m| m.id == id);
    let mut out: Vec<Offer<'k>> = Vec::new();
    for card in &chosen {
        for id in &card.measures {
            let Some(m) = kit.measure(id) else { continue };
            match out.iter_mut().find(|o| o.measure.id == *id) {
                Some(o) => o.cards.push(card),
                None => out.push(Offer {
                    measure: m,
                    cards: vec![card],
                    tracked: tracked(id),
                }),
            }
        }
    }
    for m in kit.measures() {
        if !out.iter().any(|o| o.measure.id == m.id) {
            out.push(Offer {
                measure: m,
                cards: Vec::new(),
                tracked: tracked(&m.id),
            });
        }
    }
    out
}

/// Stop tracking measure `id`, with its baseline, target and recorded values. Returns the
/// measure removed, so that a front end can say how many values went with it.
pub fn remove(plan: &mut Plan, id: &str) -> Result<PlanMeasure, Problem> {
    let Some(i) = plan.measures.iter().position(|m| m.id == id) else {
        return Err(Problem::new(
            Field::Measure,
            format!("measure `{id}` is not tracked in this plan"),
        ));
    };
    Ok(plan.measures.remove(i))
}
