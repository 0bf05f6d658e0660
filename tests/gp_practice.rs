//! A kit written from the documentation alone, for a sector the other tests do not know: a
//! group of GP practices planning digital patient access (`tests/fixtures/kits/gp-practice`).
//! It is run end to end the way its author would run it (validate, show, cards, answers,
//! cards chosen, measures, channel shift, status, every document format, printouts, the game in
//! both scenarios, a comparison), every output is searched for the built-in kit's words, and the
//! places where such an author found thinkkit wrong are checked: a `%` unit, names in a
//! sentence, the budget's own word in a reality check, savings on example unit costs on the one
//! page, Markdown in excerpts, filters by the kit's words, and the errors for an author's
//! mistakes, each naming file, line and column and what to write instead. See: issue 13 ("a
//! kit from outside the project will be run end to end").

use std::fs;
use std::path::Path;

use crate::common::{assert_no_housing_words, docx_text, fixture, thinkkit};

fn kit() -> String {
    fixture("kits/gp-practice").display().to_string()
}

/// Run thinkkit in `dir`: (exit code, stdout and stderr together).
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = thinkkit(dir).args(args).output().expect("runs");
    (
        out.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

/// The plan a practice group would make with `answer`, `cards choose`, `measure` and `shift`.
fn make_plan(d: &Path, name: &str, kit: &str, outputs: &mut Vec<(String, String)>) {
    let mut ok = |args: &[&str]| {
        let (code, text) = run(d, args);
        assert_eq!(code, Some(0), "{args:?} failed:\n{text}");
        outputs.push((args.join(" "), text));
    };
    ok(&[
        "answer",
        name,
        "--kit",
        kit,
        "--org",
        "Millbrook and Eastfield Practices",
        "--set",
        "registered-patients=18,400",
        "--set",
        "online-share=46%",
        "--set",
        "online-share-source=the NHS App dashboard",
        "--set",
        "main-barriers=digital-skills,no-device,trust,language",
        "--set",
        "priority-age-bands=80 and over,age-65-79",
        "--set",
        "strategy-name=Online when it suits you",
        "--set",
        "nhs-app-enabled=no",
        "--set",
        "national-drivers=Access plan;GP contract",
        "--set",
        "contract-notes=Online booking for routine appointments by **March 2027**.",
        "--set",
        "online-services=appointments,repeat-prescriptions,online-consultation",
        "--set",
        "proxy-access=yes",
        "--set",
        "staff-confidence=Mixed",
        "--set",
        "transformation-fund=£28k",
        "--set",
        "partners=public-library,ppg",
        "--set",
        "report-to-ppg=yes",
    ]);
    ok(&["answer", name, "--accept-suggestions"]);
    ok(&[
        "cards",
        "choose",
        name,
        "nhs-app-sign-up-clinics",
        "Digital care navigators",
        "ppg-digital-champions",
        "online-consultation-tool",
        "accessible-website",
        "--owner",
        "Digital lead",
    ]);
    ok(&[
        "measure",
        "add",
        name,
        "nhs-app-registrations",
        "--baseline",
        "38%",
        "--baseline-date",
        "2025-10-31",
        "--target",
        "60%",
        "--by",
        "2028-03-31",
    ]);
    ok(&[
        "measure",
        "record",
        name,
        "Patients registered for the NHS App",
        "43",
        "--date",
        "2025-11-30",
    ]);
    ok(&[
        "shift",
        "set",
        name,
        "appointments",
        "--per-year",
        "62,000",
        "--now",
        "telephone=70,reception=20,online=10",
        "--aim",
        "telephone=50,reception=15,online=35",
    ]);
}

#[test]
#[allow(clippy::too_many_lines)]
fn a_gp_practice_kit_runs_end_to_end_in_its_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kit = kit();
    let mut outputs: Vec<(String, String)> = Vec::new();
    make_plan(d, "mb.plan.yaml", &kit, &mut outputs);
    let mut ok = |args: &[&str]| -> String {
        let (code, text) = run(d, args);
        assert_eq!(code, Some(0), "{args:?} failed:\n{text}");
        outputs.push((args.join(" "), text.clone()));
        text
    };
    ok(&["kit", "validate", &kit]);
    let show = ok(&["kit", "show", &kit]);
    ok(&["cards", "list", "--kit", &kit]);
    let listed = ok(&[
        "cards",
        "list",
        "--kit",
        &kit,
        "--level",
        "help for patients to get started",
    ]);
    ok(&["cards", "show", "accessible-website", "--kit", &kit]);
    let by_title = ok(&["cards", "show", "Proxy access for carers", "--kit", &kit]);
    ok(&["measure", "show", "mb.plan.yaml"]);
    let status = ok(&["status", "mb.plan.yaml"]);
    let doc = ok(&["render", "mb.plan.yaml"]);
    ok(&["render", "mb.plan.yaml", "-o", "mb.html"]);
    ok(&["render", "mb.plan.yaml", "-o", "mb.docx"]);
    let onepage = ok(&["render", "mb.plan.yaml", "--format", "onepage", "-o", "-"]);
    ok(&[
        "render",
        "mb.plan.yaml",
        "--format",
        "onepage",
        "-o",
        "one.docx",
    ]);
    for what in ["cards", "sheets"] {
        ok(&["print", what, "--kit", &kit]);
        ok(&["print", what, "--kit", &kit, "--format", "md"]);
    }
    ok(&["play", "--list", "--kit", &kit]);
    for (scenario, hand) in [
        (
            "market-town-practice",
            "Red=nhs-app-sign-up-clinics,library-help-sessions,reception-training",
        ),
        (
            "A city-centre practice group",
            "Red=translated-guides,data-sim-bank,online-consultation-tool",
        ),
    ] {
        for format in [None, Some("md"), Some("html")] {
            let mut args = vec![
                "play",
                scenario,
                "--kit",
                &kit,
                "--team",
                hand,
                "--card",
                "Coffee morning:1",
                "--team",
                "Blue=Coffee morning,text-reminders",
            ];
            if let Some(f) = format {
                args.extend(["--format", f]);
            }
            ok(&args);
        }
    }
    // A second group's plan, to compare.
    make_plan(d, "other.plan.yaml", &kit, &mut Vec::new());
    let other = fs::read_to_string(d.join("other.plan.yaml")).unwrap();
    fs::write(
        d.join("other.plan.yaml"),
        other.replace("online-share: 46", "online-share: 52"),
    )
    .unwrap();
    let compared = ok(&["compare", "mb.plan.yaml", "other.plan.yaml"]);
    ok(&[
        "compare",
        "mb.plan.yaml",
        "other.plan.yaml",
        "-o",
        "cmp.csv",
    ]);

    for (name, text) in &outputs {
        assert_no_housing_words(name, text);
    }
    for file in ["mb.html", "cmp.csv"] {
        assert_no_housing_words(file, &fs::read_to_string(d.join(file)).unwrap());
    }
    for file in ["mb.docx", "one.docx"] {
        assert_no_housing_words(file, &docx_text(&d.join(file)));
    }

    // The kit's words.
    assert!(
        status.contains("9,936 registered patients not using online services"),
        "{status}"
    );
    assert!(doc.contains("## Our registered patients"), "{doc}");
    // A figure whose unit starts with `%` reads as a share.
    assert!(doc.contains("| 6.3% of adults | 2020 |"), "{doc}");
    assert!(show.contains("6.3% of adults"), "{show}");
    // Practice sites are names: they keep their capitals inside a sentence; a barrier does not.
    assert!(
        doc.contains("The strategy covers Millbrook Surgery and Eastfield Medical Centre."),
        "{doc}"
    );
    assert!(
        doc.contains("digital skills, no smartphone or computer, little or no English"),
        "{doc}"
    );
    // The budget's fact speaks of the kit's fund, not of a budget.
    assert!(
        doc.contains("against the transformation fund of £28,000 a year: within it at the low end, over at the high end"),
        "{doc}"
    );
    assert!(!doc.contains("within budget"), "{doc}");
    // The reach paragraph reads as a sentence with a term of several words.
    assert!(
        doc.contains(
            "it counts patients while the figure it is set against counts registered patients"
        ),
        "{doc}"
    );
    // The one page says the savings rest on example unit costs, and its aim is plain words.
    assert!(
        onepage.contains("on example unit costs still to replace"),
        "{onepage}"
    );
    assert!(
        onepage.contains("Online booking for routine appointments by March 2027."),
        "{onepage}"
    );
    assert!(!compared.contains("2027\\*\\*"), "{compared}");
    // `kit show` lists every binding the analysis reads.
    assert!(show.contains("services → online-services"), "{show}");
    // Cards by a level's label; a card with no reach reaches nobody directly.
    assert!(listed.contains("3 of 12 cards"), "{listed}");
    assert!(by_title.contains("Proxy access for carers"), "{by_title}");
}

