//! The workshop's prompts: a line of text, a list to choose from, a checklist and yes/no, each
//! drawn as a live region of the [`Screen`] so that every line fits the terminal.
//!
//! They decide nothing about answers: the caller passes a check for typed text, and gets back
//! what was typed or picked, or that the person asked to go back or for help. The region is
//! left on screen when a prompt returns; the caller replaces it with a summary (`✔ prompt ·
//! answer`) only when something was saved, or erases it.

use console::{Key, measure_text_width, style};

use super::screen::{self, Event, Screen, fit, wrap};

/// What the person did at a prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome<T> {
    /// An answer.
    Done(T),
    /// Go back one step (`<`, or Esc).
    Back,
    /// Show the guidance and the question's help again (`?`).
    Help,
    /// Mark the question to decide later (`!`).
    ToDecide,
}

/// A one-line text prompt.
#[derive(Debug, Clone, Default)]
pub struct Line<'a> {
    /// The question.
    pub prompt: &'a str,
    /// What Enter on an empty line takes, shown in brackets.
    pub default: Option<&'a str>,
    /// A dim line under the input (limits, what Enter does).
    pub hint: Option<&'a str>,
    /// Text already typed (kept when a prompt is asked again).
    pub initial: &'a str,
    /// Whether `<` (or Esc) goes back.
    pub back: bool,
    /// Whether `?` on an empty line asks for help.
    pub help: bool,
    /// Whether `!` on an empty line marks the question to decide.
    pub decide: bool,
}

/// Ask for one line of text. `check` refuses text with a message shown under the input; the
/// text stays as typed so it can be corrected.
pub fn line(
    screen: &mut Screen,
    spec: &Line<'_>,
    check: &dyn Fn(&str) -> Result<(), String>,
) -> anyhow::Result<Outcome<String>> {
    line_live(screen, spec, check, &|_| None)
}

