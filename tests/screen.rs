//! The workshop and the card chooser as a person sees them: driven through a pseudo-terminal
//! at 80×24 and 60×20, with every byte fed to a terminal emulator (`vt100`) and the assertions
//! made on the visible screen: no prompt left behind in copies, the highlighted card's panel
//! on screen, the progress line present, the cursor shown at the end.
//!
//! Tests wait for screen states (polling what the emulator shows) rather than sleeping, with
//! a generous timeout: the machines that run them are slow and shared.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::{Session, Signal, WaitStatus};
use thinkkit::plan::{self, Answer};

use crate::common::{fixture, in_terminal};

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const PAGE_DOWN: &str = "\x1b[6~";
const PAGE_UP: &str = "\x1b[5~";
const TIMEOUT: Duration = Duration::from_secs(30);

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a size above 0")
}

fn kit() -> String {
    fixture("kits/workshop").display().to_string()
}

/// A program in a pseudo-terminal of a given size, and what its screen shows.
pub(crate) struct Tty {
    session: Session,
    parser: vt100::Parser,
    /// Keys pressed other than typed text: Enter, arrows, Space, Esc, menu letters.
    pub(crate) keys: usize,
    /// Characters typed into fields.
    pub(crate) typed: usize,
}

impl Tty {
    /// `thinkkit ARGS` in `dir`, in a terminal of `cols`×`rows`, without colours or an editor.
    pub(crate) fn spawn(dir: &Path, args: &[&str], cols: u16, rows: u16) -> Tty {
        Self::spawn_with(dir, args, cols, rows, &[])
    }

    pub(crate) fn spawn_with(
        dir: &Path,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Tty {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_thinkkit"));
        cmd.current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .env("CLICOLOR", "0")
            .env("TERM", "xterm")
            .env_remove("EDITOR")
            .env_remove("VISUAL");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let session = in_terminal(&cmd, cols, rows);
        Tty {
            session,
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            keys: 0,
            typed: 0,
        }
    }

    /// Feed whatever the program wrote to the emulator.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        let mut any = false;
        loop {
            match self.session.try_read(&mut buf) {
                Ok(0) => return any,
                Ok(n) => {
                    self.parser.process(&buf[..n]);
                    any = true;
                }
                Err(_) => return any,
            }
        }
    }

    /// The visible screen, one string per row, trailing spaces removed.
    pub(crate) fn rows(&self) -> Vec<String> {
        let (_, cols) = self.parser.screen().size();
        self.parser
            .screen()
            .rows(0, cols.get())
            .map(|r| r.trim_end().to_owned())
            .collect()
    }

    pub(crate) fn text(&self) -> String {
        self.rows().join("\n")
    }

