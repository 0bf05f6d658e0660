//! `thinkkit workshop` through a pseudo-terminal, used as a person would: typing answers,
//! moving through lists, going back, pressing Ctrl-C, resuming, finishing. The small kit in
//! `tests/fixtures/kits/workshop` keeps these fast; one test starts on the built-in kit.
//!
//! Timeouts are generous (10 s) because the machines that run these are slow and shared.

use std::fs;
use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use expectrl::{Eof, Session, Signal, WaitStatus};
use thinkkit::plan::{self, Answer};

use crate::common::{fixture, in_terminal, thinkkit};

const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const CTRL_C: &str = "\x03";
const SHOW_CURSOR: &str = "\x1b[?25h";

fn kit() -> String {
    fixture("kits/workshop").display().to_string()
}

/// `thinkkit ARGS` in a pseudo-terminal, in `dir`, without colours or an editor.
fn spawn(dir: &Path, args: &[&str]) -> Session {
    spawn_with(dir, args, &[])
}

fn spawn_with(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Session {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_thinkkit"));
    cmd.current_dir(dir)
        .args(args)
        .env("CLICOLOR", "0")
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("EDITOR")
        .env_remove("VISUAL");
    for (k, v) in env {
        cmd.env(k, v);
    }
    // Wide enough that the card and review tables do not wrap the words the tests look for.
    let mut s = in_terminal(&cmd, 120, 40);
    s.set_expect_timeout(Some(Duration::from_secs(10)));
    s
}

/// Wait until `text` appears.
fn expect(s: &mut Session, text: &str) {
    if let Err(e) = s.expect(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

/// Wait for a prompt, then type a line.
fn answer(s: &mut Session, prompt: &str, line: &str) {
    expect(s, prompt);
    s.send_line(line).unwrap();
}

/// Wait for a prompt, then send keys.
fn keys(s: &mut Session, prompt: &str, keys: &[&str]) {
    expect(s, prompt);
    for k in keys {
        s.send(k).unwrap();
    }
}

/// Press Ctrl-C at `prompt`. The short pause lets the prompt start reading keys: a Ctrl-C
/// typed before that is a signal, not a key, and is noticed only at the next key.
fn interrupt_at(s: &mut Session, prompt: &str) {
    expect(s, prompt);
    sleep(Duration::from_millis(300));
    s.send(CTRL_C).unwrap();
}

/// Read to the end and return the exit code.
fn exit_code(mut s: Session) -> i32 {
    let _ = s.expect(Eof);
    match s.get_process().wait().unwrap() {
        WaitStatus::Exited(_, code) => code,
        other => panic!("the workshop did not exit normally: {other:?}"),
    }
}

fn read(path: &Path) -> plan::Plan {
    plan::read(path).expect("the plan is valid")
}

fn text(t: &str) -> Answer {
    Answer::Text(t.to_owned())
}

fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| (*s).to_owned()).collect())
}

