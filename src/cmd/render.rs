//! `thinkkit render`: the strategy document from a plan, as Markdown, HTML or Word.

use std::io::Write;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::cli::{DocFormat, RenderArgs};
use crate::plan::{self, store::write_atomic};
use crate::render::{self, Format, Templates};

/// Run `thinkkit render`.
pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(out)) => format_from_extension(out)?,
        (None, None) => DocFormat::Md,
    };
    if format == DocFormat::Docx && args.output.is_none() {
        bail!("a Word document cannot go to the terminal; write it to a file with `-o FILE.docx`");
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let mut plan = plan::read(&args.plan)?;
    let kit = plan::kit_for(&plan, &args.plan, args.kit.kit.as_deref())?;
    for warning in plan::reconcile(&mut plan, &kit)? {
        eprintln!("warning: {warning}");
    }
    let format = match format {
        DocFormat::Md => Format::Markdown,
        DocFormat::Html => Format::Html,
        DocFormat::Docx => Format::Docx,
    };
    let today = jiff::Zoned::now().date();
    let context = render::strategy_context(&kit, &plan, today);
    // The context holds everything the document shows; freeing the kit first keeps the peak
    // memory of a render down to one kit or one document, not both.
    drop(kit);
    drop(plan);
    let bytes = render::document(&context, format, &templates, today)?;
    write_output(args.output.as_deref(), &bytes)
}

/// Write a document to `output` atomically, or to standard output.
pub(crate) fn write_output(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output {
        Some(path) => {
            write_atomic(path, bytes).with_context(|| format!("cannot write `{}`", path.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

fn format_from_extension(path: &Path) -> anyhow::Result<DocFormat> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match ext.as_str() {
        "md" | "markdown" => DocFormat::Md,
        "html" | "htm" => DocFormat::Html,
        "docx" => DocFormat::Docx,
        _ => bail!(
            "cannot tell the format from `{}`; name the file `.md`, `.html` or `.docx`, or pass `--format md|html|docx`",
            path.display()
        ),
    })
}
