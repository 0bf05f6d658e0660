//! `thinkkit play`: the planning game. Each team's hand of cards is scored against a scenario
//! ([`crate::analysis::score_hand`]) and the teams are shown side by side, as a terminal table, a
//! Markdown table or a small self-contained HTML page for the facilitator's screen.
//!
//! Hands come from `--team NAME=CARD,CARD…` or, without it, from an interactive picker (one
//! hand). `--card "Title:points"` adds a card the players wrote on the spot, as in the paper
//! game; any team can then list it by its title or the kebab-case id of its title.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};

use anyhow::{Context, bail};
use serde::Serialize;

use crate::analysis::{HandCard, Skipped, TeamScore, offline_count, score_hand};
use crate::cli::{PageFormat, PlayArgs};
use crate::kit::{self, Kit, Scenario, Severity, VocabularyName, diagnostic::unknown_help};
use crate::prompt::{self, picker};
use crate::render::Templates;
use crate::terminal::Interrupted;
use crate::text::{capitalize, group_thousands, money};

/// The most points a card written on the spot may cost: more than any scenario's whole budget
/// would be a typo.
const MAX_CUSTOM_POINTS: u32 = 30;

/// A card written on the spot.
#[derive(Debug, Clone, PartialEq, Eq)]
struct CustomCard {
    id: String,
    title: String,
    points: u32,
}

/// Run `thinkkit play`.
pub fn run(args: &PlayArgs) -> anyhow::Result<()> {
    let kit = kit::load::load_arg(args.kit.kit.as_deref())?;
    let mut out = std::io::stdout().lock();
    if args.list {
        return list(&mut out, &kit);
    }
    let Some(id) = args.scenario.as_deref() else {
        bail!("name a scenario, or list them with `thinkkit play --list`");
    };
    let scenario = match kit.find_scenario(id) {
        Ok(s) => s,
        Err(miss) => bail!(
            "no scenario `{id}` in kit `{}`; {} (`thinkkit play --list` shows them)",
            kit.id(),
            miss.help()
        ),
    };
    let customs = parse_custom_cards(&kit, &args.card)?;
    let teams: Vec<(String, Vec<HandCard<'_>>)> = if args.team.is_empty() {
        vec![("Your hand".to_owned(), pick(&kit, scenario, &customs)?)]
    } else {
        parse_teams(&kit, &customs, &args.team)?
    };
    let scores: Vec<(String, TeamScore)> = teams
        .into_iter()
        .map(|(name, hand)| {
            let s = score_hand(&kit, scenario, &hand);
            (name, s)
        })
        .collect();
    let output = super::render::output_path(args.output.as_deref());
    let format = match (args.format, output) {
        (Some(f), _) => Some(f),
        (None, Some(path)) => Some(page_format(path)?),
        (None, None) => None,
    };
    let text = match format {
        None => terminal(&kit, scenario, &scores),
        Some(PageFormat::Md) => {
            crate::render::markdown::neutralise(&markdown(&kit, scenario, &scores))
        }
        Some(PageFormat::Html) => html(
            &kit,
            scenario,
            &scores,
            &Templates::load(args.templates.as_deref())?,
        )?,
    };
    drop(out);
    super::render::write_output(output, text.as_bytes())
}

fn list(out: &mut dyn Write, kit: &Kit) -> anyhow::Result<()> {
    if kit.scenarios().is_empty() {
        writeln!(out, "kit `{}` has no scenarios", kit.id())?;
        return Ok(());
    }
    let terms = kit.terms();
    let offline = format!("{} {}", terms.population.plural, terms.offline);
    let mut t = crate::terminal::table([
        "id",
        "scenario",
        terms.population.plural.as_str(),
        terms.online.as_str(),
        offline.as_str(),
        "budget",
    ]);
    super::keep_whole(&mut t, 0, kit.scenarios().iter().map(|s| s.id.as_str()));
    for s in kit.scenarios() {
        t.add_row([
            s.id.clone(),
            s.title.clone(),
            group_thousands(u64::from(s.population)),
            format!("{}%", trim(s.share_online)),
            group_thousands(whole(offline_count(s))),
            format!(
                "{} points, {} a year",
                s.budget_points,
                money(s.budget_money)
            ),
        ]);
    }
    writeln!(out, "{t}")?;
    writeln!(
        out,
        "Play one with `thinkkit play ID --team NAME=CARD,CARD… --team …`; card ids: `thinkkit cards list`."
    )?;
    Ok(())
}

