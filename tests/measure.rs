//! `thinkkit measure record | show` through the binary.

use std::fs;
use std::path::Path;

use crate::common::{fixture, thinkkit};

/// A plan on the fixture kit in a temporary folder (the kit by absolute path).
fn plan_in(dir: &Path, measures: &str) -> String {
    let text = format!(
        "thinkkit-plan: 1\nkit:\n  id: analysis-fixture\n  version: 1.0.0\n  path: {}\n{measures}",
        fixture("kits/analysis").display()
    );
    fs::write(dir.join("p.plan.yaml"), text).unwrap();
    "p.plan.yaml".to_owned()
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = thinkkit(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn record_then_show() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_in(
        dir.path(),
        "measures:\n  - id: online-share\n    baseline: { value: 60, date: 2025-01-01 }\n    target: { value: 80, by: 2027-01-01 }\n",
    );
    let (code, out, err) = run(
        dir.path(),
        &[
            "measure",
            "record",
            &plan,
            "online-share",
            "68%",
            "--date",
            "2026-01-01",
            "--note",
            "STAR survey",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "recorded 68% for `online-share` (Residents online) on 2026-01-01\nResidents online: 68% on 2026-01-01; trend +8 points since 2025-01-01, improving; at risk (line: 70%)\n"
    );
    // An earlier value goes before it; a second value on the same date replaces the first.
    let (code, _, err) = run(
        dir.path(),
        &[
            "measure",
            "record",
            &plan,
            "online-share",
            "64",
            "--date",
            "2025-07-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let (code, out, _) = run(
        dir.path(),
        &[
            "measure",
            "record",
            &plan,
            "online-share",
            "71",
            "--date",
            "2026-01-01",
        ],
    );
    assert_eq!(code, 0);
    assert!(out.starts_with("replaced the value with 71%"), "{out}");
    let saved = fs::read_to_string(dir.path().join(&plan)).unwrap();
    let values = &saved[saved.find("values:").unwrap()..];
    assert_eq!(
        values.trim_end(),
        "values:\n  - value: 64\n    date: 2025-07-01\n  - value: 71\n    date: 2026-01-01"
    );

    let (code, out, err) = run(dir.path(), &["measure", "show", &plan]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!(out);
}

#[test]
fn a_measure_not_yet_in_the_plan_is_added() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_in(dir.path(), "");
    let (code, out, err) = run(
        dir.path(),
        &[
            "measure",
            "record",
            &plan,
            "unit-cost",
            "£1,200.50",
            "--date",
            "2025-03-01",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("recorded £1,200.50 for `unit-cost` (Cost per transaction) on 2025-03-01; the plan now tracks this measure"), "{out}");
    assert!(out.contains("hint: give `unit-cost` a baseline"));
    let saved = fs::read_to_string(dir.path().join(&plan)).unwrap();
    assert!(
        saved.contains(
            "measures:\n- id: unit-cost\n  values:\n  - value: 1200.5\n    date: 2025-03-01\n"
        ),
        "{saved}"
    );
}

#[test]
fn bad_input_is_refused_and_the_plan_is_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_in(dir.path(), "");
    let before = fs::read_to_string(dir.path().join(&plan)).unwrap();
    let cases: [(&[&str], &str); 6] = [
        (
            &["online-share", "45", "--date", "2025-13-01"],
            "error: `2025-13-01` is not a date; give it as YYYY-MM-DD, for example `2026-03-31`\n",
        ),
        (
            &["online-share", "45", "--date", "1/3/2025"],
            "error: `1/3/2025` is not a date; give it as YYYY-MM-DD, for example `2026-03-31`\n",
        ),
        (
            &["online-share", "45", "--date", "2999-01-01"],
            "error: `2999-01-01` is in the future; give the date it was measured, once it has been\n",
        ),
        (
            &["online-shares", "45"],
            "error: no measure `online-shares` in kit `analysis-fixture`; did you mean `online-share`?\n",
        ),
        (
            &["complaints", "45%"],
            "error: cannot record `45%` for `complaints` (Complaints)\n  caused by: `45%`: this measure is not a percentage; give the number without `%`\n",
        ),
        (
            &["online-share", "lots"],
            "error: cannot record `lots` for `online-share` (Residents online)\n  caused by: `lots` is not a number; write it like `45`, `45%` or `£1,200`\n",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["measure", "record", plan.as_str()];
        all.extend_from_slice(args);
        let (code, out, err) = run(dir.path(), &all);
        assert_eq!(code, 1, "{args:?}");
        assert_eq!(err, want, "{args:?}");
        assert!(out.is_empty());
    }
    assert_eq!(fs::read_to_string(dir.path().join(&plan)).unwrap(), before);
}

#[test]
fn show_without_measures_and_record_without_a_plan() {
    let dir = tempfile::tempdir().unwrap();
    let plan = plan_in(dir.path(), "");
    let (code, out, _) = run(dir.path(), &["measure", "show", &plan]);
    assert_eq!(code, 0);
    assert!(
        out.starts_with("plan `p.plan.yaml` tracks no measures yet"),
        "{out}"
    );
    let (code, _, err) = run(
        dir.path(),
        &["measure", "record", "none.plan.yaml", "online-share", "4"],
    );
    assert_eq!(code, 1);
    assert!(err.starts_with("error: no plan `none.plan.yaml`"), "{err}");
    assert!(!dir.path().join("none.plan.yaml").exists());
}

#[test]
fn add_tracks_a_measure_with_its_baseline_and_target() {
    let dir = tempfile::tempdir().unwrap();
    let p = crate::common::builtin_plan(dir.path());
    let (code, out, err) = run(
        dir.path(),
        &[
            "measure",
            "add",
            &p,
            "tenants-online",
            "--baseline",
            "64%",
            "--baseline-date",
            "2024-11-30",
            "--baseline-note",
            "STAR survey 2024",
            "--target",
            "80",
            "--by",
            "2028-03-31",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "saved `p.plan.yaml`: the plan now tracks `tenants-online` (Tenants online)\n"
        ),
        "{out}"
    );
    assert!(out.contains("64% on 2024-11-30"), "{out}");
    assert!(out.contains("80% by 2028-03-31"), "{out}");
    let saved = thinkkit::plan::read(&dir.path().join(&p)).unwrap();
    let m = &saved.measures[0];
    assert_eq!(
        m.baseline.as_ref().unwrap().note.as_deref(),
        Some("STAR survey 2024")
    );
    // A recorded value stays when the target moves.
    run(
        dir.path(),
        &[
            "measure",
            "record",
            &p,
            "tenants-online",
            "68",
            "--date",
            "2025-11-30",
        ],
    );
    let (code, out, _) = run(
        dir.path(),
        &[
            "measure",
            "add",
            &p,
            "tenants-online",
            "--target",
            "85",
            "--by",
            "2028-03-31",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("saved `p.plan.yaml`: updated `tenants-online`"),
        "{out}"
    );
    let saved = thinkkit::plan::read(&dir.path().join(&p)).unwrap();
    assert_eq!(saved.measures[0].values.len(), 1);
    assert_eq!(saved.measures[0].target.as_ref().unwrap().value, 85.0);
}

#[test]
fn add_lists_every_problem_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let p = crate::common::builtin_plan(dir.path());
    let before = fs::read_to_string(dir.path().join(&p)).unwrap();
    let (code, out, err) = run(
        dir.path(),
        &[
            "measure",
            "add",
            &p,
            "tenants-online",
            "--baseline",
            "£70",
            "--baseline-date",
            "2999-01-01",
            "--target",
            "150%",
            "--by",
            "31/03/2028",
        ],
    );
    assert_eq!(code, 1);
    assert!(out.is_empty());
    insta::assert_snapshot!("add_errors", err);
    let (code, _, err) = run(
        dir.path(),
        &[
            "measure",
            "add",
            &p,
            "tenants-online",
            "--baseline",
            "70",
            "--baseline-date",
            "2025-01-01",
            "--target",
            "60",
            "--by",
            "2026-01-01",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        err.starts_with("error: `--target`: the target 60% is below the baseline 70%, but higher is better for `tenants-online`\n  help: aim for a better figure than the baseline, or the same one to hold it\n"),
        "{err}"
    );
    let (code, _, err) = run(dir.path(), &["measure", "add", &p, "tenants-onlin"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `tenants-online`?"), "{err}");
    // A baseline without its date is a usage error, caught before the plan is opened.
    let (code, _, _) = run(
        dir.path(),
        &["measure", "add", &p, "tenants-online", "--baseline", "70"],
    );
    assert_eq!(code, 2);
    assert_eq!(fs::read_to_string(dir.path().join(&p)).unwrap(), before);
}
