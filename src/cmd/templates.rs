//! `thinkkit templates`.

use crate::cli::TemplatesCommand;

/// Run `thinkkit templates`.
pub fn run(_args: &TemplatesCommand) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit templates` is not built yet")
}
