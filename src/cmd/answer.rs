//! `thinkkit answer`: set answers without prompts, for consultants and scripts.
//!
//! Every value goes through the same engine as the workshop ([`crate::interview`]), so an answer
//! the workshop refuses is refused here with the same words. The command is all or nothing:
//! every value is checked first, every problem is listed (with file, line and column for
//! `--from`), and the plan is written only when there are none. A plan that does not exist yet
//! is created (with `--kit` and `--org`).
//!
//! An empty value (`--set ID=` or `ID: ~` in a file) removes the answer to a question that is
//! not required. `--to-decide ID[=NOTE]` marks a question (required ones too) to decide later,
//! `--skip ID` skips an optional one, and `--accept-suggestions` takes every current suggestion
//! for the questions still open, after the other changes, so that a computed value is worked out
//! from the answers just given (and from then on follows them). The changes are made with the
//! workshop's own edits ([`crate::edit::answers`]).

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;

use crate::cli::AnswerArgs;
use crate::cmd::Reported;
use crate::edit;
use crate::interview::Interview;
use crate::kit::diagnostic::{suggest, unknown_help};
use crate::kit::{Diagnostic, Kit};
use crate::plan::{Answer, ChannelShift, ChosenCard, PlanMeasure, Session, ToDecide};
use crate::yaml::{self, NodeIndex};

/// A `--from` file: answers by question id and, optionally, the organisation, chosen cards,
/// measures and channel shift, in the plan file's own shapes.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
struct AnswerFile {
    /// The organisation's name (ignored when `--org` is given).
    organisation: Option<String>,
    /// Answers by question id; `~` removes an answer. Read as any YAML value and checked here,
    /// so that a wrong shape is reported at the answer's own line and column.
    answers: BTreeMap<String, FileValue>,
    /// Chosen cards, merged by id into the plan's.
    cards: Vec<ChosenCard>,
    /// Measures, merged by id into the plan's.
    measures: Vec<PlanMeasure>,
    /// Replaces the plan's channel shift.
    channel_shift: Option<ChannelShift>,
    /// Questions to mark to decide, each with an optional note and owner.
    to_decide: BTreeMap<String, ToDecide>,
    /// Optional questions to skip.
    skipped: Vec<String>,
}

/// A value as an answers file holds it. Numbers are kept as YAML reads them, `.inf` and `.nan`
/// too, so that they are refused with a reason (a JSON value would turn them into nothing,
/// which here means "remove the answer").
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum FileValue {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<FileValue>),
    Map(serde::de::IgnoredAny),
}

/// A value from a `--from` file as an answer to check: `None` removes the answer.
fn file_value(value: &FileValue) -> Result<Option<Answer>, String> {
    use FileValue as V;
    let scalar = |v: &V| match v {
        V::Text(s) => Some(s.clone()),
        V::Number(n) => Some(n.to_string()),
        V::Bool(b) => Some(b.to_string()),
        _ => None,
    };
    Ok(match value {
        V::Null => None,
        V::Bool(b) => Some(Answer::Bool(*b)),
        V::Number(n) => Some(Answer::Number(*n)),
        V::Text(s) if s.trim().is_empty() => None,
        V::Text(s) => Some(Answer::Text(s.clone())),
        V::List(items) => Some(Answer::List(
            items
                .iter()
                .map(|i| {
                    scalar(i).ok_or("a list item must be a single value, not a list or a mapping")
                })
                .collect::<Result<_, _>>()?,
        )),
        V::Map(_) => {
            return Err(
                "an answer must be text, a number, yes/no or a list, not a mapping".to_owned(),
            );
        }
    })
}

/// One change to make once everything has been checked.
#[derive(Debug)]
struct Change {
    id: String,
    answer: Option<Answer>,
}

/// A question to mark, once everything has been checked.
#[derive(Debug)]
enum Mark {
    ToDecide(ToDecide),
    Skip,
}

