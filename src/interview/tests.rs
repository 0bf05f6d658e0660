//! The engine on its own, against the workshop test kit (every question type and every kind of
//! condition) and the built-in kit.

use std::path::PathBuf;

use super::*;
use crate::kit::{self, KitRef, QuestionType};

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
    let levels: Vec<String> = kit.choices(q).iter().map(|c| c.value.clone()).collect();
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

/// A plan over `answers`, for the state tests.
fn plan_of(kit: &Kit, answers: Answers) -> crate::plan::Plan {
    let mut plan = crate::plan::new_plan(
        kit,
        "Test Homes",
        jiff::civil::Date::constant(2026, 1, 1),
        std::path::Path::new("t.plan.yaml"),
    );
    plan.answers = answers;
    plan
}

#[test]
fn money_accepts_thousands_and_millions() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    for (input, want) in [
        ("45k", 45_000.0),
        ("£45k", 45_000.0),
        ("£45K", 45_000.0),
        ("£ 45 k", 45_000.0),
        ("£1.2m", 1_200_000.0),
        ("1.5M", 1_500_000.0),
        ("£2.5k", 2_500.0),
        ("£1,200k", 1_200_000.0),
        ("£1.23456k", 1_234.56),
    ] {
        assert_eq!(parse(&iv, "budget", input), Ok(Some(num(want))), "{input}");
    }
    for bad in [
        "k",
        "£k",
        "45kk",
        "45 thousand",
        "1.2345678k",
        "£1e3k",
        "4,5k",
    ] {
        assert!(
            parse(&iv, "budget", bad).is_err(),
            "{bad} should be refused"
        );
    }
    let err = parse(&iv, "budget", "1.234567k").unwrap_err();
    assert!(err.contains("two decimal places"), "{err}");
    // Offered back for editing, a scaled amount reads in full and parses to itself.
    let q = kit.question("budget").unwrap();
    assert_eq!(iv.input_text(q, &num(45_000.0)), "£45,000");
    // `k` is for money: a count of homes is written out.
    assert!(parse(&iv, "homes", "4k").is_err());
}

#[test]
fn whole_number_questions_refuse_fractions() {
    let kit = builtin();
    let iv = Interview::new(&kit);
    let err = parse(&iv, "homes-count", "3000.5").unwrap_err();
    assert!(err.contains("3000.5 is not a whole number"), "{err}");
    assert!(err.contains("`3000` or `3001`"), "{err}");
    assert_eq!(parse(&iv, "homes-count", "3,000"), Ok(Some(num(3000.0))));
    assert!(
        iv.accept(kit.question("homes-count").unwrap(), &num(12.25))
            .is_err()
    );
    // A number question that is not `whole` takes fractions: 3.5 full-time staff.
    assert_eq!(parse(&iv, "staff-time-fte", "3.5"), Ok(Some(num(3.5))));
}

#[test]
fn list_limits_are_checked_item_by_item_without_losing_the_items() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let q = kit.question("first-steps").unwrap();
    let limits = iv.list_limits(q).unwrap();
    assert_eq!(limits.hint().as_deref(), Some("at most 3 items"));
    let mut items: Vec<String> = Vec::new();
    for line in ["Board paper", "Survey; Hire"] {
        let more = iv.list_items(q, &items, line).unwrap();
        items.extend(more);
    }
    assert_eq!(items, ["Board paper", "Survey", "Hire"]);
    let err = iv
        .list_items(q, &items, "A fourth")
        .unwrap_err()
        .to_string();
    assert!(err.contains("the list is full: at most 3 items"), "{err}");
    assert_eq!(items.len(), 3, "the items typed so far are kept");
    let two = vec!["a".to_owned(), "b".to_owned()];
    let err = iv.list_items(q, &two, "c; d").unwrap_err().to_string();
    assert!(err.contains("room for 1 more"), "{err}");
    assert_eq!(iv.list_items(q, &two, "  ").unwrap(), Vec::<String>::new());

    // Multi-choice counts choices; a required one needs at least one.
    let b = kit.question("barriers").unwrap();
    assert_eq!(
        iv.list_limits(b).unwrap().hint().as_deref(),
        Some("at least 1 choice")
    );
    let goals = builtin();
    let goals_iv = Interview::new(&goals);
    let g = goals.question("first-year-goals").unwrap();
    assert_eq!(
        goals_iv.list_limits(g).unwrap().hint().as_deref(),
        Some("1 to 6 items")
    );
    assert_eq!(iv.list_limits(kit.question("homes").unwrap()), None);
}

#[test]
fn resume_passes_over_answered_skipped_and_to_decide_questions() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let mut plan = plan_of(
        &kit,
        answers(&[("homes", num(500.0)), ("share-online", num(60.0))]),
    );
    assert_eq!(iv.question(iv.resume(&plan).unwrap()).id, "region");
    // A required question to decide is passed over, and so is a skipped optional one.
    plan.to_decide
        .insert("region".into(), crate::plan::ToDecide::default());
    plan.skipped.insert("budget".into());
    assert_eq!(iv.question(iv.resume(&plan).unwrap()).id, "barriers");
    assert!(matches!(
        iv.state(kit.question("region").unwrap(), &plan),
        State::ToDecide(_)
    ));
    assert_eq!(
        iv.state(kit.question("budget").unwrap(), &plan),
        State::Skipped
    );
    // The old rule would go back to the skipped question every time.
    assert_eq!(
        iv.question(iv.first_unanswered(&plan.answers).unwrap()).id,
        "region"
    );
    // A required question cannot be skipped: listed so by hand, it is open.
    plan.skipped.insert("barriers".into());
    assert_eq!(iv.question(iv.resume(&plan).unwrap()).id, "barriers");
    // Not asked is not open: `big-landlord-note` while homes < 10,000.
    assert_eq!(
        iv.state(kit.question("big-landlord-note").unwrap(), &plan),
        State::NotAsked
    );
    // An answer wins over a stale "to decide" in a file edited by hand.
    plan.answers.insert("region".into(), text("north"));
    assert!(matches!(
        iv.state(kit.question("region").unwrap(), &plan),
        State::Answered(_)
    ));
}

