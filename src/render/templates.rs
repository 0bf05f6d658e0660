//! The tera templates: built in (embedded from `templates/`), each replaceable by a file of the
//! same name in a folder the user gives (`--templates DIR`), as in zola and mdBook.
//!
//! Templates named `*.html.tera` are autoescaped for HTML; Markdown templates are not, and escape
//! text with the filters registered here instead: `md` for a value inside a line (a heading, a
//! list item, a table cell), `md_block` for Markdown someone wrote (a long answer, a card's
//! description), `md_code` for the analysis's facts and reasons (which name ids in backticks),
//! `md_link` for a web address, `md_sentence` for a paragraph of the strategy's prose (its
//! `segments`). HTML templates get `markdown`, which turns
//! Markdown into safe HTML (see [`super::html`]), and `css_string`, which quotes text for a
//! style sheet (the printed page's margins: mark it `| safe` after it).

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use anyhow::{Context as _, bail};
use serde::Serialize;
use tera::{Tera, Value};

use super::{html, limits, markdown};

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
        "onepage.md.tera",
        include_str!("../../templates/onepage.md.tera"),
    ),
    (
        "onepage.html.tera",
        include_str!("../../templates/onepage.html.tera"),
    ),
    (
        "play.html.tera",
        include_str!("../../templates/play.html.tera"),
    ),
    (
        "compare.md.tera",
        include_str!("../../templates/compare.md.tera"),
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

/// The built-in templates' syntax trees, made by `build.rs` (see [`super::tera_ast`]).
const PARSED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/templates.ast"));

/// The template set a command renders with: each built-in template's text, or the user's file
/// that replaces it.
///
/// Templates are parsed when they are rendered, and only the one rendered (with the templates it
/// extends or includes): parsing is most of the cost of a render, and a command renders one
/// document. A user's files are also parsed when they are loaded, so that a syntax error is
/// reported whichever document is asked for.
#[derive(Debug, Clone)]
pub struct Templates {
    sources: Vec<Source>,
    /// `reference.docx` in the user's folder, the Word document's house style.
    reference_docx: Option<PathBuf>,
}

/// The file name of the Word reference document in a templates folder.
pub const REFERENCE_DOCX: &str = "reference.docx";

#[derive(Debug, Clone)]
struct Source {
    name: &'static str,
    text: Cow<'static, str>,
    /// The user's file, when it replaced the built-in.
    path: Option<PathBuf>,
}

impl Templates {
    /// The built-in templates only.
    pub fn built_in() -> Templates {
        Templates {
            sources: BUILT_IN
                .iter()
                .map(|(name, text)| Source {
                    name,
                    text: Cow::Borrowed(text),
                    path: None,
                })
                .collect(),
            reference_docx: None,
        }
    }

    /// The folder's `reference.docx`, when it has one: the Word document's house style.
    pub fn reference_docx(&self) -> Option<&Path> {
        self.reference_docx.as_deref()
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
        for source in &mut templates.sources {
            let path = dir.join(source.name);
            if !path.exists() {
                continue;
            }
            let text = crate::files::read_text(&path)
                .map_err(|e| anyhow::anyhow!("cannot read template `{}`: {e}", path.display()))?;
            source.text = Cow::Owned(text);
            source.path = Some(path);
        }
        for name in templates.overridden_names() {
            templates.tera_for(name)?;
        }
        let reference = dir.join(REFERENCE_DOCX);
        if reference.is_file() {
            templates.reference_docx = Some(reference);
        }
        Ok(templates)
    }

    /// The user's files that replaced built-ins.
    pub fn overridden(&self) -> Vec<&Path> {
        self.sources
            .iter()
            .filter_map(|s| s.path.as_deref())
            .collect()
    }

    fn overridden_names(&self) -> Vec<&'static str> {
        self.sources
            .iter()
            .filter(|s| s.path.is_some())
            .map(|s| s.name)
            .collect()
    }

    /// A tera with `name` and every template it names (`extends`, `include`, `import`), parents
    /// first so that tera can link them as each is added.
    ///
    /// A built-in template is not parsed: its tree was made when thinkkit was built (see
    /// [`super::tera_ast`]).
    fn tera_for(&self, name: &str) -> anyhow::Result<Tera> {
        if !self.untrusted(name) {
            // The built-in templates are checked by the tests and nest about ten deep.
            return self.tera_for_here(name);
        }
        // tera's parser recurses on a template's nesting: a thread with room to, after a check
        // that the nesting is one a document could need.
        limits::on_big_stack(|| self.tera_for_here(name))
    }

    /// Whether `name`, or a template it names, is the user's file rather than a built-in: only
    /// then can the set nest, loop or grow without bound, and only then does a render need the
    /// guards of [`limits`] (a worker thread costs a second memory arena, which a built-in
    /// render does not need to pay).
    fn untrusted(&self, name: &str) -> bool {
        if self.sources.iter().all(|s| s.path.is_none()) {
            return false;
        }
        let mut order = Vec::new();
        self.dependencies(name, &mut order);
        order.iter().any(|s| s.path.is_some())
    }

    fn tera_for_here(&self, name: &str) -> anyhow::Result<Tera> {
        let mut order: Vec<&Source> = Vec::new();
        self.dependencies(name, &mut order);
        let mut tera = new_tera();
        for source in &order {
            if let Some(path) = &source.path
                && let Err((line, col, e)) = limits::check_nesting(&source.text)
            {
                anyhow::bail!("{}:{line}:{col}: {e}", path.display());
            }
            let prebuilt = match source.path {
                None => super::tera_ast::decode(PARSED, source.name),
                Some(_) => None,
            };
            let added = match prebuilt {
                // What `add_raw_template` does after parsing, so that a set mixing the user's
                // templates with built-in ones fails at the same template with the same words.
                Some(template) => {
                    tera.templates.insert(source.name.to_owned(), template);
                    tera.build_inheritance_chains()
                        .and_then(|()| tera.check_macro_files())
                }
                None => tera.add_raw_template(source.name, &source.text),
            };
            added.map_err(|e| match &source.path {
                Some(path) => syntax_error(path, &e),
                None => anyhow::anyhow!("built-in template `{}`: {e}", source.name),
            })?;
        }
        let names: Vec<&str> = order.iter().map(|s| s.name).collect();
        limits::check_recursion(&tera, &names).map_err(|(name, e)| {
            match self
                .sources
                .iter()
                .find(|s| s.name == name)
                .and_then(|s| s.path.as_ref())
            {
                Some(path) => anyhow::anyhow!("{}: {e}", path.display()),
                None => anyhow::anyhow!("built-in template `{name}`: {e}"),
            }
        })?;
        Ok(tera)
    }

    fn dependencies<'a>(&'a self, name: &str, order: &mut Vec<&'a Source>) {
        let Some(source) = self.sources.iter().find(|s| s.name == name) else {
            return;
        };
        if order.iter().any(|s| s.name == name) {
            return;
        }
        // Mark it before visiting the templates it names, so that a cycle ends here (and tera
        // then reports it).
        order.push(source);
        let at = order.len() - 1;
        for other in &self.sources {
            let named = [format!("\"{}\"", other.name), format!("'{}'", other.name)];
            if other.name != name && named.iter().any(|n| source.text.contains(n.as_str())) {
                self.dependencies(other.name, order);
            }
        }
        // Parents before children.
        let me = order.remove(at);
        order.push(me);
    }

    /// The built-in template `name` and the built-in templates it extends, nearest first, as
    /// [`super::direct`] walks them; `None` when one of them is the user's or is missing, or the
    /// chain goes round (tera then says so).
    fn built_in_chain(&self, name: &str) -> Option<Vec<tera::Template>> {
        let mut chain: Vec<tera::Template> = Vec::new();
        let mut next = Some(name.to_owned());
        while let Some(name) = next {
            if chain.iter().any(|t| t.name == name) {
                return None;
            }
            self.sources
                .iter()
                .find(|s| s.name == name && s.path.is_none())?;
            let template = super::tera_ast::decode(PARSED, &name)?;
            next = template.parent.clone();
            chain.push(template);
        }
        Some(chain)
    }

    /// Render the template `name` with `context`.
    pub fn render<T: Serialize>(&self, name: &str, context: &T) -> anyhow::Result<String> {
        self.prepare(name)?.render(context)
    }

    /// Parse the template `name` now, to render later (parsing is most of a render's cost).
    ///
    /// A built-in template, and the built-in templates it extends, are rendered by walking
    /// their trees ([`super::direct`]); tera's set for them is made only when the walk leaves
    /// it to tera.
    pub fn prepare(&self, name: &str) -> anyhow::Result<Prepared<'_>> {
        let guarded = self.untrusted(name);
        let direct = if guarded {
            None
        } else {
            self.built_in_chain(name)
        };
        let tera = OnceLock::new();
        if direct.is_none() {
            let _ = tera.set(Arc::new(self.tera_for(name)?));
        }
        Ok(Prepared {
            templates: self,
            name: name.to_owned(),
            tera,
            direct,
            guarded,
        })
    }
}