    /// Wait until the screen satisfies `cond`; panic with the screen after the timeout.
    pub(crate) fn wait_until(&mut self, what: &str, cond: impl Fn(&Tty) -> bool) {
        let start = Instant::now();
        loop {
            self.pump();
            if cond(self) {
                return;
            }
            if start.elapsed() > TIMEOUT {
                panic!("waiting for {what}; the screen shows:\n{}", self.text());
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// The screen as one line, runs of spaces and line ends made one space: text wrapped over
    /// rows is found as it reads.
    pub(crate) fn flat(&self) -> String {
        self.text().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Wait until `text` is on the screen (wrapped or not).
    pub(crate) fn wait_for(&mut self, text: &str) {
        self.wait_until(&format!("{text:?}"), |t| t.flat().contains(text));
    }

    /// Wait until the prompt drawn last (the last row starting `? `, with what follows it)
    /// contains `text`: that prompt is reading keys.
    pub(crate) fn wait_prompt(&mut self, text: &str) {
        self.wait_until(&format!("a prompt {text:?}"), |t| {
            let rows = t.rows();
            let Some(start) = rows.iter().rposition(|r| r.starts_with("? ")) else {
                return false;
            };
            let region = rows[start..].join(" ");
            region
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(text)
        });
    }

    /// Press keys: one key per call, or a run of characters each counted as a key.
    pub(crate) fn send(&mut self, keys: &str) {
        self.keys += if keys.starts_with('\x1b') {
            1
        } else {
            keys.chars().count()
        };
        self.session.send(keys).unwrap();
    }

    /// Type a line and Enter.
    pub(crate) fn line(&mut self, text: &str) {
        self.typed += text.chars().count();
        self.keys += 1;
        self.session.send(format!("{text}\r")).unwrap();
    }

    pub(crate) fn resize(&mut self, cols: u16, rows: u16) {
        self.pump();
        self.parser.set_size(nz(rows), nz(cols));
        self.session
            .get_process_mut()
            .set_window_size(cols, rows)
            .unwrap();
    }

    pub(crate) fn signal(&mut self, signal: Signal) {
        self.session.get_process_mut().kill(signal).unwrap();
    }

    pub(crate) fn pid(&self) -> i32 {
        self.session.get_process().pid().as_raw()
    }

    /// Whether the cursor is shown.
    pub(crate) fn cursor_shown(&self) -> bool {
        !self.parser.screen().hide_cursor()
    }

    /// No prompt (a line starting `? `) and no chooser heading shows twice, and no line is
    /// wider than the screen (the emulator would have wrapped it onto a row of its own that
    /// starts mid-word; such a row is caught as a copy or as a missing prompt).
    pub(crate) fn assert_no_copies(&self) {
        let rows = self.rows();
        let mut seen: Vec<&str> = Vec::new();
        for r in &rows {
            let prompt = r.starts_with("? ") || r.starts_with("Project cards for");
            if prompt {
                assert!(
                    !seen.contains(&r.as_str()),
                    "{r:?} shows twice:\n{}",
                    self.text()
                );
                seen.push(r);
            }
        }
    }

    /// Read to the end and return the exit code.
    pub(crate) fn exit_code(mut self) -> i32 {
        let start = Instant::now();
        loop {
            self.pump();
            match self.session.get_process().status() {
                Ok(WaitStatus::Exited(_, code)) => {
                    self.pump();
                    return code;
                }
                Ok(WaitStatus::StillAlive) | Err(_) if start.elapsed() < TIMEOUT => {
                    std::thread::sleep(Duration::from_millis(25));
                }
                other => panic!("the program did not exit: {other:?}\n{}", self.text()),
            }
        }
    }

    /// Like [`Tty::exit_code`], keeping the last screen to look at.
    pub(crate) fn exit_with_screen(mut self) -> (i32, String, bool) {
        let start = Instant::now();
        loop {
            self.pump();
            if let Ok(WaitStatus::Exited(_, code)) = self.session.get_process().status() {
                self.pump();
                return (code, self.text(), self.cursor_shown());
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "the program did not exit:\n{}",
                self.text()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }
}

fn read(path: &Path) -> plan::Plan {
    plan::read(path).expect("the plan is valid")
}

/// The first component of the test kit at a size, with a wrong answer, a going back and a
/// long answer on the way: at every step each prompt shows once and the progress line is on
/// screen; then the chooser shows its panel.
fn walk_the_first_component(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
        cols,
        rows,
    );
    t.wait_prompt("How many homes do you manage?");
    assert!(t.text().contains("component 1 of 3 · question 1 of 4"));
    t.assert_no_copies();
    // A refused answer stays on the line to correct, with the reason under it.
    t.line("0");
    t.wait_for("must be between 1 and 100000");
    t.assert_no_copies();
    t.send("\x7f");
    t.line("1,200");
    t.wait_prompt("What share of residents is online?");
    t.assert_no_copies();
    assert!(t.text().contains("component 1 of 3 · question 2 of 4"));
    t.line("45");
    t.wait_prompt("Which region are you in?");
    t.send(DOWN);
    t.send("\r");
    t.wait_prompt("What budget do you have each year?");
    // Back: no tick for it, and the region question shows once.
    t.line("<");
    t.wait_until("the region list again", |t| {
        t.rows().iter().any(|r| r.contains("❯ South"))
    });
    t.assert_no_copies();
    assert!(
        !t.text().contains("✔ What budget"),
        "a step back is not an answer:\n{}",
        t.text()
    );
    t.send("\r");
    t.wait_prompt("What budget do you have each year?");
    t.line("£2,500");
    // The chooser, where the kit places it: the card's line fits, its panel is on screen.
    t.wait_for("Project cards for The basics");
    t.wait_for("Let residents pay and check their rent online.");
    let text = t.text();
    let row = text
        .lines()
        .find(|l| l.contains("Pay rent online") && l.contains("[ ]"))
        .unwrap_or_else(|| panic!("no card line:\n{text}"));
    assert!(row.contains("£6k–£22k"), "{row}");
    assert!(text.contains("set-up £5,000–£20,000"), "{text}");
    t.assert_no_copies();
    t.send(" ");
    t.wait_for("1 ticked");
    t.send("\r");
    t.wait_for("saved: the plan has 1 card");
    t.wait_for("What next?");
    t.assert_no_copies();
    t.send("q");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["homes"], Answer::Number(1200.0));
    assert_eq!(p.answers["region"], Answer::Text("south".to_owned()));
    assert_eq!(p.cards.len(), 1);
}

#[test]
fn workshop_at_80x24() {
    walk_the_first_component(80, 24);
}

#[test]
fn workshop_at_60x20() {
    walk_the_first_component(60, 20);
}

/// The built-in kit's chooser in `play`: the brief first, then one line per card with the
/// highlighted card's panel on screen, ticks kept across pages and through a filter, and the
/// running total against the scenario's budget.
fn play_chooser(cols: u16, rows: u16) {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(dir.path(), &["play", "inner-city-estate"], cols, rows);
    // The brief a screenful at a time: its heading is read before the rest scrolls it away.
    t.wait_until("the brief", |t| t.flat().contains("press Enter"));
    assert!(t.text().contains("── Inner-city estate ──"), "{}", t.text());
    if t.flat().contains("more of the brief: press Enter") {
        t.send("\r");
    }
    t.wait_for("press Enter to choose the hand");
    assert!(t.flat().contains("1,200 homes"), "{}", t.text());
    t.assert_no_copies();
    t.send("\r");
    // The whole chooser drawn, down to its panel's last row (a heading alone may be all that
    // has arrived on a loaded machine): wait on what the screen shows, never on time.
    let drawn = |t: &Tty| {
        t.flat().contains("0 of 12 points")
            && t.flat().contains("set-up £")
            && t.rows()
                .iter()
                .any(|r| r.contains(" point") && r.contains(" · "))
            && t.rows().iter().filter(|r| r.contains("[ ]")).count() >= 5
    };
    t.wait_until("the whole chooser", drawn);
    t.assert_no_copies();
    // Every card line fits: the rows under the heading each hold one card and a cost.
    let cards: Vec<String> = t
        .rows()
        .into_iter()
        .filter(|r| r.contains("[ ]") || r.contains("[✔]"))
        .collect();
    assert!(cards.len() >= 5, "{}", t.text());
    for r in &cards {
        assert!(r.contains('£'), "a cost on every line: {r:?}");
    }
    // The panel shows the highlighted (first) card's summary and costs.
    t.wait_for("set-up £");
    t.send(" ");
    t.wait_for("1 ticked");
    t.wait_for("[✔] Ask residents");
    // Page down and back: the tick is still there.
    t.send(PAGE_DOWN);
    t.send(PAGE_DOWN);
    t.wait_until("the second page", |t| !t.text().contains("Ask residents"));
    t.assert_no_copies();
    t.send(PAGE_UP);
    t.send(PAGE_UP);
    t.send(PAGE_UP);
    t.wait_for("[✔] Ask residents");
    // A filter: only the Wi-Fi card, the tick count kept.
    for c in "wifi".chars() {
        t.send(&c.to_string());
    }
    t.wait_for("filter: wifi");
    t.wait_for("1 ticked");
    t.wait_for("communal Wi-Fi");
    t.send(" ");
    t.wait_for("2 ticked");
    t.send(ESC);
    t.wait_for("type to filter");
    t.assert_no_copies();
    // A resize: the chooser is drawn again at the new size, once, ticks kept.
    let (c, r) = if cols == 80 { (60, 20) } else { (80, 24) };
    t.resize(c, r);
    // Drawn again at the new width: the rule under the list is one column short of it (what
    // was on screen before is cut or left short by the emulator, so it cannot pass for it),
    // and the panel under the rule is complete.
    let redrawn = |t: &Tty| {
        let rows = t.rows();
        let Some(rule) = rows
            .iter()
            .position(|r| r.starts_with("──") && r.chars().count() == usize::from(c) - 1)
        else {
            return false;
        };
        rows.len() == usize::from(r)
            && t.flat().contains("2 ticked")
            && rows[rule..].iter().any(|l| l.contains("set-up £"))
            && rows[rule..].iter().any(|l| l.contains(" point"))
    };
    t.wait_until("the chooser at the new size", redrawn);
    t.assert_no_copies();
    t.send("\r");
    // The result is fitted too: only a table's rows fill the width, so the terminal split
    // no word of the text across two rows. Its end is on the last screen (its start may
    // have scrolled away: it is longer than the screen, so it is read there, not waited for).
    let (code, text, _) = t.exit_with_screen();
    assert_eq!(code, 0, "{text}");
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Not checked in the game"), "{text}");
    for row in text.lines() {
        let n = row.chars().count();
        let table = row.ends_with(['│', '┘', '┤', '┐', '╡']);
        assert!(
            n < usize::from(c) || (n == usize::from(c) && table),
            "{row:?} in\n{text}"
        );
    }
}

#[test]
fn play_chooser_at_80x24() {
    play_chooser(80, 24);
}

#[test]
fn play_chooser_at_60x20() {
    play_chooser(60, 20);
}

/// A resize while a prompt reads: the prompt is drawn again at the new width, once.
#[test]
fn a_resize_redraws_the_prompt_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
        80,
        24,
    );
    t.wait_prompt("How many homes do you manage?");
    t.send("12");
    t.wait_for("› 12");
    t.resize(60, 20);
    t.wait_until("the prompt drawn again with the typed text", |t| {
        t.rows().iter().any(|r| r.contains("› 12")) && t.rows().len() == 20
    });
    t.assert_no_copies();
    t.line("00");
    t.wait_prompt("What share of residents is online?");
    t.assert_no_copies();
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["homes"], Answer::Number(1200.0));
}

/// SIGTERM and SIGHUP (a closed window or SSH session) stop the workshop with the cursor shown
/// and every answer saved, exit codes 143 and 129.
#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for (signal, code) in [(Signal::SIGTERM, 143), (Signal::SIGHUP, 129)] {
        let dir = tempfile::tempdir().unwrap();
        let mut t = Tty::spawn(
            dir.path(),
            &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
            80,
            24,
        );
        t.line("300");
        t.line("20");
        // A list hides the cursor (the escape that hides it may come after the list's text).
        t.wait_prompt("Which region are you in?");
        t.wait_until("the cursor hidden under the list", |t| !t.cursor_shown());
        t.signal(signal);
        let (exit, text, cursor) = t.exit_with_screen();
        assert_eq!(exit, code, "{signal:?}: {text}");
        assert!(cursor, "{signal:?}: the cursor is shown again");
        if signal == Signal::SIGTERM {
            assert!(text.contains("stopped by SIGTERM"), "{text}");
        }
        let p = read(&dir.path().join("plan.yaml"));
        assert_eq!(p.answers["homes"], Answer::Number(300.0));
        assert_eq!(p.answers["share-online"], Answer::Number(20.0));
    }
}

