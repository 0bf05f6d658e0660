//! A kit from another sector (a county library service, `tests/fixtures/kits/library`) runs
//! through every command, and nothing the engine prints speaks of the built-in kit's sector:
//! every output (documents in three formats, status, the game, printouts, cards, measures, errors
//! and hints, the schema) is searched for its words. The kit's own words must appear instead.
//! See: issue 13 ("the kit's words, everywhere").

use std::fs;
use std::path::{Path, PathBuf};

use crate::common::{assert_no_housing_words, docx_text, fixture, thinkkit};

fn kit() -> String {
    fixture("kits/library").display().to_string()
}

fn plan() -> PathBuf {
    fixture("plans/library.plan.yaml")
}

/// Run thinkkit in `dir` and keep stdout and stderr, whatever the exit code.
fn run(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let out = thinkkit(dir).args(args).output().expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code(), text)
}

/// `thinkkit cards show ID` on the library kit, which must succeed.
fn show_card(id: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let (code, card) = run(dir.path(), &["cards", "show", id, "--kit", &kit()]);
    assert_eq!(code, Some(0), "{card}");
    card
}

#[test]
#[allow(clippy::too_many_lines)]
fn a_library_kit_runs_everywhere_with_no_housing_word_from_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let kit = kit();
    // A copy, so that the commands that write (and the failing ones that lock) leave the
    // fixtures alone.
    let plan = d.join("library.plan.yaml");
    fs::write(
        &plan,
        fs::read_to_string(self::plan())
            .unwrap()
            .replace("path: ../kits/library", &format!("path: {kit}")),
    )
    .unwrap();
    let plan = plan.display().to_string();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut ok = |args: &[&str]| {
        let (code, text) = run(d, args);
        assert_eq!(code, Some(0), "{args:?} failed:\n{text}");
        outputs.push((args.join(" "), text));
    };
    ok(&["kit", "validate", &kit]);
    ok(&["kit", "schema"]);
    ok(&["cards", "list", "--kit", &kit]);
    ok(&["cards", "list", "--kit", &kit, "--json"]);
    ok(&["cards", "show", "tablet-lending", "--kit", &kit]);
    for what in ["cards", "sheets"] {
        ok(&["print", what, "--kit", &kit]);
        ok(&["print", what, "--kit", &kit, "--format", "md"]);
    }
    ok(&["play", "--list", "--kit", &kit]);
    let teams = [
        "--team",
        "Red=tablet-lending,code-club,Tea",
        "--team",
        "Blue=mobile-wifi,staff-digital-training,online-renewals",
        "--card",
        "Tea:1",
    ];
    for format in [None, Some("md"), Some("html")] {
        let mut args = vec!["play", "market-town", "--kit", &kit];
        args.extend(teams);
        if let Some(f) = format {
            args.extend(["--format", f]);
        }
        ok(&args);
    }
    ok(&["status", &plan]);
    ok(&["measure", "show", &plan]);
    ok(&["render", &plan]);
    ok(&["render", &plan, "-o", "strategy.html"]);
    ok(&["render", &plan, "-o", "strategy.docx"]);
    // A new plan on the kit: everything still to decide, so every "not worked out" shows.
    ok(&[
        "answer",
        "new.plan.yaml",
        "--kit",
        &kit,
        "--set",
        "members-count=100",
    ]);
    ok(&["status", "new.plan.yaml"]);
    ok(&["render", "new.plan.yaml"]);
    ok(&["render", "new.plan.yaml", "-o", "new.html"]);

    // Errors and hints.
    let mut fails = |args: &[&str]| {
        let (code, text) = run(d, args);
        assert_eq!(code, Some(1), "{args:?} should fail:\n{text}");
        outputs.push((args.join(" "), text));
    };
    fails(&["cards", "show", "tablet-lendin", "--kit", &kit]);
    fails(&["cards", "list", "--kit", &kit, "--level", "hub"]);
    fails(&["play", "market-twn", "--kit", &kit]);
    fails(&["play", "market-town", "--kit", &kit, "--team", "Red=tablet"]);
    fails(&["answer", "new.plan.yaml", "--set", "share-using-online=140"]);
    fails(&["measure", "record", &plan, "loans", "5"]);

    let html = fs::read_to_string(d.join("strategy.html")).unwrap();
    outputs.push(("strategy.html".into(), html.clone()));
    outputs.push((
        "new.html".into(),
        fs::read_to_string(d.join("new.html")).unwrap(),
    ));
    let docx = docx_text(&d.join("strategy.docx"));
    outputs.push(("strategy.docx".into(), docx.clone()));

    for (name, text) in &outputs {
        assert_no_housing_words(name, text);
    }

    // The kit's words are there instead.
    let find = |name: &str| {
        &outputs
            .iter()
            .find(|(n, _)| n.starts_with(name))
            .unwrap_or_else(|| panic!("no output `{name}`"))
            .1
    };
    let status = find(&format!("status {plan}"));
    assert!(
        status.contains("32,240 members not yet using the online library (52,000 members × (100 − 38% using the online library) / 100"),
        "{status}"
    );
    assert!(
        status.contains("Obstacles named: 2 of 3 addressed"),
        "{status}"
    );
    assert!(status.contains("Strands covered: 1 of 3"), "{status}");
    assert!(
        status.contains("service development fund £30,000 a year"),
        "{status}"
    );
    let game = find("play market-town --kit");
    assert!(
        game.contains("18,000 members, 42% using the online library, so 10,440 members not yet using the online library."),
        "{game}"
    );
    assert!(
        game.contains("Mix: Town branches 55%, Village branches 30%, Mobile library stops 15%.")
    );
    assert!(game.contains("Obstacles covered"), "{game}");
    let doc = scraper::Html::parse_document(&html);
    let row_heads: Vec<String> = doc
        .select(&scraper::Selector::parse("td").unwrap())
        .map(|e| e.text().collect())
        .collect();
    assert!(
        row_heads
            .iter()
            .any(|t| t == "Members not yet using the online library"),
        "{row_heads:?}"
    );
    assert!(docx.contains("Service development fund"));
    let new_doc = find("render new.plan.yaml");
    assert!(
        // A reader sees the question as asked, not its id (issue 11).
        new_doc.contains("‘What is the service development fund for the year?’ (the service development fund) is not answered"),
        "{new_doc}"
    );
}

