//! `thinkkit print`.

use crate::cli::PrintArgs;

/// Run `thinkkit print`.
pub fn run(_args: &PrintArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit print` is not built yet")
}
