//! A client's Word file as the house style of a document, as pandoc's `--reference-doc`: its
//! styles, page size and margins, headers and footers (and what they need: their pictures, the
//! theme its styles' fonts may name, its font table) are taken whole; its text is not.
//!
//! Only the parts that make the look are read, each with a size limit, and nothing in them is
//! run: the document is rewritten around them.

use std::io::{Cursor, Read};
use std::path::Path;

use anyhow::{Context as _, bail};
use quick_xml::events::Event;

/// The most a part of a reference document may hold (a styles part is typically 30–300 kB).
const PART_LIMIT: u64 = 16 * 1024 * 1024;

/// A part copied from the reference document into the output.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    /// Its path in the package, `word/footer1.xml`.
    pub(crate) path: String,
    pub(crate) bytes: Vec<u8>,
    /// Its content type, for an override (`None` for files covered by a default, pictures).
    pub(crate) content_type: Option<String>,
}

/// A relationship of the document to a copied part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) target: String,
}

/// Page size and margins, in twentieths of a point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) top: i32,
    pub(crate) right: u32,
    pub(crate) bottom: i32,
    pub(crate) left: u32,
    pub(crate) header: u32,
    pub(crate) footer: u32,
}

impl Page {
    /// A4 portrait, 2 cm margins.
    pub(crate) const A4: Page = Page {
        width: 11_906,
        height: 16_838,
        top: 1_134,
        right: 1_134,
        bottom: 1_134,
        left: 1_134,
        header: 567,
        footer: 567,
    };

    /// The width of the text between the margins.
    pub(crate) fn text_width(&self) -> u32 {
        self.width.saturating_sub(self.left + self.right).max(2_000)
    }

    /// This page turned to landscape (if it is not already) with margins of at most 1 cm.
    pub(crate) fn landscape(&self) -> Page {
        let (width, height) = if self.width >= self.height {
            (self.width, self.height)
        } else {
            (self.height, self.width)
        };
        Page {
            width,
            height,
            top: self.top.clamp(0, 567),
            right: self.right.min(567),
            bottom: self.bottom.clamp(0, 567),
            left: self.left.min(567),
            header: self.header.min(284),
            footer: self.footer.min(284),
        }
    }
}

/// What a reference document gives a document (read with [`crate::render::reference_docx`]).
#[derive(Debug, Clone)]
pub struct Reference {
    /// The styles part, as it is.
    pub(crate) styles: String,
    /// `(type, id, name)` of each style it defines.
    pub(crate) style_list: Vec<(String, String, String)>,
    pub(crate) page: Page,
    /// The header and footer references of its (last) section, with ids of [`Reference::rels`].
    pub(crate) header_footer_refs: String,
    /// Whether its first page has its own header and footer (`w:titlePg`).
    pub(crate) title_page: bool,
    pub(crate) parts: Vec<Part>,
    pub(crate) rels: Vec<Rel>,
    /// Content types by extension it declares (for its pictures).
    pub(crate) defaults: Vec<(String, String)>,
}

fn read_part(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> anyhow::Result<Vec<u8>> {
    let entry = zip
        .by_name(name)
        .with_context(|| format!("it has no `{name}`"))?;
    if entry.size() > PART_LIMIT {
        bail!("its `{name}` is larger than {} MiB", PART_LIMIT >> 20);
    }
    let mut bytes = Vec::new();
    entry.take(PART_LIMIT).read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), std::borrow::Cow::into_owned)
        })
    })
}

/// Read the reference document at `path`.
pub(crate) fn read(path: &Path) -> anyhow::Result<Reference> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    parse(bytes).with_context(|| {
        format!(
            "`{}` is not a Word document to take a house style from",
            path.display()
        )
    })
}

