//! Shell completion of the ids a command takes: scenarios, cards, measures, components,
//! questions, levels, barriers, services and built-in kits, from the kit the command line would
//! use.
//!
//! Completion is clap_complete's dynamic completion: the shell's registration script (printed
//! by `thinkkit completions SHELL`) calls thinkkit back with the words typed so far, and the
//! completers here look ids up in the kit. Which kit: the `--kit` already typed, else the kit of
//! the first plan file named on the line, else the default kit. A kit that does not load
//! completes nothing rather than printing an error into the shell. Each candidate carries the
//! item's title, which zsh and fish show beside it.

use std::ffi::OsStr;
use std::path::Path;

use clap_complete::engine::{CompletionCandidate, PathCompleter, ValueCompleter};

use crate::kit::{self, Kit, KitRef, builtin};

/// The words of the command line being completed: those after `--`.
fn words() -> Vec<String> {
    let args: Vec<String> = std::env::args().collect();
    match args.iter().position(|a| a == "--") {
        Some(i) => args[i + 1..].to_vec(),
        None => Vec::new(),
    }
}

/// The kit the command line being completed would use.
fn kit_of_line() -> Option<Kit> {
    let words = words();
    let mut kit_arg = None;
    for (i, w) in words.iter().enumerate() {
        if w == "--kit" {
            kit_arg = words.get(i + 1).cloned();
        } else if let Some(v) = w.strip_prefix("--kit=") {
            kit_arg = Some(v.to_owned());
        }
    }
    if let Some(k) = kit_arg.filter(|k| !k.is_empty()) {
        return kit::load(&KitRef::parse(&k)).ok();
    }
    if let Some((path, plan)) = plan_of_line()
        && let Ok(kit) = crate::plan::kit_for(&plan, &path, None)
    {
        return Some(kit);
    }
    kit::load(&KitRef::default_kit()).ok()
}

/// The first plan file named on the command line being completed, read.
fn plan_of_line() -> Option<(std::path::PathBuf, crate::plan::Plan)> {
    let words = words();
    let path = words
        .iter()
        .skip(1)
        .filter(|w| !w.starts_with('-'))
        .map(Path::new)
        .find(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml") && p.is_file())?;
    let plan = crate::plan::read(path).ok()?;
    Some((path.to_path_buf(), plan))
}

/// `items` (id, title) whose id starts with `current`, behind `prefix`.
fn candidates<'a>(
    current: &OsStr,
    prefix: &str,
    items: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<CompletionCandidate> {
    let current = current.to_string_lossy();
    items
        .into_iter()
        .filter(|(id, _)| id.starts_with(current.as_ref()))
        .map(|(id, title)| {
            CompletionCandidate::new(format!("{prefix}{id}")).help(Some(title.to_owned().into()))
        })
        .collect()
}

/// Built-in kit ids, and paths (a kit may be a folder or a file).
pub fn kits(current: &OsStr) -> Vec<CompletionCandidate> {
    let loaded: Vec<(String, String)> = builtin::BUILT_IN
        .iter()
        .filter_map(|b| kit::load(&KitRef::BuiltIn(b)).ok())
        .map(|k| (k.id().to_owned(), k.title().to_owned()))
        .collect();
    let mut out = candidates(
        current,
        "",
        loaded.iter().map(|(i, t)| (i.as_str(), t.as_str())),
    );
    out.extend(PathCompleter::any().complete(current));
    out
}

/// Scenario ids.
pub fn scenarios(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.scenarios()
            .iter()
            .map(|s| (s.id.as_str(), s.title.as_str())),
    )
}

/// Card ids.
pub fn cards(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.cards()
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str())),
    )
}

/// A team's hand, `NAME=CARD,CARD…`: card ids after the `=` and each `,`.
pub fn team(current: &OsStr) -> Vec<CompletionCandidate> {
    let text = current.to_string_lossy().into_owned();
    let Some(eq) = text.find('=') else {
        return Vec::new();
    };
    let cut = text.rfind(',').filter(|c| *c > eq).unwrap_or(eq) + 1;
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    let (prefix, partial) = text.split_at(cut);
    candidates(
        OsStr::new(partial),
        prefix,
        kit.cards()
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str())),
    )
}

/// Measure ids.
pub fn measures(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.measures()
            .iter()
            .map(|m| (m.id.as_str(), m.title.as_str())),
    )
}

/// Component ids.
pub fn components(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.components()
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str())),
    )
}

/// Question ids, for `--set ID=VALUE` (with the `=`) and for a question argument.
pub fn questions(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    let items: Vec<(String, String)> = kit
        .questions()
        .map(|(_, q)| (q.id.clone(), q.prompt.clone()))
        .collect();
    candidates(
        current,
        "",
        items.iter().map(|(i, p)| (i.as_str(), p.as_str())),
    )
}

/// `--set ID=VALUE`: question ids followed by `=`.
pub fn settings(current: &OsStr) -> Vec<CompletionCandidate> {
    if current.to_string_lossy().contains('=') {
        return Vec::new();
    }
    questions(current)
        .into_iter()
        .map(|c| {
            let help = c.get_help().cloned();
            CompletionCandidate::new(format!("{}=", c.get_value().to_string_lossy())).help(help)
        })
        .collect()
}

/// The terms of one of the kit's vocabularies (ids, with their labels).
fn vocabulary(current: &OsStr, name: kit::VocabularyName) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.vocabulary(name)
            .iter()
            .map(|t| (t.id.as_str(), t.label.as_str())),
    )
}

/// Level ids (`cards list --level`).
pub fn levels(current: &OsStr) -> Vec<CompletionCandidate> {
    vocabulary(current, kit::VocabularyName::Levels)
}

/// Barrier ids (`cards list --barrier`).
pub fn barriers(current: &OsStr) -> Vec<CompletionCandidate> {
    vocabulary(current, kit::VocabularyName::Barriers)
}

/// The services a plan can shift (the choices of the kit's `services` question), for `shift`.
pub fn services(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    let Some(q) = kit
        .bindings()
        .services
        .as_deref()
        .and_then(|id| kit.question(id))
    else {
        return Vec::new();
    };
    let choices = kit.choices(q);
    candidates(
        current,
        "",
        choices.iter().map(|c| (c.value.as_str(), c.label.as_str())),
    )
}

/// The cards the plan on the line has chosen (`cards drop`); every card without a plan.
pub fn chosen_cards(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some((_, plan)) = plan_of_line() else {
        return cards(current);
    };
    let Some(kit) = kit_of_line() else {
        return Vec::new();
    };
    candidates(
        current,
        "",
        kit.cards()
            .iter()
            .filter(|c| plan.cards.iter().any(|p| p.id == c.id))
            .map(|c| (c.id.as_str(), c.title.as_str())),
    )
}
