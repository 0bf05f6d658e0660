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
pub fn table<const N: usize>(header: [&str; N]) -> Table {
    Table {
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows: Vec::new(),
        lower: vec![0; N],
        width: None,
    }
}

/// A table drawn in comfy-table's `UTF8_FULL_CONDENSED` style.
///
/// comfy-table arranges and draws it whenever it has a width to fit: at a terminal, with
/// `COLUMNS` set, or with [`Table::set_width`]. Without one (output to a pipe or a file), every
/// column is as wide as its widest line and nothing wraps; that layout is drawn here directly,
/// line by line, and comes out character for character as comfy-table draws it
/// (`tests::drawn_as_comfy_table_draws_it` checks this). comfy-table pads every cell line with
/// a string of its own and measures each one several times, which was a fifth of
/// `thinkkit status`.
#[derive(Debug, Clone)]
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Per column, the narrowest it may be, its padding included ([`keep_whole`]); 0 for none.
    lower: Vec<u16>,
    width: Option<u16>,
}

impl Table {
    /// Add a row of cells; a cell's line feeds start new lines within it.
    pub fn add_row<S: Into<String>>(&mut self, cells: impl IntoIterator<Item = S>) -> &mut Self {
        self.rows.push(cells.into_iter().map(Into::into).collect());
        self
    }

    /// Fit the table to `width` columns, wrapping cells as needed.
    pub fn set_width(&mut self, width: u16) -> &mut Self {
        self.width = Some(width);
        self
    }

    /// The same table for comfy-table to arrange and draw.
    fn comfy(&self) -> comfy_table::Table {
        let mut t = comfy_table::Table::new();
        t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
            .set_header(&self.header);
        for row in &self.rows {
            t.add_row(row);
        }
        for (i, lower) in self.lower.iter().enumerate() {
            if let Some(col) = t.column_mut(i)
                && *lower > 0
            {
                col.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(
                    comfy_table::Width::Fixed(*lower),
                ));
            }
        }
        t
    }

    /// Whether every column is as wide as its widest line: no width to fit, every row as long
    /// as the header (comfy-table fills a short row in a way of its own), and no cell so long
    /// that comfy-table, which counts widths in 16 bits, would wrap it anyway.
    fn at_full_width(&self) -> bool {
        const LONGEST: usize = 60_000;
        if self.width.is_some()
            || self.rows.iter().any(|r| r.len() != self.header.len())
            || std::iter::once(&self.header)
                .chain(&self.rows)
                .flatten()
                .any(|cell| cell.len() > LONGEST)
        {
            return false;
        }
        let mut probe = comfy_table::Table::new();
        fit_width(&mut probe);
        probe.width().is_none()
    }

    /// Draw the table with every column as wide as its widest line.
    fn draw_at_full_width(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut widths: Vec<usize> = self
            .lower
            .iter()
            .map(|l| usize::from(*l).saturating_sub(2))
            .collect();
        let mut lines = 4;
        for row in std::iter::once(&self.header).chain(&self.rows) {
            let mut height = 0;
            for (w, cell) in widths.iter_mut().zip(row) {
                for line in cell.split('\n') {
                    *w = (*w).max(width_of(line));
                }
                height = height.max(cell.split('\n').count());
            }
            lines += height;
        }
        for w in &mut widths {
            *w = (*w).max(1);
        }
        // Drawn into one string and written at once: each line is about as long as the table
        // is wide, in characters of up to 3 bytes.
        let line_bytes = 3 * (widths.iter().map(|w| w + 3).sum::<usize>() + 1) + 1;
        let mut out = String::with_capacity(lines * line_bytes);
        let rule = |out: &mut String, [left, line, cross, right]: [char; 4]| {
            out.push(left);
            for (i, w) in widths.iter().enumerate() {
                if i > 0 {
                    out.push(cross);
                }
                out.extend(std::iter::repeat_n(line, w + 2));
            }
            out.push(right);
        };
        let row_lines = |out: &mut String, row: &[String]| {
            let mut cells: Vec<std::str::Split<'_, char>> =
                row.iter().map(|c| c.split('\n')).collect();
            let height = row.iter().map(|c| c.split('\n').count()).max().unwrap_or(0);
            for _ in 0..height {
                out.push_str("\n│");
                for (i, (cell, w)) in cells.iter_mut().zip(&widths).enumerate() {
                    if i > 0 {
                        out.push('┆');
                    }
                    let line = cell.next().unwrap_or("");
                    out.push(' ');
                    out.push_str(line);
                    out.extend(std::iter::repeat_n(' ', w + 1 - width_of(line).min(*w)));
                }
                out.push('│');
            }
        };
        rule(&mut out, ['┌', '─', '┬', '┐']);
        row_lines(&mut out, &self.header);
        out.push('\n');
        rule(&mut out, ['╞', '═', '╪', '╡']);
        for row in &self.rows {
            row_lines(&mut out, row);
        }
        out.push('\n');
        rule(&mut out, ['└', '─', '┴', '┘']);
        f.write_str(&out)
    }
}

