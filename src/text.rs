//! Small text formatting shared by the terminal, the documents and the game.

use std::fmt::Write as _;

/// `£1,200` (whole pounds), or `£0.17` for amounts under £10 that have pence.
///
/// ```
/// use thinkkit::text::money;
/// assert_eq!(money(1200.0), "£1,200");
/// assert_eq!(money(0.17), "£0.17");
/// ```
pub fn money(v: f64) -> String {
    let mut out = String::with_capacity(16);
    push_money(&mut out, v);
    out
}

/// [`money`], written at the end of `out`.
fn push_money(out: &mut String, v: f64) {
    if !v.is_finite() {
        // Plans and kits refuse such numbers when they are read; never show one as an amount.
        out.push_str("(not a finite amount)");
        return;
    }
    if v.fract().abs() > f64::EPSILON && v.abs() < 10.0 {
        if v < 0.0 {
            out.push('-');
        }
        let _ = write!(out, "£{:.2}", v.abs());
        return;
    }
    // The digits of the rounded amount as they are, however large: an amount is never clipped
    // to what a machine integer holds.
    let rounded = v.round();
    if rounded < 0.0 {
        out.push('-');
    }
    out.push('£');
    // Below 2^53 every whole number is exact as an integer, whose digits are much cheaper to
    // write than a float's exact digits (`{:.0}`): `print cards` writes 220 amounts.
    if rounded.abs() < 9_007_199_254_740_992.0 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let n = rounded.abs() as u64;
        push_grouped(out, n.to_string().as_bytes());
    } else {
        push_grouped(out, format!("{:.0}", rounded.abs()).as_bytes());
    }
}

/// `£1,200–£3,000`, with `*` when the range is an estimate to replace.
///
/// ```
/// use thinkkit::text::money_range;
/// assert_eq!(money_range(1200.0, 3000.0, true), "£1,200–£3,000*");
/// ```
pub fn money_range(min: f64, max: f64, estimate: bool) -> String {
    let mut out = String::with_capacity(32);
    push_money(&mut out, min);
    if (min - max).abs() >= f64::EPSILON {
        out.push('–');
        push_money(&mut out, max);
    }
    if estimate {
        out.push('*');
    }
    out
}

/// `12,400`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    push_grouped(&mut out, digits.as_bytes());
    out
}

/// ASCII digits, with commas between the thousands, at the end of `out`.
fn push_grouped(out: &mut String, digits: &[u8]) {
    for (i, &d) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(d));
    }
}

/// `text` made safe for HTML or XML, in element content and in quoted attribute values alike.
/// Control characters other than tab and newline, which XML 1.0 does not allow, become spaces.
pub fn escape_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\t' && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// `Activity budget` from `activity budget`: the first letter upper-cased, the rest kept (so
/// `NHS app users` stays as it is).
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

/// The words of a piece of Markdown as plain words, for a one-line excerpt: emphasis and code
/// marks (`**`, `*`, `` ` ``, and `_` around a word) and list, quote and heading markers are
/// left out, so `by **March 2027**.` reads `by March 2027.`
pub fn plain_words(markdown: &str) -> Vec<String> {
    markdown
        .split_whitespace()
        .map(|w| {
            let w: String = w.chars().filter(|c| !matches!(c, '*' | '`')).collect();
            // `_` marks emphasis only at a word's edges (`_very_,`); inside it is the word's.
            let end = w.trim_end_matches(|c: char| c.is_ascii_punctuation() && c != '_');
            let (core, tail) = w.split_at(end.len());
            format!("{}{tail}", core.trim_matches('_'))
        })
        .filter(|w| {
            !w.is_empty() && !matches!(w.as_str(), "-" | "+" | ">") && !w.chars().all(|c| c == '#')
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped_for_attributes_and_text() {
        assert_eq!(
            escape_markup("Tea & <chat> \"x\" 'y'\u{1}\tz\n"),
            "Tea &amp; &lt;chat&gt; &quot;x&quot; &#39;y&#39; \tz\n"
        );
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(1200.0), "£1,200");
        assert_eq!(money(0.17), "£0.17");
        assert_eq!(money(14.0), "£14");
        assert_eq!(money(1_234_567.4), "£1,234,567");
        assert_eq!(money(-50.0), "-£50");
        assert_eq!(money(-5.1), "-£5.10");
        assert_eq!(money_range(100.0, 100.0, true), "£100*");
        assert_eq!(money_range(0.0, 2500.0, false), "£0–£2,500");
        assert_eq!(money_range(1.5, 2.25, false), "£1.50–£2.25");
        // Each length of digits, and both sides of 2^53, where the digits stop coming from an
        // integer.
        assert_eq!(money(0.0), "£0");
        assert_eq!(money(999.0), "£999");
        assert_eq!(money(1000.0), "£1,000");
        assert_eq!(money(99_999.0), "£99,999");
        assert_eq!(money(100_000.0), "£100,000");
        assert_eq!(money(9_007_199_254_740_991.0), "£9,007,199,254,740,991");
        assert_eq!(money(9_007_199_254_740_992.0), "£9,007,199,254,740,992");
        assert_eq!(group_thousands(1_234), "1,234");
        assert_eq!(group_thousands(u64::MAX), "18,446,744,073,709,551,615");
    }

    /// A budget of 1e308 used to be shown as £9,223,372,036,854,775,807 (issue 12).
    #[test]
    fn money_never_saturates() {
        assert_eq!(money(1e19), "£10,000,000,000,000,000,000");
        assert_eq!(money(-9.3e18), "-£9,300,000,000,000,000,000");
        assert!(money(1e308).starts_with("£100,000,000,000,000,00"));
        assert_eq!(money(1e308).matches(',').count(), 102);
        assert_eq!(money(f64::INFINITY), "(not a finite amount)");
        assert_eq!(money(f64::NAN), "(not a finite amount)");
        assert_eq!(money(-0.4), "-£0.40");
        assert_eq!(money(-0.0), "£0");
    }

    #[test]
    fn markdown_becomes_plain_words() {
        assert_eq!(
            plain_words("Online booking by **March 2027**. - _Every_ `site`, snake_case!")
                .join(" "),
            "Online booking by March 2027. Every site, snake_case!"
        );
        assert_eq!(plain_words("## Aim\n> quoted").join(" "), "Aim quoted");
    }
}