#[test]
fn a_filter_speaks_the_kits_words() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = run(
        dir.path(),
        &[
            "cards",
            "list",
            "--kit",
            &kit(),
            "--level",
            "patient-supprt",
        ],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(
        text.contains(
            "unknown workstream `patient-supprt` for `--level`; did you mean `patient-support`?"
        ),
        "{text}"
    );
    let (code, text) = run(
        dir.path(),
        &["cards", "list", "--kit", &kit(), "--barrier", "data"],
    );
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("unknown access barrier `data`"), "{text}");
}

#[test]
fn no_unit_costs_is_not_a_total_of_nothing_and_no_fund_is_not_the_plans_fault() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kit_dir = d.join("kit");
    fs::create_dir(&kit_dir).unwrap();
    for entry in fs::read_dir(fixture("kits/gp-practice")).unwrap() {
        let p = entry.unwrap().path();
        let text = fs::read_to_string(&p).unwrap();
        let text = text
            .replace("  budget: transformation-fund\n", "")
            .replace("  channel-costs: cost-per-contact\n", "");
        fs::write(kit_dir.join(p.file_name().unwrap()), text).unwrap();
    }
    let kit = kit_dir.display().to_string();
    make_plan(d, "p.plan.yaml", &kit, &mut Vec::new());
    let (code, doc) = run(d, &["render", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(
        doc.contains("| **Total** | | **not worked out** |"),
        "{doc}"
    );
    assert!(!doc.contains("**£0**"), "{doc}");
    let (code, onepage) = run(
        d,
        &["render", "p.plan.yaml", "--format", "onepage", "-o", "-"],
    );
    assert_eq!(code, Some(0), "{onepage}");
    assert!(
        onepage.contains("the kit does not ask for a transformation fund"),
        "{onepage}"
    );
    assert!(
        !onepage.contains("to decide**: no transformation fund"),
        "{onepage}"
    );
}

/// Copy the fixture kit with one edit, validate it, and return the report.
fn mistake(file: &str, old: &str, new: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let kit_dir = dir.path().join("k");
    fs::create_dir(&kit_dir).unwrap();
    for entry in fs::read_dir(fixture("kits/gp-practice")).unwrap() {
        let p = entry.unwrap().path();
        let mut text = fs::read_to_string(&p).unwrap();
        if p.file_name().unwrap() == file {
            assert!(text.contains(old), "`{old}` is not in {file}");
            text = text.replacen(old, new, 1);
        }
        fs::write(kit_dir.join(p.file_name().unwrap()), text).unwrap();
    }
    run(dir.path(), &["kit", "validate", "k"])
}

#[test]
fn an_authors_mistakes_say_where_and_what_to_write() {
    // (file, what was written, the mistake, what the report must say)
    let cases: &[(&str, &str, &str, &[&str])] = &[
        (
            "kit.yaml",
            "population: { singular: registered patient, plural: registered patients }",
            "population: registered patients",
            &[
                "k/kit.yaml:33:15: terms.population: invalid type: string \"registered patients\", expected a mapping",
                "help: a term that is a noun has two forms: write `{ singular: patient, plural: patients }`",
            ],
        ),
        (
            "checks.yaml",
            "        - not: { cards: { barrier: digital-skills } }",
            "        - not: [{ cards: { barrier: digital-skills } }]",
            &[
                "k/checks.yaml:11:16:",
                "expected a mapping",
                "help: `not` takes one condition; to negate several write `not: { any: [ … ] }`",
            ],
        ),
        (
            "components.yaml",
            "          yes: \"We will report progress",
            "          true: \"We will report progress",
            &[
                "k/components.yaml:164:9: components[5].questions[1]: `statement` is neither a sentence pattern nor sentences by answer",
                "(`yes:` and `no:` for a yes-no question, not `true:` and `false:`)",
            ],
        ),
        (
            "measures.yaml",
            "  - { id: proxy-accounts",
            "\t- { id: proxy-accounts",
            &[
                "k/measures.yaml:5:1:",
                "help: YAML indents with spaces, never tabs",
            ],
        ),
        (
            "vocabularies.yaml",
            "label: \"Local voluntary organisations (Age UK, carers' centre)\" }",
            "label: Local voluntary organisations (Age UK, carers' centre) }",
            &[
                "k/vocabularies.yaml:17:77: unknown field `carers' centre)`",
                "help: a comma inside `{ … }` ends a value",
            ],
        ),
        (
            "cards.yaml",
            "    setup-cost: { min: 600, max: 1500, basis: \"translation at a per-word rate\" }\n",
            "",
            &[
                "k/cards.yaml:94:5: cards[5]: missing field `setup-cost`",
                "help: add `setup-cost:` (`{ min: 0, max: 500 }` in pounds)",
            ],
        ),
        (
            "kit.yaml",
            "name-from: strategy-name",
            "name-from: strategy-title",
            &[
                "k/kit.yaml:45:14: unknown question `strategy-title`",
                "help: 21 are defined; the nearest: `strategy-name`",
            ],
        ),
        (
            "checks.yaml",
            "- { question: priority-age-bands, equals: age-80-plus }",
            "- { question: priority-age-bands, equals: age-80-plu }",
            &[
                "k/checks.yaml:39:51: `age-80-plu` is not a choice of `priority-age-bands`",
                "help: did you mean `age-80-plus`?",
            ],
        ),
        (
            // One mistake, one problem: the rule that tests the question is not blamed too.
            "components.yaml",
            "choices-from: age-bands",
            "choices-from: age-band",
            &[
                "k/components.yaml:48:23: question `priority-age-bands` takes its choices from `age-band`",
                "help: did you mean `age-bands`?",
                "1 problem found",
            ],
        ),
        (
            // A misspelt engine vocabulary: each card's barrier says why it is unknown.
            "vocabularies.yaml",
            "  barriers:\n",
            "  barriars:\n",
            &[
                "k/cards.yaml:11:16: unknown barrier `digital-skills`",
                "help: the kit defines no barrier at all: add a `vocabularies.barriers` list, or check the name it is written under",
                "k/vocabularies.yaml:2:3: unknown vocabulary `barriars`",
                "help: did you mean `barriers`?",
            ],
        ),
        (
            "kit.yaml",
            "  mix: age-bands\n",
            "  mix: ages\n",
            &[
                "k/kit.yaml:56:8: unknown vocabulary `ages`",
                "1 problem found",
            ],
        ),
    ];
    for (file, old, new, wants) in cases {
        let (code, text) = mistake(file, old, new);
        assert_eq!(code, Some(1), "{new}: {text}");
        for want in *wants {
            assert!(text.contains(want), "{new}: wanted `{want}` in:\n{text}");
        }
        assert!(
            !text.contains("struct "),
            "{new}: a Rust type name in:\n{text}"
        );
        assert!(!text.contains("cards list"), "{new}: {text}");
    }
}

#[test]
fn a_card_may_leave_out_its_reach() {
    let dir = tempfile::tempdir().unwrap();
    let (code, text) = run(
        dir.path(),
        &["cards", "show", "accessible-website", "--kit", &kit()],
    );
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("nobody directly"), "{text}");
}

#[test]
fn a_measure_with_neither_baseline_nor_target_is_told_how_to_give_both() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    make_plan(d, "p.plan.yaml", &kit(), &mut Vec::new());
    let (code, text) = run(d, &["measure", "add", "p.plan.yaml", "call-wait"]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("hint: give it a baseline and a target with `thinkkit measure add p.plan.yaml call-wait --baseline VALUE --baseline-date YYYY-MM-DD --target VALUE --by YYYY-MM-DD`"),
        "{text}"
    );
}
