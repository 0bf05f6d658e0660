//! The rule language of reality checks: numeric comparisons, yes/no answers, cards by tag, level,
//! term and count, points, measures, cost and budget, combined with all/any/not; the shorthands
//! standing for rules of the language; and where a wrong rule's error points.
//! See: issue 13 ("reality checks that can say anything").

use std::fs;

use thinkkit::analysis::{self, Analysis, Cause, HandCard, score_hand};
use thinkkit::kit::{self, Kit, KitRef};
use thinkkit::plan::{self, Plan};

use crate::common::{copy_built_in_kit, fixture, root, thinkkit};

fn library() -> Kit {
    kit::load(&KitRef::Path(fixture("kits/library"))).expect("the library kit is valid")
}

/// The library plan's answers with `changes` applied (`key: value` lines replace the line that
/// starts with `key:`), and these cards.
fn plan_with(changes: &[&str], cards: &[&str]) -> Plan {
    let mut text = fs::read_to_string(fixture("plans/library.plan.yaml")).unwrap();
    for change in changes {
        let key = change.split(':').next().unwrap();
        let start = text
            .find(&format!("\n  {key}:"))
            .unwrap_or_else(|| panic!("no answer `{key}`"))
            + 1;
        let end = start + text[start..].find('\n').unwrap();
        if change.ends_with(":~") {
            text.replace_range(start..=end, "");
        } else {
            text.replace_range(start..end, &format!("  {change}"));
        }
    }
    let cut = text.find("cards:\n").unwrap();
    let rest = &text[cut..];
    let after = rest.find("measures:\n").unwrap();
    let cards: String = cards.iter().map(|c| format!("  - id: {c}\n")).collect();
    let text = format!("{}cards:\n{cards}{}", &text[..cut], &rest[after..]);
    plan::parse(&text, "library.plan.yaml").expect("plan parses")
}

fn fired(a: &Analysis) -> Vec<&str> {
    a.checks.iter().map(|c| c.id.as_str()).collect()
}

fn facts<'a>(a: &'a Analysis, id: &str) -> Vec<&'a str> {
    a.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("`{id}` did not fire: {:?}", fired(a)))
        .facts
        .iter()
        .map(|f| f.text.as_str())
        .collect()
}

fn not_checked<'a>(a: &'a Analysis, id: &str) -> Option<&'a analysis::Skipped> {
    a.skipped
        .iter()
        .find(|s| s.step == "reality-check" && s.subject.as_deref() == Some(id))
}

#[test]
fn a_numeric_comparison_with_a_card_test() {
    let kit = library();
    // 38% is below 50%, and no chosen card addresses "no device at home".
    let a = analysis::analyse(&kit, &plan_with(&[], &["ebook-taster"]));
    assert_eq!(
        facts(&a, "low-share-no-device"),
        ["`share-using-online` is answered 38%, and no chosen card addresses No device at home"]
    );
    // A card that addresses it stops the check.
    let a = analysis::analyse(&kit, &plan_with(&[], &["ebook-taster", "tablet-lending"]));
    assert!(!fired(&a).contains(&"low-share-no-device"));
    // `below: 50` is strict: 50% does not fire, 49.5% does.
    let a = analysis::analyse(
        &kit,
        &plan_with(&["share-using-online: 50"], &["ebook-taster"]),
    );
    assert!(!fired(&a).contains(&"low-share-no-device"));
    let a = analysis::analyse(
        &kit,
        &plan_with(&["share-using-online: 49.5"], &["ebook-taster"]),
    );
    assert!(fired(&a).contains(&"low-share-no-device"));
    // Unanswered, the check cannot be told, and says why.
    let a = analysis::analyse(
        &kit,
        &plan_with(&["share-using-online:~"], &["ebook-taster"]),
    );
    let s = not_checked(&a, "low-share-no-device").expect("not checked");
    assert_eq!(s.reason, "`share-using-online` is not answered");
    assert_eq!(s.cause, Cause::Plan);
    // …unless the card part already decides it: with a device card it cannot fire.
    let a = analysis::analyse(
        &kit,
        &plan_with(&["share-using-online:~"], &["tablet-lending"]),
    );
    assert!(not_checked(&a, "low-share-no-device").is_none());
    assert!(!fired(&a).contains(&"low-share-no-device"));
}

#[test]
fn a_yes_no_answer() {
    let kit = library();
    let a = analysis::analyse(&kit, &plan_with(&["has-wifi: false"], &["ebook-taster"]));
    assert_eq!(
        facts(&a, "no-wifi"),
        ["`has-wifi` is answered ‘No’, and ‘Wi-Fi on the mobile library’ is not chosen"]
    );
    let a = analysis::analyse(&kit, &plan_with(&["has-wifi: true"], &["ebook-taster"]));
    assert!(!fired(&a).contains(&"no-wifi"));
    let a = analysis::analyse(
        &kit,
        &plan_with(&["has-wifi: false"], &["ebook-taster", "mobile-wifi"]),
    );
    assert!(!fired(&a).contains(&"no-wifi"));
}