/// A template parsed and ready to render (see [`Templates::prepare`]).
#[derive(Debug)]
pub struct Prepared<'a> {
    templates: &'a Templates,
    name: String,
    /// tera's set of the template and those it names, made when needed.
    tera: OnceLock<Arc<Tera>>,
    /// The template's tree and those of the templates it extends, nearest first, when
    /// [`super::direct`] may render it.
    direct: Option<Vec<tera::Template>>,
    /// Whether the render runs under [`limits::with_limits`] (a user's template is in the set).
    guarded: bool,
}

impl Drop for Prepared<'_> {
    fn drop(&mut self) {
        super::discard(self.direct.take());
        super::discard(self.tera.take());
    }
}

impl Prepared<'_> {
    /// tera's set for the template.
    fn tera(&self) -> anyhow::Result<&Arc<Tera>> {
        if let Some(tera) = self.tera.get() {
            return Ok(tera);
        }
        let tera = Arc::new(self.templates.tera_for(&self.name)?);
        Ok(self.tera.get_or_init(|| tera))
    }

    /// Render the template with `context`.
    pub fn render<T: Serialize>(&self, context: &T) -> anyhow::Result<String> {
        let data = tera::to_value(context)
            .map_err(tera::Error::json)
            .context("cannot pass the document's data to the templates")?;
        self.render_value(data)
    }

    /// Render the template with the document's data made already (a page moves its HTML into
    /// the data rather than have it copied).
    pub fn render_value(&self, data: tera::Value) -> anyhow::Result<String> {
        let name = self.name.as_str();
        if let Some(template) = &self.direct
            && let Some(rendered) = super::direct::render(template, escapes(name), &data)
        {
            super::discard(data);
            return Ok(rendered);
        }
        let context = tera::Context::from_value(data)
            .context("cannot pass the document's data to the templates")?;
        let tera = self.tera()?;
        let rendered = if self.guarded {
            // On a worker thread with a time limit: a user's template is a small program that
            // can loop for ever (see [`limits`]).
            let (tera, owned_name) = (Arc::clone(tera), name.to_owned());
            limits::with_limits(
                &format!("template `{name}`"),
                limits::RENDER_TIME_LIMIT,
                limits::RENDER_MEMORY_LIMIT,
                move || Ok(tera.render(&owned_name, &context)),
            )?
        } else {
            // The built-in templates loop only over the document's data, which the plan's
            // limits bound (`crate::limits`).
            tera.render(name, &context)
        };
        rendered.map_err(|e| {
            // tera's own message names the template; its cause says what failed. tera does not
            // say where, so the place is found from what the message names (see `locate`).
            let mut detail = String::new();
            let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(&e);
            while let Some(c) = cause {
                if !detail.is_empty() {
                    detail.push_str(": ");
                }
                detail.push_str(&c.to_string());
                cause = c.source();
            }
            if detail.is_empty() {
                detail = e.to_string();
            }
            // The template that failed may be one this one extends or includes.
            let failing = between(&detail, "while rendering '", "'").unwrap_or(name);
            let source = self.templates.sources.iter().find(|s| s.name == failing);
            let shown = source.and_then(|s| s.path.as_ref()).map_or_else(
                || format!("built-in template `{failing}`"),
                |p| p.display().to_string(),
            );
            let place = source
                .and_then(|s| locate(&s.text, &detail))
                .map(|(line, col)| format!(":{line}:{col}"))
                .unwrap_or_default();
            anyhow::anyhow!("{shown}{place}: cannot render template `{failing}`: {detail}")
        })
    }
}

