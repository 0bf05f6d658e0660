//! `thinkkit workshop`.

use crate::cli::WorkshopArgs;

/// Run `thinkkit workshop`.
pub fn run(_args: &WorkshopArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit workshop` is not built yet")
}
