//! The engine on its own, against the workshop test kit (every question type and every kind of
//! condition) and the built-in kit.

use std::path::PathBuf;

use super::*;
use crate::kit::{self, KitRef};

fn test_kit() -> Kit {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kits/workshop");
    kit::load(&KitRef::Path(path)).expect("the workshop test kit is valid")
}

fn builtin() -> Kit {
    kit::load::load_arg(None).expect("the built-in kit is valid")
}

fn answers(pairs: &[(&str, Answer)]) -> Answers {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect()
}

fn num(n: f64) -> Answer {
    Answer::Number(n)
}

fn text(t: &str) -> Answer {
    Answer::Text(t.to_owned())
}

fn list(items: &[&str]) -> Answer {
    Answer::List(items.iter().map(|s| (*s).to_owned()).collect())
}

/// Parse `input` for question `id` and return the answer or the error message.
fn parse(iv: &Interview<'_>, id: &str, input: &str) -> Result<Option<Answer>, String> {
    let q = iv.kit().question(id).unwrap();
    iv.parse(q, input).map_err(|e| e.to_string())
}

fn ids(iv: &Interview<'_>, cursors: &[Cursor]) -> Vec<String> {
    cursors.iter().map(|c| iv.question(*c).id.clone()).collect()
}

#[test]
fn numbers_accept_thousands_commas_and_respect_bounds() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(parse(&iv, "homes", "1200"), Ok(Some(num(1200.0))));
    assert_eq!(parse(&iv, "homes", " 1,200 "), Ok(Some(num(1200.0))));
    assert_eq!(parse(&iv, "homes", "12,345.5"), Ok(Some(num(12345.5))));
    let err = parse(&iv, "homes", "0").unwrap_err();
    assert!(err.contains("between 1 and 100000"), "{err}");
    let err = parse(&iv, "homes", "many").unwrap_err();
    assert!(err.contains("`many` is not a number"), "{err}");
    for bad in [
        "1,2",
        "1e5",
        "inf",
        "NaN",
        "12,34,567",
        "1.",
        "--3",
        "1.2.3",
    ] {
        assert!(parse(&iv, "homes", bad).is_err(), "{bad} should be refused");
    }
    let err = parse(&iv, "homes", "").unwrap_err();
    assert!(err.contains("required"), "{err}");
    // Not required: blank is no answer.
    assert_eq!(parse(&iv, "offline", "  "), Ok(None));
}

#[test]
fn percent_is_zero_to_a_hundred_with_optional_sign() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(parse(&iv, "share-online", "45"), Ok(Some(num(45.0))));
    assert_eq!(parse(&iv, "share-online", "45%"), Ok(Some(num(45.0))));
    assert_eq!(parse(&iv, "share-online", "12.5 %"), Ok(Some(num(12.5))));
    assert_eq!(parse(&iv, "share-online", "0"), Ok(Some(num(0.0))));
    assert_eq!(parse(&iv, "share-online", "100"), Ok(Some(num(100.0))));
    let err = parse(&iv, "share-online", "101").unwrap_err();
    assert!(err.contains("between 0 and 100"), "{err}");
    assert!(parse(&iv, "share-online", "-1").is_err());
    assert!(parse(&iv, "share-online", "half").is_err());
}

#[test]
fn money_accepts_pounds_commas_and_pence() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    for (input, want) in [
        ("£1,200", 1200.0),
        ("1200", 1200.0),
        ("1,200.50", 1200.5),
        ("£ 950", 950.0),
        ("£0.17", 0.17),
    ] {
        assert_eq!(parse(&iv, "budget", input), Ok(Some(num(want))), "{input}");
    }
    let err = parse(&iv, "budget", "-£50").unwrap_err();
    assert!(err.contains("at least £0"), "{err}");
    let err = parse(&iv, "budget", "$100").unwrap_err();
    assert!(err.contains("not an amount in pounds"), "{err}");
    let err = parse(&iv, "budget", "12.345").unwrap_err();
    assert!(err.contains("two decimal places"), "{err}");
    assert!(parse(&iv, "budget", "£1,20").is_err());
}

