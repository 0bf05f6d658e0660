//! The built-in templates rendered straight from tera's syntax tree, without tera's renderer.
//!
//! Once the templates were no longer parsed at run time (see [`super::tera_ast`]), tera's
//! renderer and the set it renders with were the largest part of a page's cost (7 of the 17.5
//! million instructions of the example's): it copies a list's row each time a loop reads a
//! field of it, turns every dotted name (`terms.barrier.Plural`) into new strings before looking
//! it up, and goes through a hash map, a JSON value and `format!` for every filter and every
//! value it writes. This module walks the same tree over the same data, reading it in place,
//! with the same filters (ours called directly, tera's `length`, `filter`, `join` and
//! `pluralize` as tera 1.20 writes them), for the part of tera's language the built-in
//! templates use: text, `{{ }}`,
//! `if`/`elif`/`else`, `for` over a list, `set`, `extends` with its blocks and `super()`, `and`,
//! `or`, `not`, comparisons, sums (`+ - * / %`), `is defined`, the function `range`, and the
//! filters `md`, `md_block`, `md_code`, `md_link`, `md_sentence`, `markdown`, `css_string`,
//! `length`, `filter`, `join`, `pluralize`, `slice` and `safe`.
//!
//! It is a shortcut, never a second dialect: each rule is tera's own (its processor's, read from
//! tera 1.20), anything else (macros, includes, other filters and functions, a name tera would
//! not find) gives up, and the caller then renders with tera, which writes the document or
//! the error exactly as before. Only the built-in templates take it; a user's
//! templates are rendered by tera, on the guarded thread ([`super::limits`]). The tests render
//! every built-in document both ways and compare them byte for byte.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::rc::Rc;
use std::sync::atomic::AtomicUsize;

use tera::ast::{
    Block, Expr, ExprVal, FunctionCall, LogicExpr, LogicOperator, MathExpr, MathOperator, Node,
    Test,
};
use tera::{Map, Number, Template, Value};

use super::{html, limits, markdown, templates};

/// Why a walk stopped.
enum Stop {
    /// The template uses something this module does not do: tera must render it.
    Unsupported,
    /// tera would fail here (or, inside a condition, take it as false): tera must render it, to
    /// say what failed.
    Failed,
}

type Res<T> = Result<T, Stop>;

/// The template `chain[0]` rendered with `context` (the document's data as tera would receive
/// it), escaping for HTML when `escape` (as tera would for its name), or `None` when tera must
/// render it (see the module documentation). `chain` is the template and the templates it
/// extends, nearest first: the last one extends none.
pub(super) fn render(chain: &[Template], escape: bool, context: &Value) -> Option<String> {
    let root = chain.last()?;
    let linked = chain
        .windows(2)
        .all(|pair| pair[0].parent.as_deref() == Some(pair[1].name.as_str()));
    if !linked || root.parent.is_some() {
        return None;
    }
    let Value::Object(context) = context else {
        return None;
    };
    let mut walker = Walker {
        chain,
        blocks: Vec::new(),
        made: AtomicUsize::new(0),
        context,
        frames: vec![Frame {
            origin: true,
            vars: Vec::new(),
            for_loop: None,
        }],
        escape,
    };
    // Room for the template's own text and for the texts it is given whole (a page's body), so
    // that the page is not copied as it grows.
    let given: usize = context
        .values()
        .map(|v| match v {
            Value::String(s) => s.len(),
            _ => 0,
        })
        .sum();
    let mut out = String::with_capacity(64 * 1024 + given);
    walker.body(&root.ast, &mut out).ok()?;
    Some(out)
}

/// A value as the walk holds it: in the document's data, or made by the template.
#[derive(Clone)]
enum Val<'a> {
    Ref(&'a Value),
    Own(Rc<Value>),
    /// A filter's text.
    Str(String),
    /// Items of a list in the data, as `filter` picks them.
    Picked(Rc<Vec<&'a Value>>),
}

impl<'a> Val<'a> {
    fn own(v: Value) -> Val<'a> {
        Val::Own(Rc::new(v))
    }

    /// The value as tera would hold it.
    fn value(&self) -> Cow<'_, Value> {
        match self {
            Val::Ref(v) => Cow::Borrowed(v),
            Val::Own(v) => Cow::Borrowed(v),
            Val::Str(s) => Cow::Owned(Value::String(s.clone())),
            Val::Picked(items) => {
                Cow::Owned(Value::Array(items.iter().map(|v| (*v).clone()).collect()))
            }
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Val::Ref(v) => v.as_str(),
            Val::Own(v) => v.as_str(),
            Val::Str(s) => Some(s),
            Val::Picked(_) => None,
        }
    }

    /// tera's `is_truthy`.
    fn truthy(&self) -> bool {
        match self {
            Val::Ref(v) => truthy(v),
            Val::Own(v) => truthy(v),
            Val::Str(s) => !s.is_empty(),
            Val::Picked(items) => !items.is_empty(),
        }
    }

    /// The value at `path` inside this one (tera's `value_by_pointer`).
    fn get(&self, path: &str) -> Option<Val<'a>> {
        match self {
            Val::Ref(v) => pointer(v, path).map(Val::Ref),
            Val::Own(v) => pointer(v, path).map(|found| Val::own(found.clone())),
            Val::Str(s) => pointer(&Value::String(s.clone()), path).map(|f| Val::own(f.clone())),
            Val::Picked(items) => {
                if path.is_empty() {
                    return Some(self.clone());
                }
                if !simple(path) {
                    let whole = Value::Array(items.iter().map(|v| (*v).clone()).collect());
                    return pointer(&whole, path).map(|f| Val::own(f.clone()));
                }
                let (first, rest) = path.split_once('.').unwrap_or((path, ""));
                let item = items.get(parse_index(first)?)?;
                if rest.is_empty() {
                    Some(Val::Ref(item))
                } else {
                    pointer(item, rest).map(Val::Ref)
                }
            }
        }
    }
}

