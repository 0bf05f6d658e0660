//! `thinkkit print cards|sheets`: the kit's project cards and blank planning sheets for paper
//! workshops.

use std::path::Path;

use anyhow::bail;

use crate::cli::{PageFormat, PrintArgs, PrintWhat};
use crate::kit;
use crate::render::Templates;
use crate::render::deck::{self, PrintFormat};

/// Run `thinkkit print`.
pub fn run(args: &PrintArgs) -> anyhow::Result<()> {
    let format = match (
        args.format,
        super::render::output_path(args.output.as_deref()),
    ) {
        (Some(f), _) => f,
        (None, Some(out)) => format_from_extension(out)?,
        (None, None) => PageFormat::Html,
    };
    let format = match format {
        PageFormat::Html => PrintFormat::Html,
        PageFormat::Md => PrintFormat::Markdown,
    };
    let templates = Templates::load(args.templates.as_deref())?;
    let kit = kit::load::load_arg(args.kit.kit.as_deref())?;
    if let Some(out) = super::render::output_path(args.output.as_deref()) {
        let mut inputs: Vec<(std::path::PathBuf, &str)> = super::render::kit_files(&kit)
            .into_iter()
            .map(|p| (p, "a file of the kit"))
            .collect();
        inputs.extend(
            templates
                .overridden()
                .into_iter()
                .map(|p| (p.to_path_buf(), "a template")),
        );
        super::render::check_output(out, &inputs)?;
    }
    // One document, and the process ends.
    crate::render::leave_to_exit();
    let text = match args.what {
        PrintWhat::Cards => {
            if kit.cards().is_empty() {
                bail!("kit `{}` has no project cards to print", kit.id());
            }
            deck::cards(&kit, format, &templates)?
        }
        PrintWhat::Sheets => {
            if kit.sheets().is_empty() {
                bail!("kit `{}` has no planning sheets to print", kit.id());
            }
            deck::sheets(&kit, format, &templates)?
        }
    };
    super::render::write_output(args.output.as_deref(), text.as_bytes())
}

fn format_from_extension(path: &Path) -> anyhow::Result<PageFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "md" | "markdown" => PageFormat::Md,
        "html" | "htm" => PageFormat::Html,
        _ => bail!(
            "cannot tell the format from `{}`; name the file `.html` or `.md`, or pass `--format html|md`",
            path.display()
        ),
    })
}