/// The format of `-o FILE` from its name: `.html` or `.md`.
fn page_format(path: &std::path::Path) -> anyhow::Result<PageFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "md" | "markdown" => PageFormat::Md,
        "html" | "htm" => PageFormat::Html,
        _ => bail!(
            "cannot tell the format from `{}`; name the file `.html` or `.md`, or pass `--format html|md`",
            path.display()
        ),
    })
}

/// `Tea and chat` → `tea-and-chat`.
fn kebab(title: &str) -> String {
    let mut s = String::new();
    for ch in title.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            s.push(ch);
        } else if !s.is_empty() && !s.ends_with('-') {
            s.push('-');
        }
    }
    s.trim_end_matches('-').to_owned()
}

fn parse_custom_cards(kit: &Kit, specs: &[String]) -> anyhow::Result<Vec<CustomCard>> {
    let mut out: Vec<CustomCard> = Vec::new();
    for spec in specs {
        let usage = || {
            format!(
                "`--card {spec}` should be `Title:points`, for example `--card \"Tea and chat:1\"`"
            )
        };
        let (title, points) = spec.rsplit_once(':').with_context(usage)?;
        let title = title.trim();
        let points: u32 = points.trim().parse().ok().with_context(usage)?;
        if points > MAX_CUSTOM_POINTS {
            bail!(
                "`--card {spec}`: {points} points is more than a card can cost ({MAX_CUSTOM_POINTS} at most)"
            );
        }
        let id = kebab(title);
        if id.is_empty() {
            bail!("{}: the title needs a letter or a digit", usage());
        }
        if kit.card(&id).is_some() {
            bail!(
                "`--card {spec}`: kit `{}` already has a card `{id}`; give your card another title",
                kit.id()
            );
        }
        if out.iter().any(|c| c.id == id) {
            bail!(
                "`--card {spec}`: a card called `{id}` is already written; give each card its own title"
            );
        }
        out.push(CustomCard {
            id,
            title: title.to_owned(),
            points,
        });
    }
    Ok(out)
}

fn resolve<'k>(kit: &'k Kit, customs: &[CustomCard], token: &str) -> Result<HandCard<'k>, String> {
    // A kit card by id or exact title first; a card the players wrote next.
    let found = kit.find_card(token);
    if let Ok(card) = found {
        return Ok(HandCard::Kit(card));
    }
    let key = kebab(token);
    if let Some(c) = customs
        .iter()
        .find(|c| c.id == key || c.title.eq_ignore_ascii_case(token))
    {
        return Ok(HandCard::Custom {
            title: c.title.clone(),
            points: c.points,
        });
    }
    if let Err(crate::kit::lookup::Miss::Ambiguous(_)) = &found {
        return Err(found.err().map(|m| m.help()).unwrap_or_default());
    }
    let candidates: Vec<&str> = kit
        .cards()
        .iter()
        .map(|c| c.id.as_str())
        .chain(customs.iter().map(|c| c.id.as_str()))
        .collect();
    Err(unknown_help(token, candidates.iter().copied()))
}