fn truthy(v: &Value) -> bool {
    match v {
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i != 0
            } else if let Some(u) = n.as_u64() {
                u != 0
            } else {
                n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan())
            }
        }
        Value::Bool(b) => *b,
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
    }
}

/// Whether tera's pointer reading would split `path` at its dots only: no quotes, brackets,
/// escapes or empty parts.
fn simple(path: &str) -> bool {
    let mut after_dot = true;
    for b in path.bytes() {
        match b {
            b'"' | b'\'' | b'[' | b']' | b'~' | b'\\' => return false,
            b'.' if after_dot => return false,
            b'.' => after_dot = true,
            _ => after_dot = false,
        }
    }
    !after_dot
}

/// tera's `dotted_pointer`, without its copies for a plain `a.b.0.c`.
fn pointer<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    if path.is_empty() {
        return Some(value);
    }
    if !simple(path) {
        return tera::dotted_pointer(value, path);
    }
    plain_pointer(value, path)
}

/// [`pointer`] for a path that is [`simple`].
fn plain_pointer<'v>(mut value: &'v Value, path: &str) -> Option<&'v Value> {
    let mut rest = path;
    loop {
        let (token, next) = match first_dot(rest) {
            Some(i) => (&rest[..i], Some(&rest[i + 1..])),
            None => (rest, None),
        };
        value = match value {
            Value::Object(map) => map.get(token)?,
            Value::Array(list) => list.get(parse_index(token)?)?,
            _ => return None,
        };
        match next {
            Some(next) => rest = next,
            None => return Some(value),
        }
    }
}

/// Where the first `.` of `s` is.
fn first_dot(s: &str) -> Option<usize> {
    s.bytes().position(|b| b == b'.')
}

/// serde_json's (and tera's) reading of a list index.
fn parse_index(s: &str) -> Option<usize> {
    if s.starts_with('+') || (s.starts_with('0') && s.len() != 1) {
        return None;
    }
    s.parse().ok()
}

/// A frame of tera's call stack: the template's own, or a loop's.
struct Frame<'a> {
    origin: bool,
    /// What `set` assigned here.
    vars: Vec<(&'a str, Val<'a>)>,
    for_loop: Option<Loop<'a>>,
}

struct Loop<'a> {
    name: &'a str,
    items: Items<'a>,
    current: usize,
}

enum Items<'a> {
    Refs(&'a [Value]),
    Picked(Rc<Vec<&'a Value>>),
    Own(Rc<Value>),
}

impl<'a> Loop<'a> {
    fn len(&self) -> usize {
        match &self.items {
            Items::Refs(items) => items.len(),
            Items::Picked(items) => items.len(),
            Items::Own(v) => v.as_array().map_or(0, Vec::len),
        }
    }

    fn current(&self) -> Val<'a> {
        match &self.items {
            Items::Refs(items) => Val::Ref(&items[self.current]),
            Items::Picked(items) => Val::Ref(items[self.current]),
            Items::Own(v) => Val::own(
                v.as_array()
                    .map_or(Value::Null, |a| a[self.current].clone()),
            ),
        }
    }

    /// `path` inside the current item, reading an owned list in place.
    fn current_get(&self, path: &str) -> Option<Val<'a>> {
        match &self.items {
            Items::Own(v) => {
                let item = v.as_array()?.get(self.current)?;
                pointer(item, path).map(|f| Val::own(f.clone()))
            }
            _ => self.current().get(path),
        }
    }
}

impl<'a> Frame<'a> {
    /// tera's `StackFrame::find_value` for `key`, which is `root` and, after its first dot,
    /// `rest`.
    fn find(&self, key: &str, root: &str, rest: Option<&str>) -> Option<Val<'a>> {
        match rest {
            Some(rest) => {
                if let Some((_, v)) = self.vars.iter().find(|(k, _)| *k == root)
                    && let Some(found) = v.get(rest)
                {
                    return Some(found);
                }
            }
            None => {
                if let Some((_, v)) = self.vars.iter().find(|(k, _)| *k == key) {
                    return Some(v.clone());
                }
            }
        }
        let l = self.for_loop.as_ref()?;
        let tail = rest.unwrap_or("");
        if root == "loop" {
            return match tail {
                "index" => Some(Val::own(Value::Number((l.current + 1).into()))),
                "index0" => Some(Val::own(Value::Number(l.current.into()))),
                "first" => Some(Val::own(Value::Bool(l.current == 0))),
                "last" => Some(Val::own(Value::Bool(l.current + 1 == l.len()))),
                _ => None,
            };
        }
        if key == l.name {
            return Some(l.current());
        }
        if root == l.name && !tail.is_empty() {
            return l.current_get(tail);
        }
        None
    }
}

struct Walker<'a> {
    /// The template rendered and those it extends, nearest first (tera's `parents`, after it).
    chain: &'a [Template],
    /// tera's stack of the blocks being rendered: each one's name and the place in `chain` of
    /// the template whose definition is rendered.
    blocks: Vec<(&'a str, usize)>,
    /// The numbers `range` has made for this document.
    made: AtomicUsize,
    context: &'a Map<String, Value>,
    frames: Vec<Frame<'a>>,
    escape: bool,
}

impl<'a> Walker<'a> {
    fn body(&mut self, nodes: &'a [Node], out: &mut String) -> Res<()> {
        for node in nodes {
            self.node(node, out)?;
        }
        Ok(())
    }

