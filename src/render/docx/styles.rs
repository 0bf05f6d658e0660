//! The styles a Word document uses, by the names Word gives its built-in styles (`heading 1`,
//! `List Paragraph`, `Table Grid`), and the built-in definition of each.
//!
//! Word finds a style by its id, but ids are local to a document (a German Word calls
//! `heading 1` `berschrift1`), while the name is what Word, LibreOffice and pandoc agree on. So
//! a document is written against [`Role`]s, and [`StyleMap`] says which id each role has in the
//! styles part that is shipped: the built-in one, or a client's reference document's, where a
//! style the reference defines is used as it is and only the ones it lacks are added from here.
//! The added ones set sizes and spacing but no font, so they take the reference's font from its
//! `Normal` style and document defaults.

use std::collections::HashMap;
use std::fmt::Write as _;

/// A style the writer uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Normal,
    Title,
    Heading1,
    Heading2,
    Heading3,
    ListParagraph,
    Quote,
    TableText,
    TocHeading,
    Toc1,
    Footer,
    Caption,
    Hyperlink,
    Code,
    Table,
}

impl Role {
    pub(crate) const ALL: [Role; 15] = [
        Role::Normal,
        Role::Title,
        Role::Heading1,
        Role::Heading2,
        Role::Heading3,
        Role::ListParagraph,
        Role::Quote,
        Role::TableText,
        Role::TocHeading,
        Role::Toc1,
        Role::Footer,
        Role::Caption,
        Role::Hyperlink,
        Role::Code,
        Role::Table,
    ];

