//! `thinkkit answer`.

use crate::cli::AnswerArgs;

/// Run `thinkkit answer`.
pub fn run(_args: &AnswerArgs) -> anyhow::Result<()> {
    anyhow::bail!("`thinkkit answer` is not built yet")
}
