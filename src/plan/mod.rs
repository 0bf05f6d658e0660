//! Plans: the team's answers, chosen cards and measures.
//!
//! [`model`] is the file format. [`read`] parses a plan file with errors that name file, line and
//! column; [`reconcile`] lines a plan up with the kit it is used with, keeping answers whose
//! questions the kit no longer has in `orphaned` (never dropping them).

pub mod check;
pub mod model;
pub mod schema;
pub mod store;

use std::fs;
use std::path::Path;

use anyhow::bail;

pub use model::*;

use crate::kit::{self, Diagnostic, Kit, KitRef, Origin};
use crate::yaml;

/// Read a plan file. Errors name file, line and column.
pub fn read(path: &Path) -> anyhow::Result<Plan> {
    parse(&read_text(path)?, &path.display().to_string())
}

/// The text of a plan file (see [`crate::files::read_text`] for what is refused).
pub fn read_text(path: &Path) -> anyhow::Result<String> {
    crate::files::read_text(path)
        .map_err(|e| anyhow::anyhow!("cannot read plan `{}`: {e}", path.display()))
}

/// Parse plan text; `name` is how the file is named in errors. A key written twice in one
/// mapping is refused, with both places: serde would keep the last without a word.
pub fn parse(text: &str, name: &str) -> anyhow::Result<Plan> {
    // A valid plan is read in one pass; only one that fails is read again to find its
    // duplicate keys (which need every node's place) or serde's own error.
    let plan = match yaml::from_str_if_unique::<Plan>(text) {
        Some(plan) => plan,
        None => parse_slowly(text, name)?,
    };
    if plan.thinkkit_plan > FORMAT {
        bail!(
            "{name}: plan format {} is newer than this thinkkit understands ({FORMAT}); upgrade thinkkit",
            plan.thinkkit_plan
        );
    }
    Ok(plan)
}

/// [`parse`] for a plan that failed: every key written twice, else serde's error.
fn parse_slowly(text: &str, name: &str) -> anyhow::Result<Plan> {
    let duplicates = duplicate_keys(text, name);
    if !duplicates.is_empty() {
        return Err(PlanProblems {
            what: "plan",
            file: name.to_owned(),
            diagnostics: duplicates,
        }
        .into());
    }
    let plan: Plan = yaml::from_str(text).map_err(|e| {
        anyhow::Error::msg(
            Diagnostic::new(name, e.loc, format!("not a valid plan: {}", e.message))
                .with_help("fix the file by hand, or set answers with `thinkkit answer`")
                .to_string(),
        )
    })?;
    Ok(plan)
}

/// Every key written twice in a mapping of `text` (a plan, or an answers file).
pub(crate) fn duplicate_keys(text: &str, name: &str) -> Vec<Diagnostic> {
    // Every node's place is indexed for this: a valid plan never gets here (see `parse`).
    yaml::NodeIndex::build(text)
        .duplicates()
        .iter()
        .map(|d| {
            let key = d.path.rsplit('.').next().unwrap_or(&d.path);
            Diagnostic::new(
                name,
                Some(d.loc),
                format!(
                    "`{key}` is written twice (first at line {}); only one can be kept",
                    d.first.line
                ),
            )
            .with_help(format!(
                "keep the entry you mean and delete the other (line {} or line {})",
                d.first.line, d.loc.line
            ))
        })
        .collect()
}

/// What is wrong with a plan file: every problem, each with file, line and column and what to
/// do. Commands that read a plan refuse it with this; `thinkkit plan check` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanProblems {
    /// What the file is: `plan`, or `answers file`.
    pub what: &'static str,
    /// The file, as the user named it.
    pub file: String,
    /// The problems, in file order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Most problems listed in one message.
const SHOWN: usize = 200;

