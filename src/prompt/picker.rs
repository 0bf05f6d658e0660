//! The card chooser, made for a projector: shared by the workshop ("choose project cards for
//! this component") and the planning game (`thinkkit play` without `--team`).
//!
//! One line per card, always cut to the terminal's width: tick, title, level, points, the
//! first year's cost (set-up plus a year's running) and the barriers it addresses as short
//! words. Under the list a panel that stays on screen shows the highlighted card's summary,
//! cost ranges and barriers, so the room reads about a card while deciding on it. Typing
//! filters the list (by title, summary or barrier); ticks stay when the filter or the page
//! changes, and the header counts them and keeps a running total of points and pounds against
//! the budget. The whole chooser fits the terminal's height: the list pages, the panel does
//! not move.
//!
//! dialoguer's checklist cannot do this (one item is one wrapped line there, and nothing can
//! be drawn beside it), so the chooser is drawn on the workshop's own [`Screen`].

use console::{Key, style};

use super::screen::{Event, Screen, fit, wrap};
use super::widgets::{move_in, window_start};
use crate::analysis::MoneyRange;

/// A card as the chooser shows it.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// Title.
    pub title: String,
    /// Level, as a short word (`online`, `resident`, `personal`).
    pub level: String,
    /// The level as a code for narrow screens (`L1` for the kit's first level).
    pub level_code: String,
    /// The level's full label, for the panel.
    pub level_label: String,
    /// Points it costs (0 for a card already running in a game's scenario).
    pub points: u32,
    /// Set-up cost, running cost a year; `None` for a card written on the spot.
    pub costs: Option<(MoneyRange, MoneyRange)>,
    /// Barriers it addresses, as short words.
    pub barriers: Vec<String>,
    /// Barriers it addresses, as labels, for the panel.
    pub barrier_labels: Vec<String>,
    /// One sentence about it.
    pub summary: String,
    /// A remark shown in the panel's first line (`running already`, `your own card`).
    pub note: String,
}

impl Row {
    fn first_year(&self) -> Option<MoneyRange> {
        self.costs.map(|(s, r)| s.plus(r))
    }

    /// Whether the title, summary, level or a barrier contains `filter`, ignoring case and
    /// anything but letters and digits (`wifi` finds `Wi-Fi`).
    fn matches(&self, filter: &str) -> bool {
        let key = |t: &str| -> String {
            t.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        };
        let filter = key(filter);
        filter.is_empty()
            || [&self.title, &self.summary, &self.level_label]
                .into_iter()
                .chain(&self.barrier_labels)
                .any(|t| key(t).contains(&filter))
    }
}

/// What the ticked cards are counted against.
#[derive(Debug, Clone, Copy, Default)]
pub struct Budget {
    /// Points to spend (the game).
    pub points: Option<u32>,
    /// Pounds a year.
    pub money: Option<f64>,
    /// Points already spent outside this list (cards chosen for other components).
    pub points_elsewhere: u32,
    /// First-year cost already committed outside this list.
    pub money_elsewhere: MoneyRange,
}

/// A chooser: what is being chosen, the cards, which are ticked and the budget.
#[derive(Debug, Clone, Default)]
pub struct Chooser {
    /// The heading (`Cards for Channel shift`).
    pub title: String,
    /// The cards.
    pub rows: Vec<Row>,
    /// Which are ticked at the start.
    pub ticked: Vec<bool>,
    /// What the ticks count against.
    pub budget: Budget,
}

/// Let the person tick cards. `Some(ticks)` when they pressed Enter, `None` for Esc.
pub fn choose(screen: &mut Screen, chooser: &Chooser) -> anyhow::Result<Option<Vec<bool>>> {
    let mut ticks = chooser.ticked.clone();
    ticks.resize(chooser.rows.len(), false);
    let mut filter = String::new();
    let mut at = 0usize;
    loop {
        let shown: Vec<usize> = (0..chooser.rows.len())
            .filter(|i| chooser.rows[*i].matches(&filter))
            .collect();
        at = at.min(shown.len().saturating_sub(1));
        let layout = Layout::of(screen);
        draw(screen, chooser, &ticks, &shown, at, &filter, &layout)?;
        let key = match screen.key()? {
            Event::Redraw { .. } => continue,
            Event::Key(k) => k,
        };
        match key {
            Key::Enter => {
                screen.erase()?;
                return Ok(Some(ticks));
            }
            Key::Escape if !filter.is_empty() => {
                filter.clear();
                at = 0;
            }
            Key::Escape => {
                screen.erase()?;
                return Ok(None);
            }
            Key::Char(' ') => {
                if let Some(i) = shown.get(at) {
                    ticks[*i] = !ticks[*i];
                }
            }
            Key::Backspace => {
                filter.pop();
                at = 0;
            }
            Key::Char(c) if !c.is_control() => {
                filter.extend(c.to_lowercase());
                at = 0;
            }
            k => at = move_in(k, at, shown.len(), layout.list),
        }
    }
}

