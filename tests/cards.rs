//! `thinkkit cards choose | drop` through the binary: the workshop's checks, every problem
//! listed, nothing written on error.

use std::fs;

use thinkkit::plan;

use crate::common::{builtin_plan, redact, run};

#[test]
fn choose_adds_cards_with_their_details_and_choosing_again_changes_only_what_is_given() {
    let dir = tempfile::tempdir().unwrap();
    let p = builtin_plan(dir.path());
    let (code, out, err) = run(
        dir.path(),
        &[
            "cards",
            "choose",
            &p,
            "volunteer-digital-champions",
            "device-loans",
            "--owner",
            "Community team",
            "--start",
            "2026-09",
            "--setup-cost",
            "£4k",
            "--running-cost",
            "16,500",
            "--notes",
            "Two estates first",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "saved `p.plan.yaml`: chose Volunteer digital champions (`volunteer-digital-champions`), Device loans (`device-loans`)\n\
         the plan has 2 cards: £41,000 in the first year (set-up plus a year's running) against the activity budget of £45,000 a year\n"
    );
    let saved = plan::read(&dir.path().join(&p)).unwrap();
    let c = &saved.cards[1];
    assert_eq!(c.id, "device-loans");
    assert_eq!(c.owner.as_deref(), Some("Community team"));
    assert_eq!(c.start.as_deref(), Some("2026-09"));
    assert_eq!((c.cost, c.running_cost), (Some(4000.0), Some(16_500.0)));
    assert_eq!(c.notes.as_deref(), Some("Two estates first"));

    // An empty cost goes back to the card's range; the other details stay.
    let (code, out, err) = run(
        dir.path(),
        &["cards", "choose", &p, "device-loans", "--setup-cost", ""],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("saved `p.plan.yaml`: updated Device loans"),
        "{out}"
    );
    let saved = plan::read(&dir.path().join(&p)).unwrap();
    assert_eq!(saved.cards[1].cost, None);
    assert_eq!(saved.cards[1].owner.as_deref(), Some("Community team"));

    let (code, out, err) = run(dir.path(), &["cards", "drop", &p, "device-loans"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "saved `p.plan.yaml`: dropped Device loans (`device-loans`)\nthe plan has 1 card:"
        ),
        "{out}"
    );
}

#[test]
fn choose_and_drop_list_every_problem_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = builtin_plan(dir.path());
    let before = fs::read_to_string(dir.path().join(&p)).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "cards",
            "choose",
            &p,
            "volunteer-digital-champions",
            "device-lones",
            "--start",
            "Sept 2026",
            "--setup-cost=-4",
            "--running-cost",
            "lots",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    insta::assert_snapshot!("choose_errors", redact(&err, dir.path()));
    let (code, _, err) = run(dir.path(), &["cards", "drop", &p, "device-loans"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: card `device-loans` is not chosen in this plan\n  help: the plan has no cards chosen yet\n\
         nothing was written to `p.plan.yaml`: fix the problem above and run the command again\n"
    );
    let (code, _, err) = run(
        dir.path(),
        &["cards", "choose", "missing.plan.yaml", "device-loans"],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: no plan `missing.plan.yaml`; start one with `thinkkit answer"),
        "{err}"
    );
    assert_eq!(fs::read_to_string(dir.path().join(&p)).unwrap(), before);
    assert!(!dir.path().join("missing.plan.yaml").exists());
}
