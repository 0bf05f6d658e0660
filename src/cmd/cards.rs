//! `thinkkit cards list | show`.

use std::io::Write;

use anyhow::bail;

use crate::cli::CardsCommand;
use crate::kit::{self, Card, Kit, VocabularyName, diagnostic::unknown_help};
use crate::text::{group_thousands, money_range};

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
            check_filter(&kit, VocabularyName::Levels, "level", level)?;
            check_filter(&kit, VocabularyName::Barriers, "barrier", barrier)?;
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
            let mut table = super::table([
                "id",
                "title",
                kit.terms().level.singular.as_str(),
                "points",
                "addresses",
                "set-up £",
                "running £/yr",
            ]);
            for c in &cards {
                table.add_row([
                    c.id.clone(),
                    c.title.clone(),
                    kit.label(VocabularyName::Levels, &c.level).to_owned(),
                    c.points.to_string(),
                    c.barriers.join(", "),
                    money_range(c.setup_cost.min, c.setup_cost.max, c.setup_cost.estimate),
                    money_range(
                        c.running_cost.min,
                        c.running_cost.max,
                        c.running_cost.estimate,
                    ),
                ]);
            }
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
            let Some(card) = kit.card(id) else {
                let help = unknown_help(id, kit.cards().iter().map(|c| c.id.as_str()));
                bail!("no card `{id}` in kit `{}`; {help}", kit.id());
            };
            write!(out, "{}", show_card(&kit, card))?;
        }
    }
    Ok(())
}

fn check_filter(
    kit: &Kit,
    vocab: VocabularyName,
    what: &str,
    given: &[String],
) -> anyhow::Result<()> {
    let terms = kit.vocabulary(vocab);
    for g in given {
        if !terms.iter().any(|t| &t.id == g) {
            let help = unknown_help(g, terms.iter().map(|t| t.id.as_str()));
            bail!("unknown {what} `{g}`; {help}");
        }
    }
    Ok(())
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
    let line = |s: &mut String, k: &str, v: String| {
        if !v.trim().is_empty() {
            let _ = writeln!(s, "{k:<14} {v}");
        }
    };
    let t = kit.terms();
    line(&mut s, "id", c.id.clone());
    line(
        &mut s,
        &t.level.singular,
        kit.label(VocabularyName::Levels, &c.level).to_owned(),
    );
    line(&mut s, "points", format!("{} of 3", c.points));
    line(&mut s, "for", c.audience.clone());
    let labels = |v: VocabularyName, ids: &[String]| {
        ids.iter()
            .map(|i| kit.label(v, i).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    line(
        &mut s,
        "addresses",
        labels(VocabularyName::Barriers, &c.barriers),
    );
    line(
        &mut s,
        "set-up cost",
        format!(
            "{}{}",
            money_range(c.setup_cost.min, c.setup_cost.max, c.setup_cost.estimate),
            basis(&c.setup_cost.basis)
        ),
    );
    line(
        &mut s,
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
    line(&mut s, "staff time", c.staff_time.clone());
    line(
        &mut s,
        "reach",
        format!(
            "{}–{} {} a year{}{}{}",
            group_thousands(c.reach.min.into()),
            group_thousands(c.reach.max.into()),
            t.people.of(c.reach.max.into()),
            if c.reach.scales {
                ", scales"
            } else {
                ", does not scale easily"
            },
            if c.reach.estimate { " (estimate)" } else { "" },
            basis(&c.reach.basis)
        ),
    );
    line(
        &mut s,
        &t.partner.plural,
        labels(VocabularyName::Partners, &c.partners),
    );
    for (name, terms) in &c.vocabularies {
        line(
            &mut s,
            name,
            terms
                .iter()
                .map(|i| kit.label_in(name, i).to_owned())
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    line(
        &mut s,
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
        &mut s,
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

fn basis(b: &str) -> String {
    if b.trim().is_empty() {
        String::new()
    } else {
        format!("\n{:<14} ({})", "", b.trim())
    }
}
