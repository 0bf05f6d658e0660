//! The document's body: Markdown events to WordprocessingML.
//!
//! The events are walked once, keeping one paragraph open at a time. Blocks are kept as values
//! until the end, because some of what Word needs is only known later: a table's column widths
//! come from all its rows (so header and body cells share one grid), a paragraph right before a
//! table is kept with it, and the contents list lists headings that come after it.

use std::fmt::Write as _;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Tag, TagEnd};

use super::styles::{Role, StyleMap};
use crate::text::escape_markup as esc;

/// A picture to place: the chart's PNG and what it shows.
#[derive(Debug, Clone)]
pub(crate) struct Picture {
    /// The name the Markdown stream refers to it by (an [`Event::Html`] holding it).
    pub(crate) name: String,
    /// The relationship id of its image part.
    pub(crate) rel: String,
    /// Size on the page, in EMU.
    pub(crate) cx: u64,
    pub(crate) cy: u64,
    pub(crate) title: String,
    pub(crate) description: String,
}

/// What the body needs from the rest of the package.
#[derive(Debug)]
pub(crate) struct Setup<'a> {
    pub(crate) styles: &'a StyleMap,
    /// Width of the text column, in twentieths of a point.
    pub(crate) text_width: u32,
    /// The size of the tables' type: twentieths of a point to the em.
    pub(crate) table_em: u32,
    pub(crate) pictures: &'a [Picture],
    /// Put a contents list before the first section (and its title "Contents").
    pub(crate) contents: Option<&'a str>,
    /// A section break to end the part before the first section with (the sections are then
    /// set in columns).
    pub(crate) columns_from_first_section: Option<String>,
}

/// The body as written.
#[derive(Debug, Default)]
pub(crate) struct Body {
    /// The XML of the blocks, without `<w:body>` and the section properties.
    pub(crate) xml: String,
    /// External links: (relationship id, address).
    pub(crate) links: Vec<(String, String)>,
    /// How many numbered lists there are (each restarts at its own number).
    pub(crate) ordered_lists: Vec<u64>,
    /// The names of the pictures used.
    pub(crate) pictures_used: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Para {
    role: Option<Role>,
    /// Numbering: (numbering id, level).
    numbering: Option<(u64, usize)>,
    indent: Option<u32>,
    align: Option<&'static str>,
    keep_next: bool,
    /// A bookmark around the paragraph, for the contents list.
    bookmark: Option<(u32, String)>,
    runs: String,
    /// The paragraph's text, for measuring table columns and listing headings.
    text: String,
}

#[derive(Debug)]
enum Block {
    Para(Para),
    Table(TableBlock),
    /// Raw XML made here (pictures, spacers).
    Raw(String),
    /// Where the contents list goes.
    Contents,
}

#[derive(Debug, Default)]
struct TableBlock {
    alignments: Vec<Alignment>,
    /// Rows of cells of paragraphs; the header row first.
    rows: Vec<(bool, Vec<Vec<Para>>)>,
}

#[derive(Debug, Default, Clone, Copy)]
struct Format {
    bold: bool,
    italic: bool,
}

/// Walks the events.
#[derive(Debug)]
pub(crate) struct Writer<'a> {
    setup: &'a Setup<'a>,
    blocks: Vec<Block>,
    paragraph: Option<Para>,
    /// The role for the next paragraph opened (a heading's).
    heading: Option<Role>,
    format: Format,
    link: Option<(String, String)>,
    lists: Vec<u64>,
    item_started: bool,
    quote_depth: usize,
    table: Option<TableBlock>,
    cell: Vec<Para>,
    row: Vec<Vec<Para>>,
    in_head: bool,
    in_code_block: bool,
    seen_title: bool,
    headings: Vec<(String, String)>,
    body: Body,
    next_bookmark: u32,
}

const BULLETS: u64 = 1;

