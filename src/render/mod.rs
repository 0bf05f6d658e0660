//! Documents: the strategy (Markdown, HTML, Word) and the printable deck of cards and planning
//! sheets. The only module that uses tera, pulldown-cmark and docx-rs.
//!
//! Everything goes one way: (Kit, Plan) becomes a [`Context`] of formatted facts; a tera template
//! turns the context into Markdown (user and kit text escaped on the way in by the `md` filters);
//! the Markdown is read back once, with raw HTML and unsafe links made inert, and written as an
//! HTML page or a Word document. Word and HTML therefore always say the same thing as the Markdown,
//! and a user who edits one template changes all three.
//!
//! The printouts are for paper workshops and have no Word form: their HTML templates lay out
//! cards to cut out and sheets to write on, which Markdown cannot express.

pub mod context;
pub mod deck;
pub mod docx;
pub mod html;
pub mod markdown;
pub mod templates;

use jiff::civil::Date;

pub use context::Context;
pub use templates::Templates;

use crate::kit::Kit;
use crate::plan::Plan;

/// A document format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown.
    Markdown,
    /// One self-contained HTML page.
    Html,
    /// A Word document.
    Docx,
}

/// The strategy document for `plan` in `format`, dated `today`.
pub fn strategy(
    kit: &Kit,
    plan: &Plan,
    format: Format,
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<u8>> {
    let context = Context::build(kit, plan, today);
    document(&context, format, templates, today)
}

/// Render a context already built (for example with an analysis added) in `format`.
pub fn document(
    context: &Context,
    format: Format,
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<u8>> {
    let markdown = templates.render("strategy.md.tera", context)?;
    Ok(match format {
        Format::Markdown => markdown.into_bytes(),
        Format::Html => html::page(templates, &markdown, &context.kit.language)?.into_bytes(),
        Format::Docx => docx::render(&markdown, today)?,
    })
}
