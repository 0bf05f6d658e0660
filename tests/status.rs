//! `thinkkit status` through the binary.

use std::fs;

use crate::common::{fixture, redact, root, thinkkit};

#[test]
fn the_worked_example() {
    let out = thinkkit(&fixture("plans"))
        .args(["status", "worked.plan.yaml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    insta::assert_snapshot!(String::from_utf8(out.stdout).unwrap());
}

#[test]
fn a_new_plan_lists_required_questions_first() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("p.plan.yaml"),
        "thinkkit-plan: 1\nkit: { id: digital-inclusion, version: 1.0.0 }\norganisation: Test Homes\nanswers:\n  homes-count: 1200\n  staff-confidence: weak\ncards:\n  - id: taster-sessions\n",
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["status", "p.plan.yaml"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let required = text
        .find("  required (")
        .expect("required questions listed");
    let optional = text
        .find("  optional (")
        .expect("optional questions listed");
    assert!(required < optional);
    // `staff-needing-support` applies because staff confidence is weak; it is not required.
    assert!(text[optional..].contains("staff-needing-support"));
    assert!(text.contains("    customers-online-share — What share of your customers is online?"));
    assert!(text.contains("Taster sessions ('Homes on the Net')"));
    assert!(text.contains(
        "offline-population: `customers-online-share` (the share online) is not answered"
    ));
    assert!(text.contains("! Staff confidence is weak or mixed, but no staff training is planned"));
    assert!(text.contains("2 of "), "{text}");
}

/// What `thinkkit status` says of a plan file holding `text`, which it must refuse (exit 1).
fn refusal_of_plan(text: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("bad.plan.yaml"), text).unwrap();
    let out = thinkkit(dir.path())
        .args(["status", "bad.plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    redact(&String::from_utf8(out.stderr).unwrap(), dir.path())
}

#[test]
fn a_bad_plan_file_is_reported_with_line_and_column() {
    let err = refusal_of_plan(
        "thinkkit-plan: 1\nkit: { id: digital-inclusion, version: 1.0.0 }\nanswers:\n  homes-count: 10\ncardz: []\n",
    );
    assert!(
        err.starts_with("error: bad.plan.yaml:5:1: not a valid plan: unknown field `cardz`"),
        "{err}"
    );
}

/// An answer of no shape an answer has is reported where it is, naming its question (and the
/// item of a list); a problem the reader finds in the value itself (a number too large) is
/// reported as the reader gives it, at the item.
#[test]
fn a_bad_answer_is_reported_where_it_is() {
    let head = "thinkkit-plan: 1\nkit: { id: digital-inclusion, version: 1.0.0 }\nanswers:\n  homes-count: 10\n";
    let shapes =
        "an answer is text, a number, yes/no or a list of text, not a mapping or a list of lists";
    for (body, problem) in [
        (
            "  reasons:\n    why: because\n",
            format!("6:5: not a valid plan: answers.reasons: {shapes}"),
        ),
        (
            "  barriers: [skills, 3]\n",
            format!("5:22: not a valid plan: answers.barriers[1]: {shapes}"),
        ),
        (
            "  barriers: [99999999999999999999]\n",
            "5:14: not a valid plan: answers.barriers[0]: `99999999999999999999` is beyond the largest number thinkkit takes (1e12, a million million)".to_owned(),
        ),
    ] {
        assert_eq!(
            refusal_of_plan(&format!("{head}{body}")),
            format!(
                "error: bad.plan.yaml:{problem}\n  help: fix the file by hand, or set answers with `thinkkit answer`\n"
            )
        );
    }
}

#[test]
fn a_missing_plan_says_how_to_start_one() {
    let out = thinkkit(&root())
        .args(["status", "nowhere.plan.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: no plan `nowhere.plan.yaml`; start one with `thinkkit workshop nowhere.plan.yaml` or `thinkkit answer`\n"
    );
}