/// [`line`] with a line under the input worked out from the text as it is typed (a running
/// total, for example).
pub fn line_live(
    screen: &mut Screen,
    spec: &Line<'_>,
    check: &dyn Fn(&str) -> Result<(), String>,
    live: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Outcome<String>> {
    let mut text: Vec<char> = spec.initial.chars().collect();
    let mut pos = text.len();
    let mut error: Option<String> = None;
    loop {
        let typed: String = text.iter().collect();
        let note = live(&typed);
        draw_line(screen, spec, &text, pos, error.as_deref(), note.as_deref())?;
        let key = match screen.key()? {
            Event::Redraw { .. } => continue,
            Event::Key(k) => k,
        };
        match key {
            Key::Enter => {
                let typed: String = text.iter().collect();
                if spec.back && typed.trim() == "<" {
                    return Ok(Outcome::Back);
                }
                match check(&typed) {
                    Ok(()) => return Ok(Outcome::Done(typed)),
                    Err(e) => error = Some(e),
                }
            }
            Key::Escape if spec.back => return Ok(Outcome::Back),
            Key::Char('?') if spec.help && text.is_empty() => return Ok(Outcome::Help),
            Key::Char('!') if spec.decide && text.is_empty() => return Ok(Outcome::ToDecide),
            Key::Char('\u{15}') => {
                // Ctrl-U: clear the line.
                text.clear();
                pos = 0;
            }
            Key::Char(c) if !c.is_control() => {
                text.insert(pos, c);
                pos += 1;
                error = None;
            }
            Key::Backspace if pos > 0 => {
                pos -= 1;
                text.remove(pos);
                error = None;
            }
            Key::Del if pos < text.len() => {
                text.remove(pos);
            }
            Key::ArrowLeft => pos = pos.saturating_sub(1),
            Key::ArrowRight => pos = (pos + 1).min(text.len()),
            Key::Home => pos = 0,
            Key::End => pos = text.len(),
            _ => {}
        }
    }
}

fn draw_line(
    screen: &mut Screen,
    spec: &Line<'_>,
    text: &[char],
    pos: usize,
    error: Option<&str>,
    note: Option<&str>,
) -> anyhow::Result<()> {
    let width = screen.width();
    let mut head = format!("{} {}", style("?").yellow(), style(spec.prompt).bold());
    if let Some(d) = spec.default.filter(|d| !d.is_empty()) {
        head.push_str(&format!(" {}", style(format!("({d})")).dim()));
    }
    let mut lines = Vec::new();
    // The question and the typed text share a row when there is room to type; otherwise the
    // question is wrapped above a row of its own for the text.
    let prefix = if measure_text_width(&head) + 3 + 16 <= width {
        format!("{head} {} ", style("›").dim())
    } else {
        let mut plain = format!("? {}", spec.prompt);
        if let Some(d) = spec.default.filter(|d| !d.is_empty()) {
            plain.push_str(&format!(" ({d})"));
        }
        lines.extend(wrap(&plain, width, 2));
        format!("  {} ", style("›").dim())
    };
    let prefix_width = measure_text_width(&prefix);
    let room = width.saturating_sub(prefix_width + 1).max(4);
    // Scroll the text sideways so that the cursor stays in view: the row never wraps.
    let widths: Vec<usize> = text
        .iter()
        .map(|c| measure_text_width(c.encode_utf8(&mut [0; 4])))
        .collect();
    let mut start = 0;
    while widths[start..pos].iter().sum::<usize>() + usize::from(start > 0) >= room {
        start += 1;
    }
    let mut shown = String::new();
    let mut used = usize::from(start > 0);
    if start > 0 {
        shown.push('…');
    }
    let cursor_col = prefix_width + used + widths[start..pos].iter().sum::<usize>();
    for (c, w) in text[start..].iter().zip(&widths[start..]) {
        if used + w > room {
            shown.push('…');
            break;
        }
        shown.push(*c);
        used += w;
    }
    let row = lines.len();
    lines.push(format!("{prefix}{shown}"));
    if let Some(n) = note {
        for l in wrap(n, width.saturating_sub(2), 0) {
            lines.push(style(format!("  {l}")).cyan().to_string());
        }
    }
    if let Some(e) = error {
        for l in wrap(&format!("✘ {e}"), width, 2) {
            lines.push(style(l).red().to_string());
        }
    }
    if let Some(h) = spec.hint {
        for l in wrap(h, width.saturating_sub(2), 0) {
            lines.push(style(format!("  {l}")).dim().to_string());
        }
    }
    screen.draw(&lines, Some((row, cursor_col)))?;
    Ok(())
}

/// A list to move through with ↑/↓ (one item chosen), or a checklist (Space ticks).
#[derive(Debug, Clone, Default)]
pub struct List<'a> {
    /// The question.
    pub prompt: &'a str,
    /// The items, one line each.
    pub items: &'a [String],
    /// The item highlighted first.
    pub default: usize,
    /// Whether Esc (or `<`) goes back.
    pub back: bool,
    /// Whether `?` asks for help.
    pub help: bool,
    /// Whether `!` marks the question to decide.
    pub decide: bool,
}

/// Choose one item.
pub fn select(screen: &mut Screen, spec: &List<'_>) -> anyhow::Result<Outcome<usize>> {
    let mut at = spec.default.min(spec.items.len().saturating_sub(1));
    loop {
        draw_list(screen, spec, at, None, None)?;
        let key = match screen.key()? {
            Event::Redraw { .. } => continue,
            Event::Key(k) => k,
        };
        match key {
            Key::Enter if !spec.items.is_empty() => return Ok(Outcome::Done(at)),
            Key::Escape | Key::Char('<') if spec.back => return Ok(Outcome::Back),
            Key::Char('?') if spec.help => return Ok(Outcome::Help),
            Key::Char('!') if spec.decide => return Ok(Outcome::ToDecide),
            Key::Char(c) if c.is_alphanumeric() => at = jump_to(spec.items, at, c),
            k => at = move_in(k, at, spec.items.len(), page(screen, spec)),
        }
    }
}

