//! The validated edits, against the workshop test kit and the built-in kit.

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::*;
use crate::interview::{Interview, State};
use crate::kit::{self, Kit, KitRef};
use crate::plan::{self, Answer, Plan};

fn test_kit() -> Kit {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kits/workshop");
    kit::load(&KitRef::Path(path)).expect("the workshop test kit is valid")
}

fn builtin() -> Kit {
    kit::load::load_arg(None).expect("the built-in kit is valid")
}

fn new_plan(kit: &Kit) -> Plan {
    plan::new_plan(kit, "Test Homes", today(), Path::new("t.plan.yaml"))
}

fn today() -> Date {
    Date::constant(2026, 3, 1)
}

fn num(n: f64) -> Answer {
    Answer::Number(n)
}

fn messages(r: &Refused) -> Vec<String> {
    r.problems()
        .iter()
        .map(|p| format!("{}: {}", p.field.name(), p.message))
        .collect()
}

#[test]
fn an_answer_clears_to_decide_and_skipped_and_a_skip_removes_the_answer() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    let c =
        answers::to_decide(&kit, &mut plan, "region", Some(" Board in May "), Some("")).unwrap();
    assert!(c.changed);
    assert_eq!(
        plan.to_decide["region"],
        crate::plan::ToDecide {
            note: Some("Board in May".into()),
            owner: None
        }
    );
    answers::typed(&kit, &mut plan, "region", "north").unwrap();
    assert!(plan.to_decide.is_empty());
    assert_eq!(plan.answers["region"], Answer::Text("north".into()));

    answers::typed(&kit, &mut plan, "budget", "£12k").unwrap();
    let c = answers::skip(&kit, &mut plan, "budget").unwrap();
    assert_eq!(
        c.before,
        Some(num(12_000.0)),
        "what the skip replaced is reported"
    );
    assert!(plan.skipped.contains("budget") && !plan.answers.contains_key("budget"));
    // Blank typed into an optional question skips it; into a required one it is refused,
    // pointing to "to decide".
    answers::typed(&kit, &mut plan, "notes", "  ").unwrap();
    assert!(plan.skipped.contains("notes"));
    let err = answers::typed(&kit, &mut plan, "lead", "").unwrap_err();
    assert!(err.message.contains("cannot be skipped"), "{err}");
    assert!(err.help.unwrap().contains("to decide"));
    // Answering a skipped question un-skips it; reopening clears everything.
    answers::typed(&kit, &mut plan, "budget", "100").unwrap();
    assert!(!plan.skipped.contains("budget"));
    answers::reopen(&kit, &mut plan, "budget").unwrap();
    assert_eq!(
        Interview::new(&kit).state(kit.question("budget").unwrap(), &plan),
        State::Open
    );
}

#[test]
fn refused_answers_change_nothing_and_say_why() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    answers::typed(&kit, &mut plan, "homes", "1200").unwrap();
    let before = plan.clone();
    let err = answers::typed(&kit, &mut plan, "homes", "lots").unwrap_err();
    assert_eq!(err.field, Field::Answer);
    assert!(err.message.contains("`lots` is not a number"));
    let err = answers::typed(&kit, &mut plan, "hoems", "1").unwrap_err();
    assert_eq!(err.field, Field::Question);
    assert!(err.help.unwrap().contains("did you mean `homes`?"));
    let err = answers::accept_suggestion(&kit, &mut plan, "offline").unwrap_err();
    assert!(err.message.contains("not all given"), "{err}");
    assert_eq!(plan, before);
}

#[test]
fn an_accepted_suggestion_follows_its_inputs_until_the_team_types_its_own() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    answers::typed(&kit, &mut plan, "homes", "2000").unwrap();
    answers::typed(&kit, &mut plan, "share-online", "60").unwrap();
    answers::accept_suggestion(&kit, &mut plan, "offline").unwrap();
    assert_eq!(plan.answers["offline"], num(800.0));
    assert!(plan.computed.contains("offline"));
    // The input changes: the computed value follows, and the change says so.
    let c = answers::typed(&kit, &mut plan, "share-online", "75").unwrap();
    assert_eq!(plan.answers["offline"], num(500.0));
    assert_eq!(c.followed.len(), 1);
    assert_eq!(c.followed[0].after, Some(num(500.0)));
    // The team types its own figure: it stays.
    answers::typed(&kit, &mut plan, "offline", "640").unwrap();
    assert!(plan.computed.is_empty());
    answers::typed(&kit, &mut plan, "homes", "3000").unwrap();
    assert_eq!(plan.answers["offline"], num(640.0));
}

