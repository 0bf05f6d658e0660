//! Bounded work for templates, which people share like kits and which are small programs.
//!
//! tera has no limits of its own on what a template does when it runs. A template that includes
//! itself, two that include each other, or a macro that calls itself would recurse until the
//! stack overflows and the process aborts; `range(end=100000000)` builds a list of a hundred
//! million numbers; nested loops can run for hours. So, before a template set is used:
//!
//! - [`check_recursion`] walks the parsed templates and refuses any cycle of `include`,
//!   `extends` and macro calls, naming it (recursion is never needed here: a document is made by
//!   looping over the plan's data, which has no cycles);
//! - [`register`] replaces tera's `range` with one that makes at most [`MAX_RANGE_ITEMS`] numbers
//!   in one render, all calls together, and `get_env` with one that refuses (a shared template
//!   must not copy the environment, which can hold secrets, into a document);
//! - [`with_limits`] runs the render on a worker thread and gives up after a time or an
//!   amount of memory no real document comes near, so a template that loops too much, or makes
//!   text without end, ends with an error instead of a hang or the system killing thinkkit.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tera::ast::{Expr, ExprVal, Node};
use tera::{Tera, Value};

/// Most numbers `range` makes in one render, over all its calls.
pub const MAX_RANGE_ITEMS: usize = 100_000;

/// Longest a render with a user's template may take. Real documents take milliseconds; ten
/// seconds is far beyond any of them and short enough that nobody waits on a runaway loop.
pub const RENDER_TIME_LIMIT: Duration = Duration::from_secs(10);

/// Replace tera's `range` and `get_env` with bounded versions (see the module documentation).
pub fn register(tera: &mut Tera) {
    let made = Arc::new(AtomicUsize::new(0));
    tera.register_function(
        "range",
        move |args: &HashMap<String, Value>| -> tera::Result<Value> { range(args, &made) },
    );
    tera.register_function(
        "get_env",
        |_: &HashMap<String, Value>| -> tera::Result<Value> {
            Err(tera::Error::msg(
                "templates cannot read environment variables: a document must not carry them",
            ))
        },
    );
}

