//! `thinkkit cards list | show | choose | drop`.
//!
//! `choose` and `drop` change a plan through the same checked edits as the workshop
//! ([`crate::edit::cards`]): every id and detail is checked first, every problem is listed, and
//! the plan is written (locked, atomically) only when there are none.

use std::io::Write;
use std::path::Path;

use anyhow::bail;

use crate::cli::{CardsCommand, ChooseArgs};
use crate::edit::{self, Field};
use crate::kit::{self, Card, Kit, VocabularyName, diagnostic::unknown_help};
use crate::text::{group_thousands, money, money_range};

/// Run `thinkkit cards …`.
pub fn run(cmd: &CardsCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        CardsCommand::List {
            kit,
            level,
            barrier,
            json,
        } => {
            let kit = kit::load::load_arg(kit.kit.as_deref())?;
            let level = resolve_filter(
                &kit,
                VocabularyName::Levels,
                &kit.terms().level.singular,
                "--level",
                level,
            )?;
            let barrier = resolve_filter(
                &kit,
                VocabularyName::Barriers,
                &kit.terms().barrier.singular,
                "--barrier",
                barrier,
            )?;
            let cards: Vec<&Card> = kit
                .cards()
                .iter()
                .filter(|c| level.is_empty() || level.contains(&c.level))
                .filter(|c| barrier.is_empty() || c.barriers.iter().any(|b| barrier.contains(b)))
                .collect();
            if *json {
                writeln!(out, "{}", serde_json::to_string_pretty(&cards)?)?;
                return Ok(());
            }
            // Three columns, so that a table fits 80 columns: the id on a line of its own,
            // never split, so it can be copied into the next command (the title and what the
            // card addresses wrap under it); the amounts kept whole, since a split amount
            // misreads.
            let t = kit.terms();
            let mut table = super::table(["card", t.level.singular.as_str(), "set-up; a year"]);
            let mut amounts: Vec<String> = Vec::new();
            for c in &cards {
                let setup = money_range(c.setup_cost.min, c.setup_cost.max, c.setup_cost.estimate);
                let running = money_range(
                    c.running_cost.min,
                    c.running_cost.max,
                    c.running_cost.estimate,
                );
                let addresses = if c.barriers.is_empty() {
                    String::new()
                } else {
                    format!(
                        "\naddresses {}",
                        c.barriers
                            .iter()
                            .map(|b| kit.label(VocabularyName::Barriers, b))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                table.add_row([
                    format!("{}\n{}{addresses}", c.id, c.title),
                    format!(
                        "{}\n{} point{}",
                        kit.label(VocabularyName::Levels, &c.level),
                        c.points,
                        if c.points == 1 { "" } else { "s" }
                    ),
                    format!("{setup}\n{running}"),
                ]);
                amounts.push(setup);
                amounts.push(running);
            }
            super::keep_whole(&mut table, 0, cards.iter().map(|c| c.id.as_str()));
            super::keep_whole(&mut table, 2, amounts.iter().map(String::as_str));
            writeln!(out, "{table}")?;
            writeln!(
                out,
                "{} of {} cards; * marks an estimate to replace with your own figure. `thinkkit cards show ID` shows one card.",
                cards.len(),
                kit.cards().len()
            )?;
        }
        CardsCommand::Show { id, kit } => {
            let kit = kit::load::load_arg(kit.kit.as_deref())?;
            let card = match kit.find_card(id) {
                Ok(card) => card,
                Err(miss) => bail!("no card `{id}` in kit `{}`; {}", kit.id(), miss.help()),
            };
            write!(out, "{}", show_card(&kit, card))?;
        }
        CardsCommand::Choose(args) => choose(args, &mut out)?,
        CardsCommand::Drop { plan, ids, kit } => {
            let mut session = super::open_existing(plan, kit.kit.as_deref(), "cards drop")?;
            // Cards named by their titles are dropped by their ids.
            let ids: Vec<&str> = ids
                .iter()
                .map(|t| {
                    session
                        .kit
                        .find_card(t)
                        .map_or(t.as_str(), |c| c.id.as_str())
                })
                .collect();
            let dropped = edit::cards::drop(&mut session.plan, &ids)
                .map_err(|r| super::refused(r.problems(), |_| None, plan))?;
            session.save()?;
            let titles: Vec<String> = dropped.iter().map(|id| title(&session.kit, id)).collect();
            writeln!(
                out,
                "saved `{}`: dropped {}",
                plan.display(),
                titles.join(", ")
            )?;
            write_total(&mut out, &session.kit, &session.plan)?;
        }
    }
    Ok(())
}

/// The flag a problem of `cards choose` is about.
fn choose_flag(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::Owner => "--owner",
        Field::Start => "--start",
        Field::SetupCost => "--setup-cost",
        Field::RunningCost => "--running-cost",
        Field::Notes => "--notes",
        _ => return None,
    })
}