/// The next item after `at` whose first letter or digit is `c` (typing a letter moves the
/// highlight, as in most menus); `at` when none is.
fn jump_to(items: &[String], at: usize, c: char) -> usize {
    let first = |s: &str| s.chars().find(|c| c.is_alphanumeric());
    let c = c.to_lowercase().next().unwrap_or(c);
    (1..=items.len())
        .map(|k| (at + k) % items.len())
        .find(|i| first(&items[*i]).and_then(|f| f.to_lowercase().next()) == Some(c))
        .unwrap_or(at)
}

/// Tick any items: Space ticks, Enter accepts. `check` refuses ticks with a message shown
/// under the list; the ticks stay as they are, to change.
pub fn checklist(
    screen: &mut Screen,
    spec: &List<'_>,
    ticked: &[bool],
    check: &dyn Fn(&[bool]) -> Result<(), String>,
) -> anyhow::Result<Outcome<Vec<bool>>> {
    let mut ticks = ticked.to_vec();
    ticks.resize(spec.items.len(), false);
    let mut at = spec.default.min(spec.items.len().saturating_sub(1));
    let mut error: Option<String> = None;
    loop {
        draw_list(screen, spec, at, Some(&ticks), error.as_deref())?;
        let key = match screen.key()? {
            Event::Redraw { .. } => continue,
            Event::Key(k) => k,
        };
        match key {
            Key::Enter => match check(&ticks) {
                Ok(()) => return Ok(Outcome::Done(ticks)),
                Err(e) => error = Some(e),
            },
            Key::Char(' ') if !ticks.is_empty() => {
                ticks[at] = !ticks[at];
                error = None;
            }
            Key::Escape | Key::Char('<') if spec.back => return Ok(Outcome::Back),
            Key::Char('?') if spec.help => return Ok(Outcome::Help),
            Key::Char('!') if spec.decide => return Ok(Outcome::ToDecide),
            Key::Char(c) if c.is_alphanumeric() => at = jump_to(spec.items, at, c),
            k => at = move_in(k, at, spec.items.len(), page(screen, spec)),
        }
    }
}

/// Columns before an item's text: the highlight mark, and a checklist's tick.
const ITEM_LEAD: usize = 6;

/// Rows the highlighted item takes again in full under the list when an item is cut.
const FULL_ROWS: usize = 2;

/// Whether some item is wider than its row: the highlighted one is then shown whole under
/// the list.
fn any_cut(screen: &Screen, spec: &List<'_>) -> bool {
    let room = screen.width().saturating_sub(ITEM_LEAD);
    spec.items.iter().any(|i| measure_text_width(i) > room)
}

/// Rows of items that fit under the question and above the key line.
fn page(screen: &Screen, spec: &List<'_>) -> usize {
    let prompt_rows = wrap(spec.prompt, screen.width(), 2).len();
    let full = if any_cut(screen, spec) { FULL_ROWS } else { 0 };
    screen
        .height()
        .saturating_sub(prompt_rows + 3 + full)
        .clamp(3, 15)
}

/// The highlighted item after a movement key.
pub(super) fn move_in(key: Key, at: usize, len: usize, page: usize) -> usize {
    if len == 0 {
        return 0;
    }
    match key {
        Key::ArrowUp | Key::BackTab => (at + len - 1) % len,
        Key::ArrowDown | Key::Tab => (at + 1) % len,
        Key::PageUp => at.saturating_sub(page),
        Key::PageDown => (at + page).min(len - 1),
        Key::Home => 0,
        Key::End => len - 1,
        _ => at,
    }
}

/// The first item of the window of `page` rows that shows `at`, keeping it off the edges.
pub(super) fn window_start(at: usize, len: usize, page: usize) -> usize {
    if len <= page {
        return 0;
    }
    at.saturating_sub(page / 2).min(len - page)
}

