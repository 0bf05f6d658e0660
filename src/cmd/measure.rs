//! `thinkkit measure add | record | show`: measures with a baseline and a target, and outcomes
//! over time.
//!
//! `add` and `record` change the plan through [`plan::Session`] (lock, then an atomic save), so
//! they are as safe as the workshop: a second writer is refused and a crash leaves the old plan
//! or the new one. `add` goes through the workshop's checked edit ([`edit::measures::add`]):
//! every problem is listed and nothing is written unless all is well. `record` adds a measure
//! the plan does not track yet; a second value on the same date replaces the first (a
//! correction, not a new reading). `show` only reads. How the status is decided is in
//! [`crate::analysis::measures`].

use std::io::Write;

use anyhow::{Context, bail};

use crate::analysis::measures::{self, MeasureProgress};
use crate::cli::MeasureCommand;
use crate::edit::{self, Field};
use crate::kit::{MeasureUnit, diagnostic::unknown_help};
use crate::plan::{self, PlanMeasure, Reading};
use crate::text::{group_thousands, money};

/// The flag a problem of `measure add` is about.
fn add_flag(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Baseline => "--baseline",
        Field::BaselineDate => "--baseline-date",
        Field::Target => "--target",
        Field::TargetDate => "--by",
        _ => return None,
    })
}

/// Run `thinkkit measure …`.
pub fn run(cmd: &MeasureCommand) -> anyhow::Result<()> {
    match cmd {
        MeasureCommand::Add {
            plan,
            measure,
            baseline,
            baseline_date,
            baseline_note,
            target,
            by,
            kit,
        } => {
            let mut session = super::open_existing(plan, kit.kit.as_deref(), "measure add")?;
            // A measure named by its title is the measure of that id from here on.
            let measure = &session
                .kit
                .find_measure(measure)
                .map_or_else(|_| measure.clone(), |m| m.id.clone());
            let typed = edit::measures::TypedMeasure {
                baseline: baseline.as_deref(),
                baseline_date: baseline_date.as_deref(),
                baseline_note: baseline_note.as_deref(),
                target: target.as_deref(),
                by: by.as_deref(),
            };
            let today = crate::clock::today();
            let added =
                edit::measures::add(&session.kit, &mut session.plan, measure, &typed, today)
                    .map_err(|r| super::refused(r.problems(), add_flag, plan))?;
            session.save()?;
            let km = session.kit.measure(measure).expect("checked by the edit");
            let pm = session
                .plan
                .measures
                .iter()
                .find(|m| m.id == *measure)
                .expect("added by the edit");
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "saved `{}`: {} `{measure}` ({})",
                plan.display(),
                match added {
                    edit::measures::Added::New => "the plan now tracks",
                    edit::measures::Added::Updated => "updated",
                    edit::measures::Added::Unchanged => "already as given:",
                },
                km.title
            )?;
            let progress = measures::progress(&session.kit, pm);
            writeln!(out, "{}", table_of(std::slice::from_ref(&progress)))?;
            if pm.baseline.is_none() || pm.target.is_none() {
                writeln!(
                    out,
                    "hint: give it {} with `thinkkit measure add {} {measure} {}` to see whether it is on track",
                    match (pm.baseline.is_none(), pm.target.is_none()) {
                        (true, true) => "a baseline and a target",
                        (true, false) => "a baseline",
                        _ => "a target",
                    },
                    plan.display(),
                    match (pm.baseline.is_none(), pm.target.is_none()) {
                        (true, true) => {
                            "--baseline VALUE --baseline-date YYYY-MM-DD --target VALUE --by YYYY-MM-DD"
                        }
                        (true, false) => "--baseline VALUE --baseline-date YYYY-MM-DD",
                        _ => "--target VALUE --by YYYY-MM-DD",
                    }
                )?;
            }
        }
        MeasureCommand::Record {
            plan,
            measure,
            value,
            date,
            note,
            kit,
        } => {
            if !plan.exists() {
                bail!(
                    "no plan `{}`; start one with `thinkkit workshop {}` or `thinkkit answer`",
                    plan.display(),
                    plan.display()
                );
            }
            let today = crate::clock::today();
            let date = match date {
                Some(d) => {
                    edit::measures::past_date(d, Field::BaselineDate, today).map_err(|p| {
                        anyhow::anyhow!(
                            "{}{}",
                            p.message,
                            p.help.map(|h| format!("; {h}")).unwrap_or_default()
                        )
                    })?
                }
                None => today,
            };
            let mut session =
                plan::Session::open(plan, kit.kit.as_deref(), None, "measure record")?;
            for w in &session.warnings {
                eprintln!("warning: {w}");
            }
            let km = match session.kit.find_measure(measure) {
                Ok(km) => km,
                Err(miss) => {
                    let help = match miss {
                        crate::kit::lookup::Miss::Unknown(_) => unknown_help(
                            measure,
                            session.kit.measures().iter().map(|m| m.id.as_str()),
                        ),
                        ambiguous => ambiguous.help(),
                    };
                    bail!(
                        "no measure `{measure}` in kit `{}`; {help}",
                        session.kit.id()
                    );
                }
            };
            let measure = &km.id.clone();
            let unit = km.unit;
            let title = km.title.clone();
            let v = edit::measures::value(value, unit, Field::Baseline)
                .map_err(|p| {
                    anyhow::anyhow!(
                        "{}{}",
                        p.message,
                        p.help.map(|h| format!("; {h}")).unwrap_or_default()
                    )
                })
                .with_context(|| format!("cannot record `{value}` for `{measure}` ({title})"))?;
            let reading = Reading {
                value: v,
                date,
                note: note.clone().filter(|n| !n.trim().is_empty()),
            };
            let added = !session.plan.measures.iter().any(|m| m.id == *measure);
            if added {
                session.plan.measures.push(PlanMeasure {
                    id: measure.clone(),
                    ..PlanMeasure::default()
                });
            }
            let pm = session
                .plan
                .measures
                .iter_mut()
                .find(|m| m.id == *measure)
                .expect("the measure was just ensured");
            let replaced = record(pm, reading);
            let progress = measures::progress(&session.kit, pm);
            session.save()?;

            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "{} {} for `{measure}` ({title}) on {date}{}",
                if replaced {
                    "replaced the value with"
                } else {
                    "recorded"
                },
                show_value(v, Some(unit)),
                if added {
                    "; the plan now tracks this measure"
                } else {
                    ""
                }
            )?;
            writeln!(out, "{}", summary(&progress))?;
            if progress.baseline.is_none() {
                writeln!(
                    out,
                    "hint: give `{measure}` a baseline and a target with `thinkkit measure add {} {measure} --baseline VALUE --baseline-date YYYY-MM-DD --target VALUE --by YYYY-MM-DD` to see whether it is on track",
                    plan.display()
                )?;
            }
        }
        MeasureCommand::Show { plan, kit } => {
            let (plan_data, kit) = super::status::read_plan(plan, kit.kit.as_deref())?;
            let mut out = std::io::stdout().lock();
            if plan_data.measures.is_empty() {
                writeln!(
                    out,
                    "plan `{}` tracks no measures yet; record one with `thinkkit measure record {} MEASURE VALUE` (`{}` has {} to choose from)",
                    plan.display(),
                    plan.display(),
                    kit.id(),
                    kit.measures().len()
                )?;
                return Ok(());
            }
            let progress: Vec<MeasureProgress> = plan_data
                .measures
                .iter()
                .map(|m| measures::progress(&kit, m))
                .collect();
            writeln!(out, "{}", table_of(&progress))?;
            write_legend(&mut out)?;
        }
    }
    Ok(())
}

