//! The built-in templates parsed when thinkkit is built, so that a render does not parse them.
//!
//! Parsing a tera template (pest) was half of the instructions of an HTML render: 38 of 74
//! million for the worked example. tera renders from a [`Template`], whose parsed form is public
//! but cannot be saved, so `build.rs` parses every built-in template with tera itself, writes
//! its syntax tree with [`encode`], and the binary rebuilds the same tree with [`decode`]: a few
//! allocations per node instead of a parse. A user's templates (`--templates DIR`) are parsed by
//! tera as before. This file is compiled into the build script as well as the binary, so the two
//! sides always agree on the form; nothing else ever reads it.
//!
//! tera marks its parsed form (`tera::Template`, `tera::ast`) as not meant for direct use, so
//! a tera upgrade can change it: the build then fails here, or the test that compares every
//! decoded template with tera's own parse of it fails (`templates.rs`), never a render.
//!
//! The form is a list of nodes, each a tag byte and its fields in declaration order: lengths
//! and counts as LEB128, text as its length and UTF-8 bytes, numbers as 8 little-endian bytes.

use std::collections::HashMap;

use tera::Template;
use tera::ast::{
    Block, Expr, ExprVal, FilterSection, Forloop, FunctionCall, If, In, LogicExpr, LogicOperator,
    MacroCall, MacroDefinition, MathExpr, MathOperator, Node, Set, StringConcat, Test, WS,
};

/// The parsed form of the templates `(name, ast)`, as one blob.
pub fn encode(templates: &[(&str, &[Node])]) -> Vec<u8> {
    let mut w = Writer(Vec::new());
    w.len(templates.len());
    for (name, ast) in templates {
        w.str(name);
        let mut body = Writer(Vec::new());
        body.nodes(ast);
        w.len(body.0.len());
        w.0.extend_from_slice(&body.0);
    }
    w.0
}

/// The template called `name` from a blob [`encode`] wrote, ready to add to a `Tera`'s
/// `templates` (then call `build_inheritance_chains`); `None` when the blob does not have it.
pub fn decode(blob: &[u8], name: &str) -> Option<Template> {
    let mut r = Reader { bytes: blob, at: 0 };
    for _ in 0..r.len() {
        let this = r.str();
        let len = r.len();
        if this == name {
            let mut body = Reader {
                bytes: &r.bytes[r.at..r.at + len],
                at: 0,
            };
            return Some(template(name, body.nodes()));
        }
        r.at += len;
    }
    None
}