/// How the chooser's rows are shared out at the current terminal size.
struct Layout {
    width: usize,
    /// Rows of cards.
    list: usize,
    /// Lines of the summary in the panel.
    summary: usize,
}

impl Layout {
    fn of(screen: &Screen) -> Layout {
        let height = screen.height();
        // Heading, totals, keys; rule; panel of title, summary, costs, barriers.
        let summary = height.saturating_sub(16).clamp(1, 3);
        let fixed = 3 + 1 + 3 + summary + 1;
        Layout {
            width: screen.width(),
            list: height.saturating_sub(fixed).max(2),
            summary,
        }
    }
}

fn draw(
    screen: &mut Screen,
    chooser: &Chooser,
    ticks: &[bool],
    shown: &[usize],
    at: usize,
    filter: &str,
    layout: &Layout,
) -> anyhow::Result<()> {
    let width = layout.width;
    let mut lines = vec![style(fit(&chooser.title, width)).bold().to_string()];
    lines.push(totals(chooser, ticks));
    let keys = if filter.is_empty() {
        "type to filter · Space ticks · Enter saves · Esc cancels · ↑/↓ PgUp PgDn".to_owned()
    } else {
        format!(
            "filter: {filter}▏ ({} of {}) · Esc clears · Space ticks · Enter saves",
            shown.len(),
            chooser.rows.len()
        )
    };
    lines.push(style(fit(&keys, width)).dim().to_string());

    let start = window_start(at, shown.len(), layout.list);
    let columns = Columns::for_width(width);
    for (n, i) in shown.iter().enumerate().skip(start).take(layout.list) {
        lines.push(columns.row(&chooser.rows[*i], ticks[*i], n == at));
    }
    if shown.is_empty() {
        lines.push(style("  no card matches the filter").dim().to_string());
    }
    while lines.len() < 3 + layout.list {
        lines.push(String::new());
    }
    let mut more = if shown.len() > layout.list {
        format!(
            " {}–{} of {} ",
            start + 1,
            (start + layout.list).min(shown.len()),
            shown.len()
        )
    } else {
        String::new()
    };
    if chooser
        .rows
        .iter()
        .any(|r| r.costs.is_some_and(|(s, r)| s.estimate || r.estimate))
    {
        more.push_str(if more.is_empty() { " " } else { "─ " });
        more.push_str("* an estimate: replace it with your own cost ");
    }
    lines.push(
        style(format!(
            "──{more}{}",
            "─".repeat(width.saturating_sub(2 + more.chars().count()))
        ))
        .dim()
        .to_string(),
    );
    lines.extend(panel(shown.get(at).map(|i| &chooser.rows[*i]), layout));
    screen.draw(&lines, None)?;
    Ok(())
}

/// "3 ticked · 5 of 8 points · first year £12k–£30k of £45,000".
fn totals(chooser: &Chooser, ticks: &[bool]) -> String {
    let b = &chooser.budget;
    let ticked: Vec<&Row> = chooser
        .rows
        .iter()
        .zip(ticks)
        .filter(|(_, t)| **t)
        .map(|(r, _)| r)
        .collect();
    let points = b.points_elsewhere + ticked.iter().map(|r| r.points).sum::<u32>();
    let pounds = ticked
        .iter()
        .filter_map(|r| r.first_year())
        .fold(b.money_elsewhere, MoneyRange::plus);
    let mut parts = vec![format!("{} ticked", ticked.len())];
    let mut over = false;
    match b.points {
        Some(p) => {
            over |= points > p;
            parts.push(format!("{points} of {p} points"));
        }
        None => parts.push(format!("{points} points")),
    }
    let spend = compact_range(pounds);
    match b.money {
        Some(m) => {
            over |= pounds.min > m;
            parts.push(format!("first year {spend} of {}", compact(m)));
        }
        None => parts.push(format!("first year {spend}")),
    }
    if b.points_elsewhere > 0 || b.money_elsewhere.max > 0.0 {
        parts.push("plan's other cards included".to_owned());
    }
    if over {
        parts.insert(1, "OVER BUDGET".to_owned());
        style(parts.join(" · ")).red().to_string()
    } else {
        parts.join(" · ")
    }
}

/// Widths of the columns of a card's line.
struct Columns {
    title: usize,
    level: usize,
    barriers: usize,
}

impl Columns {
    fn for_width(width: usize) -> Columns {
        // Marker and tick, points and the first-year cost are always shown; the barriers too
        // while a readable title fits beside them; the level when there is room for it.
        let rest = width.saturating_sub(2 + 4 + 4 + 13);
        // At 80 columns the title has the room (most titles are read whole): the level is a
        // code there, its word only on a wide screen; the panel always names it.
        let level = if rest >= 70 {
            10
        } else if rest >= 24 {
            3
        } else {
            0
        };
        let rest = rest - level;
        let mut barriers = (rest / 3).min(30);
        if rest - barriers < 16 {
            barriers = rest.saturating_sub(16);
        }
        Columns {
            title: rest - barriers,
            level,
            barriers,
        }
    }