    fn node(&mut self, node: &'a Node, out: &mut String) -> Res<()> {
        match node {
            Node::Comment(..) | Node::MacroDefinition(..) => {}
            Node::Text(s) | Node::Raw(_, s, _) => out.push_str(s),
            Node::VariableBlock(_, expr) => {
                let v = self.eval(expr)?;
                write_val(&v, out);
            }
            Node::Set(_, set) => {
                let v = self.safe_eval(&set.value)?;
                let frame = if set.global {
                    self.frames
                        .iter_mut()
                        .rev()
                        .find(|f| f.for_loop.is_none())
                        .ok_or(Stop::Unsupported)?
                } else {
                    self.frames.last_mut().ok_or(Stop::Unsupported)?
                };
                match frame.vars.iter_mut().find(|(k, _)| *k == set.key) {
                    Some(slot) => slot.1 = v,
                    None => frame.vars.push((&set.key, v)),
                }
            }
            Node::If(if_node, _) => {
                for (_, cond, body) in &if_node.conditions {
                    if self.eval_as_bool(cond)? {
                        return self.body(body, out);
                    }
                }
                if let Some((_, body)) = &if_node.otherwise {
                    return self.body(body, out);
                }
            }
            Node::Forloop(_, for_loop, _) => {
                if for_loop.key.is_some()
                    || !matches!(
                        for_loop.container.val,
                        ExprVal::Ident(_) | ExprVal::FunctionCall(_)
                    )
                {
                    return Err(Stop::Unsupported);
                }
                let items = match self.safe_eval(&for_loop.container)? {
                    Val::Ref(Value::Array(items)) => Items::Refs(items),
                    Val::Picked(items) => Items::Picked(items),
                    Val::Own(v) if v.is_array() => Items::Own(v),
                    // A string is looped over by its graphemes: tera does that.
                    _ => return Err(Stop::Unsupported),
                };
                let mut l = Loop {
                    name: &for_loop.value,
                    items,
                    current: 0,
                };
                let len = l.len();
                if len == 0 {
                    if let Some(empty) = &for_loop.empty_body {
                        return self.body(empty, out);
                    }
                    return Ok(());
                }
                l.current = 0;
                self.frames.push(Frame {
                    origin: false,
                    vars: Vec::new(),
                    for_loop: Some(l),
                });
                for i in 0..len {
                    if let Some(frame) = self.frames.last_mut() {
                        frame.vars.clear();
                        if let Some(l) = &mut frame.for_loop {
                            l.current = i;
                        }
                    }
                    self.body(&for_loop.body, out)?;
                }
                self.frames.pop();
            }
            Node::Block(_, block, _) => self.block(block, out)?,
            Node::Super => self.super_block(out)?,
            _ => return Err(Stop::Unsupported),
        }
        Ok(())
    }

    /// tera's `render_block`: the nearest definition of `block`, from the template rendered up
    /// the templates it extends (each template's own blocks are tera's `blocks_definitions`
    /// first entry).
    fn block(&mut self, block: &'a Block, out: &mut String) -> Res<()> {
        let chain = self.chain;
        for (level, template) in chain.iter().enumerate() {
            if let Some(def) = template.blocks.get(&block.name) {
                self.blocks.push((&block.name, level));
                return self.body(&def.body, out);
            }
        }
        self.body(&block.body, out)
    }

    /// tera's `do_super`: the definition of the current block in the templates further up.
    fn super_block(&mut self, out: &mut String) -> Res<()> {
        let &(name, level) = self.blocks.last().ok_or(Stop::Failed)?;
        let chain = self.chain;
        let parents = chain.len() - 1;
        for (next, template) in chain.iter().enumerate().skip(level + 1) {
            if let Some(def) = template.blocks.get(name) {
                self.blocks.push((name, next));
                self.body(&def.body, out)?;
                self.blocks.pop();
                // No definition above this one: tera takes the block off its stack.
                if next >= parents {
                    self.blocks.pop();
                }
                return Ok(());
            }
        }
        Err(Stop::Failed)
    }