/// A [`Template`] from its parsed nodes, as `Template::new` makes it after parsing (blocks,
/// macros, imports and parent found in the tree; the template parsed once, at build time, so
/// there are no duplicates to refuse).
fn template(name: &str, ast: Vec<Node>) -> Template {
    fn find_blocks(ast: &[Node], blocks: &mut HashMap<String, Block>) {
        for node in ast {
            if let Node::Block(_, block, _) = node {
                blocks.insert(block.name.clone(), block.clone());
                find_blocks(&block.body, blocks);
            }
        }
    }
    let mut blocks = HashMap::new();
    find_blocks(&ast, &mut blocks);
    let mut macros = HashMap::new();
    let mut imported_macro_files = Vec::new();
    let mut parent = None;
    for node in &ast {
        match node {
            Node::Extends(_, name) => parent = Some(name.clone()),
            Node::MacroDefinition(_, def, _) => {
                macros.insert(def.name.clone(), def.clone());
            }
            Node::ImportMacro(_, file, namespace) => {
                imported_macro_files.push((file.clone(), namespace.clone()));
            }
            _ => {}
        }
    }
    // Built here rather than from `Template::new` on an empty text: any parse, even of
    // nothing, starts pest's stack guard, which reads `/proc/self/maps` (see
    // `docs/performance.md`). A field tera adds fails this build rather than being left out;
    // `each_built_in_template_is_read_as_tera_parses_it` (`templates.rs`) checks the result
    // against tera's own parse.
    Template {
        name: name.to_owned(),
        path: None,
        ast,
        from_extend: false,
        macros,
        imported_macro_files,
        parent,
        blocks,
        parents: Vec::new(),
        blocks_definitions: HashMap::new(),
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn len(&mut self, mut n: usize) {
        loop {
            let byte = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(byte);
                return;
            }
            self.0.push(byte | 0x80);
        }
    }
    fn byte(&mut self, b: u8) {
        self.0.push(b);
    }
    fn bool(&mut self, b: bool) {
        self.0.push(u8::from(b));
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }
    fn ws(&mut self, ws: &WS) {
        self.0.push(u8::from(ws.left) | u8::from(ws.right) << 1);
    }
    fn nodes(&mut self, nodes: &[Node]) {
        self.len(nodes.len());
        for n in nodes {
            self.node(n);
        }
    }
    fn node(&mut self, node: &Node) {
        match node {
            Node::Super => self.byte(0),
            Node::Text(t) => {
                self.byte(1);
                self.str(t);
            }
            Node::VariableBlock(ws, e) => {
                self.byte(2);
                self.ws(ws);
                self.expr(e);
            }
            Node::MacroDefinition(a, def, b) => {
                self.byte(3);
                self.ws(a);
                self.str(&def.name);
                self.len(def.args.len());
                for (k, v) in &def.args {
                    self.str(k);
                    match v {
                        Some(e) => {
                            self.bool(true);
                            self.expr(e);
                        }
                        None => self.bool(false),
                    }
                }
                self.nodes(&def.body);
                self.ws(b);
            }
            Node::Extends(ws, name) => {
                self.byte(4);
                self.ws(ws);
                self.str(name);
            }
            Node::Include(ws, names, ignore_missing) => {
                self.byte(5);
                self.ws(ws);
                self.len(names.len());
                for n in names {
                    self.str(n);
                }
                self.bool(*ignore_missing);
            }
            Node::ImportMacro(ws, file, namespace) => {
                self.byte(6);
                self.ws(ws);
                self.str(file);
                self.str(namespace);
            }
            Node::Set(ws, set) => {
                self.byte(7);
                self.ws(ws);
                self.str(&set.key);
                self.expr(&set.value);
                self.bool(set.global);
            }
            Node::Raw(a, text, b) => {
                self.byte(8);
                self.ws(a);
                self.str(text);
                self.ws(b);
            }
            Node::FilterSection(a, f, b) => {
                self.byte(9);
                self.ws(a);
                self.call(&f.filter);
                self.nodes(&f.body);
                self.ws(b);
            }
            Node::Block(a, block, b) => {
                self.byte(10);
                self.ws(a);
                self.str(&block.name);
                self.nodes(&block.body);
                self.ws(b);
            }
            Node::Forloop(a, f, b) => {
                self.byte(11);
                self.ws(a);
                match &f.key {
                    Some(k) => {
                        self.bool(true);
                        self.str(k);
                    }
                    None => self.bool(false),
                }
                self.str(&f.value);
                self.expr(&f.container);
                self.nodes(&f.body);
                match &f.empty_body {
                    Some(body) => {
                        self.bool(true);
                        self.nodes(body);
                    }
                    None => self.bool(false),
                }
                self.ws(b);
            }
            Node::If(i, ws) => {
                self.byte(12);
                self.len(i.conditions.len());
                for (ws, cond, body) in &i.conditions {
                    self.ws(ws);
                    self.expr(cond);
                    self.nodes(body);
                }
                match &i.otherwise {
                    Some((ws, body)) => {
                        self.bool(true);
                        self.ws(ws);
                        self.nodes(body);
                    }
                    None => self.bool(false),
                }
                self.ws(ws);
            }
            Node::Break(ws) => {
                self.byte(13);
                self.ws(ws);
            }
            Node::Continue(ws) => {
                self.byte(14);
                self.ws(ws);
            }
            Node::Comment(ws, text) => {
                self.byte(15);
                self.ws(ws);
                self.str(text);
            }
        }
    }
    fn call(&mut self, f: &FunctionCall) {
        self.str(&f.name);
        self.args(&f.args);
    }
    fn args(&mut self, args: &HashMap<String, Expr>) {
        self.len(args.len());
        for (k, v) in args {
            self.str(k);
            self.expr(v);
        }
    }
    fn exprs(&mut self, exprs: &[Expr]) {
        self.len(exprs.len());
        for e in exprs {
            self.expr(e);
        }
    }
    fn expr(&mut self, e: &Expr) {
        self.val(&e.val);
        self.bool(e.negated);
        self.len(e.filters.len());
        for f in &e.filters {
            self.call(f);
        }
    }
    fn val(&mut self, v: &ExprVal) {
        match v {
            ExprVal::String(s) => {
                self.byte(0);
                self.str(s);
            }
            ExprVal::Int(i) => {
                self.byte(1);
                self.0.extend_from_slice(&i.to_le_bytes());
            }
            ExprVal::Float(f) => {
                self.byte(2);
                self.0.extend_from_slice(&f.to_le_bytes());
            }
            ExprVal::Bool(b) => {
                self.byte(3);
                self.bool(*b);
            }
            ExprVal::Ident(s) => {
                self.byte(4);
                self.str(s);
            }
            ExprVal::Math(m) => {
                self.byte(5);
                self.expr(&m.lhs);
                self.expr(&m.rhs);
                self.byte(match m.operator {
                    MathOperator::Add => 0,
                    MathOperator::Sub => 1,
                    MathOperator::Mul => 2,
                    MathOperator::Div => 3,
                    MathOperator::Modulo => 4,
                });
            }
            ExprVal::Logic(l) => {
                self.byte(6);
                self.expr(&l.lhs);
                self.expr(&l.rhs);
                self.byte(match l.operator {
                    LogicOperator::Gt => 0,
                    LogicOperator::Gte => 1,
                    LogicOperator::Lt => 2,
                    LogicOperator::Lte => 3,
                    LogicOperator::Eq => 4,
                    LogicOperator::NotEq => 5,
                    LogicOperator::And => 6,
                    LogicOperator::Or => 7,
                });
            }
            ExprVal::Test(t) => {
                self.byte(7);
                self.str(&t.ident);
                self.bool(t.negated);
                self.str(&t.name);
                self.exprs(&t.args);
            }
            ExprVal::MacroCall(m) => {
                self.byte(8);
                self.str(&m.namespace);
                self.str(&m.name);
                self.args(&m.args);
            }
            ExprVal::FunctionCall(f) => {
                self.byte(9);
                self.call(f);
            }
            ExprVal::Array(items) => {
                self.byte(10);
                self.exprs(items);
            }
            ExprVal::StringConcat(c) => {
                self.byte(11);
                self.len(c.values.len());
                for v in &c.values {
                    self.val(v);
                }
            }
            ExprVal::In(i) => {
                self.byte(12);
                self.expr(&i.lhs);
                self.expr(&i.rhs);
                self.bool(i.negated);
            }
        }
    }
}

