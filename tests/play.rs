//! `thinkkit play`: the planning game through the binary.

use crate::common::{fixture, root, thinkkit};

const RED: &str = "Red=taster-sessions,volunteer-digital-champions,staff-digital-training,online-repairs-reporting";
const BLUE: &str = "Blue=wifi-to-blocks,device-loans,libraries-partnership,tea-and-chat";
const GREEN: &str = "Green=self-service-modules,tenant-app,online-rent-payments,social-media-presence,board-senior-training";

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

#[test]
fn three_teams_on_a_builtin_scenario() {
    let out = thinkkit(&root())
        .args([
            "play",
            "inner-city-estate",
            "--card",
            "Tea and chat:1",
            "--team",
            RED,
            "--team",
            BLUE,
            "--team",
            GREEN,
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn markdown_for_the_facilitators_screen() {
    let out = thinkkit(&root())
        .args([
            "play",
            "inner-city-estate",
            "--card",
            "Tea and chat:1",
            "--team",
            RED,
            "--team",
            BLUE,
            "--team",
            GREEN,
            "--format",
            "md",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn html_page_is_self_contained_and_escaped() {
    let out = thinkkit(&root())
        .args([
            "play",
            "inner-city-estate",
            "--card",
            "<b>Tea</b> & \"chat\":1",
            "--team",
            "<i>Red</i>=taster-sessions,b-tea-b-chat",
            "--team",
            "Blue=device-loans",
            "--format",
            "html",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.contains("<b>") && !html.contains("<i>"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no external assets"
    );
    let doc = scraper::Html::parse_document(&html);
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let heads: Vec<String> = doc
        .select(&sel("thead th"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(heads, vec!["<i>Red</i>".to_owned(), "Blue".to_owned()]);
    let rows: Vec<String> = doc
        .select(&sel("tbody th[scope=row]"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(rows[0], "Cards");
    assert!(rows.contains(&"Barriers covered".to_owned()));
    let first_cards: String = doc
        .select(&sel("tbody td"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        first_cards.contains("<b>Tea</b> & \"chat\" (own card, 1)"),
        "{first_cards}"
    );
    assert_eq!(doc.select(&sel("html[lang=en-GB]")).count(), 1);
}

#[test]
fn fixture_scenario_figures() {
    let kit = fixture("kits/analysis");
    let out = thinkkit(&root())
        .args(["play", "town", "--kit"])
        .arg(&kit)
        .args([
            "--team",
            "A=drop-in,device-loans,staff-course",
            "--team",
            "C=device-loans,online-portal,staff-course",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    // Worked by hand in tests/analysis.rs: A uses 6 of 6 points, costs £9,500–£19,500 in the
    // first year and reaches 80–160 people; C uses 3 + 2 + 2 = 7 points.
    for want in [
        "6 of 6",
        "7 of 6 – over",
        "£9,500–£19,500* of £20,000",
        "80–160* people",
        "20–40% of 400 offline",
        "Residents' forum (running, 0)",
        "the cards use 7 points of a budget of 6",
    ] {
        assert!(text.contains(want), "`{want}` missing from\n{text}");
    }
}

#[test]
fn unknown_card_says_what_was_meant() {
    let out = thinkkit(&root())
        .args(["play", "inner-city-estate", "--team", "Red=taster-sesions"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "error: team `Red`: no card `taster-sesions` in kit `digital-inclusion`; did you mean `taster-sessions`?\n"
    );
}

#[test]
fn own_cards_are_found_by_title_or_id_and_checked() {
    let ok = thinkkit(&root())
        .args([
            "play",
            "rural-village",
            "--card",
            "Parish hall help:2",
            "--team",
            "A=Parish hall help",
            "--team",
            "B=parish-hall-help,taster-sessions",
        ])
        .output()
        .unwrap();
    assert!(ok.status.success(), "{}", stderr(&ok));
    assert!(stdout(&ok).contains("Parish hall help (own card, 2)"));

    let cases: [(&[&str], &str); 5] = [
        (&["--card", "No points"], "should be `Title:points`"),
        (
            &["--card", "Device loans:2"],
            "already has a card `device-loans`",
        ),
        (&["--card", "Huge:99"], "more than a card can cost"),
        (
            &["--team", "A=taster-sessions,taster-sessions"],
            "lists `taster-sessions` twice",
        ),
        (
            &["--team", "A=taster-sessions", "--team", "A=device-loans"],
            "two teams are called `A`",
        ),
    ];
    for (args, want) in cases {
        let mut cmd = thinkkit(&root());
        cmd.args(["play", "rural-village"]).args(args);
        if !args.contains(&"--team") {
            cmd.args(["--team", "A=taster-sessions"]);
        }
        let out = cmd.output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn unknown_scenario_and_list() {
    let out = thinkkit(&root())
        .args(["play", "iner-city-estate", "--team", "A=taster-sessions"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("no scenario `iner-city-estate` in kit `digital-inclusion`; did you mean `inner-city-estate`?"));

    let out = thinkkit(&root()).args(["play", "--list"]).output().unwrap();
    assert!(out.status.success());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn without_teams_and_without_a_terminal_it_refuses() {
    let out = thinkkit(&root())
        .args(["play", "inner-city-estate"])
        .write_stdin("")
        .timeout(std::time::Duration::from_secs(20))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("needs a terminal; give hands with `--team NAME=CARD,CARD…`"));
    assert!(stdout(&out).is_empty());
}

/// Without `--team`, a person reads the scenario's brief, then picks one hand with the card
/// chooser in a terminal; the chooser keeps the points against the budget.
#[test]
fn the_interactive_picker_builds_one_hand() {
    use expectrl::{Eof, Session};
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("thinkkit"));
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .args(["play", "town", "--kit"])
        .arg(fixture("kits/analysis"));
    let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
    p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
    p.expect("press Enter to choose the hand").unwrap();
    p.send("\r").unwrap();
    p.expect("0 of 6 points").unwrap();
    // Select the first card (Drop-in sessions), move down, select Staff course, finish.
    p.send(" ").unwrap();
    p.expect("1 of 6 points").unwrap();
    p.send("\x1b[B").unwrap();
    p.send(" ").unwrap();
    p.expect("3 of 6 points").unwrap();
    p.send("\r").unwrap();
    let out = p.expect(Eof).unwrap();
    let text = String::from_utf8_lossy(out.as_bytes()).into_owned();
    assert!(text.contains("Your hand"), "{text}");
    assert!(text.contains("Drop-in sessions (1)"), "{text}");
    assert!(text.contains("Staff course (2)"), "{text}");
    assert!(text.contains("Residents' forum (running, 0)"), "{text}");
    assert!(text.contains("3 of 6"), "{text}");
}

/// Esc or Ctrl-C in the picker ends the game without a table, exit code 130, saying nothing
/// was saved (Ctrl-C must not kill the process with the cursor hidden).
#[test]
fn leaving_the_picker_prints_no_table() {
    use expectrl::{Eof, Session, WaitStatus};
    for key in ["\x1b", "\x03"] {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("thinkkit"));
        cmd.current_dir(root())
            .env("NO_COLOR", "1")
            .env("TERM", "xterm")
            .args(["play", "town", "--kit"])
            .arg(fixture("kits/analysis"));
        let mut p = Session::spawn(cmd).expect("a pseudo-terminal");
        p.set_expect_timeout(Some(std::time::Duration::from_secs(20)));
        p.expect("press Enter to choose the hand").unwrap();
        p.send("\r").unwrap();
        p.expect("of 6 points").unwrap();
        // Let the prompt reach raw mode before the key arrives.
        std::thread::sleep(std::time::Duration::from_millis(300));
        p.send(key).unwrap();
        let out = p.expect(Eof).unwrap();
        let text = String::from_utf8_lossy(out.as_bytes()).into_owned();
        assert!(!text.contains("Points used"), "{text}");
        assert!(
            text.contains("game interrupted; nothing was saved"),
            "{key:?}: {text}"
        );
        let status = p.get_process().wait().unwrap();
        assert!(
            matches!(status, WaitStatus::Exited(_, 130)),
            "{key:?}: {status:?}"
        );
    }
}
