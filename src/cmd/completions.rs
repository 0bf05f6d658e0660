//! `thinkkit completions SHELL`: the shell's registration script for dynamic completion.
//!
//! The script calls thinkkit back (`COMPLETE=SHELL thinkkit -- WORDS…`, answered in `main`
//! before the command line is parsed) each time the user presses Tab, so it completes the ids of
//! whichever kit the line uses ([`crate::complete`]) rather than a list frozen when the script
//! was written. It calls back the binary that wrote it, by its full path, so completion works
//! whether or not that binary is on `PATH`.

use std::io::Write;

use anyhow::Context;
use clap_complete::env::Shells;

use crate::cli::CompletionShell;

/// The environment variable the callback sets.
pub const VAR: &str = "COMPLETE";

/// Run `thinkkit completions`.
pub fn run(shell: CompletionShell) -> anyhow::Result<()> {
    let shells = Shells::builtins();
    let completer = shells
        .completer(shell.name())
        .with_context(|| format!("no completion for `{}`", shell.name()))?;
    let exe = std::env::current_exe().context("cannot find this program's own path")?;
    let mut script = Vec::new();
    completer.write_registration(
        VAR,
        "thinkkit",
        "thinkkit",
        &exe.to_string_lossy(),
        &mut script,
    )?;
    std::io::stdout().lock().write_all(&script)?;
    Ok(())
}