/// Ctrl-Z stops the process as the shell's job control expects; `fg` (SIGCONT) brings the
/// prompt back, and nothing typed after it is mistaken for an answer to something else.
#[test]
fn ctrl_z_suspends_and_fg_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
        80,
        24,
    );
    t.wait_prompt("How many homes do you manage?");
    t.send("\x1a");
    t.wait_for("suspended");
    let pid = t.pid();
    let stat = || std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let start = Instant::now();
    while !stat().contains(") T ") {
        assert!(start.elapsed() < TIMEOUT, "not stopped: {}", stat());
        std::thread::sleep(Duration::from_millis(25));
    }
    t.signal(Signal::SIGCONT);
    t.wait_prompt("How many homes do you manage?");
    t.line("250");
    t.wait_prompt("What share of residents is online?");
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["homes"], Answer::Number(250.0));
}

/// `?` shows the component's guidance again; the built-in kit's first component does not
/// scroll its guidance away before the first question at 80×24.
#[test]
fn guidance_again_and_not_scrolled_away() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(dir.path(), &["workshop", "--org", "Acme Homes"], 80, 24);
    // Either everything fits above the first question, or the workshop waits for Enter with
    // the guidance's heading still on screen, a screenful at a time.
    let stops = |t: &Tty| {
        t.flat().contains("press Enter") || t.rows().iter().any(|r| r.starts_with("? Which nation"))
    };
    t.wait_until("the guidance or the first question", stops);
    assert!(t.text().contains("Component 1 of"), "{}", t.text());
    page_through_to(&mut t, "? Which nation");
    t.wait_prompt("Which nation of the UK do you work in?");
    t.assert_no_copies();
    t.send("?");
    t.wait_until("the guidance again", |t| {
        t.text().contains("Component 1 of")
    });
    page_through_to(&mut t, "? Which nation");
    t.assert_no_copies();
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
}