fn choose(args: &ChooseArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let plan: &Path = &args.plan;
    let mut session = super::open_existing(plan, args.kit.kit.as_deref(), "cards choose")?;
    let typed = edit::cards::TypedDetails {
        owner: args.owner.as_deref(),
        start: args.start.as_deref(),
        setup_cost: args.setup_cost.as_deref(),
        running_cost: args.running_cost.as_deref(),
        notes: args.notes.as_deref(),
    };
    let ids: Vec<&str> = args.ids.iter().map(String::as_str).collect();
    // Ids and details are checked together, so one run lists every problem.
    let details = typed.check();
    let mut probe = session.plan.clone();
    let chosen = edit::cards::choose(
        &session.kit,
        &mut probe,
        &ids,
        details.as_ref().unwrap_or(&edit::cards::Details::default()),
    );
    let mut problems = Vec::new();
    if let Err(r) = &chosen {
        problems.extend(r.problems().iter().cloned());
    }
    if let Err(r) = &details {
        problems.extend(r.problems().iter().cloned());
    }
    if !problems.is_empty() {
        return Err(super::refused(&problems, choose_flag, plan));
    }
    let chosen = chosen.expect("no problems");
    session.plan = probe;
    session.save()?;
    let mut what = Vec::new();
    for (verb, kind) in [
        ("chose", edit::cards::Chosen::Added),
        ("updated", edit::cards::Chosen::Updated),
        ("already as given:", edit::cards::Chosen::Unchanged),
    ] {
        let titles: Vec<String> = chosen
            .iter()
            .filter(|(_, k)| *k == kind)
            .map(|(id, _)| title(&session.kit, id))
            .collect();
        if !titles.is_empty() {
            what.push(format!("{verb} {}", titles.join(", ")));
        }
    }
    writeln!(out, "saved `{}`: {}", plan.display(), what.join("; "))?;
    write_total(out, &session.kit, &session.plan)?;
    Ok(())
}

/// `Device loans (device-loans)`.
fn title(kit: &Kit, id: &str) -> String {
    kit.card(id)
        .map_or_else(|| format!("`{id}`"), |c| format!("{} (`{id}`)", c.title))
}

/// The plan's cards and first-year cost after the change, against the budget.
fn write_total(out: &mut dyn Write, kit: &Kit, plan: &crate::plan::Plan) -> anyhow::Result<()> {
    let a = crate::analysis::analyse(kit, plan);
    let budget = a
        .costs
        .budget
        .map(|b| format!(" against the {} of {} a year", kit.terms().budget, money(b)))
        .unwrap_or_default();
    writeln!(
        out,
        "the plan has {} card{}: {} in the first year (set-up plus a year's running){budget}",
        plan.cards.len(),
        if plan.cards.len() == 1 { "" } else { "s" },
        a.costs.first_year.text()
    )?;
    Ok(())
}

/// The term ids `given` names, each by its id or its label (in any case), as the kit's own
/// word calls them (`unknown workstream`).
fn resolve_filter(
    kit: &Kit,
    vocab: VocabularyName,
    what: &str,
    flag: &str,
    given: &[String],
) -> anyhow::Result<Vec<String>> {
    let terms = kit.vocabulary(vocab);
    given
        .iter()
        .map(|g| {
            terms
                .iter()
                .find(|t| &t.id == g)
                .or_else(|| {
                    terms
                        .iter()
                        .find(|t| t.label.trim().eq_ignore_ascii_case(g.trim()))
                })
                .map(|t| t.id.clone())
                .ok_or_else(|| {
                    let help = unknown_help(g, terms.iter().map(|t| t.id.as_str()));
                    anyhow::anyhow!(
                        "unknown {what} `{g}` for `{flag}`; {help} (an id or a label, from `thinkkit kit show`)"
                    )
                })
        })
        .collect()
}