/// The `range` of a template: the numbers from `start` (0 when not given) up to `end`, not
/// including it, `step_by` apart (1 when not given). `made` counts the numbers made so far for
/// this document: at most [`MAX_RANGE_ITEMS`] in all.
pub(crate) fn range(args: &HashMap<String, Value>, made: &AtomicUsize) -> tera::Result<Value> {
    let arg = |name: &str, default: Option<u64>| -> tera::Result<u64> {
        match args.get(name) {
            Some(v) => v.as_u64().ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` needs `{name}` to be a whole number of 0 or more, not {v}"
                ))
            }),
            None => default.ok_or_else(|| tera::Error::msg("`range` needs an `end`")),
        }
    };
    let (start, end, step) = (
        arg("start", Some(0))?,
        arg("end", None)?,
        arg("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(tera::Error::msg("`range` needs a `step_by` of at least 1"));
    }
    if start > end {
        return Err(tera::Error::msg(
            "`range` needs `start` no greater than `end`",
        ));
    }
    let count = usize::try_from((end - start).div_ceil(step)).unwrap_or(usize::MAX);
    let total = made
        .fetch_add(count, Ordering::Relaxed)
        .saturating_add(count);
    if total > MAX_RANGE_ITEMS {
        return Err(tera::Error::msg(format!(
            "`range` would make {total} numbers in this document, more than the {MAX_RANGE_ITEMS} a template may make; loop over the document's data instead"
        )));
    }
    let step = usize::try_from(step).unwrap_or(usize::MAX);
    Ok(Value::Array(
        (start..end).step_by(step).map(Value::from).collect(),
    ))
}

/// Run `render` on a worker thread, stopping it after `limit` or once the process holds more
/// than `memory` bytes; `what` names the document in the error.
pub fn with_limits<T: Send + 'static>(
    what: &str,
    limit: Duration,
    memory: usize,
    render: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("render".to_owned())
        // As much stack as the main thread has and more: tera recurses on a template's nesting.
        .stack_size(64 * 1024 * 1024)
        .spawn(move || {
            let _ = tx.send(render());
        })?;
    let start = std::time::Instant::now();
    // The worker is left behind when it is stopped; it ends with the process, which ends with
    // the error returned here.
    loop {
        match rx.recv_timeout(POLL) {
            Ok(result) => return result,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(anyhow::anyhow!("rendering {what} stopped unexpectedly"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if start.elapsed() >= limit {
            return Err(anyhow::anyhow!(
                "rendering {what} took more than {} seconds, so it was stopped; a template loops too much (nested `for` loops, or a loop over `range`)",
                limit.as_secs()
            ));
        }
        if resident_bytes().is_some_and(|b| b > memory) {
            return Err(anyhow::anyhow!(
                "rendering {what} took more than {} of memory, so it was stopped; a template makes text without end (a value that doubles in a loop)",
                crate::files::size_text(memory)
            ));
        }
    }
}

/// How often a render is looked at.
const POLL: Duration = Duration::from_millis(10);

/// Most memory a process rendering a document may hold. A real document needs a few tens of
/// megabytes; tera has no limit of its own on the text a template makes.
pub const RENDER_MEMORY_LIMIT: usize = 2 * 1024 * 1024 * 1024;

/// The memory the process holds now, where the system says (Linux: `/proc/self/statm`, in
/// pages, taken to be 4 KiB).
fn resident_bytes() -> Option<usize> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: usize = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages.saturating_mul(4096))
}

/// Deepest nesting a template may have: blocks (`if`, `for`, `block`, `macro`, `filter`) inside
/// one another, and brackets inside one tag, together. The built-in templates need about ten.
pub const MAX_NESTING: usize = 100;

/// Refuse a template nested deeper than [`MAX_NESTING`], before tera's parser (which recurses
/// on it) sees it. The error is the 1-based line and column where the limit is passed.
pub fn check_nesting(text: &str) -> Result<(), (usize, usize, String)> {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (1usize, 0usize);
    let mut blocks = 0usize;
    let mut i = 0;
    let place =
        |i: usize, line: usize, line_start: usize| (line, text[line_start..i].chars().count() + 1);
    let too_deep = |i: usize, line: usize, line_start: usize| {
        let (l, c) = place(i, line, line_start);
        Err((
            l,
            c,
            format!(
                "the template nests more than {MAX_NESTING} levels deep here; templates need only a few"
            ),
        ))
    };
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            line += 1;
            line_start = i + 1;
            i += 1;
            continue;
        }
        let opens = bytes[i] == b'{' && matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#'));
        if !opens {
            i += 1;
            continue;
        }
        let kind = bytes[i + 1];
        let close: &[u8] = match kind {
            b'{' => b"}}",
            b'%' => b"%}",
            _ => b"#}",
        };
        let body_start = i + 2;
        let Some(len) = text[body_start..].find(std::str::from_utf8(close).unwrap_or("}}")) else {
            // An unclosed tag: tera reports it, at its own place.
            return Ok(());
        };
        let body = &text[body_start..body_start + len];
        if kind == b'%' {
            let word = body
                .trim_start_matches(['-', ' ', '\t', '\r', '\n'])
                .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                .next()
                .unwrap_or("");
            match word {
                "if" | "for" | "block" | "macro" | "filter" => blocks += 1,
                "raw" => {
                    // Nothing in a raw block is parsed: skip to its end.
                    let rest = &text[body_start + len..];
                    let end = rest
                        .find("endraw")
                        .map_or(text.len(), |e| body_start + len + e);
                    for (k, b) in bytes[i..end].iter().enumerate() {
                        if *b == b'\n' {
                            line += 1;
                            line_start = i + k + 1;
                        }
                    }
                    i = end;
                    continue;
                }
                w if w.starts_with("end") => blocks = blocks.saturating_sub(1),
                _ => {}
            }
        }
        if blocks > MAX_NESTING {
            return too_deep(i, line, line_start);
        }
        if kind != b'#' {
            let mut depth = 0usize;
            for (k, c) in body.bytes().enumerate() {
                match c {
                    b'(' | b'[' | b'{' => depth += 1,
                    b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                if blocks + depth > MAX_NESTING {
                    return too_deep(body_start + k, line, line_start);
                }
            }
        }
        // Count the lines inside the tag.
        for (k, b) in bytes[i..body_start + len].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = i + k + 1;
            }
        }
        i = body_start + len + 2;
    }
    Ok(())
}

/// Run `f` on a thread with a large stack, for work that recurses on the depth of user input.
pub fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("templates".to_owned())
            .stack_size(256 * 1024 * 1024)
            .spawn_scoped(scope, f)
        {
            Ok(handle) => match handle.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            },
            Err(e) => panic!("cannot start a thread to parse the templates: {e}"),
        }
    })
}

/// Something that runs: a whole template, or one macro of one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Unit {
    Template(String),
    Macro(String, String),
}

impl Unit {
    fn describe(&self) -> String {
        match self {
            Unit::Template(t) => format!("`{t}`"),
            Unit::Macro(t, m) => format!("macro `{m}` of `{t}`"),
        }
    }
}

/// Refuse a cycle of includes, extends and macro calls among the templates `names` of `tera`.
/// The error is the name of the template the cycle starts in, and what is wrong.
pub fn check_recursion(tera: &Tera, names: &[&str]) -> Result<(), (String, String)> {
    let mut edges: BTreeMap<Unit, Vec<(Unit, &'static str)>> = BTreeMap::new();
    for name in names {
        let Ok(t) = tera.get_template(name) else {
            continue;
        };
        let namespaces: HashMap<&str, &str> = t
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let resolve = |ns: &str| -> String {
            if ns == "self" {
                t.name.clone()
            } else {
                namespaces
                    .get(ns)
                    .map_or_else(|| ns.to_owned(), |f| (*f).to_owned())
            }
        };
        let me = Unit::Template(t.name.clone());
        let mut out = Vec::new();
        if let Some(parent) = &t.parent {
            out.push((Unit::Template(parent.clone()), "extends"));
        }
        calls(&t.ast, &resolve, &mut out);
        edges.entry(me).or_default().extend(out);
        for (macro_name, def) in &t.macros {
            let mut out = Vec::new();
            calls(&def.body, &resolve, &mut out);
            edges
                .entry(Unit::Macro(t.name.clone(), macro_name.clone()))
                .or_default()
                .extend(out);
        }
    }
    match find_cycle(&edges) {
        None => Ok(()),
        Some(cycle) => {
            let path: Vec<String> = cycle
                .iter()
                .map(|(u, how)| match how {
                    Some(how) => format!("{} {how}", u.describe()),
                    None => u.describe(),
                })
                .collect();
            let first = &cycle[0].0;
            let file = match first {
                Unit::Template(t) | Unit::Macro(t, _) => t.clone(),
            };
            let what = if cycle.len() == 2 {
                match first {
                    Unit::Template(_) => format!("{} includes itself", first.describe()),
                    Unit::Macro(..) => format!("{} calls itself", first.describe()),
                }
            } else {
                "templates call each other in a circle".to_owned()
            };
            Err((
                file,
                format!(
                    "{what}: {}; a template that recurses never finishes, so it is refused\n  help: loop over the document's data with `for` instead of recursing",
                    path.join(" ")
                ),
            ))
        }
    }
}

/// A cycle in `edges`, as the units along it with how each reaches the next; the first unit
/// is repeated at the end.
fn find_cycle(
    edges: &BTreeMap<Unit, Vec<(Unit, &'static str)>>,
) -> Option<Vec<(Unit, Option<&'static str>)>> {
    // Iterative depth-first search (the graph comes from user files: no recursion here either).
    let mut done: HashSet<&Unit> = HashSet::new();
    for start in edges.keys() {
        if done.contains(start) {
            continue;
        }
        let mut stack: Vec<(&Unit, usize)> = vec![(start, 0)];
        let mut on_stack: HashSet<&Unit> = HashSet::from([start]);
        while let Some((unit, next)) = stack.last_mut() {
            let out = edges.get(*unit).map_or(&[][..], Vec::as_slice);
            if *next >= out.len() {
                on_stack.remove(*unit);
                done.insert(*unit);
                stack.pop();
                continue;
            }
            let (to, _) = &out[*next];
            *next += 1;
            if on_stack.contains(to) {
                let from = stack.iter().position(|(u, _)| *u == to).unwrap_or(0);
                let mut cycle: Vec<(Unit, Option<&'static str>)> = stack[from..]
                    .iter()
                    .map(|(u, i)| {
                        let how = edges.get(*u).and_then(|e| e.get(i - 1)).map(|(_, h)| *h);
                        ((*u).clone(), how)
                    })
                    .collect();
                cycle.push((to.clone(), None));
                return Some(cycle);
            }
            if !done.contains(to) {
                on_stack.insert(to);
                stack.push((to, 0));
            }
        }
    }
    None
}

/// The includes and macro calls in `nodes` (not inside macro definitions, which are units of
/// their own).
fn calls(nodes: &[Node], resolve: &dyn Fn(&str) -> String, out: &mut Vec<(Unit, &'static str)>) {
    // An explicit stack of node lists: templates are user input, so no recursion on their depth.
    let mut lists: Vec<&[Node]> = vec![nodes];
    let mut exprs: Vec<&Expr> = Vec::new();
    while let Some(list) = lists.pop() {
        for node in list {
            match node {
                Node::Include(_, names, _) => {
                    out.extend(
                        names
                            .iter()
                            .map(|n| (Unit::Template(n.clone()), "includes")),
                    );
                }
                Node::VariableBlock(_, e) => exprs.push(e),
                Node::Set(_, s) => exprs.push(&s.value),
                Node::FilterSection(_, f, _) => {
                    exprs.extend(f.filter.args.values());
                    lists.push(&f.body);
                }
                Node::Block(_, b, _) => lists.push(&b.body),
                Node::Forloop(_, f, _) => {
                    exprs.push(&f.container);
                    lists.push(&f.body);
                    if let Some(empty) = &f.empty_body {
                        lists.push(empty);
                    }
                }
                Node::If(i, _) => {
                    for (_, cond, body) in &i.conditions {
                        exprs.push(cond);
                        lists.push(body);
                    }
                    if let Some((_, body)) = &i.otherwise {
                        lists.push(body);
                    }
                }
                Node::MacroDefinition(..)
                | Node::Super
                | Node::Text(_)
                | Node::Extends(..)
                | Node::ImportMacro(..)
                | Node::Raw(..)
                | Node::Break(_)
                | Node::Continue(_)
                | Node::Comment(..) => {}
            }
        }
        while let Some(e) = exprs.pop() {
            for f in &e.filters {
                exprs.extend(f.args.values());
            }
            match &e.val {
                ExprVal::MacroCall(m) => {
                    out.push((Unit::Macro(resolve(&m.namespace), m.name.clone()), "calls"));
                    exprs.extend(m.args.values());
                }
                ExprVal::FunctionCall(f) => exprs.extend(f.args.values()),
                ExprVal::Math(m) => exprs.extend([&*m.lhs, &*m.rhs]),
                ExprVal::Logic(l) => exprs.extend([&*l.lhs, &*l.rhs]),
                ExprVal::In(i) => exprs.extend([&*i.lhs, &*i.rhs]),
                ExprVal::Test(t) => exprs.extend(t.args.iter()),
                ExprVal::Array(items) => exprs.extend(items.iter()),
                ExprVal::StringConcat(_)
                | ExprVal::String(_)
                | ExprVal::Int(_)
                | ExprVal::Float(_)
                | ExprVal::Bool(_)
                | ExprVal::Ident(_) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(templates: &[(&str, &str)]) -> Result<(), String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        let names: Vec<&str> = templates.iter().map(|(n, _)| *n).collect();
        check_recursion(&tera, &names).map_err(|(_, e)| e)
    }

    #[test]
    fn a_template_that_includes_itself_is_refused() {
        let err = check(&[("a.md", "x {% include \"a.md\" %}")]).unwrap_err();
        assert!(
            err.starts_with("`a.md` includes itself: `a.md` includes `a.md`;"),
            "{err}"
        );
    }

    #[test]
    fn templates_that_include_each_other_are_refused() {
        let err = check(&[
            ("a.md", "{% if x %}{% include \"b.md\" %}{% endif %}"),
            ("b.md", "{% for i in y %}{% include \"a.md\" %}{% endfor %}"),
        ])
        .unwrap_err();
        assert!(
            err.contains("in a circle: `a.md` includes `b.md` includes `a.md`"),
            "{err}"
        );
    }

    #[test]
    fn a_macro_that_calls_itself_or_another_in_a_circle_is_refused() {
        let err = check(&[(
            "m.md",
            "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}{{ self::f(n=1) }}",
        )])
        .unwrap_err();
        assert!(err.starts_with("macro `f` of `m.md` calls itself"), "{err}");
        let err = check(&[
            (
                "lib.md",
                "{% macro f() %}{{ self::g() | upper }}{% endmacro f %}{% macro g() %}{% if true %}{{ self::f() }}{% endif %}{% endmacro g %}",
            ),
            ("doc.md", "{% import \"lib.md\" as lib %}{{ lib::f() }}"),
        ])
        .unwrap_err();
        assert!(
            err.contains("macro `f` of `lib.md` calls macro `g` of `lib.md` calls"),
            "{err}"
        );
    }

    #[test]
    fn ordinary_includes_macros_and_inheritance_pass() {
        check(&[
            ("base.md", "{% block body %}{% endblock body %}{% include \"part.md\" %}"),
            ("part.md", "part"),
            (
                "lib.md",
                "{% macro f(n) %}{{ self::g(n=n) }}{% endmacro f %}{% macro g(n) %}{{ n }}{% endmacro g %}",
            ),
            (
                "doc.md",
                "{% extends \"base.md\" %}{% import \"lib.md\" as lib %}{% block body %}{{ lib::f(n=1) }}{% endblock body %}",
            ),
        ])
        .unwrap();
    }

    #[test]
    fn templates_nested_beyond_reason_are_refused_at_their_place() {
        let deep = format!(
            "# x\n{}y{}",
            "{% if true %}".repeat(101),
            "{% endif %}".repeat(101)
        );
        let (line, col, e) = check_nesting(&deep).unwrap_err();
        assert_eq!((line, col), (2, 1 + 13 * 100), "{e}");
        let parens = format!("{{{{ {}1{} }}}}", "(".repeat(150), ")".repeat(150));
        assert!(check_nesting(&parens).is_err());
        let fine = format!(
            "{}y{}",
            "{% if true %}".repeat(50),
            "{% endif %}".repeat(50)
        );
        check_nesting(&fine).unwrap();
        check_nesting("{% raw %}{% if %}{% if %}{% endraw %} {# ((( #} {{ 'a' }}").unwrap();
        for (_, text) in crate::render::templates::BUILT_IN {
            check_nesting(text).unwrap();
        }
    }

    fn render(template: &str) -> Result<String, String> {
        let mut tera = Tera::default();
        register(&mut tera);
        tera.add_raw_template("t", template).unwrap();
        tera.render("t", &tera::Context::new()).map_err(|e| {
            let mut msg = e.to_string();
            let mut cause = std::error::Error::source(&e);
            while let Some(c) = cause {
                msg.push_str(&format!(": {c}"));
                cause = c.source();
            }
            msg
        })
    }

    #[test]
    fn range_is_bounded_over_a_whole_render_and_get_env_is_refused() {
        assert_eq!(
            render("{% for i in range(start=1, end=10, step_by=3) %}{{ i }}{% endfor %}").unwrap(),
            "147"
        );
        let err = render("{% for i in range(end=100000000) %}x{% endfor %}").unwrap_err();
        assert!(err.contains("more than the 100000"), "{err}");
        let err = render(
            "{% for i in range(end=1000) %}{% for j in range(end=1000) %}{% endfor %}{% endfor %}",
        )
        .unwrap_err();
        assert!(err.contains("more than the 100000"), "{err}");
        let err = render("{{ get_env(name=\"HOME\") }}").unwrap_err();
        assert!(err.contains("cannot read environment variables"), "{err}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_memory_a_process_holds_is_known() {
        let held = resident_bytes().unwrap();
        assert!(held > 1024 * 1024 && held < RENDER_MEMORY_LIMIT, "{held}");
    }

    #[test]
    fn a_render_past_its_time_limit_is_stopped_with_an_error() {
        let err = with_limits("the test", Duration::from_millis(50), usize::MAX, || {
            std::thread::sleep(Duration::from_secs(5));
            Ok(())
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("took more than 0 seconds"),
            "{err}"
        );
        assert_eq!(
            with_limits("x", Duration::from_secs(5), usize::MAX, || Ok(3)).unwrap(),
            3
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_render_that_takes_too_much_memory_is_stopped_with_an_error() {
        let limit = resident_bytes().unwrap() + 64 * 1024 * 1024;
        let err = with_limits("the test", Duration::from_secs(30), limit, || {
            // Grows until stopped (and gives up well short of anything that would hurt).
            let mut held: Vec<Vec<u8>> = Vec::new();
            for _ in 0..64 {
                held.push(vec![1u8; 8 * 1024 * 1024]);
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(held.len())
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("of memory, so it was stopped"),
            "{err}"
        );
    }
}