/// A text laid out for `cols` columns fills the screen: `what` shows, with the line that waits
/// for Enter, and no row is wider than the width minus one. Rows that were on screen before a
/// resize to a narrower width are cut at the width by the emulator, so they cannot pass.
fn laid_out_again(t: &Tty, cols: u16, what: &str, waiting: &str) -> bool {
    let rows = t.rows();
    t.flat().contains(what)
        && t.flat().contains(waiting)
        && rows.iter().filter(|r| !r.is_empty()).count() >= 10
        && rows.iter().all(|r| r.chars().count() < usize::from(cols))
}

/// A resize while a text waits for Enter (the workshop's guidance, the game's brief) shows the
/// text again from its top, laid out for the new size, instead of a cleared screen with a lone
/// "press Enter" under nothing.
#[test]
fn a_resize_shows_a_waiting_text_again() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(dir.path(), &["workshop", "--org", "Acme Homes"], 80, 24);
    t.wait_for("more guidance: press Enter");
    t.resize(60, 20);
    t.wait_until("the guidance again at 60×20", |t| {
        laid_out_again(t, 60, "── Component 1 of", "more guidance: press Enter")
    });
    t.assert_no_copies();
    page_through_to(&mut t, "? Which nation");
    t.wait_prompt("Which nation of the UK do you work in?");
    t.assert_no_copies();
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);

    let mut t = Tty::spawn(dir.path(), &["play", "inner-city-estate"], 80, 24);
    t.wait_for("press Enter to choose the hand");
    t.resize(60, 20);
    t.wait_until("the brief again at 60×20", |t| {
        laid_out_again(
            t,
            60,
            "── Inner-city estate ──",
            "more of the brief: press Enter",
        )
    });
    t.assert_no_copies();
    t.send("\r");
    t.wait_for("press Enter to choose the hand");
    assert!(t.flat().contains("1,200 homes"), "{}", t.text());
    t.send("\r");
    t.wait_for("0 of 12 points");
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
}