impl<'a> Writer<'a> {
    pub(crate) fn new(setup: &'a Setup<'a>) -> Writer<'a> {
        Writer {
            setup,
            blocks: Vec::new(),
            paragraph: None,
            heading: None,
            format: Format::default(),
            link: None,
            lists: Vec::new(),
            item_started: false,
            quote_depth: 0,
            table: None,
            cell: Vec::new(),
            row: Vec::new(),
            in_head: false,
            in_code_block: false,
            seen_title: false,
            headings: Vec::new(),
            body: Body::default(),
            next_bookmark: 1,
        }
    }

    pub(crate) fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) if self.in_code_block => {
                for (i, line) in t.split('\n').enumerate() {
                    if i > 0 {
                        self.flush_paragraph();
                    }
                    if !line.is_empty() {
                        self.run(line, Some(Role::Code));
                    }
                }
            }
            Event::Html(name) => self.picture(&name),
            Event::Text(t) | Event::InlineHtml(t) => self.run(&t, None),
            Event::Code(t) => self.run(&t, Some(Role::Code)),
            Event::SoftBreak => self.run(" ", None),
            Event::HardBreak => {
                let p = self.paragraph_mut();
                p.runs.push_str("<w:r><w:br/></w:r>");
            }
            Event::Rule => {
                self.flush_paragraph();
                self.blocks.push(Block::Para(Para {
                    align: Some("center"),
                    runs: "<w:r><w:t>* * *</w:t></w:r>".to_owned(),
                    ..Para::default()
                }));
            }
            Event::FootnoteReference(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.run(&t, None);
            }
            Event::TaskListMarker(done) => self.run(if done { "[x] " } else { "[ ] " }, None),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph => self.open_paragraph(),
            Tag::Heading { level, .. } => {
                self.flush_paragraph();
                let role = match level {
                    HeadingLevel::H1 if !self.seen_title => Role::Title,
                    HeadingLevel::H1 | HeadingLevel::H2 => Role::Heading1,
                    HeadingLevel::H3 => Role::Heading2,
                    _ => Role::Heading3,
                };
                if role == Role::Heading1
                    && let Some(brk) = &self.setup.columns_from_first_section
                    && !self
                        .blocks
                        .iter()
                        .any(|b| matches!(b, Block::Raw(r) if r == brk))
                {
                    self.blocks.push(Block::Raw(brk.clone()));
                }
                if role == Role::Title {
                    self.seen_title = true;
                } else if role == Role::Heading1
                    && self.setup.contents.is_some()
                    && !self.blocks.iter().any(|b| matches!(b, Block::Contents))
                {
                    self.blocks.push(Block::Contents);
                }
                self.heading = Some(role);
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
                // The line that introduces a list (an activity's name over its risks, `To
                // decide`) stays on the page of the list's first item.
                if self.lists.is_empty()
                    && let Some(Block::Para(p)) = self.blocks.last_mut()
                    && p.role != Some(Role::ListParagraph)
                {
                    p.keep_next = true;
                }
                let numbering = match first {
                    Some(start) => {
                        self.body.ordered_lists.push(start);
                        BULLETS + self.body.ordered_lists.len() as u64
                    }
                    None => BULLETS,
                };
                self.lists.push(numbering);
            }
            Tag::Item => {
                self.flush_paragraph();
                self.item_started = false;
            }
            Tag::Table(alignments) => {
                self.flush_paragraph();
                self.table = Some(TableBlock {
                    alignments,
                    rows: Vec::new(),
                });
            }
            Tag::TableHead => self.in_head = true,
            Tag::TableRow | Tag::TableCell => {}
            Tag::Emphasis => self.format.italic = true,
            Tag::Strong => self.format.bold = true,
            Tag::Link { dest_url, .. } => self.link = Some((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.flush_paragraph(),
            TagEnd::Heading(_) => {
                self.flush_paragraph();
                self.heading = None;
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
                let column = self.row.len();
                let align = self
                    .table
                    .as_ref()
                    .and_then(|t| t.alignments.get(column))
                    .and_then(|a| match a {
                        Alignment::Right => Some("right"),
                        Alignment::Center => Some("center"),
                        _ => None,
                    });
                let mut paragraphs = std::mem::take(&mut self.cell);
                if paragraphs.is_empty() {
                    // Word needs a paragraph in every cell.
                    paragraphs.push(Para {
                        role: Some(Role::TableText),
                        ..Para::default()
                    });
                }
                for p in &mut paragraphs {
                    p.align = align.or(p.align);
                    // A header row stays with the first row under it.
                    p.keep_next |= self.in_head;
                }
                self.row.push(paragraphs);
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                let cells = std::mem::take(&mut self.row);
                let head = self.in_head;
                if let Some(t) = &mut self.table {
                    t.rows.push((head, cells));
                }
                self.in_head = false;
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    // The paragraph that introduces a table stays on its page.
                    if let Some(Block::Para(p)) = self.blocks.last_mut() {
                        p.keep_next = true;
                    }
                    self.blocks.push(Block::Table(t));
                    // A little space before whatever follows the table's bottom edge.
                    self.blocks.push(Block::Raw(
                        "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/></w:pPr></w:p>"
                            .to_owned(),
                    ));
                }
            }
            TagEnd::Emphasis => self.format.italic = false,
            TagEnd::Strong => self.format.bold = false,
            TagEnd::Link => {
                if let Some((url, runs)) = self.link.take() {
                    let id = match self.body.links.iter().find(|(_, u)| *u == url) {
                        Some((id, _)) => id.clone(),
                        None => {
                            let id = format!("rIdLink{}", self.body.links.len() + 1);
                            self.body.links.push((id.clone(), url));
                            id
                        }
                    };
                    let p = self.paragraph_mut();
                    let _ = write!(
                        p.runs,
                        "<w:hyperlink r:id=\"{id}\" w:history=\"1\">{runs}</w:hyperlink>"
                    );
                }
            }
            _ => {}
        }
    }

    fn run(&mut self, text: &str, char_style: Option<Role>) {
        let bold = self.format.bold || self.in_head;
        let italic = self.format.italic;
        let style = char_style.or(self.link.as_ref().map(|_| Role::Hyperlink));
        let mut props = String::new();
        if let Some(role) = style {
            let _ = write!(
                props,
                "<w:rStyle w:val=\"{}\"/>",
                self.setup.styles.id(role)
            );
        }
        if bold {
            props.push_str("<w:b/><w:bCs/>");
        }
        if italic {
            props.push_str("<w:i/><w:iCs/>");
        }
        let mut xml = String::from("<w:r>");
        if !props.is_empty() {
            let _ = write!(xml, "<w:rPr>{props}</w:rPr>");
        }
        let _ = write!(xml, "<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text));
        if let Some((_, runs)) = &mut self.link {
            runs.push_str(&xml);
            let p = self.paragraph_mut();
            p.text.push_str(text);
            return;
        }
        let p = self.paragraph_mut();
        p.runs.push_str(&xml);
        p.text.push_str(text);
    }

    fn picture(&mut self, name: &str) {
        let Some(pic) = self.setup.pictures.iter().find(|p| p.name == name) else {
            return;
        };
        self.flush_paragraph();
        let id = self.body.pictures_used.len() + 1;
        self.body.pictures_used.push(pic.name.clone());
        let (title, descr) = (esc(&pic.title), esc(&pic.description));
        let (cx, cy, rel) = (pic.cx, pic.cy, &pic.rel);
        self.blocks.push(Block::Raw(format!(
            "<w:p><w:pPr><w:keepNext/><w:spacing w:before=\"120\" w:after=\"120\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>\
             <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
             <wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>\
             <wp:docPr id=\"{id}\" name=\"Chart {id}\" descr=\"{descr}\" title=\"{title}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"chart-{id}.png\" descr=\"{descr}\" title=\"{title}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"{rel}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
             </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        )));
    }

    fn paragraph_mut(&mut self) -> &mut Para {
        if self.paragraph.is_none() {
            self.open_paragraph();
        }
        self.paragraph.get_or_insert_with(Para::default)
    }

    /// Open a paragraph styled for where it is: a heading, a list item, a table cell, a quote.
    fn open_paragraph(&mut self) {
        self.flush_paragraph();
        let mut p = Para::default();
        if let Some(role) = self.heading {
            p.role = Some(role);
            p.keep_next = true;
            if role != Role::Title {
                let id = self.next_bookmark;
                self.next_bookmark += 1;
                p.bookmark = Some((id, format!("_Toc{id:08}")));
            }
        } else if self.table.is_some() {
            p.role = Some(Role::TableText);
        } else if let Some(&numbering) = self.lists.last() {
            p.role = Some(Role::ListParagraph);
            if self.item_started {
                #[allow(clippy::cast_possible_truncation)]
                let left = 720 * self.lists.len() as u32;
                p.indent = Some(left);
            } else {
                p.numbering = Some((numbering, self.lists.len() - 1));
                self.item_started = true;
            }
        } else if self.quote_depth > 0 {
            p.role = Some(Role::Quote);
        }
        self.paragraph = Some(p);
    }

    fn flush_paragraph(&mut self) {
        let Some(p) = self.paragraph.take() else {
            return;
        };
        if self.table.is_some() {
            self.cell.push(p);
            return;
        }
        if let (Some(Role::Heading1), Some((_, bookmark))) = (p.role, &p.bookmark) {
            self.headings
                .push((p.text.trim().to_owned(), bookmark.clone()));
        }
        self.blocks.push(Block::Para(p));
    }

    /// The body, once every event is written.
    pub(crate) fn finish(mut self) -> Body {
        self.flush_paragraph();
        let mut xml = String::new();
        for block in &self.blocks {
            match block {
                Block::Para(p) => paragraph_xml(&mut xml, p, self.setup.styles),
                Block::Table(t) => table_xml(&mut xml, t, self.setup),
                Block::Raw(raw) => xml.push_str(raw),
                Block::Contents => self.contents_xml(&mut xml),
            }
        }
        self.body.xml = xml;
        self.body
    }

    /// A table-of-contents field over the level-1 headings, with its result filled in (each
    /// heading, linked to it), so that a reader that does not update fields (LibreOffice, a
    /// viewer, pandoc) still shows the list; Word refreshes it, with page numbers, on opening
    /// (`w:updateFields` in the settings).
    fn contents_xml(&self, xml: &mut String) {
        let Some(title) = self.setup.contents else {
            return;
        };
        let styles = self.setup.styles;
        let _ = write!(
            xml,
            "<w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:keepNext/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
            styles.id(Role::TocHeading),
            esc(title)
        );
        let tab = format!(
            "<w:tabs><w:tab w:val=\"right\" w:leader=\"dot\" w:pos=\"{}\"/></w:tabs>",
            self.setup.text_width
        );
        let toc = styles.id(Role::Toc1);
        if self.headings.is_empty() {
            let _ = write!(
                xml,
                "<w:p><w:pPr><w:pStyle w:val=\"{toc}\"/>{tab}</w:pPr>\
                 <w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
                 <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-1\" \\h \\z \\u </w:instrText></w:r>\
                 <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
            );
            return;
        }
        let last = self.headings.len() - 1;
        for (i, (text, bookmark)) in self.headings.iter().enumerate() {
            let _ = write!(xml, "<w:p><w:pPr><w:pStyle w:val=\"{toc}\"/>{tab}</w:pPr>");
            if i == 0 {
                xml.push_str(
                    "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r>\
                     <w:r><w:instrText xml:space=\"preserve\"> TOC \\o \"1-1\" \\h \\z \\u </w:instrText></w:r>\
                     <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>",
                );
            }
            // The pages are not known until the document is laid out: Word fills them in when it
            // refreshes the field; until then each entry links to its section.
            let _ = write!(
                xml,
                "<w:hyperlink w:anchor=\"{bookmark}\" w:history=\"1\"><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:hyperlink>",
                esc(text),
            );
            if i == last {
                xml.push_str("<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>");
            }
            xml.push_str("</w:p>");
        }
    }
}