#[test]
fn combined_rules_with_counts_costs_and_levels() {
    let kit = library();
    // A £30,000 fund, three cards, all at one strand: fires with every part's facts.
    let cards = ["ebook-taster", "tablet-lending", "online-renewals"];
    let a = analysis::analyse(&kit, &plan_with(&[], &cards));
    assert_eq!(
        facts(&a, "big-fund-thin-plan"),
        [
            "`development-fund` is answered £30,000",
            "3 cards are chosen: ‘E-book taster sessions’, ‘Tablet lending’, ‘Renew and reserve online’",
            "the first-year cost is £9,800–£19,200*",
            "all 3 chosen cards are at one strand: Catalogue and loans",
        ]
    );
    // A smaller fund: the first part fails, so the whole `all` fails.
    let a = analysis::analyse(&kit, &plan_with(&["development-fund: 20000"], &cards));
    assert!(!fired(&a).contains(&"big-fund-thin-plan"));
    // Four cards: `at-most: 3` fails.
    let four = [
        "ebook-taster",
        "tablet-lending",
        "online-renewals",
        "code-club",
    ];
    let a = analysis::analyse(&kit, &plan_with(&[], &four));
    assert!(!fired(&a).contains(&"big-fund-thin-plan"));
    // Two strands, but cheap: the `any` still holds through the cost, and the three
    // one-sentence facts make one sentence.
    let a = analysis::analyse(&kit, &plan_with(&[], &["ebook-taster", "code-club"]));
    assert_eq!(
        facts(&a, "big-fund-thin-plan"),
        [
            "`development-fund` is answered £30,000, 2 cards are chosen: ‘E-book taster sessions’, ‘Code club’, and the first-year cost is £2,000–£5,000*"
        ]
    );
    // Two strands and £11,300 or more: neither branch of the `any` holds.
    let a = analysis::analyse(
        &kit,
        &plan_with(
            &[],
            &[
                "tablet-lending",
                "staff-digital-training",
                "online-renewals",
            ],
        ),
    );
    assert!(!fired(&a).contains(&"big-fund-thin-plan"));
}

#[test]
fn points_measures_and_the_kits_own_vocabulary() {
    let kit = library();
    let cards = ["ebook-taster", "tablet-lending", "online-renewals"];
    let a = analysis::analyse(&kit, &plan_with(&[], &cards));
    // 1 + 3 + 2 points at the catalogue strand, above 5.
    assert_eq!(
        facts(&a, "catalogue-heavy"),
        ["the chosen cards that are at the strand Catalogue and loans use 6 points"]
    );
    assert_eq!(
        facts(&a, "target-missing"),
        ["1 measure the plan tracks has no target: `devices-lent`"]
    );
    // Older members come first; two activities carry `over-65s`, so "fewer than two" is false.
    assert!(!fired(&a).contains(&"older-members-thin"));
    assert!(!fired(&a).contains(&"age-group-left"));
    let a = analysis::analyse(&kit, &plan_with(&[], &["ebook-taster", "code-club"]));
    assert_eq!(
        facts(&a, "older-members-thin"),
        [
            "`priority-ages` is answered ‘Over 65’, and 1 chosen card carries Over 65: ‘E-book taster sessions’"
        ]
    );
    // Named by the answer, carried by no chosen card.
    let a = analysis::analyse(
        &kit,
        &plan_with(
            &["priority-ages: [children, over-65s]"],
            &["tablet-lending"],
        ),
    );
    let f = &a
        .checks
        .iter()
        .find(|c| c.id == "age-group-left")
        .unwrap()
        .facts;
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0].text,
        "Children and teenagers is named but no chosen card carries it"
    );
}

#[test]
fn in_the_game_answer_and_measure_tests_are_not_checked_unless_the_cards_decide() {
    let kit = library();
    let town = kit.scenario("market-town").unwrap();
    let hand = [HandCard::Kit(kit.card("code-club").unwrap())];
    let s = score_hand(&kit, town, &hand);
    let open: Vec<&str> = s
        .not_checked
        .iter()
        .filter(|k| k.step == "reality-check")
        .filter_map(|k| k.subject.as_deref())
        .collect();
    for id in [
        "low-share-no-device",
        "no-wifi",
        "target-missing",
        "age-group-left",
    ] {
        assert!(open.contains(&id), "{id} should be open: {open:?}");
    }
    assert!(
        s.not_checked
            .iter()
            .all(|k| k.step != "reality-check" || k.cause == Cause::Game)
    );
    // Tablet lending addresses "no device": the first check cannot fire, so it is not open.
    let hand = [HandCard::Kit(kit.card("tablet-lending").unwrap())];
    let s = score_hand(&kit, town, &hand);
    assert!(
        !s.not_checked
            .iter()
            .any(|k| k.subject.as_deref() == Some("low-share-no-device"))
    );
}

