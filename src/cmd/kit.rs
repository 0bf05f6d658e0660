//! `thinkkit kit list | validate | schema | new`.

use std::fs;
use std::io::Write;

use anyhow::{Context, bail};

use super::Reported;
use crate::cli::KitCommand;
use crate::kit::{self, KitRef, builtin};

/// The starter kit `kit new` writes: a small, complete kit that validates.
const STARTER: &[(&str, &str)] = &[("kit.yaml", include_str!("../../kits/starter/kit.yaml"))];

/// Run `thinkkit kit …`.
pub fn run(cmd: &KitCommand) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match cmd {
        KitCommand::List => {
            let mut table = super::table(["id", "title", "version", "components", "cards"]);
            for b in builtin::BUILT_IN {
                let k = kit::load(&KitRef::BuiltIn(b)).map_err(anyhow::Error::new)?;
                table.add_row([
                    k.id().to_owned(),
                    k.title().to_owned(),
                    k.version().to_owned(),
                    k.components().len().to_string(),
                    k.cards().len().to_string(),
                ]);
            }
            writeln!(out, "{table}")?;
        }
        KitCommand::Validate { paths } => {
            let mut failed = false;
            for p in paths {
                match kit::load(&KitRef::parse(p)) {
                    Ok(k) => writeln!(
                        out,
                        "ok: {p}: kit `{}` {} ({} components, {} questions, {} cards, {} sheets, {} scenarios, {} measures, {} figures, {} reality checks)",
                        k.id(),
                        k.version(),
                        k.components().len(),
                        k.questions().count(),
                        k.cards().len(),
                        k.sheets().len(),
                        k.scenarios().len(),
                        k.measures().len(),
                        k.figures().len(),
                        k.reality_checks().len(),
                    )?,
                    Err(diags) => {
                        failed = true;
                        eprintln!("error: kit `{p}` is not valid");
                        eprintln!("{diags}");
                    }
                }
            }
            if failed {
                return Err(Reported.into());
            }
        }
        KitCommand::Schema => {
            let schema = schemars::schema_for!(kit::KitFile);
            writeln!(out, "{}", serde_json::to_string_pretty(&schema)?)?;
        }
        KitCommand::New { dir } => {
            if dir.exists()
                && fs::read_dir(dir)
                    .map(|mut d| d.next().is_some())
                    .unwrap_or(true)
            {
                bail!(
                    "`{}` already exists and is not empty; choose a new folder so nothing is overwritten",
                    dir.display()
                );
            }
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create `{}`", dir.display()))?;
            for (name, text) in STARTER {
                let path = dir.join(name);
                fs::write(&path, text)
                    .with_context(|| format!("cannot write `{}`", path.display()))?;
            }
            writeln!(
                out,
                "wrote a starter kit to {0}\n  check it:  thinkkit kit validate {0}\n  use it:    thinkkit workshop --kit {0}",
                dir.display()
            )?;
        }
    }
    Ok(())
}