fn paragraph_xml(xml: &mut String, p: &Para, styles: &StyleMap) {
    xml.push_str("<w:p>");
    let mut props = String::new();
    if let Some(role) = p.role {
        let _ = write!(props, "<w:pStyle w:val=\"{}\"/>", styles.id(role));
    }
    if p.keep_next {
        props.push_str("<w:keepNext/>");
    }
    if let Some((id, level)) = p.numbering {
        let _ = write!(
            props,
            "<w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"{id}\"/></w:numPr>"
        );
    }
    if let Some(left) = p.indent {
        let _ = write!(props, "<w:ind w:left=\"{left}\"/>");
    }
    if let Some(align) = p.align {
        let _ = write!(props, "<w:jc w:val=\"{align}\"/>");
    }
    if !props.is_empty() {
        let _ = write!(xml, "<w:pPr>{props}</w:pPr>");
    }
    if let Some((id, name)) = &p.bookmark {
        let _ = write!(xml, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>");
    }
    xml.push_str(&p.runs);
    if let Some((id, _)) = &p.bookmark {
        let _ = write!(xml, "<w:bookmarkEnd w:id=\"{id}\"/>");
    }
    xml.push_str("</w:p>");
}

/// How wide `text` is set, in thousandths of an em: each character's advance in a wide
/// sans-serif (about DejaVu Sans's, which LibreOffice puts in for Calibri where Calibri is
/// missing; Calibri itself is narrower), so that a width worked out from it holds the text in
/// either.
fn ems(text: &str) -> u32 {
    text.chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '‘' | '’' | '!' | '|' => 300,
            'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '/' | '"' | '“' | '”' => 420,
            'm' | 'w' | '%' | '@' | '—' | 'M' | 'W' => 1000,
            'A'..='Z' => 740,
            '0'..='9' | '£' | '$' | '€' | '#' | '*' => 640,
            '+' | '−' | '=' | '×' | '–' => 840,
            'a'..='z' => 620,
            _ => 700,
        })
        .sum()
}

