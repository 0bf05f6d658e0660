//! Markdown to a Word document, from the same Markdown as the HTML page.
//!
//! The package is written here part by part (WordprocessingML is plain XML in a zip file), so
//! that everything a consultant expects of a Word file is there and checkable in its XML:
//!
//! - headings in Word's own heading styles, kept with what follows them, listed by a contents
//!   field that Word refreshes on opening and that already holds the list (with page numbers as
//!   `PAGEREF` fields) for readers that do not refresh fields;
//! - tables whose header row is marked (`w:tblHeader`: it repeats on every page, and pandoc and
//!   screen readers know it as a header), whose rows do not split across pages, whose columns are
//!   one grid sized by their content, and whose number columns are right-aligned (the Markdown's
//!   `---:`);
//! - line spacing with an explicit rule (`auto`: proportional), so no reader treats it as exact;
//! - the title, author (the organisation), subject and language as document properties;
//! - the organisation and page numbers in the footer;
//! - the charts as pictures, with the chart's description as their alternative text.
//!
//! The look (styles, page size, margins, header and footer) is the built-in one, or a client's
//! Word file's ([`reference`]), as pandoc's `--reference-doc`: styles are found by name
//! ([`styles`]), and the document's parts are put together around the reference's.

mod body;
pub(crate) mod reference;
pub(crate) mod styles;

use std::fmt::Write as _;
use std::io::{Cursor, Write};

use anyhow::Context as _;
use jiff::civil::Date;
use pulldown_cmark::Event;
use zip::write::SimpleFileOptions;

use self::body::{Picture, Setup, Writer};
use self::reference::Page;
pub use self::reference::Reference;
use self::styles::{Role, StyleMap};
use super::embed::{self, Chart};
use super::raster;
use crate::text::escape_markup as esc;

/// EMU (the unit of DrawingML) in a twentieth of a point.
const EMU_PER_TWIP: u64 = 635;

/// What the document says about itself.
#[derive(Debug, Clone, Default)]
pub struct DocInfo {
    /// The document's title (its first heading).
    pub title: String,
    /// What it is about (the kit's title).
    pub subject: String,
    /// Who it is by: the organisation.
    pub author: String,
    /// Its language (BCP 47).
    pub language: String,
    /// The date it was made.
    pub date: Option<Date>,
}

/// How the document is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// A4 portrait with a contents list, for the strategy.
    Document,
    /// One A4 landscape page, for a strategy on a page.
    OnePage,
}

