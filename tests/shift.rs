//! `thinkkit shift set | drop` through the binary: mixes that add up, channels by id or label,
//! the services question's answer and the savings kept in step.

use std::fs;

use thinkkit::plan::{self, Answer};

use crate::common::{builtin_plan, redact, run};

#[test]
fn set_stores_the_service_under_its_choice_joins_the_answer_and_prints_the_saving() {
    let dir = tempfile::tempdir().unwrap();
    let p = builtin_plan(dir.path());
    let (code, out, err) = run(
        dir.path(),
        &[
            "shift",
            "set",
            &p,
            "Reporting faults and repairs (booking appointments)",
            "--per-year",
            "21k",
            "--now",
            "Telephone=78%, online=9, face to face=10, post=3",
            "--aim",
            "telephone=50,online=40,face-to-face=8,post=2",
            "--unit-cost",
            "post=£12.10",
            "--unit-cost-source",
            "Our 2025 postage and print invoices",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "saved `p.plan.yaml`: set the channel-shift figures of ‘Reporting faults and repairs (booking appointments)’ and the plan's unit cost for `post`\n\
         ‘Reporting faults and repairs (booking appointments)’ was added to the answer to `services-to-shift` (Which services will you offer or improve online?)\n\
         saving: £36,714 a year on 21,000 transactions; all services: £36,714 a year\n"
    );
    let saved = plan::read(&dir.path().join(&p)).unwrap();
    assert_eq!(
        saved.answers["services-to-shift"],
        Answer::List(vec!["payments".into(), "repairs".into()])
    );
    let s = &saved.channel_shift.services[0];
    assert_eq!(s.service, "repairs");
    assert_eq!(s.now["telephone"], 78.0);
    assert_eq!(saved.channel_shift.unit_costs["post"], 12.1);

    // Status and the document name the chosen service that has no figures yet.
    let (_, status, _) = run(dir.path(), &["status", &p]);
    assert!(
        status.contains(
            "chosen to offer online with no figures yet (`thinkkit shift set`): Making payments"
        ),
        "{status}"
    );
    let (_, md, _) = run(dir.path(), &["render", &p]);
    assert!(
        md.contains("Also offered online, with no channel-shift figures yet (so the total leaves it out): Making payments."),
        "{md}"
    );

    // Again, by number: replaced, not added twice; a later unit cost keeps the source.
    let (code, out, err) = run(
        dir.path(),
        &[
            "shift",
            "set",
            &p,
            "2",
            "--per-year",
            "20000",
            "--now",
            "telephone=100",
            "--aim",
            "telephone=50,online=50",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "saved `p.plan.yaml`: replaced the channel-shift figures of ‘Reporting faults"
        ),
        "{out}"
    );
    let saved = plan::read(&dir.path().join(&p)).unwrap();
    assert_eq!(saved.channel_shift.services.len(), 1);
    assert_eq!(
        saved.channel_shift.unit_costs_source.as_deref(),
        Some("Our 2025 postage and print invoices")
    );

    let (code, out, _) = run(dir.path(), &["shift", "drop", &p, "repairs"]);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "saved `p.plan.yaml`: removed the channel-shift figures of ‘Reporting faults and repairs (booking appointments)’\n"
    );
}

#[test]
fn set_lists_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = builtin_plan(dir.path());
    let before = fs::read_to_string(dir.path().join(&p)).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "shift",
            "set",
            &p,
            "repairz",
            "--per-year",
            "21000.5",
            "--now",
            "telephone=78,online=9",
            "--aim",
            "telephone=50,pigeon=50",
            "--unit-cost",
            "post=12.10",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    insta::assert_snapshot!("set_errors", redact(&err, dir.path()));
    for (args, want) in [
        (
            ["--now", "telephone=60,telephone=40"],
            "error: `--now`: channel `telephone` is given twice\n",
        ),
        (
            ["--now", "telephone 100"],
            "error: `--now`: `telephone 100` is not CHANNEL=PERCENT\n",
        ),
        (
            ["--now", "telephone=104,online=6"],
            "error: `--now`: `104` is out of range: a share is from 0 to 100\n",
        ),
        (
            ["--now", "telephone=90,online=20"],
            "error: `--now`: the shares add up to 110%, not 100%\n  help: 10 too many: the shares of all channels add up to 100\n",
        ),
    ] {
        let mut all = vec![
            "shift",
            "set",
            p.as_str(),
            "payments",
            "--per-year",
            "100",
            "--aim",
            "online=100",
        ];
        all.extend(args);
        let (code, _, err) = run(dir.path(), &all);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.starts_with(want), "{args:?}: {err}");
    }
    assert_eq!(fs::read_to_string(dir.path().join(&p)).unwrap(), before);
}