/// Press Enter at each page of guidance until a prompt starting with `prompt` is drawn. Each
/// Enter waits for the page it turns to, so no Enter reaches the question.
pub(crate) fn page_through_to(t: &mut Tty, prompt: &str) {
    while !t.rows().iter().any(|r| r.starts_with(prompt)) {
        let before = t.text();
        t.send("\r");
        t.wait_until("the next page", |t| {
            t.text() != before
                && (t.flat().contains("press Enter")
                    || t.rows().iter().any(|r| r.starts_with(prompt)))
        });
    }
}

/// A list's limit is in the hint and checked per item; `<` after the first line is refused and
/// stays on the line to change; the list stops at its most.
#[test]
fn list_limits_per_item_and_back_only_on_the_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--kit",
            &kit(),
            "--org",
            "Acme",
            "--section",
            "next-steps",
        ],
        60,
        20,
    );
    t.wait_prompt("Who leads the strategy?");
    // An answer longer than the line scrolls sideways as it is typed; its summary is wrapped
    // by the workshop itself (words whole, every row within the width), so the whole answer
    // is read.
    let long = "Sam Lee, head of customer services, with the tenants' digital panel and IT";
    t.line(long);
    t.wait_prompt("What are the first steps?");
    t.assert_no_copies();
    assert!(
        t.flat()
            .contains(&format!("✔ Who leads the strategy? · {long}")),
        "{}",
        t.text()
    );
    assert!(
        t.rows().iter().all(|r| r.chars().count() < 60),
        "{}",
        t.text()
    );
    assert!(t.flat().contains("at most 3 items"), "{}", t.text());
    t.line("Board paper");
    t.wait_prompt("item 2");
    t.line("<");
    t.wait_for("< goes back only from the first line");
    t.assert_no_copies();
    // Ctrl-U clears the refused text.
    t.send("\x15");
    t.line("Survey");
    t.wait_prompt("item 3");
    t.line("Budget bid");
    t.wait_for("that is the most: 3 items");
    t.wait_prompt("Anything else to record?");
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["lead"], Answer::Text(long.to_owned()));
    assert_eq!(
        p.answers["first-steps"],
        Answer::List(vec![
            "Board paper".to_owned(),
            "Survey".to_owned(),
            "Budget bid".to_owned()
        ])
    );
}

/// An editor that cannot be started is named and the text is typed instead.
#[test]
fn a_missing_editor_falls_back_to_typing() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn_with(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--kit",
            &kit(),
            "--org",
            "Acme",
            "--section",
            "next-steps",
        ],
        80,
        24,
        &[("EDITOR", "no-such-editor-here")],
    );
    t.wait_prompt("Who leads the strategy?");
    t.line("Sam");
    t.wait_prompt("What are the first steps?");
    t.line("");
    t.wait_for("could not start the editor `no-such-editor-here`");
    t.wait_prompt("Anything else to record?");
    t.line("Typed instead");
    t.wait_prompt("line 2");
    t.line("");
    t.wait_prompt("How often will you review progress?");
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["notes"], Answer::Text("Typed instead".to_owned()));
}

/// Ctrl-C at the organisation prompt of a new plan: the next workshop asks for it again.
#[test]
fn an_unanswered_organisation_is_asked_again() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["workshop", "plan.yaml", "--kit", &kit()];
    let mut t = Tty::spawn(dir.path(), &args, 80, 24);
    t.wait_prompt("Which organisation is this strategy for?");
    t.send("\x03");
    assert_eq!(t.exit_code(), 130);
    let mut t = Tty::spawn(dir.path(), &["workshop", "plan.yaml"], 80, 24);
    t.wait_prompt("Which organisation is this strategy for?");
    t.line("Riverside Homes");
    t.wait_prompt("How many homes do you manage?");
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
    assert_eq!(
        read(&dir.path().join("plan.yaml")).organisation,
        "Riverside Homes"
    );
}

/// Finishing with required questions open lists them by their prompt.
#[test]
fn finishing_lists_the_open_required_questions() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--kit",
            &kit(),
            "--org",
            "Acme",
            "--section",
            "next-steps",
        ],
        80,
        24,
    );
    t.wait_prompt("Who leads the strategy?");
    t.line("Sam");
    t.wait_prompt("What are the first steps?");
    t.line("");
    t.wait_prompt("Anything else to record?");
    t.line("");
    t.wait_prompt("How often will you review progress?");
    t.send("\r");
    t.wait_for("Finish the workshop");
    t.send("\r");
    t.wait_for("Workshop finished.");
    t.wait_for("still open (required)");
    // The list is drawn after its heading: read the screen once its last line is there (reading
    // it at the heading failed once, under load, with the list not yet drawn).
    t.wait_for("• Which barriers keep residents offline?");
    let text = t.text();
    assert!(text.contains("• How many homes do you manage?"), "{text}");
    assert!(
        text.contains("• Which barriers keep residents offline?"),
        "{text}"
    );
    assert_eq!(t.exit_code(), 0);
}