fn parse_teams<'k>(
    kit: &'k Kit,
    customs: &[CustomCard],
    specs: &[String],
) -> anyhow::Result<Vec<(String, Vec<HandCard<'k>>)>> {
    let mut teams: Vec<(String, Vec<HandCard<'k>>)> = Vec::new();
    for spec in specs {
        let Some((name, cards)) = spec.split_once('=') else {
            bail!(
                "`--team {spec}` should be `NAME=CARD,CARD…`, for example `--team \"Red=taster-sessions,device-loans\"`"
            );
        };
        let name = name.trim();
        if name.is_empty() {
            bail!("`--team {spec}` needs a team name before `=`");
        }
        if teams.iter().any(|(n, _)| n == name) {
            bail!("two teams are called `{name}`; give each team its own name");
        }
        let mut hand = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for token in cards.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let card = resolve(kit, customs, token).map_err(|help| {
                anyhow::anyhow!(
                    "team `{name}`: no card `{token}` in kit `{}`; {help}",
                    kit.id()
                )
            })?;
            let key = match &card {
                HandCard::Kit(c) => c.id.clone(),
                HandCard::Custom { title, .. } => kebab(title),
            };
            if seen.contains(&key) {
                bail!("team `{name}` lists `{key}` twice; each card can be played once");
            }
            seen.push(key);
            hand.push(card);
        }
        teams.push((name.to_owned(), hand));
    }
    Ok(teams)
}

/// One hand, picked with the card chooser after the scenario's brief. Refuses without a
/// terminal: the chooser reads keys and must not be left waiting on a pipe.
fn pick<'k>(
    kit: &'k Kit,
    scenario: &Scenario,
    customs: &[CustomCard],
) -> anyhow::Result<Vec<HandCard<'k>>> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "without `--team`, `thinkkit play` asks for a hand interactively, which needs a terminal; give hands with `--team NAME=CARD,CARD…` (card ids: `thinkkit cards list`)"
        );
    }
    let mut rows: Vec<picker::Row> = kit
        .cards()
        .iter()
        .map(|c| {
            let mut row = prompt::card_row(kit, c, None);
            if scenario.existing_cards.contains(&c.id) {
                row.points = 0;
                row.costs = None;
                row.note = "running already: costs nothing new".to_owned();
            }
            row
        })
        .collect();
    rows.extend(customs.iter().map(|c| picker::Row {
        title: c.title.clone(),
        level: "own".to_owned(),
        level_code: "–".to_owned(),
        level_label: "your own card".to_owned(),
        points: c.points,
        summary: "A card written on the spot.".to_owned(),
        ..picker::Row::default()
    }));
    let chooser = picker::Chooser {
        title: format!("{}: choose a hand", scenario.title),
        ticked: vec![false; rows.len()],
        rows,
        budget: picker::Budget {
            points: Some(scenario.budget_points),
            money: Some(scenario.budget_money),
            ..picker::Budget::default()
        },
    };
    let interrupted = |stop: &prompt::screen::Stop| Interrupted {
        message: "game interrupted; nothing was saved".to_owned(),
        code: stop.exit_code(),
    };
    let mut screen = prompt::screen::Screen::new()?;
    let picked = (|| -> anyhow::Result<Option<Vec<bool>>> {
        prompt::widgets::paged(
            &mut screen,
            &|s| brief_lines(kit, scenario, s.text_width()),
            "more of the brief: press Enter",
            Some("press Enter to choose the hand"),
        )?;
        picker::choose(&mut screen, &chooser)
    })();
    screen.restore();
    let chosen = match picked {
        Ok(Some(ticks)) => ticks,
        Ok(None) => {
            return Err(interrupted(&prompt::screen::Stop::CtrlC).into());
        }
        Err(e) => match e.downcast_ref::<prompt::screen::Stop>() {
            Some(stop) => return Err(interrupted(stop).into()),
            None => return Err(e),
        },
    };
    let n = kit.cards().len();
    Ok(chosen
        .into_iter()
        .enumerate()
        .filter(|(_, t)| *t)
        .map(|(i, _)| match kit.cards().get(i) {
            Some(c) => HandCard::Kit(c),
            None => {
                let c = &customs[i - n];
                HandCard::Custom {
                    title: c.title.clone(),
                    points: c.points,
                }
            }
        })
        .collect())
}

