//! `thinkkit templates export`: write the built-in templates out to edit.

use std::io::Write;

use crate::cli::TemplatesCommand;
use crate::render::templates;

/// Run `thinkkit templates …`.
pub fn run(cmd: &TemplatesCommand) -> anyhow::Result<()> {
    match cmd {
        TemplatesCommand::Export { dir, force } => {
            let written = templates::export(dir, *force)?;
            let mut out = std::io::stdout().lock();
            for path in &written {
                writeln!(out, "wrote {}", path.display())?;
            }
            writeln!(
                out,
                "edit them, then render with `thinkkit render PLAN --templates {}`; files you delete fall back to the built-ins",
                dir.display()
            )?;
        }
    }
    Ok(())
}