    /// The style's name, as Word's built-in styles are named (lower case where Word's are).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Normal => "Normal",
            Role::Title => "Title",
            Role::Heading1 => "heading 1",
            Role::Heading2 => "heading 2",
            Role::Heading3 => "heading 3",
            Role::ListParagraph => "List Paragraph",
            Role::Quote => "Quote",
            Role::TableText => "Table Text",
            Role::TocHeading => "TOC Heading",
            Role::Toc1 => "toc 1",
            Role::Footer => "footer",
            Role::Caption => "caption",
            Role::Hyperlink => "Hyperlink",
            Role::Code => "Verbatim Char",
            Role::Table => "Table Grid",
        }
    }

    /// The id the built-in styles give it (Word's own ids in English).
    pub(crate) fn builtin_id(self) -> &'static str {
        match self {
            Role::Normal => "Normal",
            Role::Title => "Title",
            Role::Heading1 => "Heading1",
            Role::Heading2 => "Heading2",
            Role::Heading3 => "Heading3",
            Role::ListParagraph => "ListParagraph",
            Role::Quote => "Quote",
            Role::TableText => "TableText",
            Role::TocHeading => "TOCHeading",
            Role::Toc1 => "TOC1",
            Role::Footer => "Footer",
            Role::Caption => "Caption",
            Role::Hyperlink => "Hyperlink",
            Role::Code => "VerbatimChar",
            Role::Table => "TableGrid",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Role::Hyperlink | Role::Code => "character",
            Role::Table => "table",
            _ => "paragraph",
        }
    }

    /// The built-in definition's properties (everything inside `<w:style>` after the name).
    /// `based` is the id of `Normal` in the styles part this goes into; `compact` sets smaller
    /// type and spacing, for a strategy on one page.
    fn body(self, based: &str, compact: bool) -> String {
        let (title, h1, h2, h3, table) = if compact {
            (28, 20, 18, 17, 14)
        } else {
            (44, 32, 26, 23, 19)
        };
        let (b1, b2, b3) = if compact {
            (120, 100, 80)
        } else {
            (360, 240, 200)
        };
        let heading = |size: u32, before: u32, level: u32| {
            format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
                 <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"{before}\" w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
                 <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>"
            )
        };
        match self {
            Role::Normal => "<w:qFormat/>".to_owned(),
            Role::Title => format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"10\"/><w:qFormat/>\
                 <w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"240\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
                 <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"{title}\"/><w:szCs w:val=\"{title}\"/></w:rPr>"
            ),
            Role::Heading1 => heading(h1, b1, 0),
            Role::Heading2 => heading(h2, b2, 1),
            Role::Heading3 => heading(h3, b3, 2),
            Role::ListParagraph => format!(
                "<w:basedOn w:val=\"{based}\"/><w:uiPriority w:val=\"34\"/><w:qFormat/>\
                 <w:pPr><w:spacing w:after=\"60\"/><w:ind w:left=\"720\"/></w:pPr>"
            ),
            Role::Quote => format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"29\"/><w:qFormat/>\
                 <w:pPr><w:pBdr><w:left w:val=\"single\" w:sz=\"18\" w:space=\"8\" w:color=\"E0A800\"/></w:pBdr>\
                 <w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"FFF8E1\"/><w:ind w:left=\"284\" w:right=\"284\"/></w:pPr>"
            ),
            Role::TableText => format!(
                "<w:basedOn w:val=\"{based}\"/><w:qFormat/>\
                 <w:pPr><w:spacing w:before=\"40\" w:after=\"40\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
                 <w:rPr><w:sz w:val=\"{table}\"/><w:szCs w:val=\"{table}\"/></w:rPr>"
            ),
            Role::TocHeading => format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/><w:qFormat/>\
                 <w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"240\" w:after=\"120\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
                 <w:rPr><w:b/><w:bCs/><w:color w:val=\"1F3864\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>"
            ),
            Role::Toc1 => format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"39\"/><w:unhideWhenUsed/>\
                 <w:pPr><w:spacing w:after=\"60\"/></w:pPr>"
            ),
            Role::Footer => format!(
                "<w:basedOn w:val=\"{based}\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>\
                 <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
                 <w:rPr><w:color w:val=\"52606D\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>"
            ),
            Role::Caption => format!(
                "<w:basedOn w:val=\"{based}\"/><w:next w:val=\"{based}\"/><w:uiPriority w:val=\"35\"/><w:unhideWhenUsed/><w:qFormat/>\
                 <w:pPr><w:spacing w:after=\"200\"/></w:pPr><w:rPr><w:i/><w:iCs/><w:color w:val=\"52606D\"/><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr>"
            ),
            Role::Hyperlink => "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>\
                 <w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr>"
                .to_owned(),
            Role::Code => "<w:rPr><w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/></w:rPr>"
                .to_owned(),
            Role::Table => "<w:uiPriority w:val=\"39\"/>\
                 <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
                 <w:tblPr><w:tblBorders>\
                 <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"C8CFDC\"/>\
                 </w:tblBorders><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/><w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr>"
                .to_owned(),
        }
    }

    /// The whole `<w:style>` element with id `id`.
    fn element(self, id: &str, based: &str, compact: bool) -> String {
        let default = if self == Role::Normal || self == Role::Table {
            " w:default=\"1\""
        } else {
            ""
        };
        format!(
            "<w:style w:type=\"{}\"{default} w:styleId=\"{id}\"><w:name w:val=\"{}\"/>{}</w:style>",
            self.kind(),
            self.name(),
            self.body(based, compact)
        )
    }
}

/// Which style id each role has in the document's styles part.
#[derive(Debug, Clone)]
pub(crate) struct StyleMap {
    ids: HashMap<Role, String>,
}

impl StyleMap {
    /// The id of `role`'s style.
    pub(crate) fn id(&self, role: Role) -> &str {
        self.ids.get(&role).map_or("Normal", String::as_str)
    }
}

