//! Drawing on the terminal so that nothing is left behind, and reading keys so that signals,
//! resizes and Ctrl-Z are handled in one place.
//!
//! Every prompt is a *live region*: a few lines at the bottom of what has been printed, redrawn
//! in place after each key. A redraw moves the cursor back to the region's first row and
//! clears to the end of the screen, so it must know exactly how many rows the region took.
//! That is only certain when no line wraps, so every line is cut to the terminal's width
//! *before* it is written (a line of exactly the width is cut too: some terminals wrap on the
//! last column). A region never has more lines than the terminal has rows. When the region is
//! done it is replaced by a permanent summary and the next region starts below.
//!
//! Keys are read one at a time in raw mode (console's `read_key_raw`, which hands back Ctrl-C
//! as a key instead of raising SIGINT). Signals the workshop cares about only set flags (their
//! handlers do nothing else) and interrupt the blocking read, which console then reports as
//! Ctrl-C; the flags tell the two apart:
//! - SIGWINCH (a resize): the screen is cleared and the region drawn again at its new width,
//!   because a terminal may or may not re-wrap what it already shows, and no count of rows
//!   survives that;
//! - SIGTERM, SIGHUP (a closed window or SSH session): the read stops with [`Stop::Signal`];
//!   the caller shows the cursor and exits with 128 + the signal's number. Every confirmed
//!   answer is already saved, so there is nothing else to do;
//! - SIGINT from outside (or Ctrl-C pressed while no prompt reads): [`Stop::CtrlC`].
//!
//! Between two keys console puts the terminal back as it found it, and an ordinary terminal
//! echoes what is typed and holds it until Enter: keys typed faster than they are read (a
//! paste, a quick typist on a slow machine) would be echoed by the terminal itself, an Enter
//! among them moving the cursor down a row under the region and leaving a copy of the prompt
//! behind. So for as long as the screen lives, echo and line editing are off (the terminal's
//! own settings are put back when it is dropped, before Ctrl-Z stops the process, and while an
//! external editor runs: [`Screen::pause_input`]).
//!
//! Ctrl-Z arrives as a key in raw mode. The screen shows the cursor, stops the process with
//! SIGSTOP (what the shell's job control expects) and, after `fg`, draws the region again on a
//! fresh line; nothing typed is lost and nothing is taken as an answer.

use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use console::{Key, Term, measure_text_width, truncate_str};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGWINCH};
use signal_hook::{SigId, flag};

/// Why the workshop stopped before finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C (a key at a prompt, or SIGINT).
    CtrlC,
    /// SIGTERM or SIGHUP: the signal's number.
    Signal(i32),
}

impl Stop {
    /// The exit code: 130 for Ctrl-C, 128 + the signal's number otherwise.
    pub fn exit_code(self) -> u8 {
        match self {
            Stop::CtrlC => 130,
            Stop::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
        }
    }
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::CtrlC => f.write_str("interrupted"),
            Stop::Signal(n) if *n == SIGTERM => f.write_str("stopped by SIGTERM"),
            Stop::Signal(n) if *n == SIGHUP => f.write_str("stopped by SIGHUP"),
            Stop::Signal(n) => write!(f, "stopped by signal {n}"),
        }
    }
}

impl std::error::Error for Stop {}

/// What a prompt gets from the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A key.
    Key(Key),
    /// Draw the region again: the screen was cleared by a resize (`cleared`: what was printed
    /// above the region is gone too), or the process resumed after Ctrl-Z (the text above is
    /// still there, and the region goes on a fresh line under it).
    Redraw { cleared: bool },
}

/// Signal flags, registered for as long as this lives.
#[derive(Debug)]
struct Signals {
    int: Arc<AtomicBool>,
    /// The number of the last SIGTERM or SIGHUP, 0 for none.
    term: Arc<AtomicUsize>,
    winch: Arc<AtomicBool>,
    ids: Vec<SigId>,
}