#[test]
fn answer_go_back_interrupt_resume_and_finish() {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("plan.yaml");
    let mut s = spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
    );
    // Guidance and progress when the component starts.
    expect(&mut s, "Component 1 of 3: The basics");
    expect(&mut s, "figures you already have");
    expect(&mut s, "component 1 of 3 · question 1 of 4");
    // A number, with a refused answer first.
    answer(&mut s, "How many homes do you manage?", "0");
    expect(&mut s, "between 1 and 100000");
    s.send_line("1,200").unwrap();
    // A percentage.
    answer(&mut s, "What share of residents is online?", "45%");
    // A choice: South.
    keys(&mut s, "Which region are you in?", &[DOWN, "\r"]);
    // Go back from the next question and change the region to the third choice.
    answer(&mut s, "What budget do you have each year?", "<");
    keys(&mut s, "Which region are you in?", &[DOWN, "\r"]);
    // Money.
    answer(&mut s, "What budget do you have each year?", "£2,500");
    // The kit places the card choice after the questions; Esc leaves the cards as they are.
    keys(&mut s, "Project cards for The basics", &[ESC]);
    expect(&mut s, "cards unchanged");
    // Between components: continue.
    keys(&mut s, "What next?", &["\r"]);
    expect(&mut s, "Component 2 of 3: People and barriers");
    // Multi-choice: tick the first and the third.
    keys(
        &mut s,
        "Which barriers keep residents offline?",
        &[" ", DOWN, DOWN, " ", "\r"],
    );
    // Yes/no.
    keys(&mut s, "Do you have a plan already?", &["n"]);
    // Ctrl-C at the next prompt: exit 130, one line saying how to resume.
    interrupt_at(&mut s, "Where are you with a plan?");
    // The list hid the cursor; it is shown again before the command ends.
    expect(&mut s, SHOW_CURSOR);
    expect(&mut s, "resume with `thinkkit workshop plan.yaml`");
    assert_eq!(exit_code(s), 130);

    let p = read(&plan_path);
    assert_eq!(p.organisation, "Acme");
    assert_eq!(p.answers["homes"], Answer::Number(1200.0));
    assert_eq!(p.answers["share-online"], Answer::Number(45.0));
    assert_eq!(p.answers["region"], text("east"), "the changed answer");
    assert_eq!(p.answers["budget"], Answer::Number(2500.0));
    assert_eq!(p.answers["barriers"], list(&["cost", "confidence"]));
    assert_eq!(p.answers["has-plan"], Answer::Bool(false));
    assert!(!p.answers.contains_key("plan-status"));

    // Resume (the plan remembers its kit) at the question that was interrupted.
    let mut s = spawn(dir.path(), &["workshop", "plan.yaml"]);
    expect(
        &mut s,
        "resuming at the first open question (6 of 14 answered",
    );
    expect(&mut s, "component 2 of 3 · question 3 of 4");
    keys(&mut s, "Where are you with a plan?", &["\r"]);
    // The default computed from earlier answers: 1200 × (100 − 45) / 100.
    expect(&mut s, "About how many households are offline?");
    answer(&mut s, "(660)", "");
    keys(&mut s, "Project cards for People and barriers", &[ESC]);
    keys(&mut s, "What next?", &["\r"]);
    answer(&mut s, "Who leads the strategy?", "Sam Lee");
    answer(&mut s, "What are the first steps?", "Board paper");
    answer(&mut s, "item 2", "Survey");
    answer(&mut s, "item 3", "");
    answer(&mut s, "Anything else to record?", "");
    keys(&mut s, "How often will you review progress?", &["\r"]);
    expect(&mut s, "Finish the workshop");
    s.send("\r").unwrap();
    expect(&mut s, "Workshop finished.");
    assert_eq!(exit_code(s), 0);

    let p = read(&plan_path);
    assert_eq!(p.answers["plan-status"], text("drafting"));
    assert_eq!(p.answers["offline"], Answer::Number(660.0));
    assert_eq!(p.answers["lead"], text("Sam Lee"));
    assert_eq!(p.answers["first-steps"], list(&["Board paper", "Survey"]));
    assert_eq!(p.answers["review"], text("quarterly"));
    assert!(!p.answers.contains_key("notes"), "left blank");
    assert!(!p.answers.contains_key("skills-offer"), "not asked");
}

#[test]
fn sigkill_between_answers_loses_nothing_confirmed() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
    );
    answer(&mut s, "How many homes do you manage?", "300");
    answer(&mut s, "What share of residents is online?", "12.5");
    // The next prompt is on screen, so both answers have been confirmed.
    expect(&mut s, "Which region are you in?");
    s.get_process_mut().kill(Signal::SIGKILL).unwrap();
    let _ = s.expect(Eof);
    assert!(matches!(
        s.get_process().wait().unwrap(),
        WaitStatus::Signaled(_, Signal::SIGKILL, _)
    ));
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.answers["homes"], Answer::Number(300.0));
    assert_eq!(p.answers["share-online"], Answer::Number(12.5));
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// A text editor (or a sync client) changes the plan while the workshop has it open: the
/// workshop's next save does not write over that change. Its own version goes beside the plan,
/// the workshop stops and says where both are.
#[test]
fn a_plan_changed_by_an_editor_during_the_workshop_is_not_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.yaml");
    let mut s = spawn(
        dir.path(),
        &["workshop", "plan.yaml", "--kit", &kit(), "--org", "Acme"],
    );
    answer(&mut s, "How many homes do you manage?", "300");
    expect(&mut s, "What share of residents is online?");
    let edited = fs::read_to_string(&path).unwrap().replace("300", "350");
    fs::write(&path, &edited).unwrap();
    s.send_line("12.5").unwrap();
    expect(&mut s, "changed by another program");
    assert_eq!(exit_code(s), 1);
    assert_eq!(fs::read_to_string(&path).unwrap(), edited);
    assert_eq!(read(&path).answers["homes"], Answer::Number(350.0));
    let aside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains(".unsaved-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    let ours = read(&aside[0]);
    assert_eq!(ours.answers["homes"], Answer::Number(300.0));
    assert_eq!(ours.answers["share-online"], Answer::Number(12.5));
}