#[test]
fn next_open_question_goes_round_the_kit() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let mut plan = plan_of(&kit, Answers::new());
    for (_, q) in kit.questions() {
        if q.id != "region" && q.id != "lead" {
            plan.skipped.insert(q.id.clone());
            if q.required {
                plan.to_decide
                    .insert(q.id.clone(), crate::plan::ToDecide::default());
            }
        }
    }
    let region = iv.cursor_of("region").unwrap();
    let lead = iv.cursor_of("lead").unwrap();
    assert_eq!(iv.next_open(region, &plan), Some(lead));
    assert_eq!(
        iv.next_open(lead, &plan),
        Some(region),
        "round to the start"
    );
    plan.answers.insert("lead".into(), text("Sam"));
    assert_eq!(
        iv.next_open(region, &plan),
        Some(region),
        "the only one left"
    );
    plan.answers.insert("region".into(), text("north"));
    assert_eq!(iv.next_open(region, &plan), None);
    assert_eq!(iv.resume(&plan), None);
}

#[test]
fn overall_progress_keeps_its_total_as_conditional_questions_come_and_go() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let total = kit.questions().count();
    let mut plan = plan_of(&kit, Answers::new());
    let o = iv.overall(&plan);
    assert_eq!(o.total, total);
    assert_eq!(
        o.answered + o.to_decide + o.skipped + o.open + o.not_asked,
        total
    );
    let before = o.not_asked;
    // `has-plan: no` brings `plan-status` in: the total stays, "not asked" goes down by one.
    plan.answers.insert("has-plan".into(), Answer::Bool(false));
    let o = iv.overall(&plan);
    assert_eq!(o.total, total);
    assert_eq!(o.not_asked, before - 1);
    assert_eq!(o.answered, 1);
    plan.to_decide
        .insert("homes".into(), crate::plan::ToDecide::default());
    plan.to_decide
        .insert("region".into(), crate::plan::ToDecide::default());
    plan.skipped.insert("budget".into());
    let o = iv.overall(&plan);
    assert_eq!(
        o.to_string(),
        format!(
            "1 of {total} answered · 2 to decide · 1 skipped · {} not asked",
            o.not_asked
        )
    );
    assert!(!o.is_complete());
    // Per component: basics has homes, share-online, big-landlord-note, region, budget.
    let basics = iv.overall_in(0, &plan);
    assert_eq!(
        (
            basics.total,
            basics.to_decide,
            basics.skipped,
            basics.open,
            basics.not_asked
        ),
        (5, 2, 1, 1, 1)
    );
    // Required and not answered: open or to decide, by prompt for the finish.
    let req: Vec<String> = iv
        .required_unanswered(&plan)
        .iter()
        .map(|(c, s)| format!("{}:{}", iv.question(*c).id, s.label()))
        .collect();
    assert_eq!(
        req,
        [
            "homes:to decide",
            "share-online:open",
            "region:to decide",
            "barriers:open",
            "lead:open"
        ]
    );
    assert_eq!(iv.overall(&plan).required_unanswered, 5);
}

#[test]
fn accepted_computed_values_follow_their_inputs() {
    let kit = test_kit();
    let iv = Interview::new(&kit);
    let mut plan = plan_of(
        &kit,
        answers(&[("homes", num(2000.0)), ("share-online", num(60.0))]),
    );
    plan.answers.insert("offline".into(), num(800.0));
    plan.computed.insert("offline".into());
    assert!(iv.follow_inputs(&mut plan).is_empty(), "already current");
    plan.answers.insert("share-online".into(), num(75.0));
    let followed = iv.follow_inputs(&mut plan);
    assert_eq!(
        followed,
        [Followed {
            id: "offline".into(),
            before: Some(num(800.0)),
            after: Some(num(500.0)),
        }]
    );
    assert_eq!(plan.answers["offline"], num(500.0));
    // An input removed: no value to follow, so none is shown, and it comes back with the input.
    plan.answers.remove("homes");
    iv.follow_inputs(&mut plan);
    assert!(!plan.answers.contains_key("offline"));
    assert!(plan.computed.contains("offline"));
    plan.answers.insert("homes".into(), num(4000.0));
    iv.follow_inputs(&mut plan);
    assert_eq!(plan.answers["offline"], num(1000.0));
    // A figure not on the list is the team's own and stays as typed.
    plan.computed.clear();
    plan.answers.insert("offline".into(), num(1234.0));
    plan.answers.insert("homes".into(), num(100.0));
    assert!(iv.follow_inputs(&mut plan).is_empty());
    assert_eq!(plan.answers["offline"], num(1234.0));
    // A listed question with no `default-expr` leaves the list and keeps its answer.
    plan.computed.insert("homes".into());
    iv.follow_inputs(&mut plan);
    assert!(plan.computed.is_empty());
    assert_eq!(plan.answers["homes"], num(100.0));
}
