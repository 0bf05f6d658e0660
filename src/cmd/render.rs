//! `thinkkit render`.

use crate::cli::RenderArgs;

/// Run `thinkkit render`.
pub fn run(_args: &RenderArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit render` is not built yet")
}