impl std::fmt::Display for PlanProblems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.diagnostics.len();
        writeln!(
            f,
            "{} `{}` is not valid ({n} problem{}); nothing was done",
            self.what,
            self.file,
            if n == 1 { "" } else { "s" }
        )?;
        // Every problem is found; a few hundred are enough to show.
        for d in self.diagnostics.iter().take(SHOWN) {
            writeln!(f, "{d}")?;
        }
        if n > SHOWN {
            writeln!(f, "… and {} more problems", n - SHOWN)?;
        }
        let them = if n == 1 { "it" } else { "them" };
        if self.what == "plan" {
            write!(
                f,
                "fix {them} and check again with `thinkkit plan check {}`",
                self.file
            )
        } else {
            write!(f, "fix {them} and run the command again")
        }
    }
}

impl std::error::Error for PlanProblems {}

/// A plan file read, lined up with its kit and checked: the problems found (with their places)
/// and, apart, the answers among them that can simply be given again.
#[derive(Debug)]
pub struct Examined {
    /// The plan as the file has it.
    pub plan: Plan,
    /// The kit it is checked against.
    pub kit: Kit,
    /// Every problem, in file order.
    pub problems: Vec<(check::Problem, Diagnostic)>,
}

/// Read the plan at `path`, find its kit (`--kit`, else the one it records) and check it
/// against the kit. An error is a plan that cannot be read at all (no file, not YAML, keys
/// written twice, another kit); problems with its content come back in [`Examined`].
pub fn examine(path: &Path, kit_arg: Option<&str>) -> anyhow::Result<Examined> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    let plan = parse(&text, &name)?;
    let kit = kit_for(&plan, path, kit_arg)?;
    same_kit(&plan, &kit)?;
    let found = check::check(&kit, &plan, crate::clock::today());
    let problems = locate(found, &text, &name);
    Ok(Examined {
        plan,
        kit,
        problems,
    })
}

/// Give each problem its file, line and column (from the plan's text) and what to do.
fn locate(found: Vec<check::Problem>, text: &str, name: &str) -> Vec<(check::Problem, Diagnostic)> {
    if found.is_empty() {
        return Vec::new();
    }
    let index = yaml::NodeIndex::build(text);
    let mut problems: Vec<(check::Problem, Diagnostic)> = found
        .into_iter()
        .map(|p| {
            let loc = if p.at_key {
                index.key(&p.path).or_else(|| index.nearest(&p.path))
            } else {
                index.nearest(&p.path)
            };
            let line = loc.map(|l| l.line);
            let mut help: Vec<String> = p.help.iter().cloned().collect();
            match (&p.question, line) {
                (Some(id), Some(line)) => help.push(format!(
                    "give the answer again with `thinkkit answer {name} --set {id}=VALUE` (or the workshop), or edit line {line}"
                )),
                (Some(id), None) => help.push(format!(
                    "give the answer again with `thinkkit answer {name} --set {id}=VALUE`"
                )),
                (None, Some(line)) => help.push(format!("edit line {line}")),
                (None, None) => {}
            }
            let mut d = Diagnostic::new(name, loc, p.message.clone());
            if !help.is_empty() {
                d.help = Some(help.join("; "));
            }
            (p, d)
        })
        .collect();
    problems.sort_by_key(|(_, d)| d.loc);
    problems
}

/// Check `plan`, read from `path`, against `kit` (for a command that reads several plans with
/// one kit): every problem, located, or nothing.
pub fn check_against(path: &Path, plan: &Plan, kit: &Kit) -> anyhow::Result<()> {
    let found = check::check(kit, plan, crate::clock::today());
    if found.is_empty() {
        return Ok(());
    }
    let name = path.display().to_string();
    let text = read_text(path)?;
    Err(PlanProblems {
        what: "plan",
        file: name.clone(),
        diagnostics: locate(found, &text, &name)
            .into_iter()
            .map(|(_, d)| d)
            .collect(),
    }
    .into())
}

/// A plan checked against its kit, and lined up with it: every answer fits its question, every
/// number is sane, nothing is listed twice (see [`check`]). The only way to get one is
/// [`load`], so code that holds one need not check again. It reads as the [`Plan`] it holds.
#[derive(Debug, Clone)]
pub struct Checked(Plan);

impl std::ops::Deref for Checked {
    type Target = Plan;
    fn deref(&self) -> &Plan {
        &self.0
    }
}

impl Checked {
    /// The plan, to change (it is no longer known to be valid).
    pub fn into_inner(self) -> Plan {
        self.0
    }
}

