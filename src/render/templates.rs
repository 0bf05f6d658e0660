//! The tera templates: built in (embedded from `templates/`), each replaceable by a file of the
//! same name in a folder the user gives (`--templates DIR`), as in zola and mdBook.
//!
//! Templates named `*.html.tera` are autoescaped for HTML; Markdown templates are not, and escape
//! text with the filters registered here instead: `md` for a value inside a line (a heading, a
//! list item, a table cell), `md_block` for Markdown someone wrote (a long answer, a card's
//! description), `md_link` for a web address. HTML templates get `markdown`, which turns
//! Markdown into safe HTML (see [`super::html`]).

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use serde::Serialize;
use tera::{Tera, Value};

use super::{html, markdown};

/// The built-in templates, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "page.html.tera",
        include_str!("../../templates/page.html.tera"),
    ),
    (
        "strategy.md.tera",
        include_str!("../../templates/strategy.md.tera"),
    ),
    (
        "cards.md.tera",
        include_str!("../../templates/cards.md.tera"),
    ),
    (
        "cards.html.tera",
        include_str!("../../templates/cards.html.tera"),
    ),
    (
        "sheets.md.tera",
        include_str!("../../templates/sheets.md.tera"),
    ),
    (
        "sheets.html.tera",
        include_str!("../../templates/sheets.html.tera"),
    ),
];

/// The template set a command renders with.
#[derive(Debug)]
pub struct Templates {
    tera: Tera,
    /// Files from the user's folder that replaced a built-in.
    overridden: Vec<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn built_in() -> Templates {
        let mut tera = new_tera();
        tera.add_raw_templates(BUILT_IN.iter().copied())
            .expect("the built-in templates parse");
        Templates {
            tera,
            overridden: Vec::new(),
        }
    }

    /// The built-ins, with any file in `dir` named like one of them replacing it. Other files in
    /// `dir` are ignored, so a folder can hold notes or backups too.
    pub fn load(dir: Option<&Path>) -> anyhow::Result<Templates> {
        let mut templates = Templates::built_in();
        let Some(dir) = dir else {
            return Ok(templates);
        };
        if !dir.is_dir() {
            bail!(
                "templates folder `{}` does not exist; write the built-in templates there with `thinkkit templates export {}`",
                dir.display(),
                dir.display()
            );
        }
        for (name, _) in BUILT_IN {
            let path = dir.join(name);
            let text = match fs::read_to_string(&path) {
                Ok(t) => t,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read `{}`", path.display()));
                }
            };
            templates
                .tera
                .add_raw_template(name, &text)
                .map_err(|e| syntax_error(&path, &e))?;
            templates.overridden.push(path);
        }
        Ok(templates)
    }

    /// The user's files that replaced built-ins.
    pub fn overridden(&self) -> &[PathBuf] {
        &self.overridden
    }

    /// Render the template `name` with `context`.
    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> anyhow::Result<String> {
        let context = tera::Context::from_serialize(context)
            .context("cannot pass the document's data to the templates")?;
        self.tera.render(name, &context).map_err(|e| {
            // tera's own message names the template; its cause says what failed and where.
            let mut msg = format!("cannot render template `{name}`");
            let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&e);
            while let Some(c) = cause {
                msg.push_str(": ");
                msg.push_str(&c.to_string());
                cause = c.source();
            }
            if let Some(path) = self.overridden.iter().find(|p| p.ends_with(name)) {
                msg.push_str(&format!(" (in `{}`)", path.display()));
            }
            anyhow::Error::msg(msg)
        })
    }
}

fn new_tera() -> Tera {
    let mut tera = Tera::default();
    // Markdown templates escape with the `md` filters; HTML ones are escaped by tera.
    tera.autoescape_on(vec![".html.tera"]);
    tera.register_filter("md", filter(markdown::escape_inline));
    tera.register_filter("md_block", filter(markdown::escape_block));
    tera.register_filter("md_link", filter(md_link));
    tera.register_filter("markdown", filter(html::fragment));
    tera
}

/// A tera filter from a text function; numbers are accepted as their text, nothing as "".
fn filter(
    f: fn(&str) -> String,
) -> impl Fn(&Value, &HashMap<String, Value>) -> tera::Result<Value> + Sync + Send {
    move |value: &Value, _args: &HashMap<String, Value>| {
        let text = match value {
            Value::String(s) => f(s),
            Value::Number(n) => f(&n.to_string()),
            Value::Bool(b) => f(&b.to_string()),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => {
                return Err(tera::Error::msg(
                    "this filter takes text; use a `for` loop or `join` for a list",
                ));
            }
        };
        Ok(Value::String(text))
    }
}

/// A web address as a Markdown autolink when it is one (http, https, mailto), else as text.
fn md_link(url: &str) -> String {
    let url = url.trim();
    if markdown::link_allowed(url)
        && !url.starts_with('#')
        && !url.contains(|c: char| c.is_whitespace() || c == '<' || c == '>')
    {
        format!("<{url}>")
    } else {
        markdown::escape_inline(url)
    }
}

/// A syntax error in a user's template as `file:line:col: message`.
fn syntax_error(path: &Path, err: &tera::Error) -> anyhow::Error {
    let mut detail = String::new();
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(c) = cause {
        detail.push_str(&c.to_string());
        cause = c.source();
    }
    // tera (pest) writes the position as ` --> LINE:COL` followed by the offending line.
    let pos = detail.lines().find_map(|l| {
        let rest = l.trim_start().strip_prefix("-->")?.trim();
        let (line, col) = rest.split_once(':')?;
        Some((line.parse::<usize>().ok()?, col.parse::<usize>().ok()?))
    });
    let expected = detail
        .lines()
        .find_map(|l| l.trim_start().strip_prefix("= "))
        .unwrap_or("syntax error");
    match pos {
        Some((line, col)) => anyhow::anyhow!(
            "{}:{line}:{col}: template syntax error: {expected}\n{}",
            path.display(),
            detail.trim_end()
        ),
        None => anyhow::anyhow!(
            "{}: template syntax error: {}",
            path.display(),
            if detail.is_empty() {
                err.to_string()
            } else {
                detail
            }
        ),
    }
}

/// Write the built-in templates to `dir` (created if missing). Existing files are kept unless
/// `force`: then nothing is written and the error names them. Returns the files written.
pub fn export(dir: &Path, force: bool) -> anyhow::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let targets: Vec<(PathBuf, &str)> = BUILT_IN
        .iter()
        .map(|(name, text)| (dir.join(name), *text))
        .collect();
    if !force {
        let existing: Vec<String> = targets
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| format!("`{}`", p.display()))
            .collect();
        if !existing.is_empty() {
            bail!(
                "not overwriting {}; pass `--force` to replace {}",
                existing.join(", "),
                if existing.len() == 1 { "it" } else { "them" }
            );
        }
    }
    let mut written = Vec::new();
    for (path, text) in targets {
        crate::plan::store::write_atomic(&path, text.as_bytes())
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    Ok(written)
}
