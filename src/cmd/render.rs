//! `thinkkit render`: the strategy document from a plan, as Markdown, HTML or Word, or the
//! strategy on one page.
//!
//! Output behaves as a Unix tool's: standard output unless `-o FILE` is given (`-o -` is
//! standard output too); a Word file goes to standard output only when that is a file or a
//! pipe, never a terminal. Everything is checked and rendered before anything is written, so a
//! refused or failed command writes nothing (and `-o FILE` replaces the file atomically).

use std::fs;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};

use crate::cli::{DocFormat, RenderArgs};
use crate::files;
use crate::kit::{Kit, Origin};
use crate::plan::store::write_atomic;
use crate::render::{self, Format, Kind, Options, Templates};

/// Run `thinkkit render`.
pub fn run(args: &RenderArgs) -> anyhow::Result<()> {
    let output = output_path(args.output.as_deref());
    // An explicit format wins; the one-page summary still takes HTML or Word from the name.
    let from_extension = match args.format {
        None | Some(DocFormat::Onepage) => output.map(format_from_extension).transpose()?,
        Some(_) => None,
    };
    let (format, kind) = match (args.format, from_extension) {
        (Some(DocFormat::Onepage), ext) => (
            match ext {
                Some(DocFormat::Docx) => Format::Docx,
                Some(DocFormat::Md) => Format::Markdown,
                _ => Format::Html,
            },
            Kind::OnePage,
        ),
        (Some(f), _) | (None, Some(f)) => (format(f), Kind::Strategy),
        (None, None) => (Format::Markdown, Kind::Strategy),
    };
    if format == Format::Docx && output.is_none() && std::io::stdout().is_terminal() {
        bail!(
            "a Word document cannot go to the terminal; write it to a file with `-o FILE.docx` or redirect standard output"
        );
    }
    if args.reference_docx.is_some() && format != Format::Docx {
        bail!(
            "`--reference-docx` gives a Word document its house style; render Word with `-o FILE.docx` or `--format docx`"
        );
    }
    let templates = Templates::load(args.templates.as_deref())?;
    let reference = match (&args.reference_docx, templates.reference_docx()) {
        (Some(path), _) => Some(render::reference_docx(path)?),
        (None, Some(path)) if format == Format::Docx => Some(render::reference_docx(path)?),
        _ => None,
    };
    let (plan, kit) = super::status::read_plan(&args.plan, args.kit.kit.as_deref())?;
    let mut inputs = vec![(args.plan.clone(), "the plan")];
    inputs.extend(
        kit_files(&kit)
            .into_iter()
            .map(|p| (p, "a file of the kit")),
    );
    inputs.extend(
        templates
            .overridden()
            .into_iter()
            .map(|p| (p.to_path_buf(), "a template")),
    );
    if let Some(path) = templates.reference_docx() {
        inputs.push((path.to_path_buf(), "the reference document"));
    }
    if let Some(path) = &args.reference_docx {
        inputs.push((path.clone(), "the reference document"));
    }
    if let Some(out) = output {
        check_output(out, &inputs)?;
    }
    let today = crate::clock::today();
    let mut context = render::strategy_context(&kit, &plan, today);
    context.answers_appendix = args.answers_appendix;
    // The context holds everything the document shows; freeing the kit first keeps the peak
    // memory of a render down to one kit or one document, not both.
    drop(kit);
    drop(plan);
    let options = Options { kind, reference };
    // One document, and the process ends.
    render::leave_to_exit();
    let bytes = render::document_owned(context, format, &templates, today, &options)?;
    write_output(output, &bytes)
}

fn format(f: DocFormat) -> Format {
    match f {
        DocFormat::Md => Format::Markdown,
        DocFormat::Html | DocFormat::Onepage => Format::Html,
        DocFormat::Docx => Format::Docx,
    }
}

/// The files a kit was read from (none for a built-in kit).
pub(crate) fn kit_files(kit: &Kit) -> Vec<PathBuf> {
    match kit.origin() {
        Origin::BuiltIn(_) => Vec::new(),
        Origin::Path(p) if p.is_dir() => fs::read_dir(p)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default(),
        Origin::Path(p) => vec![p.clone()],
    }
}

/// Refuse to write a document over one of the command's inputs (`inputs`: each file and what
/// it is) or over a plan: a typo in `-o` must not destroy the team's work.
pub(crate) fn check_output(output: &Path, inputs: &[(PathBuf, &str)]) -> anyhow::Result<()> {
    for (input, what) in inputs {
        if files::same_file(output, input) {
            bail!(
                "`{}` is {what} this command reads (`{}`); writing the document there would replace it, so nothing was written
  help: give `-o` another file name",
                output.display(),
                input.display()
            );
        }
    }
    if fs::metadata(output).is_ok_and(|m| m.is_dir()) {
        bail!(
            "`{}` is a folder; give `-o` a file name inside it",
            output.display()
        );
    }
    if looks_like_plan(output) {
        bail!(
            "`{}` is a thinkkit plan; writing the document there would replace it, so nothing was written
  help: give `-o` another file name",
            output.display()
        );
    }
    Ok(())
}

/// Whether the file at `path` exists and is a plan (it has the `thinkkit-plan:` key a plan
/// starts with). Only the start of the file is read.
fn looks_like_plan(path: &Path) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() {
        return false;
    }
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    const HEAD: u64 = 64 * 1024;
    // Room for all that is read, so the buffer is not grown (and copied) on the way.
    let mut head = Vec::with_capacity(usize::try_from(meta.len().min(HEAD)).unwrap_or(0) + 1);
    if file.take(HEAD).read_to_end(&mut head).is_err() {
        return false;
    }
    // Bytes, not text: the document being replaced can be 64 KiB, and only the key is looked for.
    let mut head = head.as_slice();
    while let Some(rest) = head.strip_prefix("\u{feff}".as_bytes()) {
        head = rest;
    }
    const KEY: &[u8] = b"thinkkit-plan:";
    memchr::memmem::find_iter(head, KEY).any(|at| at == 0 || head[at - 1] == b'\n')
}

/// `-o PATH` as a file to write; `None` for standard output (no `-o`, or `-o -`).
pub(crate) fn output_path(output: Option<&Path>) -> Option<&Path> {
    output.filter(|p| p.as_os_str() != "-")
}

/// Write a document to `output` atomically, or to standard output.
pub(crate) fn write_output(output: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    match output_path(output) {
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
            "cannot tell the format from `{}`; name the file `.md`, `.html` or `.docx`, or pass `--format md|html|docx|onepage`",
            path.display()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::{fs, looks_like_plan};

    #[test]
    fn a_plan_is_known_by_its_key_at_the_start_of_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let says = |text: &str| {
            let path = dir.path().join("out");
            fs::write(&path, text).unwrap();
            looks_like_plan(&path)
        };
        assert!(says("thinkkit-plan: 1\n"));
        assert!(says("\u{feff}thinkkit-plan: 1\n"));
        assert!(says("# a comment\n\nthinkkit-plan: 1\n"));
        assert!(!says("# thinkkit-plan: 1\n"));
        assert!(!says("<p>thinkkit-plan: 1</p>\n"));
        assert!(!says("<html>\n<body>A strategy.</body>\n"));
        assert!(!says(""));
        assert!(!looks_like_plan(&dir.path().join("nowhere")));
    }
}