#[test]
fn choice_by_value_label_or_number() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(parse(&iv, "region", "north"), Ok(Some(text("north"))));
    assert_eq!(parse(&iv, "region", "SOUTH"), Ok(Some(text("south"))));
    assert_eq!(
        parse(&iv, "region", "east, and anglia"),
        Ok(Some(text("east")))
    );
    assert_eq!(parse(&iv, "region", "2"), Ok(Some(text("south"))));
    let err = parse(&iv, "region", "4").unwrap_err();
    assert!(err.contains("1 to 3"), "{err}");
    let err = parse(&iv, "region", "nroth").unwrap_err();
    assert!(err.contains("did you mean `north`?"), "{err}");
}

#[test]
fn multi_choice_is_comma_separated_in_kit_order_and_counted() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(
        parse(&iv, "barriers", "skills, cost"),
        Ok(Some(list(&["cost", "skills"])))
    );
    assert_eq!(
        parse(&iv, "barriers", "Confidence,1,cost"),
        Ok(Some(list(&["cost", "confidence"])))
    );
    let err = parse(&iv, "barriers", "cost, money").unwrap_err();
    assert!(err.contains("`money` is not one of the choices"), "{err}");
    assert!(
        parse(&iv, "barriers", " , ")
            .unwrap_err()
            .contains("at least")
    );
}

#[test]
fn multi_choice_labels_may_hold_commas() {
    let kit = builtin();
    let iv = Interview::new(&kit);
    let q = kit.question("levels-of-ambition").unwrap();
    let got = iv
        .parse(q, "Personal learning, work and interests, online services")
        .unwrap()
        .unwrap();
    let levels: Vec<String> = kit.choices(q).into_iter().map(|c| c.value).collect();
    let Answer::List(items) = got else {
        panic!("a list")
    };
    assert_eq!(items.len(), 2, "{items:?}");
    assert!(items.iter().all(|i| levels.contains(i)));
}

#[test]
fn yes_no_words() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    for (input, want) in [
        ("yes", true),
        ("Y", true),
        ("true", true),
        ("no", false),
        ("N", false),
        ("FALSE", false),
    ] {
        assert_eq!(
            parse(&iv, "has-plan", input),
            Ok(Some(Answer::Bool(want))),
            "{input}"
        );
    }
    assert!(
        parse(&iv, "has-plan", "maybe")
            .unwrap_err()
            .contains("yes or no")
    );
}

#[test]
fn lists_split_on_semicolons_and_new_lines_within_bounds() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(
        parse(&iv, "first-steps", "Board paper; Survey\nHire  ;"),
        Ok(Some(list(&["Board paper", "Survey", "Hire"])))
    );
    let err = parse(&iv, "first-steps", "a; b; c; d").unwrap_err();
    assert!(err.contains("at most 3"), "{err}");
}

#[test]
fn text_keeps_what_was_typed() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    assert_eq!(parse(&iv, "lead", "  Sam Lee "), Ok(Some(text("Sam Lee"))));
    assert_eq!(
        parse(&iv, "notes", "line one\nline two\n"),
        Ok(Some(text("line one\nline two")))
    );
}

#[test]
fn typed_values_from_files_are_checked_the_same_way() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let q = |id| kit.question(id).unwrap();
    assert_eq!(iv.accept(q("budget"), &text("£1,200")), Ok(num(1200.0)));
    assert_eq!(
        iv.accept(q("has-plan"), &text("no")),
        Ok(Answer::Bool(false))
    );
    assert_eq!(iv.accept(q("lead"), &num(42.0)), Ok(text("42")));
    assert_eq!(
        iv.accept(q("barriers"), &list(&["Skills", "cost"])),
        Ok(list(&["cost", "skills"]))
    );
    assert!(iv.accept(q("share-online"), &num(120.0)).is_err());
    assert!(iv.accept(q("region"), &list(&["north"])).is_err());
    assert!(iv.accept(q("homes"), &Answer::Bool(true)).is_err());
    assert!(
        iv.accept(q("first-steps"), &list(&["a", "b", "c", "d"]))
            .is_err()
    );
}