    fn row(&self, row: &Row, ticked: bool, current: bool) -> String {
        let pad = |s: &str, w: usize| {
            let s = fit(s, w.saturating_sub(1));
            let n = console::measure_text_width(&s);
            format!("{s}{}", " ".repeat(w.saturating_sub(n)))
        };
        let mut line = pad(&row.title, self.title);
        if self.level > 3 {
            line.push_str(&pad(&row.level, self.level));
        } else if self.level > 0 {
            line.push_str(&pad(&row.level_code, self.level));
        }
        line.push_str(&format!("{:>2}p ", row.points));
        let cost = row
            .first_year()
            .map_or_else(|| "–".to_owned(), compact_range);
        line.push_str(&pad(&format!("{cost:>11}"), 13));
        if self.barriers > 0 {
            line.push_str(&fit(&row.barriers.join(" "), self.barriers));
        }
        let tick = if ticked {
            style("[✔]").green().to_string()
        } else {
            "[ ]".to_owned()
        };
        if current {
            format!(
                "{} {tick} {}",
                style("❯").cyan(),
                style(line.trim_end()).cyan().bold()
            )
        } else {
            format!("  {tick} {}", line.trim_end())
        }
    }
}

/// The highlighted card: title and level, summary, costs, barriers. Always the same height.
fn panel(row: Option<&Row>, layout: &Layout) -> Vec<String> {
    let width = layout.width;
    let mut lines = Vec::new();
    let Some(row) = row else {
        lines.resize(3 + layout.summary, String::new());
        return lines;
    };
    lines.push(style(fit(&row.title, width)).bold().to_string());
    let mut summary = wrap(&row.summary, width, 0);
    if summary.len() > layout.summary {
        summary.truncate(layout.summary);
        if let Some(last) = summary.last_mut() {
            *last = fit(&format!("{last} …"), width);
        }
    }
    summary.resize(layout.summary, String::new());
    lines.extend(summary);
    lines.push(match row.costs {
        Some((setup, running)) => fit(
            &format!(
                "set-up {} · running {} a year",
                setup.text(),
                running.text(),
            ),
            width,
        ),
        None => "no costs given: a card written on the spot".to_owned(),
    });
    let mut last = format!(
        "{} point{} · {}",
        row.points,
        if row.points == 1 { "" } else { "s" },
        row.level_label
    );
    if !row.note.is_empty() {
        last.push_str(&format!(" · {}", row.note));
    }
    if !row.barrier_labels.is_empty() {
        last.push_str(&format!(" · addresses {}", row.barrier_labels.join(", ")));
    }
    lines.push(fit(&last, width));
    lines
}

/// `£6k–£22k`: a first-year cost short enough for a card's line.
fn compact_range(r: MoneyRange) -> String {
    let star = if r.estimate { "*" } else { "" };
    if (r.min - r.max).abs() < 0.5 {
        format!("{}{star}", compact(r.min))
    } else {
        format!("{}–{}{star}", compact(r.min), compact(r.max))
    }
}

/// `£800`, `£1.5k`, `£22k`, `£1.2m`.
fn compact(v: f64) -> String {
    let trim = |s: String| s.trim_end_matches(".0").to_owned();
    if v >= 1_000_000.0 {
        format!("£{}m", trim(format!("{:.1}", v / 1_000_000.0)))
    } else if v >= 10_000.0 {
        format!("£{:.0}k", v / 1000.0)
    } else if v >= 1000.0 {
        format!("£{}k", trim(format!("{:.1}", v / 1000.0)))
    } else {
        format!("£{v:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_money() {
        assert_eq!(compact(800.0), "£800");
        assert_eq!(compact(1500.0), "£1.5k");
        assert_eq!(compact(2000.0), "£2k");
        assert_eq!(compact(22_000.0), "£22k");
        assert_eq!(compact(1_200_000.0), "£1.2m");
        let r = MoneyRange {
            min: 6000.0,
            max: 22_000.0,
            estimate: true,
        };
        assert_eq!(compact_range(r), "£6k–£22k*");
    }

    #[test]
    fn a_card_line_fits_every_width() {
        console::set_colors_enabled(false);
        let row = Row {
            title: "Volunteer digital champions in every block".to_owned(),
            level: "personal".to_owned(),
            points: 2,
            costs: Some((MoneyRange::exact(16_000.0), MoneyRange::exact(80_000.0))),
            barriers: vec!["confidence".into(), "skills".into(), "motivation".into()],
            ..Row::default()
        };
        for width in [39, 59, 79, 119] {
            let line = Columns::for_width(width).row(&row, true, false);
            assert!(
                console::measure_text_width(&line) <= width,
                "{width}: {line:?}"
            );
            assert!(line.contains("£96k"), "{line}");
        }
    }
}