#[cfg(test)]
impl Prepared<'_> {
    /// The template rendered by tera, and by [`super::direct`] when it can.
    pub(super) fn render_both<T: Serialize>(&self, context: &T) -> (String, Option<String>) {
        let data = tera::to_value(context).unwrap();
        let direct = self
            .direct
            .as_ref()
            .and_then(|t| super::direct::render(t, escapes(&self.name), &data));
        let context = tera::Context::from_value(data).unwrap();
        let tera = self.tera().unwrap();
        (tera.render(&self.name, &context).unwrap(), direct)
    }
}

/// The text between `start` and the next `end` in `text`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let from = text.find(start)? + start.len();
    let len = text[from..].find(end)?;
    Some(&text[from..from + len])
}

/// Where in `template` a render error happened, as (line, column), 1-based: tera names the
/// variable, filter, function or loop that failed but not where, so this finds its first use
/// inside a `{{ }}` or `{% %}` tag (a template that uses it twice is pointed at the first).
fn locate(template: &str, detail: &str) -> Option<(usize, usize)> {
    let needle: String = if let Some(v) = between(detail, "Variable `", "`") {
        v.to_owned()
    } else if let Some(f) = between(detail, "Filter call '", "'") {
        f.to_owned()
    } else if let Some(f) = between(detail, "Function call '", "'") {
        format!("{f}(")
    } else if let Some(c) = between(detail, "container (`", "`)") {
        c.to_owned()
    } else {
        between(detail, "`", "`")?.to_owned()
    };
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let mut at = 0;
    while let Some(open) = template[at..].find(['{']).map(|i| at + i) {
        let rest = &template[open..];
        let close = if rest.starts_with("{{") {
            rest.find("}}")
        } else if rest.starts_with("{%") {
            rest.find("%}")
        } else if rest.starts_with("{#") {
            // A comment names nothing.
            at = open + rest.find("#}").unwrap_or(rest.len() - 1) + 1;
            continue;
        } else {
            at = open + 1;
            continue;
        };
        let Some(close) = close else { break };
        let tag = &rest[..close];
        let mut from = 0;
        while let Some(i) = tag[from..].find(needle.as_str()).map(|i| from + i) {
            let before = tag[..i].chars().next_back();
            let after = tag[i + needle.len()..].chars().next();
            let whole = before.is_none_or(|c| !is_word(c))
                && (needle.ends_with('(') || after.is_none_or(|c| !is_word(c)));
            if whole {
                let offset = open + i;
                let line = template[..offset].matches('\n').count() + 1;
                let line_start = template[..offset].rfind('\n').map_or(0, |n| n + 1);
                let col = template[line_start..offset].chars().count() + 1;
                return Some((line, col));
            }
            from = i + needle.len();
        }
        at = open + close + 2;
    }
    None
}