/// Run `thinkkit answer`.
pub fn run(args: &AnswerArgs) -> anyhow::Result<()> {
    let from = args.from.as_deref().map(read_from).transpose()?;
    let mut session = Session::open_to_repair(
        &args.plan,
        args.kit.kit.as_deref(),
        args.org.as_deref(),
        "answer",
    )?;
    for w in &session.warnings {
        eprintln!("warning: {w}");
    }
    let mut problems: Vec<String> = Vec::new();
    let mut changes: Vec<Change> = Vec::new();

    if let Some((path, file, index)) = &from {
        let shown = path.display().to_string();
        check_file(
            &session.kit,
            &shown,
            file,
            index,
            &mut changes,
            &mut problems,
        );
    }
    for raw in &args.set {
        check_set(&session.kit, raw, &mut changes, &mut problems);
    }
    let mut marks: Vec<(String, Mark)> = Vec::new();
    if let Some((_, file, _)) = &from {
        for (id, d) in &file.to_decide {
            marks.push((id.clone(), Mark::ToDecide(d.clone())));
        }
        for id in &file.skipped {
            marks.push((id.clone(), Mark::Skip));
        }
    }
    for raw in &args.to_decide {
        let (id, note) = raw
            .split_once('=')
            .map_or((raw.as_str(), None), |(i, n)| (i, Some(n)));
        marks.push((
            id.trim().to_owned(),
            Mark::ToDecide(ToDecide {
                note: note
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned),
                owner: None,
            }),
        ));
    }
    for id in &args.skip {
        marks.push((id.trim().to_owned(), Mark::Skip));
    }
    if let Some(owner) = args
        .decide_owner
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        for (_, m) in &mut marks {
            if let Mark::ToDecide(d) = m
                && d.owner.is_none()
            {
                d.owner = Some(owner.to_owned());
            }
        }
    }

    // Everything is applied to a copy with the workshop's edits, which check once more (a
    // required question cannot be skipped; a question is marked once), so that the plan is
    // written whole or not at all.
    let mut plan = session.plan.clone();
    let kit = &session.kit;
    let mut followed = Vec::new();
    let mut set = 0;
    let mut cleared = 0;
    if problems.is_empty() {
        for c in &changes {
            let result = match &c.answer {
                Some(a) => edit::answers::set(kit, &mut plan, &c.id, a),
                None => edit::answers::reopen(kit, &mut plan, &c.id),
            };
            match result {
                Ok(change) => {
                    match (&c.answer, change.before.is_some()) {
                        (Some(_), _) => set += 1,
                        (None, true) => cleared += 1,
                        (None, false) => {}
                    }
                    followed.extend(change.followed);
                }
                Err(p) => problems.push(format!("error: `{}`: {}", c.id, p.message)),
            }
        }
    }
    let mut marked = (0, 0);
    for (id, mark) in &marks {
        if changes.iter().any(|c| &c.id == id) {
            problems.push(format!(
                "error: `{id}` is both answered and marked {} in this command
  help: give it one or the other",
                if matches!(mark, Mark::Skip) {
                    "skipped"
                } else {
                    "to decide"
                }
            ));
            continue;
        }
        let result = match mark {
            Mark::ToDecide(d) => {
                marked.0 += 1;
                edit::answers::to_decide(kit, &mut plan, id, d.note.as_deref(), d.owner.as_deref())
            }
            Mark::Skip => {
                marked.1 += 1;
                edit::answers::skip(kit, &mut plan, id)
            }
        };
        match result {
            Ok(change) => followed.extend(change.followed),
            Err(p) => {
                let mut line = if p.field == edit::Field::Question {
                    format!("error: {}", p.message)
                } else {
                    format!("error: `{id}`: {}", p.message)
                };
                if let Some(help) = p.help {
                    line.push_str("\n  help: ");
                    line.push_str(&help);
                }
                problems.push(line);
            }
        }
    }
    let accepted = if args.accept_suggestions && problems.is_empty() {
        edit::answers::accept_suggestions(kit, &mut plan)
    } else {
        Vec::new()
    };

    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        let n = problems.len();
        eprintln!(
            "nothing was written to `{}`: fix the {} above and run the command again",
            args.plan.display(),
            if n == 1 {
                "problem".to_owned()
            } else {
                format!("{n} problems")
            }
        );
        return Err(Reported.into());
    }

    // Everything is valid: keep the copy and save once.
    session.plan = plan;
    let mut extra = Vec::new();
    if let Some((_, file, _)) = from {
        if let Some(org) = file.organisation
            && args.org.is_none()
        {
            session.plan.organisation = org;
        }
        if !file.cards.is_empty() {
            extra.push(plural(file.cards.len(), "card"));
            merge_cards(&mut session.plan.cards, file.cards);
        }
        if !file.measures.is_empty() {
            extra.push(plural(file.measures.len(), "measure"));
            merge_measures(&mut session.plan.measures, file.measures);
        }
        if let Some(cs) = file.channel_shift {
            session.plan.channel_shift = cs;
            extra.push("channel shift".to_owned());
        }
    }
    // Cards, measures and channel shift from a file are merged as they are: check the plan
    // they make as it would be checked when read, so that nothing is written that could not
    // be read back.
    let after = crate::plan::check::check(&session.kit, &session.plan, crate::clock::today());
    if !after.is_empty() {
        for p in &after {
            eprintln!(
                "error: with the answers file merged in, {} (`{}` in the plan)",
                p.message, p.path
            );
            if let Some(help) = &p.help {
                eprintln!("  help: {help}");
            }
        }
        eprintln!(
            "nothing was written to `{}`: fix the answers file and run the command again",
            args.plan.display()
        );
        return Err(Reported.into());
    }
    let given: Vec<String> = changes
        .iter()
        .map(|c| c.id.clone())
        .chain(marks.iter().map(|(id, _)| id.clone()))
        .collect();
    for id in &given {
        session.settle(id);
    }
    session.save()?;
    for s in session.invalid_answers() {
        eprintln!(
            "warning: the plan's answer to `{}` is still not valid, and is kept as it is:\n{}",
            s.question, s.problem
        );
    }

    let iv = Interview::new(&session.kit);
    for id in session.plan.answers.keys() {
        if let Some(q) = session.kit.question(id)
            && !iv.applies(q, &session.plan.answers)
        {
            eprintln!(
                "note: `{id}` is not asked with the other answers as they stand; its answer is kept"
            );
        }
    }

    let mut out = io::stdout().lock();
    if session.created {
        writeln!(
            out,
            "created `{}` (kit `{}` {})",
            args.plan.display(),
            session.kit.id(),
            session.kit.version()
        )?;
    }
    let mut what = Vec::new();
    if set > 0 {
        what.push(plural(set, "answer") + " set");
    }
    if cleared > 0 && set > 0 {
        what.push(format!("{cleared} cleared"));
    } else if cleared > 0 {
        what.push(plural(cleared, "answer") + " cleared");
    }
    if marked.0 > 0 {
        what.push(format!("{} to decide", plural(marked.0, "question")));
    }
    if marked.1 > 0 {
        what.push(format!("{} skipped", plural(marked.1, "question")));
    }
    if !accepted.is_empty() {
        what.push(plural(accepted.len(), "suggestion") + " accepted");
    }
    what.extend(extra);
    if what.is_empty() {
        what.push("nothing changed".to_owned());
    }
    writeln!(out, "saved `{}`: {}", args.plan.display(), what.join(", "))?;
    for c in &accepted {
        let q = session.kit.question(&c.id).expect("accepted from the kit");
        let shown = c
            .after
            .as_ref()
            .map(|a| iv.describe(q, a))
            .unwrap_or_default();
        writeln!(
            out,
            "  {} = {shown}{}",
            c.id,
            if session.plan.computed.contains(&c.id) {
                " (computed from other answers; it follows them)"
            } else {
                ""
            }
        )?;
    }
    for f in &followed {
        let q = session.kit.question(&f.id).expect("followed in the kit");
        let shown = |a: &Option<Answer>| {
            a.as_ref()
                .map_or_else(|| "no value".to_owned(), |a| iv.describe(q, a))
        };
        writeln!(
            out,
            "note: `{}` follows its inputs: {} now (was {})",
            f.id,
            shown(&f.after),
            shown(&f.before)
        )?;
    }
    Ok(())
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Read and index a `--from` file; a file that is not a valid answers file is an error naming
/// file, line and column.
fn read_from(path: &Path) -> anyhow::Result<(&Path, AnswerFile, NodeIndex)> {
    let text = crate::files::read_text(path)
        .map_err(|e| anyhow::anyhow!("cannot read answers file `{}`: {e}", path.display()))?;
    let shown = path.display().to_string();
    let duplicates = crate::plan::duplicate_keys(&text, &shown);
    if !duplicates.is_empty() {
        return Err(crate::plan::PlanProblems {
            what: "answers file",
            file: shown,
            diagnostics: duplicates,
        }
        .into());
    }
    let file: AnswerFile = if text.trim().is_empty() {
        AnswerFile::default()
    } else {
        yaml::from_str(&text).map_err(|e| {
            let message = e.message;
            anyhow::Error::msg(
                Diagnostic::new(
                    path.display().to_string(),
                    e.loc,
                    format!("not a valid answers file: {message}"),
                )
                .with_help(
                    "an answers file has `answers: {question-id: value}` and optionally \
                     `organisation`, `cards`, `measures` and `channel-shift` (docs/plan-format.md)",
                )
                .to_string(),
            )
        })?
    };
    Ok((path, file, NodeIndex::build(&text)))
}

