//! Checking a kit as a whole: the step from files that parse to a [`Kit`] that cannot be invalid.
//!
//! Every problem is collected, not only the first, and each names file, line and column: items
//! remember which file and YAML path they came from, and the file's [`NodeIndex`] turns a path
//! back into a position.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::PathBuf;
use std::rc::Rc;

mod rule;

use super::diagnostic::{Diagnostic, Diagnostics, display_path, suggest, unknown_help};
use super::expr::Expr;
use super::model::*;
use super::rule::Rule;
use super::{Kit, Origin};
use crate::yaml::{self, NodeIndex};

/// One file of a kit, before checking.
#[derive(Debug)]
pub(crate) struct SourceFile {
    name: String,
    text: String,
}

impl SourceFile {
    pub(crate) fn new(name: String, text: String) -> Self {
        SourceFile { name, text }
    }
}

/// An item and where it was written: file index and YAML path (`cards[3]`).
struct At<T> {
    item: T,
    file: usize,
    path: ItemPath,
}

/// The YAML path of an item: its section and, in a list, its index (`cards[3]`). It is written
/// out only when a problem is reported: a large kit's paths, formatted for every item and every
/// reference whether or not anything was wrong, were a quarter of the time of checking it.
#[derive(Debug, Clone)]
struct ItemPath {
    section: Rc<str>,
    index: Option<usize>,
}

impl ItemPath {
    fn section(section: &str) -> Self {
        ItemPath {
            section: section.into(),
            index: None,
        }
    }
}

impl fmt::Display for ItemPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.section)?;
        match self.index {
            Some(i) => write!(f, "[{i}]"),
            None => Ok(()),
        }
    }
}

struct Checker<'a> {
    names: Vec<String>,
    texts: Vec<&'a str>,
    /// Built only when a problem needs a position: a valid kit (the common case, and every
    /// start of the built-in kit) never pays for indexing every node.
    indexes: Vec<OnceCell<NodeIndex>>,
    problems: Vec<Diagnostic>,
    /// The kit-wide lists of ids as sets, by what they are, so that checking every reference
    /// of a large kit stays linear (see [`Checker::reference`]).
    known_sets: HashMap<String, HashSet<String>>,
}

/// What [`Checker::reference`] is given the whole kit's list of, the same at every call.
const KIT_WIDE: &[&str] = &[
    "measure",
    "component",
    "card",
    "level",
    "barrier",
    "partner",
    "channel",
    "figure",
    "question",
    "source",
];

/// Lists shorter than this are searched as they are: a set would cost more than it saves.
const SET_FROM: usize = 64;
/// "Did you mean" is worked out for this many unknown references; after that, a kit with
/// thousands of them would spend minutes comparing each with every id.
const SUGGESTIONS: usize = 200;

impl Checker<'_> {
    fn index(&self, file: usize) -> &NodeIndex {
        self.indexes[file].get_or_init(|| NodeIndex::build(self.texts[file]))
    }

    fn report(
        &mut self,
        file: usize,
        path: &(impl fmt::Display + ?Sized),
        message: String,
        help: Option<String>,
    ) {
        let loc = self.index(file).nearest(&path.to_string());
        let mut d = Diagnostic::new(self.names[file].clone(), loc, message);
        d.help = help;
        self.problems.push(d);
    }

    /// Report at the key that ends `path` (`rules[0].rule.cards`), for a field that should not
    /// be there; at the nearest node when the key is not written.
    fn report_key(
        &mut self,
        file: usize,
        path: &(impl fmt::Display + ?Sized),
        message: String,
        help: Option<String>,
    ) {
        let path = path.to_string();
        let index = self.index(file);
        let loc = index.key(&path).or_else(|| index.nearest(&path));
        let mut d = Diagnostic::new(self.names[file].clone(), loc, message);
        d.help = help;
        self.problems.push(d);
    }

    /// Report at a character of a text value: `offset` characters into the value at `path`,
    /// when the value is written on one line (plain or quoted); else at the value.
    fn report_in_text(
        &mut self,
        file: usize,
        path: &str,
        offset: usize,
        message: String,
        help: Option<String>,
    ) {
        let index = self.index(file);
        let loc = index.value(path).map(|loc| {
            let line = self.texts[file]
                .lines()
                .nth(loc.line - 1)
                .unwrap_or_default();
            let rest: String = line.chars().skip(loc.column - 1).collect();
            match rest.chars().next() {
                Some('|' | '>') | None => loc,
                Some('"' | '\'') => crate::yaml::Loc {
                    column: loc.column + 1 + offset,
                    ..loc
                },
                Some(_) => crate::yaml::Loc {
                    column: loc.column + offset,
                    ..loc
                },
            }
        });
        let loc = loc.or_else(|| self.index(file).nearest(path));
        let mut d = Diagnostic::new(self.names[file].clone(), loc, message);
        d.help = help;
        self.problems.push(d);
    }

    fn position(&self, file: usize, path: &str) -> String {
        let d = Diagnostic::new(self.names[file].clone(), self.index(file).nearest(path), "");
        d.position()
    }

    fn check_id(&mut self, file: usize, path: &(impl fmt::Display + ?Sized), what: &str, id: &str) {
        if !is_kebab(id) {
            self.report(
                file,
                &format!("{path}.id"),
                format!("{what} id `{id}` is not kebab-case"),
                Some(
                    "use lowercase letters, digits and single hyphens, like `staff-training`"
                        .into(),
                ),
            );
        }
    }

    /// Report duplicates among `ids` (id, file, path of the item).
    fn unique<'a, P: fmt::Display>(
        &mut self,
        what: &str,
        ids: impl IntoIterator<Item = (&'a str, usize, P)>,
    ) {
        let ids = ids.into_iter();
        let mut seen: HashMap<&str, (usize, P)> = HashMap::with_capacity(ids.size_hint().0);
        for (id, file, path) in ids {
            if let Some((f0, p0)) = seen.get(id) {
                let first = self.position(*f0, &format!("{p0}.id"));
                self.report(
                    file,
                    &format!("{path}.id"),
                    format!("duplicate {what} id `{id}`"),
                    Some(format!(
                        "first defined at {first}; give each {what} its own id"
                    )),
                );
            } else {
                seen.insert(id, (file, path));
            }
        }
    }

    /// Check a `source:` field. Without a `kit:` section there are no sources to check against,
    /// and that is reported once already.
    fn source_ref(
        &mut self,
        file: usize,
        path: &(impl fmt::Display + ?Sized),
        id: &str,
        sources: &Option<Vec<String>>,
    ) {
        if let Some(known) = sources {
            self.reference(file, path, "source", id, known.iter().map(String::as_str));
        }
    }

    /// Check that `id` is one of `known`, reporting at `path`.
    fn reference<'a>(
        &mut self,
        file: usize,
        path: &(impl fmt::Display + ?Sized),
        what: &str,
        id: &str,
        known: impl IntoIterator<Item = &'a str> + Clone,
    ) -> bool {
        let (len, exact) = known.clone().into_iter().size_hint();
        // The kit-wide lists (every card id, every measure id, …) are the same list at every
        // call: looked up in a set made at the first, a large kit's references stay linear.
        let kit_wide = exact == Some(len) && len >= SET_FROM && KIT_WIDE.contains(&what);
        let found = if kit_wide {
            match self.known_sets.get(what) {
                Some(set) if set.len() == len => set.contains(id),
                _ => {
                    let set: HashSet<String> =
                        known.clone().into_iter().map(str::to_owned).collect();
                    let found = set.contains(id);
                    self.known_sets.insert(what.to_owned(), set);
                    found
                }
            }
        } else {
            known.clone().into_iter().any(|k| k == id)
        };
        if found {
            return true;
        }
        let help = if known.clone().into_iter().next().is_none() {
            // Nothing of the kind at all: the list itself is missing or misnamed, not the id.
            let list = match what {
                "barrier" | "level" | "partner" | "channel" => {
                    format!("a `vocabularies.{what}s` list")
                }
                _ => format!("any {what}"),
            };
            format!(
                "the kit defines no {what} at all: add {list}, or check the name it is written under"
            )
        } else if self.problems.len() < SUGGESTIONS {
            unknown_help(id, known)
        } else {
            format!("{len} are defined; check the spelling against the kit's files")
        };
        self.report(file, path, format!("unknown {what} `{id}`"), Some(help));
        false
    }
}

/// Parse every file, merge, check, and build the kit.
pub(crate) fn validate(files: Vec<SourceFile>, origin: Origin) -> Result<Kit, Diagnostics> {
    let total = files.iter().map(|f| f.text.len()).sum();
    let parsed = in_parallel(files.len(), total, |i| yaml::from_str(&files[i].text));
    check(files, parsed, origin)
}

