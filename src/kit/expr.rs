//! Arithmetic for computed defaults (`default-expr`): numbers, question ids, `+ - * /` and
//! parentheses. Question ids are kebab-case, so a binary minus needs spaces around it:
//! `homes-count - 10` subtracts, `homes-count-10` would be one (unknown) id.

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
        let chars: Vec<char> = text.chars().collect();
        let mut p = Parser { chars, pos: 0 };
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
        let v = match self {
            Expr::Number(n) => *n,
            Expr::Answer(id) => answer(id)?,
            Expr::Neg(e) => -e.eval(answer)?,
            Expr::Binary(a, op, b) => {
                let (a, b) = (a.eval(answer)?, b.eval(answer)?);
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
}

impl Parser {
    fn error(&self, message: String) -> ExprError {
        ExprError {
            offset: self.pos,
            message,
        }
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
            let op = if c == '*' { Op::Mul } else { Op::Div };
            let right = self.unary()?;
            left = Expr::Binary(Box::new(left), op, Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ExprError> {
        if self.peek() == Some('-') {
            self.pos += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.atom()
    }

    fn atom(&mut self) -> Result<Expr, ExprError> {
        match self.peek() {
            Some('(') => {
                self.pos += 1;
                let e = self.sum()?;
                if self.peek() != Some(')') {
                    return Err(self.error("expected `)`".to_owned()));
                }
                self.pos += 1;
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
                s.parse().map(Expr::Number).map_err(|_| ExprError {
                    offset: start,
                    message: format!("`{s}` is not a number"),
                })
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

    #[test]
    fn lists_answers_read() {
        let e = Expr::parse("a-b + c * a-b").unwrap();
        assert_eq!(e.answers(), vec!["a-b", "c", "a-b"]);
    }
}
