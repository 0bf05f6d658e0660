//! Turning what a person typed (or a value from a YAML file) into a checked answer.
//!
//! One set of rules serves the workshop, `thinkkit answer --set` and `--from`, so an answer the
//! workshop refuses is refused everywhere, with the same words. Parsing is by question type:
//!
//! | type | accepts |
//! |---|---|
//! | text, long-text | any text |
//! | number | `1200`, `1,200`, `1200.5`, within `min`/`max`; with `whole: true`, whole numbers only |
//! | percent | `45`, `45%`, `12.5`, within 0–100 (and `min`/`max`) |
//! | money | `£1,200`, `1200`, `1,200.50` (pence at most two places), `45k`, `£45k`, `£1.2m`, within `min`/`max` |
//! | choice | a choice's value or label (any case), or its 1-based number |
//! | multi-choice | choices as above, separated by commas; `min`/`max` count them |
//! | yes-no | yes, no, y, n, true, false (any case) |
//! | list | items separated by `;` or new lines; `min`/`max` count them |
//!
//! `k` (thousand) and `m` (million) are read only for money, where `£45k` and `£1.2m` are how
//! budgets are written in housing papers; a count of homes is written out. A list's limits can
//! be checked item by item as they are typed ([`Interview::list_items`]), so a front end can
//! refuse the seventh of at most six goals without losing the six.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::kit::diagnostic::unknown_help;
use crate::kit::{Choice, Question, QuestionType};
use crate::plan::Answer;

use super::Interview;

/// Why an answer is refused. The message does not name the question, so that the workshop can
/// show it under the prompt and `answer` can prefix the question id (and the file position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAnswer {
    /// What is wrong: short, lowercase.
    pub message: String,
    /// What would be accepted, when that helps.
    pub help: Option<String>,
}