/// `!` marks any question to decide, required ones too, with a note and an owner; Enter on an
/// optional question skips it; resume passes over both, and progress counts them.
#[test]
fn to_decide_and_skipped_questions() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
        80,
        24,
    );
    t.wait_prompt("How many homes do you manage?");
    t.line("900");
    t.wait_prompt("What share of residents is online?");
    t.send("!");
    t.wait_prompt("To decide: what is missing?");
    t.line("the survey reports in May");
    t.wait_prompt("Who will bring the decision?");
    t.line("Priya");
    t.wait_prompt("Which region are you in?");
    assert!(t.flat().contains("1 to decide"), "{}", t.text());
    assert!(
        t.flat()
            .contains("What share of residents is online? · to decide · the survey reports in May"),
        "{}",
        t.text()
    );
    t.send("\r");
    t.wait_prompt("What budget do you have each year?");
    t.line("");
    t.wait_for("What budget do you have each year? · (skipped)");
    t.wait_for("Project cards for The basics");
    t.send(ESC);
    t.wait_prompt("What next?");
    t.send("q");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    let p = read(&dir.path().join("plan.yaml"));
    let d = &p.to_decide["share-online"];
    assert_eq!(d.note.as_deref(), Some("the survey reports in May"));
    assert_eq!(d.owner.as_deref(), Some("Priya"));
    assert!(p.skipped.contains("budget"));
    assert!(!p.answers.contains_key("share-online"));
    // Resume goes to the first question neither answered, skipped nor to decide.
    let mut t = Tty::spawn(dir.path(), &["workshop", "plan.yaml"], 80, 24);
    t.wait_prompt("Which barriers keep residents offline?");
    // Too few ticks: refused under the list, which stays with its ticks.
    t.send("\r");
    t.wait_for("give at least one");
    t.assert_no_copies();
    t.send(" ");
    t.wait_until("the error cleared by a tick", |t| {
        !t.flat().contains("give at least one") && t.flat().contains("1 ticked")
    });
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
}