/// Read the files at `paths` (`bytes` long together), parse them, merge, check, and build the
/// kit. Each file is read by the thread that parses it, so that reading a large kit's files
/// overlaps with parsing them; a file that cannot be read is reported, and then nothing else is.
pub(crate) fn validate_paths(
    paths: &[PathBuf],
    bytes: usize,
    origin: Origin,
) -> Result<Kit, Diagnostics> {
    let read = in_parallel(paths.len(), bytes, |i| {
        let text = crate::files::read_text(&paths[i])?;
        let parsed = yaml::from_str::<KitFile>(&text);
        Ok::<_, crate::files::ReadError>((text, parsed))
    });
    let mut files = Vec::with_capacity(paths.len());
    let mut parsed = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for (path, result) in paths.iter().zip(read) {
        match result {
            Ok((text, p)) => {
                files.push(SourceFile::new(display_path(path), text));
                parsed.push(p);
            }
            Err(e) => {
                let mut d = Diagnostic::new(display_path(path), None, e.message);
                d.help = e.help;
                problems.push(d);
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    check(files, parsed, origin)
}

/// Merge the parsed files, check them, and build the kit.
fn check(
    files: Vec<SourceFile>,
    parsed_files: Vec<Result<KitFile, yaml::YamlError>>,
    origin: Origin,
) -> Result<Kit, Diagnostics> {
    let mut ck = Checker {
        names: files.iter().map(|f| f.name.clone()).collect(),
        texts: files.iter().map(|f| f.text.as_str()).collect(),
        indexes: files.iter().map(|_| OnceCell::new()).collect(),
        problems: Vec::new(),
        known_sets: HashMap::new(),
    };
    let mut parsed = Vec::new();
    for (i, (f, result)) in files.iter().zip(parsed_files).enumerate() {
        match result {
            Ok(k) => parsed.push((i, k)),
            Err(e) => {
                let (message, help) = serde_message(&e.message);
                let loc = statement_loc(&e.message, e.loc, &f.text);
                let mut d = Diagnostic::new(f.name.clone(), loc, message);
                d.help = help;
                ck.problems.push(d);
            }
        }
    }
    if !ck.problems.is_empty() {
        // Cross-file checks on a partial kit would only add noise.
        return Err(Diagnostics(ck.problems));
    }
    let kit = merge_and_check(&mut ck, parsed, origin);
    if ck.problems.is_empty() {
        Ok(kit.expect("a kit with no problems is built"))
    } else {
        ck.problems
            .sort_by(|a, b| (a.file.as_str(), a.loc).cmp(&(b.file.as_str(), b.loc)));
        Err(Diagnostics(ck.problems))
    }
}

/// Kits larger than this (all files together) are read and parsed on several threads.
const PARALLEL_BYTES: usize = 1024 * 1024;

/// `work(i)` for each file `i` of `n` (`bytes` long together), in order. Reading and parsing
/// are most of the time of loading a large kit, and its files are independent, so a kit of
/// several large files is worked on by as many threads as there are cores, a file at a time;
/// a small one (every built-in kit) on this thread, which costs nothing to start.
fn in_parallel<T: Send>(n: usize, bytes: usize, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(n);
    if threads < 2 || bytes < PARALLEL_BYTES {
        return (0..n).map(work).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut out: Vec<Option<T>> = std::iter::repeat_with(|| None).take(n).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        mine.push((i, work(i)));
                    }
                    mine
                })
            })
            .collect();
        for worker in workers {
            for (i, result) in worker.join().expect("a kit parser thread does not panic") {
                out[i] = Some(result);
            }
        }
    });
    out.into_iter()
        .map(|r| r.expect("every file is worked on"))
        .collect()
}

/// Fields an earlier kit format called otherwise: (old name, new name, why).
const RENAMED: &[(&str, &str, &str)] = &[
    (
        "households",
        "population",
        "`terms.population` says what the population is counted in",
    ),
    (
        "homes",
        "population",
        "`terms.population` says what the population is counted in",
    ),
    (
        "homes-mix",
        "mix",
        "shares by term of the vocabulary `bindings.mix` names",
    ),
];

