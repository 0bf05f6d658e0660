//! Files from any editor: a byte-order mark and CRLF line endings are accepted in kits, plans,
//! answer files and templates, and lines and columns in errors stay right.

use std::fs;
use std::path::Path;

use crate::common::{fixture, root, thinkkit};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// As a Windows editor saves it: a byte-order mark, then CRLF line endings.
fn windows(text: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(text.replace("\r\n", "\n").replace('\n', "\r\n").bytes());
    bytes
}

/// A plan saved with a byte-order mark used to be refused ("missing field `kit`" at 1:2), with
/// CRLF too (issue 12).
#[test]
fn a_plan_with_a_byte_order_mark_and_crlf_is_read_and_stays_valid_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(root().join("examples/riverside-homes.plan.yaml")).unwrap();
    fs::write(dir.path().join("p.plan.yaml"), windows(&text)).unwrap();
    let out = thinkkit(dir.path())
        .args(["status", "p.plan.yaml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--set", "homes-count=4200"])
        .assert()
        .success();
    let saved = fs::read_to_string(dir.path().join("p.plan.yaml")).unwrap();
    assert!(saved.starts_with("thinkkit-plan: 1\n"), "{saved:.40}");
}

/// A kit whose files have a byte-order mark used to be refused ("more than one document is not
/// supported", with no location) (issue 12).
#[test]
fn a_kit_saved_with_byte_order_marks_and_crlf_validates() {
    let dir = tempfile::tempdir().unwrap();
    for entry in fs::read_dir(root().join("kits/digital-inclusion")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = fs::read_to_string(&path).unwrap();
            fs::write(dir.path().join(path.file_name().unwrap()), windows(&text)).unwrap();
        }
    }
    let out = thinkkit(dir.path())
        .args(["kit", "validate", "."])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

fn validate(dir: &Path, name: &str) -> String {
    let out = thinkkit(dir)
        .args(["kit", "validate", name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    stderr(&out).replace(name, "KIT")
}

#[test]
fn kit_errors_name_the_same_line_and_column_with_a_bom_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("kits/workshop/kit.yaml")).unwrap();
    // One error serde finds (a type that does not exist) and one found after parsing (an
    // unknown measure on a card), each on a line of its own.
    for broken in [
        text.replacen("type: number", "type: numbr", 1),
        text.replacen(
            "measures: [people-supported]",
            "measures: [people-helped]",
            1,
        ),
    ] {
        fs::write(dir.path().join("unix.yaml"), &broken).unwrap();
        fs::write(dir.path().join("windows.yaml"), windows(&broken)).unwrap();
        let unix = validate(dir.path(), "unix.yaml");
        assert!(unix.contains("KIT:"), "{unix}");
        assert_eq!(validate(dir.path(), "windows.yaml"), unix);
    }
}

#[test]
fn an_answers_file_with_a_bom_and_crlf_is_read_and_errors_keep_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let kit = fixture("kits/workshop").display().to_string();
    fs::write(
        dir.path().join("a.yaml"),
        windows("answers:\n  homes: 1200\n  share-online: 45\n"),
    )
    .unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit, "--from", "a.yaml"])
        .assert()
        .success();
    fs::write(
        dir.path().join("b.yaml"),
        windows("answers:\n  homes: 1200\n  share-online: 450\n"),
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--from", "b.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("b.yaml:3:17: `share-online`"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_template_with_a_bom_and_crlf_renders_without_the_mark_and_errors_keep_their_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("examples/riverside-homes.plan.yaml"),
        dir.path().join("p.plan.yaml"),
    )
    .unwrap();
    fs::create_dir(dir.path().join("tpl")).unwrap();
    let template = dir.path().join("tpl/strategy.md.tera");
    fs::write(
        &template,
        windows("# {{ kit.title | md }}\n\n{% for c in components %}\n## {{ c.title | md }}\n{% endfor %}\n"),
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["render", "p.plan.yaml", "--templates", "tpl"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.starts_with("# Digital inclusion"), "{md:.60}");
    fs::write(
        &template,
        windows("# {{ kit.title | md }}\n\n{% for c in components %}\n## {{ c.title | md\n{% endfor %}\n"),
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["render", "p.plan.yaml", "--templates", "tpl"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("tpl/strategy.md.tera:5:1: template syntax error"),
        "{}",
        stderr(&out)
    );
}
