//! `thinkkit compare`: several plans of one kit side by side, for the "present and discuss" end of
//! a planning game, breakout groups agreeing one plan, or a consultant's clients.
//!
//! Plans are read one at a time: each is reconciled with the kit, analysed, and reduced to its
//! digest ([`crate::analysis::compare`]) before the next is read, so memory holds the largest
//! plan and the digests, never every plan. The first plan decides the kit (or `--kit`); a plan of
//! another kit stops the comparison with an error that names the odd one out, and plans of other
//! versions of the same kit are compared with a warning.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use super::render::write_output;
use crate::analysis::{self, compare::Comparison};
use crate::cli::{CompareArgs, CompareFormat, PlanNames};
use crate::kit::Kit;
use crate::kit::diagnostic::unknown_help;
use crate::plan::{self, Plan};
use crate::render::{self, Format, Templates, markdown};

/// Run `thinkkit compare`.
pub fn run(args: &CompareArgs) -> anyhow::Result<()> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(out)) => format_from_extension(out)?,
        (None, None) => CompareFormat::Md,
    };
    if format == CompareFormat::Docx && args.output.is_none() {
        bail!("a Word document cannot go to the terminal; write it to a file with `-o FILE.docx`");
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let files = expand(&args.plans)?;
    let first = plan::read(&files[0])?;
    let kit = plan::kit_for(&first, &files[0], args.kit.kit.as_deref())?;
    if let Some(id) = &args.question {
        return question(&kit, &files, first, id, args);
    }
    let mut comparison = Comparison::new(&kit);
    let mut versions: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut names = Names::default();
    let mut first = Some(first);
    for (i, path) in files.iter().enumerate() {
        let mut plan = match first.take() {
            Some(p) => p,
            None => plan::read(path)?,
        };
        if plan.kit.id != kit.id() {
            return Err(odd_one_out(&files, &kit, i, &plan));
        }
        plan::check_against(path, &plan, &kit)?;
        let shown = path.display().to_string();
        versions
            .entry(plan.kit.version.clone())
            .or_default()
            .push(shown.clone());
        for warning in plan::reconcile(&mut plan, &kit)? {
            // The version is said once for all the plans, below.
            if !warning.starts_with("plan was made with kit") {
                eprintln!("warning: {shown}: {warning}");
            }
        }
        let analysis = analysis::analyse(&kit, &plan);
        let name = names.name(&plan, path, args.names);
        comparison.add(name, shown, &plan, &analysis);
    }
    let versions = version_note(&kit, &versions);
    if let Some(v) = &versions {
        eprintln!("warning: {v}");
    }
    if files.len() == 1 {
        eprintln!("warning: only one plan, so there is nothing to compare it with");
    }
    let bytes = match format {
        CompareFormat::Csv => render::compare::csv(&comparison).into_bytes(),
        CompareFormat::Md | CompareFormat::Html | CompareFormat::Docx => {
            let format = match format {
                CompareFormat::Html => Format::Html,
                CompareFormat::Docx => Format::Docx,
                _ => Format::Markdown,
            };
            let today = crate::clock::today();
            render::compare::document(&comparison, versions, format, &templates, today)?
        }
    };
    write_output(args.output.as_deref(), &bytes)
}

/// Plan names, made unique by adding the file name to one given twice.
#[derive(Debug, Default)]
struct Names {
    seen: BTreeMap<String, usize>,
}

impl Names {
    fn name(&mut self, plan: &Plan, path: &Path, how: PlanNames) -> String {
        let file = file_stem(path);
        let org = Some(plan.organisation.trim()).filter(|s| !s.is_empty());
        let team = plan
            .team
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        let name = match how {
            PlanNames::Auto => match (org, team) {
                (Some(o), Some(t)) => format!("{o}: {t}"),
                (Some(o), None) => o.to_owned(),
                (None, Some(t)) => t.to_owned(),
                (None, None) => file.clone(),
            },
            PlanNames::Org => org.map_or_else(|| file.clone(), str::to_owned),
            PlanNames::Team => team.map_or_else(|| file.clone(), str::to_owned),
            PlanNames::File => file.clone(),
        };
        let count = self.seen.entry(name.clone()).or_insert(0);
        *count += 1;
        if *count > 1 && name != file {
            format!("{name} ({file})")
        } else if *count > 1 {
            format!("{name} ({count})")
        } else {
            name
        }
    }
}

