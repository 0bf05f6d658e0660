//! The variables each template sees, read from the JSON schema of its context type, so that
//! docs/templates.md can be checked against the code: every variable a template can use is
//! documented, and nothing documented is gone (`tests/templates_doc.rs`).
//!
//! A variable is named by its path as a template writes it, with `[]` for the items of a list:
//! `components[].answers[].prompt` is `a.prompt` inside `{% for c in components %}{% for a in
//! c.answers %}`.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::Value;

/// One variable of a template's context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variable {
    /// Its path: `front.title`, `components[].answers[].prompt`.
    pub path: String,
    /// Its type in words: `text`, `whole number`, `true/false`, `list`, `group`, each with `or
    /// nothing` when it may be empty.
    pub kind: String,
    /// What it is (the field's doc comment).
    pub description: String,
}

/// The templates and what each is rendered with.
pub const TEMPLATES: &[&str] = &[
    "strategy.md.tera",
    "page.html.tera",
    "cards.md.tera",
    "cards.html.tera",
    "sheets.md.tera",
    "sheets.html.tera",
    "compare.md.tera",
];

fn schema_of<T: JsonSchema>() -> Schema {
    SchemaGenerator::default().into_root_schema_for::<T>()
}

/// The schema of the context `template` is rendered with.
pub fn context_schema(template: &str) -> Option<Schema> {
    Some(match template {
        "strategy.md.tera" => schema_of::<super::Context>(),
        "page.html.tera" => super::html::page_schema(),
        "cards.md.tera" | "cards.html.tera" | "sheets.md.tera" | "sheets.html.tera" => {
            super::deck::deck_schema()
        }
        "compare.md.tera" => schema_of::<super::compare::View>(),
        _ => return None,
    })
}

/// Every variable of `template`'s context, in field order.
pub fn variables(template: &str) -> Vec<Variable> {
    let Some(schema) = context_schema(template) else {
        return Vec::new();
    };
    let root = schema.as_value();
    let mut out = Vec::new();
    walk(root, root, "", &mut out, 0);
    out
}

/// The definition `value` points at (`$ref`), or `value` itself.
fn resolve<'a>(root: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            root.get("$defs").and_then(|d| d.get(name)).unwrap_or(value)
        }
        None => value,
    }
}

/// The schema without its `null` alternative, and whether it had one.
fn non_null<'a>(root: &'a Value, value: &'a Value) -> (&'a Value, bool) {
    let value = resolve(root, value);
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = value.get(key).and_then(Value::as_array) {
            let rest: Vec<&Value> = alts
                .iter()
                .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                .collect();
            if rest.len() == 1 && rest.len() < alts.len() {
                return (resolve(root, rest[0]), true);
            }
        }
    }
    (value, false)
}

fn types(value: &Value) -> (Vec<String>, bool) {
    match value.get("type") {
        Some(Value::String(t)) => (vec![t.clone()], false),
        Some(Value::Array(ts)) => {
            let all: Vec<String> = ts
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            let null = all.iter().any(|t| t == "null");
            (all.into_iter().filter(|t| t != "null").collect(), null)
        }
        _ if value.get("properties").is_some() => (vec!["object".to_owned()], false),
        _ if value.get("enum").is_some() || value.get("const").is_some() => {
            (vec!["string".to_owned()], false)
        }
        _ => (Vec::new(), false),
    }
}

fn word(t: &str, value: &Value) -> &'static str {
    match t {
        "string" => "text",
        "integer" => "whole number",
        "number" => "number",
        "boolean" => "true/false",
        "array" => "list",
        "object" if value.get("properties").is_none() => "map",
        "object" => "group",
        _ => "value",
    }
}

fn walk(root: &Value, value: &Value, path: &str, out: &mut Vec<Variable>, depth: usize) {
    // Deep enough for any context; a recursive type would otherwise never end.
    if depth > 12 {
        return;
    }
    let value = resolve(root, value);
    let Some(props) = value.get("properties").and_then(Value::as_object) else {
        return;
    };
    for (name, field) in props {
        let description = field
            .get("description")
            .or_else(|| resolve(root, field).get("description"))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let (inner, null_alt) = non_null(root, field);
        let (ts, null_type) = types(inner);
        let nullable = null_alt || null_type;
        let t = ts.first().map_or("value", |t| word(t, inner));
        let full = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        let item = inner
            .get("items")
            .map(|i| non_null(root, i).0)
            .filter(|_| t == "list");
        let kind = match item {
            Some(i) => {
                let (its, _) = types(i);
                let w = its.first().map_or("value", |x| word(x, i));
                format!(
                    "list of {}",
                    if w == "group" { "groups" } else { plural(w) }
                )
            }
            None => t.to_owned(),
        };
        out.push(Variable {
            path: full.clone(),
            kind: if nullable {
                format!("{kind}, or nothing")
            } else {
                kind
            },
            description,
        });
        match item {
            Some(i) => walk(root, i, &format!("{full}[]"), out, depth + 1),
            None => walk(root, inner, &full, out, depth + 1),
        }
    }
}

fn plural(word: &str) -> &'static str {
    match word {
        "text" => "texts",
        "whole number" => "whole numbers",
        "number" => "numbers",
        "true/false" => "true/false values",
        "list" => "lists",
        "map" => "maps",
        _ => "values",
    }
}