/// Put `reading` in date order; a reading on the same date is replaced. Returns whether it was.
fn record(m: &mut PlanMeasure, reading: Reading) -> bool {
    if let Some(r) = m.values.iter_mut().find(|r| r.date == reading.date) {
        *r = reading;
        return true;
    }
    let at = m.values.partition_point(|r| r.date <= reading.date);
    m.values.insert(at, reading);
    false
}

/// `45%`, `£1,200`, `1,200`, `3.5`.
pub(crate) fn show_value(v: f64, unit: Option<MeasureUnit>) -> String {
    match unit {
        // Pence matter in a unit cost (£0.17), so they are kept whatever the amount.
        Some(MeasureUnit::Money) if (v * 100.0).round() % 100.0 != 0.0 => {
            let pence = (v * 100.0).round();
            format!(
                "{}.{:02.0}",
                money((pence / 100.0).trunc()),
                (pence % 100.0).abs()
            )
        }
        Some(MeasureUnit::Money) => money((v * 100.0).round() / 100.0),
        Some(MeasureUnit::Percent) => format!("{}%", short(v)),
        _ => short(v),
    }
}

fn short(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let whole = r as i64;
        let s = group_thousands(whole.unsigned_abs());
        if whole < 0 { format!("-{s}") } else { s }
    } else {
        format!("{r}")
    }
}