fn show_card(kit: &Kit, c: &Card) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let rule = "─".repeat(c.title.chars().count().max(20));
    let _ = writeln!(s, "{}\n{rule}", c.title);
    let _ = writeln!(s, "{}\n", c.summary);
    if !c.description.trim().is_empty() {
        let _ = writeln!(s, "{}\n", c.description.trim());
    }
    // Label and value, aligned on the longest label once all are known (a kit's words for its
    // partners or its own vocabularies can be longer than the engine's); a value's later lines
    // (a cost's basis) go under the value.
    let mut rows: Vec<(String, String)> = Vec::new();
    let line = |rows: &mut Vec<(String, String)>, k: &str, v: String| {
        if !v.trim().is_empty() {
            rows.push((k.to_owned(), v));
        }
    };
    let t = kit.terms();
    line(&mut rows, "id", c.id.clone());
    line(
        &mut rows,
        &t.level.singular,
        kit.label(VocabularyName::Levels, &c.level).to_owned(),
    );
    line(&mut rows, "points", format!("{} of 3", c.points));
    line(&mut rows, "for", c.audience.clone());
    let labels = |v: VocabularyName, ids: &[String]| {
        ids.iter()
            .map(|i| kit.label(v, i).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(
        &mut rows,
        "addresses",
        labels(VocabularyName::Barriers, &c.barriers),
    );
    line(
        &mut rows,
        "set-up cost",
        format!(
            "{}{}",
            money_range(c.setup_cost.min, c.setup_cost.max, c.setup_cost.estimate),
            basis(&c.setup_cost.basis)
        ),
    );
    line(
        &mut rows,
        "running cost",
        format!(
            "{} a year{}",
            money_range(
                c.running_cost.min,
                c.running_cost.max,
                c.running_cost.estimate
            ),
            basis(&c.running_cost.basis)
        ),
    );
    line(&mut rows, "staff time", c.staff_time.clone());
    // The printed cards and the document say the same: a card with no reach reaches nobody
    // directly (monitoring, a system), rather than "0–0 people".
    let reach = if c.reach.max == 0 {
        format!("nobody directly{}", basis(&c.reach.basis))
    } else {
        format!(
            "{} {} a year{}{}{}",
            if c.reach.min == c.reach.max {
                group_thousands(c.reach.max.into())
            } else {
                format!(
                    "{}–{}",
                    group_thousands(c.reach.min.into()),
                    group_thousands(c.reach.max.into())
                )
            },
            t.people.of(c.reach.max.into()),
            if c.reach.scales {
                ", scales"
            } else {
                ", does not scale easily"
            },
            if c.reach.estimate { " (estimate)" } else { "" },
            basis(&c.reach.basis)
        )
    };
    line(&mut rows, "reach", reach);
    line(
        &mut rows,
        &t.partner.plural,
        labels(VocabularyName::Partners, &c.partners),
    );
    for (name, terms) in &c.vocabularies {
        line(
            &mut rows,
            &kit.vocabulary_noun(name),
            terms
                .iter()
                .map(|i| kit.label_in(name, i).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    line(
        &mut rows,
        "measures",
        c.measures
            .iter()
            .map(|m| {
                kit.measure(m)
                    .map_or(m.as_str(), |m| m.title.as_str())
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    line(
        &mut rows,
        "builds on",
        c.builds_on
            .iter()
            .map(|m| {
                kit.card(m)
                    .map_or(m.as_str(), |m| m.title.as_str())
                    .to_owned()
            })
            .collect::<Vec<_>>()
            .join(", "),
    );
    line(
        &mut rows,
        "figures",
        c.figures
            .iter()
            .filter_map(|id| kit.figure(id))
            .map(|f| {
                format!(
                    "{} ({}, {}{})",
                    f.title,
                    crate::render::figures::figure_value(kit, f),
                    f.cited_year(),
                    if f.example {
                        ", an example to replace"
                    } else if f.illustrative {
                        ", illustrative"
                    } else {
                        ""
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("; "),
    );
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (k, v) in &rows {
        let pad = " ".repeat(width + 1);
        let v = v.replace(BASIS_BREAK, &format!("\n{pad}"));
        let _ = writeln!(s, "{k:<width$} {v}");
    }
    for (head, items) in [
        ("Outputs", &c.outputs),
        ("Risks", &c.risks),
        ("Lessons from practice", &c.lessons),
    ] {
        if !items.is_empty() {
            let _ = writeln!(s, "\n{head}");
            for i in items {
                let _ = writeln!(s, "  • {}", i.trim());
            }
        }
    }
    let source = kit.source(&c.source).map_or(c.source.clone(), |src| {
        format!(
            "{}{}",
            src.title,
            src.year.map(|y| format!(" ({y})")).unwrap_or_default()
        )
    });
    let _ = writeln!(s, "\nSource: {source}");
    s
}

/// Where a value's next line starts, replaced by the indent once the labels' width is known.
const BASIS_BREAK: &str = "\u{0}";

fn basis(b: &str) -> String {
    if b.trim().is_empty() {
        String::new()
    } else {
        format!("{BASIS_BREAK}({})", b.trim())
    }
}