    /// tera's `CallStack::lookup` and `process_path`, for a name that is [`simple`].
    fn lookup(&self, key: &'a str) -> Res<Val<'a>> {
        if key == "__tera_context" || !simple(key) {
            return Err(Stop::Unsupported);
        }
        let (root, rest) = match first_dot(key) {
            Some(i) => (&key[..i], Some(&key[i + 1..])),
            None => (key, None),
        };
        for frame in self.frames.iter().rev() {
            if let Some(found) = frame.find(key, root, rest) {
                return Ok(found);
            }
            if frame.origin {
                break;
            }
        }
        let found = match rest {
            Some(rest) => self.context.get(root).and_then(|v| plain_pointer(v, rest)),
            None => self.context.get(key),
        };
        found.map(Val::Ref).ok_or(Stop::Failed)
    }

    fn safe_eval(&mut self, expr: &'a Expr) -> Res<Val<'a>> {
        let escape = std::mem::replace(&mut self.escape, false);
        let v = self.eval(expr);
        self.escape = escape;
        v
    }

    /// tera's `eval_expression`.
    fn eval(&mut self, expr: &'a Expr) -> Res<Val<'a>> {
        let mut needs_escape = false;
        let mut res = match &expr.val {
            ExprVal::String(s) => {
                needs_escape = true;
                Val::Str(s.clone())
            }
            ExprVal::Int(i) => Val::own(Value::Number((*i).into())),
            ExprVal::Float(f) => Val::own(Value::Number(
                Number::from_f64(*f).ok_or(Stop::Unsupported)?,
            )),
            ExprVal::Bool(b) => Val::own(Value::Bool(*b)),
            ExprVal::Ident(ident) => {
                if expr.has_default_filter() {
                    return Err(Stop::Unsupported);
                }
                needs_escape = true;
                match self.lookup(ident) {
                    Ok(v) => v,
                    // `not undefined` is true.
                    Err(Stop::Failed) if expr.negated => return Ok(Val::own(Value::Bool(true))),
                    Err(e) => return Err(e),
                }
            }
            ExprVal::Test(test) => Val::own(Value::Bool(self.eval_test(test)?)),
            ExprVal::Logic(_) => Val::own(Value::Bool(self.eval_as_bool(expr)?)),
            ExprVal::Math(_) => match self.number(&expr.val)? {
                Some(n) => Val::own(Value::Number(n)),
                None => Val::Str("NaN".to_owned()),
            },
            ExprVal::FunctionCall(call) => {
                // tera's functions are not marked safe.
                needs_escape = true;
                self.function(call)?
            }
            _ => return Err(Stop::Unsupported),
        };
        for filter in &expr.filters {
            if filter.name == "safe" || filter.name == "default" {
                continue;
            }
            res = self.filter(&res, filter)?;
            // No filter of these is marked safe.
            needs_escape = true;
        }
        if expr.negated {
            return Ok(Val::own(Value::Bool(!res.truthy())));
        }
        if self.escape
            && needs_escape
            && !expr.is_marked_safe()
            && let Some(s) = res.as_str()
        {
            res = Val::Str(tera::escape_html(s));
        }
        Ok(res)
    }

    /// tera's `eval_as_bool`.
    fn eval_as_bool(&mut self, expr: &'a Expr) -> Res<bool> {
        let res = match &expr.val {
            ExprVal::Logic(LogicExpr { lhs, rhs, operator }) => match operator {
                LogicOperator::Or => self.eval_as_bool(lhs)? || self.eval_as_bool(rhs)?,
                LogicOperator::And => self.eval_as_bool(lhs)? && self.eval_as_bool(rhs)?,
                LogicOperator::Gt | LogicOperator::Gte | LogicOperator::Lt | LogicOperator::Lte => {
                    let l = self.expr_as_number(lhs)?;
                    let r = self.expr_as_number(rhs)?;
                    let (Some(l), Some(r)) =
                        (l.and_then(|n| n.as_f64()), r.and_then(|n| n.as_f64()))
                    else {
                        return Err(Stop::Failed);
                    };
                    match operator {
                        LogicOperator::Gte => l >= r,
                        LogicOperator::Gt => l > r,
                        LogicOperator::Lte => l <= r,
                        _ => l < r,
                    }
                }
                LogicOperator::Eq | LogicOperator::NotEq => {
                    let l = self.eval(lhs)?;
                    let r = self.eval(rhs)?;
                    let (l, r) = (l.value(), r.value());
                    let equal = if l.is_number() || r.is_number() {
                        if !l.is_number() || !r.is_number() {
                            // tera: values of different types are neither equal nor unequal,
                            // whatever the `not`.
                            return Ok(false);
                        }
                        let n = |v: &Value| {
                            v.as_f64()
                                .and_then(Number::from_f64)
                                .ok_or(Stop::Unsupported)
                        };
                        n(&l)? == n(&r)?
                    } else {
                        *l == *r
                    };
                    if *operator == LogicOperator::Eq {
                        equal
                    } else {
                        !equal
                    }
                }
            },
            ExprVal::Ident(_) => {
                let mut res = match self.eval(expr) {
                    Ok(v) => v.truthy(),
                    Err(Stop::Failed) => false,
                    Err(Stop::Unsupported) => return Err(Stop::Unsupported),
                };
                if expr.negated {
                    res = !res;
                }
                res
            }
            // tera reads a sum in a condition without its filters.
            ExprVal::Math(_) | ExprVal::Int(_) | ExprVal::Float(_) => self
                .number(&expr.val)?
                .is_some_and(|n| n.as_f64() != Some(0.0)),
            ExprVal::Test(test) => self.eval_test(test)?,
            ExprVal::Bool(b) => *b,
            ExprVal::String(s) => !s.is_empty(),
            _ => return Err(Stop::Unsupported),
        };
        Ok(if expr.negated { !res } else { res })
    }

    /// tera's `eval_expr_as_number`.
    fn expr_as_number(&mut self, expr: &'a Expr) -> Res<Option<Number>> {
        if !expr.filters.is_empty() {
            return match &*self.eval(expr)?.value() {
                Value::Number(n) => Ok(Some(n.clone())),
                _ => Err(Stop::Failed),
            };
        }
        self.number(&expr.val)
    }

    /// tera's `eval_as_number`: `None` for a sum that is not a number (`0 / 0`). Where tera
    /// would fail (or panic: a sum of floats that overflows), tera is left to do it.
    fn number(&mut self, val: &'a ExprVal) -> Res<Option<Number>> {
        match val {
            // tera rebuilds the number from its `i64`, `u64` or `f64`: the same number.
            ExprVal::Ident(ident) => match &*self.lookup(ident)?.value() {
                Value::Number(n) => Ok(Some(n.clone())),
                _ => Err(Stop::Failed),
            },
            ExprVal::Int(i) => Ok(Some(Number::from(*i))),
            ExprVal::Float(f) => Ok(Some(Number::from_f64(*f).ok_or(Stop::Unsupported)?)),
            ExprVal::Math(MathExpr { lhs, rhs, operator }) => {
                let (Some(l), Some(r)) = (self.expr_as_number(lhs)?, self.expr_as_number(rhs)?)
                else {
                    return Ok(None);
                };
                math(&l, &r, *operator)
            }
            ExprVal::String(_) | ExprVal::Bool(_) | ExprVal::StringConcat(_) | ExprVal::Test(_) => {
                Err(Stop::Failed)
            }
            _ => Err(Stop::Unsupported),
        }
    }

    /// tera's `eval_tera_fn_call`, for the one function of the built-in set the walk does:
    /// `range`, bounded as [`limits::range`] bounds it.
    fn function(&mut self, call: &'a FunctionCall) -> Res<Val<'a>> {
        if call.name != "range" {
            return Err(Stop::Unsupported);
        }
        let mut args = HashMap::with_capacity(call.args.len());
        for (name, expr) in &call.args {
            args.insert(name.clone(), self.safe_eval(expr)?.value().into_owned());
        }
        limits::range(&args, &self.made)
            .map(Val::own)
            .map_err(|_| Stop::Failed)
    }

    /// tera's `eval_test`, for `defined` and `undefined`.
    fn eval_test(&mut self, test: &'a Test) -> Res<bool> {
        if !test.args.is_empty() {
            return Err(Stop::Unsupported);
        }
        let found = match self.lookup(&test.ident) {
            Ok(_) => true,
            Err(Stop::Failed) => false,
            Err(Stop::Unsupported) => return Err(Stop::Unsupported),
        };
        let result = match test.name.as_str() {
            "defined" => found,
            "undefined" => !found,
            _ => return Err(Stop::Unsupported),
        };
        Ok(if test.negated { !result } else { result })
    }

    /// tera's `eval_filter`, with the filters of the built-in set (`templates::new_tera`): ours,
    /// and tera's own as tera 1.20 has them.
    fn filter(&mut self, value: &Val<'a>, call: &'a FunctionCall) -> Res<Val<'a>> {
        let text = |f: fn(&str) -> String| -> Res<Val<'a>> {
            templates::filter_text(&value.value(), f)
                .map(Val::Str)
                .map_err(|_| Stop::Failed)
        };
        // Ours take no arguments (and are given none).
        if call.args.is_empty() {
            match call.name.as_str() {
                "md" => return text(markdown::escape_inline),
                "md_block" => return text(markdown::escape_block),
                "md_code" => return text(markdown::escape_with_code),
                "md_link" => return text(templates::md_link),
                "markdown" => return text(html::fragment),
                "css_string" => return text(html::css_string),
                "md_sentence" => {
                    return match templates::md_sentence(&value.value(), &HashMap::new()) {
                        Ok(Value::String(s)) => Ok(Val::Str(s)),
                        Ok(v) => Ok(Val::own(v)),
                        Err(_) => Err(Stop::Failed),
                    };
                }
                _ => {}
            }
        }
        if !matches!(
            call.name.as_str(),
            "length" | "filter" | "join" | "pluralize" | "slice"
        ) {
            return Err(Stop::Unsupported);
        }
        let mut args = HashMap::with_capacity(call.args.len());
        for (name, expr) in &call.args {
            let v = self.safe_eval(expr)?;
            args.insert(name.as_str(), v.value().into_owned());
        }
        // A text argument (tera's `try_get_value!` of a `String`).
        let text_arg = |name: &str, default: &str| -> Res<String> {
            match args.get(name) {
                Some(Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(Stop::Failed),
                None => Ok(default.to_owned()),
            }
        };
        match call.name.as_str() {
            "length" => {
                let n = match value {
                    Val::Picked(items) => items.len(),
                    _ => match &*value.value() {
                        Value::Array(a) => a.len(),
                        Value::Object(m) => m.len(),
                        Value::String(s) => s.chars().count(),
                        _ => return Err(Stop::Failed),
                    },
                };
                Ok(Val::own(Value::Number(n.into())))
            }
            "filter" => {
                let items: Vec<&'a Value> = match value {
                    Val::Ref(Value::Array(items)) => items.iter().collect(),
                    Val::Picked(items) => items.to_vec(),
                    _ => return Err(Stop::Unsupported),
                };
                let Some(Value::String(key)) = args.get("attribute") else {
                    return Err(Stop::Failed);
                };
                let wanted = args.get("value").unwrap_or(&Value::Null);
                let picked = items
                    .into_iter()
                    .filter(|v| {
                        let found = pointer(v, key).unwrap_or(&Value::Null);
                        if wanted.is_null() {
                            !found.is_null()
                        } else {
                            found == wanted
                        }
                    })
                    .collect();
                Ok(Val::Picked(Rc::new(picked)))
            }
            "slice" => {
                let items: Vec<&'a Value> = match value {
                    Val::Ref(Value::Array(items)) => items.iter().collect(),
                    Val::Picked(items) => items.to_vec(),
                    Val::Own(v) if v.is_array() => return Err(Stop::Unsupported),
                    _ => return Err(Stop::Failed),
                };
                // tera's `get_index`: a float taken as a place in the list, counted from its end
                // when negative (both casts saturate, as tera's do).
                #[allow(
                    clippy::cast_possible_truncation,
                    clippy::cast_sign_loss,
                    clippy::cast_precision_loss
                )]
                let index = |name: &str| -> Res<Option<usize>> {
                    match args.get(name) {
                        None => Ok(None),
                        Some(v) => {
                            let i = v.as_f64().ok_or(Stop::Failed)?;
                            Ok(Some(if i >= 0.0 {
                                i as usize
                            } else {
                                (items.len() as f64 + i) as usize
                            }))
                        }
                    }
                };
                if items.is_empty() {
                    return Ok(Val::Picked(Rc::new(items)));
                }
                let start = index("start")?.unwrap_or(0);
                let end = index("end")?.unwrap_or(items.len()).min(items.len());
                let picked = if start >= end {
                    Vec::new()
                } else {
                    items[start..end].to_vec()
                };
                Ok(Val::Picked(Rc::new(picked)))
            }
            "join" => {
                let sep = text_arg("sep", "")?
                    .replace("\\n", "\n")
                    .replace("\\t", "\t");
                let mut out = String::new();
                let mut join = |items: &mut dyn Iterator<Item = &Value>| {
                    for (i, item) in items.enumerate() {
                        if i > 0 {
                            out.push_str(&sep);
                        }
                        write_value(item, &mut out);
                    }
                };
                match value {
                    Val::Picked(items) => join(&mut items.iter().copied()),
                    _ => match &*value.value() {
                        Value::Array(items) => join(&mut items.iter()),
                        _ => return Err(Stop::Failed),
                    },
                }
                Ok(Val::Str(out))
            }
            "pluralize" => {
                let n = match &*value.value() {
                    Value::Number(n) => n.as_f64().ok_or(Stop::Failed)?,
                    _ => return Err(Stop::Failed),
                };
                let plural = text_arg("plural", "s")?;
                let singular = text_arg("singular", "")?;
                Ok(Val::Str(if (n.abs() - 1.).abs() > f64::EPSILON {
                    plural
                } else {
                    singular
                }))
            }
            _ => Err(Stop::Unsupported),
        }
    }
}

