//! Charts as pictures, for Word: the same SVG the HTML page shows, rasterised with resvg.
//!
//! Word and LibreOffice both show PNG; not every version shows SVG. The chart is drawn at twice
//! its size so that it stays sharp when printed at the width of the text. Its labels are drawn
//! with a sans-serif font of the machine (the first of a few common ones found), as the page
//! draws them with the browser's; the fonts are looked up once per process.

use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, anyhow};
use resvg::tiny_skia;
use resvg::usvg;

/// How many pixels a chart's pixel becomes.
const SCALE: f32 = 2.0;

/// Sans-serif families to draw labels with, in order of preference; the first the machine has
/// is used.
const FAMILIES: &[&str] = &[
    "Arial",
    "Liberation Sans",
    "Helvetica",
    "DejaVu Sans",
    "Noto Sans",
    "Roboto",
    "Segoe UI",
    "Verdana",
];

/// A chart as a PNG: its bytes and its size in the chart's own pixels (before [`SCALE`]).
#[derive(Debug, Clone)]
pub struct Png {
    /// The PNG file.
    pub bytes: Vec<u8>,
    /// Width in chart pixels.
    pub width: f32,
    /// Height in chart pixels.
    pub height: f32,
}

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_system_fonts();
        let family = FAMILIES
            .iter()
            .find(|f| {
                fonts
                    .faces()
                    .any(|face| face.families.iter().any(|(name, _)| name == *f))
            })
            .map_or_else(
                || {
                    // Any font at all is better than labels that vanish.
                    fonts
                        .faces()
                        .next()
                        .and_then(|f| f.families.first())
                        .map_or_else(|| "Arial".to_owned(), |(name, _)| name.clone())
                },
                |f| (*f).to_owned(),
            );
        fonts.set_sans_serif_family(family.clone());
        usvg::Options {
            font_family: family,
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// Rasterise `svg` (a chart from [`crate::charts`]) on a white background.
pub fn png(svg: &str) -> anyhow::Result<Png> {
    let tree = usvg::Tree::from_str(svg, options()).context("cannot read a chart's drawing")?;
    let size = tree.size();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let (w, h) = (
        (size.width() * SCALE).ceil() as u32,
        (size.height() * SCALE).ceil() as u32,
    );
    let mut pixmap =
        tiny_skia::Pixmap::new(w, h).ok_or_else(|| anyhow!("a chart has no size to draw"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| anyhow!("cannot encode a chart as PNG: {e}"))?;
    Ok(Png {
        bytes,
        width: size.width(),
        height: size.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_becomes_a_png_twice_its_size() {
        let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"32\" viewBox=\"0 0 64 32\"><rect width=\"30\" height=\"10\" fill=\"#0072b2\"/><text x=\"2\" y=\"28\" font-family=\"sans-serif\">Hi</text></svg>";
        let png = png(svg).unwrap();
        assert!(png.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!((png.width - 64.0).abs() < f32::EPSILON);
        // IHDR: width and height, big-endian, after the 8-byte signature and 8 bytes of header.
        let w = u32::from_be_bytes(png.bytes[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png.bytes[20..24].try_into().unwrap());
        assert_eq!((w, h), (128, 64));
    }
}
