//! The plan file: the team's work, as YAML a person can read and diff.
//!
//! Maps are `BTreeMap`s and fields are declared in the order they should appear, so the same
//! plan always serializes to the same text (stable key order, small diffs). Empty sections are
//! left out of the file.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Numbers are written as a person would type them: `21000`, not `21000.0`.
mod number {
    use std::collections::BTreeMap;

    use serde::{Serialize, Serializer};

    /// The integer a whole float stands for, if it is one (and small enough to be exact).
    #[allow(clippy::cast_possible_truncation)]
    fn whole(v: f64) -> Option<i64> {
        (v.fract() == 0.0 && v.abs() < 1e15).then_some(v as i64)
    }

    pub(super) fn one<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        match whole(*v) {
            Some(i) => s.serialize_i64(i),
            None => s.serialize_f64(*v),
        }
    }

    #[allow(clippy::ref_option)]
    pub(super) fn option<S: Serializer>(v: &Option<f64>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(v) => one(v, s),
            None => s.serialize_none(),
        }
    }

    pub(super) fn map<S: Serializer>(m: &BTreeMap<String, f64>, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct N(#[serde(serialize_with = "one")] f64);
        s.collect_map(m.iter().map(|(k, v)| (k, N(*v))))
    }
}

/// The plan format this build writes and reads.
pub const FORMAT: u32 = 1;

/// A strategy plan.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Plan {
    /// Plan format version (currently 1).
    pub thinkkit_plan: u32,
    /// The kit the plan was made with.
    pub kit: KitStamp,
    /// The organisation whose strategy this is.
    #[serde(default)]
    pub organisation: String,
    /// The team or breakout group that made this plan, when several plan for one organisation
    /// (`thinkkit compare` names plans by it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// When the plan was started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Date>,
    /// When it last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<Date>,
    /// Answers by question id.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, Answer>,
    /// Answers the team took from the kit's computed suggestion (a question's `default-expr`):
    /// they follow their inputs, worked out again whenever the plan is opened or changed, until
    /// the team types a figure of its own.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub computed: BTreeSet<String>,
    /// Questions the team will decide later, by question id, each with an optional note and
    /// owner. Any question can be to decide, required ones too.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub to_decide: BTreeMap<String, ToDecide>,
    /// Optional questions the team chose to leave unanswered: not asked again on resume.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub skipped: BTreeSet<String>,
    /// Chosen project cards, in the order chosen.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cards: Vec<ChosenCard>,
    /// Measures the plan tracks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<PlanMeasure>,
    /// Services to move online, for the channel-shift savings.
    #[serde(default, skip_serializing_if = "ChannelShift::is_empty")]
    pub channel_shift: ChannelShift,
    /// Answers to questions the current kit no longer has: kept, never dropped silently.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub orphaned: BTreeMap<String, Answer>,
}

/// Which kit (and version) a plan was made with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct KitStamp {
    /// The kit's id.
    pub id: String,
    /// The kit's version when the plan was last saved.
    pub version: String,
    /// For a kit that is not built in: its path, relative to the plan file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// An answer. Its shape follows the question's type: yes/no is a bool; number, percent and
/// money are numbers; text, long text and choice are strings; multi-choice and list are lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// yes/no.
    Bool(bool),
    /// number, percent, money.
    Number(f64),
    /// text, long text, choice.
    Text(String),
    /// multi-choice, list.
    List(Vec<String>),
}

/// What an answer that is none of [`Answer`]'s shapes is told.
const NOT_AN_ANSWER: &str =
    "an answer is text, a number, yes/no or a list of text, not a mapping or a list of lists";

/// Read as `#[serde(untagged)]` would read it (the value's own type decides the shape), but
/// straight from the value: the derived version copied each answer into serde's buffer first
/// and then tried the shapes in turn, formatting an error message for each that failed, which
/// was most of the work of reading a plan's answers.
impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(AnswerVisitor)
    }
}

struct AnswerVisitor;

/// Visit methods for shapes that are not answers (or, in a list, not text): each is refused
/// with [`NOT_AN_ANSWER`]. An error of the reader's own (a number too large, say) is not one of
/// these, and passes through with its place.
macro_rules! not_an_answer {
    (values: $($method:ident($arg:ty)),*) => {$(
        fn $method<E: serde::de::Error>(self, _: $arg) -> Result<Self::Value, E> {
            Err(E::custom(NOT_AN_ANSWER))
        }
    )*};
    (empty: $($method:ident),*) => {$(
        fn $method<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Err(E::custom(NOT_AN_ANSWER))
        }
    )*};
    (nested: $($method:ident<$access:ident: $bound:path>),*) => {$(
        fn $method<$access: $bound>(self, _: $access) -> Result<Self::Value, $access::Error> {
            Err(serde::de::Error::custom(NOT_AN_ANSWER))
        }
    )*};
    (wrapped: $($method:ident),*) => {$(
        fn $method<D: serde::Deserializer<'de>>(self, _: D) -> Result<Self::Value, D::Error> {
            Err(serde::de::Error::custom(NOT_AN_ANSWER))
        }
    )*};
}

