//! `thinkkit status`: how far a plan has got, and what the analysis makes of it.
//!
//! It reads the plan without locking it (it changes nothing), lines it up with its kit as every
//! command does (warnings go to standard error), and prints, in order: questions answered per
//! component, the chosen cards with their cost, the figures (costs against the budget, reach,
//! cost per person, barriers, levels, channel-shift savings with their sources), measures, the
//! reality checks that fired, what is still open (required questions first), and the steps the
//! analysis could not work out, with the reason.

use std::io::Write;
use std::path::Path;

use crate::analysis::{self, Analysis, Cause};
use crate::cli::StatusArgs;
use crate::kit::{Kit, Severity};
use crate::plan::{self, Checked, Plan};
use crate::text::{capitalize, money};

/// Read a plan and its kit for a command that only reads: no lock, checked against the kit (a
/// plan with problems is refused, every problem listed), reconciled in memory, warnings on
/// standard error.
pub(crate) fn read_plan(path: &Path, kit_arg: Option<&str>) -> anyhow::Result<(Checked, Kit)> {
    if !path.exists() {
        anyhow::bail!(
            "no plan `{}`; start one with `thinkkit workshop {}` or `thinkkit answer`",
            path.display(),
            path.display()
        );
    }
    let (plan, kit, warnings) = plan::load(path, kit_arg)?;
    for w in warnings {
        eprintln!("warning: {w}");
    }
    Ok((plan, kit))
}

/// Run `thinkkit status`.
pub fn run(args: &StatusArgs) -> anyhow::Result<()> {
    let (plan, kit) = read_plan(&args.plan, args.kit.kit.as_deref())?;
    let a = analysis::analyse(&kit, &plan);
    // Written at once: line by line, the status was 34 writes to the terminal or the pipe.
    let mut out = std::io::BufWriter::with_capacity(16 * 1024, std::io::stdout().lock());
    write_status(&mut out, &args.plan, &kit, &plan, &a)?;
    out.flush()?;
    // The process ends here: what it read is given back with it, not freed piece by piece.
    std::mem::forget((plan, a));
    Ok(())
}

fn write_status(
    out: &mut dyn Write,
    path: &Path,
    kit: &Kit,
    plan: &Plan,
    a: &Analysis,
) -> anyhow::Result<()> {
    let org = if plan.organisation.trim().is_empty() {
        String::new()
    } else {
        format!(" for {}", plan.organisation.trim())
    };
    writeln!(
        out,
        "Plan `{}`{org}, kit `{}` {}",
        path.display(),
        kit.id(),
        kit.version()
    )?;
    writeln!(out, "{}.\n", a.progress.overall)?;

    let mut t = super::table(["component", "answered", "required still open"]);
    for c in &a.progress.components {
        let mut answered = format!("{} of {}", c.answered, c.total);
        for (n, what) in [(c.to_decide, "to decide"), (c.skipped, "skipped")] {
            if n > 0 {
                answered.push_str(&format!(" · {n} {what}"));
            }
        }
        t.add_row([
            c.title.clone(),
            answered,
            if c.required_open == 0 {
                "–".to_owned()
            } else {
                c.required_open.to_string()
            },
        ]);
    }
    writeln!(out, "{t}\n")?;

    write_cards(out, kit, a)?;
    write_figures(out, kit, a)?;
    if !a.measures.is_empty() {
        writeln!(out, "Measures")?;
        writeln!(out, "{}\n", super::measure::table_of(&a.measures))?;
    }
    write_checks(out, &a.checks)?;
    write_open(out, a)?;
    write_skipped(out, &a.skipped)?;
    writeln!(
        out,
        "* marks an estimate to replace with your own figure. Reach is summed over cards, so it counts a {} reached by two activities twice.",
        kit.terms().people.singular
    )?;
    Ok(())
}