fn draw_list(
    screen: &mut Screen,
    spec: &List<'_>,
    at: usize,
    ticks: Option<&[bool]>,
    error: Option<&str>,
) -> anyhow::Result<()> {
    let width = screen.width();
    let page = page(screen, spec);
    let mut lines: Vec<String> = wrap(&format!("? {}", spec.prompt), width, 2)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!(
                    "{} {}",
                    style("?").yellow(),
                    style(l.trim_start_matches("? ")).bold()
                )
            } else {
                style(l).bold().to_string()
            }
        })
        .collect();
    let len = spec.items.len();
    let start = window_start(at, len, page);
    for i in start..(start + page).min(len) {
        let mark = if i == at {
            style("❯").cyan().to_string()
        } else {
            " ".to_owned()
        };
        let tick = match ticks {
            Some(t) if t[i] => format!("{} ", style("[✔]").green()),
            Some(_) => "[ ] ".to_owned(),
            None => String::new(),
        };
        let item = if i == at {
            style(&spec.items[i]).cyan().to_string()
        } else {
            spec.items[i].clone()
        };
        lines.push(format!("{mark} {tick}{item}"));
    }
    // An item cut at the width is read whole under the list while it is highlighted.
    if any_cut(screen, spec) {
        let item = spec.items.get(at).map_or("", String::as_str);
        let room = width.saturating_sub(ITEM_LEAD);
        let mut full = if measure_text_width(item) > room {
            screen::wrap_indented(&format!("    {item}"), width, 0, FULL_ROWS)
        } else {
            Vec::new()
        };
        full.resize(FULL_ROWS, String::new());
        lines.extend(full.into_iter().map(|l| style(l).dim().to_string()));
    }
    // The keys that answer come first: on a narrow screen the end of the line is cut.
    let mut keys: Vec<String> = Vec::new();
    if let Some(t) = ticks {
        keys.push("Space ticks".to_owned());
        keys.push("Enter accepts".to_owned());
        keys.push(format!("{} ticked", t.iter().filter(|t| **t).count()));
    } else {
        keys.push("Enter chooses".to_owned());
    }
    if len > page {
        keys.push(format!(
            "{}–{} of {len}",
            start + 1,
            (start + page).min(len)
        ));
    }
    if spec.back {
        keys.push("Esc back".to_owned());
    }
    if spec.help {
        keys.push("? help".to_owned());
    }
    if spec.decide {
        keys.push("! to decide".to_owned());
    }
    // The arrows go without saying: last, where a narrow screen cuts the line.
    keys.push("↑/↓ move".to_owned());
    if ticks.is_none() {
        keys.push("a letter jumps".to_owned());
    }
    let hint = keys.join(" · ");
    if let Some(e) = error {
        lines.push(style(fit(&format!("✘ {e}"), width)).red().to_string());
    }
    lines.push(style(format!("  {hint}")).dim().to_string());
    screen.draw(&lines, None)?;
    Ok(())
}

/// Yes or no.
#[derive(Debug, Clone, Default)]
pub struct YesNo<'a> {
    /// The question.
    pub prompt: &'a str,
    /// What Enter takes.
    pub default: Option<bool>,
    /// Whether Esc (or `<`) goes back.
    pub back: bool,
    /// Whether `?` asks for help.
    pub help: bool,
    /// Whether `!` marks the question to decide.
    pub decide: bool,
}

