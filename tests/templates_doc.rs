//! docs/templates.md lists every variable each built-in template can use, with its type and an
//! example, and nothing that is gone: the list is checked against the templates' context types
//! (`thinkkit::render::variables`), so a field added to the document's data fails here until it
//! is documented. See: issue 13 ("template variables are undocumented").

use std::collections::BTreeSet;
use std::fs;

use thinkkit::render::variables::{TEMPLATES, variables};

use crate::common::root;

/// The documented paths of each template: the `` | `path` | `` rows under a heading that names
/// the template (`` ## `cards.md.tera` and `cards.html.tera` ``).
fn documented() -> Vec<(Vec<String>, BTreeSet<String>)> {
    let doc = fs::read_to_string(root().join("docs/templates.md")).expect("docs/templates.md");
    let mut sections: Vec<(Vec<String>, BTreeSet<String>)> = Vec::new();
    for line in doc.lines() {
        if let Some(head) = line.strip_prefix("## ") {
            let names = head
                .split('`')
                .skip(1)
                .step_by(2)
                .filter(|n| n.ends_with(".tera"))
                .map(str::to_owned)
                .collect();
            sections.push((names, BTreeSet::new()));
        } else if let Some(rest) = line.strip_prefix("| `")
            && let Some((path, _)) = rest.split_once("` |")
            && let Some(section) = sections.last_mut()
        {
            section.1.insert(path.to_owned());
        }
    }
    sections
}

#[test]
fn docs_templates_md_lists_every_template_variable_and_no_other() {
    let sections = documented();
    let mut problems = Vec::new();
    for template in TEMPLATES {
        let want: BTreeSet<String> = variables(template).into_iter().map(|v| v.path).collect();
        assert!(!want.is_empty(), "`{template}` has no variables");
        let Some((_, have)) = sections
            .iter()
            .find(|(names, _)| names.iter().any(|n| n == template))
        else {
            problems.push(format!("docs/templates.md has no section for `{template}`"));
            continue;
        };
        for missing in want.difference(have) {
            problems.push(format!("`{template}`: `{missing}` is not documented"));
        }
        for stale in have.difference(&want) {
            problems.push(format!(
                "`{template}`: `{stale}` is documented but no longer exists"
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nadd (or remove) the rows in docs/templates.md; `cargo test --test integration templates_doc -- --ignored --nocapture` prints a row for each variable",
        problems.join("\n")
    );
}

/// Not a check: prints a row of docs/templates.md for every variable, with its type and what it
/// is, to copy in when the context grows.
#[test]
#[ignore = "prints rows for docs/templates.md"]
fn print_template_variable_rows() {
    // Examples for the strategy's variables come from the worked example.
    let path = root().join("examples/riverside-homes.plan.yaml");
    let mut plan = thinkkit::plan::read(&path).unwrap();
    let kit = thinkkit::plan::kit_for(&plan, &path, None).unwrap();
    thinkkit::plan::reconcile(&mut plan, &kit).unwrap();
    let today = jiff::civil::date(2026, 3, 4);
    let context =
        serde_json::to_value(thinkkit::render::strategy_context(&kit, &plan, today)).unwrap();
    let example = |path: &str| -> String {
        let mut v = &context;
        for part in path.split('.') {
            let (name, list) = match part.strip_suffix("[]") {
                Some(n) => (n, true),
                None => (part, false),
            };
            v = &v[name];
            if list {
                v = &v[0];
            }
        }
        match v {
            serde_json::Value::String(s) if s.chars().count() <= 60 => format!("`{s}`"),
            serde_json::Value::String(s) => {
                format!("`{}…`", s.chars().take(50).collect::<String>())
            }
            serde_json::Value::Number(n) => format!("`{n}`"),
            serde_json::Value::Bool(b) => format!("`{b}`"),
            serde_json::Value::Array(items) => match items.first() {
                Some(serde_json::Value::String(s)) if s.chars().count() <= 50 => {
                    format!("`{s}`, …")
                }
                _ => "–".to_owned(),
            },
            serde_json::Value::Object(_) => "–".to_owned(),
            _ => String::new(),
        }
    };
    for template in TEMPLATES {
        println!("\n## `{template}`\n");
        for v in variables(template) {
            let ex = if *template == "strategy.md.tera" {
                example(&v.path)
            } else {
                String::new()
            };
            println!("| `{}` | {} | {ex} | {} |", v.path, v.kind, v.description);
        }
    }
}