#[test]
fn accept_suggestions_takes_every_current_one_and_replaces_no_answer() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    answers::typed(&kit, &mut plan, "homes", "2000").unwrap();
    answers::typed(&kit, &mut plan, "share-online", "60").unwrap();
    answers::to_decide(&kit, &mut plan, "review", None, None).unwrap();
    let changes = answers::accept_suggestions(&kit, &mut plan);
    let ids: Vec<&str> = changes.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["offline"], "review is to decide, so it keeps waiting");
    answers::reopen(&kit, &mut plan, "review").unwrap();
    let ids: Vec<String> = answers::accept_suggestions(&kit, &mut plan)
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert_eq!(ids, ["review"]);
    assert_eq!(plan.answers["review"], Answer::Text("quarterly".into()));
    assert!(
        !plan.computed.contains("review"),
        "a literal default does not follow anything"
    );
    assert!(answers::accept_suggestions(&kit, &mut plan).is_empty());
}

#[test]
fn cards_are_chosen_with_checked_details_and_dropped() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    let typed = cards::TypedDetails {
        owner: Some("Community team"),
        start: Some("2026-09"),
        setup_cost: Some("£1.5k"),
        running_cost: Some("900"),
        notes: Some(" Two schemes first "),
    };
    let details = typed.check().unwrap();
    let done = cards::choose(
        &kit,
        &mut plan,
        &["taster-sessions", "device-loans", "taster-sessions"],
        &details,
    )
    .unwrap();
    assert_eq!(
        done,
        [
            ("taster-sessions".to_owned(), cards::Chosen::Added),
            ("device-loans".to_owned(), cards::Chosen::Added)
        ]
    );
    let c = &plan.cards[0];
    assert_eq!(c.owner.as_deref(), Some("Community team"));
    assert_eq!(c.start.as_deref(), Some("2026-09"));
    assert_eq!((c.cost, c.running_cost), (Some(1500.0), Some(900.0)));
    assert_eq!(c.notes.as_deref(), Some("Two schemes first"));
    // Choosing again changes only what is given; a blank cost goes back to the card's range.
    let again = cards::TypedDetails {
        setup_cost: Some(""),
        ..Default::default()
    }
    .check()
    .unwrap();
    let done = cards::choose(&kit, &mut plan, &["taster-sessions"], &again).unwrap();
    assert_eq!(done[0].1, cards::Chosen::Updated);
    assert_eq!(plan.cards[0].cost, None);
    assert_eq!(plan.cards[0].owner.as_deref(), Some("Community team"));
    let done = cards::choose(&kit, &mut plan, &["taster-sessions"], &again).unwrap();
    assert_eq!(done[0].1, cards::Chosen::Unchanged);

    assert_eq!(
        cards::drop(&mut plan, &["device-loans"]).unwrap(),
        ["device-loans"]
    );
    assert_eq!(plan.cards.len(), 1);
    let err = cards::drop(&mut plan, &["device-loans", "taster-sessions"]).unwrap_err();
    assert_eq!(
        messages(&err),
        ["card: card `device-loans` is not chosen in this plan"]
    );
    assert_eq!(plan.cards.len(), 1, "nothing dropped when one id is wrong");
}

#[test]
fn card_details_report_every_problem() {
    let err = cards::TypedDetails {
        start: Some("Sept 2026"),
        setup_cost: Some("-5"),
        running_cost: Some("lots"),
        ..Default::default()
    }
    .check()
    .unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "start month: `Sept 2026` is not a month",
            "set-up cost: `-5` is below £0",
            "running cost a year: `lots` is not an amount in pounds",
        ]
    );
    assert!(
        cards::month("2026-13")
            .unwrap_err()
            .message
            .contains("no month 13")
    );
    assert!(cards::month("2026-9").is_err());
    assert_eq!(cards::month(" 2026-09 ").unwrap(), "2026-09");
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    let err = cards::choose(
        &kit,
        &mut plan,
        &["taster-session", "nope"],
        &cards::Details::default(),
    )
    .unwrap_err();
    let m = messages(&err);
    assert_eq!(m.len(), 2, "{m:?}");
    assert!(
        err.problems()[0]
            .help
            .as_ref()
            .unwrap()
            .contains("did you mean `taster-sessions`?")
    );
    assert!(plan.cards.is_empty());
}

