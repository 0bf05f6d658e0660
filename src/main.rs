//! The `thinkkit` binary: parse, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};
use clap_complete::CompleteEnv;
use thinkkit::cli::Cli;

fn main() -> ExitCode {
    // A shell asking for completions (see `thinkkit completions`) is answered and exits here.
    CompleteEnv::with_factory(Cli::command)
        .var(thinkkit::cmd::completions::VAR)
        .complete();
    // What `Cli::parse()` does, except that the description of every subcommand and option,
    // about 2,000 allocations, is not freed one by one: the process ends when the command does,
    // and the freeing was a quarter of the instructions of `thinkkit --version`.
    let mut command = Cli::command();
    let mut matches = command.get_matches_mut();
    let cli =
        Cli::from_arg_matches_mut(&mut matches).unwrap_or_else(|e| e.format(&mut command).exit());
    std::mem::forget(command);
    std::mem::forget(matches);
    thinkkit::cmd::run(cli)
}