/// The shorthands (`kind: …`) and the built-in kit's checks written out in the language are the
/// same rules: a copy of the built-in kit with every check written as a shorthand compiles to
/// the same rules and renders the worked example's document byte for byte.
#[test]
fn the_built_in_checks_in_the_language_are_the_shorthands_they_replace() {
    let tmp = tempfile::tempdir().unwrap();
    let kit_dir = copy_built_in_kit(tmp.path());
    let checks = fs::read_to_string(kit_dir.join("checks.yaml")).unwrap();
    let shorthand = [
        (
            "staff-training-missing",
            "{ kind: answer-without-card, question: staff-confidence, values: [weak, mixed], tag: staff-training }",
        ),
        (
            "senior-training-missing",
            "{ kind: answer-without-card, question: senior-understanding, values: [low, some], tag: senior-training }",
        ),
        ("no-measures", "{ kind: no-measures }"),
        ("no-measure-baseline", "{ kind: no-measure-baseline }"),
        ("single-level", "{ kind: single-level }"),
        ("over-budget", "{ kind: over-budget }"),
        ("missing-partner", "{ kind: missing-partner }"),
        ("barrier-unaddressed", "{ kind: barrier-unaddressed }"),
        ("missing-prerequisite", "{ kind: missing-prerequisite }"),
        (
            "inclusion-in-what",
            "{ kind: answer-without-card, question: system-integration, values: [no-online-services], tag: self-service }",
        ),
        (
            "residents-not-interested",
            "{ kind: answer-without-card, question: landlord-barriers, values: [residents-not-interested], tag: resident-survey }",
        ),
        (
            "telecare-unchecked",
            "{ kind: answer-without-card, question: telecare-check, values: [under-way, not-started], tag: telecare }",
        ),
    ];
    // Replace each check's `rule:` block (up to its `explanation:`) with the shorthand.
    let mut out = String::new();
    let mut rest = checks.as_str();
    for (id, rule) in shorthand {
        let at = rest.find(&format!("- id: {id}\n")).expect(id);
        let rule_at = at + rest[at..].find("    rule:").unwrap();
        let expl_at = rule_at + rest[rule_at..].find("    explanation:").unwrap();
        out.push_str(&rest[..rule_at]);
        out.push_str(&format!("    rule: {rule}\n"));
        rest = &rest[expl_at..];
    }
    out.push_str(rest);
    assert!(out.contains("kind: single-level") && !out.contains("covered-not-named"));
    fs::write(kit_dir.join("checks.yaml"), &out).unwrap();

    let builtin = kit::load(&KitRef::default_kit()).unwrap();
    let copy = kit::load(&KitRef::Path(kit_dir.clone())).unwrap();
    let rules = |k: &Kit| {
        k.checks()
            .map(|(c, r)| (c.id.clone(), r.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(&builtin), rules(&copy));
    // The nine checks the kit has always had, and those added since (the test replaces each
    // by id, so a check added later is compared as it is).
    assert!(builtin.reality_checks().len() >= 12);

    // The worked example renders the same with either.
    let example = root().join("examples/riverside-homes.plan.yaml");
    let render = |kit: &str| {
        let out = thinkkit(tmp.path())
            .args(["render"])
            .arg(&example)
            .args(["--kit", kit])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let copy_path = kit_dir.display().to_string();
    // The copy is a path kit with the built-in kit's id, which `--kit` accepts for this plan.
    assert_eq!(render("digital-inclusion"), render(&copy_path));
}

/// Where a wrong rule's error points: at the part that is wrong (the whole messages are in the
/// `invalid-kits/wrong-rules` snapshot).
#[test]
fn a_wrong_rules_error_points_at_the_wrong_part() {
    let out = thinkkit(&root())
        .args(["kit", "validate", "tests/fixtures/invalid-kits/wrong-rules"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let text = fs::read_to_string(fixture("invalid-kits/wrong-rules/kit.yaml")).unwrap();
    // line:column of the first `needle` on the line holding `line_has`.
    let at = |line_has: &str, needle: &str| {
        let (n, line) = text
            .lines()
            .enumerate()
            .find(|(_, l)| l.contains(line_has))
            .unwrap();
        format!(
            "wrong-rules/kit.yaml:{}:{}:",
            n + 1,
            line.find(needle).unwrap() + 1
        )
    };
    for (line_has, needle, message) in [
        (
            "one-of: [\"yes\"]",
            "[\"yes\"]",
            "`one-of` needs a choice question",
        ),
        ("below: 50, cards", "cards", "one condition has two tests"),
        (
            "tag: trainig",
            "trainig",
            "no card carries the tag `trainig`",
        ),
        (
            "confidence, at-most",
            "at-most",
            "`at-most` needs a number question",
        ),
        ("at-least: 60, below: 50", "at-least", "no number passes"),
        (
            "budget: over, above",
            "above",
            "`above` does not go with `budget`",
        ),
        (
            "values: [maybe]",
            "maybe",
            "`has-plan` is a yes-no question; `maybe` is neither yes nor no",
        ),
        (
            "when: { cards",
            "cards",
            "`cards` is for reality checks; a `when` can only test earlier answers",
        ),
    ] {
        let want = format!("{} {message}", at(line_has, needle));
        assert!(stderr.contains(&want), "wanted `{want}` in:\n{stderr}");
    }
}
