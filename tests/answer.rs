//! `thinkkit answer`, through the binary: the same parsing and validation as the workshop,
//! all or nothing, errors that name the question (and file:line:col for `--from`).

use std::fs;
use std::path::Path;

use thinkkit::plan::{self, Answer};

use crate::common::{fixture, redact, thinkkit};

fn kit() -> String {
    fixture("kits/workshop").display().to_string()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn read(path: &Path) -> plan::Plan {
    plan::read(path).expect("the plan is valid")
}

#[test]
fn set_creates_the_plan_and_parses_every_type() {
    let dir = tempfile::tempdir().unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit(), "--org", "Acme Homes"])
        .args([
            "--set",
            "homes=1,200",
            "--set",
            "share-online=45%",
            "--set",
            "budget=£2,500.50",
            "--set",
            "region=East, and Anglia",
            "--set",
            "barriers=skills, 1",
            "--set",
            "has-plan=n",
            "--set",
            "first-steps=Board paper; Survey",
            "--set",
            "lead=Sam Lee",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "created `p.yaml` (kit `workshop-test` 1.0.0)\nsaved `p.yaml`: 8 answers set\n"
    );
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.organisation, "Acme Homes");
    assert_eq!(p.kit.id, "workshop-test");
    let a = &p.answers;
    assert_eq!(a["homes"], Answer::Number(1200.0));
    assert_eq!(a["share-online"], Answer::Number(45.0));
    assert_eq!(a["budget"], Answer::Number(2500.5));
    assert_eq!(a["region"], Answer::Text("east".into()));
    assert_eq!(
        a["barriers"],
        Answer::List(vec!["cost".into(), "skills".into()])
    );
    assert_eq!(a["has-plan"], Answer::Bool(false));
    assert_eq!(
        a["first-steps"],
        Answer::List(vec!["Board paper".into(), "Survey".into()])
    );
    assert_eq!(a["lead"], Answer::Text("Sam Lee".into()));

    // A later run changes one answer and keeps the rest; the kit comes from the plan.
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--set", "homes=900"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "saved `p.yaml`: 1 answer set\n");
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.answers["homes"], Answer::Number(900.0));
    assert_eq!(p.answers.len(), 8);
}

#[test]
fn bad_values_and_unknown_ids_are_all_listed_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit()])
        .args([
            "--set",
            "homes=abc",
            "--set",
            "hoems=3",
            "--set",
            "share-online=150",
            "--set",
            "budget=$40",
            "--set",
            "region=nroth",
            "--set",
            "barriers=cost, money",
            "--set",
            "has-plan=maybe",
            "--set",
            "first-steps=a;b;c;d",
            "--set",
            "lead=",
            "--set",
            "review",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    insta::assert_snapshot!("set_errors", stderr(&out));
    assert!(!dir.path().join("p.yaml").exists(), "nothing is written");
}

#[test]
fn one_bad_value_keeps_the_good_ones_out_too() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit(), "--set", "homes=10"])
        .assert()
        .success();
    let before = fs::read_to_string(&plan).unwrap();
    thinkkit(dir.path())
        .args([
            "answer",
            "p.yaml",
            "--set",
            "homes=20",
            "--set",
            "share-online=x",
        ])
        .assert()
        .code(1);
    assert_eq!(fs::read_to_string(&plan).unwrap(), before);
}

#[test]
fn empty_value_removes_an_optional_answer_but_not_a_required_one() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit()])
        .args(["--set", "budget=100", "--set", "homes=5"])
        .assert()
        .success();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--set", "budget="])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out), "saved `p.yaml`: 1 answer cleared\n");
    assert!(!read(&plan).answers.contains_key("budget"));
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--set", "homes="])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`homes`: an answer is needed"),
        "{}",
        stderr(&out)
    );
    assert_eq!(read(&plan).answers["homes"], Answer::Number(5.0));
}