/// The help for an id the kit does not know: "did you mean" when one is close.
fn unknown(word: &str, candidates: &[&str], listing: &str) -> String {
    if suggest(word, candidates.iter().copied()).is_some() || candidates.len() <= 12 {
        unknown_help(word, candidates.iter().copied())
    } else {
        listing.to_owned()
    }
}

fn question_ids(kit: &Kit) -> Vec<&str> {
    kit.questions().map(|(_, q)| q.id.as_str()).collect()
}

const QUESTION_LISTING: &str =
    "question ids are the `id`s under `questions:` in the kit's components";

/// Check one answer and queue it, or record why it is refused. `at` is where a problem is
/// reported: `file:line:col` for `--from`, the `--set` argument otherwise.
fn check_answer(
    kit: &Kit,
    id: &str,
    value: Option<&Answer>,
    at: &dyn Fn(bool) -> String,
    changes: &mut Vec<Change>,
    problems: &mut Vec<String>,
) {
    let Some(q) = kit.question(id) else {
        problems.push(format!(
            "{} `{id}` is not a question of kit `{}`\n  help: {}",
            at(false),
            kit.id(),
            unknown(id, &question_ids(kit), QUESTION_LISTING)
        ));
        return;
    };
    let iv = Interview::new(kit);
    let result = match value {
        None if q.required => Err(crate::interview::InvalidAnswer {
            message: "an answer is needed: this question is required and cannot be removed"
                .to_owned(),
            help: None,
        }),
        None => Ok(None),
        Some(v) => iv.accept(q, v).map(Some),
    };
    match result {
        Ok(answer) => {
            changes.retain(|c| c.id != id);
            changes.push(Change {
                id: id.to_owned(),
                answer,
            });
        }
        Err(e) => {
            let mut p = format!("{} `{id}`: {}", at(true), e.message);
            if let Some(help) = e.help {
                p.push_str("\n  help: ");
                p.push_str(&help);
            }
            problems.push(p);
        }
    }
}

