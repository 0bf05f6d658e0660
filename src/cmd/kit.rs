//! `thinkkit kit list | show | validate | schema | new`.

use std::fs;
use std::io::Write;

use anyhow::{Context, bail};

use super::Reported;
use crate::cli::KitCommand;
use crate::kit::{self, Kit, KitRef, Origin, Severity, VocabularyName, builtin};
use crate::text::{capitalize, group_thousands, money};

/// The starter kit `kit new` writes: a small, complete kit that validates.
const STARTER: &[(&str, &str)] = &[("kit.yaml", include_str!("../../kits/starter/kit.yaml"))];

/// Run `thinkkit kit …`.
pub fn run(cmd: &KitCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        KitCommand::List => {
            let mut table = super::table(["id", "title", "version", "components", "cards"]);
            for b in builtin::BUILT_IN {
                let k = kit::load(&KitRef::BuiltIn(b)).map_err(anyhow::Error::new)?;
                table.add_row([
                    k.id().to_owned(),
                    k.title().to_owned(),
                    k.version().to_owned(),
                    k.components().len().to_string(),
                    k.cards().len().to_string(),
                ]);
            }
            let ids: Vec<&str> = builtin::BUILT_IN.iter().map(|b| b.id).collect();
            super::keep_whole(&mut table, 0, ids);
            writeln!(out, "{table}")?;
        }
        KitCommand::Show { kit: arg } => {
            let kit = kit::load::load_arg(arg.as_deref())?;
            write!(out, "{}", show(&kit))?;
        }
        KitCommand::Validate { paths } => {
            let mut failed = false;
            for (n, p) in paths.iter().enumerate() {
                match kit::load(&KitRef::parse(p)) {
                    Ok(k) => {
                        writeln!(
                            out,
                            "ok: {p}: kit `{}` {} ({} components, {} questions, {} cards, {} sheets, {} scenarios, {} measures, {} figures, {} reality checks)",
                            k.id(),
                            k.version(),
                            k.components().len(),
                            k.questions().count(),
                            k.cards().len(),
                            k.sheets().len(),
                            k.scenarios().len(),
                            k.measures().len(),
                            k.figures().len(),
                            k.reality_checks().len(),
                        )?;
                        // The last kit is not freed: the process ends with the command, and
                        // freeing a large kit piece by piece (16 ms of a 10,000-card kit's
                        // 150) is time the user waits for nothing. Earlier kits are freed as
                        // usual, so that validating many kits stays within one kit's memory.
                        if n + 1 == paths.len() {
                            std::mem::forget(k);
                        }
                    }
                    Err(diags) => {
                        failed = true;
                        eprintln!("error: kit `{p}` is not valid");
                        eprintln!("{diags}");
                    }
                }
            }
            if failed {
                return Err(Reported.into());
            }
        }
        KitCommand::Schema => {
            let schema = schemars::schema_for!(kit::KitFile);
            writeln!(out, "{}", serde_json::to_string_pretty(&schema)?)?;
        }
        KitCommand::New { dir } => {
            if dir.exists()
                && fs::read_dir(dir)
                    .map(|mut d| d.next().is_some())
                    .unwrap_or(true)
            {
                bail!(
                    "`{}` already exists and is not empty; choose a new folder so nothing is overwritten",
                    dir.display()
                );
            }
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            for (name, text) in STARTER {
                let path = dir.join(name);
                fs::write(&path, text)
                    .with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            writeln!(
                out,
                "wrote a starter kit to {0}\n  check it:  thinkkit kit validate {0}\n  see it:    thinkkit kit show {0}\n  use it:    thinkkit workshop --kit {0}",
                dir.display()
            )?;
        }
    }
    Ok(())
}