#[test]
fn answers_to_questions_not_asked_are_kept_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit()])
        .args(["--set", "has-plan=yes", "--set", "plan-status=drafting"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("note: `plan-status` is not asked"),
        "{}",
        stderr(&out)
    );
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.answers["plan-status"], Answer::Text("drafting".into()));
}

#[test]
fn from_file_merges_answers_cards_measures_and_organisation() {
    let dir = tempfile::tempdir().unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit(), "--set", "homes=10"])
        .assert()
        .success();
    fs::write(
        dir.path().join("answers.yaml"),
        "organisation: Acme Homes\n\
         answers:\n  \
           share-online: 30\n  \
           budget: \"£1,200\"\n  \
           has-plan: no\n  \
           barriers: [Skills, cost]\n  \
           first-steps:\n    - Board paper\n    - Survey\n  \
           homes: ~\n\
         cards:\n  \
           - id: taster-sessions\n    owner: Sam\n    start: 2027-04\n\
         measures:\n  \
           - id: people-supported\n    baseline: {value: 40, date: 2026-01-31}\n",
    )
    .unwrap();
    // `homes` is required: `~` cannot remove it.
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--from", "answers.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("answers.yaml:10:10: `homes`: an answer is needed"),
        "{}",
        stderr(&out)
    );
    let text = fs::read_to_string(dir.path().join("answers.yaml")).unwrap();
    fs::write(
        dir.path().join("answers.yaml"),
        text.replace("  homes: ~\n", ""),
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--from", "answers.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "saved `p.yaml`: 5 answers set, 1 card, 1 measure\n"
    );
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.organisation, "Acme Homes");
    assert_eq!(p.answers["homes"], Answer::Number(10.0));
    assert_eq!(p.answers["budget"], Answer::Number(1200.0));
    assert_eq!(p.answers["has-plan"], Answer::Bool(false));
    assert_eq!(
        p.answers["barriers"],
        Answer::List(vec!["cost".into(), "skills".into()])
    );
    assert_eq!(p.cards.len(), 1);
    assert_eq!(p.cards[0].owner.as_deref(), Some("Sam"));
    assert_eq!(p.measures[0].baseline.as_ref().unwrap().value, 40.0);

    // Merging again keeps local details the file does not repeat.
    fs::write(
        dir.path().join("more.yaml"),
        "cards:\n  - id: taster-sessions\n    cost: 150\n",
    )
    .unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--from", "more.yaml"])
        .assert()
        .success();
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.cards[0].owner.as_deref(), Some("Sam"));
    assert_eq!(p.cards[0].cost, Some(150.0));
}

#[test]
fn from_file_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("answers.yaml"),
        "answers:\n  \
           homes: 12\n  \
           share-online: lots\n  \
           regoin: north\n  \
           barriers: [cost, money]\n  \
           region: {value: north}\n\
         cards:\n  \
           - id: taster-sesions\n\
         measures:\n  \
           - id: people-helped\n",
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args([
            "answer",
            "p.yaml",
            "--kit",
            &kit(),
            "--from",
            "answers.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("from_errors", redact(&stderr(&out), dir.path()));
    assert!(!dir.path().join("p.yaml").exists());
}

#[test]
fn from_file_with_unknown_section_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.yaml"), "answer:\n  homes: 3\n").unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit(), "--from", "a.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.starts_with("error: a.yaml:1:1: not a valid answers file: unknown field `answer`"),
        "{err}"
    );
}

#[test]
fn a_plan_locked_by_another_process_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.yaml");
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit(), "--set", "homes=10"])
        .assert()
        .success();
    let before = fs::read_to_string(&plan).unwrap();
    // This test process holds the lock, as a running workshop would.
    let lock = plan::store::PlanLock::acquire(&plan, "workshop").unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--set", "homes=20"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("plan `p.yaml` is open in another thinkkit (`thinkkit workshop`, process"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(&plan).unwrap(), before);
    drop(lock);
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--set", "homes=20"])
        .assert()
        .success();
}