impl InvalidAnswer {
    fn new(message: impl Into<String>) -> Self {
        InvalidAnswer {
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for InvalidAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, " ({help})")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidAnswer {}

impl Interview<'_> {
    /// Parse typed text as an answer to `q`. `Ok(None)` means "no answer" (blank input to a
    /// question that is not required); blank input to a required question is an error.
    pub fn parse(&self, q: &Question, text: &str) -> Result<Option<Answer>, InvalidAnswer> {
        let text = text.trim();
        if text.is_empty() {
            return if q.required {
                Err(InvalidAnswer::new(
                    "an answer is needed: this question is required",
                ))
            } else {
                Ok(None)
            };
        }
        let answer = match q.kind {
            QuestionType::Text | QuestionType::LongText => Answer::Text(text.to_owned()),
            QuestionType::Number => Answer::Number(number(text).ok_or_else(|| {
                InvalidAnswer::new(format!("`{text}` is not a number")).help(if q.whole {
                    "write a whole number in digits, like `1200` or `1,200`"
                } else {
                    "write digits, like `1200` or `1,200`"
                })
            })?),
            QuestionType::Percent => {
                let bare = text.strip_suffix('%').unwrap_or(text).trim_end();
                Answer::Number(number(bare).ok_or_else(|| {
                    InvalidAnswer::new(format!("`{text}` is not a percentage"))
                        .help("write a number from 0 to 100, like `45` or `45%`")
                })?)
            }
            QuestionType::Money => Answer::Number(money(text)?),
            QuestionType::Choice => {
                let choices = self.kit.choices(q);
                Answer::Text(resolve_choice(&choices, text)?)
            }
            QuestionType::MultiChoice => {
                let choices = self.kit.choices(q);
                Answer::List(ChoiceIndex::new(&choices).resolve_many(text)?)
            }
            QuestionType::YesNo => Answer::Bool(yes_no(text).ok_or_else(|| {
                InvalidAnswer::new(format!("`{text}` is not yes or no"))
                    .help("write yes, no, y or n")
            })?),
            QuestionType::List => Answer::List(
                text.split([';', '\n'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        };
        self.check(q, answer).map(Some)
    }

    /// Accept a value that arrives already typed (from a YAML file or a prompt that offers
    /// choices): native values are checked as they are; anything else is read as text, so
    /// `"£1,200"` for a money question or `"yes"` for a yes/no question works in a file too.
    pub fn accept(&self, q: &Question, value: &Answer) -> Result<Answer, InvalidAnswer> {
        let native = match (q.kind, value) {
            (QuestionType::YesNo, Answer::Bool(_))
            | (
                QuestionType::Number | QuestionType::Percent | QuestionType::Money,
                Answer::Number(_),
            )
            | (QuestionType::List, Answer::List(_)) => Some(value.clone()),
            (QuestionType::MultiChoice, Answer::List(items)) => {
                let choices = self.kit.choices(q);
                let index = ChoiceIndex::new(&choices);
                let values = items
                    .iter()
                    .map(|item| index.resolve(item))
                    .collect::<Result<Vec<String>, _>>()?;
                Some(Answer::List(
                    index.in_kit_order(&values.iter().map(String::as_str).collect()),
                ))
            }
            (_, Answer::List(_)) => {
                return Err(InvalidAnswer::new(format!(
                    "expected one value for a `{}` question, not a list",
                    q.kind.name()
                )));
            }
            _ => None,
        };
        match native {
            Some(Answer::List(items)) if q.kind == QuestionType::List => {
                let items: Vec<String> = items
                    .iter()
                    .map(|s| s.trim().to_owned())
                    .filter(|s| !s.is_empty())
                    .collect();
                self.check(q, Answer::List(items))
            }
            Some(answer) => self.check(q, answer),
            None => self
                .parse(q, &value.to_string())?
                .ok_or_else(|| InvalidAnswer::new("an answer is needed: the value is empty")),
        }
    }

    /// Check an answer as a plan file holds it. A plan stores each answer in its type's own
    /// shape (a number for money, a choice's value rather than its label, a list for a
    /// multi-choice: see docs/plan-format.md), and then the same rules apply as to a typed
    /// answer ([`Interview::accept`]). A value in another shape is refused, but when `accept`
    /// can read it (`"£45,000"` for money, `England` for the choice `england`) the help says
    /// what to write instead.
    pub fn check_stored(&self, q: &Question, stored: &Answer) -> Result<(), InvalidAnswer> {
        use QuestionType as T;
        let in_shape = match (q.kind, stored) {
            (T::YesNo, Answer::Bool(_))
            | (T::Number | T::Percent | T::Money, Answer::Number(_))
            | (T::Text | T::LongText, Answer::Text(_))
            | (T::List, Answer::List(_)) => true,
            (T::Choice, Answer::Text(v)) => {
                if !self.kit.choices(q).iter().any(|c| &c.value == v) {
                    return Err(self.not_a_value(q, stored, v));
                }
                true
            }
            (T::MultiChoice, Answer::List(items)) => {
                let choices = self.kit.choices(q);
                let values: HashSet<&str> = choices.iter().map(|c| c.value.as_str()).collect();
                let mut seen = HashSet::new();
                for item in items {
                    if !seen.insert(item.as_str()) {
                        return Err(InvalidAnswer::new(format!("`{item}` is listed twice"))
                            .help("list each choice once"));
                    }
                    if !values.contains(item.as_str()) {
                        return Err(self.not_a_value(q, stored, item));
                    }
                }
                true
            }
            _ => false,
        };
        if in_shape {
            return self.check(q, stored.clone()).map(drop);
        }
        let what = match stored {
            Answer::Bool(b) => format!("`{b}` is yes/no"),
            Answer::Number(n) => format!("`{}` is a number", number_text(*n)),
            Answer::Text(t) => format!("`{t}` is text"),
            Answer::List(_) => "a list".to_owned(),
        };
        let shape = match q.kind {
            T::YesNo => "`true` or `false`",
            T::Number | T::Percent | T::Money => "a number",
            T::Text | T::LongText => "text",
            T::Choice => "one choice's value",
            T::MultiChoice => "a list of choices' values",
            T::List => "a list",
        };
        Err(self.stored_fix(
            q,
            stored,
            &format!(
                "{what}, but a `{}` answer is stored as {shape}",
                q.kind.name()
            ),
        ))
    }

    /// `item` of a choice answer is not a choice's value: a label, a number, or a typo.
    fn not_a_value(&self, q: &Question, stored: &Answer, item: &str) -> InvalidAnswer {
        match self.accept(q, stored) {
            Ok(fixed) => InvalidAnswer::new(format!(
                "`{item}` is not a choice's value (a plan stores the value, not the label or number)"
            ))
            .help(format!("write `{}`", stored_text(&fixed))),
            Err(e) => e,
        }
    }

    /// `message`, with help saying what to write instead when [`Interview::accept`] can read
    /// `stored` (else its reason for refusing it).
    fn stored_fix(&self, q: &Question, stored: &Answer, message: &str) -> InvalidAnswer {
        match self.accept(q, stored) {
            Ok(fixed) => {
                InvalidAnswer::new(message).help(format!("write `{}`", stored_text(&fixed)))
            }
            // What `accept` says is the clearer message: `lots` is not an amount in pounds.
            Err(e) => e,
        }
    }

    /// Bounds and `required`, once the answer has its type's shape.
    fn check(&self, q: &Question, answer: Answer) -> Result<Answer, InvalidAnswer> {
        match (&answer, q.kind) {
            (
                Answer::Number(n),
                QuestionType::Number | QuestionType::Percent | QuestionType::Money,
            ) => {
                let (lo, hi) = if q.kind == QuestionType::Percent {
                    (
                        Some(q.min.unwrap_or(0.0).max(0.0)),
                        Some(q.max.unwrap_or(100.0).min(100.0)),
                    )
                } else {
                    (q.min, q.max)
                };
                let shown = |v: f64| {
                    if q.kind == QuestionType::Money {
                        money_text(v)
                    } else {
                        number_text(v)
                    }
                };
                // `.nan`, `.inf` and 1e308 can come from a file; nobody means them.
                if !crate::limits::sane(*n) {
                    return Err(InvalidAnswer::new(crate::limits::insane_reason(*n))
                        .help("give the figure in digits, like `1200`"));
                }
                if q.whole && n.fract() != 0.0 {
                    return Err(InvalidAnswer::new(format!(
                        "{} is not a whole number",
                        number_text(*n)
                    ))
                    .help(format!(
                        "this question counts whole things: write `{}` or `{}`",
                        number_text(n.floor()),
                        number_text(n.ceil())
                    )));
                }
                let out_of_bounds = lo.is_some_and(|lo| *n < lo) || hi.is_some_and(|hi| *n > hi);
                if out_of_bounds {
                    let range = match (lo, hi) {
                        (Some(lo), Some(hi)) => format!("between {} and {}", shown(lo), shown(hi)),
                        (Some(lo), None) => format!("at least {}", shown(lo)),
                        (None, Some(hi)) => format!("at most {}", shown(hi)),
                        (None, None) => String::new(),
                    };
                    return Err(InvalidAnswer::new(format!(
                        "{} is out of range: the answer must be {range}",
                        shown(*n)
                    )));
                }
            }
            (Answer::List(items), QuestionType::MultiChoice | QuestionType::List) => {
                let what = if q.kind == QuestionType::List {
                    "items"
                } else {
                    "choices"
                };
                #[allow(clippy::cast_precision_loss)]
                let n = items.len() as f64;
                if items.is_empty() && q.required {
                    return Err(InvalidAnswer::new(format!(
                        "an answer is needed: give at least one of the {what}"
                    )));
                }
                if let Some(lo) = q.min
                    && n < lo
                {
                    return Err(InvalidAnswer::new(format!(
                        "{} {what} given; give at least {}",
                        items.len(),
                        number_text(lo)
                    )));
                }
                if let Some(hi) = q.max
                    && n > hi
                {
                    return Err(InvalidAnswer::new(format!(
                        "{} {what} given; give at most {}",
                        items.len(),
                        number_text(hi)
                    )));
                }
            }
            (Answer::Text(t), _) if t.trim().is_empty() && q.required => {
                return Err(InvalidAnswer::new(
                    "an answer is needed: this question is required",
                ));
            }
            _ => {}
        }
        Ok(answer)
    }

    /// How many items a list or multi-choice question takes (its `min` and `max`); `None` for
    /// other types.
    pub fn list_limits(&self, q: &Question) -> Option<ListLimits> {
        let what = match q.kind {
            QuestionType::List => "item",
            QuestionType::MultiChoice => "choice",
            _ => return None,
        };
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = |v: Option<f64>| v.map(|v| v.max(0.0).ceil() as usize);
        let min = count(q.min).filter(|m| *m > 0);
        Some(ListLimits {
            min: if q.required { min.or(Some(1)) } else { min },
            max: count(q.max),
            what,
        })
    }

    /// Check a line typed into a list question, given the items typed so far: its items (a
    /// line may hold several separated by `;`), trimmed, or why they are refused (the list is
    /// full). The items so far are not touched, so nothing typed is lost. Whether there are
    /// enough items is for the end of the list: [`Interview::accept`] checks the whole answer.
    pub fn list_items(
        &self,
        q: &Question,
        so_far: &[String],
        line: &str,
    ) -> Result<Vec<String>, InvalidAnswer> {
        let items: Vec<String> = line
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(max) = self.list_limits(q).and_then(|l| l.max)
            && so_far.len() + items.len() > max
        {
            let room = max.saturating_sub(so_far.len());
            return Err(InvalidAnswer::new(if room == 0 {
                format!("the list is full: at most {}", plural(max, "item"))
            } else {
                format!(
                    "that makes {} items, but at most {max} fit: there is room for {room} more",
                    so_far.len() + items.len(),
                )
            })
            .help("finish the list, or change an item you already gave"));
        }
        Ok(items)
    }

    /// The text that, typed at the prompt, gives `answer` back: how an existing answer or a
    /// default is offered for editing.
    pub fn input_text(&self, q: &Question, answer: &Answer) -> String {
        match (q.kind, answer) {
            (QuestionType::Money, Answer::Number(n)) => money_text(*n),
            (QuestionType::Number | QuestionType::Percent, Answer::Number(n)) => number_text(*n),
            (QuestionType::List, Answer::List(items)) => items.join("; "),
            (_, other) => other.to_string(),
        }
    }

    /// How an answer reads to a person: choice labels rather than values, money in pounds.
    pub fn describe(&self, q: &Question, answer: &Answer) -> String {
        let label = |v: &str| {
            self.kit
                .choices(q)
                .iter()
                .find(|c| c.value == v)
                .map_or_else(|| v.to_owned(), |c| c.label.clone())
        };
        match (q.kind, answer) {
            (QuestionType::Choice, Answer::Text(v)) => label(v),
            (QuestionType::MultiChoice, Answer::List(items)) => items
                .iter()
                .map(|v| label(v))
                .collect::<Vec<_>>()
                .join("; "),
            (QuestionType::Percent, Answer::Number(n)) => format!("{}%", number_text(*n)),
            (QuestionType::List, Answer::List(items)) => items.join("; "),
            _ => self.input_text(q, answer),
        }
    }
}

/// A decimal number with optional sign and thousands commas (`-1,234.5`). Refuses what
/// `f64::from_str` would let through but no person means: `1e5`, `inf`, `NaN`, `1,2`.
pub fn number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    if let Some(f) = frac
        && (f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let int_digits = if int.contains(',') {
        let mut groups = int.split(',');
        let first = groups.next()?;
        let first_ok = (1..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_digit());
        let rest_ok = groups
            .clone()
            .all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()));
        if !first_ok || !rest_ok {
            return None;
        }
        int.replace(',', "")
    } else {
        if !int.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        int.to_owned()
    };
    if int_digits.is_empty() && frac.is_none() {
        return None;
    }
    let joined = format!(
        "{}{}.{}",
        if negative { "-" } else { "" },
        if int_digits.is_empty() {
            "0"
        } else {
            &int_digits
        },
        frac.unwrap_or("0")
    );
    joined.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// How many items a list or multi-choice question takes, for the hint beside the prompt
/// and for checking as the team types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListLimits {
    /// Fewest items (a required question needs at least one).
    pub min: Option<usize>,
    /// Most items.
    pub max: Option<usize>,
    what: &'static str,
}

impl ListLimits {
    /// `1 to 6 items`, `at least 2 choices`, `at most 3 items`; `None` when there is no limit.
    pub fn hint(&self) -> Option<String> {
        let plural = |n: usize| plural(n, self.what);
        Some(match (self.min, self.max) {
            (Some(lo), Some(hi)) if lo == hi => plural(lo),
            (Some(lo), Some(hi)) => format!("{lo} to {}", plural(hi)),
            (Some(lo), None) => format!("at least {}", plural(lo)),
            (None, Some(hi)) => format!("at most {}", plural(hi)),
            (None, None) => return None,
        })
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// An amount in pounds: `£1,200`, `1200`, `1,200.50`, `-£50`, `45k`, `£45k`, `£1.2m`.
pub fn money(text: &str) -> Result<f64, InvalidAnswer> {
    let text = text.trim();
    let refuse = || {
        InvalidAnswer::new(format!("`{text}` is not an amount in pounds"))
            .help("write it like `£1,200`, `1200`, `1,200.50` or `£45k`")
    };
    let (negative, rest) = match text.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, text),
    };
    let rest = rest.strip_prefix('£').unwrap_or(rest).trim_start();
    if rest.starts_with('-') || rest.starts_with('+') {
        return Err(refuse());
    }
    let (digits, scale) = split_scale(rest);
    let v = number(digits).ok_or_else(refuse)? * scale;
    // Pence at most: `12.345` and `1.2345k` name fractions of a penny.
    let pence = v * 100.0;
    if (pence - pence.round()).abs() > 1e-6 * pence.abs().max(1.0) {
        return Err(
            InvalidAnswer::new(format!("`{text}` has more than two decimal places"))
                .help("amounts are in pounds and pence, like `1,200.50`"),
        );
    }
    let v = pence.round() / 100.0;
    Ok(if negative { -v } else { v })
}

/// A count or an amount that may be written with `k` or `m`: `21,000`, `21k`, `1.5m`. Refuses
/// what [`number`] refuses.
pub fn amount(text: &str) -> Option<f64> {
    let (digits, scale) = split_scale(text.trim());
    let v = number(digits)? * scale;
    // `1.2 * 1e6` is not exactly `1200000` in binary; what was meant is.
    Some(if scale > 1.0 {
        (v * 1e4).round() / 1e4
    } else {
        v
    })
}

/// `45k` → (`45`, 1000); `1.2m` → (`1.2`, 1000000); anything else unscaled.
fn split_scale(text: &str) -> (&str, f64) {
    let scale = match text.chars().last() {
        Some('k' | 'K') => 1e3,
        Some('m' | 'M') => 1e6,
        _ => return (text, 1.0),
    };
    (text[..text.len() - 1].trim_end(), scale)
}

fn yes_no(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" => Some(true),
        "no" | "n" | "false" => Some(false),
        _ => None,
    }
}

/// One choice by value, label (any case) or 1-based number.
fn resolve_choice(choices: &[Choice], text: &str) -> Result<String, InvalidAnswer> {
    ChoiceIndex::new(choices).resolve(text)
}

fn not_a_choice(choices: &[Choice], text: &str) -> InvalidAnswer {
    InvalidAnswer::new(format!("`{text}` is not one of the choices")).help(format!(
        "{} (or give the choice's number, 1 to {})",
        unknown_help(text, choices.iter().map(|c| c.value.as_str())),
        choices.len()
    ))
}

/// A question's choices, looked up by value or label in constant time, so that reading an
/// answer of any length takes time in proportion to its length (a multi-choice answer of
/// 20,000 items used to take minutes: every item was compared with every choice, at every
/// possible run of comma-separated pieces).
struct ChoiceIndex<'c> {
    choices: &'c [Choice],
    /// Lower-cased value or label → index of the first choice with it.
    by_name: HashMap<String, usize>,
    /// The most comma-separated pieces a value or label spans (`a, b` spans 2).
    widest: usize,
}