/// Reword serde's "PATH: unknown field `x`, expected one of …" (and "unknown variant") into a
/// short message naming where, and a help line with the likely intended word.
fn serde_message(message: &str) -> (String, Option<String>) {
    for (prefix, what) in [("unknown field `", "field"), ("unknown variant `", "value")] {
        let Some(start) = message.find(prefix) else {
            continue;
        };
        let path = message[..start].trim_end_matches(": ").trim();
        let rest = &message[start + prefix.len()..];
        let Some(end) = rest.find('`') else { break };
        let word = &rest[..end];
        let candidates: Vec<&str> = rest[end..].split('`').skip(2).step_by(2).collect();
        let short = if path.is_empty() || path == "." {
            format!("unknown {what} `{word}`")
        } else {
            format!("unknown {what} `{word}` in `{path}`")
        };
        let listed = candidates
            .iter()
            .map(|c| format!("`{c}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let renamed = RENAMED
            .iter()
            .find(|(old, new, _)| *old == word && candidates.contains(new));
        // No field is named with spaces or brackets: this is the end of a value that a comma
        // cut short inside `{ … }` (`label: Age UK, carers' centre`).
        let cut_value =
            what == "field" && word.contains(|c: char| c.is_whitespace() || "(),'\"".contains(c));
        let help = match (renamed, suggest(word, candidates.iter().copied())) {
            _ if cut_value => format!(
                "a comma inside `{{ … }}` ends a value, so `{word}` was read as a field: put the value before it in quotes (`label: \"…, {word}\"`)"
            ),
            (Some((old, new, why)), _) => format!("`{old}` is now called `{new}`: {why}"),
            (None, Some(s)) => format!("did you mean `{s}`?"),
            (None, None) if candidates.is_empty() => {
                "remove it; `thinkkit kit schema` lists what a kit file may hold".to_owned()
            }
            (None, None) => format!("expected one of {listed}"),
        };
        return (short, Some(help));
    }
    if let Some(help) = shape_help(message) {
        return (readable_shape(message), Some(help));
    }
    (message.to_owned(), None)
}

/// serde places a statement of the wrong shape at its question: point at the question's
/// `statement:` key instead, the first one after the question starts (within its mapping).
fn statement_loc(message: &str, loc: Option<yaml::Loc>, text: &str) -> Option<yaml::Loc> {
    let at = loc?;
    if !message.contains("untagged enum Statement") {
        return Some(at);
    }
    let indent = at.column.saturating_sub(1);
    text.lines()
        .enumerate()
        .skip(at.line)
        .take_while(|(_, l)| {
            // Still inside the question: blank, or indented deeper than its first field.
            l.trim().is_empty() || l.len() - l.trim_start().len() >= indent
        })
        .find_map(|(i, l)| {
            let key = l.trim_start();
            (key.starts_with("statement:") && l.len() - key.len() == indent).then(|| yaml::Loc {
                line: i + 1,
                column: indent + 1,
            })
        })
        .or(Some(at))
}

/// What to write instead, for serde's messages about a value of the wrong shape: a field left
/// out, a string where a mapping belongs, a list where one condition belongs, a statement that
/// is neither a pattern nor sentences by answer, a tab in the indentation.
fn shape_help(message: &str) -> Option<String> {
    let path = message.split(": ").next().unwrap_or_default();
    if let Some(rest) = message.split("missing field `").nth(1) {
        let field = rest.split('`').next().unwrap_or_default();
        let example = match field {
            "summary" => " (one sentence on what it is)",
            "level" => " (a term id of the `levels` vocabulary)",
            "points" => " (1 to 3, its cost in the planning game)",
            "setup-cost" | "running-cost" => " (`{ min: 0, max: 500 }` in pounds)",
            "source" => " (the id of an entry of `kit.sources`)",
            "min" | "max" => " (a whole number)",
            _ => "",
        };
        return Some(format!(
            "add `{field}:`{example}; if it is there, check its indentation: it must line up with the fields around it"
        ));
    }
    if message.contains("expected struct Noun") {
        return Some(
            "a term that is a noun has two forms: write `{ singular: patient, plural: patients }`"
                .to_owned(),
        );
    }
    if message.contains("expected struct Condition") {
        return Some(if path.ends_with(".not") {
            "`not` takes one condition; to negate several write `not: { any: [ … ] }` (none holds) or `not: { all: [ … ] }`".to_owned()
        } else {
            "a condition is one mapping, such as `{ question: ID, equals: VALUE }`; combine several under `all:` or `any:`".to_owned()
        });
    }
    if message.contains("untagged enum Statement") {
        return Some(
            "a `statement` is one sentence pattern in quotes, or a sentence for each answer keyed by its choice value (`yes:` and `no:` for a yes-no question, not `true:` and `false:`)"
                .to_owned(),
        );
    }
    if message.contains("expected struct") || message.contains("expected a map") {
        return Some(
            "this needs a mapping: `key: value` lines indented under it, or `{ key: value, … }`"
                .to_owned(),
        );
    }
    if message.contains("expected a sequence") {
        return Some("this needs a list: `[a, b]`, or `- a` lines, even for one item".to_owned());
    }
    if message.contains("cannot start any token") {
        return Some(
            "YAML indents with spaces, never tabs; a value that starts with `@`, a backquote or `%` needs quotes"
                .to_owned(),
        );
    }
    None
}

/// serde's wording without Rust's type names: `expected struct Noun` is `expected a mapping`.
fn readable_shape(message: &str) -> String {
    let mut out = message.to_owned();
    while let Some(at) = out.find("expected struct ") {
        let end = out[at + 16..]
            .find(|c: char| !c.is_alphanumeric() && c != '_')
            .map_or(out.len(), |e| at + 16 + e);
        out.replace_range(at..end, "expected a mapping");
    }
    out.replace(
        "data did not match any variant of untagged enum Statement",
        "`statement` is neither a sentence pattern nor sentences by answer",
    )
}

/// The year rule: a figure's year is either one its source entry supports (`stated`: the
/// entry's `year` or one of its `years`; `reported`: the entry's `year`) or marked as the kit's
/// own estimate (`year-approximate`, with the reasoning in the note); an undated figure carries
/// neither. `entry` is the figure's source entry and its index, when it is declared (an
/// undeclared source is reported on its own).
fn check_figure_year(
    ck: &mut Checker,
    file: usize,
    p: &ItemPath,
    fig: &Figure,
    entry: Option<(usize, &Source)>,
) {
    let id = &fig.id;
    let Some(year) = fig.year else {
        if fig.year_approximate || fig.year_basis.is_some() {
            ck.report(
                file,
                p,
                format!("figure `{id}` has no `year`, so `year-approximate` and `year-basis` have nothing to qualify"),
                Some("remove them (the figure is cited as undated), or give the year and say what it rests on".into()),
            );
        }
        return;
    };
    let basis = fig.year_basis().unwrap_or(YearBasis::Stated);
    let written = fig.year_basis.map(YearBasis::name);
    match (basis, fig.year_approximate) {
        (YearBasis::Estimated, false) => {
            ck.report(
                file,
                &format!("{p}.year-basis"),
                format!("figure `{id}`: an estimated year needs `year-approximate: true`"),
                Some("add `year-approximate: true` so the year is cited as `c. YEAR`, and give the reasoning in the note".into()),
            );
            return;
        }
        (YearBasis::Stated | YearBasis::Reported, true) => {
            ck.report(
                file,
                &format!("{p}.year-basis"),
                format!(
                    "figure `{id}` is `year-approximate` but its year is `{}`",
                    written.unwrap_or("stated")
                ),
                Some("an approximate year is the kit's own estimate: use `year-basis: estimated`, or drop `year-approximate` if the source gives the year".into()),
            );
            return;
        }
        _ => {}
    }
    if basis == YearBasis::Estimated {
        if fig.note.trim().is_empty() {
            ck.report(
                file,
                p,
                format!(
                    "figure `{id}` has an approximate year but no note saying how it was reached"
                ),
                Some("say in `note` what the year rests on and why it is approximate".into()),
            );
        }
        return;
    }
    let Some((i, source)) = entry else { return };
    let supported = match basis {
        YearBasis::Stated => source.year == Some(year) || source.years.contains(&year),
        _ => source.year == Some(year),
    };
    if supported {
        return;
    }
    let gives = match (source.year, source.years.is_empty()) {
        (None, true) => "gives no year".to_owned(),
        (Some(y), true) => format!("is dated {y}"),
        (y, false) => {
            let listed: Vec<String> = source.years.iter().map(u16::to_string).collect();
            match y {
                Some(y) => format!("is dated {y} and gives the years {}", listed.join(", ")),
                None => format!("gives the years {}", listed.join(", ")),
            }
        }
    };
    let (claim, help) = if basis == YearBasis::Reported {
        (
            format!(
                "figure `{id}` gives {year} as the date of its report, but its source `{}` (kit.sources[{i}]) {gives}",
                source.id
            ),
            "a `reported` year must be the source's `year`; if the source gives no date, mark the year `year-approximate: true` with the reasoning in the note, or leave it out (the figure is cited as undated)",
        )
    } else {
        (
            format!(
                "figure `{id}` gives the year {year}, but its source `{}` (kit.sources[{i}]) {gives}",
                source.id
            ),
            "add the year to the source's `years` if the document gives it for its figures; otherwise mark it `year-approximate: true` with the reasoning in the note, or leave the year out (the figure is cited as undated)",
        )
    };
    ck.report(file, &format!("{p}.year"), claim, Some(help.into()));
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn at_list<T>(out: &mut Vec<At<T>>, file: usize, section: &str, items: Vec<T>) {
    if items.is_empty() {
        return;
    }
    let section: Rc<str> = section.into();
    out.reserve(items.len());
    for (i, item) in items.into_iter().enumerate() {
        out.push(At {
            item,
            file,
            path: ItemPath {
                section: Rc::clone(&section),
                index: Some(i),
            },
        });
    }
}

#[allow(clippy::too_many_lines)]
fn merge_and_check(ck: &mut Checker, parsed: Vec<(usize, KitFile)>, origin: Origin) -> Option<Kit> {
    let mut meta: Vec<At<Metadata>> = Vec::new();
    let mut bindings: Vec<At<Bindings>> = Vec::new();
    let mut documents: Vec<At<DocumentSpec>> = Vec::new();
    let mut terms: Vec<At<Terms>> = Vec::new();
    let mut vocab: BTreeMap<String, Vec<At<Term>>> = BTreeMap::new();
    let mut components = Vec::new();
    // A large kit's cards are moved here once, not again each time the list grows.
    let mut cards = Vec::with_capacity(parsed.iter().map(|(_, k)| k.cards.len()).sum());
    let mut sheets = Vec::new();
    let mut scenarios = Vec::new();
    let mut measures = Vec::new();
    let mut figures = Vec::new();
    let mut checks = Vec::new();
    for (file, k) in parsed {
        if let Some(m) = k.kit {
            meta.push(At {
                item: m,
                file,
                path: ItemPath::section("kit"),
            });
        }
        if let Some(b) = k.bindings {
            bindings.push(At {
                item: b,
                file,
                path: ItemPath::section("bindings"),
            });
        }
        if let Some(d) = k.document {
            documents.push(At {
                item: d,
                file,
                path: ItemPath::section("document"),
            });
        }
        if let Some(t) = k.terms {
            terms.push(At {
                item: t,
                file,
                path: ItemPath::section("terms"),
            });
        }
        if let Some(v) = k.vocabularies {
            let engine = [
                ("barriers", v.barriers),
                ("levels", v.levels),
                ("partners", v.partners),
                ("channels", v.channels),
            ];
            for (name, list) in engine
                .into_iter()
                .map(|(n, l)| (n.to_owned(), l))
                .chain(v.others)
            {
                let path = format!("vocabularies.{name}");
                at_list(vocab.entry(name).or_default(), file, &path, list);
            }
        }
        at_list(&mut components, file, "components", k.components);
        at_list(&mut cards, file, "cards", k.cards);
        at_list(&mut sheets, file, "sheets", k.sheets);
        at_list(&mut scenarios, file, "scenarios", k.scenarios);
        at_list(&mut measures, file, "measures", k.measures);
        at_list(&mut figures, file, "figures", k.figures);
        at_list(&mut checks, file, "reality-checks", k.reality_checks);
    }

    // Metadata: exactly one.
    if meta.is_empty() {
        ck.report(
            0,
            ".",
            "the kit has no `kit:` section".into(),
            Some(
                "add `kit:` with `id`, `title` and `version` to one file (usually `kit.yaml`)"
                    .into(),
            ),
        );
    }
    for extra in meta.iter().skip(1) {
        let first = ck.position(meta[0].file, "kit");
        ck.report(
            extra.file,
            "kit",
            "a second `kit:` section".into(),
            Some(format!("the first is at {first}; a kit has one")),
        );
    }
    for extra in documents.iter().skip(1) {
        let first = ck.position(documents[0].file, "document");
        ck.report(
            extra.file,
            "document",
            "a second `document:` section".into(),
            Some(format!("the first is at {first}; a kit has one")),
        );
    }
    for extra in terms.iter().skip(1) {
        let first = ck.position(terms[0].file, "terms");
        ck.report(
            extra.file,
            "terms",
            "a second `terms:` section".into(),
            Some(format!("the first is at {first}; a kit has one")),
        );
    }
    if let Some(t) = terms.first() {
        check_terms(ck, t.file, &t.item);
    }
    for extra in bindings.iter().skip(1) {
        let first = ck.position(bindings[0].file, "bindings");
        ck.report(
            extra.file,
            "bindings",
            "a second `bindings:` section".into(),
            Some(format!("the first is at {first}; a kit has one")),
        );
    }
    let sources: Option<Vec<String>> = meta
        .first()
        .map(|m| m.item.sources.iter().map(|s| s.id.clone()).collect());
    if let Some(m) = meta.first() {
        let (file, id) = (m.file, m.item.id.clone());
        ck.check_id(file, "kit", "kit", &id);
        let ids: Vec<(String, String)> = m
            .item
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), format!("kit.sources[{i}]")))
            .collect();
        for (id, path) in &ids {
            ck.check_id(file, path, "source", id);
        }
        ck.unique(
            "source",
            ids.iter().map(|(id, p)| (id.as_str(), file, p.as_str())),
        );
    }

    // Vocabularies.
    let mut vocab_ids: HashMap<String, Vec<String>> = HashMap::new();
    for (name, terms) in &vocab {
        let engine = VocabularyName::from_name(name).is_some();
        if !engine {
            // Report the name once, where it is first written.
            if let Some(first) = terms.first().or(None) {
                check_vocabulary_name(ck, first.file, name);
            }
        }
        for t in terms {
            ck.check_id(t.file, &t.path, "term", &t.item.id);
        }
        ck.unique(
            &format!("`{name}` term"),
            terms.iter().map(|t| (t.item.id.as_str(), t.file, &t.path)),
        );
        vocab_ids.insert(
            name.clone(),
            terms.iter().map(|t| t.item.id.clone()).collect(),
        );
    }
    let empty: Vec<String> = Vec::new();
    let ids_of = |name: &str| -> &Vec<String> { vocab_ids.get(name).unwrap_or(&empty) };
    let (barriers, levels, partners, channels) = (
        ids_of("barriers"),
        ids_of("levels"),
        ids_of("partners"),
        ids_of("channels"),
    );
    // In name order (the map is a `BTreeMap`), so that help lists read the same every run.
    let vocab_names: Vec<&str> = vocab
        .iter()
        .filter(|(_, terms)| !terms.is_empty())
        .map(|(n, _)| n.as_str())
        .collect();

    // Ids of every kind.
    for (what, list) in [
        (
            "component",
            components
                .iter()
                .map(|c: &At<Component>| (c.item.id.as_str(), c.file, &c.path))
                .collect::<Vec<_>>(),
        ),
        (
            "card",
            cards
                .iter()
                .map(|c: &At<Card>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
        (
            "sheet",
            sheets
                .iter()
                .map(|c: &At<Sheet>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
        (
            "scenario",
            scenarios
                .iter()
                .map(|c: &At<Scenario>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
        (
            "measure",
            measures
                .iter()
                .map(|c: &At<Measure>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
        (
            "figure",
            figures
                .iter()
                .map(|c: &At<Figure>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
        (
            "reality check",
            checks
                .iter()
                .map(|c: &At<RealityCheck>| (c.item.id.as_str(), c.file, &c.path))
                .collect(),
        ),
    ] {
        for (id, file, path) in &list {
            ck.check_id(*file, path, what, id);
        }
        ck.unique(what, list);
    }

    // Components and questions.
    let component_ids: Vec<&str> = components.iter().map(|c| c.item.id.as_str()).collect();
    let mut questions: Vec<(&Question, usize, String)> = Vec::new();
    for c in &components {
        ck.source_ref(
            c.file,
            &format_args!("{}.source", c.path),
            &c.item.source,
            &sources,
        );
        for (i, q) in c.item.questions.iter().enumerate() {
            questions.push((q, c.file, format!("{}.questions[{i}]", c.path)));
        }
    }
    for (q, file, path) in &questions {
        ck.check_id(*file, path, "question", &q.id);
    }
    check_steps(ck, &components);
    ck.unique(
        "question",
        questions
            .iter()
            .map(|(q, f, p)| (q.id.as_str(), *f, p.as_str())),
    );
    let order: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, (q, _, _))| (q.id.as_str(), i))
        .collect();
    let mut default_exprs = HashMap::new();
    let mut whens: HashMap<String, Rule> = HashMap::new();
    let card_ids: Vec<&str> = cards
        .iter()
        .map(|c: &At<Card>| c.item.id.as_str())
        .collect();
    let measure_ids: Vec<&str> = measures
        .iter()
        .map(|m: &At<Measure>| m.item.id.as_str())
        .collect();
    let tags: HashSet<&str> = cards
        .iter()
        .flat_map(|c| c.item.tags.iter().map(String::as_str))
        .collect();
    let (barriers_question, partners_question) = bindings.first().map_or((None, None), |b| {
        (b.item.barriers.clone(), b.item.partners.clone())
    });
    let question_ids: Vec<&str> = questions.iter().map(|(q, _, _)| q.id.as_str()).collect();
    let by_id: HashMap<&str, &Question> = questions
        .iter()
        .map(|(q, _, _)| (q.id.as_str(), *q))
        .collect();
    // What conditions may name, built where it is needed (the borrows differ by section).
    macro_rules! rule_scope {
        () => {
            rule::Scope {
                order: &order,
                question_ids: &question_ids,
                by_id: &by_id,
                vocab: &vocab_ids,
                vocab_names: &vocab_names,
                tags: &tags,
                card_ids: &card_ids,
                measure_ids: &measure_ids,
                component_ids: &component_ids,
                barriers_question: barriers_question.as_deref(),
                partners_question: partners_question.as_deref(),
            }
        };
    }
    for (pos, (q, file, path)) in questions.iter().enumerate() {
        let (file, path) = (*file, path.as_str());
        let kind = q.kind;
        // Choices.
        if kind.has_choices() {
            match (q.choices.is_empty(), q.choices_from.as_deref()) {
                (true, None) => ck.report(
                    file,
                    &format!("{path}.type"),
                    format!("`{}` question `{}` has no choices", kind.name(), q.id),
                    Some("add `choices:` (value and label) or `choices-from:` a vocabulary".into()),
                ),
                (false, Some(_)) => ck.report(
                    file,
                    &format!("{path}.choices-from"),
                    format!("question `{}` has both `choices` and `choices-from`", q.id),
                    Some("keep one of them".into()),
                ),
                (true, Some(v)) if !vocab_ids.contains_key(v) => ck.report(
                    file,
                    &format!("{path}.choices-from"),
                    format!("question `{}` takes its choices from `{v}`, which is not a vocabulary of the kit", q.id),
                    Some(unknown_help(v, vocab_names.iter().copied())),
                ),
                (true, Some(v)) if ids_of(v).is_empty() => ck.report(
                    file,
                    &format!("{path}.choices-from"),
                    format!(
                        "question `{}` takes its choices from an empty vocabulary",
                        q.id
                    ),
                    Some(format!("add terms to `vocabularies.{v}`")),
                ),
                _ => {}
            }
            let mut seen = HashSet::new();
            for (i, c) in q.choices.iter().enumerate() {
                if !seen.insert(c.value.as_str()) {
                    ck.report(
                        file,
                        &format!("{path}.choices[{i}].value"),
                        format!("duplicate choice `{}` in question `{}`", c.value, q.id),
                        None,
                    );
                }
            }
        } else if !q.choices.is_empty() || q.choices_from.is_some() {
            ck.report(
                file,
                &format!("{path}.choices"),
                format!("`{}` question `{}` cannot have choices", kind.name(), q.id),
                Some("use `type: choice` or `type: multi-choice`, or remove the choices".into()),
            );
        }
        let choice_values: Vec<String> = match &q.choices_from {
            Some(v) => ids_of(v).clone(),
            None => q.choices.iter().map(|c| c.value.clone()).collect(),
        };
        // Bounds.
        if let (Some(min), Some(max)) = (q.min, q.max)
            && min > max
        {
            ck.report(
                file,
                &format!("{path}.min"),
                format!("`min` ({min}) is more than `max` ({max})"),
                None,
            );
        }
        if kind == QuestionType::Percent
            && (q.min.is_some_and(|m| !(0.0..=100.0).contains(&m))
                || q.max.is_some_and(|m| !(0.0..=100.0).contains(&m)))
        {
            ck.report(
                file,
                &format!("{path}.min"),
                "percent bounds must lie between 0 and 100".into(),
                None,
            );
        }
        if matches!(
            kind,
            QuestionType::Text
                | QuestionType::LongText
                | QuestionType::YesNo
                | QuestionType::Choice
        ) && (q.min.is_some() || q.max.is_some())
        {
            ck.report(
                file,
                &format!("{path}.min"),
                format!(
                    "`{}` question `{}` cannot have `min` or `max`",
                    kind.name(),
                    q.id
                ),
                None,
            );
        }
        if q.whole && kind != QuestionType::Number {
            ck.report(
                file,
                &format!("{path}.whole"),
                format!(
                    "`whole` applies to `number` questions; `{}` is `{}`",
                    q.id,
                    kind.name()
                ),
                Some("remove `whole`, or make the question `type: number`".into()),
            );
        }
        if q.whole
            && let Some(Literal::Number(n)) = &q.default
            && n.fract() != 0.0
        {
            ck.report(
                file,
                &format!("{path}.default"),
                format!("default of `{}` is {n}, not a whole number", q.id),
                None,
            );
        }
        // Default.
        if let Some(d) = &q.default
            && let Some(problem) = literal_problem(kind, d, &choice_values, q.min, q.max)
        {
            ck.report(
                file,
                &format!("{path}.default"),
                format!("default of `{}` {problem}", q.id),
                None,
            );
        }
        if let Some(text) = &q.default_expr {
            if !kind.is_numeric() {
                ck.report(
                    file,
                    &format!("{path}.default-expr"),
                    format!(
                        "`default-expr` needs a number, percent or money question; `{}` is `{}`",
                        q.id,
                        kind.name()
                    ),
                    None,
                );
            }
            match Expr::parse(text) {
                Ok(e) => {
                    let mut ok = true;
                    for id in e.answers() {
                        ok &= earlier_question(ck, file, &format!("{path}.default-expr"), id, pos, &order, &question_ids, &q.id);
                        if let Some(r) = by_id.get(id)
                            && !r.kind.is_numeric() {
                                ok = false;
                                ck.report(
                                    file,
                                    &format!("{path}.default-expr"),
                                    format!("`default-expr` of `{}` reads `{id}`, which is not a number question", q.id),
                                    None,
                                );
                            }
                    }
                    if ok {
                        default_exprs.insert(q.id.clone(), e);
                    }
                }
                Err(e) => ck.report(
                    file,
                    &format!("{path}.default-expr"),
                    format!("`default-expr` of `{}` does not parse: {e}", q.id),
                    Some("use numbers, question ids, `+ - * /` and parentheses; put spaces around a minus".into()),
                ),
            }
        }
        // Statement.
        if let Some(statement) = &q.statement {
            check_statement(
                ck,
                file,
                &format!("{path}.statement"),
                q,
                statement,
                &choice_values,
                &by_id,
                &question_ids,
            );
        }
        // Condition.
        if let Some(cond) = &q.when {
            let scope = rule_scope!();
            if let Some(r) = rule::check(
                ck,
                file,
                &format!("{path}.when"),
                cond,
                &scope,
                &rule::Mode::When { pos, asking: &q.id },
            ) {
                whens.insert(q.id.clone(), r);
            }
        }
    }

    // Cards.
    for c in &cards {
        let (file, p, card) = (c.file, &c.path, &c.item);
        ck.source_ref(file, &format_args!("{p}.source"), &card.source, &sources);
        ck.reference(
            file,
            &format_args!("{p}.level"),
            "level",
            &card.level,
            levels.iter().map(String::as_str),
        );
        for (i, b) in card.barriers.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.barriers[{i}]"),
                "barrier",
                b,
                barriers.iter().map(String::as_str),
            );
        }
        for (i, b) in card.partners.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.partners[{i}]"),
                "partner",
                b,
                partners.iter().map(String::as_str),
            );
        }
        for (name, terms) in &card.vocabularies {
            let vp = format!("{p}.vocabularies.{name}");
            if VocabularyName::from_name(name).is_some() {
                ck.report(
                    file,
                    &vp,
                    format!("`{name}` is one of the engine's vocabularies; give a card's {name} in its own field"),
                    Some(format!("move the terms to `{name}:` on the card (`level:` for a level)")),
                );
                continue;
            }
            if !ck.reference(
                file,
                &vp,
                "vocabulary",
                name,
                vocab_names
                    .iter()
                    .copied()
                    .filter(|n| VocabularyName::from_name(n).is_none()),
            ) {
                continue;
            }
            for (i, t) in terms.iter().enumerate() {
                ck.reference(
                    file,
                    &format_args!("{vp}[{i}]"),
                    &format!("`{name}` term"),
                    t,
                    ids_of(name).iter().map(String::as_str),
                );
            }
        }
        for (i, m) in card.measures.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.measures[{i}]"),
                "measure",
                m,
                measure_ids.iter().copied(),
            );
        }
        for (i, x) in card.components.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.components[{i}]"),
                "component",
                x,
                component_ids.iter().copied(),
            );
        }
        for (i, x) in card.builds_on.iter().enumerate() {
            if x == &card.id {
                ck.report(
                    file,
                    &format!("{p}.builds-on[{i}]"),
                    format!("card `{x}` builds on itself"),
                    None,
                );
            } else {
                ck.reference(
                    file,
                    &format_args!("{p}.builds-on[{i}]"),
                    "card",
                    x,
                    card_ids.iter().copied(),
                );
            }
        }
        if !(1..=3).contains(&card.points) {
            ck.report(
                file,
                &format!("{p}.points"),
                format!(
                    "card `{}` costs {} points; cards cost 1 to 3",
                    card.id, card.points
                ),
                Some(
                    "1 is cheap or volunteer-led, 3 is the most an activity costs in the planning game"
                        .into(),
                ),
            );
        }
        for (field, cost) in [
            ("setup-cost", &card.setup_cost),
            ("running-cost", &card.running_cost),
        ] {
            if cost.min < 0.0 || cost.min > cost.max || !cost.max.is_finite() {
                ck.report(
                    file,
                    &format!("{p}.{field}"),
                    format!("`{field}` of `{}` must have 0 ≤ min ≤ max", card.id),
                    None,
                );
            }
        }
        if card.reach.min > card.reach.max {
            ck.report(
                file,
                &format!("{p}.reach"),
                format!("`reach` of `{}` has min above max", card.id),
                None,
            );
        }
    }
    check_card_cycles(ck, &cards);

    // The vocabulary of scenarios' mixes (checked with the other bindings below).
    let mix_binding: Option<String> = bindings.first().and_then(|b| b.item.mix.clone());
    let mix_vocabulary: Option<String> = mix_binding.clone().filter(|v| !ids_of(v).is_empty());

    // Sheets, scenarios, measures, figures.
    for s in &sheets {
        let (file, p) = (s.file, &s.path);
        ck.source_ref(file, &format_args!("{p}.source"), &s.item.source, &sources);
        if let Some(c) = &s.item.component {
            ck.reference(
                file,
                &format_args!("{p}.component"),
                "component",
                c,
                component_ids.iter().copied(),
            );
        }
        let grid = !s.item.rows.is_empty() && !s.item.columns.is_empty();
        if !grid && s.item.prompts.is_empty() {
            ck.report(
                file,
                p,
                format!("sheet `{}` has nothing to fill in", s.item.id),
                Some("give it `rows` and `columns` (a grid), `prompts`, or both".into()),
            );
        }
    }
    for s in &scenarios {
        let (file, p, sc) = (s.file, &s.path, &s.item);
        ck.source_ref(file, &format_args!("{p}.source"), &sc.source, &sources);
        for (i, b) in sc.barriers.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.barriers[{i}]"),
                "barrier",
                b,
                barriers.iter().map(String::as_str),
            );
        }
        for (i, b) in sc.partners.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.partners[{i}]"),
                "partner",
                b,
                partners.iter().map(String::as_str),
            );
        }
        for (i, x) in sc.existing_cards.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.existing-cards[{i}]"),
                "card",
                x,
                card_ids.iter().copied(),
            );
        }
        if !(0.0..=100.0).contains(&sc.share_online) {
            ck.report(
                file,
                &format!("{p}.share-online"),
                "`share-online` is a percentage, 0 to 100".into(),
                None,
            );
        }
        if sc.budget_points == 0 {
            ck.report(
                file,
                &format!("{p}.budget-points"),
                "a scenario needs a budget of at least 1 point".into(),
                None,
            );
        }
        if !sc.mix.is_empty() {
            let mp = format!("{p}.mix");
            match &mix_vocabulary {
                // A binding that names an unknown or empty vocabulary is reported on its own.
                None if mix_binding.is_some() => {}
                None => ck.report(
                    file,
                    &mp,
                    format!("scenario `{}` has a `mix`, but the kit names no vocabulary for it", sc.id),
                    Some("add `mix: VOCABULARY` to `bindings:`, naming the vocabulary whose terms the shares are of".into()),
                ),
                Some(v) => {
                    for key in sc.mix.keys() {
                        ck.reference(
                            file,
                            &format_args!("{mp}.{key}"),
                            &format!("`{v}` term"),
                            key,
                            ids_of(v).iter().map(String::as_str),
                        );
                    }
                    let sum: f64 = sc.mix.values().sum();
                    if sc.mix.values().any(|v| !v.is_finite() || *v < 0.0) {
                        ck.report(
                            file,
                            &mp,
                            format!("the `mix` of `{}` has a share below 0", sc.id),
                            None,
                        );
                    } else if (sum - 100.0).abs() > 0.5 {
                        ck.report(
                            file,
                            &mp,
                            format!("the `mix` of `{}` adds up to {sum}%, not 100%", sc.id),
                            Some("give every term's share as a percentage of the population".into()),
                        );
                    }
                }
            }
        }
    }
    for m in &measures {
        ck.source_ref(
            m.file,
            &format_args!("{}.source", m.path),
            &m.item.source,
            &sources,
        );
    }
    let source_entries: Option<&[Source]> = meta.first().map(|m| m.item.sources.as_slice());
    for f in &figures {
        let (file, p, fig) = (f.file, &f.path, &f.item);
        ck.source_ref(file, &format_args!("{p}.source"), &fig.source, &sources);
        let entry =
            source_entries.and_then(|all| all.iter().enumerate().find(|(_, s)| s.id == fig.source));
        check_figure_year(ck, file, p, fig, entry);
        if fig.example && fig.illustrative {
            ck.report_key(
                file,
                &format!("{p}.example"),
                format!("figure `{}` is both `example` and `illustrative`", fig.id),
                Some("`illustrative`: the source presents it as an illustration; `example`: a placeholder of the kit's own, from no source. Keep the one that is true".into()),
            );
        }
        if fig.value.is_some() != fig.values.is_empty() {
            ck.report(
                file,
                p,
                format!(
                    "figure `{}` needs exactly one of `value` and `values`",
                    fig.id
                ),
                None,
            );
        }
        for ch in fig.values.keys() {
            ck.reference(
                file,
                &format_args!("{p}.values.{ch}"),
                "channel",
                ch,
                channels.iter().map(String::as_str),
            );
        }
    }

    // The document's front matter.
    if let Some(d) = documents.first() {
        check_document(ck, d.file, &d.item, &by_id, &question_ids);
    }

    // Figures cited by components, cards and checks.
    let figure_ids: Vec<&str> = figures.iter().map(|f| f.item.id.as_str()).collect();
    let cited = components
        .iter()
        .map(|c| (c.file, &c.path, &c.item.figures))
        .chain(cards.iter().map(|c| (c.file, &c.path, &c.item.figures)))
        .chain(checks.iter().map(|c| (c.file, &c.path, &c.item.figures)));
    for (file, p, ids) in cited {
        for (i, id) in ids.iter().enumerate() {
            ck.reference(
                file,
                &format_args!("{p}.figures[{i}]"),
                "figure",
                id,
                figure_ids.iter().copied(),
            );
        }
    }

    // Reality checks.
    let mut rules: Vec<Rule> = Vec::new();
    for c in &checks {
        let (file, p) = (c.file, &c.path);
        ck.source_ref(file, &format_args!("{p}.source"), &c.item.source, &sources);
        let scope = rule_scope!();
        if let Some(r) = rule::check(
            ck,
            file,
            &format!("{p}.rule"),
            &c.item.rule,
            &scope,
            &rule::Mode::Check,
        ) {
            rules.push(r);
        }
    }

    // Bindings.
    let bind = bindings.first().map(|b| (b.item.clone(), b.file));
    if let Some((b, file)) = &bind {
        let wanted: [(&str, &Option<String>, &[QuestionType]); 7] = [
            ("population", &b.population, &[QuestionType::Number]),
            ("share-online", &b.share_online, &[QuestionType::Percent]),
            ("barriers", &b.barriers, &[QuestionType::MultiChoice]),
            ("partners", &b.partners, &[QuestionType::MultiChoice]),
            ("budget", &b.budget, &[QuestionType::Money]),
            (
                "staff-confidence",
                &b.staff_confidence,
                &[QuestionType::Choice],
            ),
            ("services", &b.services, &[QuestionType::MultiChoice]),
        ];
        for (field, id, kinds) in wanted {
            let Some(id) = id else { continue };
            let path = format!("bindings.{field}");
            if ck.reference(*file, &path, "question", id, question_ids.iter().copied()) {
                let q = by_id[id.as_str()];
                if !kinds.contains(&q.kind) {
                    ck.report(
                        *file,
                        &path,
                        format!(
                            "binding `{field}` needs a `{}` question; `{id}` is `{}`",
                            kinds[0].name(),
                            q.kind.name()
                        ),
                        None,
                    );
                }
            }
        }
        for (field, id, vocab) in [
            ("barriers", &b.barriers, VocabularyName::Barriers),
            ("partners", &b.partners, VocabularyName::Partners),
        ] {
            if let Some(q) = id.as_deref().and_then(|id| by_id.get(id))
                && q.choices_from.as_deref() != Some(vocab.name())
            {
                ck.report(
                    *file,
                    &format!("bindings.{field}"),
                    format!("binding `{field}` needs a question with `choices-from: {field}`"),
                    None,
                );
            }
        }
        if let Some(v) = &b.mix {
            if !vocab_ids.contains_key(v.as_str()) {
                ck.report(
                    *file,
                    "bindings.mix",
                    format!("unknown vocabulary `{v}`"),
                    Some(unknown_help(v, vocab_names.iter().copied())),
                );
            } else if ids_of(v).is_empty() {
                ck.report(
                    *file,
                    "bindings.mix",
                    format!("vocabulary `{v}` has no terms for a scenario's `mix` to share out"),
                    None,
                );
            }
        }
        if let Some(id) = &b.channel_costs {
            let ids: Vec<&str> = figures.iter().map(|f| f.item.id.as_str()).collect();
            if ck.reference(
                *file,
                "bindings.channel-costs",
                "figure",
                id,
                ids.iter().copied(),
            ) {
                let f = figures
                    .iter()
                    .find(|f| &f.item.id == id)
                    .expect("found above");
                if f.item.values.is_empty() {
                    ck.report(
                        *file,
                        "bindings.channel-costs",
                        format!("figure `{id}` has no per-channel `values`"),
                        None,
                    );
                }
            }
        }
    }

    check_numbers(ck, &questions, &cards, &scenarios, &figures, &checks);

    if !ck.problems.is_empty() {
        return None;
    }
    let strip = |v: Vec<At<Term>>| v.into_iter().map(|t| t.item).collect::<Vec<_>>();
    let mut vocabularies = Vocabularies {
        barriers: strip(vocab.remove("barriers").unwrap_or_default()),
        levels: strip(vocab.remove("levels").unwrap_or_default()),
        partners: strip(vocab.remove("partners").unwrap_or_default()),
        channels: strip(vocab.remove("channels").unwrap_or_default()),
        others: BTreeMap::new(),
    };
    vocabularies.others = vocab.into_iter().map(|(n, v)| (n, strip(v))).collect();
    let components: Vec<Component> = components.into_iter().map(|c| c.item).collect();
    let question_at: HashMap<String, (usize, usize)> = components
        .iter()
        .enumerate()
        .flat_map(|(ci, c)| {
            c.questions
                .iter()
                .enumerate()
                .map(move |(qi, q)| (q.id.clone(), (ci, qi)))
        })
        .collect();
    Some(Kit {
        origin,
        meta: meta.into_iter().next()?.item.into(),
        terms: terms
            .into_iter()
            .next()
            .map(|t| t.item)
            .unwrap_or_default()
            .into(),
        document: documents
            .into_iter()
            .next()
            .map(|d| d.item)
            .unwrap_or_default()
            .into(),
        vocabularies: vocabularies.into(),
        bindings: bind.map(|(b, _)| b).unwrap_or_default().into(),
        components: components.into(),
        cards: cards.into_iter().map(|c| c.item).collect::<Vec<_>>().into(),
        sheets: sheets
            .into_iter()
            .map(|c| c.item)
            .collect::<Vec<_>>()
            .into(),
        scenarios: scenarios
            .into_iter()
            .map(|c| c.item)
            .collect::<Vec<_>>()
            .into(),
        measures: measures
            .into_iter()
            .map(|c| c.item)
            .collect::<Vec<_>>()
            .into(),
        figures: figures
            .into_iter()
            .map(|c| c.item)
            .collect::<Vec<_>>()
            .into(),
        reality_checks: checks
            .into_iter()
            .map(|c| c.item)
            .collect::<Vec<_>>()
            .into(),
        question_at: question_at.into(),
        default_exprs: default_exprs.into(),
        whens: whens.into(),
        rules: rules.into(),
    })
}