/// Reads what [`Writer`] wrote, in the same build: a malformed blob is a bug, so it panics.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let b = self.bytes[self.at];
        self.at += 1;
        b
    }
    fn bool(&mut self) -> bool {
        self.byte() != 0
    }
    fn len(&mut self) -> usize {
        let mut n = 0usize;
        let mut shift = 0;
        loop {
            let b = self.byte();
            n |= usize::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return n;
            }
            shift += 7;
        }
    }
    fn eight(&mut self) -> [u8; 8] {
        let b: [u8; 8] = self.bytes[self.at..self.at + 8]
            .try_into()
            .expect("eight bytes");
        self.at += 8;
        b
    }
    fn str(&mut self) -> String {
        let len = self.len();
        let s = std::str::from_utf8(&self.bytes[self.at..self.at + len])
            .expect("the build wrote UTF-8")
            .to_owned();
        self.at += len;
        s
    }
    fn ws(&mut self) -> WS {
        let b = self.byte();
        WS {
            left: b & 1 != 0,
            right: b & 2 != 0,
        }
    }
    fn option<T>(&mut self, read: impl FnOnce(&mut Self) -> T) -> Option<T> {
        if self.bool() { Some(read(self)) } else { None }
    }
    fn nodes(&mut self) -> Vec<Node> {
        let n = self.len();
        (0..n).map(|_| self.node()).collect()
    }
    fn node(&mut self) -> Node {
        match self.byte() {
            0 => Node::Super,
            1 => Node::Text(self.str()),
            2 => Node::VariableBlock(self.ws(), self.expr()),
            3 => {
                let a = self.ws();
                let name = self.str();
                let n = self.len();
                let args = (0..n)
                    .map(|_| (self.str(), self.option(Self::expr)))
                    .collect();
                let body = self.nodes();
                Node::MacroDefinition(a, MacroDefinition { name, args, body }, self.ws())
            }
            4 => Node::Extends(self.ws(), self.str()),
            5 => {
                let ws = self.ws();
                let n = self.len();
                let names = (0..n).map(|_| self.str()).collect();
                Node::Include(ws, names, self.bool())
            }
            6 => Node::ImportMacro(self.ws(), self.str(), self.str()),
            7 => {
                let ws = self.ws();
                let key = self.str();
                let value = self.expr();
                let global = self.bool();
                Node::Set(ws, Set { key, value, global })
            }
            8 => Node::Raw(self.ws(), self.str(), self.ws()),
            9 => {
                let a = self.ws();
                let filter = self.call();
                let body = self.nodes();
                Node::FilterSection(a, FilterSection { filter, body }, self.ws())
            }
            10 => {
                let a = self.ws();
                let name = self.str();
                let body = self.nodes();
                Node::Block(a, Block { name, body }, self.ws())
            }
            11 => {
                let a = self.ws();
                let key = self.option(Self::str);
                let value = self.str();
                let container = self.expr();
                let body = self.nodes();
                let empty_body = self.option(Self::nodes);
                let f = Forloop {
                    key,
                    value,
                    container,
                    body,
                    empty_body,
                };
                Node::Forloop(a, f, self.ws())
            }
            12 => {
                let n = self.len();
                let conditions = (0..n)
                    .map(|_| (self.ws(), self.expr(), self.nodes()))
                    .collect();
                let otherwise = self.option(|r| (r.ws(), r.nodes()));
                Node::If(
                    If {
                        conditions,
                        otherwise,
                    },
                    self.ws(),
                )
            }
            13 => Node::Break(self.ws()),
            14 => Node::Continue(self.ws()),
            15 => Node::Comment(self.ws(), self.str()),
            tag => panic!("unknown template node {tag}: the build wrote another form"),
        }
    }
    fn call(&mut self) -> FunctionCall {
        FunctionCall {
            name: self.str(),
            args: self.args(),
        }
    }
    fn args(&mut self) -> HashMap<String, Expr> {
        let n = self.len();
        (0..n).map(|_| (self.str(), self.expr())).collect()
    }
    fn exprs(&mut self) -> Vec<Expr> {
        let n = self.len();
        (0..n).map(|_| self.expr()).collect()
    }
    fn expr(&mut self) -> Expr {
        let val = self.val();
        let negated = self.bool();
        let n = self.len();
        let filters = (0..n).map(|_| self.call()).collect();
        Expr {
            val,
            negated,
            filters,
        }
    }
    fn boxed(&mut self) -> Box<Expr> {
        Box::new(self.expr())
    }
    fn val(&mut self) -> ExprVal {
        match self.byte() {
            0 => ExprVal::String(self.str()),
            1 => ExprVal::Int(i64::from_le_bytes(self.eight())),
            2 => ExprVal::Float(f64::from_le_bytes(self.eight())),
            3 => ExprVal::Bool(self.bool()),
            4 => ExprVal::Ident(self.str()),
            5 => {
                let lhs = self.boxed();
                let rhs = self.boxed();
                let operator = match self.byte() {
                    0 => MathOperator::Add,
                    1 => MathOperator::Sub,
                    2 => MathOperator::Mul,
                    3 => MathOperator::Div,
                    _ => MathOperator::Modulo,
                };
                ExprVal::Math(MathExpr { lhs, rhs, operator })
            }
            6 => {
                let lhs = self.boxed();
                let rhs = self.boxed();
                let operator = match self.byte() {
                    0 => LogicOperator::Gt,
                    1 => LogicOperator::Gte,
                    2 => LogicOperator::Lt,
                    3 => LogicOperator::Lte,
                    4 => LogicOperator::Eq,
                    5 => LogicOperator::NotEq,
                    6 => LogicOperator::And,
                    _ => LogicOperator::Or,
                };
                ExprVal::Logic(LogicExpr { lhs, rhs, operator })
            }
            7 => ExprVal::Test(Test {
                ident: self.str(),
                negated: self.bool(),
                name: self.str(),
                args: self.exprs(),
            }),
            8 => ExprVal::MacroCall(MacroCall {
                namespace: self.str(),
                name: self.str(),
                args: self.args(),
            }),
            9 => ExprVal::FunctionCall(self.call()),
            10 => ExprVal::Array(self.exprs()),
            11 => {
                let n = self.len();
                ExprVal::StringConcat(StringConcat {
                    values: (0..n).map(|_| self.val()).collect(),
                })
            }
            12 => ExprVal::In(In {
                lhs: self.boxed(),
                rhs: self.boxed(),
                negated: self.bool(),
            }),
            tag => panic!("unknown template expression {tag}: the build wrote another form"),
        }
    }
}