#[test]
fn menu_review_cards_and_jump() {
    let dir = tempfile::tempdir().unwrap();
    thinkkit(dir.path())
        .args(["answer", "plan.yaml", "--kit", &kit()])
        .args(["--set", "homes=1500", "--set", "share-online=30"])
        .args(["--set", "region=north", "--set", "budget=£1,500"])
        .assert()
        .success();
    let mut s = spawn(dir.path(), &["workshop", "plan.yaml"]);
    // The plan has no organisation yet: it is asked for (Enter leaves it for next time).
    answer(&mut s, "Which organisation is this strategy for?", "");
    // Resumes in component 2; Esc goes back across the boundary to the last question of 1.
    keys(&mut s, "Which barriers keep residents offline?", &[ESC]);
    expect(&mut s, "What budget do you have each year?");
    answer(&mut s, "(£1,500)", "");
    keys(&mut s, "Project cards for The basics", &[ESC]);
    // Menu: review the answers so far (a letter moves to the next item starting with it).
    keys(&mut s, "What next?", &["r", "r", "\r"]);
    expect(&mut s, "How many homes do you manage?");
    expect(&mut s, "£1,500");
    // Menu: cards (the next item starting with c): the panel shows the summary and costs
    // of the highlighted card while choosing.
    keys(&mut s, "What next?", &["c", "\r"]);
    expect(&mut s, "Pay rent online");
    expect(&mut s, "Let residents pay and");
    keys(&mut s, "£5,000–£20,000", &[" ", "\r"]);
    expect(&mut s, "saved: the plan has 1 card");
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(p.cards.len(), 1);
    assert_eq!(p.cards[0].id, "online-rent");
    // Menu: jump to the third component.
    keys(&mut s, "What next?", &["j", "\r"]);
    keys(&mut s, "Jump to which component?", &[DOWN, DOWN, "\r"]);
    expect(&mut s, "Component 3 of 3: Next steps");
    interrupt_at(&mut s, "Who leads the strategy?");
    assert_eq!(exit_code(s), 130);
}

#[test]
fn long_text_in_the_editor_and_quit_from_the_menu() {
    let dir = tempfile::tempdir().unwrap();
    let editor = dir.path().join("editor.sh");
    fs::write(
        &editor,
        "#!/bin/sh\nprintf 'Notes from the editor\\nSecond line\\n' > \"$1\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut s = spawn_with(
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
        &[("EDITOR", editor.to_str().unwrap())],
    );
    answer(&mut s, "Who leads the strategy?", "Sam");
    answer(&mut s, "What are the first steps?", "");
    expect(&mut s, "opening your editor");
    keys(&mut s, "How often will you review progress?", &["\r"]);
    keys(&mut s, "Finish the workshop", &["q", "\r"]);
    expect(&mut s, "resume with `thinkkit workshop plan.yaml`");
    assert_eq!(exit_code(s), 0);
    let p = read(&dir.path().join("plan.yaml"));
    assert_eq!(
        p.answers["notes"],
        text("Notes from the editor\nSecond line")
    );
    assert_eq!(p.answers["lead"], text("Sam"));
}

#[test]
fn builtin_kit_first_question_with_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(dir.path(), &["workshop"]);
    answer(
        &mut s,
        "Which organisation is this strategy for?",
        "Acme Homes",
    );
    expect(&mut s, "Component 1 of");
    keys(&mut s, "Which nation of the UK do you work in?", &["\r"]);
    interrupt_at(
        &mut s,
        "Does your organisation already have a digital strategy",
    );
    expect(&mut s, SHOW_CURSOR);
    expect(&mut s, "resume with `thinkkit workshop strategy.plan.yaml`");
    assert_eq!(exit_code(s), 130);
    let p = read(&dir.path().join("strategy.plan.yaml"));
    assert_eq!(p.kit.id, "digital-inclusion");
    assert_eq!(p.kit.path, None);
    assert_eq!(p.organisation, "Acme Homes");
    assert_eq!(p.answers.len(), 1);
    assert_eq!(p.answers["nation"], text("england"));
}

#[test]
fn unknown_section_is_refused_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = spawn(
        dir.path(),
        &[
            "workshop",
            "plan.yaml",
            "--kit",
            &kit(),
            "--section",
            "peple",
        ],
    );
    expect(&mut s, "`peple` is not a component of kit `workshop-test`");
    expect(&mut s, "did you mean `people`?");
    assert_eq!(exit_code(s), 1);
    assert!(!dir.path().join("plan.yaml").exists());
}

