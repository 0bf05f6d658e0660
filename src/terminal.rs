//! What the commands ([`crate::cmd`]) and the workshop's prompts ([`crate::prompt`]) both need
//! from the terminal: the table style and the "stopped by the user" error. It lives below both
//! so that the prompt layer never reaches up into the commands.

use std::fmt;

/// The user interrupted an interactive command; everything confirmed was saved. The command
/// exits with [`Interrupted::code`]: 130 for Ctrl-C, 128 + the signal's number for a signal
/// such as SIGTERM (143) or SIGHUP (129).
#[derive(Debug)]
pub struct Interrupted {
    /// One line saying how to resume.
    pub message: String,
    /// The exit code.
    pub code: u8,
}

impl Interrupted {
    /// Ctrl-C: exit code 130.
    pub fn ctrl_c(message: impl Into<String>) -> Self {
        Interrupted {
            message: message.into(),
            code: 130,
        }
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Interrupted {}

/// A terminal table with the project's look: a header row, wrapping to the terminal's width.
pub fn table<const N: usize>(header: [&str; N]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header);
    fit_width(&mut t);
    t
}

/// Without a terminal to measure (output to a pipe or a file), a table wraps to `COLUMNS` when
/// it is set, as other tools' output does; otherwise its lines are as long as they need to be.
pub fn fit_width(t: &mut comfy_table::Table) {
    if t.width().is_none()
        && let Some(w) = std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.trim().parse::<u16>().ok())
            .filter(|w| *w >= 20)
    {
        t.set_width(w);
    }
}

/// Keep `words` whole in column `column` of `t`: the column is never made narrower than the
/// longest of them, so an id in a table can be copied into the next command rather than coming
/// out as `digital-a│ccess-sur│vey`. Other columns wrap instead.
pub fn keep_whole<'a>(
    t: &mut comfy_table::Table,
    column: usize,
    words: impl IntoIterator<Item = &'a str>,
) {
    let widest = words
        .into_iter()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0);
    // The constraint counts the column's padding too (a space each side).
    if let (Some(col), Ok(width)) = (t.column_mut(column), u16::try_from(widest + 2))
        && widest > 0
    {
        col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
            comfy_table::Width::Fixed(width),
        ));
    }
}