/// A question's statement: its patterns parse, name questions that exist and can be put in a
/// sentence, and (one for each answer) cover every answer of a choice or yes-no question.
#[allow(clippy::too_many_arguments)]
fn check_statement(
    ck: &mut Checker,
    file: usize,
    path: &str,
    q: &Question,
    statement: &crate::kit::statement::Statement,
    choice_values: &[String],
    by_id: &HashMap<&str, &Question>,
    question_ids: &[&str],
) {
    use crate::kit::statement::{self, Piece, Statement};
    if let Statement::ByAnswer(map) = statement {
        let answers: Vec<String> = match q.kind {
            QuestionType::YesNo => vec!["yes".to_owned(), "no".to_owned()],
            QuestionType::Choice => choice_values.to_vec(),
            kind => {
                ck.report(
                    file,
                    path,
                    format!(
                        "statement of `{}` has a sentence for each answer, which only `choice` and `yes-no` questions have; `{}` is `{}`",
                        q.id,
                        q.id,
                        kind.name()
                    ),
                    Some("write one sentence with `{answer}` in it".into()),
                );
                return;
            }
        };
        for key in map.keys() {
            if !answers.contains(key) {
                let help = unknown_help(key, answers.iter().map(String::as_str));
                ck.report(
                    file,
                    &format!("{path}.{key}"),
                    format!("statement of `{}` has a sentence for `{key}`, which is not one of its answers", q.id),
                    Some(help),
                );
            }
        }
        let missing: Vec<String> = answers
            .iter()
            .filter(|a| !map.contains_key(*a))
            .map(|a| format!("`{a}`"))
            .collect();
        if !missing.is_empty() {
            ck.report(
                file,
                path,
                format!(
                    "statement of `{}` has no sentence for {}",
                    q.id,
                    missing.join(", ")
                ),
                Some("give every answer a sentence, so that each reads as prose".into()),
            );
        }
    }
    for (key, pattern) in statement.patterns() {
        let at = key.map_or_else(|| path.to_owned(), |k| format!("{path}.{k}"));
        let pieces = match statement::parse(pattern) {
            Ok(p) => p,
            Err(e) => {
                ck.report(
                    file,
                    &at,
                    format!(
                        "statement of `{}` does not parse at character {}: {}",
                        q.id,
                        pattern[..e.offset].chars().count() + 1,
                        e.message
                    ),
                    None,
                );
                continue;
            }
        };
        for piece in pieces {
            match piece {
                Piece::Answer if q.kind == QuestionType::LongText => ck.report(
                    file,
                    &at,
                    format!(
                        "statement of `{}` puts a long-text answer inside a sentence",
                        q.id
                    ),
                    Some("end the statement with a colon instead: the answer's paragraphs follow it".into()),
                ),
                Piece::Question(id) => match by_id.get(id) {
                    None => {
                        let help = unknown_help(id, question_ids.iter().copied());
                        ck.report(
                            file,
                            &at,
                            format!("statement of `{}` names unknown question `{id}`", q.id),
                            Some(help),
                        );
                    }
                    Some(other) if other.kind == QuestionType::LongText => ck.report(
                        file,
                        &at,
                        format!(
                            "statement of `{}` puts the long-text answer of `{id}` inside a sentence",
                            q.id
                        ),
                        Some("name a short answer, or give `{id}` a statement of its own".into()),
                    ),
                    Some(_) => {}
                },
                _ => {}
            }
        }
    }
}

