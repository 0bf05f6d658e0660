//! `thinkkit shift set | drop`: channel-shift figures without the workshop.
//!
//! `set` gives one service its transactions a year and its channel mix now and aimed for, and
//! optionally the plan's own unit costs with their source, through the same checked edit as the
//! workshop's channel-shift step ([`crate::edit::shift`]): every problem is listed, nothing is
//! written unless all is well, and the service joins the answer to the kit's services question
//! when it is not there yet. The saving it makes is printed, worked out as the document works it
//! out ([`crate::analysis`]).

use std::io::Write;

use crate::analysis;
use crate::cli::ShiftCommand;
use crate::edit::{self, Field};
use crate::text::{group_thousands, money};

/// The flag a problem of `shift set` is about.
fn set_flag(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::PerYear => "--per-year",
        Field::Now => "--now",
        Field::Aim => "--aim",
        Field::UnitCost => "--unit-cost",
        Field::UnitCostSource => "--unit-cost-source",
        _ => return None,
    })
}

/// Run `thinkkit shift …`.
pub fn run(cmd: &ShiftCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        ShiftCommand::Set(args) => {
            let plan = &args.plan;
            let mut session = super::open_existing(plan, args.kit.kit.as_deref(), "shift set")?;
            let typed = edit::shift::TypedShift {
                service: &args.service,
                per_year: &args.per_year,
                now: &args.now,
                aim: &args.aim,
                unit_costs: args.unit_cost.as_deref(),
                unit_cost_source: args.unit_cost_source.as_deref(),
            };
            let change = edit::shift::set(&session.kit, &mut session.plan, &typed)
                .map_err(|r| super::refused(r.problems(), set_flag, plan))?;
            session.save()?;
            let label = &change.service.label;
            writeln!(
                out,
                "saved `{}`: {} the channel-shift figures of ‘{label}’{}",
                plan.display(),
                if change.replaced { "replaced" } else { "set" },
                if change.unit_costs.is_empty() {
                    String::new()
                } else {
                    format!(
                        " and the plan's unit cost{} for {}",
                        if change.unit_costs.len() == 1 {
                            ""
                        } else {
                            "s"
                        },
                        change
                            .unit_costs
                            .iter()
                            .map(|c| format!("`{c}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }
            )?;
            if change.added_to_answer
                && let Some(q) = session.kit.services_question()
            {
                writeln!(
                    out,
                    "‘{label}’ was added to the answer to `{}` ({})",
                    q.id, q.prompt
                )?;
            }
            let a = analysis::analyse(&session.kit, &session.plan);
            let cs = &a.channel_shift;
            if let Some(s) = cs.services.iter().find(|s| s.service == *label) {
                match s.saving {
                    Some(v) => writeln!(
                        out,
                        "saving: {} a year on {} transactions; all services: {} a year",
                        money(v),
                        whole(s.transactions_per_year),
                        money(cs.total_saving)
                    )?,
                    None => writeln!(out, "saving: not worked out")?,
                }
                for n in &s.notes {
                    writeln!(out, "note: {n}")?;
                }
            }
        }
        ShiftCommand::Drop { plan, service, kit } => {
            let mut session = super::open_existing(plan, kit.kit.as_deref(), "shift drop")?;
            let s = edit::shift::drop(&session.kit, &mut session.plan, service)
                .map_err(|p| super::refused(&[p], |_| None, plan))?;
            session.save()?;
            writeln!(
                out,
                "saved `{}`: removed the channel-shift figures of ‘{}’",
                plan.display(),
                s.label
            )?;
        }
    }
    Ok(())
}

fn whole(v: f64) -> String {
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    group_thousands(v.round().max(0.0) as u64)
}