#[test]
fn when_conditions_skip_questions_and_keep_their_answers() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let q = |id| kit.question(id).unwrap();

    // equals: `plan-status` only when `has-plan` is no.
    let mut a = answers(&[
        ("has-plan", Answer::Bool(true)),
        ("plan-status", text("drafting")),
    ]);
    assert!(!iv.applies(q("plan-status"), &a));
    assert_eq!(iv.effective_answer("plan-status", &a), None);
    a.insert("has-plan".into(), Answer::Bool(false));
    assert!(iv.applies(q("plan-status"), &a));
    assert_eq!(
        iv.effective_answer("plan-status", &a),
        Some(&text("drafting"))
    );

    // at-least.
    assert!(!iv.applies(q("big-landlord-note"), &answers(&[("homes", num(9999.0))])));
    assert!(iv.applies(q("big-landlord-note"), &answers(&[("homes", num(10000.0))])));
    assert!(!iv.applies(q("big-landlord-note"), &Answers::new()));

    // any / one-of / all / at-most / answered, and an answer whose question is skipped does not
    // count as answered.
    let skills = q("skills-offer");
    assert!(iv.applies(skills, &answers(&[("barriers", list(&["cost", "skills"]))])));
    assert!(!iv.applies(skills, &answers(&[("barriers", list(&["cost"]))])));
    let low_and_status = answers(&[
        ("share-online", num(10.0)),
        ("has-plan", Answer::Bool(false)),
        ("plan-status", text("none")),
    ]);
    assert!(iv.applies(skills, &low_and_status));
    let mut status_hidden = low_and_status.clone();
    status_hidden.insert("has-plan".into(), Answer::Bool(true));
    assert!(!iv.applies(skills, &status_hidden));
    let mut high = low_and_status;
    high.insert("share-online".into(), num(21.0));
    assert!(!iv.applies(skills, &high));
}

#[test]
fn cursor_walks_forward_and_back_skipping_what_is_not_asked() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let mut a = Answers::new();
    let first = iv.first(&a).unwrap();
    assert_eq!(iv.question(first).id, "homes");
    let second = iv.next(first, &a).unwrap();
    assert_eq!(iv.question(second).id, "share-online");
    // `big-landlord-note` is skipped while homes < 10,000.
    a.insert("homes".into(), num(500.0));
    assert_eq!(iv.question(iv.next(second, &a).unwrap()).id, "region");
    a.insert("homes".into(), num(20_000.0));
    assert_eq!(
        iv.question(iv.next(second, &a).unwrap()).id,
        "big-landlord-note"
    );

    // The end of a component, then the next.
    let budget = iv.cursor_of("budget").unwrap();
    assert_eq!(iv.next_in_component(budget, &a), None);
    assert_eq!(iv.question(iv.next(budget, &a).unwrap()).id, "barriers");

    // Back, across a component boundary and over a skipped question.
    let barriers = iv.cursor_of("barriers").unwrap();
    assert_eq!(iv.question(iv.previous(barriers, &a).unwrap()).id, "budget");
    assert_eq!(iv.previous(first, &a), None);
    a.insert("has-plan".into(), Answer::Bool(true));
    let offline = iv.cursor_of("offline").unwrap();
    assert_eq!(
        iv.question(iv.previous(offline, &a).unwrap()).id,
        "has-plan"
    );

    // Jumping to a component.
    let people = iv.component_index("people").unwrap();
    assert_eq!(iv.question(iv.start_of(people, &a).unwrap()).id, "barriers");
    assert_eq!(iv.question(iv.end_of(people, &a).unwrap()).id, "offline");
    assert_eq!(
        ids(&iv, &iv.asked_in(people, &a)),
        ["barriers", "has-plan", "offline"]
    );
    assert_eq!(iv.component_index("nowhere"), None);
}

#[test]
fn resumes_at_the_first_unanswered_question_asked() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let mut a = answers(&[
        ("homes", num(500.0)),
        ("share-online", num(60.0)),
        ("region", text("north")),
    ]);
    // `big-landlord-note` is not asked, so the next gap is `budget`.
    assert_eq!(iv.question(iv.first_unanswered(&a).unwrap()).id, "budget");
    a.insert("budget".into(), num(0.0));
    assert_eq!(iv.question(iv.first_unanswered(&a).unwrap()).id, "barriers");
    for c in iv.cursors().collect::<Vec<_>>() {
        let q = iv.question(c);
        a.entry(q.id.clone()).or_insert_with(|| text("x"));
    }
    assert_eq!(iv.first_unanswered(&a), None);
}