/// Whether tera escapes for HTML what a template `name` writes (as [`new_tera`] sets it up).
pub(super) fn escapes(name: &str) -> bool {
    name.ends_with(AUTOESCAPED)
}

const AUTOESCAPED: &str = ".html.tera";

pub(super) fn new_tera() -> Tera {
    let mut tera = Tera::default();
    // Markdown templates escape with the `md` filters; HTML ones are escaped by tera.
    tera.autoescape_on(vec![AUTOESCAPED]);
    tera.register_filter("md", filter(markdown::escape_inline));
    tera.register_filter("md_block", filter(markdown::escape_block));
    tera.register_filter("md_code", filter(markdown::escape_with_code));
    tera.register_filter("md_link", filter(md_link));
    tera.register_filter("md_sentence", md_sentence);
    tera.register_filter("markdown", filter(html::fragment));
    tera.register_filter("css_string", filter(html::css_string));
    limits::register(&mut tera);
    tera
}

/// A tera filter from a text function; numbers are accepted as their text, nothing as "".
fn filter(
    f: fn(&str) -> String,
) -> impl Fn(&Value, &HashMap<String, Value>) -> tera::Result<Value> + Sync + Send {
    move |value: &Value, _args: &HashMap<String, Value>| filter_text(value, f).map(Value::String)
}

/// What the filter of `f` makes of `value` (see [`filter`]).
pub(super) fn filter_text(value: &Value, f: fn(&str) -> String) -> tera::Result<String> {
    Ok(match value {
        Value::String(s) => f(s),
        Value::Number(n) => f(&n.to_string()),
        Value::Bool(b) => f(&b.to_string()),
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => {
            return Err(tera::Error::msg(
                "this filter takes text; use a `for` loop or `join` for a list",
            ));
        }
    })
}

