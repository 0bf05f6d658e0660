//! Markdown to a Word document, built with docx-rs from the same Markdown as the HTML.
//!
//! The Markdown is read with [`super::markdown::safe_events`] and walked once: headings become
//! paragraphs in Word's own heading styles (defined in the document, named `heading 1`… so Word's
//! navigation pane and LibreOffice's navigator list them), lists use Word numbering, tables get a
//! shaded header row, and links become hyperlinks. Anything Word has no place for (raw HTML that
//! slipped in, an image) is shown as its text, as in the HTML.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, Hyperlink, HyperlinkType, IndentLevel,
    Level, LevelJc, LevelText, LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin,
    Paragraph, Run, RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, Table,
    TableCell, TableRow, WidthType,
};
use jiff::civil::Date;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::markdown::safe_events;

/// A4 in twentieths of a point, with 2 cm margins.
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
const MARGIN: i32 = 1_134;
const TEXT_WIDTH: usize = (PAGE_WIDTH as usize) - 2 * (MARGIN as usize);

/// The numbering instance shared by every bulleted list. docx-rs always writes a numbering 1 of
/// its own, so ours start at 2.
const BULLETS: usize = 2;

/// Render `markdown` as a .docx file.
pub fn render(markdown: &str, today: Date) -> anyhow::Result<Vec<u8>> {
    let mut w = Writer::default();
    for event in safe_events(markdown) {
        w.event(event);
    }
    w.flush_paragraph();
    let mut docx = Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(
            PageMargin::new()
                .top(MARGIN)
                .bottom(MARGIN)
                .left(MARGIN)
                .right(MARGIN),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Calibri")
                .hi_ansi("Calibri")
                .cs("Calibri"),
        )
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120).line(264))
        .created_at(&format!("{today}T00:00:00Z"))
        .updated_at(&format!("{today}T00:00:00Z"));
    for style in styles() {
        docx = docx.add_style(style);
    }
    docx = docx
        .add_abstract_numbering(numbering_levels(BULLETS, false))
        .add_numbering(Numbering::new(BULLETS, BULLETS));
    for id in &w.ordered_lists {
        docx = docx
            .add_abstract_numbering(numbering_levels(*id, true))
            .add_numbering(Numbering::new(*id, *id));
    }
    for block in w.blocks {
        docx = match block {
            Block::Paragraph(p) => docx.add_paragraph(*p),
            Block::Table(t) => docx.add_table(*t),
        };
    }
    let mut out = Cursor::new(Vec::new());
    docx.build()
        .pack(&mut out)
        .map_err(|e| anyhow::anyhow!("cannot write the Word document: {e}"))?;
    Ok(out.into_inner())
}