/// The scenario as read out before the hand is chosen: title, brief, and its figures.
fn brief_lines(kit: &Kit, scenario: &Scenario, width: usize) -> Vec<String> {
    use prompt::screen::wrap;
    let mut lines = vec![
        console::style(format!("── {} ──", scenario.title))
            .bold()
            .to_string(),
    ];
    lines.extend(prompt::guidance::wrap(&scenario.brief, width, 0));
    lines.push(String::new());
    let terms = kit.terms();
    let figures = format!(
        "{} {} · {}% {} · about {} {} · budget {} points and {} a year",
        group_thousands(u64::from(scenario.population)),
        terms.population.plural,
        trim(scenario.share_online),
        terms.online,
        group_thousands(whole(offline_count(scenario))),
        terms.offline,
        scenario.budget_points,
        money(scenario.budget_money)
    );
    lines.extend(wrap(&figures, width, 2));
    if !scenario.barriers.is_empty() {
        let barriers: Vec<&str> = scenario
            .barriers
            .iter()
            .map(|b| kit.label(VocabularyName::Barriers, b))
            .collect();
        lines.extend(wrap(
            &format!(
                "{} most present: {}",
                terms.barrier.plural,
                barriers.join(", ")
            ),
            width,
            2,
        ));
    }
    lines
}

