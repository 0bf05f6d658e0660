//! A plan is checked on every read, like a kit: `status`, `render`, `compare` and `measure`
//! refuse an invalid plan with every problem at its file, line and column and what to do;
//! `plan check` reports; `answer` and the workshop can repair invalid answers; `plan schema`
//! gives editors the shape of a plan for a kit.

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{fixture, root, thinkkit};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn example_text() -> String {
    fs::read_to_string(root().join("examples/riverside-homes.plan.yaml")).unwrap()
}

/// The example plan with `from` replaced by `to` (which must be there).
fn example_with(dir: &Path, edits: &[(&str, &str)]) -> PathBuf {
    let mut text = example_text();
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} is not in the example plan");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join("p.plan.yaml");
    fs::write(&path, text).unwrap();
    path
}

/// `line:col` (1-based) where `needle` starts in `text`, plus `shift` columns.
fn place(text: &str, needle: &str, shift: usize) -> String {
    let at = text.find(needle).expect("the needle is in the text");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1 + shift;
    format!("{line}:{col}")
}

/// Each hand edit the issue found accepted by `status` and `render`, with the words the
/// refusal must have (issue 12).
const HAND_EDITS: &[(&str, &str, &str)] = &[
    (
        "  activity-budget: 120000\n",
        "  activity-budget: lots of money\n",
        "`activity-budget`: `lots of money` is not an amount in pounds",
    ),
    (
        "  homes-count: 4150\n",
        "  homes-count: -5000\n",
        "`homes-count`: -5000 is out of range",
    ),
    (
        "  offline-households: 1494\n",
        "  offline-households: .nan\n",
        "`offline-households`: `NaN` is not a finite number",
    ),
    (
        "  activity-budget: 120000\n",
        "  activity-budget: .inf\n",
        "`activity-budget`: `inf` is not a finite number",
    ),
    (
        "  activity-budget: 120000\n",
        "  activity-budget: 1e308\n",
        "`activity-budget`: 1e308 is beyond the largest number thinkkit takes",
    ),
    (
        "  customers-online-share: 64\n",
        "  customers-online-share: 150\n",
        "`customers-online-share`: 150 is out of range: the answer must be between 0 and 100",
    ),
    (
        "  nation: england\n",
        "  nation: englnd\n",
        "`nation`: `englnd` is not one of the choices",
    ),
    (
        "  customer-barriers:\n  - cost\n  - access\n  - skills\n  - confidence\n  - safety-fears\n  - face-to-face-preference\n",
        "  customer-barriers: cost\n",
        "`customer-barriers`: `cost` is text, but a `multi-choice` answer is stored as a list",
    ),
    (
        "  homes-count: 4150\n",
        "  homes-count: 4150\n  homes-count: 99\n",
        "`homes-count` is written twice (first at line",
    ),
    (
        "cards:\n- id: digital-access-survey\n",
        "cards:\n- id: digital-access-survey\n- id: digital-access-survey\n",
        "card `digital-access-survey` is chosen twice",
    ),
    (
        "- id: self-service-modules\n  cost: 32000\n",
        "- id: self-service-modules\n  cost: -32000\n",
        "card `self-service-modules`: set-up cost: `-32000` is below £0",
    ),
    (
        "      telephone: 78\n",
        "      telephone: 178\n",
        "service `repairs`: channel mix now: `178` is out of range",
    ),
    (
        "    now:\n      face-to-face: 10\n      online: 9\n      post: 3\n      telephone: 78\n",
        "    now:\n      face-to-face: 100\n      online: 9\n      post: 3\n      telephone: 88\n",
        "service `repairs`: channel mix now: the shares add up to 200%, not 100%",
    ),
];

