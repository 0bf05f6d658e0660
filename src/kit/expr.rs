//! Arithmetic for computed defaults (`default-expr`): numbers, question ids, `+ - * /` and
//! parentheses. Question ids are kebab-case, so a binary minus needs spaces around it:
//! `homes-count - 10` subtracts, `homes-count-10` would be one (unknown) id.
//!
//! Kits are shared, so an expression is untrusted input: the parser and the evaluator recurse,
//! and without limits 30,000 nested parentheses overflow the stack. An expression may be at most
//! [`MAX_CHARS`] characters, nest at most [`MAX_NESTING`] parentheses or minus signs deep and
//! hold at most [`MAX_OPERATIONS`] operations; a real one (`homes-count * (100 -
//! customers-online-share) / 100`) is far inside all three. The evaluator refuses a tree deeper
//! than the parser can build, for expressions made in code.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A parsed expression.
///
/// ```
/// use thinkkit::kit::Expr;
/// let e = Expr::parse("homes-count * (100 - customers-online-share) / 100").unwrap();
/// let answers = |id: &str| match id {
///     "homes-count" => Some(4000.0),
///     "customers-online-share" => Some(65.0),
///     _ => None,
/// };
/// assert_eq!(e.eval(&answers), Some(1400.0));
/// assert_eq!(e.answers(), ["homes-count", "customers-online-share"]);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Expr {
    /// A literal number.
    Number(f64),
    /// The numeric answer to a question.
    Answer(String),
    /// Unary minus.
    Neg(Box<Expr>),
    /// A binary operation.
    Binary(Box<Expr>, Op, Box<Expr>),
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

/// Longest expression, in characters.
pub const MAX_CHARS: usize = 1_000;
/// Deepest nesting of parentheses and unary minus signs.
pub const MAX_NESTING: usize = 32;
/// Most operations (`+ - * /`) in one expression.
pub const MAX_OPERATIONS: usize = 100;
/// Deepest tree the evaluator walks: what the parser can build, and no more.
const MAX_EVAL_DEPTH: usize = MAX_NESTING + MAX_OPERATIONS + 2;

/// Why an expression does not parse, with the 0-based character offset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprError {
    /// Offset of the problem in the expression.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at character {})", self.message, self.offset + 1)
    }
}

impl Expr {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Expr, ExprError> {
        let count = text.chars().count();
        if count > MAX_CHARS {
            return Err(ExprError {
                offset: MAX_CHARS,
                message: format!(
                    "the expression is {count} characters long; at most {MAX_CHARS} are read"
                ),
            });
        }
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser {
            chars,
            pos: 0,
            depth: 0,
            operations: 0,
        };
        let e = p.sum()?;
        p.skip_ws();
        if p.pos < p.chars.len() {
            return Err(p.error(format!("unexpected `{}`", p.chars[p.pos])));
        }
        Ok(e)
    }

    /// Question ids the expression reads, in order of appearance.
    pub fn answers(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect(&mut out);
        out
    }

    fn collect<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Expr::Number(_) => {}
            Expr::Answer(id) => out.push(id),
            Expr::Neg(e) => e.collect(out),
            Expr::Binary(a, _, b) => {
                a.collect(out);
                b.collect(out);
            }
        }
    }

    /// Evaluate with `answer` giving each question's numeric answer. `None` when an answer is
    /// missing or the result is not a finite number (division by zero).
    pub fn eval(&self, answer: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
        self.eval_at(answer, 0)
    }

    fn eval_at(&self, answer: &dyn Fn(&str) -> Option<f64>, depth: usize) -> Option<f64> {
        if depth > MAX_EVAL_DEPTH {
            return None;
        }
        let v = match self {
            Expr::Number(n) => *n,
            Expr::Answer(id) => answer(id)?,
            Expr::Neg(e) => -e.eval_at(answer, depth + 1)?,
            Expr::Binary(a, op, b) => {
                let (a, b) = (a.eval_at(answer, depth + 1)?, b.eval_at(answer, depth + 1)?);
                match op {
                    Op::Add => a + b,
                    Op::Sub => a - b,
                    Op::Mul => a * b,
                    Op::Div => a / b,
                }
            }
        };
        v.is_finite().then_some(v)
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    /// Parentheses and unary minus signs open around the current position.
    depth: usize,
    operations: usize,
}

impl Parser {
    fn error(&self, message: String) -> ExprError {
        ExprError {
            offset: self.pos,
            message,
        }
    }

    /// Count one more operation, refusing more than [`MAX_OPERATIONS`].
    fn operation(&mut self) -> Result<(), ExprError> {
        self.operations += 1;
        if self.operations > MAX_OPERATIONS {
            return Err(self.error(format!(
                "the expression has more than {MAX_OPERATIONS} operations; split the calculation over several questions"
            )));
        }
        Ok(())
    }