/// `--preview`: the draft is written when the workshop starts and again after each save, with
/// a refresh tag that only the preview has; the menu renders it on demand.
#[test]
fn the_live_draft_follows_every_save() {
    let dir = tempfile::tempdir().unwrap();
    let draft = dir.path().join("draft.html");
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--kit",
            &kit(),
            "--org",
            "Acme Homes",
            "--preview",
            "draft.html",
        ],
        80,
        24,
    );
    t.wait_prompt("How many homes do you manage?");
    let read_draft = || std::fs::read_to_string(&draft).unwrap_or_default();
    let wait_draft = |what: &str, cond: &dyn Fn(&str) -> bool| {
        let start = Instant::now();
        while !cond(&read_draft()) {
            assert!(start.elapsed() < TIMEOUT, "the draft never showed {what}");
            std::thread::sleep(Duration::from_millis(25));
        }
    };
    wait_draft("the organisation", &|d| d.contains("Acme Homes"));
    assert!(read_draft().contains("<meta http-equiv=\"refresh\""));
    t.line("4321");
    t.wait_prompt("What share of residents is online?");
    wait_draft("the new answer", &|d| {
        d.contains("4,321") || d.contains("4321")
    });
    t.line("30");
    t.wait_prompt("Which region are you in?");
    t.send("\r");
    t.wait_prompt("What budget do you have each year?");
    t.line("£900");
    t.wait_for("Project cards for The basics");
    t.send(ESC);
    t.wait_prompt("What next?");
    assert!(t.flat().contains("Render the draft now (draft.html)"));
    std::fs::remove_file(&draft).unwrap();
    t.send("r");
    t.send("r");
    t.send("r");
    t.wait_until("the render item highlighted", |t| {
        t.rows()
            .iter()
            .any(|r| r.starts_with("❯ Render the draft now"))
    });
    t.send("\r");
    t.wait_for("draft written to `draft.html`");
    assert!(read_draft().contains("£900"), "{}", read_draft());
    t.send("q");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    // The document `render` writes has no refresh tag.
    let out = crate::common::thinkkit(dir.path())
        .args(["render", "plan.yaml", "-o", "doc.html"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let doc = std::fs::read_to_string(dir.path().join("doc.html")).unwrap();
    assert!(!doc.contains("http-equiv=\"refresh\""));
}

/// Rows of the screen that hold an error mark.
fn errors(t: &Tty) -> usize {
    t.rows().iter().filter(|r| r.contains('✘')).count()
}

/// The built-in kit's channel-shift step at 80×24 as a team would type it: a share that takes
/// the mix over 100 is refused at its own line and `<` goes back a channel to change the one
/// before (its line taken off the screen, not left as a copy); a channel the kit has no cost
/// for, used by a service, needs the plan's own, and so does the source of the plan's costs;
/// each refusal shows once, under its field, however often Enter is pressed.
#[test]
fn channel_shift_refuses_in_place_and_goes_back_a_channel() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--org",
            "Acme Homes",
            "--section",
            "channel-shift",
        ],
        80,
        24,
    );
    page_through_to(&mut t, "? How do online requests");
    // A choice cut at the width is read whole under the list while it is highlighted.
    for _ in 0..3 {
        t.send(DOWN);
    }
    t.wait_for("for example booking their own repair appointment)");
    t.assert_no_copies();
    for _ in 0..3 {
        t.send("\x1b[A");
    }
    t.wait_until("the first choice highlighted", |t| {
        !t.flat().contains("repair appointment)")
    });
    t.send("\r");
    t.wait_prompt("How will you enable customers");
    t.send("\r");
    t.wait_prompt("Which services will you offer or improve online?");
    t.send(" ");
    t.send("\r");
    t.wait_prompt("Which one service will you shift first");
    t.line("Payments: the most asked for, and the simplest");
    // The whole answer is read in its summary, wrapped, not cut.
    t.wait_for("Which one service will you shift first, and why? · Payments: the most asked for, and the simplest");
    t.wait_prompt("What share of customer transactions happens online today?");
    t.line("22");
    t.wait_prompt("Transactions a year?");
    t.line("21k");
    t.wait_prompt("now: Face to face %");
    assert!(
        t.flat().contains("Transactions a year? · 21,000"),
        "{}",
        t.text()
    );
    t.line("50");
    t.wait_prompt("now: Telephone %");
    t.line("45");
    t.wait_prompt("now: Post %");
    t.line("10");
    t.wait_for("that makes 105: at most 5 is left for Post");
    assert_eq!(errors(&t), 1, "{}", t.text());
    // Back a channel: Telephone is asked again with what was typed, its line gone.
    t.send("\x15");
    t.line("<");
    t.wait_prompt("now: Telephone % (45)");
    assert!(!t.flat().contains("now: Telephone · 45%"), "{}", t.text());
    t.line("40");
    t.wait_prompt("now: Post %");
    t.line("5");
    t.wait_prompt("now: Online % (5)");
    // The last channel makes 100 or is refused, in place.
    t.line("9");
    t.wait_for("that makes 104: at most 5 is left for Online");
    t.send("\x15");
    t.line("3");
    t.wait_for("the mix must add up to 100: Online takes the 5 left");
    t.send("\x15");
    t.line("");
    t.wait_prompt("aimed for: Face to face %");
    assert_eq!(errors(&t), 0, "{}", t.text());
    assert_eq!(
        t.rows()
            .iter()
            .filter(|r| r.contains("now: Telephone ·"))
            .count(),
        1,
        "{}",
        t.text()
    );
    for share in ["20", "20", "0"] {
        t.line(share);
    }
    t.wait_prompt("aimed for: Online % (60)");
    t.line("");
    t.wait_prompt("Cost per contact, Face to face?");
    t.line("");
    t.wait_prompt("Cost per contact, Telephone?");
    t.line("");
    t.wait_prompt("Cost per contact, Post?");
    assert!(
        t.flat()
            .contains("the kit has no figure for Post, and Making payments uses it")
    );
    for _ in 0..3 {
        t.line("");
    }
    t.wait_for("a cost is needed: without one the saving of Making payments");
    t.wait_prompt("Cost per contact, Post?");
    assert_eq!(errors(&t), 1, "{}", t.text());
    t.line("60p");
    t.wait_prompt("Cost per contact, Post?");
    t.send("\x15");
    t.line("0.60");
    t.wait_prompt("Cost per contact, Online?");
    // Kept figures say what is kept; a typed one is shown as saved.
    assert!(
        t.flat()
            .contains("Cost per contact, Face to face? · £14 (the kit's)"),
        "{}",
        t.text()
    );
    assert!(
        t.flat().contains("Cost per contact, Post? · £0.60"),
        "{}",
        t.text()
    );
    t.line("");
    t.wait_prompt("Where do these costs come from?");
    t.line("");
    t.line("");
    t.wait_for("the plan's own unit costs need a source");
    assert_eq!(errors(&t), 1, "{}", t.text());
    t.line("Finance team costing 2025");
    t.wait_for("saved the unit costs");
    t.wait_prompt("What next?");
    t.assert_no_copies();
    // Again from the menu: every figure offered as saved, a channel left out of a mix (no
    // share) offered as 0, so Enter alone goes through.
    t.send("c");
    t.send("\r");
    t.wait_prompt("Transactions a year? (21,000)");
    t.line("");
    for _ in 0..4 {
        t.wait_prompt("now:");
        t.line("");
    }
    t.wait_prompt("aimed for: Face to face % (20)");
    t.line("");
    t.wait_prompt("aimed for: Telephone % (20)");
    t.line("");
    t.wait_prompt("aimed for: Post % (0)");
    t.line("");
    t.wait_prompt("aimed for: Online % (60)");
    t.line("");
    for channel in ["Face to face", "Telephone", "Post", "Online"] {
        t.wait_prompt(&format!("Cost per contact, {channel}?"));
        t.line("");
    }
    t.wait_prompt("What next?");
    assert_eq!(errors(&t), 0, "{}", t.text());
    t.send("q");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    let p = read(&dir.path().join("plan.yaml"));
    let s = &p.channel_shift.services[0];
    assert_eq!(s.transactions_per_year, 21_000.0);
    assert_eq!(s.now["telephone"], 40.0);
    assert_eq!(s.now["online"], 5.0);
    assert_eq!(p.channel_shift.unit_costs["post"], 0.6);
    let out = crate::common::thinkkit(dir.path())
        .args(["render", "plan.yaml"])
        .output()
        .unwrap();
    let doc = String::from_utf8(out.stdout).unwrap();
    assert!(!doc.contains("no unit cost for"), "{doc}");
}