#[test]
fn cards_are_offered_only_where_the_kit_places_the_step() {
    let kit = builtin();
    let at = kit
        .components()
        .iter()
        .position(|c| c.id == "activities-and-costs")
        .unwrap();
    assert_eq!(cards::offered(&kit, at).len(), kit.cards().len());
    let national = kit
        .components()
        .iter()
        .position(|c| c.id == "national-context")
        .unwrap();
    assert!(cards::offered(&kit, national).is_empty());
    // The test kit places the cards step at two of its components: its third offers none,
    // though a card lists it. A kit can leave a step out.
    let t = test_kit();
    let next = t
        .components()
        .iter()
        .position(|c| c.id == "next-steps")
        .unwrap();
    assert!(cards::offered(&t, next).is_empty());
    assert!(
        t.cards()
            .iter()
            .any(|c| c.components.iter().any(|x| x == "next-steps"))
    );
}

#[test]
fn measures_take_a_baseline_and_a_target_that_make_sense() {
    let kit = builtin();
    let mut plan = new_plan(&kit);
    let typed = measures::TypedMeasure {
        baseline: Some("64%"),
        baseline_date: Some("2024-11-30"),
        baseline_note: Some("STAR survey 2024"),
        target: Some("80"),
        by: Some("2028-03-31"),
    };
    assert_eq!(
        measures::add(&kit, &mut plan, "tenants-online", &typed, today()).unwrap(),
        measures::Added::New
    );
    let m = &plan.measures[0];
    assert_eq!(m.baseline.as_ref().unwrap().value, 64.0);
    assert_eq!(
        m.baseline.as_ref().unwrap().note.as_deref(),
        Some("STAR survey 2024")
    );
    assert_eq!(m.target.as_ref().unwrap().by, Date::constant(2028, 3, 31));
    assert_eq!(
        measures::add(&kit, &mut plan, "tenants-online", &typed, today()).unwrap(),
        measures::Added::Unchanged
    );

    let before = plan.clone();
    let bad = measures::TypedMeasure {
        baseline: Some("70%"),
        baseline_date: Some("2027-01-01"),
        target: Some("50"),
        by: Some("2020-01-01"),
        ..Default::default()
    };
    let err = measures::add(&kit, &mut plan, "tenants-online", &bad, today()).unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "baseline date: `2027-01-01` is in the future",
            "target: the target 50% is below the baseline 70%, but higher is better for `tenants-online`",
        ]
    );
    let bad = measures::TypedMeasure {
        baseline: Some("£64"),
        baseline_date: Some("2025-01-01"),
        target: Some("80"),
        by: Some("2020-01-01"),
        ..Default::default()
    };
    let err = measures::add(&kit, &mut plan, "tenants-online", &bad, today()).unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "baseline: `£64`: this measure is not an amount of money",
            "target date: the target date 2020-01-01 is not after the baseline date 2025-01-01",
        ]
    );
    // A target alone is checked against the baseline the plan has.
    let lower = measures::TypedMeasure {
        target: Some("60"),
        by: Some("2024-01-01"),
        ..Default::default()
    };
    let err = measures::add(&kit, &mut plan, "tenants-online", &lower, today()).unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "target date: the target date 2024-01-01 is not after the baseline date 2024-11-30",
            "target: the target 60% is below the baseline 64%, but higher is better for `tenants-online`",
        ]
    );
    let half = measures::TypedMeasure {
        target: Some("90"),
        ..Default::default()
    };
    let err = measures::add(&kit, &mut plan, "tenants-online", &half, today()).unwrap_err();
    assert_eq!(
        messages(&err),
        ["target date: a target needs a target date too"]
    );
    let err = measures::add(&kit, &mut plan, "tenants-onlne", &half, today()).unwrap_err();
    assert!(
        err.problems()[0]
            .help
            .as_ref()
            .unwrap()
            .contains("did you mean `tenants-online`?")
    );
    assert_eq!(plan, before, "nothing changes on an error");
}

#[test]
fn measures_are_offered_from_the_chosen_cards_first() {
    let kit = builtin();
    let mut plan = new_plan(&kit);
    cards::choose(
        &kit,
        &mut plan,
        &["device-loans"],
        &cards::Details::default(),
    )
    .unwrap();
    let offers = measures::offered(&kit, &plan);
    assert_eq!(offers.len(), kit.measures().len(), "every measure, once");
    let card = kit.card("device-loans").unwrap();
    for (o, id) in offers.iter().zip(&card.measures) {
        assert_eq!(&o.measure.id, id);
        assert_eq!(o.cards[0].id, "device-loans");
    }
    assert!(
        offers[card.measures.len()..]
            .iter()
            .all(|o| o.cards.is_empty())
    );
}