    /// Go one level deeper, refusing more than [`MAX_NESTING`].
    fn nest(&mut self) -> Result<(), ExprError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(format!(
                "the expression nests more than {MAX_NESTING} parentheses or minus signs deep"
            )));
        }
        Ok(())
    }

    fn skip_ws(&mut self) {
        while self.pos < self.chars.len() && self.chars[self.pos].is_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_ws();
        self.chars.get(self.pos).copied()
    }

    fn sum(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.product()?;
        while let Some(c @ ('+' | '-')) = self.peek() {
            self.pos += 1;
            self.operation()?;
            let op = if c == '+' { Op::Add } else { Op::Sub };
            let right = self.product()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, ExprError> {
        let mut left = self.unary()?;
        while let Some(c @ ('*' | '/')) = self.peek() {
            self.pos += 1;
            self.operation()?;
            let op = if c == '*' { Op::Mul } else { Op::Div };
            let right = self.unary()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek() == Some('-') {
            self.pos += 1;
            self.nest()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Neg(Box::new(e)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                self.nest()?;
                let e = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected `)`".to_owned()));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(e)
            }
            Some(c) if c.is_ascii_digit() || c == '.' => {
                let start = self.pos;
                while self.pos < self.chars.len()
                    && (self.chars[self.pos].is_ascii_digit() || self.chars[self.pos] == '.')
                {
                    self.pos += 1;
                }
                let s: String = self.chars[start..self.pos].iter().collect();
                match s.parse::<f64>() {
                    Ok(n) if crate::limits::sane(n) => Ok(Expr::Number(n)),
                    Ok(n) => Err(ExprError {
                        offset: start,
                        message: crate::limits::insane_reason(n),
                    }),
                    Err(_) => Err(ExprError {
                        offset: start,
                        message: format!("`{s}` is not a number"),
                    }),
                }
            }
            Some(c) if c.is_ascii_lowercase() => {
                let start = self.pos;
                while self.pos < self.chars.len() {
                    let c = self.chars[self.pos];
                    let glued_hyphen = c == '-'
                        && self
                            .chars
                            .get(self.pos + 1)
                            .is_some_and(|n| n.is_ascii_lowercase() || n.is_ascii_digit());
                    if c.is_ascii_lowercase() || c.is_ascii_digit() || glued_hyphen {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                Ok(Expr::Answer(self.chars[start..self.pos].iter().collect()))
            }
            Some(c) => Err(self.error(format!("unexpected `{c}`"))),
            None => Err(self.error("expression ends too soon".to_owned())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(text: &str, answers: &[(&str, f64)]) -> Option<f64> {
        let e = Expr::parse(text).unwrap();
        e.eval(&|id| answers.iter().find(|(k, _)| *k == id).map(|(_, v)| *v))
    }

    #[test]
    fn kebab_ids_and_spaced_minus() {
        let v = eval(
            "homes-count * (100 - customers-online-share) / 100",
            &[("homes-count", 2000.0), ("customers-online-share", 60.0)],
        );
        assert_eq!(v, Some(800.0));
    }

    #[test]
    fn precedence_and_unary_minus() {
        assert_eq!(eval("2 + 3 * 4", &[]), Some(14.0));
        assert_eq!(eval("-(2 + 3) * 4", &[]), Some(-20.0));
        assert_eq!(eval("10 / 4", &[]), Some(2.5));
    }

    #[test]
    fn missing_answer_or_division_by_zero_gives_none() {
        assert_eq!(eval("a + 1", &[]), None);
        assert_eq!(eval("1 / 0", &[]), None);
    }

    #[test]
    fn parse_errors_name_the_place() {
        let err = Expr::parse("2 + * 3").unwrap_err();
        assert_eq!(err.offset, 4);
        assert!(Expr::parse("(1 + 2").unwrap_err().message.contains("`)`"));
        assert!(Expr::parse("1 2").is_err());
    }

    /// 30,000 nested parentheses in a `default-expr` used to overflow the stack (issue 12).
    #[test]
    fn deep_long_or_busy_expressions_are_refused_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(30_000), ")".repeat(30_000));
        let err = Expr::parse(&deep).unwrap_err();
        assert!(err.message.contains("at most 1000 are read"), "{err}");
        let nested = format!(
            "{}1{}",
            "(".repeat(MAX_NESTING + 1),
            ")".repeat(MAX_NESTING + 1)
        );
        let err = Expr::parse(&nested).unwrap_err();
        assert!(err.message.contains("nests more than 32"), "{err}");
        assert!(Expr::parse(&"-".repeat(MAX_NESTING + 1)).is_err());
        let ok = format!("{}1{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert_eq!(Expr::parse(&ok).unwrap().eval(&|_| None), Some(1.0));
        let huge = format!("homes * 1{}", "0".repeat(400));
        let err = Expr::parse(&huge).unwrap_err();
        assert!(err.message.contains("not a finite number"), "{err}");
        assert!(
            Expr::parse("2 * 10000000000000")
                .unwrap_err()
                .message
                .contains("beyond")
        );
        let busy = vec!["1"; MAX_OPERATIONS + 2].join("+");
        let err = Expr::parse(&busy).unwrap_err();
        assert!(err.message.contains("more than 100 operations"), "{err}");
        let fine = vec!["1"; MAX_OPERATIONS + 1].join("+");
        assert_eq!(eval(&fine, &[]), Some(101.0));
    }

    #[test]
    fn the_evaluator_refuses_a_tree_deeper_than_the_parser_builds() {
        let mut e = Expr::Number(1.0);
        for _ in 0..10_000 {
            e = Expr::Neg(Box::new(e));
        }
        assert_eq!(e.eval(&|_| None), None);
        // Dropping it must not overflow either: unwind it by hand.
        while let Expr::Neg(inner) = e {
            e = *inner;
        }
    }

    #[test]
    fn lists_answers_read() {
        let e = Expr::parse("a-b + c * a-b").unwrap();
        assert_eq!(e.answers(), vec!["a-b", "c", "a-b"]);
    }
}