/// Read a plan for a command that only reads it: checked against its kit and lined up with it
/// (warnings to show are returned), or refused with every problem ([`PlanProblems`]).
pub fn load(path: &Path, kit_arg: Option<&str>) -> anyhow::Result<(Checked, Kit, Vec<Warning>)> {
    let Examined {
        mut plan,
        kit,
        problems,
    } = examine(path, kit_arg)?;
    if !problems.is_empty() {
        return Err(PlanProblems {
            what: "plan",
            file: path.display().to_string(),
            diagnostics: problems.into_iter().map(|(_, d)| d).collect(),
        }
        .into());
    }
    let warnings = reconcile(&mut plan, &kit)?;
    Ok((Checked(plan), kit, warnings))
}

/// Refuse a plan made with another kit.
fn same_kit(plan: &Plan, kit: &Kit) -> anyhow::Result<()> {
    if plan.kit.id != kit.id() {
        bail!(
            "this plan was made with kit `{}`, not `{}`; pass the right kit with `--kit`",
            plan.kit.id,
            kit.id()
        );
    }
    Ok(())
}

/// A new, empty plan for `kit`.
pub fn new_plan(kit: &Kit, organisation: &str, today: jiff::civil::Date, plan_path: &Path) -> Plan {
    Plan {
        thinkkit_plan: FORMAT,
        kit: stamp(kit, plan_path),
        organisation: organisation.to_owned(),
        team: None,
        created: Some(today),
        updated: Some(today),
        answers: Default::default(),
        computed: Default::default(),
        to_decide: Default::default(),
        skipped: Default::default(),
        cards: Vec::new(),
        measures: Vec::new(),
        channel_shift: ChannelShift::default(),
        orphaned: Default::default(),
    }
}

/// The kit stamp to record for `kit` in a plan saved at `plan_path`.
pub fn stamp(kit: &Kit, plan_path: &Path) -> KitStamp {
    let path = match kit.origin() {
        Origin::BuiltIn(_) => None,
        Origin::Path(p) => Some(relative_to_plan(p, plan_path)),
    };
    KitStamp {
        id: kit.id().to_owned(),
        version: kit.version().to_owned(),
        path,
    }
}

fn relative_to_plan(kit_path: &Path, plan_path: &Path) -> String {
    let abs = |p: &Path| fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let kit_abs = abs(kit_path);
    let dir = plan_path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let dir_abs = abs(dir);
    kit_abs
        .strip_prefix(&dir_abs)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|_| kit_abs.display().to_string())
}

/// The kit a command should use for a plan: `--kit` if given, else the kit the plan records
/// (a path relative to the plan's folder, or a built-in id).
pub fn kit_for(plan: &Plan, plan_path: &Path, kit_arg: Option<&str>) -> anyhow::Result<Kit> {
    if let Some(arg) = kit_arg {
        return kit::load::load_arg(Some(arg));
    }
    let kit_ref = match &plan.kit.path {
        Some(p) => {
            let dir = plan_path.parent().unwrap_or(Path::new("."));
            let kit_path = dir.join(p);
            if !kit_path.exists() {
                bail!(
                    "plan `{}` was made with the kit at `{p}` (from the plan's folder), which is not there; pass the kit with `--kit PATH`",
                    plan_path.display()
                );
            }
            KitRef::Path(kit_path)
        }
        None => match kit::builtin::find(&plan.kit.id) {
            Some(b) => KitRef::BuiltIn(b),
            None => bail!(
                "plan `{}` was made with kit `{}`, which is not built in; pass it with `--kit PATH`",
                plan_path.display(),
                plan.kit.id
            ),
        },
    };
    kit::load(&kit_ref).map_err(anyhow::Error::new)
}

/// Something worth telling the user about a plan, that does not stop the command.
pub type Warning = String;