/// What the analysis could not work out: first what the kit does not provide (no answer can
/// fill it), then what the plan does not give yet.
fn write_skipped(out: &mut dyn Write, skipped: &[analysis::Skipped]) -> anyhow::Result<()> {
    if skipped.is_empty() {
        return Ok(());
    }
    writeln!(out, "Not worked out")?;
    for (cause, head) in [
        (Cause::Kit, "the kit does not provide it"),
        (Cause::Plan, "the plan does not give it yet"),
        (Cause::Game, "a game hand cannot give it"),
    ] {
        let lines: Vec<&analysis::Skipped> = skipped.iter().filter(|s| s.cause == cause).collect();
        if lines.is_empty() {
            continue;
        }
        writeln!(out, "  because {head}:")?;
        for s in lines {
            let subject = s
                .subject
                .as_ref()
                .map(|x| format!(" `{x}`"))
                .unwrap_or_default();
            writeln!(out, "    {}{subject}: {}", s.step, s.reason)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn write_cards(out: &mut dyn Write, kit: &Kit, a: &Analysis) -> anyhow::Result<()> {
    if a.costs.cards.is_empty() {
        writeln!(
            out,
            "No cards chosen yet: `thinkkit cards list` shows them, and the workshop offers them component by component.\n"
        )?;
        return Ok(());
    }
    writeln!(out, "Chosen cards")?;
    // Three columns, so that the table fits 80 columns with every id and amount whole.
    let mut t = super::table([
        "card",
        kit.terms().level.singular.as_str(),
        "set-up; a year; reach a year",
    ]);
    let local = |on: bool| if on { " (yours)" } else { "" };
    let points = |n: u32| format!("{n} point{}", if n == 1 { "" } else { "s" });
    let mut amounts: Vec<String> = Vec::new();
    for c in &a.costs.cards {
        let lines = [
            format!("{}{}", c.setup.text(), local(c.local_setup)),
            format!("{}{}", c.running.text(), local(c.local_running)),
            format!(
                "{}{}",
                c.reach.text(),
                if c.reach_estimate { "*" } else { "" }
            ),
        ];
        t.add_row([
            format!("{}\n{}", c.title, c.id),
            format!("{}\n{}", c.level_label, points(c.points)),
            lines.join("\n"),
        ]);
        amounts.extend(lines);
    }
    let totals = [
        a.costs.setup.text(),
        a.costs.running.text(),
        format!(
            "{}{}",
            a.reach.people.text(),
            if a.reach.estimate { "*" } else { "" }
        ),
    ];
    t.add_row([
        "Total".to_owned(),
        points(a.costs.points),
        totals.join("\n"),
    ]);
    amounts.extend(totals);
    super::keep_whole(&mut t, 0, a.costs.cards.iter().map(|c| c.id.as_str()));
    super::keep_whole(&mut t, 2, amounts.iter().map(String::as_str));
    writeln!(out, "{t}\n")?;
    Ok(())
}

fn write_figures(out: &mut dyn Write, kit: &Kit, a: &Analysis) -> anyhow::Result<()> {
    let t = kit.terms();
    writeln!(out, "Figures")?;
    let budget = a
        .costs
        .budget
        .map(|b| format!("; {} {} a year", t.budget, money(b)))
        .unwrap_or_default();
    writeln!(
        out,
        "  First-year cost: {} (set-up plus a year's running){budget}",
        a.costs.first_year.text()
    )?;
    let people = t.people.of(a.reach.people.max as f64);
    let reach = match (&a.reach.offline, &a.reach.share_of_offline) {
        (Some(o), Some(share)) => format!(
            "{} {people} a year, {} of {} {} {} ({})",
            a.reach.people.text(),
            share.text(),
            crate::text::group_thousands(whole(o.count)),
            t.population.of(o.count.round()),
            t.offline,
            o.basis
        ),
        (Some(o), None) => format!(
            "{} {people} a year; {} {} {} ({})",
            a.reach.people.text(),
            crate::text::group_thousands(whole(o.count)),
            t.population.of(o.count.round()),
            t.offline,
            o.basis
        ),
        _ => format!("{} {people} a year", a.reach.people.text()),
    };
    writeln!(out, "  Reach: {reach}")?;
    if let Some(c) = &a.reach.cost_per_person {
        writeln!(
            out,
            "  Cost per {} reached: {} in the first year",
            t.people.singular, c.text
        )?;
    }
    if let Some(b) = &a.barriers {
        let missing: Vec<&str> = b
            .named
            .iter()
            .filter(|l| l.addressed_by.is_empty())
            .map(|l| l.label.as_str())
            .collect();
        writeln!(
            out,
            "  {} named: {} of {} addressed{}",
            capitalize(&t.barrier.plural),
            b.addressed,
            b.named.len(),
            if missing.is_empty() {
                String::new()
            } else {
                format!(" (not: {})", missing.join(", "))
            }
        )?;
    }
    let levels: Vec<&str> = a
        .levels
        .lines
        .iter()
        .filter(|l| !l.cards.is_empty())
        .map(|l| l.label.as_str())
        .collect();
    writeln!(
        out,
        "  {} covered: {} of {}{}",
        capitalize(&t.level.plural),
        a.levels.covered,
        a.levels.total,
        if levels.is_empty() {
            String::new()
        } else {
            format!(" ({})", levels.join("; "))
        }
    )?;
    if !a.figures.is_empty() {
        let examples = a
            .figures
            .iter()
            .filter(|u| kit.figure(&u.id).is_some_and(|f| f.example))
            .count();
        writeln!(
            out,
            "  Reference figures relied on: {}{}",
            a.figures.len(),
            match examples {
                0 => String::new(),
                1 => " (1 is an example to replace)".to_owned(),
                n => format!(" ({n} are examples to replace)"),
            }
        )?;
    }
    let cs = &a.channel_shift;
    if !cs.services.is_empty() {
        let per: Vec<String> = cs
            .services
            .iter()
            .map(|s| match s.saving {
                Some(v) => format!("{} {}", s.service, money(v)),
                None => format!("{} not worked out", s.service),
            })
            .collect();
        // A total of nothing worked out is not a saving of £0.
        let total = if cs.services.iter().any(|s| s.saving.is_some()) {
            format!(
                "{} a year{}",
                money(cs.total_saving),
                if cs.complete { "" } else { " so far" }
            )
        } else {
            "not worked out".to_owned()
        };
        writeln!(out, "  Channel shift: {total} ({})", per.join("; "))?;
        if !cs.without_figures.is_empty() {
            writeln!(
                out,
                "    chosen to offer online with no figures yet (`thinkkit shift set`): {}",
                cs.without_figures.join("; ")
            )?;
        }
        for s in &cs.sources {
            writeln!(out, "    unit costs: {}", s.text())?;
        }
        for s in &cs.services {
            for n in &s.notes {
                writeln!(out, "    note: {n}")?;
            }
        }
    }
    writeln!(out)?;
    Ok(())
}

/// The fired checks with their facts (shared with `play`'s details).
pub(crate) fn write_checks(
    out: &mut dyn Write,
    checks: &[analysis::FiredCheck],
) -> anyhow::Result<()> {
    if checks.is_empty() {
        writeln!(out, "Reality checks: none fired.\n")?;
        return Ok(());
    }
    writeln!(out, "Reality checks ({})", checks.len())?;
    for c in checks {
        let mark = match c.severity {
            Severity::Warning => "!",
            Severity::Note => "·",
        };
        let note = if c.severity == Severity::Note {
            " (note)"
        } else {
            ""
        };
        writeln!(out, "  {mark} {}{note}", c.title)?;
        for f in &c.facts {
            writeln!(out, "      {}", f.text)?;
        }
    }
    writeln!(out)?;
    Ok(())
}

fn write_open(out: &mut dyn Write, a: &Analysis) -> anyhow::Result<()> {
    let (required, optional): (Vec<_>, Vec<_>) = a.progress.open.iter().partition(|q| q.required);
    if required.is_empty() && optional.is_empty() {
        writeln!(
            out,
            "Still open: nothing; every question that applies is answered.\n"
        )?;
        return Ok(());
    }
    writeln!(out, "Still open")?;
    if !required.is_empty() {
        writeln!(out, "  required ({}):", required.len())?;
        for q in required {
            writeln!(
                out,
                "    {} — {} ({}){}",
                q.id,
                q.prompt,
                q.component_title,
                decide_text(q)
            )?;
        }
    }
    if !optional.is_empty() {
        writeln!(
            out,
            "  optional ({}): {}",
            optional.len(),
            optional
                .iter()
                .map(|q| if q.to_decide.is_some() {
                    format!("{} (to decide)", q.id)
                } else {
                    q.id.clone()
                })
                .collect::<Vec<_>>()
                .join(", ")
        )?;
        for q in optional.iter().filter(|q| {
            q.to_decide
                .as_ref()
                .is_some_and(|d| d.note.is_some() || d.owner.is_some())
        }) {
            writeln!(out, "    {}{}", q.id, decide_text(q))?;
        }
    }
    writeln!(out)?;
    Ok(())
}

/// ` — to decide, Director of Finance: waits for the April board`, or nothing for a question
/// not reached yet.
fn decide_text(q: &analysis::answers::OpenQuestion) -> String {
    let Some(d) = &q.to_decide else {
        return String::new();
    };
    let mut t = " — to decide".to_owned();
    if let Some(o) = &d.owner {
        t.push_str(&format!(", {o}"));
    }
    if let Some(n) = &d.note {
        t.push_str(&format!(": {n}"));
    }
    t
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(v: f64) -> u64 {
    v.round().max(0.0) as u64
}