/// The YAML blocks of `docs/plan-format.md`, in order.
fn doc_yaml_blocks() -> Vec<String> {
    let doc = fs::read_to_string(crate::common::root().join("docs/plan-format.md")).unwrap();
    doc.split("```yaml\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap().to_owned())
        .collect()
}

#[test]
fn plan_format_doc_examples_work() {
    let blocks = doc_yaml_blocks();
    assert_eq!(
        blocks.len(),
        5,
        "the example plan, the states example, the editor's schema lines for a plan and a kit, and the example answers file"
    );
    assert!(blocks[2].starts_with("# yaml-language-server: $schema=./plan.schema.json\n"));
    assert!(blocks[3].starts_with("# yaml-language-server: $schema=./kit.schema.json\n"));
    // The example plan is a valid plan for the built-in kit, with nothing orphaned.
    let mut p = plan::parse(&blocks[0], "docs/plan-format.md").unwrap();
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    let warnings = plan::reconcile(&mut p, &kit).unwrap();
    assert!(
        warnings.iter().all(|w| w.contains("version")),
        "{warnings:?}"
    );
    // The states example: each question in the state the text says, and the computed value
    // current for its inputs (1,494 offline at 4,150 homes and 64% online).
    let mut p = plan::parse(&blocks[1], "docs/plan-format.md").unwrap();
    let warnings = plan::reconcile(&mut p, &kit).unwrap();
    assert!(
        warnings.iter().all(|w| w.contains("version")),
        "{warnings:?}"
    );
    let iv = thinkkit::interview::Interview::new(&kit);
    let state = |p: &plan::Plan, id: &str| iv.state(kit.question(id).unwrap(), p).label();
    assert_eq!(state(&p, "offline-households"), "answered");
    assert_eq!(state(&p, "activity-budget"), "to decide");
    assert_eq!(state(&p, "staff-time-fte"), "to decide");
    assert_eq!(state(&p, "social-media-guidelines"), "skipped");
    assert_eq!(
        p.to_decide["activity-budget"].owner.as_deref(),
        Some("Director of Finance")
    );
    // "change the share online to 70% and it becomes 1,245"
    p.answers
        .insert("customers-online-share".into(), Answer::Number(70.0));
    let warnings = plan::reconcile(&mut p, &kit).unwrap();
    assert_eq!(p.answers["offline-households"], Answer::Number(1245.0));
    assert!(
        warnings.iter().any(|w| w.contains("1245 now (was 1494)")),
        "{warnings:?}"
    );
    // The example answers file applies to a new plan.
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("answers.yaml"), &blocks[4]).unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--from", "answers.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let p = read(&dir.path().join("p.yaml"));
    assert_eq!(p.organisation, "Riverside Homes");
    assert_eq!(p.answers["homes-count"], Answer::Number(4200.0));
    assert_eq!(p.answers["nation"], Answer::Text("england".into()));
    assert_eq!(p.answers["report-to-residents"], Answer::Bool(true));
    assert_eq!(p.cards[0].id, "volunteer-digital-champions");
}