/// How many columns `line` takes, as comfy-table measures it: a printable ASCII character takes
/// one (most lines are only those, and are measured at once), others as Unicode says.
fn width_of(line: &str) -> usize {
    if line.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        line.len()
    } else {
        unicode_width::UnicodeWidthStr::width(line)
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.at_full_width() {
            return self.draw_at_full_width(f);
        }
        let mut t = self.comfy();
        match self.width {
            Some(w) => {
                t.set_width(w);
            }
            None => fit_width(&mut t),
        }
        write!(f, "{t}")
    }
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
pub fn keep_whole<'a>(t: &mut Table, column: usize, words: impl IntoIterator<Item = &'a str>) {
    let widest = words
        .into_iter()
        .map(console::measure_text_width)
        .max()
        .unwrap_or(0);
    // The bound counts the column's padding too (a space each side).
    if let (Some(lower), Ok(width)) = (t.lower.get_mut(column), u16::try_from(widest + 2))
        && widest > 0
    {
        *lower = width;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Table::draw_at_full_width`] as a value to format.
    struct FullWidth<'a>(&'a Table);

    impl fmt::Display for FullWidth<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            self.0.draw_at_full_width(f)
        }
    }

    #[test]
    fn drawn_as_comfy_table_draws_it() {
        // Cells of the kinds thinkkit's tables hold: ids, amounts with their signs, dashes and
        // dots, accented and wide characters, empty cells and cells of several lines.
        const WORDS: [&str; 12] = [
            "digital-access-survey",
            "£12,500–£14,000 (yours)",
            "–",
            "3 of 7 · 1 to decide",
            "Café",
            "漢字の表",
            "",
            "x",
            "a year",
            "reach 1,200*",
            "Skills for life: a long title of a card",
            "0",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % n as u64).expect("small")
        };
        for _ in 0..500 {
            let columns = 1 + next(5);
            let cell = |next: &mut dyn FnMut(usize) -> usize| {
                (0..1 + next(3))
                    .map(|_| WORDS[next(WORDS.len())])
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let header: Vec<String> = (0..columns)
                .map(|_| WORDS[next(WORDS.len())].to_owned())
                .collect();
            let mut t = Table {
                header,
                rows: Vec::new(),
                lower: vec![0; columns],
                width: None,
            };
            for _ in 0..next(6) {
                let row: Vec<String> = (0..columns).map(|_| cell(&mut next)).collect();
                t.add_row(row);
            }
            for c in 0..columns {
                if next(2) == 0 {
                    let n = next(WORDS.len());
                    keep_whole(&mut t, c, [WORDS[n]]);
                }
            }
            let mut comfy = t.comfy();
            comfy.force_no_tty();
            assert_eq!(FullWidth(&t).to_string(), comfy.to_string(), "{t:?}");
        }
    }

    #[test]
    fn a_width_to_fit_a_short_row_or_a_huge_cell_is_left_to_comfy_table() {
        let mut t = table(["id", "title"]);
        t.add_row(["a", "b"]);
        let mut wide = t.clone();
        wide.set_width(80);
        assert!(!wide.at_full_width());
        let mut long = t.clone();
        long.add_row(["a".repeat(70_000), "b".to_owned()]);
        assert!(!long.at_full_width());
        t.add_row(["only one"]);
        assert!(!t.at_full_width());
    }
}