/// Line `plan` up with `kit`: refuse a plan made for another kit; warn about a different kit
/// version; move answers to questions the kit does not have into `orphaned` (and back, if a
/// later kit has the question again). Returns the warnings to show.
pub fn reconcile(plan: &mut Plan, kit: &Kit) -> anyhow::Result<Vec<Warning>> {
    same_kit(plan, kit)?;
    let mut warnings = Vec::new();
    if plan.kit.version != kit.version() {
        warnings.push(format!(
            "plan was made with kit `{}` version {}; using version {}",
            kit.id(),
            plan.kit.version,
            kit.version()
        ));
    }
    let back: Vec<String> = plan
        .orphaned
        .keys()
        .filter(|k| kit.question(k).is_some())
        .cloned()
        .collect();
    for id in back {
        if let Some(a) = plan.orphaned.remove(&id) {
            plan.answers.entry(id).or_insert(a);
        }
    }
    let gone: Vec<String> = plan
        .answers
        .keys()
        .filter(|k| kit.question(k).is_none())
        .cloned()
        .collect();
    for id in &gone {
        if let Some(a) = plan.answers.remove(id) {
            plan.orphaned.insert(id.clone(), a);
        }
    }
    if !plan.orphaned.is_empty() {
        warnings.push(format!(
            "{} answer{} to questions this kit does not have {} kept under `orphaned`: {}",
            plan.orphaned.len(),
            if plan.orphaned.len() == 1 { "" } else { "s" },
            if plan.orphaned.len() == 1 {
                "is"
            } else {
                "are"
            },
            plan.orphaned
                .keys()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    let unknown: Vec<String> = plan
        .to_decide
        .keys()
        .chain(&plan.skipped)
        .chain(&plan.computed)
        .filter(|k| kit.question(k).is_none())
        .map(|k| format!("`{k}`"))
        .collect();
    if !unknown.is_empty() {
        warnings.push(format!(
            "marked to decide, skipped or computed, but not questions of this kit (kept as they are): {}",
            unknown.join(", ")
        ));
    }
    for c in &plan.cards {
        if kit.card(&c.id).is_none() {
            warnings.push(format!(
                "chosen card `{}` is not in this kit; it is kept but not costed",
                c.id
            ));
        }
    }
    for m in &plan.measures {
        if kit.measure(&m.id).is_none() {
            warnings.push(format!(
                "measure `{}` is not in this kit; it is kept but not shown",
                m.id
            ));
        }
    }
    // Accepted computed values follow their inputs: a plan edited by hand (an input changed)
    // is brought up to date here, so every command sees the same, current figures.
    for f in crate::interview::Interview::new(kit).follow_inputs(plan) {
        let shown = |a: &Option<Answer>| {
            a.as_ref()
                .map_or_else(|| "no value".to_owned(), ToString::to_string)
        };
        warnings.push(format!(
            "`{}` is computed from other answers, which have changed: {} now (was {})",
            f.id,
            shown(&f.after),
            shown(&f.before)
        ));
    }
    Ok(warnings)
}

/// A plan opened for changing: the lock is held, the plan is checked and reconciled with its
/// kit, and [`Session::save`] writes it atomically (stamping today's date and the kit's version).
#[derive(Debug)]
pub struct Session {
    lock: store::PlanLock,
    /// The plan as it is now. It passed [`check`]: answers found invalid on opening (see
    /// [`Session::open_to_repair`]) are held apart in [`Session::invalid_answers`].
    pub plan: Plan,
    /// The kit it is used with.
    pub kit: Kit,
    /// What the user should be told about the plan (kit version changed, orphaned answers).
    pub warnings: Vec<Warning>,
    /// Whether the plan file did not exist before this session.
    pub created: bool,
    set_aside: Vec<SetAside>,
}

/// An answer in the plan file that is not valid, held apart while a session repairs the plan:
/// the workshop asks it again, `thinkkit answer --set` replaces it. Until then it is written
/// back as it was, so nothing the team wrote is lost.
#[derive(Debug, Clone)]
pub struct SetAside {
    /// The question.
    pub question: String,
    /// The answer as the file has it.
    pub answer: Answer,
    /// What is wrong with it, where, and what to do.
    pub problem: Diagnostic,
}

impl Session {
    /// Lock and open the plan at `path`, creating it in memory (not on disk until the first
    /// save) when it does not exist. `command` names the holder in lock messages. A plan with
    /// any problem ([`check`]) is refused with every problem listed.
    pub fn open(
        path: &Path,
        kit_arg: Option<&str>,
        org: Option<&str>,
        command: &str,
    ) -> anyhow::Result<Session> {
        Self::open_with(path, kit_arg, org, command, false)
    }

    /// [`Session::open`] for the commands that give answers (`answer`, `workshop`): answers that
    /// are not valid do not stop them, since giving the answer again is the repair. They are
    /// held apart ([`Session::invalid_answers`]) and written back unchanged until replaced.
    /// Any other problem (a card listed twice, a channel mix of 200%) still refuses the plan.
    pub fn open_to_repair(
        path: &Path,
        kit_arg: Option<&str>,
        org: Option<&str>,
        command: &str,
    ) -> anyhow::Result<Session> {
        Self::open_with(path, kit_arg, org, command, true)
    }

    fn open_with(
        path: &Path,
        kit_arg: Option<&str>,
        org: Option<&str>,
        command: &str,
        repair: bool,
    ) -> anyhow::Result<Session> {
        let lock = store::PlanLock::acquire(path, command)?;
        let links = lock.hard_links();
        let today = crate::clock::today();
        let mut set_aside = Vec::new();
        let (mut plan, kit, created) = if path.exists() {
            let Examined {
                mut plan,
                kit,
                problems,
            } = examine(path, kit_arg)?;
            let repairable = repair && problems.iter().all(|(p, _)| p.question.is_some());
            if !problems.is_empty() && !repairable {
                return Err(PlanProblems {
                    what: "plan",
                    file: path.display().to_string(),
                    diagnostics: problems.into_iter().map(|(_, d)| d).collect(),
                }
                .into());
            }
            for (p, d) in problems {
                let id = p.question.expect("only answers are set aside");
                if let Some(answer) = plan.answers.remove(&id) {
                    set_aside.push(SetAside {
                        question: id,
                        answer,
                        problem: d,
                    });
                }
            }
            (plan, kit, false)
        } else {
            let kit = kit::load::load_arg(kit_arg)?;
            let plan = new_plan(&kit, org.unwrap_or_default(), today, path);
            (plan, kit, true)
        };
        let mut warnings = reconcile(&mut plan, &kit)?;
        if links > 1 {
            warnings.push(format!(
                "plan `{}` has {links} names (hard links); saving writes a new file under this name, and the other names keep the plan as it was",
                path.display()
            ));
        }
        if let Some(org) = org {
            plan.organisation = org.to_owned();
        }
        Ok(Session {
            lock,
            plan,
            kit,
            warnings,
            created,
            set_aside,
        })
    }

    /// Answers in the file that were not valid when the plan was opened, and are not yet
    /// replaced (see [`Session::open_to_repair`]), in file order.
    pub fn invalid_answers(&self) -> &[SetAside] {
        &self.set_aside
    }

    /// The team has dealt with question `id` (answered, cleared, skipped or marked it to decide
    /// again): its invalid answer is no longer written back.
    pub fn settle(&mut self, id: &str) {
        self.set_aside.retain(|s| s.question != id);
    }

    /// Where the plan lives.
    pub fn path(&self) -> &Path {
        self.lock.plan_path()
    }

    /// Save the plan atomically, stamping today's date and the kit's version.
    pub fn save(&mut self) -> anyhow::Result<()> {
        self.plan.updated = Some(crate::clock::today());
        self.plan.kit = stamp(&self.kit, self.lock.plan_path());
        let pending: Vec<&SetAside> = self
            .set_aside
            .iter()
            .filter(|s| {
                let id = s.question.as_str();
                !(self.plan.answers.contains_key(id)
                    || self.plan.to_decide.contains_key(id)
                    || self.plan.skipped.contains(id))
            })
            .collect();
        if pending.is_empty() {
            return self.lock.save(&self.plan);
        }
        // Written back as they were: the plan in memory stays valid, the file keeps them.
        let mut out = self.plan.clone();
        for s in pending {
            out.answers.insert(s.question.clone(), s.answer.clone());
        }
        self.lock.save(&out)
    }
}
