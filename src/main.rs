//! The `thinkkit` binary: parse, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::{CommandFactory, Parser};
use clap_complete::CompleteEnv;
use thinkkit::cli::Cli;

fn main() -> ExitCode {
    // A shell asking for completions (see `thinkkit completions`) is answered and exits here.
    CompleteEnv::with_factory(Cli::command)
        .var(thinkkit::cmd::completions::VAR)
        .complete();
    thinkkit::cmd::run(Cli::parse())
}
