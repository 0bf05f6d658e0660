//! Small text formatting shared by the terminal, the documents and the game.

/// `£1,200` (whole pounds), or `£0.17` for amounts under £10 that have pence.
///
/// ```
/// use thinkkit::text::money;
/// assert_eq!(money(1200.0), "£1,200");
/// assert_eq!(money(0.17), "£0.17");
/// ```
pub fn money(v: f64) -> String {
    if v.fract().abs() > f64::EPSILON && v.abs() < 10.0 {
        let sign = if v < 0.0 { "-" } else { "" };
        return format!("{sign}£{:.2}", v.abs());
    }
    #[allow(clippy::cast_possible_truncation)]
    let whole = v.round() as i64;
    format!(
        "{}£{}",
        if whole < 0 { "-" } else { "" },
        group_thousands(whole.unsigned_abs())
    )
}

/// `£1,200–£3,000`, with `*` when the range is an estimate to replace.
///
/// ```
/// use thinkkit::text::money_range;
/// assert_eq!(money_range(1200.0, 3000.0, true), "£1,200–£3,000*");
/// ```
pub fn money_range(min: f64, max: f64, estimate: bool) -> String {
    let star = if estimate { "*" } else { "" };
    if (min - max).abs() < f64::EPSILON {
        format!("{}{star}", money(min))
    } else {
        format!("{}–{}{star}", money(min), money(max))
    }
}

/// `12,400`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }
}