#[test]
fn refuses_without_a_terminal_and_points_to_answer() {
    let dir = tempfile::tempdir().unwrap();
    // `echo | thinkkit workshop`: neither end is a terminal.
    let out = thinkkit(dir.path())
        .args(["workshop"])
        .write_stdin("\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        err.contains("thinkkit answer strategy.plan.yaml --set ID=VALUE"),
        "{err}"
    );
    assert!(!dir.path().join("strategy.plan.yaml").exists());

    // A terminal for input but output to a file is refused too, before any prompt.
    let mut s = Session::spawn({
        let mut c = Command::new("sh");
        c.current_dir(dir.path()).args([
            "-c",
            &format!(
                "{} workshop > out.txt; echo \"exit $?\"",
                env!("CARGO_BIN_EXE_thinkkit")
            ),
        ]);
        c
    })
    .unwrap();
    s.set_expect_timeout(Some(Duration::from_secs(10)));
    expect(&mut s, "standard output is not a terminal");
    expect(&mut s, "exit 1");
    assert_eq!(fs::read_to_string(dir.path().join("out.txt")).unwrap(), "");
}

/// The structured half of a strategy made only through the workshop, every step by keys (the
/// channel-shift figures, the cards with their local details, the measures with baselines and
/// targets), renders exactly the document the same plan gives when written with `answer`,
/// `cards choose`, `measure add` and `shift set`. See issue 10.
#[test]
fn a_plan_made_in_the_workshop_renders_as_the_commands_write_it() {
    use crate::screen::{Tty, page_through_to};
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
    t.send("\r");
    t.wait_prompt("How will you enable customers");
    t.send("\r");
    t.wait_prompt("Which services will you offer or improve online?");
    for k in [" ", DOWN, " ", "\r"] {
        t.send(k);
    }
    t.wait_prompt("Which one service will you shift first");
    t.line("Payments first");
    t.wait_prompt("What share of customer transactions happens online today?");
    t.line("22");
    // The channel-shift step: two services, one channel at a time; the last channel is
    // offered what is left.
    for (per_year, now, aim) in [
        ("21k", ["40", "35", "5"], ["20", "20", "5"]),
        ("8,000", ["30", "50", "0"], ["10", "30", "0"]),
    ] {
        t.wait_prompt("Transactions a year?");
        t.line(per_year);
        for mix in [now, aim] {
            for share in mix {
                t.wait_prompt("%");
                t.line(share);
            }
            t.wait_for("adds up to 100 ✔");
            t.wait_prompt("Online %");
            t.line("");
        }
    }
    t.wait_prompt("Cost per contact, Face to face?");
    t.line("£12");
    t.wait_prompt("Cost per contact, Telephone?");
    t.line("");
    // The kit has no figure for post, and the payments mix uses it: Enter alone is refused
    // under the line (no message left above it), since the saving could not be worked out.
    t.wait_prompt("Cost per contact, Post?");
    t.line("");
    t.wait_for("a cost is needed: without one the saving of Making payments");
    t.line("£2");
    t.wait_prompt("Cost per contact, Online?");
    t.line("");
    t.wait_prompt("Where do these costs come from?");
    t.line("Finance team costing 2025");
    // To the activities: the card chooser and each card's details.
    t.wait_prompt("What next?");
    t.send("j");
    t.send("\r");
    t.wait_prompt("Jump to which component?");
    t.send("8");
    t.send("\r");
    page_through_to(&mut t, "? Which digital inclusion activities");
    t.line("");
    t.wait_prompt("Which costs could you share");
    t.line("");
    t.wait_prompt("Will you pilot new activities");
    t.send("\r");
    t.wait_for("Project cards for Activities");
    for k in [" ", DOWN, DOWN, " "] {
        t.send(k);
    }
    t.wait_for("2 ticked");
    t.send("\r");
    for (owner, start, setup, running, notes) in [
        ("Sam Lee", "2026-09", "£200", "", "Add to STAR survey"),
        ("Jo Bloggs", "2027-01", "30k", "£3,000", ""),
    ] {
        t.wait_prompt("Who leads it?");
        t.line(owner);
        t.wait_prompt("When does it start?");
        t.line(start);
        t.wait_prompt("Local set-up cost?");
        t.line(setup);
        t.wait_prompt("Local running cost a year?");
        t.line(running);
        t.wait_prompt("Notes?");
        t.line(notes);
    }
    // To the measures.
    t.wait_prompt("What next?");
    t.send("j");
    t.send("\r");
    t.wait_prompt("Jump to which component?");
    t.send("1");
    t.send("\r");
    page_through_to(&mut t, "? Where will your baselines come from?");
    t.send(" ");
    t.send("\r");
    t.wait_prompt("How often will you review progress?");
    t.send("\r");
    t.wait_prompt("Who is responsible for reporting progress");
    t.line("Head of housing");
    t.wait_prompt("Will you report progress to residents?");
    t.send("\r");
    t.wait_prompt("Which measures will show whether the strategy works?");
    for k in [" ", DOWN, DOWN, " "] {
        t.send(k);
    }
    t.wait_for("2 ticked");
    t.send("\r");
    for (baseline, note, target) in [("64%", "STAR survey 2026", "80"), ("22", "", "60")] {
        t.wait_prompt("Baseline: the value now?");
        t.line(baseline);
        t.wait_prompt("Measured on?");
        t.line("2026-03-31");
        t.wait_prompt("Where does the baseline come from?");
        t.line(note);
        t.wait_prompt("Target value?");
        t.line(target);
        t.wait_prompt("Reached by?");
        t.line("2029-03-31");
    }
    t.wait_prompt("What next?");
    t.send("q");
    t.send("\r");
    let (keys, typed) = (t.keys, t.typed);
    assert_eq!(t.exit_code(), 0);
    eprintln!("workshop: {keys} keys and {typed} typed characters");

    // The same plan by commands.
    let other = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = thinkkit(other.path()).args(args).output().unwrap();
        assert!(out.status.success(), "{args:?}: {out:?}");
    };
    run(&[
        "answer",
        "plan.yaml",
        "--org",
        "Acme Homes",
        "--set",
        "system-integration=no-online-services",
        "--set",
        "online-route=buy-modules",
        "--set",
        "services-to-shift=payments,repairs",
        "--set",
        "first-service-to-shift=Payments first",
        "--set",
        "transactions-online-share=22",
        "--skip",
        "existing-activities",
        "--skip",
        "shared-costs",
        "--set",
        "pilot-first=yes",
        "--set",
        "baseline-plan=star-survey",
        "--set",
        "review-frequency=quarterly",
        "--set",
        "progress-owner=Head of housing",
        "--set",
        "report-to-residents=yes",
    ]);
    run(&[
        "shift",
        "set",
        "plan.yaml",
        "payments",
        "--per-year",
        "21000",
        "--now",
        "face-to-face=40,telephone=35,post=5,online=20",
        "--aim",
        "face-to-face=20,telephone=20,post=5,online=55",
    ]);
    run(&[
        "shift",
        "set",
        "plan.yaml",
        "repairs",
        "--per-year",
        "8000",
        "--now",
        "face-to-face=30,telephone=50,online=20",
        "--aim",
        "face-to-face=10,telephone=30,online=60",
        "--unit-cost",
        "face-to-face=£12,post=£2",
        "--unit-cost-source",
        "Finance team costing 2025",
    ]);
    run(&[
        "cards",
        "choose",
        "plan.yaml",
        "digital-access-survey",
        "--owner",
        "Sam Lee",
        "--start",
        "2026-09",
        "--setup-cost",
        "£200",
        "--notes",
        "Add to STAR survey",
    ]);
    run(&[
        "cards",
        "choose",
        "plan.yaml",
        "self-service-modules",
        "--owner",
        "Jo Bloggs",
        "--start",
        "2027-01",
        "--setup-cost",
        "30k",
        "--running-cost",
        "£3,000",
    ]);
    for (id, baseline, note, target) in [
        ("tenants-online", "64%", Some("STAR survey 2026"), "80"),
        ("transactions-online", "22", None, "60"),
    ] {
        let mut args = vec![
            "measure",
            "add",
            "plan.yaml",
            id,
            "--baseline",
            baseline,
            "--baseline-date",
            "2026-03-31",
            "--target",
            target,
            "--by",
            "2029-03-31",
        ];
        if let Some(n) = note {
            args.extend(["--baseline-note", n]);
        }
        run(&args);
    }

    let render = |dir: &Path| {
        let out = thinkkit(dir)
            .args(["render", "plan.yaml"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let by_workshop = render(dir.path());
    let by_commands = render(other.path());
    for section in ["£12", "Sam Lee", "Tenants online", "64%", "21,000"] {
        assert!(by_workshop.contains(section), "{section}:\n{by_workshop}");
    }
    // Every saving is worked out: no channel is left without a cost.
    assert!(!by_workshop.contains("no unit cost for"), "{by_workshop}");
    if by_workshop != by_commands {
        let a = read(&dir.path().join("plan.yaml"));
        let b = read(&other.path().join("plan.yaml"));
        panic!(
            "the documents differ\n--- workshop plan ---\n{a:#?}\n--- commands plan ---\n{b:#?}"
        );
    }
}