fn signed(v: f64, unit: Option<MeasureUnit>) -> String {
    let s = match unit {
        Some(MeasureUnit::Percent) => format!("{} points", short(v.abs())),
        _ => show_value(v.abs(), unit),
    };
    if v > 0.0 {
        format!("+{s}")
    } else if v < 0.0 {
        format!("−{s}")
    } else {
        "no change".to_owned()
    }
}

fn status_text(p: &MeasureProgress) -> String {
    match (p.status, p.expected) {
        (Some(s), Some(e)) => {
            let mut t = format!("{} (line: {})", s.label(), show_value(e, p.unit));
            if let Some(n) = &p.note {
                t.push_str(&format!("\n{n}"));
            }
            t
        }
        _ => p
            .note
            .as_ref()
            .map_or_else(|| "–".to_owned(), |n| format!("no status: {n}")),
    }
}

fn trend_text(p: &MeasureProgress) -> String {
    p.trend.as_ref().map_or_else(
        || "–".to_owned(),
        |t| {
            format!(
                "{} since {}, {}",
                signed(t.change, p.unit),
                t.since,
                t.direction.label()
            )
        },
    )
}

/// One line: `Residents online: 68% on 2026-01-01, at risk (line: 70%)`.
fn summary(p: &MeasureProgress) -> String {
    let latest = p
        .values
        .last()
        .map(|r| format!("{} on {}", show_value(r.value, p.unit), r.date))
        .unwrap_or_default();
    format!(
        "{}: {latest}; trend {}; {}",
        p.title,
        trend_text(p),
        status_text(p).replace('\n', "; ")
    )
}

/// The measures table shared by `measure show` and `status`.
pub(crate) fn table_of(progress: &[MeasureProgress]) -> crate::terminal::Table {
    // Three columns, so that the table fits 80 columns with every id and every dated value
    // whole (a date split over two lines misreads).
    let mut t = super::table(["measure", "baseline, target, values", "trend and status"]);
    let mut dated: Vec<String> = Vec::new();
    for p in progress {
        let mut lines = vec![
            p.baseline.as_ref().map_or_else(
                || "from –".to_owned(),
                |b| format!("from {} on {}", show_value(b.value, p.unit), b.date),
            ),
            p.target.as_ref().map_or_else(
                || "to –".to_owned(),
                |t| format!("to {} by {}", show_value(t.value, p.unit), t.by),
            ),
        ];
        lines.extend(
            p.values
                .iter()
                .map(|r| format!("{} on {}", show_value(r.value, p.unit), r.date)),
        );
        t.add_row([
            format!("{}\n{}", p.title, p.id),
            lines.join("\n"),
            format!("{}\n{}", trend_text(p), status_text(p)),
        ]);
        dated.extend(lines);
    }
    super::keep_whole(&mut t, 0, progress.iter().map(|p| p.id.as_str()));
    super::keep_whole(&mut t, 1, dated.iter().map(String::as_str));
    t
}

fn write_legend(out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "The line runs straight from the baseline to the target. On track: at most {:.0}% of the planned change behind it; at risk: up to {:.0}% behind (or below the baseline); off track: further behind.",
        measures::ON_TRACK_TOLERANCE * 100.0,
        measures::AT_RISK_LIMIT * 100.0
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use jiff::civil::Date;

    use super::*;

    #[test]
    fn money_values_keep_their_pence() {
        let m = Some(MeasureUnit::Money);
        assert_eq!(show_value(1200.5, m), "£1,200.50");
        assert_eq!(show_value(0.17, m), "£0.17");
        assert_eq!(show_value(1.999, m), "£2");
        assert_eq!(show_value(14.0, m), "£14");
        assert_eq!(show_value(45.5, Some(MeasureUnit::Percent)), "45.5%");
        assert_eq!(show_value(1234.0, Some(MeasureUnit::Count)), "1,234");
    }

    #[test]
    fn readings_stay_in_date_order_and_a_same_day_value_replaces() {
        let mut m = PlanMeasure::default();
        let r = |v: f64, d: i8| Reading {
            value: v,
            date: Date::constant(2026, 1, d),
            note: None,
        };
        assert!(!record(&mut m, r(1.0, 10)));
        assert!(!record(&mut m, r(2.0, 5)));
        assert!(!record(&mut m, r(3.0, 20)));
        assert!(record(&mut m, r(4.0, 10)));
        let got: Vec<f64> = m.values.iter().map(|r| r.value).collect();
        assert_eq!(got, vec![2.0, 4.0, 3.0]);
    }
}
