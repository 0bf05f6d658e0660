//! `thinkkit plan check | schema`: is a plan valid for its kit, and what may a plan for a kit
//! hold (for an editor).
//!
//! `check` reads the plan as every command does ([`crate::plan::examine`]) and lists every
//! problem with file, line and column and what to do; it exits 1 when there is one, so a script
//! or a pre-commit hook can run it. It changes nothing and takes no lock.

use std::io::Write;

use super::Reported;
use crate::cli::PlanCommand;
use crate::plan::{self, PlanProblems};

/// Run `thinkkit plan …`.
pub fn run(cmd: &PlanCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        PlanCommand::Check { plan: path, kit } => {
            if !path.exists() {
                anyhow::bail!("no plan `{}`", path.display());
            }
            let examined = plan::examine(path, kit.kit.as_deref())?;
            if !examined.problems.is_empty() {
                let problems = PlanProblems {
                    what: "plan",
                    file: path.display().to_string(),
                    diagnostics: examined.problems.into_iter().map(|(_, d)| d).collect(),
                };
                eprintln!("error: {problems}");
                return Err(Reported.into());
            }
            let mut p = examined.plan;
            for w in plan::reconcile(&mut p, &examined.kit)? {
                eprintln!("warning: {w}");
            }
            writeln!(
                out,
                "ok: `{}` is a valid plan for kit `{}` {} ({} answers, {} cards, {} measures)",
                path.display(),
                examined.kit.id(),
                examined.kit.version(),
                p.answers.len(),
                p.cards.len(),
                p.measures.len()
            )?;
        }
        PlanCommand::Schema { kit } => {
            let kit = crate::kit::load::load_arg(kit.kit.as_deref())?;
            let schema = plan::schema::plan_schema(&kit);
            writeln!(out, "{}", serde_json::to_string_pretty(&schema)?)?;
        }
    }
    Ok(())
}