/// The built-in styles part for a document in `language` (`compact`: in smaller type, for one
/// page), and its style map.
pub(crate) fn builtin(language: &str, compact: bool) -> (String, StyleMap) {
    let (size, after) = if compact { (16, 60) } else { (22, 120) };
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    // Document defaults: Calibri 11 pt, a line and a tenth (`auto` is proportional, so a
    // two-line heading spaces its lines by its own size).
    let _ = write!(
        xml,
        "<w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Calibri\" w:hAnsi=\"Calibri\" w:eastAsia=\"Calibri\" w:cs=\"Calibri\"/>\
         <w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/><w:lang w:val=\"{}\" w:eastAsia=\"{}\" w:bidi=\"ar-SA\"/>\
         </w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>\
         <w:spacing w:after=\"{after}\" w:line=\"264\" w:lineRule=\"auto\"/>\
         </w:pPr></w:pPrDefault></w:docDefaults>",
        crate::text::escape_markup(language),
        crate::text::escape_markup(language),
    );
    let mut ids = HashMap::new();
    for role in Role::ALL {
        xml.push_str(&role.element(role.builtin_id(), "Normal", compact));
        ids.insert(role, role.builtin_id().to_owned());
    }
    xml.push_str("</w:styles>");
    (xml, StyleMap { ids })
}

/// A reference document's styles part with the styles it lacks added, and its style map.
/// `styles` is the `(type, id, name)` of each style it defines.
pub(crate) fn merged(reference: &str, styles: &[(String, String, String)]) -> (String, StyleMap) {
    let find = |role: Role| {
        styles
            .iter()
            .find(|(kind, _, name)| kind == role.kind() && name.eq_ignore_ascii_case(role.name()))
            .map(|(_, id, _)| id.clone())
    };
    let taken = |id: &str| styles.iter().any(|(_, i, _)| i == id);
    let mut ids = HashMap::new();
    let mut added = String::new();
    // `Normal` first: the added styles are based on it.
    let normal = find(Role::Normal).unwrap_or_else(|| "Normal".to_owned());
    for role in Role::ALL {
        if let Some(id) = find(role) {
            ids.insert(role, id);
            continue;
        }
        let mut id = role.builtin_id().to_owned();
        if taken(&id) {
            id = format!("Thinkkit{id}");
        }
        added.push_str(&role.element(&id, &normal, false));
        ids.insert(role, id);
    }
    let xml = match reference.rfind("</w:styles>") {
        Some(end) => format!("{}{added}{}", &reference[..end], &reference[end..]),
        None => reference.to_owned(),
    };
    (xml, StyleMap { ids })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_keeps_its_styles_by_name_and_gains_the_missing_ones() {
        let reference = "<w:styles><w:style w:type=\"paragraph\" w:styleId=\"berschrift1\"><w:name w:val=\"heading 1\"/></w:style><w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Something else\"/></w:style></w:styles>";
        let styles = vec![
            (
                "paragraph".to_owned(),
                "berschrift1".to_owned(),
                "heading 1".to_owned(),
            ),
            (
                "paragraph".to_owned(),
                "Quote".to_owned(),
                "Something else".to_owned(),
            ),
        ];
        let (xml, map) = merged(reference, &styles);
        assert_eq!(map.id(Role::Heading1), "berschrift1");
        // An id the reference uses for another style is not reused.
        assert_eq!(map.id(Role::Quote), "ThinkkitQuote");
        assert!(xml.contains("w:styleId=\"ThinkkitQuote\"><w:name w:val=\"Quote\"/>"));
        assert!(xml.contains("w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"));
        assert_eq!(xml.matches("w:styleId=\"berschrift1\"").count(), 1);
        assert!(xml.ends_with("</w:styles>"));
    }

    #[test]
    fn the_built_in_line_spacing_has_a_rule() {
        let (xml, _) = builtin("en-GB", false);
        assert!(!xml.contains("w:line=\"264\"/>"));
        assert!(xml.contains("w:line=\"264\" w:lineRule=\"auto\""));
        assert!(xml.contains("<w:lang w:val=\"en-GB\""));
    }
}
