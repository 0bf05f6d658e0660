//! One file per subcommand; this module dispatches and turns errors into exit codes.
//!
//! Exit codes: 0 success; 1 a failure the user must fix (bad file, failed validation); 2 a
//! command-line usage error (clap); 130 a workshop interrupted by Ctrl-C after saving, 143 or 129
//! one stopped by SIGTERM or SIGHUP.

pub mod answer;
pub mod cards;
pub mod compare;
pub mod completions;
pub mod kit;
pub mod man;
pub mod measure;
pub mod plan;
pub mod play;
pub mod print;
pub mod render;
pub mod shift;
pub mod status;
pub mod templates;
pub mod workshop;

use std::fmt;
use std::io;
use std::process::ExitCode;

use crate::cli::{Cli, Command};

pub use crate::terminal::{Interrupted, keep_whole, table};

/// The command has already printed what went wrong (for example every diagnostic of a kit);
/// exit 1 without another message.
#[derive(Debug)]
pub struct Reported;

impl fmt::Display for Reported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("failed")
    }
}

impl std::error::Error for Reported {}

/// Run a parsed command line and return the process's exit code.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Workshop(a) => workshop::run(&a),
        Command::Answer(a) => answer::run(&a),
        Command::Status(a) => status::run(&a),
        Command::Render(a) => render::run(&a),
        Command::Compare(a) => compare::run(&a),
        Command::Templates(c) => templates::run(&c),
        Command::Cards(c) => cards::run(&c),
        Command::Print(a) => print::run(&a),
        Command::Play(a) => play::run(&a),
        Command::Measure(c) => measure::run(&c),
        Command::Shift(c) => shift::run(&c),
        Command::Plan(c) => plan::run(&c),
        Command::Kit(c) => kit::run(&c),
        Command::Completions { shell } => completions::run(shell),
        Command::Man { dir } => man::run(dir.as_deref()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => exit_code(&err),
    }
}

fn exit_code(err: &anyhow::Error) -> ExitCode {
    if let Some(i) = err.downcast_ref::<Interrupted>() {
        eprintln!("{i}");
        return ExitCode::from(i.code);
    }
    if err.downcast_ref::<Reported>().is_some() {
        return ExitCode::from(1);
    }
    // A closed pipe (`thinkkit cards list | head`) is not an error worth a message.
    if err
        .chain()
        .filter_map(|e| e.downcast_ref::<io::Error>())
        .any(|e| e.kind() == io::ErrorKind::BrokenPipe)
    {
        return ExitCode::SUCCESS;
    }
    eprintln!("error: {err}");
    for cause in err.chain().skip(1) {
        eprintln!("  caused by: {cause}");
    }
    ExitCode::from(1)
}

/// Print every problem of a refused edit, each with the flag it is about (`flag` names it;
/// `None` for the positional arguments), then say that nothing was written, and return the
/// error that exits 1 without another message.
pub(crate) fn refused(
    problems: &[crate::edit::Problem],
    flag: impl Fn(crate::edit::Field) -> Option<&'static str>,
    plan: &std::path::Path,
) -> anyhow::Error {
    for p in problems {
        let at = flag(p.field)
            .map(|f| format!("`{f}`: "))
            .unwrap_or_default();
        eprintln!("error: {at}{}", p.message);
        if let Some(help) = &p.help {
            eprintln!("  help: {help}");
        }
    }
    eprintln!(
        "nothing was written to `{}`: fix the {} above and run the command again",
        plan.display(),
        if problems.len() == 1 {
            "problem".to_owned()
        } else {
            format!("{} problems", problems.len())
        }
    );
    Reported.into()
}

/// Open an existing plan for changing, or say how to start one.
pub(crate) fn open_existing(
    plan: &std::path::Path,
    kit: Option<&str>,
    command: &str,
) -> anyhow::Result<crate::plan::Session> {
    if !plan.exists() {
        anyhow::bail!(
            "no plan `{}`; start one with `thinkkit answer {} --org NAME --set ID=VALUE` or `thinkkit workshop {}`",
            plan.display(),
            plan.display(),
            plan.display()
        );
    }
    let session = crate::plan::Session::open(plan, kit, None, command)?;
    for w in &session.warnings {
        eprintln!("warning: {w}");
    }
    Ok(session)
}