/// `status` and `render` used to accept a hand-edited plan with text for money, −5000 homes,
/// `.nan`/`.inf`, 150%, a choice the kit does not have, a string for a multi-choice, a
/// duplicate answer key, a card chosen twice, a negative local cost and channel shares summing
/// to 200; the page then said "Share online now: 150%" or "Homes: NaN" (issue 12).
#[test]
fn every_reading_command_refuses_each_hand_edit_with_its_place_and_a_fix() {
    for (from, to, says) in HAND_EDITS {
        let dir = tempfile::tempdir().unwrap();
        let plan = example_with(dir.path(), &[(from, to)]);
        let text = fs::read_to_string(&plan).unwrap();
        // The problem is on one of the lines the edit wrote.
        let first: usize = place(&text, to, 0)
            .split(':')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let lines: Vec<String> = (first..first + to.trim_end().matches('\n').count() + 1)
            .map(|l| format!("p.plan.yaml:{l}:"))
            .collect();
        for args in [
            &["status", "p.plan.yaml"][..],
            &["render", "p.plan.yaml", "--format", "md"],
            &["render", "p.plan.yaml", "-o", "out.html"],
            &["measure", "show", "p.plan.yaml"],
            &["measure", "record", "p.plan.yaml", "tenants-online", "70"],
            &["compare", "p.plan.yaml", "p.plan.yaml"],
            &["plan", "check", "p.plan.yaml"],
        ] {
            let out = thinkkit(dir.path()).args(args).output().unwrap();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{args:?} with {to:?}: {err}");
            assert!(out.stdout.is_empty(), "{args:?} with {to:?} printed output");
            assert!(err.contains(says), "{args:?} with {to:?}: {err}");
            assert!(
                lines.iter().any(|l| err.contains(l.as_str())),
                "{args:?} with {to:?} does not name one of {lines:?}: {err}"
            );
            assert!(err.contains("help: "), "{args:?}: {err}");
        }
        assert_eq!(
            fs::read_to_string(&plan).unwrap(),
            text,
            "{to:?}: the plan changed"
        );
        assert!(!dir.path().join("out.html").exists());
    }
}

#[test]
fn plan_check_lists_every_problem_in_one_run_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example_with(
        dir.path(),
        &[
            (
                "  activity-budget: 120000\n",
                "  activity-budget: lots of money\n",
            ),
            ("  homes-count: 4150\n", "  homes-count: -5000\n"),
            ("  nation: england\n", "  nation: England\n"),
            (
                "- id: self-service-modules\n  cost: 32000\n",
                "- id: self-service-modules\n  cost: -32000\n",
            ),
            ("      telephone: 78\n", "      telephone: 178\n"),
        ],
    );
    let text = fs::read_to_string(&plan).unwrap();
    let out = thinkkit(dir.path())
        .args(["plan", "check", "p.plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: plan `p.plan.yaml` is not valid (5 problems); nothing was done\n"),
        "{err}"
    );
    // Answers say how to give them again; other problems, which line to edit. A label where
    // a value belongs says which value to write.
    let budget = place(&text, "lots of money", 0);
    let nation = place(&text, "England", 0);
    let cost = place(&text, "-32000", 0);
    for want in [
        format!("p.plan.yaml:{budget}: `activity-budget`: `lots of money` is not an amount in pounds"),
        "give the answer again with `thinkkit answer p.plan.yaml --set activity-budget=VALUE` (or the workshop), or edit line".to_owned(),
        format!("p.plan.yaml:{nation}: `nation`: `England` is not a choice's value"),
        "help: write `england`".to_owned(),
        format!("p.plan.yaml:{cost}: card `self-service-modules`: set-up cost: `-32000` is below £0"),
        format!("edit line {}", cost.split(':').next().unwrap()),
        "fix them and check again with `thinkkit plan check p.plan.yaml`".to_owned(),
    ] {
        assert!(err.contains(&want), "{want:?} in\n{err}");
    }
    let out = thinkkit(&root())
        .args(["plan", "check", "examples/riverside-homes.plan.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with(
        "ok: `examples/riverside-homes.plan.yaml` is a valid plan for kit `digital-inclusion`"
    ),);
}

#[test]
fn measures_and_the_new_plan_sections_are_checked_too() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.plan.yaml"),
        "thinkkit-plan: 1\nkit: {id: digital-inclusion, version: 1.0.0}\nanswers:\n  homes-count: 100\n\
         to-decide:\n  homes-count: {note: later}\nskipped: [nation]\n\
         measures:\n- id: tenants-online\n  baseline: {value: 150, date: 2026-01-01}\n  target: {value: 10, by: 2025-01-01}\n\
         \x20 values:\n  - {value: 50, date: 2026-02-01}\n  - {value: 60, date: 2026-02-01}\n\
         - id: tenants-online\n",
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["plan", "check", "p.plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    for want in [
        "`homes-count` is answered and also marked to decide",
        "`nation` is required, so it cannot be skipped",
        "measure `tenants-online`: baseline: `150` is out of range: a percentage is from 0 to 100",
        "measure `tenants-online`: target date: the target date 2025-01-01 is not after the baseline date 2026-01-01",
        "two values of `tenants-online` are dated 2026-02-01",
        "measure `tenants-online` is listed twice",
    ] {
        assert!(err.contains(want), "{want:?} in\n{err}");
    }
}

