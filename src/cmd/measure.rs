//! `thinkkit measure`.

use crate::cli::MeasureCommand;

/// Run `thinkkit measure`.
pub fn run(_args: &MeasureCommand) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit measure` is not built yet")
}