/// A sentence of the strategy's prose (a component's `segments`) as one line of Markdown: see
/// [`markdown::escape_pieces`].
pub(super) fn md_sentence(value: &Value, _args: &HashMap<String, Value>) -> tera::Result<Value> {
    let Value::Array(items) = value else {
        return Err(tera::Error::msg(
            "`md_sentence` takes a paragraph's `segments`",
        ));
    };
    let pieces: Vec<(String, bool)> = items
        .iter()
        .map(|s| {
            (
                s.get("text")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                s.get("open").and_then(Value::as_bool).unwrap_or(false),
            )
        })
        .collect();
    Ok(Value::String(markdown::escape_pieces(&pieces)))
}

/// A web address as a Markdown autolink when it is one (http, https, mailto), else as text.
pub(super) fn md_link(url: &str) -> String {
    let url = url.trim();
    if markdown::link_allowed(url)
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

/// Write the built-in templates and the built-in Word reference document to `dir` (created if
/// missing). Existing files are kept unless `force`: then nothing is written and the error
/// names them. Returns the files written.
pub fn export(dir: &Path, force: bool) -> anyhow::Result<Vec<PathBuf>> {
    let reference = super::docx::reference_document()?;
    let mut targets: Vec<(PathBuf, &[u8])> = BUILT_IN
        .iter()
        .map(|(name, text)| (dir.join(name), text.as_bytes()))
        .collect();
    targets.push((dir.join(REFERENCE_DOCX), &reference));
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
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut written = Vec::new();
    for (path, bytes) in targets {
        crate::plan::store::write_atomic(&path, bytes)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_parses_with_what_it_extends() {
        let t = Templates::built_in();
        for (name, _) in BUILT_IN {
            t.tera_for(name).unwrap();
        }
        let mut order = Vec::new();
        t.dependencies("cards.html.tera", &mut order);
        let names: Vec<_> = order.iter().map(|s| s.name).collect();
        assert_eq!(names, ["page.html.tera", "cards.html.tera"]);
    }

    #[test]
    fn each_built_in_template_is_read_as_tera_parses_it() {
        for (name, text) in BUILT_IN {
            let parsed = tera::Template::new(name, None, text).unwrap();
            let read = super::super::tera_ast::decode(PARSED, name)
                .unwrap_or_else(|| panic!("`{name}` was not parsed at build time"));
            assert_eq!(
                read.ast, parsed.ast,
                "{name}: rebuild, the parsed form is stale"
            );
            assert_eq!(read.macros, parsed.macros, "{name}");
            assert_eq!(read.blocks, parsed.blocks, "{name}");
            assert_eq!(read.parent, parsed.parent, "{name}");
            assert_eq!(
                read.imported_macro_files, parsed.imported_macro_files,
                "{name}"
            );
            assert_eq!(
                (&read.name, &read.path, read.from_extend),
                (&parsed.name, &parsed.path, parsed.from_extend),
                "{name}"
            );
            assert_eq!(read.parents, parsed.parents, "{name}");
            assert_eq!(read.blocks_definitions, parsed.blocks_definitions, "{name}");
        }
    }

    #[test]
    fn render_errors_are_located_at_the_first_use_of_what_failed() {
        let t = "# Title\n{# a.idx here is a comment #}\n{% for a in components %}\n- {{ a.id }} {{ a.idx | md }}\n{% endfor %}\n";
        let detail = "Variable `a.idx` not found in context while rendering 'strategy.md.tera'";
        assert_eq!(locate(t, detail), Some((4, 17)));
        // `a.id` is not `a.idx`: a whole path is matched.
        assert_eq!(locate("{{ a.idx }}", "Variable `a.id` not found"), None);
        let filter = "Filter call 'md' failed: this filter takes text";
        assert_eq!(locate("x\n  {{ c.items | md }}", filter), Some((2, 16)));
        assert_eq!(
            locate(
                "{% for x in range(end=n) %}",
                "Function call 'range' failed"
            ),
            Some((1, 13))
        );
    }

    #[test]
    fn web_addresses_become_autolinks_only_when_safe() {
        assert_eq!(md_link("https://example.org/a"), "<https://example.org/a>");
        assert_eq!(md_link("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(md_link("https://x.org/<b>"), "https://x.org/\\<b\\>");
    }
}