impl Signals {
    fn register() -> io::Result<Signals> {
        let int = Arc::new(AtomicBool::new(false));
        let term = Arc::new(AtomicUsize::new(0));
        let winch = Arc::new(AtomicBool::new(false));
        let ids = vec![
            flag::register(SIGINT, Arc::clone(&int))?,
            flag::register_usize(SIGTERM, Arc::clone(&term), SIGTERM as usize)?,
            flag::register_usize(SIGHUP, Arc::clone(&term), SIGHUP as usize)?,
            flag::register(SIGWINCH, Arc::clone(&winch))?,
        ];
        Ok(Signals {
            int,
            term,
            winch,
            ids,
        })
    }

    fn stop(&self) -> Option<Stop> {
        match self.term.load(Ordering::SeqCst) {
            0 if self.int.load(Ordering::SeqCst) => Some(Stop::CtrlC),
            0 => None,
            n => Some(Stop::Signal(i32::try_from(n).unwrap_or(SIGTERM))),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Echo and line editing off for as long as this lives; the terminal's settings back after.
struct Quiet {
    original: Option<rustix::termios::Termios>,
}

impl std::fmt::Debug for Quiet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Quiet")
    }
}

impl Quiet {
    fn new() -> Quiet {
        use rustix::termios::{LocalModes, OptionalActions, tcgetattr, tcsetattr};
        let stdin = io::stdin();
        let Ok(original) = tcgetattr(&stdin) else {
            return Quiet { original: None };
        };
        let mut quiet = original.clone();
        quiet.local_modes &= !(LocalModes::ECHO | LocalModes::ICANON);
        if tcsetattr(&stdin, OptionalActions::Now, &quiet).is_err() {
            return Quiet { original: None };
        }
        Quiet {
            original: Some(original),
        }
    }

    fn restore(&self) {
        if let Some(t) = &self.original {
            let _ =
                rustix::termios::tcsetattr(io::stdin(), rustix::termios::OptionalActions::Now, t);
        }
    }
}

impl Drop for Quiet {
    fn drop(&mut self) {
        self.restore();
    }
}

/// The terminal, as the prompts draw on it.
#[derive(Debug)]
pub struct Screen {
    term: Term,
    signals: Signals,
    quiet: Option<Quiet>,
    /// Rows the live region took when last drawn (0: no region).
    rows: usize,
    /// The region's row the cursor was left on.
    cursor_row: usize,
}

impl Screen {
    /// The screen on standard output, with the signal flags registered. The caller has checked
    /// that standard input and output are terminals.
    pub fn new() -> io::Result<Screen> {
        Ok(Screen {
            term: Term::stdout(),
            signals: Signals::register()?,
            quiet: Some(Quiet::new()),
            rows: 0,
            cursor_row: 0,
        })
    }

    /// Columns a line may use: one less than the terminal's width.
    pub fn width(&self) -> usize {
        usize::from(self.term.size().1).saturating_sub(1).max(10)
    }

    /// Columns for prose (guidance, help): the line width, at most 100 so text stays readable.
    pub fn text_width(&self) -> usize {
        self.width().min(100)
    }

    /// Rows of the terminal.
    pub fn height(&self) -> usize {
        usize::from(self.term.size().0).max(6)
    }

    /// `line` cut to the width, with `…` where it was cut.
    pub fn fit(&self, line: &str) -> String {
        fit(line, self.width())
    }

    /// Print a permanent line, fitted to the width. A live region is erased first.
    pub fn print(&mut self, line: &str) -> io::Result<()> {
        self.erase()?;
        self.term.write_line(&self.fit(line))
    }

