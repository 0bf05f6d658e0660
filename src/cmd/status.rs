//! `thinkkit status`.

use crate::cli::StatusArgs;

/// Run `thinkkit status`.
pub fn run(_args: &StatusArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit status` is not built yet")
}
