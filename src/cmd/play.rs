//! `thinkkit play`.

use crate::cli::PlayArgs;

/// Run `thinkkit play`.
pub fn run(_args: &PlayArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit play` is not built yet")
}