/// A kit that binds none of the analysis's questions: the document and status say that the kit
/// does not provide those parts, not that the plan has not answered them.
#[test]
fn a_kit_without_bindings_says_so_rather_than_blaming_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let kit_dir = dir.path().join("kit");
    fs::create_dir(&kit_dir).unwrap();
    for entry in fs::read_dir(fixture("kits/library")).unwrap() {
        let p = entry.unwrap().path();
        let text = fs::read_to_string(&p).unwrap();
        // Keep only the binding the scenarios' mixes need.
        let text = match text.find("bindings:") {
            Some(at) => format!("{}bindings:\n  mix: branch-types\n", &text[..at]),
            None => text,
        };
        fs::write(kit_dir.join(p.file_name().unwrap()), text).unwrap();
    }
    let plan = fs::read_to_string(plan())
        .unwrap()
        .replace("path: ../kits/library", "path: kit");
    fs::write(dir.path().join("p.plan.yaml"), plan).unwrap();
    let (code, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(
        doc.contains("the kit does not ask for a service development fund, so the cost is not compared with one"),
        "{doc}"
    );
    assert!(doc.contains("The kit does not ask which obstacles the plan faces"));
    assert!(doc.contains("not provided by the kit"));
    assert!(doc.contains("The kit does not provide what these figures and checks need"));
    assert!(
        !doc.contains("is not answered"),
        "every question is answered; nothing should blame the plan:\n{doc}"
    );
    let (code, status) = run(dir.path(), &["status", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{status}");
    assert!(
        status.contains("because the kit does not provide it:"),
        "{status}"
    );
    assert!(
        status.contains(
            "budget: the kit asks no question for the service development fund (`bindings.budget`)"
        ),
        "{status}"
    );
    assert!(
        status.contains("channel-shift `Renewals`: no unit cost for `counter`, `phone`, `online`"),
        "{status}"
    );
    assert!(status.contains("Channel shift: not worked out"), "{status}");
}

/// Every figure a plan relies on is listed with its source and year: cited by a component, by a
/// chosen activity, by a check that fired, or used for the channel-shift unit costs; an example
/// figure is shown as a placeholder to replace, not as an illustration from a source.
#[test]
fn figures_used_lists_every_figure_the_plan_relies_on() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan.yaml");
    // No tablet lending: the check on devices fires and brings in the figure it cites.
    let text = fs::read_to_string(self::plan())
        .unwrap()
        .replace("path: ../kits/library", &format!("path: {}", kit()))
        .replace("  - { id: tablet-lending }\n", "");
    fs::write(&plan, &text).unwrap();
    let (code, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{doc}");
    let section =
        &doc[doc.find("## Figures used").expect("the section")..doc.find("## Sources").unwrap()];
    assert!(
        section.contains("| Members who answered the branch survey | 1,240 members | 2024 | Branch members' survey (fixture), County Library Service | Our members; Reality check ‘Under half of members use the online library, and nothing puts a device in their hands’ |"),
        "{section}"
    );
    assert!(
        section.contains("| Cost of a renewal by channel (fixture) (*illustrative*) | At the counter £2.40 per renewal; By phone £3.10 per renewal; Online £0.20 per renewal | 2024 |"),
        "{section}"
    );
    // The example figure belongs to tablet lending, which is not chosen.
    assert!(!section.contains("Cost of lending a tablet"), "{section}");
    assert!(!section.contains("**example**"));
    let sources = &doc[doc.find("## Sources").unwrap()..];
    assert!(sources.contains("Branch members' survey (fixture)"));

    // With tablet lending chosen, its example figure is listed, marked as one.
    let with_loans = text.replace("cards:\n", "cards:\n  - { id: tablet-lending }\n");
    fs::write(&plan, with_loans).unwrap();
    let (_, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert!(
        doc.contains("| Cost of lending a tablet for four weeks (**example**) | £35.00 per loan | undated | Library service review (fixture), County Library Service | Activity ‘Tablet lending’ |"),
        "{doc}"
    );
    assert!(doc.contains("Figures marked **example** are placeholders the kit's authors put in"));
    let (_, status) = run(dir.path(), &["status", "p.plan.yaml"]);
    assert!(
        status.contains("Reference figures relied on: 3 (1 is an example to replace)"),
        "{status}"
    );
    let card = show_card("tablet-lending");
    assert!(card.contains("Cost of lending a tablet for four weeks (£35.00 per loan, undated, an example to replace)"), "{card}");
}

/// Unit costs from an example figure are called examples to replace, not illustrations.
#[test]
fn example_unit_costs_are_not_called_illustrative() {
    let dir = tempfile::tempdir().unwrap();
    let kit_dir = dir.path().join("kit");
    fs::create_dir(&kit_dir).unwrap();
    for entry in fs::read_dir(fixture("kits/library")).unwrap() {
        let p = entry.unwrap().path();
        let text = fs::read_to_string(&p).unwrap().replace(
            "year: 2024\n    illustrative: true\n",
            "year: 2024\n    example: true\n",
        );
        fs::write(kit_dir.join(p.file_name().unwrap()), text).unwrap();
    }
    let plan = fs::read_to_string(plan())
        .unwrap()
        .replace("path: ../kits/library", "path: kit");
    fs::write(dir.path().join("p.plan.yaml"), plan).unwrap();
    let (code, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{doc}");
    assert!(
        doc.contains("on example unit costs still to replace"),
        "{doc}"
    );
    assert!(doc.contains("Some unit costs are **examples**"));
    assert!(doc.contains("(**example, to replace**)"));
    assert!(!doc.contains("illustrative"), "{doc}");
    let (_, status) = run(dir.path(), &["status", "p.plan.yaml"]);
    assert!(status.contains("(2024, an example to replace)"), "{status}");
}

/// The document's front matter comes from the kit: the strategy's own name when the plan gives
/// it, else the organisation and the kit's title; a subtitle with the year.
#[test]
fn the_front_matter_follows_the_kits_patterns() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan.yaml");
    let text = fs::read_to_string(self::plan())
        .unwrap()
        .replace("path: ../kits/library", &format!("path: {}", kit()));
    fs::write(&plan, &text).unwrap();
    let (code, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert_eq!(code, Some(0), "{doc}");
    let year = jiff::Zoned::now().year();
    assert!(
        doc.starts_with(&format!(
            "# Shire Online 2026–2029\n\n*Shire Libraries: digital access strategy, {year}*\n\n"
        )),
        "{doc}"
    );
    let (_, html) = run(dir.path(), &["render", "p.plan.yaml", "--format", "html"]);
    assert!(
        html.contains("<title>Shire Online 2026–2029</title>"),
        "{html}"
    );
    // Without the name, the next pattern: the organisation and the kit's title.
    fs::write(
        &plan,
        text.replace("  strategy-name: Shire Online 2026–2029\n", ""),
    )
    .unwrap();
    let (_, doc) = run(dir.path(), &["render", "p.plan.yaml"]);
    assert!(
        doc.starts_with(
            "# Shire Libraries: Digital access strategy for a county library service\n"
        ),
        "{doc}"
    );
}

/// A card's details line up under the longest label, in the kit's own words (its partner term
/// and its own vocabularies), and a value's basis goes under the value, not under the label.
#[test]
fn a_card_is_shown_aligned_on_the_kit_s_longest_label() {
    let card = show_card("tablet-lending");
    assert!(
        card.contains("partner organisations Older people's charity"),
        "{card}"
    );
    assert!(card.contains("\nage groups "), "{card}");
    let column = "partner organisations ".len();
    let details: Vec<&str> = card
        .lines()
        .skip_while(|l| !l.starts_with("id "))
        .take_while(|l| !l.is_empty())
        .collect();
    assert!(details.len() >= 8, "{card}");
    for line in details {
        let (label, value) = line.split_at(column);
        assert!(
            !value.starts_with(' ') && !value.is_empty(),
            "value not at column {column}: `{line}`"
        );
        assert!(label.ends_with(' '), "label runs into the value: `{line}`");
        if label.trim().is_empty() {
            assert!(
                value.starts_with('('),
                "only a basis goes under a value: `{line}`"
            );
        }
    }
}

/// A card that reaches nobody directly (training for staff, a system) says so, as the printed
/// cards and the document do, rather than "0–0 visitors a year".
#[test]
fn a_card_with_no_reach_says_it_reaches_nobody_directly() {
    let card = show_card("staff-digital-training");
    assert!(
        card.contains("reach        nobody directly\n             (staff, not members)"),
        "{card}"
    );
    assert!(!card.contains("0–0"), "{card}");
}