impl<'de> serde::de::Visitor<'de> for AnswerVisitor {
    type Value = Answer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text, a number, yes/no or a list of text")
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Answer, E> {
        Ok(Answer::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Answer, E> {
        Ok(Answer::Number(v as f64))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Answer, E> {
        Ok(Answer::Number(v))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Answer, E> {
        Ok(Answer::Text(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Answer, E> {
        Ok(Answer::Text(v))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Answer, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element::<ListItem>()? {
            items.push(item.0);
        }
        Ok(Answer::List(items))
    }
    not_an_answer!(values: visit_bytes(&[u8]));
    not_an_answer!(empty: visit_unit, visit_none);
    not_an_answer!(nested: visit_map<A: serde::de::MapAccess<'de>>, visit_enum<A: serde::de::EnumAccess<'de>>);
    not_an_answer!(wrapped: visit_some, visit_newtype_struct);
}

/// One item of a list answer: text only, as the derived `Vec<String>` shape took it. The item's
/// own type decides, as in the derived version: a number or yes/no in a list is not text.
struct ListItem(String);

impl<'de> Deserialize<'de> for ListItem {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ItemVisitor)
    }
}

struct ItemVisitor;

impl<'de> serde::de::Visitor<'de> for ItemVisitor {
    type Value = ListItem;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("text")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ListItem, E> {
        Ok(ListItem(v.to_owned()))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<ListItem, E> {
        Ok(ListItem(v))
    }
    not_an_answer!(values: visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_bytes(&[u8]));
    not_an_answer!(empty: visit_unit, visit_none);
    not_an_answer!(nested: visit_seq<A: serde::de::SeqAccess<'de>>, visit_map<A: serde::de::MapAccess<'de>>, visit_enum<A: serde::de::EnumAccess<'de>>);
    not_an_answer!(wrapped: visit_some, visit_newtype_struct);
}

impl Serialize for Answer {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Answer::Bool(b) => s.serialize_bool(*b),
            Answer::Number(n) => number::one(n, s),
            Answer::Text(t) => s.serialize_str(t),
            Answer::List(l) => l.serialize(s),
        }
    }
}

impl Answer {
    /// Whether the answer says nothing: an empty text, a list of empty items, a number that is
    /// not finite. Such an answer counts as no answer.
    pub fn is_empty(&self) -> bool {
        match self {
            Answer::Text(t) => t.trim().is_empty(),
            Answer::List(l) => l.iter().all(|i| i.trim().is_empty()),
            Answer::Number(n) => !n.is_finite(),
            Answer::Bool(_) => false,
        }
    }
    /// The number, for numeric answers.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Answer::Number(n) => Some(*n),
            _ => None,
        }
    }
    /// The text, for text and choice answers.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Answer::Text(t) => Some(t),
            _ => None,
        }
    }
    /// The items, for list and multi-choice answers.
    pub fn as_list(&self) -> Option<&[String]> {
        match self {
            Answer::List(l) => Some(l),
            _ => None,
        }
    }
    /// The bool, for yes/no answers.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Answer::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Bool(true) => f.write_str("yes"),
            Answer::Bool(false) => f.write_str("no"),
            Answer::Number(n) if n.fract() == 0.0 => write!(f, "{n:.0}"),
            Answer::Number(n) => write!(f, "{n}"),
            Answer::Text(t) => f.write_str(t),
            Answer::List(l) => f.write_str(&l.join(", ")),
        }
    }
}

/// A question the team will decide later.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ToDecide {
    /// What is still to settle, or what the decision waits for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Who will bring the answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
}

/// A project card the plan has chosen, with the local details the team adds.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChosenCard {
    /// The card's id in the kit.
    pub id: String,
    /// Local set-up cost in pounds, replacing the card's range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "number::option"
    )]
    pub cost: Option<f64>,
    /// Local running cost in pounds a year, replacing the card's range.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "number::option"
    )]
    pub running_cost: Option<f64>,
    /// Who leads it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// When it starts (free text such as `2027-04` or `spring 2027`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A measure the plan tracks.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PlanMeasure {
    /// The measure's id in the kit.
    pub id: String,
    /// Where we start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<Reading>,
    /// Where we aim to be, and by when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Values recorded since, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<Reading>,
}

/// A dated value of a measure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Reading {
    /// The value.
    #[serde(serialize_with = "number::one")]
    pub value: f64,
    /// When it was measured.
    pub date: Date,
    /// Where it comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A target value and date.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Target {
    /// The value to reach.
    #[serde(serialize_with = "number::one")]
    pub value: f64,
    /// By when.
    pub by: Date,
}

/// Services the team moves online and the unit costs used to value it.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct ChannelShift {
    /// The services.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceShift>,
    /// The team's own cost per contact by channel id, replacing the kit's figure.
    #[serde(
        skip_serializing_if = "BTreeMap::is_empty",
        serialize_with = "number::map"
    )]
    pub unit_costs: BTreeMap<String, f64>,
    /// Where the team's unit costs come from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_costs_source: Option<String>,
}

impl ChannelShift {
    /// Whether nothing has been entered.
    pub fn is_empty(&self) -> bool {
        self.services.is_empty() && self.unit_costs.is_empty() && self.unit_costs_source.is_none()
    }
}

/// One service moving between channels.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ServiceShift {
    /// The service (for example `repairs reporting`).
    pub service: String,
    /// Transactions a year.
    #[serde(serialize_with = "number::one")]
    pub transactions_per_year: f64,
    /// Share of transactions by channel id now (percent).
    #[serde(serialize_with = "number::map")]
    pub now: BTreeMap<String, f64>,
    /// Share by channel id aimed for (percent).
    #[serde(serialize_with = "number::map")]
    pub target: BTreeMap<String, f64>,
}