/// `--set ID=VALUE`: the value is text, parsed by the question's type.
fn check_set(kit: &Kit, raw: &str, changes: &mut Vec<Change>, problems: &mut Vec<String>) {
    let Some((id, value)) = raw.split_once('=') else {
        problems.push(format!(
            "error: `--set {raw}` has no value\n  help: write `--set {raw}=VALUE` (an empty VALUE removes the answer)"
        ));
        return;
    };
    let id = id.trim();
    let value = value.trim();
    let answer = (!value.is_empty()).then(|| Answer::Text(value.to_owned()));
    // Text goes through `accept`, which parses it by type; a list's items come from `;`.
    let at = |_| "error:".to_owned();
    check_answer(kit, id, answer.as_ref(), &at, changes, problems);
}

/// A `--from` file: answers (located by `answers.<id>`), card and measure ids, channel ids.
fn check_file(
    kit: &Kit,
    shown: &str,
    file: &AnswerFile,
    index: &NodeIndex,
    changes: &mut Vec<Change>,
    problems: &mut Vec<String>,
) {
    let pos = |path: &str, key: bool| {
        let loc = if key {
            index.key(path).or_else(|| index.nearest(path))
        } else {
            index.nearest(path)
        };
        format!(
            "error: {}:",
            Diagnostic::new(shown, loc, String::new()).position()
        )
    };
    // In the file's order, so that problems read top to bottom.
    let mut entries: Vec<(&String, &FileValue)> = file.answers.iter().collect();
    entries.sort_by_key(|(id, _)| index.key(&format!("answers.{id}")));
    for (id, value) in entries {
        let path = format!("answers.{id}");
        let at = |on_value: bool| pos(&path, !on_value);
        let answer = match file_value(value) {
            Ok(a) => a,
            Err(message) => {
                problems.push(format!("{} `{id}`: {message}", at(true)));
                continue;
            }
        };
        check_answer(kit, id, answer.as_ref(), &at, changes, problems);
    }
    let card_ids: Vec<&str> = kit.cards().iter().map(|c| c.id.as_str()).collect();
    let mut seen = Vec::new();
    for (i, card) in file.cards.iter().enumerate() {
        let at = pos(&format!("cards[{i}].id"), false);
        if kit.card(&card.id).is_none() {
            problems.push(format!(
                "{at} `{}` is not a card of kit `{}`\n  help: {}",
                card.id,
                kit.id(),
                unknown(
                    &card.id,
                    &card_ids,
                    "`thinkkit cards list` shows the kit's cards"
                )
            ));
        } else if seen.contains(&card.id.as_str()) {
            problems.push(format!("{at} card `{}` is listed twice", card.id));
        }
        seen.push(card.id.as_str());
    }
    let measure_ids: Vec<&str> = kit.measures().iter().map(|m| m.id.as_str()).collect();
    let mut seen = Vec::new();
    for (i, m) in file.measures.iter().enumerate() {
        let at = pos(&format!("measures[{i}].id"), false);
        if kit.measure(&m.id).is_none() {
            problems.push(format!(
                "{at} `{}` is not a measure of kit `{}`\n  help: {}",
                m.id,
                kit.id(),
                unknown(&m.id, &measure_ids, "the kit's `measures` list their ids")
            ));
        } else if seen.contains(&m.id.as_str()) {
            problems.push(format!("{at} measure `{}` is listed twice", m.id));
        }
        seen.push(m.id.as_str());
    }
    if let Some(cs) = &file.channel_shift {
        let channels: Vec<&str> = kit
            .vocabularies()
            .channels
            .iter()
            .map(|t| t.id.as_str())
            .collect();
        let mut check = |path: String, id: &str| {
            if !channels.is_empty() && !channels.contains(&id) {
                problems.push(format!(
                    "{} `{id}` is not a channel of kit `{}`\n  help: {}",
                    pos(&path, true),
                    kit.id(),
                    unknown_help(id, channels.iter().copied())
                ));
            }
        };
        for (i, s) in cs.services.iter().enumerate() {
            for (part, shares) in [("now", &s.now), ("target", &s.target)] {
                for ch in shares.keys() {
                    check(format!("channel-shift.services[{i}].{part}.{ch}"), ch);
                }
            }
        }
        for ch in cs.unit_costs.keys() {
            check(format!("channel-shift.unit-costs.{ch}"), ch);
        }
    }
}

/// Merge cards by id: details the file gives replace the plan's, others are kept; new cards
/// are added in the file's order.
fn merge_cards(plan: &mut Vec<ChosenCard>, from: Vec<ChosenCard>) {
    for card in from {
        match plan.iter_mut().find(|c| c.id == card.id) {
            Some(have) => {
                have.cost = card.cost.or(have.cost);
                have.running_cost = card.running_cost.or(have.running_cost);
                have.owner = card.owner.or(have.owner.take());
                have.start = card.start.or(have.start.take());
                have.notes = card.notes.or(have.notes.take());
            }
            None => plan.push(card),
        }
    }
}

/// Merge measures by id: a baseline or target in the file replaces the plan's; recorded values
/// are added, never dropped.
fn merge_measures(plan: &mut Vec<PlanMeasure>, from: Vec<PlanMeasure>) {
    for m in from {
        match plan.iter_mut().find(|p| p.id == m.id) {
            Some(have) => {
                have.baseline = m.baseline.or(have.baseline.take());
                have.target = m.target.or(have.target.take());
                for v in m.values {
                    if !have.values.contains(&v) {
                        have.values.push(v);
                    }
                }
                have.values.sort_by_key(|v| v.date);
            }
            None => plan.push(m),
        }
    }
}