#[test]
fn accept_suggestions_takes_the_computed_value_which_then_follows_its_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let p = crate::common::builtin_plan(dir.path());
    let (code, out, err) = crate::common::run(dir.path(), &["answer", &p, "--accept-suggestions"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("  offline-households = 800 (computed from other answers; it follows them)\n"),
        "{out}"
    );
    // The kit's literal defaults are taken too, and stay put.
    assert!(out.contains("  strategy-years = 3\n"), "{out}");
    let saved = read(&dir.path().join(&p));
    assert_eq!(saved.answers["offline-households"], Answer::Number(800.0));
    assert_eq!(
        saved.computed.iter().collect::<Vec<_>>(),
        ["offline-households"]
    );

    // The share online changes: the accepted value follows, in the plan, status and document.
    let (code, out, _) = crate::common::run(
        dir.path(),
        &["answer", &p, "--set", "customers-online-share=75"],
    );
    assert_eq!(code, 0);
    assert!(
        out.contains("note: `offline-households` follows its inputs: 500 now (was 800)"),
        "{out}"
    );
    let (_, md, _) = crate::common::run(dir.path(), &["render", &p]);
    assert!(
        md.contains("That leaves about 500 households offline."),
        "{md}"
    );

    // A plan edited by hand is brought up to date when it is read.
    let path = dir.path().join(&p);
    let text = fs::read_to_string(&path)
        .unwrap()
        .replace("customers-online-share: 75", "customers-online-share: 50");
    fs::write(&path, text).unwrap();
    let (_, status, err) = crate::common::run(dir.path(), &["status", &p]);
    assert!(
        err.contains("warning: `offline-households` is computed from other answers, which have changed: 1000 now (was 500)"),
        "{err}"
    );
    assert!(status.contains("of 1,000 homes offline"), "{status}");

    // The team types its own figure: it stays when the inputs change.
    crate::common::run(
        dir.path(),
        &["answer", &p, "--set", "offline-households=900"],
    );
    crate::common::run(
        dir.path(),
        &["answer", &p, "--set", "customers-online-share=40"],
    );
    let saved = read(&path);
    assert_eq!(saved.answers["offline-households"], Answer::Number(900.0));
    assert!(saved.computed.is_empty());
}

#[test]
fn to_decide_and_skip_are_shown_as_such_and_resume_passes_them() {
    let dir = tempfile::tempdir().unwrap();
    let p = crate::common::builtin_plan(dir.path());
    let (code, out, err) = crate::common::run(
        dir.path(),
        &[
            "answer",
            &p,
            "--to-decide",
            "progress-owner=Waits for the new structure in April",
            "--decide-owner",
            "Director of Customer Services",
            "--to-decide",
            "nation",
            "--skip",
            "social-media-guidelines",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "saved `p.plan.yaml`: 2 questions to decide, 1 question skipped\n"
    );
    let saved = read(&dir.path().join(&p));
    assert_eq!(
        saved.to_decide["progress-owner"].note.as_deref(),
        Some("Waits for the new structure in April")
    );
    assert_eq!(
        saved.to_decide["nation"].owner.as_deref(),
        Some("Director of Customer Services")
    );
    assert!(saved.skipped.contains("social-media-guidelines"));

    let (_, status, _) = crate::common::run(dir.path(), &["status", &p]);
    assert!(
        status.contains("4 of 52 answered · 2 to decide · 1 skipped · 5 not asked."),
        "{status}"
    );
    assert!(
        status.contains("progress-owner — Who is responsible for reporting progress, and to whom? (Measuring outcomes) — to decide, Director of Customer Services: Waits for the new structure in April"),
        "{status}"
    );
    assert!(
        !status.contains("social-media-guidelines"),
        "a skipped question is not open:\n{status}"
    );
    let (_, md, _) = crate::common::run(dir.path(), &["render", &p]);
    assert!(
        md.contains("> - Who is responsible for reporting progress, and to whom? *(required)* *Marked to decide by Director of Customer Services:* Waits for the new structure in April"),
        "{md}"
    );
    assert!(
        !md.contains("guidelines for using social media"),
        "skipped, so not listed:\n{md}"
    );

    // Refused: skipping a required question, an unknown id, a question both answered and marked.
    let before = fs::read_to_string(dir.path().join(&p)).unwrap();
    let (code, _, err) = crate::common::run(
        dir.path(),
        &[
            "answer",
            &p,
            "--skip",
            "nation",
            "--skip",
            "natoin",
            "--set",
            "pilot-first=yes",
            "--to-decide",
            "pilot-first",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: `pilot-first` is both answered and marked to decide in this command\n  help: give it one or the other\n\
         error: `nation`: an answer is needed: this question is required and cannot be skipped\n  help: mark it to decide if the team cannot answer it yet\n\
         error: `natoin` is not a question of kit `digital-inclusion`\n  help: did you mean `nation`?\n\
         nothing was written to `p.plan.yaml`: fix the 3 problems above and run the command again\n"
    );
    assert_eq!(fs::read_to_string(dir.path().join(&p)).unwrap(), before);
}
