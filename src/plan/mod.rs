//! Plans: the team's answers, chosen cards and measures.
//!
//! [`model`] is the file format. [`read`] parses a plan file with errors that name file, line and
//! column; [`reconcile`] lines a plan up with the kit it is used with, keeping answers whose
//! questions the kit no longer has in `orphaned` (never dropping them).

pub mod model;
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

/// Parse plan text; `name` is how the file is named in errors.
pub fn parse(text: &str, name: &str) -> anyhow::Result<Plan> {
    let plan: Plan = yaml::from_str(text).map_err(|e| {
        anyhow::Error::msg(
            Diagnostic::new(name, e.loc, format!("not a valid plan: {}", e.message))
                .with_help("fix the file by hand, or set answers with `thinkkit answer`")
                .to_string(),
        )
    })?;
    if plan.thinkkit_plan > FORMAT {
        bail!(
            "{name}: plan format {} is newer than this thinkkit understands ({FORMAT}); upgrade thinkkit",
            plan.thinkkit_plan
        );
    }
    Ok(plan)
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
            KitRef::Path(dir.join(p))
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
    if plan.kit.id != kit.id() {
        bail!(
            "this plan was made with kit `{}`, not `{}`; pass the right kit with `--kit`",
            plan.kit.id,
            kit.id()
        );
    }
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

/// A plan opened for changing: the lock is held, the plan is reconciled with its kit, and
/// [`Session::save`] writes it atomically (stamping today's date and the kit's version).
#[derive(Debug)]
pub struct Session {
    lock: store::PlanLock,
    /// The plan as it is now.
    pub plan: Plan,
    /// The kit it is used with.
    pub kit: Kit,
    /// What the user should be told about the plan (kit version changed, orphaned answers).
    pub warnings: Vec<Warning>,
    /// Whether the plan file did not exist before this session.
    pub created: bool,
}

impl Session {
    /// Lock and open the plan at `path`, creating it in memory (not on disk until the first
    /// save) when it does not exist. `command` names the holder in lock messages.
    pub fn open(
        path: &Path,
        kit_arg: Option<&str>,
        org: Option<&str>,
        command: &str,
    ) -> anyhow::Result<Session> {
        let lock = store::PlanLock::acquire(path, command)?;
        let links = lock.hard_links();
        let today = jiff::Zoned::now().date();
        let (mut plan, kit, created) = if path.exists() {
            let plan = read(path)?;
            let kit = kit_for(&plan, path, kit_arg)?;
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
        })
    }

    /// Where the plan lives.
    pub fn path(&self) -> &Path {
        self.lock.plan_path()
    }

    /// Save the plan atomically, stamping today's date and the kit's version.
    pub fn save(&mut self) -> anyhow::Result<()> {
        self.plan.updated = Some(jiff::Zoned::now().date());
        self.plan.kit = stamp(&self.kit, self.lock.plan_path());
        self.lock.save(&self.plan)
    }
}
