//! `thinkkit workshop`: the interactive walk through a kit (see [`crate::prompt`]).
//!
//! The terminal check comes first, before the plan is opened or anything is printed: dialoguer
//! given a pipe either fails on the first prompt or, for some prompts, spins; a script gets a
//! clear refusal that points to `thinkkit answer` instead.

use std::io::IsTerminal;

use anyhow::bail;

use crate::cli::WorkshopArgs;
use crate::plan::Session;
use crate::prompt;

/// Run `thinkkit workshop`.
pub fn run(args: &WorkshopArgs) -> anyhow::Result<()> {
    let not_terminal = match (
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
    ) {
        (true, true) => None,
        (false, true) => Some("standard input is not a terminal"),
        (true, false) => Some("standard output is not a terminal"),
        (false, false) => Some("neither standard input nor standard output is a terminal"),
    };
    if let Some(why) = not_terminal {
        bail!(
            "`thinkkit workshop` asks questions and needs a terminal, but {why}; \
             to set answers from a script, use `thinkkit answer {plan} --set ID=VALUE` \
             or `thinkkit answer {plan} --from FILE.yaml`",
            plan = args.plan.display()
        );
    }
    let mut session = Session::open_to_repair(
        &args.plan,
        args.kit.kit.as_deref(),
        args.org.as_deref(),
        "workshop",
    )?;
    for w in &session.warnings {
        eprintln!("warning: {w}");
    }
    if let Some(id) = &args.section
        && session.kit.component(id).is_none()
    {
        bail!(
            "`{id}` is not a component of kit `{}`\n  help: {}",
            session.kit.id(),
            crate::kit::diagnostic::unknown_help(
                id,
                session.kit.components().iter().map(|c| c.id.as_str())
            )
        );
    }
    // Asked until the plan has one: a Ctrl-C at the first prompt must not leave it empty for good.
    let ask_organisation = session.plan.organisation.trim().is_empty();
    if session.created || args.org.is_some() {
        // Written at once, so that the plan (and the kit it was made with, and a new `--org`)
        // is on disk even if the workshop is stopped before the first answer.
        session.save()?;
    }
    if let Some(preview) = &args.preview {
        // The same refusal as `render -o`: a typo must not write the draft over the plan.
        let mut inputs = vec![(args.plan.clone(), "the plan")];
        inputs.extend(
            super::render::kit_files(&session.kit)
                .into_iter()
                .map(|p| (p, "a file of the kit")),
        );
        super::render::check_output(preview, &inputs)?;
    }
    prompt::run(
        &mut session,
        prompt::Options {
            section: args.section.as_deref(),
            ask_organisation,
            preview: args.preview.as_deref(),
        },
    )
}