#[test]
fn shift_figures_are_checked_and_the_service_joins_the_answer() {
    let kit = builtin();
    let mut plan = new_plan(&kit);
    answers::typed(&kit, &mut plan, "services-to-shift", "payments").unwrap();
    let typed = shift::TypedShift {
        service: "Reporting faults and repairs (booking appointments)",
        per_year: "21,000",
        now: "telephone=78, Online=9, face to face=10, post=3",
        aim: "telephone=50,online=40,face-to-face=8,post=2",
        unit_costs: Some("post=£12.10"),
        unit_cost_source: Some("PwC average, quoted by 3C"),
    };
    let c = shift::set(&kit, &mut plan, &typed).unwrap();
    assert_eq!(c.service.id, "repairs");
    assert!(c.added_to_answer && !c.replaced);
    assert_eq!(
        plan.answers["services-to-shift"],
        Answer::List(vec!["payments".into(), "repairs".into()])
    );
    let s = &plan.channel_shift.services[0];
    assert_eq!(s.service, "repairs");
    assert_eq!(s.transactions_per_year, 21_000.0);
    assert_eq!(s.now["face-to-face"], 10.0);
    assert_eq!(plan.channel_shift.unit_costs["post"], 12.1);
    // Offered: the answer's services, in kit order, with whether each has figures.
    let offered: Vec<(String, bool)> = shift::offered(&kit, &plan)
        .into_iter()
        .map(|s| (s.id, s.has_figures))
        .collect();
    assert_eq!(
        offered,
        [("payments".into(), false), ("repairs".into(), true)]
    );
    // Again: replaced, not added twice.
    let c = shift::set(
        &kit,
        &mut plan,
        &shift::TypedShift {
            unit_costs: None,
            unit_cost_source: None,
            ..typed
        },
    )
    .unwrap();
    assert!(c.replaced && !c.added_to_answer);
    assert_eq!(plan.channel_shift.services.len(), 1);
}

#[test]
fn shift_problems_are_all_reported_and_change_nothing() {
    let kit = builtin();
    let mut plan = new_plan(&kit);
    let before = plan.clone();
    let err = shift::set(
        &kit,
        &mut plan,
        &shift::TypedShift {
            service: "repairz",
            per_year: "21000.5",
            now: "telephone=78,online=9",
            aim: "telephone=50,pigeon=50",
            unit_costs: Some("post=12.10"),
            unit_cost_source: None,
        },
    )
    .unwrap_err();
    assert_eq!(
        messages(&err),
        [
            "service: `repairz` is not one of the services of `services-to-shift`",
            "transactions a year: `21000.5` is not a whole number",
            "channel mix now: the shares add up to 87%, not 100%",
            "channel mix aimed for: `pigeon` is not a channel of kit `digital-inclusion`",
            "source of the unit costs: the plan's own unit costs need a source",
        ]
    );
    assert!(
        err.problems()[0]
            .help
            .as_ref()
            .unwrap()
            .contains("did you mean `repairs`?")
    );
    assert_eq!(plan, before);
    let m = shift::parse_mix(&kit, "telephone=60%, online=30", Field::Now).unwrap();
    assert_eq!(m.progress(), "adds up to 90%; 10 to go");
    assert!(
        shift::parse_mix(&kit, "telephone=60,Telephone=40", Field::Now)
            .unwrap_err()
            .message
            .contains("twice")
    );
    assert!(shift::mix(&kit, "telephone=33.33,online=33.33,post=33.34", Field::Now).is_ok());
    assert_eq!(shift::per_year("21k").unwrap(), 21_000.0);
}

#[test]
fn marks_for_questions_the_kit_does_not_have_are_kept_and_reported() {
    let kit = test_kit();
    let mut plan = new_plan(&kit);
    plan.to_decide
        .insert("gone-question".into(), crate::plan::ToDecide::default());
    plan.skipped.insert("also-gone".into());
    let warnings = plan::reconcile(&mut plan, &kit).unwrap();
    assert!(
        warnings.iter().any(|w| w
            == "marked to decide, skipped or computed, but not questions of this kit (kept as they are): `gone-question`, `also-gone`"),
        "{warnings:?}"
    );
    assert!(plan.to_decide.contains_key("gone-question"));
    assert!(plan.skipped.contains("also-gone"));
}
