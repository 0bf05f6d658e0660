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
//! Charts are drawn from the analysis and put in after the Markdown is read, where the template
//! wrote their tokens ([`embed`] says why that is safe): inline SVG in the page, the same SVG
//! rasterised ([`raster`]) in Word. Markdown shows the same figures as tables, as the others do
//! too.
//!
//! The printouts are for paper workshops and have no Word form: their HTML templates lay out
//! cards to cut out and sheets to write on, which Markdown cannot express.

pub mod compare;
pub mod context;
pub mod deck;
mod direct;
pub mod docx;
pub mod embed;
pub mod figures;
pub mod html;
pub mod limits;
pub mod markdown;
pub mod raster;
pub mod templates;
pub mod tera_ast;
pub mod variables;

use std::borrow::Cow;
use std::sync::atomic::{AtomicBool, Ordering};

use jiff::civil::Date;

pub use context::Context;
pub use figures::Figures;
pub use templates::Templates;

use crate::analysis;
use crate::kit::Kit;
use crate::plan::Plan;

/// Whether the process ends once its document is written (see [`leave_to_exit`]).
static LEAVE_TO_EXIT: AtomicBool = AtomicBool::new(false);

/// Say that this process ends once its one document is written, as `thinkkit render` does.
/// What a render then builds for its own use (the document's context, the templates' data and
/// trees: tens of thousands of small allocations) is left for the end of the process to give
/// back at once, instead of being freed piece by piece just before it: that freeing was a
/// tenth of the instructions of rendering the worked example. Nothing is left behind unless a
/// command asks for this, so a long-running process (the workshop, the tests) frees as usual.
pub fn leave_to_exit() {
    LEAVE_TO_EXIT.store(true, Ordering::Relaxed);
}

/// Free `value` now, or leave it to the end of the process when [`leave_to_exit`] was called.
pub(crate) fn discard<T>(value: T) {
    if LEAVE_TO_EXIT.load(Ordering::Relaxed) {
        std::mem::forget(value);
    }
}

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
    document_owned(
        strategy_context(kit, plan, today),
        format,
        templates,
        today,
        &Options::default(),
    )
}

/// What the strategy document shows: the plan and the analysis of it.
pub fn strategy_context(kit: &Kit, plan: &Plan, today: Date) -> Context {
    Context::build(kit, plan, today).with_analysis(kit, &analysis::analyse(kit, plan))
}

/// Which document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    /// The whole strategy.
    #[default]
    Strategy,
    /// The strategy on one page, for a board.
    OnePage,
}

impl Kind {
    /// The Markdown template of the document, and the HTML page template around it.
    fn templates(self) -> (&'static str, &'static str) {
        match self {
            Kind::Strategy => ("strategy.md.tera", "page.html.tera"),
            Kind::OnePage => ("onepage.md.tera", "onepage.html.tera"),
        }
    }
}

/// How to render a document beyond its format.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Which document.
    pub kind: Kind,
    /// A client's Word file to take the house style of a Word document from.
    pub reference: Option<docx::Reference>,
}

/// Read a reference Word document for [`Options::reference`].
pub fn reference_docx(path: &std::path::Path) -> anyhow::Result<docx::Reference> {
    docx::reference::read(path)
}

/// Render a context already built (for example with an analysis added) in `format`.
pub fn document(
    context: &Context,
    format: Format,
    templates: &Templates,
    today: Date,
) -> anyhow::Result<Vec<u8>> {
    document_with(context, format, templates, today, &Options::default())
}

/// [`document`], with [`Options`].
pub fn document_with(
    context: &Context,
    format: Format,
    templates: &Templates,
    today: Date,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    render_context(Cow::Borrowed(context), format, templates, today, options)
}

/// [`document_with`], given the context to keep: a page or a Word document puts the charts'
/// tokens in it, which otherwise takes a copy of it.
pub fn document_owned(
    context: Context,
    format: Format,
    templates: &Templates,
    today: Date,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    render_context(Cow::Owned(context), format, templates, today, options)
}

/// The charts of a page or a Word document: each one's token put in `context` for the templates
/// to place, and its drawing made.
fn charts_in(context: &mut Context) -> Vec<embed::Chart> {
    let mut charts = context
        .analysis
        .as_mut()
        .map(embed::place)
        .unwrap_or_default();
    if let Some(figures) = &context.analysis {
        embed::draw(&figures.analysis, &mut charts);
    }
    charts
}

fn render_context(
    context: Cow<'_, Context>,
    format: Format,
    templates: &Templates,
    today: Date,
    options: &Options,
) -> anyhow::Result<Vec<u8>> {
    let (markdown_template, page_template) = options.kind.templates();
    if format == Format::Markdown {
        let markdown = templates.render(markdown_template, &*context)?;
        discard(context);
        return Ok(markdown::neutralise(&markdown).into_bytes());
    }
    // The page and the Word file have charts: their tokens go into the context, the document
    // renders around them, and the page or the Word writer puts each drawing where its token
    // stands.
    let mut context = context.into_owned();
    let charts = charts_in(&mut context);
    let markdown = templates.render(markdown_template, &context)?;
    if format == Format::Html {
        let page_template = templates.prepare(page_template)?;
        let page = html::page(
            &page_template,
            &markdown,
            &context.kit.language,
            &context.organisation,
            &charts,
        )?;
        discard(context);
        return Ok(page.into_bytes());
    }
    let info = docx::DocInfo {
        title: markdown::first_heading(&markdown).unwrap_or_else(|| context.kit.title.clone()),
        subject: context.kit.title.clone(),
        author: context.organisation.clone(),
        language: context.kit.language.clone(),
        date: Some(today),
    };
    let layout = match options.kind {
        Kind::Strategy => docx::Layout::Document,
        Kind::OnePage => docx::Layout::OnePage,
    };
    let word = docx::render(
        &markdown,
        &charts,
        &info,
        layout,
        options.reference.as_ref(),
    );
    discard(context);
    word
}