impl<'c> ChoiceIndex<'c> {
    fn new(choices: &'c [Choice]) -> Self {
        let mut by_name = HashMap::new();
        let mut widest = 1;
        for (i, c) in choices.iter().enumerate() {
            for name in [&c.value, &c.label] {
                by_name.entry(name.to_ascii_lowercase()).or_insert(i);
                widest = widest.max(name.matches(',').count() + 1);
            }
        }
        ChoiceIndex {
            choices,
            by_name,
            widest,
        }
    }

    /// A choice by value or label (any case), else by its 1-based number.
    fn find(&self, text: &str) -> Option<&'c Choice> {
        if let Some(&i) = self.by_name.get(&text.to_ascii_lowercase()) {
            return Some(&self.choices[i]);
        }
        let n: usize = text.parse().ok()?;
        n.checked_sub(1).and_then(|i| self.choices.get(i))
    }

    fn resolve(&self, text: &str) -> Result<String, InvalidAnswer> {
        let text = text.trim();
        self.find(text)
            .map(|c| c.value.clone())
            .ok_or_else(|| not_a_choice(self.choices, text))
    }

    /// Several choices separated by commas. Labels may themselves hold commas ("Personal
    /// learning, work and interests"), so at each point the longest run of comma-separated
    /// pieces that names a choice wins (no run longer than the widest label can). The result
    /// is in the kit's order, without repeats, so plans diff cleanly.
    fn resolve_many(&self, text: &str) -> Result<Vec<String>, InvalidAnswer> {
        let pieces: Vec<&str> = text.split(',').map(str::trim).collect();
        let mut chosen = HashSet::new();
        let mut i = 0;
        while i < pieces.len() {
            if pieces[i].is_empty() {
                i += 1;
                continue;
            }
            let last = pieces.len().min(i + self.widest);
            let found = (i + 1..=last).rev().find_map(|j| {
                self.find(&pieces[i..j].join(", "))
                    .or_else(|| self.find(&pieces[i..j].join(",")))
                    .map(|c| (j, c))
            });
            match found {
                Some((j, c)) => {
                    chosen.insert(c.value.as_str());
                    i = j;
                }
                None => return Err(not_a_choice(self.choices, pieces[i])),
            }
        }
        Ok(self.in_kit_order(&chosen))
    }

    fn in_kit_order(&self, chosen: &HashSet<&str>) -> Vec<String> {
        self.choices
            .iter()
            .filter(|c| chosen.contains(c.value.as_str()))
            .map(|c| c.value.clone())
            .collect()
    }
}

/// An answer as it is written in a plan file: `45000`, `england`, `[cost, skills]`, `true`.
fn stored_text(answer: &Answer) -> String {
    match answer {
        Answer::Bool(b) => b.to_string(),
        Answer::Number(n) => number_text(*n),
        Answer::Text(t) => t.clone(),
        Answer::List(items) => format!("[{}]", items.join(", ")),
    }
}

/// `1200`, `12.5`: whole numbers without a decimal point.
pub(super) fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        let s = format!("{v:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// `£1,200`, `£1,200.50`: pence kept, unlike [`crate::text::money`], because this text is
/// offered for editing and must give the same amount back.
fn money_text(v: f64) -> String {
    let pence = (v.abs() * 100.0).round();
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let pence = pence as u64;
    let pounds = crate::text::group_thousands(pence / 100);
    let sign = if v < 0.0 { "-" } else { "" };
    match pence % 100 {
        0 => format!("{sign}£{pounds}"),
        p => format!("{sign}£{pounds}.{p:02}"),
    }
}