    /// Draw the live region: `lines` replace what the region showed. `cursor` is (row, column)
    /// of the text cursor in the region; `None` hides it (lists).
    pub fn draw(&mut self, lines: &[String], cursor: Option<(usize, usize)>) -> io::Result<()> {
        let width = self.width();
        // Never more rows than the terminal has: the first row must stay reachable.
        let keep = lines.len().min(self.height() - 1);
        let mut out = String::new();
        self.rewind(&mut out);
        out.push_str("\x1b[J");
        for (i, line) in lines.iter().take(keep).enumerate() {
            if i > 0 {
                out.push_str("\r\n");
            }
            out.push_str(&fit(line, width));
        }
        let last = keep.saturating_sub(1);
        match cursor {
            Some((row, col)) => {
                let row = row.min(last);
                if last > row {
                    out.push_str(&format!("\x1b[{}A", last - row));
                }
                out.push('\r');
                if col > 0 {
                    out.push_str(&format!("\x1b[{}C", col.min(width)));
                }
                out.push_str("\x1b[?25h");
                self.cursor_row = row;
            }
            None => {
                out.push_str("\x1b[?25l");
                self.cursor_row = last;
            }
        }
        self.rows = keep.max(1);
        self.term.write_str(&out)?;
        self.term.flush()
    }

    /// Replace the live region by permanent `lines` (a summary such as `✔ prompt · answer`);
    /// the next output starts below them.
    pub fn finish(&mut self, lines: &[String]) -> io::Result<()> {
        let mut out = String::new();
        self.rewind(&mut out);
        out.push_str("\x1b[J");
        for line in lines {
            out.push_str(&fit(line, self.width()));
            out.push_str("\r\n");
        }
        out.push_str("\x1b[?25h");
        self.rows = 0;
        self.cursor_row = 0;
        self.term.write_str(&out)?;
        self.term.flush()
    }

    /// Remove the live region.
    pub fn erase(&mut self) -> io::Result<()> {
        if self.rows == 0 {
            return Ok(());
        }
        self.finish(&[])
    }

    /// Remove the live region and the `rows` permanent rows just above it (a line given back
    /// with `<`: its value is asked again, so its summary goes).
    pub fn take_back(&mut self, rows: usize) -> io::Result<()> {
        self.erase()?;
        if rows > 0 {
            self.term.write_str(&format!("\x1b[{rows}A\r\x1b[J"))?;
            self.term.flush()?;
        }
        Ok(())
    }

    /// Move the cursor to the first row of the live region.
    fn rewind(&mut self, out: &mut String) {
        if self.rows > 0 {
            out.push('\r');
            if self.cursor_row > 0 {
                out.push_str(&format!("\x1b[{}A", self.cursor_row));
            }
        }
    }

    /// Give the terminal its own settings back while `f` runs (an external editor), then
    /// take echo off again.
    pub fn pause_input<T>(&mut self, f: impl FnOnce() -> T) -> T {
        self.quiet = None;
        let out = f();
        self.quiet = Some(Quiet::new());
        out
    }

    /// Give the terminal back its own settings and show the cursor: on the way out.
    pub fn restore(&mut self) {
        self.quiet = None;
        self.show_cursor();
    }

    /// Show the cursor (on the way out, whatever happened).
    pub fn show_cursor(&self) {
        let _ = self.term.show_cursor();
        let _ = self.term.flush();
    }

    /// Stop with [`Stop`] if a signal asked for it while no prompt was reading.
    pub fn check(&self) -> Result<(), Stop> {
        self.signals.stop().map_or(Ok(()), Err)
    }