/// Enter alone at a required question typed line by line is refused under its line, once,
/// however often it is pressed: no copies of the message pile up above the prompt.
#[test]
fn a_required_text_refuses_enter_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--org",
            "Acme Homes",
            "--section",
            "non-digital-relationships",
        ],
        80,
        24,
    );
    page_through_to(&mut t, "? Which existing contacts");
    t.send(" ");
    t.send("\r");
    t.wait_prompt("What stays face to face or by phone");
    for _ in 0..3 {
        t.send("\r");
    }
    t.wait_for("an answer is needed: this question is required");
    std::thread::sleep(Duration::from_millis(200));
    t.wait_prompt("What stays face to face or by phone");
    assert_eq!(errors(&t), 1, "{}", t.text());
    let long =
        "Tenancy sign-ups and welfare advice stay face to face for anyone who asks, and by phone";
    t.line(long);
    t.wait_prompt("line 2");
    // The typed line stays on screen whole, wrapped.
    assert!(t.flat().contains(long), "{}", t.text());
    assert_eq!(errors(&t), 0, "{}", t.text());
    t.signal(Signal::SIGINT);
    assert_eq!(t.exit_code(), 130);
}

/// From the menu, card details start with the card to change (not every card again); a kept
/// cost says it is the kit's range; the review and the jump list say what was skipped.
#[test]
fn card_details_from_the_menu_pick_one_card() {
    let dir = tempfile::tempdir().unwrap();
    let mut t = Tty::spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--org",
            "Acme Homes",
            "--section",
            "activities-and-costs",
        ],
        80,
        24,
    );
    page_through_to(&mut t, "? Which digital inclusion activities");
    t.wait_for("Enter now skips it (optional)");
    t.line("");
    t.wait_prompt("Which costs could you share");
    t.line("");
    t.wait_prompt("Will you pilot new activities");
    t.send("\r");
    t.wait_for("Project cards for Activities");
    for k in [" ", DOWN, " "] {
        t.send(k);
    }
    t.wait_for("2 ticked");
    t.send("\r");
    t.wait_prompt("Who leads it?");
    t.send(ESC);
    t.wait_prompt("What next?");
    // The next item starting with c: "Choose project cards", then "Card details".
    t.send("c");
    t.send("c");
    t.send("\r");
    t.wait_prompt("Which card's details?");
    assert!(
        t.flat().contains("All 2, one after another"),
        "{}",
        t.text()
    );
    t.send(DOWN);
    t.send("\r");
    t.wait_for("Card 1 of 1: Monitor channel use");
    for v in ["Jo Bloggs", "2027-01", "8k", "", ""] {
        t.wait_prompt("?");
        t.line(v);
    }
    t.wait_for("saved Monitor channel use");
    assert!(
        t.flat().contains("Local set-up cost? · £8,000"),
        "{}",
        t.text()
    );
    assert!(
        t.flat()
            .contains("Local running cost a year? · the kit's range"),
        "{}",
        t.text()
    );
    t.wait_prompt("What next?");
    t.send("r");
    t.send("\r");
    t.wait_for("(skipped)");
    t.wait_prompt("What next?");
    t.send("j");
    t.send("\r");
    t.wait_prompt("Jump to which component?");
    assert!(
        t.flat()
            .contains("8. Activities, outputs and costs (1 of 3 answered · 2 skipped)"),
        "{}",
        t.text()
    );
    t.assert_no_copies();
    t.send(ESC);
    t.wait_prompt("What next?");
    t.send("q");
    t.send("\r");
    assert_eq!(t.exit_code(), 0);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.cards.len(), 2);
    assert_eq!(p.cards[0].owner, None);
    assert_eq!(p.cards[1].owner.as_deref(), Some("Jo Bloggs"));
    assert_eq!(p.cards[1].cost, Some(8000.0));
}