/// Render `markdown` as a .docx file, with `charts` where their tokens stand, in the look of
/// `reference` (or the built-in one).
pub fn render(
    markdown: &str,
    charts: &[Chart],
    info: &DocInfo,
    layout: Layout,
    reference: Option<&Reference>,
) -> anyhow::Result<Vec<u8>> {
    let language = super::html::sanitize_lang(&info.language);
    let (styles_xml, styles) = match reference {
        Some(r) => styles::merged(&r.styles, &r.style_list),
        None => styles::builtin(&language, layout == Layout::OnePage),
    };
    let base_page = reference.map_or(Page::A4, |r| r.page.clone());
    let page = match layout {
        Layout::Document => base_page,
        Layout::OnePage => base_page.landscape(),
    };
    // One page is set in two columns under a full-width title.
    let columns: u32 = if layout == Layout::OnePage { 2 } else { 1 };
    const COLUMN_GAP: u32 = 454;
    let text_width = (page.text_width() - COLUMN_GAP * (columns - 1)) / columns;

    // Pictures first: the body refers to them by relationship id.
    let mut pictures = Vec::new();
    let mut media = Vec::new();
    for chart in charts {
        let Some(svg) = chart.svg() else { continue };
        let png = raster::png(svg)?;
        let (title, description) = chart.alt();
        let n = media.len() + 1;
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let (cx, cy) = {
            // Four fifths of the text width: as legible as the page's, and a chart and its
            // table more often share a page.
            let cx = u64::from(text_width) * EMU_PER_TWIP * 4 / 5;
            let cy = (cx as f64 * f64::from(png.height) / f64::from(png.width)) as u64;
            (cx, cy)
        };
        pictures.push(Picture {
            name: chart.name().to_owned(),
            rel: format!("rIdChart{n}"),
            cx,
            cy,
            title,
            description,
        });
        media.push((format!("media/thinkkit-chart-{n}.png"), png.bytes));
    }

    let page_xml = format!(
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"{}/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>",
        page.width,
        page.height,
        if page.width > page.height {
            " w:orient=\"landscape\""
        } else {
            ""
        },
        page.top,
        page.right,
        page.bottom,
        page.left,
        page.header,
        page.footer,
    );
    let setup = Setup {
        styles: &styles,
        text_width,
        // The table text style's size: 9.5 pt, or 7 pt on one page (see `styles`).
        table_em: if layout == Layout::OnePage { 140 } else { 190 },
        pictures: &pictures,
        contents: (layout == Layout::Document).then_some("Contents"),
        // The title and what comes before the first section span the page; the sections flow
        // in columns after a continuous section break.
        columns_from_first_section: (columns > 1).then(|| {
            format!(
                "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/><w:sectPr><w:type w:val=\"continuous\"/>{page_xml}<w:cols w:space=\"{COLUMN_GAP}\"/></w:sectPr></w:pPr></w:p>"
            )
        }),
    };
    let mut writer = Writer::new(&setup);
    let events = embed::events_with(markdown, charts, |c| {
        c.svg().map(|_| Event::Html(c.name().into()))
    });
    for event in events {
        writer.event(event);
    }
    let body = writer.finish();

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    // Pictures are PNG, compressed already: deflating them again took an eighth of a Word
    // render's time (20 of 168 ms of CPU for the example) to save 8% of the file.
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut put = |name: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let is_png = name.len() > 4 && name[name.len() - 4..].eq_ignore_ascii_case(".png");
        zip.start_file(name, if is_png { stored } else { options })?;
        zip.write_all(bytes)?;
        Ok(())
    };

    // Relationships of the document: styles, numbering, settings, footer or the reference's
    // parts, links, pictures.
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>",
    );
    let mut overrides = String::new();
    let header_footer = match reference {
        Some(r) => {
            for rel in &r.rels {
                let _ = write!(
                    rels,
                    "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
                    esc(&rel.id),
                    esc(&rel.kind),
                    esc(&rel.target)
                );
            }
            for part in &r.parts {
                put(&part.path, &part.bytes)?;
                if let Some(t) = &part.content_type {
                    let _ = write!(
                        overrides,
                        "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
                        esc(&part.path),
                        esc(t)
                    );
                }
            }
            r.header_footer_refs.clone()
        }
        None => {
            rels.push_str("<Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>");
            put(
                "word/footer1.xml",
                footer(&styles, &info.author, text_width).as_bytes(),
            )?;
            overrides.push_str("<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>");
            "<w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>".to_owned()
        }
    };
    for (id, url) in &body.links {
        let _ = write!(
            rels,
            "<Relationship Id=\"{id}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"{}\" TargetMode=\"External\"/>",
            esc(url)
        );
    }
    for (picture, (path, bytes)) in pictures.iter().zip(&media) {
        let _ = write!(
            rels,
            "<Relationship Id=\"{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"{path}\"/>",
            picture.rel
        );
        put(&format!("word/{path}"), bytes)?;
    }
    rels.push_str("</Relationships>");

    let title_pg = if reference.is_some_and(|r| r.title_page) {
        "<w:titlePg/>"
    } else {
        ""
    };
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <w:body>{}<w:sectPr>{header_footer}{}{page_xml}{}\
         <w:pgNumType w:start=\"1\"/>{title_pg}</w:sectPr></w:body></w:document>",
        body.xml,
        if columns > 1 {
            "<w:type w:val=\"continuous\"/>"
        } else {
            ""
        },
        if columns > 1 {
            format!("<w:cols w:num=\"{columns}\" w:space=\"{COLUMN_GAP}\"/>")
        } else {
            String::new()
        },
    );

    let mut defaults = String::from(
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>",
    );
    for (ext, t) in reference.map(|r| r.defaults.as_slice()).unwrap_or_default() {
        if !matches!(ext.as_str(), "rels" | "xml" | "png") {
            let _ = write!(
                defaults,
                "<Default Extension=\"{}\" ContentType=\"{}\"/>",
                esc(ext),
                esc(t)
            );
        }
    }
    let content_types = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">{defaults}\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         <Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
         {overrides}</Types>"
    );

    put("[Content_Types].xml", content_types.as_bytes())?;
    put(
        "_rels/.rels",
        b"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
          <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
          <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
          <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
          </Relationships>",
    )?;
    put("docProps/core.xml", core(info, &language).as_bytes())?;
    put(
        "docProps/app.xml",
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
             <Application>thinkkit {}</Application></Properties>",
            env!("CARGO_PKG_VERSION")
        )
        .as_bytes(),
    )?;
    put("word/document.xml", document.as_bytes())?;
    put("word/styles.xml", styles_xml.as_bytes())?;
    put(
        "word/numbering.xml",
        numbering(&body.ordered_lists).as_bytes(),
    )?;
    put("word/settings.xml", settings(&language).as_bytes())?;
    put("word/_rels/document.xml.rels", rels.as_bytes())?;
    let out = zip.finish().context("cannot write the Word document")?;
    Ok(out.into_inner())
}