/// The front matter's patterns parse and name known placeholders; `name-from` is a text or
/// choice question.
fn check_document(
    ck: &mut Checker,
    file: usize,
    d: &DocumentSpec,
    by_id: &HashMap<&str, &Question>,
    question_ids: &[&str],
) {
    use super::pattern::{self, PLACEHOLDERS, Piece};
    let names: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
    for (field, patterns) in [("title", &d.title), ("subtitle", &d.subtitle)] {
        let many = patterns.0.len() > 1;
        for (i, p) in patterns.iter().enumerate() {
            let path = if many {
                format!("document.{field}[{i}]")
            } else {
                format!("document.{field}")
            };
            match pattern::parse(p) {
                Err(e) => ck.report_in_text(file, &path, e.offset, e.message, None),
                Ok(pieces) => {
                    for piece in pieces {
                        if let Piece::Placeholder(name, offset) = piece {
                            if name == "name" && d.name_from.is_none() {
                                ck.report_in_text(
                                    file,
                                    &path,
                                    offset,
                                    "`{name}` has no value: the kit names no question for it".into(),
                                    Some("add `name-from: QUESTION` to `document:`, the question whose answer names the strategy".into()),
                                );
                            } else if !names.contains(&name) {
                                ck.report_in_text(
                                    file,
                                    &path,
                                    offset,
                                    format!("unknown placeholder `{{{name}}}`"),
                                    Some(unknown_help(name, names.iter().copied())),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
    if let Some(id) = &d.name_from
        && ck.reference(
            file,
            "document.name-from",
            "question",
            id,
            question_ids.iter().copied(),
        )
    {
        let q = by_id[id.as_str()];
        if !matches!(q.kind, QuestionType::Text | QuestionType::Choice) {
            ck.report(
                file,
                "document.name-from",
                format!(
                    "`name-from` needs a `text` or `choice` question; `{id}` is `{}`",
                    q.kind.name()
                ),
                Some("the strategy's name is one line, such as `Digital Shire 2026–2029`".into()),
            );
        }
    }
}

/// Every term must be a word or a short phrase: something the engine can put in a sentence.
fn check_terms(ck: &mut Checker, file: usize, terms: &Terms) {
    let mut words: Vec<(String, &str)> = vec![
        ("terms.online".into(), terms.online.as_str()),
        ("terms.offline".into(), terms.offline.as_str()),
        ("terms.budget".into(), terms.budget.as_str()),
    ];
    for (field, noun) in [
        ("population", &terms.population),
        ("people", &terms.people),
        ("level", &terms.level),
        ("barrier", &terms.barrier),
        ("partner", &terms.partner),
    ] {
        words.push((format!("terms.{field}.singular"), noun.singular.as_str()));
        words.push((format!("terms.{field}.plural"), noun.plural.as_str()));
    }
    for (path, word) in words {
        let problem = if word.trim().is_empty() {
            Some("is empty")
        } else if word.trim() != word {
            Some("starts or ends with a space")
        } else if word.contains(['\n', '\r']) {
            Some("has more than one line")
        } else if word.chars().count() > 40 {
            Some("is longer than 40 characters")
        } else {
            None
        };
        if let Some(problem) = problem {
            ck.report(
                file,
                &path,
                format!("`{path}` {problem}"),
                Some("a term is a word or a short phrase that reads well inside a sentence, like `member`".into()),
            );
        }
    }
}

/// A kit's own vocabulary needs a kebab-case name that cannot be taken for a misspelt engine
/// vocabulary (`barriers`, `levels`, `partners`, `channels`), which would otherwise be read as a
/// new vocabulary and leave the intended one empty.
fn check_vocabulary_name(ck: &mut Checker, file: usize, name: &str) {
    let path = format!("vocabularies.{name}");
    let engine = VocabularyName::ALL.map(VocabularyName::name);
    let (message, help) = if let Some(close) = suggest(name, engine) {
        (
            format!("unknown vocabulary `{name}`"),
            format!(
                "did you mean `{close}`? a kit's own vocabularies need names unlike the engine's"
            ),
        )
    } else if !is_kebab(name) {
        (
            format!("vocabulary name `{name}` is not kebab-case"),
            "use lowercase letters, digits and single hyphens, like `age-groups`".to_owned(),
        )
    } else {
        return;
    };
    // The name is a key: point at it, not at the first term under it.
    let loc = ck
        .index(file)
        .key(&path)
        .or_else(|| ck.index(file).nearest(&path));
    let mut d = Diagnostic::new(ck.names[file].clone(), loc, message);
    d.help = Some(help);
    ck.problems.push(d);
}

/// Report unless `id` names a question that comes before position `pos`.
#[allow(clippy::too_many_arguments)]
fn earlier_question(
    ck: &mut Checker,
    file: usize,
    path: &str,
    id: &str,
    pos: usize,
    order: &HashMap<&str, usize>,
    question_ids: &[&str],
    asking: &str,
) -> bool {
    match order.get(id) {
        None => {
            let help = unknown_help(id, question_ids.iter().copied());
            ck.report(file, path, format!("unknown question `{id}`"), Some(help));
            false
        }
        Some(&p) if p == pos => {
            ck.report(
                file,
                path,
                format!("question `{asking}` depends on itself"),
                None,
            );
            false
        }
        Some(&p) if p > pos => {
            ck.report(
                file,
                path,
                format!("question `{asking}` depends on `{id}`, which is asked later"),
                Some("a question can only depend on earlier answers: move one of them".into()),
            );
            false
        }
        Some(_) => true,
    }
}

/// Why a literal does not fit a question of `kind`, if it does not.
fn literal_problem(
    kind: QuestionType,
    lit: &Literal,
    choices: &[String],
    min: Option<f64>,
    max: Option<f64>,
) -> Option<String> {
    use QuestionType as T;
    match (kind, lit) {
        (T::Text | T::LongText, Literal::Text(_)) | (T::YesNo, Literal::Bool(_)) => None,
        (T::Number | T::Percent | T::Money, Literal::Number(n)) => {
            let (lo, hi) = if kind == T::Percent {
                (min.or(Some(0.0)), max.or(Some(100.0)))
            } else {
                (min, max)
            };
            if lo.is_some_and(|lo| *n < lo) || hi.is_some_and(|hi| *n > hi) {
                Some(format!("is {n}, outside the question's bounds"))
            } else {
                None
            }
        }
        (T::Choice, Literal::Text(t)) => {
            (!choices.contains(t)).then(|| format!("`{t}` is not one of its choices"))
        }
        (T::MultiChoice, Literal::List(items)) => items
            .iter()
            .find(|t| !choices.contains(t))
            .map(|t| format!("`{t}` is not one of its choices")),
        (T::List, Literal::List(_)) => None,
        _ => Some(format!("is not a valid `{}` answer", kind.name())),
    }
}

/// A component's `steps`: each at most once there; every step but `cards` (which offers the
/// cards of its own component) at most once in the kit, so the workshop asks for the same data
/// in one place.
fn check_steps(ck: &mut Checker, components: &[At<Component>]) {
    let mut placed: HashMap<Step, String> = HashMap::new();
    for c in components {
        let mut here = HashSet::new();
        for (i, step) in c.item.steps.iter().enumerate() {
            let path = format!("{}.steps[{i}]", c.path);
            if !here.insert(*step) {
                ck.report(
                    c.file,
                    &path,
                    format!(
                        "step `{}` is listed twice in component `{}`",
                        step.name(),
                        c.item.id
                    ),
                    Some("list each step once".into()),
                );
                continue;
            }
            if *step == Step::Cards {
                continue;
            }
            if let Some(first) = placed.get(step) {
                ck.report(
                    c.file,
                    &path,
                    format!(
                        "step `{}` is already placed at component `{first}`",
                        step.name()
                    ),
                    Some(format!(
                        "place `{}` at one component; only `cards` can be offered at several",
                        step.name()
                    )),
                );
            } else {
                placed.insert(*step, c.item.id.clone());
            }
        }
    }
}

fn check_card_cycles(ck: &mut Checker, cards: &[At<Card>]) {
    let index: HashMap<&str, usize> = cards
        .iter()
        .enumerate()
        .map(|(i, c)| (c.item.id.as_str(), i))
        .collect();
    // 0 unvisited, 1 on the stack, 2 done.
    let mut state = vec![0u8; cards.len()];
    let mut reported = HashSet::new();
    fn visit(
        i: usize,
        cards: &[At<Card>],
        index: &HashMap<&str, usize>,
        state: &mut [u8],
        stack: &mut Vec<usize>,
        cycles: &mut Vec<Vec<usize>>,
    ) {
        state[i] = 1;
        stack.push(i);
        for next in &cards[i].item.builds_on {
            let Some(&j) = index.get(next.as_str()) else {
                continue;
            };
            if j == i {
                continue;
            }
            match state[j] {
                0 => visit(j, cards, index, state, stack, cycles),
                1 => {
                    let start = stack.iter().position(|&s| s == j).expect("on the stack");
                    cycles.push(stack[start..].to_vec());
                }
                _ => {}
            }
        }
        stack.pop();
        state[i] = 2;
    }
    let mut cycles = Vec::new();
    for i in 0..cards.len() {
        if state[i] == 0 {
            visit(i, cards, &index, &mut state, &mut Vec::new(), &mut cycles);
        }
    }
    for cycle in cycles {
        let mut key = cycle.clone();
        key.sort_unstable();
        if !reported.insert(key) {
            continue;
        }
        let first = &cards[cycle[0]];
        let names: Vec<&str> = cycle
            .iter()
            .chain(std::iter::once(&cycle[0]))
            .map(|&i| cards[i].item.id.as_str())
            .collect();
        ck.report(
            first.file,
            &format!("{}.builds-on", first.path),
            format!(
                "cards build on each other in a cycle: {}",
                names.join(" → ")
            ),
            Some("remove one `builds-on` entry so the cards can be started in some order".into()),
        );
    }
}

/// Report every number that is not finite or is beyond [`crate::limits::LARGEST_NUMBER`]: YAML
/// reads `.inf`, `.nan` and `1e308` as numbers, and nobody writing a kit means them.
fn check_numbers(
    ck: &mut Checker,
    questions: &[(&Question, usize, String)],
    cards: &[At<Card>],
    scenarios: &[At<Scenario>],
    figures: &[At<Figure>],
    checks: &[At<RealityCheck>],
) {
    let mut found: Vec<(usize, String, f64)> = Vec::new();
    // Only a number that is wrong has its path written out (a large kit has four costs a card).
    macro_rules! insane {
        ($file:expr, $path:expr, $n:expr) => {{
            let n: f64 = $n;
            if !crate::limits::sane(n) {
                found.push(($file, $path, n));
            }
        }};
    }
    // Conditions nest (`all`, `any`, `not`): walk them with a stack, not recursion.
    let mut conditions: Vec<(usize, &Condition, String)> = Vec::new();
    for (q, file, path) in questions {
        for (field, n) in [("min", q.min), ("max", q.max)] {
            if let Some(n) = n {
                insane!(*file, format!("{path}.{field}"), n);
            }
        }
        if let Some(Literal::Number(n)) = &q.default {
            insane!(*file, format!("{path}.default"), *n);
        }
        if let Some(c) = &q.when {
            conditions.push((*file, c, format!("{path}.when")));
        }
    }
    for c in checks {
        conditions.push((c.file, &c.item.rule, format!("{}.rule", c.path)));
    }
    while let Some((file, c, p)) = conditions.pop() {
        if let Some(Literal::Number(n)) = &c.equals {
            insane!(file, format!("{p}.equals"), *n);
        }
        for (field, n) in [
            ("at-least", c.at_least),
            ("at-most", c.at_most),
            ("above", c.above),
            ("below", c.below),
        ] {
            if let Some(n) = n {
                insane!(file, format!("{p}.{field}"), n);
            }
        }
        for (name, list) in [("all", &c.all), ("any", &c.any)] {
            for (i, sub) in list.iter().flatten().enumerate() {
                conditions.push((file, sub, format!("{p}.{name}[{i}]")));
            }
        }
        if let Some(sub) = &c.not {
            conditions.push((file, sub, format!("{p}.not")));
        }
    }
    for c in cards {
        for (field, cost) in [
            ("setup-cost", &c.item.setup_cost),
            ("running-cost", &c.item.running_cost),
        ] {
            for (end, n) in [("min", cost.min), ("max", cost.max)] {
                insane!(c.file, format!("{}.{field}.{end}", c.path), n);
            }
        }
    }
    for s in scenarios {
        insane!(
            s.file,
            format!("{}.share-online", s.path),
            s.item.share_online
        );
        insane!(
            s.file,
            format!("{}.budget-money", s.path),
            s.item.budget_money
        );
        for (key, n) in &s.item.mix {
            insane!(s.file, format!("{}.mix.{key}", s.path), *n);
        }
    }
    for f in figures {
        if let Some(n) = f.item.value {
            insane!(f.file, format!("{}.value", f.path), n);
        }
        for (ch, n) in &f.item.values {
            insane!(f.file, format!("{}.values.{ch}", f.path), *n);
        }
    }
    for (file, path, n) in found {
        ck.report(
            file,
            &path,
            crate::limits::insane_reason(n),
            Some("give the figure in digits, like `1200`".into()),
        );
    }
}