/// Read a reference document from its bytes.
pub(crate) fn parse(bytes: Vec<u8>) -> anyhow::Result<Reference> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).context("it is not a zip file")?;
    let styles = String::from_utf8(read_part(&mut zip, "word/styles.xml")?)
        .context("its styles are not UTF-8")?;
    let style_list = style_list(&styles)?;
    let document = String::from_utf8(read_part(&mut zip, "word/document.xml")?)
        .context("its document is not UTF-8")?;
    let rels_xml = String::from_utf8(read_part(&mut zip, "word/_rels/document.xml.rels")?)
        .context("its relationships are not UTF-8")?;
    let types = String::from_utf8(read_part(&mut zip, "[Content_Types].xml")?)
        .context("its content types are not UTF-8")?;
    let (overrides, defaults) = content_types(&types)?;

    let mut parts = Vec::new();
    let mut rels = Vec::new();
    let mut renamed: Vec<(String, String)> = Vec::new();
    for (id, kind, target) in relationships(&rels_xml)? {
        let short = kind.rsplit('/').next().unwrap_or_default();
        if !matches!(short, "header" | "footer" | "theme" | "fontTable") {
            continue;
        }
        let path = part_path("word", &target);
        let new_id = format!("rIdRef{}", rels.len() + 1);
        copy_part(&mut zip, &path, &overrides, &mut parts)?;
        // The part's own relationships (a logo in a header) come too.
        let (dir, file) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
        let own_rels = format!("{dir}/_rels/{file}.rels");
        if let Ok(xml) = read_part(&mut zip, &own_rels) {
            for (_, _, t) in relationships(&String::from_utf8_lossy(&xml))? {
                if !t.contains("://") {
                    copy_part(&mut zip, &part_path(dir, &t), &overrides, &mut parts)?;
                }
            }
            parts.push(Part {
                path: own_rels,
                bytes: xml,
                content_type: None,
            });
        }
        rels.push(Rel {
            id: new_id.clone(),
            kind,
            target: path.strip_prefix("word/").unwrap_or(&path).to_owned(),
        });
        renamed.push((id, new_id));
    }
    let (page, header_footer_refs, title_page) = section(&document, &renamed)?;
    Ok(Reference {
        styles,
        style_list,
        page,
        header_footer_refs,
        title_page,
        parts,
        rels,
        defaults,
    })
}

fn copy_part(
    zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>,
    path: &str,
    overrides: &[(String, String)],
    parts: &mut Vec<Part>,
) -> anyhow::Result<()> {
    if parts.iter().any(|p| p.path == path) {
        return Ok(());
    }
    let bytes = read_part(zip, path)?;
    let content_type = overrides
        .iter()
        .find(|(p, _)| p.trim_start_matches('/') == path)
        .map(|(_, t)| t.clone());
    parts.push(Part {
        path: path.to_owned(),
        bytes,
        content_type,
    });
    Ok(())
}

