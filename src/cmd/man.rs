//! `thinkkit man`: the manual page, made from the command-line definitions (clap_mangen), so it
//! says exactly what `--help` says, examples included.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::Context;
use clap::CommandFactory;

use crate::cli::Cli;

/// Run `thinkkit man`.
pub fn run(dir: Option<&Path>) -> anyhow::Result<()> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut page = Vec::new();
        clap_mangen::Man::new(cmd).render(&mut page)?;
        let page = examples_heading(&String::from_utf8_lossy(&page));
        std::io::stdout().lock().write_all(page.as_bytes())?;
        return Ok(());
    };
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    clap_mangen::generate_to(cmd, dir)
        .with_context(|| format!("cannot write the manual pages to `{}`", dir.display()))?;
    let mut names: Vec<String> = fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("thinkkit") && n.ends_with(".1"))
        .collect();
    names.sort();
    for name in &names {
        let path = dir.join(name);
        let page = fs::read_to_string(&path)?;
        crate::plan::store::write_atomic(&path, examples_heading(&page).as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    writeln!(
        std::io::stdout().lock(),
        "wrote {} manual pages to {} ({}); read one with `man thinkkit` once the folder is on MANPATH",
        names.len(),
        dir.display(),
        names.join(", ")
    )?;
    Ok(())
}

/// Every command's text after its options is its examples: call the section that.
fn examples_heading(page: &str) -> String {
    page.replace(".SH EXTRA", ".SH EXAMPLES")
}
