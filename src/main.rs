//! The `thinkkit` binary: parse, dispatch, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;
use thinkkit::cli::Cli;

fn main() -> ExitCode {
    thinkkit::cmd::run(Cli::parse())
}