/// Ask yes or no: `y` or `n`, Enter for the default.
pub fn yes_no(screen: &mut Screen, spec: &YesNo<'_>) -> anyhow::Result<Outcome<bool>> {
    loop {
        let choices = match spec.default {
            Some(true) => "Y/n",
            Some(false) => "y/N",
            None => "y/n",
        };
        let mut keys = vec!["y or n"];
        if spec.default.is_some() {
            keys.push("Enter takes the capital one");
        }
        if spec.back {
            keys.push("Esc back");
        }
        if spec.help {
            keys.push("? help");
        }
        if spec.decide {
            keys.push("! to decide");
        }
        let head = format!(
            "{} {} {} {} ",
            style("?").yellow(),
            style(spec.prompt).bold(),
            style(format!("({choices})")).dim(),
            style("›").dim()
        );
        let width = screen.width();
        let mut lines = Vec::new();
        if measure_text_width(&head) < width {
            lines.push(head);
        } else {
            lines.extend(wrap(&format!("? {} ({choices})", spec.prompt), width, 2));
            lines.push(format!("  {} ", style("›").dim()));
        }
        let row = lines.len() - 1;
        let col = measure_text_width(&lines[row]);
        lines.push(style(format!("  {}", keys.join(" · "))).dim().to_string());
        screen.draw(&lines, Some((row, col)))?;
        match screen.key()? {
            Event::Redraw { .. } => {}
            Event::Key(Key::Char('y' | 'Y')) => return Ok(Outcome::Done(true)),
            Event::Key(Key::Char('n' | 'N')) => return Ok(Outcome::Done(false)),
            Event::Key(Key::Enter) => {
                if let Some(d) = spec.default {
                    return Ok(Outcome::Done(d));
                }
            }
            Event::Key(Key::Escape | Key::Char('<')) if spec.back => return Ok(Outcome::Back),
            Event::Key(Key::Char('?')) if spec.help => return Ok(Outcome::Help),
            Event::Key(Key::Char('!')) if spec.decide => return Ok(Outcome::ToDecide),
            Event::Key(_) => {}
        }
    }
}

/// A text that may be longer than the screen, a screenful at a time. `text` lays it out for
/// the screen as it is now. Each screenful but the last waits for Enter (`more`); the last
/// waits for `last` when one is given, and otherwise the text stays where it is and the caller
/// goes on under it. A resize clears the screen: the text is laid out again at the new size and
/// shown again from its top, so what was being read is never cleared away under a lone
/// "press Enter".
pub fn paged(
    screen: &mut Screen,
    text: &dyn Fn(&Screen) -> Vec<String>,
    more: &str,
    last: Option<&str>,
) -> anyhow::Result<()> {
    'shown: loop {
        let lines = text(screen);
        let rows = screen.height().saturating_sub(2).max(4);
        let mut chunks: Vec<&[String]> = lines.chunks(rows).collect();
        if chunks.is_empty() {
            chunks.push(&[]);
        }
        for (i, chunk) in chunks.iter().enumerate() {
            for l in *chunk {
                screen.print(l)?;
            }
            let message = match last {
                _ if i + 1 < chunks.len() => more,
                Some(message) => message,
                None => return Ok(()),
            };
            if !wait_for_enter(screen, message)? {
                continue 'shown;
            }
        }
        return Ok(());
    }
}

/// Wait for Enter (or Esc, or Space) under a text: `true` once pressed, the line erased;
/// `false` when a resize cleared the screen and the text must be shown again.
fn wait_for_enter(screen: &mut Screen, message: &str) -> anyhow::Result<bool> {
    let line = style(format!("  {message}")).dim().to_string();
    loop {
        screen.draw(std::slice::from_ref(&line), None)?;
        match screen.key()? {
            Event::Key(Key::Enter | Key::Escape | Key::Char(' ')) => {
                screen.erase()?;
                return Ok(true);
            }
            Event::Redraw { cleared: true } => return Ok(false),
            Event::Redraw { cleared: false } => {}
            Event::Key(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_keep_the_highlight_in_view() {
        assert_eq!(window_start(0, 5, 10), 0);
        assert_eq!(window_start(0, 30, 10), 0);
        assert_eq!(window_start(12, 30, 10), 7);
        assert_eq!(window_start(29, 30, 10), 20);
        assert_eq!(move_in(Key::ArrowUp, 0, 4, 2), 3);
        assert_eq!(move_in(Key::PageDown, 3, 4, 2), 3);
        let items = [
            "Continue".to_owned(),
            "Review one".to_owned(),
            "Review all".to_owned(),
        ];
        assert_eq!(jump_to(&items, 0, 'r'), 1);
        assert_eq!(jump_to(&items, 1, 'R'), 2);
        assert_eq!(jump_to(&items, 2, 'x'), 2);
    }
}
