//! Bounded work on any input: expressions, templates, long answers and absurd numbers end in
//! a clear error (or a quick answer), never a stack overflow, an abort or a hang.
//!
//! The timeouts here are not speed targets (those are criterion benchmarks): they turn a hang
//! into a failure, far above what each command takes.

use std::fs;
use std::path::Path;
use std::time::Duration;

use crate::common::{fixture, root, thinkkit};

const HANG: Duration = Duration::from_secs(60);

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `line:col` (1-based) where `needle` first starts in `text`.
fn place(text: &str, needle: &str) -> String {
    let at = text.find(needle).expect("the needle is in the text");
    let line = text[..at].matches('\n').count() + 1;
    let col = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
    format!("{line}:{col}")
}

fn workshop_kit_with(dir: &Path, from: &str, to: &str) -> String {
    let text = fs::read_to_string(fixture("kits/workshop/kit.yaml")).unwrap();
    assert!(text.contains(from), "{from}");
    fs::create_dir_all(dir.join("kit")).unwrap();
    fs::write(dir.join("kit/kit.yaml"), text.replacen(from, to, 1)).unwrap();
    "kit".to_owned()
}

/// A `default-expr` with 30,000 nested parentheses used to overflow the stack (SIGABRT) in
/// `kit validate` and in every command given that kit (issue 12).
#[test]
fn a_deeply_nested_default_expr_is_refused_with_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("\"{}1{}\"", "(".repeat(30_000), ")".repeat(30_000));
    let kit = workshop_kit_with(dir.path(), "\"homes * (100 - share-online) / 100\"", &deep);
    let out = thinkkit(dir.path())
        .args(["kit", "validate", &kit])
        .timeout(HANG)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let text = fs::read_to_string(dir.path().join("kit/kit.yaml")).unwrap();
    let at = place(&text, "\"((((");
    assert!(
        err.contains(&format!("kit/kit.yaml:{at}: `default-expr` of `offline` does not parse: the expression is 60001 characters long; at most 1000 are read")),
        "{err}"
    );
    for args in [
        &["answer", "p.yaml", "--kit", "kit", "--set", "homes=10"][..],
        &["cards", "list", "--kit", "kit"],
    ] {
        let out = thinkkit(dir.path())
            .args(args)
            .timeout(HANG)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("does not parse"), "{}", stderr(&out));
    }
}

fn render_with(dir: &Path, template: &str) -> std::process::Output {
    fs::copy(
        root().join("examples/riverside-homes.plan.yaml"),
        dir.join("p.plan.yaml"),
    )
    .unwrap();
    fs::create_dir_all(dir.join("tpl")).unwrap();
    fs::write(dir.join("tpl/strategy.md.tera"), template).unwrap();
    thinkkit(dir)
        .args(["render", "p.plan.yaml", "--templates", "tpl"])
        .timeout(HANG)
        .output()
        .unwrap()
}

/// A user template that includes itself, or a macro that recurses, used to overflow the stack
/// in `render --templates` (issue 12).
#[test]
fn templates_that_recurse_are_refused_with_a_clear_error() {
    for (template, says) in [
        (
            "# Strategy\n{% include \"strategy.md.tera\" %}\n",
            "tpl/strategy.md.tera: `strategy.md.tera` includes itself",
        ),
        (
            "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}\n",
            "tpl/strategy.md.tera: macro `f` of `strategy.md.tera` calls itself",
        ),
        (
            "{% macro f(n) %}{% if n > 0 %}{{ self::g(n=n - 1) }}{% endif %}{% endmacro f %}{% macro g(n) %}{{ self::f(n=n) }}{% endmacro g %}{{ self::f(n=3) }}\n",
            "templates call each other in a circle",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = render_with(dir.path(), template);
        assert_eq!(out.status.code(), Some(1), "{template}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{template}: {}", stderr(&out));
        assert!(stderr(&out).contains("help: loop over the document's data"));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_template_that_makes_too_much_or_reads_the_environment_is_refused() {
    for (template, says) in [
        (
            "{% for i in range(end=100000000) %}x{% endfor %}",
            "more than the 100000 a template may make",
        ),
        (
            "{% for i in range(end=1000) %}{% for j in range(end=1000) %}{{ i }}{% endfor %}{% endfor %}",
            "more than the 100000 a template may make",
        ),
        (
            "{{ get_env(name=\"HOME\") }}",
            "templates cannot read environment variables",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = render_with(dir.path(), template);
        assert_eq!(out.status.code(), Some(1), "{template}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{template}: {}", stderr(&out));
    }
}

/// A multi-choice answer of 20,000 comma-separated items used to run for minutes: choice
/// resolution was cubic (issue 12).
#[test]
fn a_multi_choice_answer_of_twenty_thousand_items_is_read_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let kit = fixture("kits/workshop").display().to_string();
    let items = vec!["cost"; 20_000].join(",");
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit])
        .arg("--set")
        .arg(format!("barriers={items}"))
        .timeout(HANG)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let plan = fs::read_to_string(dir.path().join("p.yaml")).unwrap();
    assert!(plan.contains("barriers:\n  - cost\n"), "{plan}");
    let wrong = format!("{items},skils");
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml"])
        .arg("--set")
        .arg(format!("barriers={wrong}"))
        .timeout(HANG)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("`skils` is not one of the choices"),
        "{}",
        stderr(&out)
    );
}

/// `kit validate` used to accept a cost of 1e308 (issue 12).
#[test]
fn a_kit_with_absurd_or_infinite_numbers_is_refused_where_they_are() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(fixture("kits/workshop/kit.yaml")).unwrap();
    let text = text
        .replacen(
            "setup-cost: { min: 0, max: 200 }",
            "setup-cost: { min: 0, max: 1e308 }",
            1,
        )
        .replacen(
            "running-cost: { min: 1000, max: 3000 }",
            "running-cost: { min: .nan, max: 3000 }",
            1,
        );
    fs::write(dir.path().join("kit.yaml"), &text).unwrap();
    let out = thinkkit(dir.path())
        .args(["kit", "validate", "kit.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let (big, nan) = (place(&text, "1e308"), place(&text, ".nan"));
    assert!(
        err.contains(&format!(
            "kit.yaml:{big}: 1e308 is beyond the largest number thinkkit takes"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("kit.yaml:{nan}: `NaN` is not a finite number")),
        "{err}"
    );
}