/// The rows of the comparison: a label and one cell per team. Cells may have several lines.
fn rows(kit: &Kit, scores: &[(String, TeamScore)]) -> Vec<(String, Vec<String>)> {
    let t = kit.terms();
    let cell = |f: &dyn Fn(&TeamScore) -> String| scores.iter().map(|(_, s)| f(s)).collect();
    let rows: Vec<(String, Vec<String>)> = vec![
        (
            "Cards".to_owned(),
            cell(&|s| {
                if s.cards.is_empty() {
                    return "–".to_owned();
                }
                s.cards
                    .iter()
                    .map(|c| {
                        if c.running_already {
                            format!("{} (running, 0)", c.title)
                        } else if c.custom {
                            format!("{} (own card, {})", c.title, c.points)
                        } else {
                            format!("{} ({})", c.title, c.points)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        ),
        (
            "Points used".to_owned(),
            cell(&|s| {
                format!(
                    "{} of {}{}",
                    s.points_used,
                    s.points_budget,
                    if s.points_used > s.points_budget {
                        " – over"
                    } else {
                        ""
                    }
                )
            }),
        ),
        ("Set-up £".to_owned(), cell(&|s| s.setup.text())),
        ("Running £ a year".to_owned(), cell(&|s| s.running.text())),
        (
            "First year £ vs budget".to_owned(),
            cell(&|s| {
                let over = if s.first_year.min > s.budget_money {
                    " – over"
                } else if s.first_year.max > s.budget_money {
                    " – over at the high end"
                } else {
                    ""
                };
                format!("{} of {}{over}", s.first_year.text(), money(s.budget_money))
            }),
        ),
        (
            "Reach a year".to_owned(),
            cell(&|s| {
                #[allow(clippy::cast_precision_loss)]
                let people = format!(
                    "{}{} {}",
                    s.reach.people.text(),
                    if s.reach.estimate { "*" } else { "" },
                    t.people.of(s.reach.people.max as f64)
                );
                match (&s.reach.share_of_offline, &s.reach.offline) {
                    (Some(share), Some(o)) => format!(
                        "{people}\n{} of {} {}",
                        share.text(),
                        group_thousands(whole(o.count)),
                        t.offline
                    ),
                    _ => people,
                }
            }),
        ),
        (
            format!("Cost per {}", t.people.singular),
            cell(&|s| {
                s.reach
                    .cost_per_person
                    .as_ref()
                    .map_or_else(|| "–".to_owned(), |c| c.text.clone())
            }),
        ),
        (
            format!("{} covered", capitalize(&t.barrier.plural)),
            cell(&|s| {
                let missing: Vec<&str> = s
                    .barriers
                    .named
                    .iter()
                    .filter(|b| b.addressed_by.is_empty())
                    .map(|b| b.label.as_str())
                    .collect();
                let mut t = format!("{} of {}", s.barriers.addressed, s.barriers.named.len());
                if !missing.is_empty() {
                    let _ = write!(t, "\nnot: {}", missing.join(", "));
                }
                t
            }),
        ),
        (
            format!("{} covered", capitalize(&t.level.plural)),
            cell(&|s| {
                let missing: Vec<&str> = s
                    .levels
                    .lines
                    .iter()
                    .filter(|l| l.cards.is_empty())
                    .map(|l| l.label.as_str())
                    .collect();
                let mut t = format!("{} of {}", s.levels.covered, s.levels.total);
                if !missing.is_empty() {
                    let _ = write!(t, "\nnot: {}", missing.join(", "));
                }
                t
            }),
        ),
        (
            "Reality checks".to_owned(),
            cell(&|s| {
                if s.checks.is_empty() {
                    return "none".to_owned();
                }
                s.checks
                    .iter()
                    .map(|c| {
                        format!(
                            "{} {}",
                            if c.severity == Severity::Warning {
                                "!"
                            } else {
                                "·"
                            },
                            c.title
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
        ),
    ];
    rows
}

/// The scenario in two or three sentences.
fn brief(kit: &Kit, s: &Scenario) -> Vec<String> {
    let labels = |v: VocabularyName, ids: &[String]| {
        ids.iter()
            .map(|i| kit.label(v, i).to_owned())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let t = kit.terms();
    let offline = offline_count(s);
    let mut lines = vec![
        format!(
            "{} {}, {}% {}, so {} {} {}. Budget: {} points and {} a year.",
            group_thousands(u64::from(s.population)),
            t.population.of(f64::from(s.population)),
            trim(s.share_online),
            t.online,
            group_thousands(whole(offline)),
            t.population.of(offline.round()),
            t.offline,
            s.budget_points,
            money(s.budget_money)
        ),
        format!(
            "{} most present: {}. {} present: {}.",
            capitalize(&t.barrier.plural),
            or_none(labels(VocabularyName::Barriers, &s.barriers)),
            capitalize(&t.partner.plural),
            or_none(labels(VocabularyName::Partners, &s.partners))
        ),
    ];
    if !s.mix.is_empty()
        && let Some(v) = &kit.bindings().mix
    {
        // In the vocabulary's order, as the kit lists its terms.
        let shares: Vec<String> = kit
            .vocabulary_named(v)
            .unwrap_or_default()
            .iter()
            .filter_map(|term| {
                s.mix
                    .get(&term.id)
                    .map(|p| format!("{} {}%", term.label, trim(*p)))
            })
            .collect();
        lines.push(format!("Mix: {}.", shares.join(", ")));
    }
    if !s.existing_cards.is_empty() {
        let titles: Vec<String> = s
            .existing_cards
            .iter()
            .map(|id| kit.card(id).map_or_else(|| id.clone(), |c| c.title.clone()))
            .collect();
        lines.push(format!(
            "Already running (in every hand, at no cost): {}.",
            titles.join(", ")
        ));
    }
    lines
}

fn or_none(s: String) -> String {
    if s.is_empty() { "none".to_owned() } else { s }
}

/// The notes under the table: estimates, own cards, the checks a game does not run.
fn notes(kit: &Kit, scores: &[(String, TeamScore)]) -> Vec<String> {
    let t = kit.terms();
    let mut notes = vec![format!(
        "* marks an estimate to replace with your own figure. Reach is summed over cards, so a {} reached by two activities counts twice.",
        t.people.singular
    )];
    if scores.iter().any(|(_, s)| !s.uncosted.is_empty()) {
        notes.push(format!(
            "Own cards count their points only: they have no pounds, reach, {} or {} until someone works them out.",
            t.barrier.plural, t.level.singular
        ));
    }
    let mut not_checked: Vec<&Skipped> = Vec::new();
    for (_, s) in scores {
        for k in s.not_checked.iter().filter(|k| k.step == "reality-check") {
            if !not_checked.iter().any(|x| x.subject == k.subject) {
                not_checked.push(k);
            }
        }
    }
    // In the kit's order, whichever team's hand left a check open.
    let order = |k: &&Skipped| {
        kit.reality_checks()
            .iter()
            .position(|c| Some(c.id.as_str()) == k.subject.as_deref())
    };
    not_checked.sort_by_key(order);
    if !not_checked.is_empty() {
        notes.push(format!(
            "Not checked in the game (they need a plan's answers or measures): {}.",
            not_checked
                .iter()
                .filter_map(|k| k.subject.as_deref())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    notes
}

fn terminal(kit: &Kit, scenario: &Scenario, scores: &[(String, TeamScore)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} (`{}`)", scenario.title, scenario.id);
    for line in brief(kit, scenario) {
        let _ = writeln!(s, "{line}");
    }
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic);
    crate::terminal::fit_width(&mut t);
    let mut header = vec![String::new()];
    header.extend(scores.iter().map(|(n, _)| n.clone()));
    t.set_header(header);
    for (label, cells) in rows(kit, scores) {
        let mut row = vec![label];
        row.extend(cells);
        t.add_row(row);
    }
    let _ = writeln!(s, "\n{t}");
    for (name, score) in scores {
        if score.checks.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n{name}: reality checks");
        for c in &score.checks {
            let _ = writeln!(s, "  {}", c.title);
            for f in &c.facts {
                let _ = writeln!(s, "    {}", f.text);
            }
        }
    }
    let _ = writeln!(s);
    for n in notes(kit, scores) {
        let _ = writeln!(s, "{n}");
    }
    match output_width() {
        Some(width) => fit_lines(&s, width),
        None => s,
    }
}

/// Columns the result is read at: the terminal's when it is one, else `COLUMNS` when set (as
/// the tables do), else none (a file keeps its lines whole).
fn output_width() -> Option<usize> {
    if std::io::stdout().is_terminal() {
        let (_, cols) = console::Term::stdout().size();
        return Some(usize::from(cols));
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|w| *w >= 20)
}

/// Every line wider than `width` wrapped at a word, keeping its indent (rows after the first
/// two columns further in), so that no word is split by the terminal across two rows. The
/// table's lines are already fitted and are left as they are.
fn fit_lines(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        if console::measure_text_width(line) <= width {
            out.push_str(line);
            out.push('\n');
        } else {
            for l in prompt::screen::wrap_indented(line, width.saturating_sub(1), 2, usize::MAX) {
                out.push_str(&l);
                out.push('\n');
            }
        }
    }
    out
}

/// Backslash-escape what Markdown would read as markup (backticks stay: facts use them for ids,
/// and a code span cannot carry HTML).
fn md(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for ch in text.chars() {
        if matches!(
            ch,
            '\\' | '|' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '&' | '!'
        ) {
            s.push('\\');
        }
        s.push(ch);
    }
    s
}

fn md_cell(text: &str) -> String {
    text.lines().map(md).collect::<Vec<_>>().join("<br>")
}

fn markdown(kit: &Kit, scenario: &Scenario, scores: &[(String, TeamScore)]) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# Planning game: {}\n", md(&scenario.title));
    for line in brief(kit, scenario) {
        let _ = writeln!(s, "{}", md(&line));
    }
    let _ = writeln!(s);
    let _ = write!(s, "| |");
    for (n, _) in scores {
        let _ = write!(s, " {} |", md(n));
    }
    let _ = write!(s, "\n|---|");
    for _ in scores {
        let _ = write!(s, "---|");
    }
    let _ = writeln!(s);
    for (label, cells) in rows(kit, scores) {
        let _ = write!(s, "| **{label}** |");
        for c in cells {
            let _ = write!(s, " {} |", md_cell(&c));
        }
        let _ = writeln!(s);
    }
    for (name, score) in scores {
        if score.checks.is_empty() {
            continue;
        }
        let _ = writeln!(s, "\n## {}: reality checks\n", md(name));
        for c in &score.checks {
            let _ = writeln!(s, "- **{}**", md(&c.title));
            for f in &c.facts {
                let _ = writeln!(s, "  - {}", md(&f.text));
            }
        }
    }
    let _ = writeln!(s);
    for n in notes(kit, scores) {
        let _ = writeln!(s, "{}\n", md(&n));
    }
    s
}

/// What `play.html.tera` receives.
#[derive(Debug, Serialize)]
struct GamePage {
    lang: String,
    title: String,
    /// The organisation, for the printed page's margin: none in a game.
    organisation: String,
    generator: String,
    brief: Vec<String>,
    teams: Vec<String>,
    rows: Vec<GameRow>,
    checks: Vec<TeamChecks>,
    notes: Vec<String>,
}

#[derive(Debug, Serialize)]
struct GameRow {
    label: String,
    /// Each team's cell, as its lines.
    cells: Vec<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct TeamChecks {
    team: String,
    checks: Vec<CheckLine>,
}

#[derive(Debug, Serialize)]
struct CheckLine {
    title: String,
    facts: Vec<String>,
}

/// The comparison as a page on the documents' page template (`play.html.tera`).
fn html(
    kit: &Kit,
    scenario: &Scenario,
    scores: &[(String, TeamScore)],
    templates: &Templates,
) -> anyhow::Result<String> {
    let page = GamePage {
        lang: crate::render::html::sanitize_lang(&kit.meta().language),
        title: format!("Planning game: {}", scenario.title),
        organisation: String::new(),
        generator: format!("thinkkit {}", env!("CARGO_PKG_VERSION")),
        brief: brief(kit, scenario),
        teams: scores.iter().map(|(n, _)| n.clone()).collect(),
        rows: rows(kit, scores)
            .into_iter()
            .map(|(label, cells)| GameRow {
                label: label.to_string(),
                cells: cells
                    .iter()
                    .map(|c| c.lines().map(str::to_owned).collect())
                    .collect(),
            })
            .collect(),
        checks: scores
            .iter()
            .filter(|(_, s)| !s.checks.is_empty())
            .map(|(team, s)| TeamChecks {
                team: team.clone(),
                checks: s
                    .checks
                    .iter()
                    .map(|c| CheckLine {
                        title: c.title.clone(),
                        facts: c.facts.iter().map(|f| f.text.clone()).collect(),
                    })
                    .collect(),
            })
            .collect(),
        notes: notes(kit, scores),
    };
    templates.render("play.html.tera", &page)
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(v: f64) -> u64 {
    v.round().max(0.0) as u64
}

fn trim(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_ids_of_titles() {
        assert_eq!(kebab("Tea and chat"), "tea-and-chat");
        assert_eq!(kebab("  Wi-Fi & tablets! "), "wi-fi-tablets");
        assert_eq!(
            fit_lines("  one two three four\n│ a │\n", 12),
            "  one two\n    three\n    four\n│ a │\n"
        );
        assert_eq!(kebab("!!!"), "");
    }

    #[test]
    fn escaping() {
        assert_eq!(
            crate::text::escape_markup("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(md("a|b *c* <x>"), "a\\|b \\*c\\* \\<x\\>");
    }
}