/// The styles the document uses, defined in it so that it looks the same everywhere. (docx-rs
/// writes `Normal` itself; its look comes from the document defaults.)
fn styles() -> Vec<Style> {
    let mut styles = Vec::new();
    for (level, size) in [(1usize, 36usize), (2, 30), (3, 26), (4, 24)] {
        // Word knows its built-in heading styles by these names (`heading 1`); the id is what
        // paragraphs refer to. The outline level is what the navigation pane lists.
        styles.push(
            Style::new(format!("Heading{level}"), StyleType::Paragraph)
                .name(format!("heading {level}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .bold()
                .size(size)
                .color("1F3864")
                .outline_lvl(level - 1)
                .line_spacing(LineSpacing::new().before(240).after(120)),
        );
    }
    styles.push(
        Style::new("ListParagraph", StyleType::Paragraph)
            .name("List Paragraph")
            .based_on("Normal")
            .line_spacing(LineSpacing::new().after(60)),
    );
    styles.push(
        Style::new("Quote", StyleType::Paragraph)
            .name("Quote")
            .based_on("Normal")
            .italic()
            .indent(Some(567), None, None, None),
    );
    styles.push(
        Style::new("TableText", StyleType::Paragraph)
            .name("Table Text")
            .based_on("Normal")
            .size(20)
            .line_spacing(LineSpacing::new().before(40).after(40)),
    );
    styles.push(
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color("0563C1")
            .underline("single"),
    );
    styles.push(
        Style::new("CodeChar", StyleType::Character)
            .name("Code")
            .fonts(RunFonts::new().ascii("Consolas").hi_ansi("Consolas")),
    );
    styles
}

fn numbering_levels(id: usize, ordered: bool) -> AbstractNumbering {
    let mut n = AbstractNumbering::new(id);
    for level in 0..9 {
        let (format, text) = if ordered {
            ("decimal", format!("%{}.", level + 1))
        } else {
            ("bullet", ["•", "◦", "▪"][level % 3].to_owned())
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
        let left = 720 * (level as i32 + 1);
        n = n.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    n
}

#[derive(Debug)]
enum Block {
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

/// Inline formatting in force.
#[derive(Debug, Default, Clone, Copy)]
struct Format {
    bold: bool,
    italic: bool,
}

#[derive(Debug)]
struct ListState {
    numbering: usize,
}

#[derive(Debug, Default)]
struct TableState {
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    cell_paragraphs: Vec<Paragraph>,
    in_head: bool,
    columns: usize,
}

/// Walks the events, keeping one paragraph open at a time.
#[derive(Debug, Default)]
struct Writer {
    blocks: Vec<Block>,
    paragraph: Option<Paragraph>,
    /// The style for the next paragraph opened (a heading's, a quote's).
    style: Option<String>,
    format: Format,
    link: Option<(String, Vec<Run>)>,
    lists: Vec<ListState>,
    /// Whether the open list item has had its first paragraph (later ones are not numbered).
    item_started: bool,
    quote_depth: usize,
    table: Option<TableState>,
    ordered_lists: Vec<usize>,
    in_code_block: bool,
}

impl Writer {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) if self.in_code_block => {
                for (i, line) in t.split('\n').enumerate() {
                    if i > 0 {
                        self.flush_paragraph();
                    }
                    if !line.is_empty() {
                        let run = Run::new().add_text(line).style("CodeChar");
                        self.push_run(run);
                    }
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::Code(t) => {
                let run = Run::new().add_text(t.as_ref()).style("CodeChar");
                self.push_run(run);
            }
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.push_run(Run::new().add_break(BreakType::TextWrapping)),
            Event::Rule => {
                self.flush_paragraph();
                self.blocks.push(Block::Paragraph(Box::new(
                    Paragraph::new()
                        .align(AlignmentType::Center)
                        .add_run(Run::new().add_text("* * *")),
                )));
            }
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t);
            }
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_paragraph(),
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                self.style = Some(format!("Heading{}", heading_number(level)));
                self.open_paragraph();
            }
            Tag::BlockQuote(_) => {
                self.flush_paragraph();
                self.quote_depth += 1;
            }
            Tag::CodeBlock(_) => {
                self.flush_paragraph();
                self.in_code_block = true;
            }
            Tag::List(first) => {
                self.flush_paragraph();
                let numbering = if first.is_some() {
                    // Each numbered list counts from its own start.
                    let id = BULLETS + 1 + self.ordered_lists.len();
                    self.ordered_lists.push(id);
                    id
                } else {
                    BULLETS
                };
                self.lists.push(ListState { numbering });
            }
            Tag::Item => {
                self.flush_paragraph();
                self.item_started = false;
            }
            Tag::Table(_) => {
                self.flush_paragraph();
                self.table = Some(TableState::default());
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow | Tag::TableCell => {}
            Tag::Emphasis => self.format.italic = true,
            Tag::Strong => self.format.bold = true,
            Tag::Link { dest_url, .. } => self.link = Some((dest_url.to_string(), Vec::new())),
            // Everything else (images are dropped before this; strikethrough and the rest are
            // not enabled) keeps only its text.
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) => {
                self.flush_paragraph();
                self.style = None;
            }
            TagEnd::BlockQuote(_) => {
                self.flush_paragraph();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.flush_paragraph();
                self.in_code_block = false;
            }
            TagEnd::List(_) => {
                self.flush_paragraph();
                self.lists.pop();
            }
            TagEnd::Item => self.flush_paragraph(),
            TagEnd::TableCell => {
                self.flush_paragraph();
                if let Some(t) = &mut self.table {
                    let mut cell =
                        TableCell::new().width(TEXT_WIDTH / t.columns.max(1), WidthType::Dxa);
                    let paragraphs = std::mem::take(&mut t.cell_paragraphs);
                    if paragraphs.is_empty() {
                        // Word needs a paragraph in every cell.
                        cell = cell.add_paragraph(Paragraph::new().style("TableText"));
                    }
                    for p in paragraphs {
                        cell = cell.add_paragraph(p);
                    }
                    if t.in_head {
                        cell = cell.shading(Shading::new().fill("D9E2F3"));
                    }
                    t.cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = &mut self.table {
                    let cells = std::mem::take(&mut t.cells);
                    t.columns = t.columns.max(cells.len());
                    t.rows.push(TableRow::new(cells));
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    let columns = t.columns.max(1);
                    let table = Table::new(t.rows)
                        .set_grid(vec![TEXT_WIDTH / columns; columns])
                        .width(TEXT_WIDTH, WidthType::Dxa);
                    self.blocks.push(Block::Table(Box::new(table)));
                    // Word runs the next paragraph into the table's bottom edge otherwise.
                    self.blocks.push(Block::Paragraph(Box::new(
                        Paragraph::new().line_spacing(LineSpacing::new().after(0).line(120)),
                    )));
                }
            }
            TagEnd::Emphasis => self.format.italic = false,
            TagEnd::Strong => self.format.bold = false,
            TagEnd::Link => {
                if let Some((url, runs)) = self.link.take() {
                    let mut link = Hyperlink::new(url, HyperlinkType::External);
                    for r in runs {
                        link = link.add_run(r.style("Hyperlink"));
                    }
                    let p = self.paragraph_mut();
                    *p = std::mem::take(p).add_hyperlink(link);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let mut run = Run::new().add_text(t);
        if self.format.bold || self.table.as_ref().is_some_and(|t| t.in_head) {
            run = run.bold();
        }
        if self.format.italic {
            run = run.italic();
        }
        self.push_run(run);
    }

    fn push_run(&mut self, run: Run) {
        if let Some((_, runs)) = &mut self.link {
            runs.push(run);
            return;
        }
        let p = self.paragraph_mut();
        *p = std::mem::take(p).add_run(run);
    }

    fn paragraph_mut(&mut self) -> &mut Paragraph {
        if self.paragraph.is_none() {
            self.open_paragraph();
        }
        self.paragraph.get_or_insert_with(Paragraph::new)
    }

    /// Open a paragraph styled for where it is: a heading, a list item, a table cell, a quote.
    fn open_paragraph(&mut self) {
        self.flush_paragraph();
        let mut p = Paragraph::new();
        if let Some(style) = &self.style {
            p = p.style(style);
        } else if self.table.is_some() {
            p = p.style("TableText");
        } else if let Some(list) = self.lists.last() {
            p = p.style("ListParagraph");
            if !self.item_started {
                p = p.numbering(
                    NumberingId::new(list.numbering),
                    IndentLevel::new(self.lists.len() - 1),
                );
                self.item_started = true;
            } else {
                #[allow(clippy::cast_possible_truncation, clippy::cast_possible_wrap)]
                let left = 720 * self.lists.len() as i32;
                p = p.indent(Some(left), None, None, None);
            }
        } else if self.quote_depth > 0 {
            p = p.style("Quote");
        } else if self.in_code_block {
            p = p.style("Normal");
        }
        self.paragraph = Some(p);
    }

    fn flush_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else {
            return;
        };
        match &mut self.table {
            Some(t) => t.cell_paragraphs.push(p),
            None => self.blocks.push(Block::Paragraph(Box::new(p))),
        }
    }
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        _ => 4,
    }
}