/// The built-in footer: the organisation on the left, `Page 3 of 12` on the right.
fn footer(styles: &StyleMap, organisation: &str, text_width: u32) -> String {
    let field = |instr: &str, shown: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r>\
             <w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:tabs><w:tab w:val=\"right\" w:pos=\"{text_width}\"/></w:tabs></w:pPr>\
         <w:r><w:t xml:space=\"preserve\">{}</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}\
         <w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        styles.id(Role::Footer),
        esc(organisation),
        field("PAGE", "1"),
        field("NUMPAGES", "1"),
    )
}

fn core(info: &DocInfo, language: &str) -> String {
    let date = info
        .date
        .map(|d| format!("{d}T00:00:00Z"))
        .unwrap_or_default();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let _ = write!(
        xml,
        "<dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy><dc:language>{}</dc:language>",
        esc(&info.title),
        esc(&info.subject),
        esc(&info.author),
        esc(&info.author),
        esc(language),
    );
    if !date.is_empty() {
        let _ = write!(
            xml,
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">{date}</dcterms:modified>"
        );
    }
    xml.push_str("</cp:coreProperties>");
    xml
}

/// Bullets (numbering 1), and a decimal list for each numbered list, restarting at its start.
fn numbering(ordered: &[u64]) -> String {
    let levels = |ordered: bool| {
        let mut s = String::new();
        for level in 0..9u32 {
            let (format, text) = if ordered {
                ("decimal", format!("%{}.", level + 1))
            } else {
                ("bullet", ["•", "◦", "▪"][level as usize % 3].to_owned())
            };
            let left = 720 * (level + 1);
            let _ = write!(
                s,
                "<w:lvl w:ilvl=\"{level}\"><w:start w:val=\"1\"/><w:numFmt w:val=\"{format}\"/><w:lvlText w:val=\"{text}\"/><w:lvlJc w:val=\"left\"/>\
                 <w:pPr><w:ind w:left=\"{left}\" w:hanging=\"360\"/></w:pPr></w:lvl>"
            );
        }
        s
    };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:abstractNum w:abstractNumId=\"1\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum>\
         <w:abstractNum w:abstractNumId=\"2\"><w:multiLevelType w:val=\"hybridMultilevel\"/>{}</w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num>",
        levels(false),
        levels(true)
    );
    for (i, start) in ordered.iter().enumerate() {
        let _ = write!(
            xml,
            "<w:num w:numId=\"{}\"><w:abstractNumId w:val=\"2\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"{start}\"/></w:lvlOverride></w:num>",
            i + 2
        );
    }
    xml.push_str("</w:numbering>");
    xml
}

/// Word refreshes fields (the contents list, page counts) when it opens the document.
fn settings(language: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:updateFields w:val=\"true\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"{}\"/></w:settings>",
        esc(language)
    )
}

/// The built-in look as a Word file to edit (`thinkkit templates export`): a short document
/// showing every style, with the built-in page, footer and styles. Edit its styles in Word and
/// pass it to `thinkkit render --reference-docx`.
pub fn reference_document() -> anyhow::Result<Vec<u8>> {
    let markdown = "# Title\n\nA paragraph of body text in the Normal style, with **bold**, *italic* and a [link](https://example.org).\n\n\
                    ## Heading 1\n\nBody text.\n\n### Heading 2\n\nBody text.\n\n#### Heading 3\n\n\
                    - A bulleted list item (List Paragraph)\n- Another item\n\n1. A numbered list item\n2. Another item\n\n\
                    > A quoted or highlighted note (Quote).\n\n\
                    | Table Grid, header row | Number |\n|---|---:|\n| Table Text | £1,200 |\n| Table Text | 45% |\n";
    render(
        markdown,
        &[],
        &DocInfo {
            title: "thinkkit reference document".to_owned(),
            language: "en-GB".to_owned(),
            author: "Organisation".to_owned(),
            ..DocInfo::default()
        },
        Layout::Document,
        None,
    )
}