#[test]
fn progress_counts_questions_asked() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let a = answers(&[("has-plan", Answer::Bool(false))]);
    let offline = iv.cursor_of("offline").unwrap();
    assert_eq!(
        iv.progress(offline, &a),
        Progress {
            component: 2,
            components: 3,
            question: 4,
            questions: 4
        }
    );
    let (answered, asked) = iv.tally(1, &a);
    assert_eq!((answered, asked), (1, 4));
}

#[test]
fn defaults_literal_and_computed() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let q = |id| kit.question(id).unwrap();
    assert_eq!(
        iv.default_for(q("review"), &Answers::new()),
        Some(text("quarterly"))
    );
    // Computed once the answers it reads exist, rounded to a whole number of households.
    assert_eq!(iv.default_for(q("offline"), &Answers::new()), None);
    let a = answers(&[("homes", num(1234.0)), ("share-online", num(57.5))]);
    assert_eq!(iv.default_for(q("offline"), &a), Some(num(524.0)));
    // An answer wins over the default.
    let mut b = a.clone();
    b.insert("offline".into(), num(600.0));
    assert_eq!(iv.suggestion(q("offline"), &b), Some(num(600.0)));
    assert_eq!(iv.suggestion(q("offline"), &a), Some(num(524.0)));
}

#[test]
fn offered_text_parses_back_to_the_same_answer() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    for (id, answer) in [
        ("budget", num(1200.5)),
        ("budget", num(1_500_000.0)),
        ("homes", num(1234.0)),
        ("share-online", num(12.5)),
        ("barriers", list(&["cost", "skills"])),
        ("first-steps", list(&["One", "Two"])),
        ("has-plan", Answer::Bool(false)),
        ("region", text("east")),
    ] {
        let q = kit.question(id).unwrap();
        let shown = iv.input_text(q, &answer);
        assert_eq!(
            iv.parse(q, &shown),
            Ok(Some(answer.clone())),
            "{id}: {shown}"
        );
    }
    let q = kit.question("region").unwrap();
    assert_eq!(iv.describe(q, &text("east")), "East, and Anglia");
    let q = kit.question("budget").unwrap();
    assert_eq!(iv.describe(q, &num(1200.5)), "£1,200.50");
}

#[test]
fn builtin_kit_walk_from_empty_plan() {
    let kit = builtin();
    let iv = Interview::new(&kit);
    let mut a = Answers::new();
    let first = iv.first_unanswered(&a).unwrap();
    assert_eq!(first, iv.first(&a).unwrap());
    assert_eq!(iv.question(first).id, kit.components()[0].questions[0].id);

    // Answer every question asked with a valid value built from its own type, in order, as
    // the workshop would; the walk must end with nothing open.
    let mut at = Some(first);
    let mut steps = 0;
    while let Some(c) = at {
        let q = iv.question(c);
        let answer = iv.suggestion(q, &a).unwrap_or_else(|| sample(&kit, q));
        let answer = iv
            .accept(q, &answer)
            .unwrap_or_else(|e| panic!("{}: {e}", q.id));
        a.insert(q.id.clone(), answer);
        at = iv.next(c, &a);
        steps += 1;
    }
    assert!(steps > 20, "the built-in kit asks more than 20 questions");
    assert_eq!(iv.first_unanswered(&a), None);
    assert!(iv.open_required(&a).is_empty());

    // The computed default of `offline-households` follows the earlier answers.
    let q = kit.question("offline-households").unwrap();
    let b = answers(&[
        ("homes-count", num(2000.0)),
        ("customers-online-share", num(60.0)),
    ]);
    assert_eq!(iv.default_for(q, &b), Some(num(800.0)));
}

/// A valid answer for any question of the built-in kit.
fn sample(kit: &Kit, q: &Question) -> Answer {
    let lo = q.min.unwrap_or(1.0).max(1.0);
    match q.kind {
        QuestionType::Text | QuestionType::LongText => text("Something"),
        QuestionType::Number | QuestionType::Money => num(lo),
        QuestionType::Percent => num(50.0),
        QuestionType::Choice => text(&kit.choices(q)[0].value),
        QuestionType::MultiChoice => Answer::List(vec![kit.choices(q)[0].value.clone()]),
        QuestionType::YesNo => Answer::Bool(true),
        QuestionType::List => list(&["First"]),
    }
}