/// A checked operation on two whole numbers: `None` where it overflows.
type Checked<T> = fn(T, T) -> Option<T>;

/// One of tera's sums on two numbers: whole numbers stay whole (and tera fails where they would
/// overflow), others are floats; a division is a float unless it comes out whole.
fn math(l: &Number, r: &Number, operator: MathOperator) -> Res<Option<Number>> {
    // A whole-number result; none where tera fails (an overflow, a remainder by zero).
    let whole = |n: Option<Number>| n.map(Some).ok_or(Stop::Failed);
    let ints = l.as_i64().zip(r.as_i64());
    let uints = l.as_u64().zip(r.as_u64());
    let (lf, rf) = (
        l.as_f64().ok_or(Stop::Unsupported)?,
        r.as_f64().ok_or(Stop::Unsupported)?,
    );
    match operator {
        MathOperator::Div => {
            let res = lf / rf;
            Ok(if res.is_nan() {
                None
            } else if res.round() == res && res.is_finite() {
                #[allow(clippy::cast_possible_truncation)]
                Some(Number::from(res as i64))
            } else {
                Number::from_f64(res)
            })
        }
        // (`checked_rem`: Rust's `%` would panic on `i64::MIN % -1`.)
        MathOperator::Modulo => match (ints, uints) {
            (Some((a, b)), _) => whole(a.checked_rem(b).map(Number::from)),
            (None, Some((a, b))) => whole(a.checked_rem(b).map(Number::from)),
            _ => Ok(Number::from_f64(lf % rf)),
        },
        MathOperator::Mul | MathOperator::Add | MathOperator::Sub => {
            let (i, u, f): (Checked<i64>, Checked<u64>, f64) = match operator {
                MathOperator::Mul => (i64::checked_mul, u64::checked_mul, lf * rf),
                MathOperator::Add => (i64::checked_add, u64::checked_add, lf + rf),
                _ => (i64::checked_sub, u64::checked_sub, lf - rf),
            };
            match (ints, uints) {
                (Some((a, b)), _) => whole(i(a, b).map(Number::from)),
                (None, Some((a, b))) => whole(u(a, b).map(Number::from)),
                // tera: a product that is not a number is "NaN"; a sum or difference panics.
                _ if operator == MathOperator::Mul => Ok(Number::from_f64(f)),
                _ => Number::from_f64(f).map(Some).ok_or(Stop::Failed),
            }
        }
    }
}