/// `word/media/logo.png` from a target relative to `dir`, with `..` resolved and kept inside
/// the package.
fn part_path(dir: &str, target: &str) -> String {
    let mut segments: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for s in target.split('/') {
        match s {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

fn style_list(styles: &str) -> anyhow::Result<Vec<(String, String, String)>> {
    let mut reader = quick_xml::Reader::from_str(styles);
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    loop {
        match reader
            .read_event()
            .context("its styles are not well-formed XML")?
        {
            Event::Start(e) if e.local_name().as_ref() == "style" => {
                current = Some((
                    attr(&e, "type").unwrap_or_default(),
                    attr(&e, "styleId").unwrap_or_default(),
                ));
            }
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "name" => {
                if let Some((kind, id)) = current.take() {
                    out.push((kind, id, attr(&e, "val").unwrap_or_default()));
                }
            }
            Event::End(e) if e.local_name().as_ref() == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn relationships(xml: &str) -> anyhow::Result<Vec<(String, String, String)>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader
            .read_event()
            .context("its relationships are not well-formed XML")?
        {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == "Relationship" => {
                if attr(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                out.push((
                    attr(&e, "Id").unwrap_or_default(),
                    attr(&e, "Type").unwrap_or_default(),
                    attr(&e, "Target").unwrap_or_default(),
                ));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

type ContentTypes = (Vec<(String, String)>, Vec<(String, String)>);

fn content_types(xml: &str) -> anyhow::Result<ContentTypes> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut overrides, mut defaults) = (Vec::new(), Vec::new());
    loop {
        match reader
            .read_event()
            .context("its content types are not well-formed XML")?
        {
            Event::Empty(e) | Event::Start(e) => match e.local_name().as_ref() {
                "Override" => overrides.push((
                    attr(&e, "PartName").unwrap_or_default(),
                    attr(&e, "ContentType").unwrap_or_default(),
                )),
                "Default" => defaults.push((
                    attr(&e, "Extension")
                        .unwrap_or_default()
                        .to_ascii_lowercase(),
                    attr(&e, "ContentType").unwrap_or_default(),
                )),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((overrides, defaults))
}

/// The page of the document's last section, its header and footer references (with the new
/// relationship ids), and whether it has a first-page header.
fn section(document: &str, renamed: &[(String, String)]) -> anyhow::Result<(Page, String, bool)> {
    let mut reader = quick_xml::Reader::from_str(document);
    let mut depth_in_sect: Option<usize> = None;
    let mut depth = 0usize;
    let mut page = Page::A4;
    let mut refs = String::new();
    let mut title_page = false;
    let num = |e: &quick_xml::events::BytesStart<'_>, name: &str| {
        attr(e, name).and_then(|v| v.parse::<i64>().ok())
    };
    let to_u32 = |v: i64| u32::try_from(v.max(0)).unwrap_or(0);
    let to_i32 = |v: i64| i32::try_from(v).unwrap_or(0);
    loop {
        let event = reader
            .read_event()
            .context("its document is not well-formed XML")?;
        let (e, empty) = match &event {
            Event::Start(e) => (Some(e), false),
            Event::Empty(e) => (Some(e), true),
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if depth_in_sect.is_some_and(|d| depth < d) {
                    depth_in_sect = None;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let Some(e) = e else { continue };
        let name = e.local_name();
        let name = name.as_ref();
        // The body's own sectPr (document > body > sectPr) is the last section's.
        if name == "sectPr" && depth == 2 {
            depth_in_sect = Some(depth + 1);
            page = Page::A4;
            refs.clear();
            title_page = false;
        }
        if depth_in_sect.is_some() {
            match name {
                "pgSz" => {
                    page.width = num(e, "w").map_or(page.width, to_u32);
                    page.height = num(e, "h").map_or(page.height, to_u32);
                }
                "pgMar" => {
                    page.top = num(e, "top").map_or(page.top, to_i32);
                    page.bottom = num(e, "bottom").map_or(page.bottom, to_i32);
                    page.left = num(e, "left").map_or(page.left, to_u32);
                    page.right = num(e, "right").map_or(page.right, to_u32);
                    page.header = num(e, "header").map_or(page.header, to_u32);
                    page.footer = num(e, "footer").map_or(page.footer, to_u32);
                }
                "headerReference" | "footerReference" => {
                    let kind = attr(e, "type").unwrap_or_else(|| "default".to_owned());
                    let id = attr(e, "id").unwrap_or_default();
                    if let Some((_, new)) = renamed.iter().find(|(old, _)| *old == id) {
                        refs.push_str(&format!(
                            "<w:{} w:type=\"{}\" r:id=\"{new}\"/>",
                            if name == "headerReference" {
                                "headerReference"
                            } else {
                                "footerReference"
                            },
                            crate::text::escape_markup(&kind)
                        ));
                    }
                }
                "titlePg" => {
                    title_page = attr(e, "val").is_none_or(|v| v != "0" && v != "false");
                }
                _ => {}
            }
        }
        if !empty {
            depth += 1;
        }
    }
    // A page too small to hold text is not a house style.
    if page.width < 2_880 || page.height < 2_880 {
        page = Page::A4;
    }
    Ok((page, refs, title_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_package() {
        assert_eq!(part_path("word", "footer1.xml"), "word/footer1.xml");
        assert_eq!(part_path("word", "../customXml/a.xml"), "customXml/a.xml");
        assert_eq!(part_path("word", "/word/media/x.png"), "word/media/x.png");
        assert_eq!(part_path("word", "../../../etc/passwd"), "etc/passwd");
    }

    #[test]
    fn the_last_section_gives_the_page_and_its_footers() {
        let doc = "<w:document xmlns:w=\"w\" xmlns:r=\"r\"><w:body><w:p><w:pPr><w:sectPr><w:pgSz w:w=\"1\" w:h=\"1\"/></w:sectPr></w:pPr></w:p>\
                   <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId9\"/><w:pgSz w:w=\"12240\" w:h=\"15840\"/>\
                   <w:pgMar w:top=\"1440\" w:right=\"1800\" w:bottom=\"1440\" w:left=\"1800\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>";
        let (page, refs, title) =
            section(doc, &[("rId9".to_owned(), "rIdRef1".to_owned())]).unwrap();
        assert_eq!(
            (page.width, page.height, page.left),
            (12_240, 15_840, 1_800)
        );
        assert_eq!(page.text_width(), 12_240 - 3_600);
        assert_eq!(
            refs,
            "<w:footerReference w:type=\"default\" r:id=\"rIdRef1\"/>"
        );
        assert!(title);
    }
}