/// The workshop used to re-ask the same invalid values, so the two paths disagreed; now an
/// invalid answer is given again with `answer --set`, and every other one stays in the file as
/// it was until it is replaced (issue 12).
#[test]
fn answer_repairs_an_invalid_answer_and_keeps_the_others_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example_with(
        dir.path(),
        &[
            ("  homes-count: 4150\n", "  homes-count: -5000\n"),
            ("  nation: england\n", "  nation: englnd\n"),
        ],
    );
    let out = thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--set", "homes-count=4,150"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "warning: the plan's answer to `nation` is still not valid, and is kept as it is"
        ),
        "{err}"
    );
    let text = fs::read_to_string(&plan).unwrap();
    assert!(text.contains("  homes-count: 4150\n"), "{text}");
    assert!(text.contains("  nation: englnd\n"), "{text}");
    thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--set", "nation=England"])
        .assert()
        .success();
    thinkkit(dir.path())
        .args(["plan", "check", "p.plan.yaml"])
        .assert()
        .success();
    // Any other problem is not an answer to give again: `answer` refuses and writes nothing.
    let plan = example_with(
        dir.path(),
        &[(
            "cards:\n- id: digital-access-survey\n",
            "cards:\n- id: digital-access-survey\n- id: digital-access-survey\n",
        )],
    );
    let before = fs::read_to_string(&plan).unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--set", "homes-count=10"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("chosen twice"), "{}", stderr(&out));
    assert_eq!(fs::read_to_string(&plan).unwrap(), before);
}