/// tera's `ValueRender`.
fn write_val(v: &Val<'_>, out: &mut String) {
    match v {
        Val::Str(s) => out.push_str(s),
        Val::Ref(v) => write_value(v, out),
        Val::Own(v) => write_value(v, out),
        Val::Picked(items) => write_list(items.iter().copied(), out),
    }
}

/// A list as tera writes one: `[a, b]`.
fn write_list<'v>(items: impl Iterator<Item = &'v Value>, out: &mut String) {
    out.push('[');
    for (i, item) in items.enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_value(item, out);
    }
    out.push(']');
}

fn write_value(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                let _ = write!(out, "{i}");
            } else if let Some(u) = n.as_u64() {
                let _ = write!(out, "{u}");
            } else if let Some(f) = n.as_f64() {
                let _ = write!(out, "{f}");
            }
        }
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => {}
        Value::Array(items) => write_list(items.iter(), out),
        Value::Object(_) => out.push_str("[object]"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::super::{Context, Templates, charts_in, html, strategy_context, templates};
    use crate::plan;

    /// The strategy's data for each example and test plan, with and without the analysis and
    /// the appendix, and for a plan with no answers yet.
    fn contexts() -> Vec<Context> {
        let today = jiff::civil::date(2026, 4, 1);
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        for path in [
            "examples/riverside-homes.plan.yaml",
            "examples/community-kit.plan.yaml",
            "examples/breakout/blue.plan.yaml",
            "examples/breakout/red.plan.yaml",
            "tests/fixtures/plans/library.plan.yaml",
            "tests/fixtures/plans/worked.plan.yaml",
        ] {
            let path = root.join(path);
            let mut plan = plan::read(&path).unwrap();
            let kit = plan::kit_for(&plan, &path, None).unwrap();
            plan::reconcile(&mut plan, &kit).unwrap();
            let context = strategy_context(&kit, &plan, today);
            let mut appendix = context.clone();
            appendix.answers_appendix = true;
            out.extend([context, appendix, Context::build(&kit, &plan, today)]);
            if out.len() == 3 {
                let empty = plan::new_plan(&kit, "", today, &path);
                out.push(strategy_context(&kit, &empty, today));
            }
        }
        out
    }

    #[test]
    fn built_in_documents_are_written_as_tera_writes_them() {
        let templates = Templates::built_in();
        let strategy = templates.prepare("strategy.md.tera").unwrap();
        let onepage = templates.prepare("onepage.md.tera").unwrap();
        let page = templates.prepare("page.html.tera").unwrap();
        // The one-page summary's page extends the strategy's.
        let onepage_page = templates.prepare("onepage.html.tera").unwrap();
        for context in contexts() {
            let (by_tera, direct) = strategy.render_both(&context);
            assert_eq!(direct.as_deref(), Some(by_tera.as_str()));
            // The page: chart tokens in the Markdown, and the HTML template around it.
            let mut with_charts = context.clone();
            let charts = charts_in(&mut with_charts);
            let (markdown, direct) = strategy.render_both(&with_charts);
            assert_eq!(direct.as_deref(), Some(markdown.as_str()));
            let (by_tera, direct) =
                html::page_both(&page, &markdown, "en-GB", &context.organisation, &charts);
            assert_eq!(direct.as_deref(), Some(by_tera.as_str()));
            // The one-page summary (of a plan with its analysis), with its sums (`4 - shown`).
            if context.analysis.is_some() {
                let (by_tera, direct) = onepage.render_both(&context);
                assert_eq!(direct.as_deref(), Some(by_tera.as_str()));
                let (markdown, direct) = onepage.render_both(&with_charts);
                assert_eq!(direct.as_deref(), Some(markdown.as_str()));
                let (by_tera, direct) = html::page_both(
                    &onepage_page,
                    &markdown,
                    "en-GB",
                    &context.organisation,
                    &charts,
                );
                assert_eq!(direct.as_deref(), Some(by_tera.as_str()));
            }
        }
    }

    /// The printed cards and sheets of the built-in kit and of the example's own kit, in HTML
    /// (templates that extend the page's) and in Markdown.
    #[test]
    fn printouts_are_written_as_tera_writes_them() {
        let templates = Templates::built_in();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for kit in [None, Some(root.join("examples/community-kit"))] {
            let kit = crate::kit::load::load_arg(kit.as_deref().and_then(Path::to_str)).unwrap();
            for (name, by_tera, direct) in super::super::deck::both(&kit, &templates) {
                assert_eq!(direct.as_deref(), Some(by_tera.as_str()), "{name}");
            }
        }
    }

    /// Each rule of tera's that the built-in templates may come to rely on, on data made to
    /// catch the differences: the walk writes what tera writes, or leaves it to tera.
    #[test]
    fn the_walk_follows_teras_rules() {
        let data = json!({
            "s": "a <b> & 'c' / d", "empty": "", "n": 1, "zero": 0, "f": 2.5, "big": 1e21,
            "neg": -3, "t": true, "no": false, "nothing": null,
            "list": [{"k": "x", "v": 1}, {"k": "y", "v": 2}, {"k": "x", "v": null}],
            "words": ["one", "two", "three"], "nums": [1, 2.5, -1], "none": [],
            "obj": {"a": {"b": [10, 20]}}, "eobj": {}, "huge": 18_446_744_073_709_551_615_u64,
        });
        let cases = [
            "{{ s }}|{{ empty }}|{{ n }}|{{ f }}|{{ big }}|{{ neg }}|{{ t }}|{{ no }}|{{ nothing }}",
            "{{ words }}|{{ nums }}|{{ obj }}|{{ list.0.k }}|{{ obj.a.b.1 }}|{% if obj.a.b.01 %}01{% endif %}",
            "{% if nothing %}1{% endif %}{% if not nothing %}2{% endif %}{% if missing %}3{% endif %}{% if not missing %}4{% endif %}{% if not missing.deep %}5{% endif %}",
            "{% if n == 1 %}a{% endif %}{% if n == 1.0 %}b{% endif %}{% if n == \"1\" %}c{% endif %}{% if n != \"1\" %}d{% endif %}{% if not n == \"1\" %}e{% endif %}{% if s == s %}f{% endif %}",
            "{% if n > 0 and f >= 2.5 or missing %}a{% endif %}{% if words | length == 3 %}b{% endif %}{% if none %}c{% else %}d{% endif %}{% if eobj %}e{% elif zero %}f{% elif f %}g{% endif %}",
            "{% for w in words %}{{ loop.index }}{{ loop.index0 }}{{ loop.first }}{{ loop.last }}{{ w }}{% if not loop.last %}, {% endif %}{% endfor %}",
            "{% for w in none %}x{% else %}empty{% endfor %}{% for w in words %}{% set x = w %}{{ x }}{% endfor %}{% if x %}{{ x }}{% else %}gone{% endif %}",
            "{% set picked = list | filter(attribute=\"k\", value=\"x\") %}{{ picked | length }}{% for p in picked %}{{ p.k }}{{ p.v }}{% endfor %}{{ picked }}{{ picked.0.k }}",
            "{% set with = list | filter(attribute=\"v\") %}{% for p in with %}{{ p.v }}{% endfor %}{% set_global g = 1 %}{% for w in words %}{% set_global g = w %}{% endfor %}{{ g }}",
            "{{ words | join(sep=\", \") }}|{{ n | pluralize }}|{{ zero | pluralize(singular=\"is\", plural=\"are\") }}|{{ s | length }}|{{ nums | join(sep=\"\\n\") }}|{{ f | pluralize }}|{{ list | filter(attribute=\"k\", value=\"y\") | length }}",
            "{{ s | md }}|{{ n | md }}|{{ f | md }}|{{ t | md }}|{{ nothing | md }}|{{ s | md_block }}|{{ s | md_code }}|{{ s | md_link }}|{{ s | css_string | safe }}",
            "{{ not n }}|{{ n and t }}|{{ \"lit\" }}|{{ 3 }}|{{ 2.50 }}|{{ missing is defined }}|{{ s is defined }}|{{ s is not undefined }}",
            "{% if words is defined %}{% for w in words %}{% for v in list %}{{ w }}{{ v.k }}{{ loop.index }}{% endfor %}{{ loop.index }}{% endfor %}{% endif %}",
            "{% block b %}in {{ s }}{% endblock b %}{# comment #}{% raw %}{{ raw }}{% endraw %}",
            "{{ n + 1 }}|{{ n - 3 }}|{{ f * 2 }}|{{ 7 / 2 }}|{{ 6 / 3 }}|{{ 7 % 3 }}|{{ f % 2 }}|{{ neg * neg }}|{{ neg % 2 }}|{{ 1 / 0 }}|{{ 0 / 0 }}|{{ n + f }}|{{ big * 10 }}|{{ huge - 1 }}|{{ huge % 10 }}",
            "{{ words | length * 2 }}|{% set x = n * 1.4 + 1 / 3 %}{{ x }}|{% if n - 1 %}a{% else %}b{% endif %}|{% if f * 2 > 4 %}c{% endif %}|{% if not n - 1 %}d{% endif %}|{% if 0 / 0 %}e{% endif %}|{{ (n + 2) * 3 }}",
            "{{ words | slice(end=2) }}|{{ words | slice(start=1) | length }}|{{ words | slice(start=-2, end=-1) }}|{{ words | slice(start=2, end=1) }}|{{ none | slice(end=2) }}|{{ words | slice(end=1.9) }}|{{ words | slice(end=-9) }}|{{ words | slice(start=1, end=50) | join(sep=\"+\") }}",
            "{% set few = list | filter(attribute=\"k\", value=\"x\") | slice(end=1) %}{{ few | length }}{% for p in few %}{{ p.v }}{% endfor %}{% for w in words | slice(start=1) %}{{ w }}{% endfor %}{% if none | slice(end=1) %}x{% endif %}",
            "{% for i in range(end=3) %}{{ i }}{% endfor %}|{% for i in range(start=2, end=9, step_by=3) %}{{ i }},{% endfor %}|{% for i in range(end=0) %}x{% else %}none{% endfor %}|{{ range(end=3) }}|{% set k = 2 %}{% for i in range(end=k) %}{{ loop.index }}{% endfor %}",
        ];
        for case in cases {
            for name in ["case.md.tera", "case.html.tera"] {
                let mut tera = templates::new_tera();
                tera.add_raw_template(name, case).unwrap();
                let by_tera = tera.render(name, &tera::Context::from_value(data.clone()).unwrap());
                let template = &tera.templates[name];
                match (
                    super::render(
                        std::slice::from_ref(template),
                        templates::escapes(name),
                        &data,
                    ),
                    by_tera,
                ) {
                    (Some(direct), Ok(by_tera)) => assert_eq!(direct, by_tera, "{name}: {case}"),
                    (None, _) => panic!("{name}: {case}: left to tera"),
                    (Some(direct), Err(e)) => {
                        panic!("{name}: {case}: tera fails ({e}) where the walk wrote {direct}")
                    }
                }
            }
        }
        // What the walk leaves to tera, so that tera says what is wrong.
        for case in [
            "{{ missing }}",
            "{{ list | md }}",
            "{{ words | nosuchfilter }}",
            "{{ s | slice(end=1) }}",
            "{{ words | slice(end=\"1\") }}",
            "{{ s + 1 }}",
            "{{ t * 2 }}",
            "{{ 7 % 0 }}",
            "{{ huge * 2 }}",
            "{{ range(end=-1) }}",
            "{{ range(start=3, end=1) }}",
            "{{ range(end=3, step_by=0) }}",
            "{% for i in range(end=100001) %}{% endfor %}",
            "{% for i in range(end=60000) %}{% endfor %}{% for i in range(end=60000) %}{% endfor %}",
            "{{ get_env(name=\"HOME\") }}",
        ] {
            let mut tera = templates::new_tera();
            tera.add_raw_template("x.md.tera", case).unwrap();
            let template = &tera.templates["x.md.tera"];
            let by_tera = tera.render(
                "x.md.tera",
                &tera::Context::from_value(data.clone()).unwrap(),
            );
            assert!(by_tera.is_err(), "{case}: tera wrote {by_tera:?}");
            assert!(
                super::render(std::slice::from_ref(template), false, &data).is_none(),
                "{case}"
            );
        }
    }

    /// A template that extends one that extends another: each block taken from the nearest
    /// template that defines it, `super()` climbing past a template that does not, blocks inside
    /// blocks, and one template's block defined only further down.
    #[test]
    fn the_walk_follows_teras_inheritance() {
        let data = json!({"s": "<a> & b", "n": 2, "words": ["x", "y"]});
        let sources = [
            (
                "base",
                "<t>{% block title %}Base {{ s }}{% endblock title %}</t>\n{% block body %}[{% block inner %}inner-base{% endblock inner %}]{% endblock body %}\n{% block foot %}foot {{ n }}{% endblock foot %}|{% block last %}last{% endblock last %}",
            ),
            (
                "mid",
                "{% extends \"base.SUFFIX\" %}ignored {{ s }}{% block title %}Mid {{ super() }}{% endblock title %}{% block inner %}inner-mid {{ super() }}{% endblock inner %}{% block last %}mid-last{% endblock last %}",
            ),
            (
                "child",
                "{% extends \"mid.SUFFIX\" %}{% block title %}Child {{ super() }} / {{ n * 2 }}{% endblock title %}{% block body %}{% block inner %}ci {{ super() }}{% endblock inner %} then {{ super() }}<b>{% block extra %}extra {% for w in words %}{{ w }}{% endfor %}{% endblock extra %}</b>{% endblock body %}{% block foot %}child-foot {{ super() }}{% endblock foot %}",
            ),
            // tera fails on a second `super()` once the first has climbed to the top.
            (
                "twice",
                "{% extends \"base.SUFFIX\" %}{% block foot %}{{ super() }} {{ super() }}{% endblock foot %}",
            ),
        ];
        for suffix in ["html.tera", "md.tera"] {
            let mut tera = templates::new_tera();
            let named: Vec<(String, String)> = sources
                .iter()
                .map(|(name, text)| (format!("{name}.{suffix}"), text.replace("SUFFIX", suffix)))
                .collect();
            tera.add_raw_templates(named.iter().map(|(n, t)| (n.as_str(), t.as_str())))
                .unwrap();
            for (name, _) in &named {
                let by_tera = tera.render(name, &tera::Context::from_value(data.clone()).unwrap());
                let mut chain = vec![tera.templates[name].clone()];
                while let Some(parent) = chain.last().and_then(|t| t.parent.clone()) {
                    chain.push(tera.templates[&parent].clone());
                }
                let direct = super::render(&chain, templates::escapes(name), &data);
                if name.starts_with("twice") {
                    assert!(by_tera.is_err() && direct.is_none(), "{name}");
                    continue;
                }
                let by_tera = by_tera.unwrap();
                assert_eq!(direct.as_deref(), Some(by_tera.as_str()), "{name}");
                if name.starts_with("child") {
                    assert!(by_tera.contains("Child Mid Base"), "{by_tera}");
                    assert!(
                        by_tera.contains("ci inner-mid inner-base then [ci"),
                        "{by_tera}"
                    );
                    // A chain that is not the template's own is left to tera.
                    assert!(super::render(&chain[..2], false, &data).is_none());
                    chain.swap(1, 2);
                    assert!(super::render(&chain, false, &data).is_none());
                }
            }
        }
    }
}