    /// The next key, or a request to redraw. Errors are [`Stop`] (Ctrl-C, SIGTERM, SIGHUP) or
    /// a failing terminal.
    pub fn key(&mut self) -> anyhow::Result<Event> {
        loop {
            self.check()?;
            if self.signals.winch.swap(false, Ordering::SeqCst) {
                // A resize: start again at the top of a clean screen.
                self.term.write_str("\x1b[H\x1b[2J")?;
                self.rows = 0;
                self.cursor_row = 0;
                return Ok(Event::Redraw { cleared: true });
            }
            self.term.flush()?;
            match self.term.read_key_raw() {
                // console reports both the Ctrl-C byte and a read cut short by a signal as
                // Ctrl-C; a signal leaves its flag set, so the loop looks again.
                Ok(Key::CtrlC) => {
                    if self.signals.stop().is_none() && !self.signals.winch.load(Ordering::SeqCst) {
                        return Err(Stop::CtrlC.into());
                    }
                }
                Ok(Key::Char('\u{1a}')) => {
                    self.suspend()?;
                    return Ok(Event::Redraw { cleared: false });
                }
                Ok(k) => return Ok(Event::Key(k)),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // The terminal went away without a SIGHUP reaching us.
                Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    return Err(Stop::Signal(SIGHUP).into());
                }
                Err(e) => return Err(anyhow::Error::new(e).context("cannot read the keyboard")),
            }
        }
    }

    /// Ctrl-Z: stop the process as the shell expects, and carry on after `fg`.
    fn suspend(&mut self) -> io::Result<()> {
        self.finish(&[])?;
        self.term
            .write_line("(suspended: `fg` resumes the workshop)")?;
        self.term.flush()?;
        self.quiet = None;
        signal_hook::low_level::raise(signal_hook::consts::SIGSTOP)?;
        // Resumed: whatever the shell printed is above; draw again on a fresh line.
        self.quiet = Some(Quiet::new());
        self.term.write_line("")?;
        self.rows = 0;
        self.cursor_row = 0;
        Ok(())
    }
}

/// `line` cut to `width` columns, with `…` where it was cut.
pub fn fit(line: &str, width: usize) -> String {
    if measure_text_width(line) <= width {
        line.to_owned()
    } else {
        truncate_str(line, width, "…").into_owned()
    }
}

/// Plain text wrapped to `width` columns, words kept whole (a word longer than the width is
/// cut), each line after the first starting with `indent` spaces.
pub fn wrap(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let wl = measure_text_width(word);
        let room = if lines.is_empty() {
            width
        } else {
            width.saturating_sub(indent)
        };
        if len > 0 && len + 1 + wl > room {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += wl;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    let pad = " ".repeat(indent);
    lines
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                fit(&l, width)
            } else {
                format!("{pad}{}", fit(&l, width.saturating_sub(indent)))
            }
        })
        .collect()
}

/// A permanent line wrapped to `width`, keeping its leading spaces on every row; rows after
/// the first start `hang` columns further in. At most `most` rows: the last one kept ends
/// with `…` when the text goes on (a summary of a long answer, not the answer itself).
pub fn wrap_indented(text: &str, width: usize, hang: usize, most: usize) -> Vec<String> {
    let body = text.trim_start_matches(' ');
    let lead = text.len() - body.len();
    let pad = " ".repeat(lead);
    let mut lines: Vec<String> = wrap(body, width.saturating_sub(lead), hang)
        .into_iter()
        .map(|l| format!("{pad}{l}"))
        .collect();
    if lines.len() > most.max(1) {
        lines.truncate(most.max(1));
        if let Some(last) = lines.last_mut() {
            *last = fit(&format!("{last} …"), width);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_with_an_ellipsis() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcd", 4), "abcd");
        assert_eq!(fit("£16,000–£80,000", 8), "£16,000…");
    }

    #[test]
    fn wrap_keeps_words_and_indents() {
        assert_eq!(
            wrap("one two three four five", 9, 2),
            ["one two", "  three", "  four", "  five"]
        );
        assert_eq!(wrap("", 10, 0), [""]);
        assert_eq!(
            wrap_indented("  · one two three four", 12, 2, 3),
            ["  · one two", "    three", "    four"]
        );
        assert_eq!(
            wrap_indented("one two three four five six", 9, 0, 2),
            ["one two", "three …"]
        );
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Stop::CtrlC.exit_code(), 130);
        assert_eq!(Stop::Signal(SIGTERM).exit_code(), 143);
        assert_eq!(Stop::Signal(SIGHUP).exit_code(), 129);
    }
}