/// The pieces a line of `text` can break between: words, and the parts of a hyphenated word or
/// a range (`anti-social`, `£3,000–£15,000`) with the dash kept on the first part.
fn unbreakable(text: &str) -> impl Iterator<Item = &str> {
    text.split_whitespace()
        .flat_map(|w| w.split_inclusive(['-', '–']))
}

/// Column widths for a table whose cells hold `rows` (whether the row is a header row, and the
/// text of each column), in twentieths of a point, adding up to `width`; the table's type has
/// `em` twentieths of a point to the em. Each column gets at least room for its longest word
/// (in bold in a header row); what is left goes to the columns with the most to say.
pub(crate) fn column_widths(
    rows: &[(bool, Vec<String>)],
    columns: usize,
    width: u32,
    em: u32,
) -> Vec<u32> {
    if columns == 0 {
        return Vec::new();
    }
    // Word's cell margins (0.19 cm each side) and a little to spare.
    const PADDING: u32 = 2 * 108 + 40;
    // No column needs more for its longest word than about 18 letters (a long web address
    // breaks anyway), nor more than about 70 for a whole cell.
    let (word_cap, cell_cap) = (18 * 620, 70 * 620);
    let twips = |ems: u32, bold: bool| {
        let ems = if bold { ems * 112 / 100 } else { ems };
        u32::try_from(u64::from(ems) * u64::from(em) / 1000).unwrap_or(u32::MAX) + PADDING
    };
    let mut minimum = vec![twips(1_500, false); columns];
    let mut natural = minimum.clone();
    for (head, row) in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            let word = unbreakable(cell).map(ems).max().unwrap_or(0).min(word_cap);
            minimum[i] = minimum[i].max(twips(word, *head));
            natural[i] = natural[i].max(twips(ems(cell.trim()).min(cell_cap), *head));
        }
    }
    let natural_sum: u32 = natural.iter().sum();
    let minimum_sum: u32 = minimum.iter().sum();
    let mut widths: Vec<u32> = if natural_sum <= width {
        // Everything fits on one line: share the width in proportion to the content.
        natural
            .iter()
            .map(|&n| scale(n, width, natural_sum))
            .collect()
    } else if minimum_sum >= width {
        minimum
            .iter()
            .map(|&n| scale(n, width, minimum_sum))
            .collect()
    } else {
        let spare = width - minimum_sum;
        let wants: Vec<u32> = natural
            .iter()
            .zip(&minimum)
            .map(|(n, m)| n.saturating_sub(*m))
            .collect();
        let wants_sum: u32 = wants.iter().sum::<u32>().max(1);
        minimum
            .iter()
            .zip(&wants)
            .map(|(m, w)| m + scale(*w, spare, wants_sum))
            .collect()
    };
    // Rounding: the last column takes up the difference.
    let sum: u32 = widths.iter().sum();
    if let Some(last) = widths.last_mut() {
        *last = (*last + width).saturating_sub(sum);
    }
    widths
}