/// `riverside` for `plans/riverside.plan.yaml`.
fn file_stem(path: &Path) -> String {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    for ext in [".plan.yaml", ".plan.yml", ".yaml", ".yml"] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem.to_owned();
        }
    }
    name
}

/// Files, folders and patterns to plan files, in the order given (a folder's plans, and a
/// pattern's matches, sorted by name).
fn expand(args: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        let text = arg.to_string_lossy();
        if arg.is_dir() {
            let found = plans_in(arg, |name| {
                name.ends_with(".plan.yaml") || name.ends_with(".plan.yml")
            })?;
            if found.is_empty() {
                bail!(
                    "folder `{}` has no plans (`*.plan.yaml`); name the plan files, or give another folder",
                    arg.display()
                );
            }
            files.extend(found);
        } else if !arg.exists() && text.contains(['*', '?']) {
            let dir = arg
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let pattern = arg
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if dir.to_string_lossy().contains(['*', '?']) {
                bail!("`{text}`: a pattern can only match file names, not folders");
            }
            let found = plans_in(dir, |name| matches(&pattern, name))?;
            if found.is_empty() {
                bail!("no file matches `{text}`");
            }
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    let mut seen = std::collections::HashSet::new();
    files.retain(|f| seen.insert(fs::canonicalize(f).unwrap_or_else(|_| f.clone())));
    Ok(files)
}

fn plans_in(dir: &Path, keep: impl Fn(&str) -> bool) -> anyhow::Result<Vec<PathBuf>> {
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .with_context(|| format!("cannot list `{}`", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| keep(&n.to_string_lossy())))
        .collect();
    found.sort();
    Ok(found)
}

/// Whether `name` matches `pattern`, where `*` is any run of characters and `?` any one.
fn matches(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// The error for plans of different kits: which plans are the odd ones out, against the kit most
/// of them use.
fn odd_one_out(files: &[PathBuf], kit: &Kit, at: usize, odd: &Plan) -> anyhow::Error {
    let mut by_kit: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (i, path) in files.iter().enumerate() {
        let id = if i == at {
            odd.kit.id.clone()
        } else {
            match plan::read(path) {
                Ok(p) => p.kit.id,
                Err(_) => continue,
            }
        };
        by_kit
            .entry(id)
            .or_default()
            .push(format!("`{}`", path.display()));
    }
    let (most, _) = by_kit
        .iter()
        .max_by_key(|(id, plans)| (plans.len(), *id == kit.id()))
        .map(|(id, p)| (id.clone(), p.len()))
        .unwrap_or_else(|| (kit.id().to_owned(), 0));
    let odd: Vec<String> = by_kit
        .iter()
        .filter(|(id, _)| **id != most)
        .map(|(id, plans)| {
            format!(
                "{} {} made with kit `{id}`",
                plans.join(", "),
                if plans.len() == 1 { "was" } else { "were" }
            )
        })
        .collect();
    let rest = by_kit.get(&most).map_or(0, Vec::len);
    anyhow::anyhow!(
        "plans of different kits cannot be compared: {}, the other {rest} with kit `{most}`; compare the plans of each kit separately",
        odd.join("; ")
    )
}

/// A note saying which plans were made with a version of the kit other than the one used.
fn version_note(kit: &Kit, versions: &BTreeMap<String, Vec<String>>) -> Option<String> {
    let others: Vec<String> = versions
        .iter()
        .filter(|(v, _)| v.as_str() != kit.version())
        .map(|(v, plans)| {
            if plans.len() <= 3 {
                format!(
                    "version {v} ({})",
                    plans
                        .iter()
                        .map(|p| format!("`{p}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                format!("version {v} ({} plans)", plans.len())
            }
        })
        .collect();
    (!others.is_empty()).then(|| {
        format!(
            "some plans were made with another version of kit `{}`: {}; all are compared with version {}",
            kit.id(),
            others.join(", "),
            kit.version()
        )
    })
}

/// `--question ID`: that question's answers in full, plan by plan, as Markdown.
fn question(
    kit: &Kit,
    files: &[PathBuf],
    first: Plan,
    id: &str,
    args: &CompareArgs,
) -> anyhow::Result<()> {
    let Some(q) = kit.question(id) else {
        let ids: Vec<&str> = kit.questions().map(|(_, q)| q.id.as_str()).collect();
        let help = unknown_help(id, ids.iter().copied());
        bail!("kit `{}` has no question `{id}`; {help}", kit.id());
    };
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", markdown::escape_inline(&q.prompt));
    let mut names = Names::default();
    let mut first = Some(first);
    for (i, path) in files.iter().enumerate() {
        let mut plan = match first.take() {
            Some(p) => p,
            None => plan::read(path)?,
        };
        if plan.kit.id != kit.id() {
            return Err(odd_one_out(files, kit, i, &plan));
        }
        plan::check_against(path, &plan, kit)?;
        plan::reconcile(&mut plan, kit)?;
        let name = names.name(&plan, path, args.names);
        let _ = writeln!(out, "## {}\n", markdown::escape_inline(&name));
        match analysis::answers::answer(kit, &plan, id) {
            Some(a) => {
                let text = match a {
                    plan::Answer::Text(t) if q.kind == crate::kit::QuestionType::LongText => {
                        markdown::escape_block(t)
                    }
                    a => markdown::escape_inline(&render::context::format_short(kit, q, a)),
                };
                let _ = writeln!(out, "{text}\n");
            }
            None => {
                let _ = writeln!(out, "*Not answered.*\n");
            }
        }
    }
    write_output(args.output.as_deref(), out.as_bytes())
}

fn format_from_extension(path: &Path) -> anyhow::Result<CompareFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "md" | "markdown" => CompareFormat::Md,
        "html" | "htm" => CompareFormat::Html,
        "docx" => CompareFormat::Docx,
        "csv" => CompareFormat::Csv,
        _ => bail!(
            "cannot tell the format from `{}`; name the file `.md`, `.html`, `.docx` or `.csv`, or pass `--format md|html|docx|csv`",
            path.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_file_names() {
        assert!(matches("*.plan.yaml", "red.plan.yaml"));
        assert!(matches("team-?.plan.yaml", "team-a.plan.yaml"));
        assert!(!matches("team-?.plan.yaml", "team-ab.plan.yaml"));
        assert!(!matches("*.plan.yaml", "notes.txt"));
        assert!(matches("*", "anything"));
    }

    #[test]
    fn plans_are_named_once_each() {
        let plan = |org: &str, team: Option<&str>| -> Plan {
            let mut p: Plan = plan::parse(
                "thinkkit-plan: 1\nkit:\n  id: digital-inclusion\n  version: 1.0.0\n",
                "t",
            )
            .unwrap();
            p.organisation = org.to_owned();
            p.team = team.map(str::to_owned);
            p
        };
        let mut n = Names::default();
        let a = n.name(
            &plan("Oak", Some("Red")),
            Path::new("a.plan.yaml"),
            PlanNames::Auto,
        );
        let b = n.name(
            &plan("Oak", None),
            Path::new("b.plan.yaml"),
            PlanNames::Auto,
        );
        let c = n.name(
            &plan("Oak", None),
            Path::new("c.plan.yaml"),
            PlanNames::Auto,
        );
        let d = n.name(&plan("", None), Path::new("x/d.plan.yaml"), PlanNames::Auto);
        assert_eq!([a, b, c, d], ["Oak: Red", "Oak", "Oak (c)", "d"]);
    }
}