/// Everything a kit holds, table by table, for an author or a facilitator deciding whether to use
/// it: what it says its things are called, its components and questions, cards by level,
/// scenarios, measures, figures and reality checks.
fn show(kit: &Kit) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let t = kit.terms();
    let origin = match kit.origin() {
        Origin::BuiltIn(_) => "built in".to_owned(),
        Origin::Path(p) => format!("from {}", p.display()),
    };
    let _ = writeln!(
        s,
        "{}\nkit `{}`, version {}, {origin}",
        kit.title(),
        kit.id(),
        kit.version()
    );
    if let Some(first) = kit.meta().description.split("\n\n").next()
        && !first.trim().is_empty()
    {
        let _ = writeln!(s, "\n{}", first.trim());
    }
    let _ = writeln!(
        s,
        "\nIts words: the population is counted in {} (one {}), activities reach {}, a share is {} and the rest {}; {} and {} are what cards act at and address, the budget is the {}.",
        t.population.plural,
        t.population.singular,
        t.people.plural,
        t.online,
        t.offline,
        t.level.plural,
        t.barrier.plural,
        t.budget
    );

    let questions = kit.questions().count();
    let _ = writeln!(
        s,
        "\nComponents ({}, {questions} question{})",
        kit.components().len(),
        if questions == 1 { "" } else { "s" }
    );
    let mut c = super::table(["id", "component", "questions", "steps"]);
    for comp in kit.components() {
        c.add_row([
            comp.id.clone(),
            comp.title.clone(),
            comp.questions.len().to_string(),
            comp.steps
                .iter()
                .map(|x| x.name())
                .collect::<Vec<_>>()
                .join(", "),
        ]);
    }
    super::keep_whole(&mut c, 0, kit.components().iter().map(|x| x.id.as_str()));
    let _ = writeln!(s, "{c}");

    let _ = writeln!(s, "\nCards by {} ({})", t.level.singular, kit.cards().len());
    let mut c = super::table([t.level.singular.as_str(), "cards", "points"]);
    for level in kit.vocabulary(VocabularyName::Levels) {
        let at: Vec<&crate::kit::Card> =
            kit.cards().iter().filter(|c| c.level == level.id).collect();
        c.add_row([
            format!("{}\n{}", level.label, level.id),
            if at.is_empty() {
                "–".to_owned()
            } else {
                at.iter()
                    .map(|c| c.id.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            },
            at.iter()
                .map(|c| c.points.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ]);
    }
    super::keep_whole(&mut c, 1, kit.cards().iter().map(|x| x.id.as_str()));
    super::keep_whole(
        &mut c,
        0,
        kit.vocabulary(VocabularyName::Levels)
            .iter()
            .map(|l| l.id.as_str()),
    );
    let _ = writeln!(s, "{c}");

    if !kit.scenarios().is_empty() {
        let _ = writeln!(
            s,
            "\nScenarios for the planning game ({})",
            kit.scenarios().len()
        );
        let mut c = super::table([
            "id",
            "scenario",
            t.population.plural.as_str(),
            t.online.as_str(),
            "budget",
        ]);
        for sc in kit.scenarios() {
            c.add_row([
                sc.id.clone(),
                sc.title.clone(),
                group_thousands(u64::from(sc.population)),
                format!("{}%", crate::render::context::number(sc.share_online)),
                format!(
                    "{} points, {} a year",
                    sc.budget_points,
                    money(sc.budget_money)
                ),
            ]);
        }
        super::keep_whole(&mut c, 0, kit.scenarios().iter().map(|x| x.id.as_str()));
        let _ = writeln!(s, "{c}");
    }

    if !kit.measures().is_empty() {
        let _ = writeln!(s, "\nMeasures ({})", kit.measures().len());
        let mut c = super::table(["id", "measure", "unit", "better"]);
        for m in kit.measures() {
            c.add_row([
                m.id.clone(),
                m.title.clone(),
                format!("{:?}", m.unit).to_lowercase(),
                match m.direction {
                    crate::kit::Direction::Up => "higher".to_owned(),
                    crate::kit::Direction::Down => "lower".to_owned(),
                },
            ]);
        }
        super::keep_whole(&mut c, 0, kit.measures().iter().map(|x| x.id.as_str()));
        let _ = writeln!(s, "{c}");
    }

    if !kit.figures().is_empty() {
        let _ = writeln!(s, "\nReference figures ({})", kit.figures().len());
        let mut c = super::table(["id", "figure", "value", "year"]);
        for f in kit.figures() {
            let flag = if f.example {
                " (example)"
            } else if f.illustrative {
                " (illustrative)"
            } else {
                ""
            };
            c.add_row([
                f.id.clone(),
                format!("{}{flag}", f.title),
                crate::render::figures::figure_value(kit, f),
                f.cited_year(),
            ]);
        }
        super::keep_whole(&mut c, 0, kit.figures().iter().map(|x| x.id.as_str()));
        let _ = writeln!(s, "{c}");
    }

    let _ = writeln!(s, "\nReality checks ({})", kit.reality_checks().len());
    if kit.reality_checks().is_empty() {
        let _ = writeln!(s, "  none");
    } else {
        let mut c = super::table(["id", "check", "severity"]);
        for r in kit.reality_checks() {
            c.add_row([
                r.id.clone(),
                r.title.clone(),
                match r.severity {
                    Severity::Warning => "warning".to_owned(),
                    Severity::Note => "note".to_owned(),
                },
            ]);
        }
        super::keep_whole(
            &mut c,
            0,
            kit.reality_checks().iter().map(|x| x.id.as_str()),
        );
        let _ = writeln!(s, "{c}");
    }

    let _ = writeln!(s, "\nVocabularies");
    for name in kit.vocabulary_names() {
        let terms = kit.vocabulary_named(name).unwrap_or_default();
        let noun = capitalize(&kit.vocabulary_noun(name));
        let _ = writeln!(
            s,
            "  {noun} (`{name}`, {}): {}",
            terms.len(),
            terms
                .iter()
                .map(|x| x.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let b = kit.bindings();
    let bound: Vec<String> = [
        ("population", &b.population),
        ("share-online", &b.share_online),
        ("barriers", &b.barriers),
        ("partners", &b.partners),
        ("budget", &b.budget),
        ("channel-costs", &b.channel_costs),
        ("services", &b.services),
        ("mix", &b.mix),
    ]
    .into_iter()
    .map(|(k, v)| match v {
        Some(v) => format!("{k} → {v}"),
        None => format!("{k}: not provided"),
    })
    .collect();
    let _ = writeln!(
        s,
        "\nWhat the analysis reads (bindings): {}",
        bound.join("; ")
    );
    let _ = writeln!(
        s,
        "\n`thinkkit cards list --kit KIT` lists the cards with their costs; `thinkkit play --list --kit KIT` the scenarios."
    );
    s
}
