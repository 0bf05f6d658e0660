//! What other programs make of thinkkit's files: the Markdown document is as safe as the HTML
//! one when someone else renders it, and a plan reads the same in any YAML reader.

use std::fs;

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::common::{fixture, root, thinkkit};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every link, image and piece of raw HTML a CommonMark renderer finds in `md`.
fn live(md: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    Parser::new_ext(md, options)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let d = dest_url.to_ascii_lowercase();
                (!(d.starts_with("https://")
                    || d.starts_with("http://")
                    || d.starts_with("mailto:")))
                .then(|| format!("link to {dest_url}"))
            }
            Event::Start(Tag::Image { dest_url, .. }) => Some(format!("image {dest_url}")),
            Event::Html(h) | Event::InlineHtml(h) => Some(format!("html {h}")),
            _ => None,
        })
        .collect()
}

/// `javascript:`, `data:` and `vbscript:` links in long answers and card notes used to survive
/// into the `.md`, and go live when anyone rendered it (issue 12).
#[test]
fn the_markdown_document_has_no_dangerous_links_images_or_html() {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(
        root().join("examples/riverside-homes.plan.yaml"),
        dir.path().join("p.plan.yaml"),
    )
    .unwrap();
    fs::write(
        dir.path().join("a.yaml"),
        r#"answers:
  inclusion-in-what: |-
    Click [here](javascript:alert(1)) or [there](data:text/html;base64,PHNjcmlwdD4=),
    [VB](vbscript:msgbox), [entity](&#106;avascript:alert(2)), ![pixel](https://example.org/p.png)
    and [a safe one](https://example.org/ok).

    [ref]: javascript:alert(3)

    See [ref].
cards:
  - id: digital-access-survey
    notes: "Notes with [a link](javascript:alert(4)) and [![x](data:image/png;base64,AA)](javascript:alert(5))"
"#,
    )
    .unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--from", "a.yaml"])
        .assert()
        .success();
    let out = thinkkit(dir.path())
        .args(["render", "p.plan.yaml", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("Click \\[here](javascript:alert(1))"), "{md}");
    assert!(md.contains("[a safe one](https://example.org/ok)"), "{md}");
    assert_eq!(live(&md), Vec::<String>::new());
    // The printouts and the game's Markdown are held to the same rule.
    let out = thinkkit(dir.path())
        .args(["print", "cards", "--format", "md"])
        .output()
        .unwrap();
    assert_eq!(
        live(&String::from_utf8(out.stdout).unwrap()),
        Vec::<String>::new()
    );
}

#[test]
fn hostile_kit_text_in_printed_markdown_cards_is_inert() {
    let out = thinkkit(&fixture("render"))
        .args(["print", "cards", "--kit", "hostile-kit", "--format", "md"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        live(&String::from_utf8(out.stdout).unwrap()),
        Vec::<String>::new()
    );
}

/// Plans used to write `yes`, `off`, `2026-01-01` and `12:30` unquoted as text; YAML 1.1
/// readers (PyYAML, many editors' tools) read them as booleans, dates and numbers (issue 12).
#[test]
fn text_that_yaml_1_1_would_read_as_another_type_is_quoted_in_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    let kit = fixture("kits/workshop").display().to_string();
    let out = thinkkit(dir.path())
        .args(["answer", "p.yaml", "--kit", &kit, "--set", "homes=10"])
        .args(["--set", "lead=yes", "--set", "notes=12:30"])
        .args(["--set", "first-steps=off; 2026-01-01; 0777"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = fs::read_to_string(dir.path().join("p.yaml")).unwrap();
    for line in [
        "  lead: 'yes'\n",
        "  notes: '12:30'\n",
        "  - 'off'\n",
        "  - '2026-01-01'\n",
        "  - '0777'\n",
        "  homes: 10\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    // The plan's own dates are dates to every reader, and stay as they were.
    assert!(text.contains("\ncreated: 20"), "{text}");
    assert!(!text.contains("created: '"), "{text}");
    let plan = thinkkit::plan::read(&dir.path().join("p.yaml")).unwrap();
    assert_eq!(
        plan.answers["lead"],
        thinkkit::plan::Answer::Text("yes".into())
    );
}