fn scale(n: u32, to: u32, of: u32) -> u32 {
    u32::try_from(u64::from(n) * u64::from(to) / u64::from(of.max(1))).unwrap_or(to)
}

fn table_xml(xml: &mut String, t: &TableBlock, setup: &Setup<'_>) {
    let columns = t.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
    if columns == 0 {
        return;
    }
    let texts: Vec<(bool, Vec<String>)> = t
        .rows
        .iter()
        .map(|(head, cells)| {
            let texts = cells
                .iter()
                .map(|ps| {
                    ps.iter()
                        .map(|p| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            (*head, texts)
        })
        .collect();
    let widths = column_widths(&texts, columns, setup.text_width, setup.table_em);
    let _ = write!(
        xml,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"{}\"/><w:tblW w:w=\"{}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        setup.styles.id(Role::Table),
        setup.text_width
    );
    for w in &widths {
        let _ = write!(xml, "<w:gridCol w:w=\"{w}\"/>");
    }
    xml.push_str("</w:tblGrid>");
    for (head, cells) in &t.rows {
        xml.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if *head {
            // Repeated at the top of every page the table runs onto.
            xml.push_str("<w:tblHeader/>");
        }
        xml.push_str("</w:trPr>");
        for (i, width) in widths.iter().enumerate() {
            let _ = write!(xml, "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>");
            if *head {
                xml.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/>");
            }
            xml.push_str("</w:tcPr>");
            match cells.get(i) {
                Some(ps) => {
                    for p in ps {
                        paragraph_xml(xml, p, setup.styles);
                    }
                }
                None => {
                    let _ = write!(
                        xml,
                        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr></w:p>",
                        setup.styles.id(Role::TableText)
                    );
                }
            }
            xml.push_str("</w:tc>");
        }
        xml.push_str("</w:tr>");
    }
    xml.push_str("</w:tbl>");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(rows: &[(bool, &[&str])]) -> Vec<(bool, Vec<String>)> {
        rows.iter()
            .map(|(h, cells)| (*h, cells.iter().map(|c| (*c).to_owned()).collect()))
            .collect()
    }

    #[test]
    fn columns_share_the_width_by_what_they_hold() {
        let texts = rows(&[
            (true, &["Activity", "Cost"]),
            (false, &["Volunteer digital champions", "£4,000"]),
        ]);
        let w = column_widths(&texts, 2, 9000, 190);
        assert_eq!(w.iter().sum::<u32>(), 9000);
        assert!(w[0] > 2 * w[1], "{w:?}");
        // Long text in every column: each still gets its longest word.
        let long = "word ".repeat(60);
        let texts = rows(&[(false, &[&long, "Unbreakableword", &long])]);
        let w = column_widths(&texts, 3, 9000, 190);
        assert!(w[1] >= 15 * 115, "{w:?}");
        assert_eq!(w.iter().sum::<u32>(), 9000);
    }

    /// A short header over short numbers keeps its word whole in a wide stand-in font (the Word
    /// file opened in LibreOffice broke `Now` into `No` / `w` and `10%` into `10` / `%`), and the
    /// seven columns of the activity plan keep `Transactions` and `addressed` on one line.
    #[test]
    fn a_column_holds_its_longest_word_in_bold_and_in_a_wide_font() {
        let texts = rows(&[
            (
                true,
                &[
                    "Channel",
                    "Now",
                    "Aimed for",
                    "Contacts a year",
                    "Cost per contact",
                    "Saving a year",
                ],
            ),
            (
                false,
                &["Face to face", "10%", "8%", "−420", "£14.00", "£5,880"],
            ),
            (false, &["Net", "", "", "", "", "£36,714"]),
        ]);
        let w = column_widths(&texts, 6, 9638, 190);
        // `Now` in DejaVu Sans Bold is 2.45 em: 466 twips at 9.5 pt, and 216 of cell margins.
        assert!(w[1] >= 466 + 216, "{w:?}");
        let texts = rows(&[
            (
                true,
                &[
                    "Activity",
                    "Level",
                    "Barriers addressed",
                    "Cost",
                    "Owner",
                    "Start",
                    "Measures",
                ],
            ),
            (
                false,
                &[
                    "Support residents' organisations online",
                    "Personal learning, work and interests",
                    "Skills, Confidence, Motivation",
                    "£3,000–£15,000* to set up; £1,300–£3,120* a year",
                    "Learning and Development Partner",
                    "September 2025",
                    "Online accounts registered, Transactions online",
                ],
            ),
        ]);
        let w = column_widths(&texts, 7, 9638, 190);
        assert_eq!(w.iter().sum::<u32>(), 9638);
        // `Transactions` is 6.4 em in DejaVu Sans, `addressed` in bold 5.9 em, `September` 5.4.
        assert!(w[6] >= 1216 + 216, "{w:?}");
        assert!(w[2] >= 1121 + 216, "{w:?}");
        assert!(w[5] >= 1030 + 216, "{w:?}");
    }

    #[test]
    fn a_range_or_a_hyphenated_word_may_break_after_its_dash() {
        let parts: Vec<&str> = unbreakable("£3,000–£15,000* to anti-social").collect();
        assert_eq!(parts, ["£3,000–", "£15,000*", "to", "anti-", "social"]);
    }
}
