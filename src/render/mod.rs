//! Documents: the strategy (Markdown, HTML, Word) and the printable deck of cards and planning
//! sheets. The only module that uses tera, pulldown-cmark and docx-rs.
//!
//! Everything goes one way: (Kit, Plan) and the analysis of them become a [`Context`] of
//! formatted facts ([`figures`] formats the analysis); a tera template turns the context into
//! Markdown (user and kit text escaped on the way in by the `md` filters); the Markdown is read
//! back once, with raw HTML and unsafe links made inert, and written as an HTML page or a Word
//! document. Word and HTML therefore always say the same thing as the Markdown, and a user who
//! edits one template changes all three.
//!
//! The one thing only the HTML page has is charts: inline SVG drawn from the analysis and put in
//! after the Markdown is read, where the template wrote their tokens ([`embed`] says why that is
//! safe). Word and Markdown show the same figures as tables.
//!
//! The printouts are for paper workshops and have no Word form: their HTML templates lay out
//! cards to cut out and sheets to write on, which Markdown cannot express.

pub mod compare;
pub mod context;
pub mod deck;
pub mod docx;
pub mod embed;
pub mod figures;
pub mod html;
pub mod limits;
pub mod markdown;
pub mod templates;
pub mod variables;

use jiff::civil::Date;

pub use context::Context;
pub use figures::Figures;
pub use templates::Templates;

use crate::analysis;
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
    document(
        &strategy_context(kit, plan, today),
        format,
        templates,
        today,
    )
}

/// What the strategy document shows: the plan and the analysis of it.
pub fn strategy_context(kit: &Kit, plan: &Plan, today: Date) -> Context {
    Context::build(kit, plan, today).with_analysis(kit, &analysis::analyse(kit, plan))
}

/// Render a context already built (for example with an analysis added) in `format`.
pub fn document(
    context: &Context,
    format: Format,
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<u8>> {
    if format == Format::Html {
        // Only the page has charts: their tokens go into the context, the strategy renders
        // around them, and the page puts each drawing where its token stands.
        let mut context = context.clone();
        let mut charts = context
            .analysis
            .as_mut()
            .map(embed::place)
            .unwrap_or_default();
        if let Some(figures) = &context.analysis {
            embed::draw(&figures.analysis, &mut charts);
        }
        let markdown = templates.render("strategy.md.tera", &context)?;
        let page_template = templates.prepare("page.html.tera")?;
        let page = html::page(&page_template, &markdown, &context.kit.language, &charts)?;
        return Ok(page.into_bytes());
    }
    let markdown = templates.render("strategy.md.tera", context)?;
    Ok(match format {
        Format::Docx => docx::render(&markdown, today)?,
        _ => markdown::neutralise(&markdown).into_bytes(),
    })
}