#[test]
fn an_answers_file_cannot_make_the_plan_invalid_or_hide_a_key_written_twice() {
    let dir = tempfile::tempdir().unwrap();
    let plan = example_with(dir.path(), &[]);
    let before = fs::read_to_string(&plan).unwrap();
    for (file, says) in [
        (
            "cards:\n  - id: taster-sessions\n    cost: -5\n",
            "card `taster-sessions`: set-up cost: `-5` is below £0",
        ),
        (
            "answers:\n  homes-count: 10\n  homes-count: 20\n",
            "a.yaml:3:3: `homes-count` is written twice (first at line 2)",
        ),
    ] {
        fs::write(dir.path().join("a.yaml"), file).unwrap();
        let out = thinkkit(dir.path())
            .args(["answer", "p.plan.yaml", "--from", "a.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{file}");
        assert!(stderr(&out).contains(says), "{file}: {}", stderr(&out));
        assert_eq!(fs::read_to_string(&plan).unwrap(), before);
    }
}

fn plan_schema(kit: Option<&str>) -> jsonschema::Validator {
    let mut cmd = thinkkit(&root());
    cmd.args(["plan", "schema"]);
    if let Some(kit) = kit {
        cmd.args(["--kit", kit]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    jsonschema::validator_for(&schema).expect("a valid JSON Schema")
}

fn as_json(text: &str) -> serde_json::Value {
    thinkkit::yaml::from_str(text).expect("YAML")
}

#[test]
fn the_plan_schema_accepts_real_plans_and_refuses_broken_ones() {
    let schema = plan_schema(None);
    let errors: Vec<String> = schema
        .iter_errors(&as_json(&example_text()))
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    for (from, to) in [
        ("  nation: england\n", "  nation: englnd\n"),
        ("  homes-count: 4150\n", "  homes-count: lots\n"),
        (
            "  customers-online-share: 64\n",
            "  customers-online-share: 150\n",
        ),
        ("  homes-count: 4150\n", "  homes-cuont: 4150\n"),
        (
            "- id: self-service-modules\n",
            "- id: self-service-modulez\n",
        ),
        (
            "- id: self-service-modules\n  cost: 32000\n",
            "- id: self-service-modules\n  cost: -1\n",
        ),
        (
            "  has-digital-strategy: false\n",
            "  has-digital-strategy: 'no'\n",
        ),
        ("thinkkit-plan: 1\n", "thinkkit-plan: 1\nbudget: 5\n"),
    ] {
        let text = example_text();
        assert!(text.contains(from), "{from}");
        let broken = as_json(&text.replacen(from, to, 1));
        assert!(!schema.is_valid(&broken), "{to:?} accepted");
    }
    // Another kit's schema has that kit's questions.
    let kit = fixture("kits/workshop").display().to_string();
    let schema = plan_schema(Some(&kit));
    let plan = as_json(
        "thinkkit-plan: 1\nkit: {id: workshop-test, version: 1.0.0}\nanswers:\n  homes: 10\n  region: north\n",
    );
    assert!(schema.is_valid(&plan));
    let plan = as_json(
        "thinkkit-plan: 1\nkit: {id: workshop-test, version: 1.0.0}\nanswers:\n  homes-count: 10\n",
    );
    assert!(!schema.is_valid(&plan));
}

/// `thinkkit workshop` in a pseudo-terminal, on the small workshop kit.
fn workshop(dir: &Path) -> expectrl::Session {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_thinkkit"));
    cmd.current_dir(dir)
        .args(["workshop", "p.yaml"])
        .env("NO_COLOR", "1")
        .env("TERM", "xterm")
        .env_remove("EDITOR")
        .env_remove("VISUAL");
    let mut s = crate::common::in_terminal(&cmd, 100, 30);
    s.set_expect_timeout(Some(std::time::Duration::from_secs(10)));
    s
}

fn expect(s: &mut expectrl::Session, text: &str) {
    if let Err(e) = s.expect(text) {
        panic!("waiting for {text:?}: {e}");
    }
}

fn stop(mut s: expectrl::Session) {
    std::thread::sleep(std::time::Duration::from_millis(300));
    s.send("\x03").unwrap();
    let _ = s.expect(expectrl::Eof);
    let _ = s.get_process().wait();
}

/// The workshop offers to ask invalid answers again; one not asked again stays in the file.
#[test]
fn the_workshop_offers_to_ask_invalid_answers_again() {
    let kit = fixture("kits/workshop").display().to_string();
    for (reply, homes) in [("y", "  homes: 1200\n"), ("n", "  homes: -5\n")] {
        let dir = tempfile::tempdir().unwrap();
        thinkkit(dir.path())
            .args([
                "answer", "p.yaml", "--kit", &kit, "--org", "Acme", "--set", "homes=10",
            ])
            .assert()
            .success();
        let path = dir.path().join("p.yaml");
        let text = fs::read_to_string(&path)
            .unwrap()
            .replace("  homes: 10\n", "  homes: -5\n");
        fs::write(&path, text).unwrap();
        let mut s = workshop(dir.path());
        expect(&mut s, "1 answer in the plan is not valid:");
        expect(&mut s, "`homes`: -5 is out of range");
        expect(&mut s, "Ask them again now?");
        // Let the prompt start reading keys before typing.
        std::thread::sleep(std::time::Duration::from_millis(300));
        s.send(reply).unwrap();
        if reply == "y" {
            expect(&mut s, "How many homes do you manage?");
            std::thread::sleep(std::time::Duration::from_millis(300));
            s.send("1200\r").unwrap();
            expect(&mut s, "What share of residents is online?");
        } else {
            // Not asked again: the walk resumes where it would, at the unanswered question.
            expect(&mut s, "How many homes do you manage?");
        }
        stop(s);
        let saved = fs::read_to_string(&path).unwrap();
        assert!(saved.contains(homes), "{reply}: {saved}");
    }
}

#[test]
fn the_editors_schema_line_stays_at_the_top_of_a_saved_plan() {
    let dir = tempfile::tempdir().unwrap();
    let line = "# yaml-language-server: $schema=./plan.schema.json\n";
    let path = dir.path().join("p.plan.yaml");
    fs::write(&path, format!("{line}{}", example_text())).unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--set", "homes-count=4200"])
        .assert()
        .success();
    let saved = fs::read_to_string(&path).unwrap();
    assert!(
        saved.starts_with(&format!("{line}thinkkit-plan: 1\n")),
        "{saved:.120}"
    );
    assert!(saved.contains("  homes-count: 4200\n"));
}
