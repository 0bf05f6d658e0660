//! The kit's content types, exactly as they are written in YAML.
//!
//! Every struct denies unknown fields and uses kebab-case keys, so a typo in a kit is an error
//! rather than silence. One [`KitFile`] describes every file of a kit: a folder's files each hold
//! any subset of the sections and are merged on load. These types say what a file may contain;
//! [`crate::kit::Kit`] is what a kit is once it has been checked as a whole.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One kit file: any subset of the sections below. A folder's files are merged on load.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct KitFile {
    /// Who the kit is, what it is for and what it draws on. Exactly one file of a kit has it.
    pub kit: Option<Metadata>,
    /// The words the engine uses for the kit's things (what its population, levels, barriers
    /// and budget are called). At most one file of a kit has it.
    pub terms: Option<Terms>,
    /// Closed lists that other sections refer to by id: the engine's `barriers`, `levels`,
    /// `partners` and `channels`, and any the kit defines for itself.
    pub vocabularies: Option<Vocabularies>,
    /// Which questions the analysis reads (the size of the population, the share online, the
    /// barriers named, the budget, …).
    pub bindings: Option<Bindings>,
    /// How the strategy document presents itself: its title, subtitle and the answer that names
    /// the strategy. At most one file of a kit has it.
    pub document: Option<DocumentSpec>,
    /// The strategy components, in the order a workshop walks them.
    pub components: Vec<Component>,
    /// Project cards: activities a plan can choose.
    pub cards: Vec<Card>,
    /// Planning sheets for paper workshops.
    pub sheets: Vec<Sheet>,
    /// Scenarios for the planning game.
    pub scenarios: Vec<Scenario>,
    /// The library of measures a plan can track.
    pub measures: Vec<Measure>,
    /// Reference figures with their source and year.
    pub figures: Vec<Figure>,
    /// Reality checks the analysis runs against a plan or a hand of cards.
    pub reality_checks: Vec<RealityCheck>,
}

/// The kit's identity and its sources.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Metadata {
    /// Stable kebab-case id, used by `--kit` and recorded in plans.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of the kit's content (semantic versioning recommended).
    pub version: String,
    /// What the kit is for (Markdown).
    #[serde(default)]
    pub description: String,
    /// Language of the kit's text (BCP 47), used for the documents' `lang`. Default `en-GB`.
    #[serde(default = "default_language")]
    pub language: String,
    /// The documents the kit's content comes from. Every component, card, figure, … names one.
    #[serde(default)]
    pub sources: Vec<Source>,
}

fn default_language() -> String {
    "en-GB".to_owned()
}

/// A source document.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Source {
    /// Id that `source:` fields refer to.
    pub id: String,
    /// Title of the document.
    pub title: String,
    /// Author or publisher.
    #[serde(default)]
    pub author: String,
    /// Year of publication (or of the page's last update).
    #[serde(default)]
    pub year: Option<u16>,
    /// Years the document itself gives for the figures the kit takes from it, besides its own
    /// date: a survey's year, a target's year. A figure's `year-basis: stated` must be one of
    /// these or `year`.
    #[serde(default)]
    pub years: Vec<u16>,
    /// Where a reader can find it.
    #[serde(default)]
    pub url: Option<String>,
    /// What the kit takes from it.
    #[serde(default)]
    pub note: String,
}

/// The words the engine uses for the kit's things. Every output of thinkkit (status, the
/// document, the game, printouts, errors and hints) says these instead of words of its own, so a
/// kit for any sector reads as that sector speaks. Every field has a default.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Terms {
    /// What one member of the population the strategy serves is called: the unit of the
    /// `population` binding and of a scenario's `population`, for example `{singular: member,
    /// plural: members}`. Default `person`/`people`.
    pub population: Noun,
    /// Whom the activities reach (a card's `reach` counts them). Default `person`/`people`.
    pub people: Noun,
    /// The state the strategy works towards, as written after a share: `64% online`. Default
    /// `online`.
    pub online: String,
    /// The opposite state, as written after the population: `1,494 members offline`. Default
    /// `offline`.
    pub offline: String,
    /// What an entry of the `levels` vocabulary is called. Default `level`/`levels`.
    pub level: Noun,
    /// What an entry of the `barriers` vocabulary is called. Default `barrier`/`barriers`.
    pub barrier: Noun,
    /// What an entry of the `partners` vocabulary is called. Default `partner`/`partners`.
    pub partner: Noun,
    /// What the plan's budget (the `budget` binding) is called, without an article: `the
    /// {budget}` must read well. Default `budget`.
    pub budget: String,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            population: Noun::new("person", "people"),
            people: Noun::new("person", "people"),
            online: "online".to_owned(),
            offline: "offline".to_owned(),
            level: Noun::new("level", "levels"),
            barrier: Noun::new("barrier", "barriers"),
            partner: Noun::new("partner", "partners"),
            budget: "budget".to_owned(),
        }
    }
}

/// The strategy document's front matter. Each of `title` and `subtitle` is one pattern or a list
/// of them, tried in order: the first whose placeholders (`{organisation}`, `{name}`, `{kit}`,
/// `{year}`) all have a value is used; `{{` and `}}` write a brace.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct DocumentSpec {
    /// The title. Default `["{organisation}: {kit}", "{kit}"]`; the kit's title when no pattern
    /// can be filled.
    pub title: OneOrMany<String>,
    /// A line under the title, for example `"{organisation}, {year}"`. Default: none.
    pub subtitle: OneOrMany<String>,
    /// The question whose answer names the strategy (a `text` or `choice` question): the
    /// `{name}` of the patterns.
    pub name_from: Option<String>,
}

impl DocumentSpec {
    /// The title patterns, with the default when the kit gives none.
    pub fn title_patterns(&self) -> Vec<String> {
        if self.title.is_empty() {
            vec!["{organisation}: {kit}".to_owned(), "{kit}".to_owned()]
        } else {
            self.title.0.clone()
        }
    }
}

/// A noun in its singular and plural forms.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Noun {
    /// One of them: `member`.
    pub singular: String,
    /// Several of them: `members`.
    pub plural: String,
}

impl Noun {
    /// A noun from its two forms.
    pub fn new(singular: &str, plural: &str) -> Self {
        Noun {
            singular: singular.to_owned(),
            plural: plural.to_owned(),
        }
    }

    /// The form that goes with a count of `n`: singular for exactly one.
    pub fn of(&self, n: f64) -> &str {
        if (n - 1.0).abs() < f64::EPSILON {
            &self.singular
        } else {
            &self.plural
        }
    }
}

/// Closed lists of ids with labels. Four have a meaning for the engine (`barriers`, `levels`,
/// `partners`, `channels`); a kit may define more under names of its own (`age-groups`,
/// `service-points`) for questions (`choices-from`), cards (`vocabularies`) and reality checks.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, rename_all = "kebab-case")]
pub struct Vocabularies {
    /// What keeps people from what the strategy offers; cards say which they address and the
    /// `barriers` binding which the team names. What the kit calls them is `terms.barrier`.
    pub barriers: Vec<Term>,
    /// The levels at which activities act; every card is at one. `terms.level` names them.
    pub levels: Vec<Term>,
    /// Kinds of partner a card may need and a plan may name (`terms.partner`).
    pub partners: Vec<Term>,
    /// Contact channels, for channel shift (for example face to face, telephone, online).
    pub channels: Vec<Term>,
    /// The kit's own vocabularies, by kebab-case name.
    #[serde(flatten)]
    pub others: BTreeMap<String, Vec<Term>>,
}

/// An entry of a vocabulary.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Term {
    /// Kebab-case id.
    pub id: String,
    /// Human label.
    pub label: String,
    /// What the term means.
    #[serde(default)]
    pub description: String,
}

/// Which question ids the analysis reads. Every field is optional: an analysis step whose
/// binding is missing is skipped, and the document and `thinkkit status` say that the kit does
/// not provide it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Bindings {
    /// A number question: how large the population is, counted in `terms.population`.
    pub population: Option<String>,
    /// A percent question: the share of the population already `terms.online`.
    pub share_online: Option<String>,
    /// A multi-choice question whose choices come from the barriers vocabulary.
    pub barriers: Option<String>,
    /// A multi-choice question whose choices come from the partners vocabulary.
    pub partners: Option<String>,
    /// A money question: the budget for the strategy's activities.
    pub budget: Option<String>,
    /// A choice question: how confident staff are with digital tools. Accepted and checked, but
    /// nothing reads it: reality checks name the question itself.
    pub staff_confidence: Option<String>,
    /// The figure (with per-channel values) used for channel-shift unit costs by default.
    pub channel_costs: Option<String>,
    /// A multi-choice question: the services the team will offer online. The channel-shift
    /// step offers its chosen services, and each service's figures are stored under its value.
    pub services: Option<String>,
    /// One of the kit's own vocabularies: a scenario's `mix` gives the share of its population
    /// in each of its terms (for example kinds of branch, or of member).
    pub mix: Option<String>,
}

/// A strategy component: one conversation of the strategy.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Component {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Title, used as the document's section heading.
    pub title: String,
    /// One sentence: what this part of the strategy decides.
    #[serde(default)]
    pub summary: String,
    /// Guidance shown when the component starts (Markdown).
    #[serde(default)]
    pub guidance: String,
    /// Id of the source this component comes from.
    pub source: String,
    /// The questions, in order.
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Ids of the reference figures its guidance relies on; the document lists them under
    /// "Figures used".
    #[serde(default)]
    pub figures: Vec<String>,
    /// The structured steps the workshop offers here, after the questions and in this order.
    /// A kit that names none offers none of them.
    #[serde(default)]
    pub steps: Vec<Step>,
}

/// A structured step of the workshop, placed at a component by its `steps`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Choose project cards: those that list this component in their `components`.
    Cards,
    /// For each chosen card: owner, start month, local set-up and running cost, notes.
    CardDetails,
    /// Measures: offered from the chosen cards' measures and the kit's library, each with a
    /// baseline and a target.
    Measures,
    /// Channel shift: for each service chosen to move online (`bindings.services`),
    /// transactions a year, the channel mix now and aimed for, and the plan's own unit costs.
    ChannelShift,
}

impl Step {
    /// The name used in kit files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Cards => "cards",
            Self::CardDetails => "card-details",
            Self::Measures => "measures",
            Self::ChannelShift => "channel-shift",
        }
    }
}

/// A question of a component.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Question {
    /// Kebab-case id, unique across the whole kit; plans store answers under it.
    pub id: String,
    /// The question as asked.
    pub prompt: String,
    /// Help shown with the prompt (Markdown).
    #[serde(default)]
    pub help: String,
    /// The kind of answer expected.
    #[serde(rename = "type")]
    pub kind: QuestionType,
    /// For `choice` and `multi-choice`: the options. Either this or `choices-from`.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// For `choice` and `multi-choice`: take the options from a vocabulary (one of the engine's
    /// four or one the kit defines), by name.
    #[serde(default)]
    pub choices_from: Option<String>,
    /// A default answer, offered in the workshop.
    #[serde(default)]
    pub default: Option<Literal>,
    /// A default computed from earlier answers: arithmetic over question ids, for example
    /// `population * (100 - share-online) / 100`.
    #[serde(default)]
    pub default_expr: Option<String>,
    /// Whether the strategy is incomplete without an answer. Default false.
    #[serde(default)]
    pub required: bool,
    /// Lowest accepted value (numbers) or fewest items (lists, multi-choice).
    #[serde(default)]
    pub min: Option<f64>,
    /// Highest accepted value (numbers) or most items (lists, multi-choice).
    #[serde(default)]
    pub max: Option<f64>,
    /// For `number`: only whole numbers are accepted (people, visits, years). Default false.
    #[serde(default)]
    pub whole: bool,
    /// Ask only when this condition on earlier answers holds.
    #[serde(default)]
    pub when: Option<Condition>,
    /// The sentence that puts the answer into the strategy document's prose, with `{answer}`
    /// and `{QUESTION-ID}` placeholders (see [`super::statement`]); or one sentence for each
    /// answer of a `choice` or `yes-no` question. Without one, the answer is shown under its
    /// question.
    #[serde(default)]
    pub statement: Option<super::statement::Statement>,
}

/// The kinds of question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionType {
    /// One line of text.
    Text,
    /// Several paragraphs (Markdown).
    LongText,
    /// A number, within `min`/`max` if given.
    Number,
    /// A percentage, 0 to 100.
    Percent,
    /// An amount in pounds; accepts `£1,200` and `1200`.
    Money,
    /// One of `choices`.
    Choice,
    /// Any of `choices`.
    MultiChoice,
    /// Yes or no.
    YesNo,
    /// A list of short free-text items.
    List,
}

impl QuestionType {
    /// The name used in kit files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::LongText => "long-text",
            Self::Number => "number",
            Self::Percent => "percent",
            Self::Money => "money",
            Self::Choice => "choice",
            Self::MultiChoice => "multi-choice",
            Self::YesNo => "yes-no",
            Self::List => "list",
        }
    }

    /// Whether answers are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Number | Self::Percent | Self::Money)
    }

    /// Whether the question offers choices.
    pub fn has_choices(self) -> bool {
        matches!(self, Self::Choice | Self::MultiChoice)
    }
}

/// The vocabularies the engine itself reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum VocabularyName {
    /// The barriers vocabulary.
    Barriers,
    /// The levels vocabulary.
    Levels,
    /// The partners vocabulary.
    Partners,
    /// The channels vocabulary.
    Channels,
}

impl VocabularyName {
    /// The four, in the order kit files usually list them.
    pub const ALL: [VocabularyName; 4] = [
        VocabularyName::Barriers,
        VocabularyName::Levels,
        VocabularyName::Partners,
        VocabularyName::Channels,
    ];

    /// The name used in kit files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Barriers => "barriers",
            Self::Levels => "levels",
            Self::Partners => "partners",
            Self::Channels => "channels",
        }
    }

    /// The engine's vocabulary called `name`, if it is one.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.name() == name)
    }
}

/// An option of a choice question.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Choice {
    /// The value stored in the plan (kebab-case).
    pub value: String,
    /// What the user sees.
    pub label: String,
}

/// A literal value in a kit: a default answer or a value a condition compares with.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Literal {
    /// yes/no.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text or a choice value.
    Text(String),
    /// Several choice values or list items.
    List(Vec<String>),
}

/// A condition, in the one rule language of kits: a question's `when` (on earlier answers only)
/// and a reality check's `rule` (also on the chosen cards, the measures and the budget).
///
/// A condition is one test, or a combination of conditions (`all`, `any`, `not`). A test names
/// its subject (`question`, `cards`, `points`, `covered`, `not-covered`, `named-not-covered`,
/// `covered-not-named`, `prerequisites-missing`, `measures`, `cost`, `budget`) and, where the
/// subject is a number, how to compare it (`at-least`, `at-most`, `above`, `below`, `equals`). A
/// reality check may instead use one of the engine's shorthands with `kind`. docs/kit-format.md
/// lists every test with an example.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct Condition {
    /// Every sub-condition holds.
    pub all: Option<Vec<Condition>>,
    /// At least one sub-condition holds.
    pub any: Option<Vec<Condition>>,
    /// The sub-condition does not hold.
    pub not: Option<Box<Condition>>,
    /// Subject: the answer to this question (an earlier question, in a `when`). Test it with
    /// `equals`, `one-of`, `answered`, or compare a number (or the number of items of a list
    /// answer) with `at-least`, `at-most`, `above`, `below`.
    pub question: Option<String>,
    /// Subject (reality checks): how many chosen cards match this filter (`{}` for all of them).
    /// Without a comparison: at least one.
    pub cards: Option<CardFilter>,
    /// Subject (reality checks): the game points of the chosen cards that match this filter.
    /// Needs a comparison.
    pub points: Option<CardFilter>,
    /// Subject (reality checks): how many terms of this vocabulary at least one chosen card
    /// carries (its level, barriers, partners, or the kit's own `vocabularies`).
    pub covered: Option<String>,
    /// Subject (reality checks): how many terms of this vocabulary no chosen card carries.
    pub not_covered: Option<String>,
    /// Subject (reality checks): the terms of this vocabulary the plan names (the answer to
    /// `named-by`, else the question `bindings` gives for it; in the game, the scenario's) that no
    /// chosen card carries.
    pub named_not_covered: Option<String>,
    /// Subject (reality checks): the terms of this vocabulary that chosen cards carry but the plan
    /// does not name.
    pub covered_not_named: Option<String>,
    /// With `named-not-covered` or `covered-not-named`: the multi-choice question whose answer
    /// names the terms.
    pub named_by: Option<String>,
    /// Subject (reality checks): chosen cards (matching this filter) that build on a card that is
    /// not chosen, counted by what is missing.
    pub prerequisites_missing: Option<CardFilter>,
    /// Subject (reality checks): how many of the plan's measures match this filter (`{}` for all).
    pub measures: Option<MeasureFilter>,
    /// Subject (reality checks): the chosen cards' cost in pounds, a range (`first-year`, `set-up`
    /// or `running`). Needs a comparison; a range is above a number when its high end is, below
    /// it when its low end is.
    pub cost: Option<CostPart>,
    /// Subject (reality checks): the chosen cards against the budget: first-year cost against
    /// `bindings.budget` in a plan, points against the scenario's points in the game.
    pub budget: Option<BudgetTest>,
    /// The answer equals this value (`yes`/`no` for a yes-no question; a multi-choice answer
    /// equals a value it contains); or the number compared equals this.
    pub equals: Option<Literal>,
    /// The answer is one of these values (a multi-choice answer: contains any of them).
    pub one_of: Option<Vec<String>>,
    /// The number is at least this.
    pub at_least: Option<f64>,
    /// The number is at most this.
    pub at_most: Option<f64>,
    /// The number is more than this.
    pub above: Option<f64>,
    /// The number is less than this.
    pub below: Option<f64>,
    /// The question has (true) or has not (false) been answered.
    pub answered: Option<bool>,
    /// Reality checks: one of the engine's shorthands instead of a test (each stands for a rule
    /// of this language; docs/kit-format.md gives it).
    pub kind: Option<RuleKind>,
    /// With `kind: answer-without-card`: the answer values that make the check fire.
    pub values: Option<Vec<String>>,
    /// With `kind: answer-without-card`: the tag a chosen card would need to carry.
    pub tag: Option<String>,
}

/// Which chosen cards a test looks at. Every field given must hold; a list holds when any of its
/// ids does. `{}` is every chosen card.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct CardFilter {
    /// The card is one of these.
    pub card: Ids,
    /// The card carries one of these tags.
    pub tag: Ids,
    /// The card is at one of these levels.
    pub level: Ids,
    /// The card addresses one of these barriers.
    pub barrier: Ids,
    /// The card needs one of these partners.
    pub partner: Ids,
    /// The card serves one of these components.
    pub component: Ids,
    /// The card carries one of these terms of the kit's own vocabularies, by vocabulary name:
    /// `{age-groups: over-65s}`.
    pub vocabularies: BTreeMap<String, Ids>,
}

/// Which of the plan's measures a test looks at. `{}` is every measure the plan tracks.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(default, deny_unknown_fields, rename_all = "kebab-case")]
pub struct MeasureFilter {
    /// The measure is one of these.
    pub measure: Ids,
    /// The measure has all of these: `baseline`, `target`, `values` (recorded since).
    pub with: OneOrMany<MeasurePart>,
    /// The measure has none of these.
    pub without: OneOrMany<MeasurePart>,
}

/// What a plan's measure may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeasurePart {
    /// A baseline value and date.
    Baseline,
    /// A target value and date.
    Target,
    /// At least one value recorded.
    Values,
}

/// Which cost of the chosen cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CostPart {
    /// Set-up plus a year's running.
    FirstYear,
    /// Set-up.
    SetUp,
    /// Running a year.
    Running,
}

/// The chosen cards against the budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BudgetTest {
    /// More than the budget (at the high end of the cost range).
    Over,
    /// Within the budget (even at the high end).
    Within,
}

/// A list of ids, also written as one id: `tag: staff-training` or `tag: [a, b]`.
pub type Ids = OneOrMany<String>;

/// One value or a list of them, as a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct OneOrMany<T>(pub Vec<T>);

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        OneOrMany(Vec::new())
    }
}

impl<T> OneOrMany<T> {
    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.0.iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::{self, IntoDeserializer, SeqAccess, Visitor};
        use std::marker::PhantomData;

        struct OneOrManyVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
            type Value = OneOrMany<T>;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("one value or a list of values")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|one| OneOrMany(vec![one]))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                T::deserialize(v.into_deserializer()).map(|one| OneOrMany(vec![one]))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(OneOrMany(items))
            }
        }

        d.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for OneOrMany<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("OneOrMany_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let one = generator.subschema_for::<T>();
        let many = generator.subschema_for::<Vec<T>>();
        schemars::json_schema!({ "anyOf": [one, many] })
    }
}

/// A project card.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Card {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Short title, as printed on the card.
    pub title: String,
    /// One sentence, shown while choosing.
    pub summary: String,
    /// What the activity is and how it runs (Markdown).
    #[serde(default)]
    pub description: String,
    /// Level id from the `levels` vocabulary.
    pub level: String,
    /// Which strategy components it serves (component ids); shown when choosing cards there.
    #[serde(default)]
    pub components: Vec<String>,
    /// Who it is for.
    #[serde(default)]
    pub audience: String,
    /// Barrier ids it addresses.
    #[serde(default)]
    pub barriers: Vec<String>,
    /// Resource cost in planning-game points, 1 (cheap or volunteer-led) to 3 (the most an
    /// activity costs in the game).
    pub points: u8,
    /// Set-up cost in pounds.
    pub setup_cost: CostRange,
    /// Running cost in pounds a year.
    pub running_cost: CostRange,
    /// Staff time it needs, in words.
    #[serde(default)]
    pub staff_time: String,
    /// People reached a year, and whether it scales. Leave it out for an activity that reaches
    /// nobody directly (staff training, a website): it reaches 0.
    #[serde(default)]
    pub reach: Reach,
    /// Partner ids (partners vocabulary) it needs.
    #[serde(default)]
    pub partners: Vec<String>,
    /// What it produces.
    #[serde(default)]
    pub outputs: Vec<String>,
    /// Measure ids that show its outputs.
    #[serde(default)]
    pub measures: Vec<String>,
    /// What can go wrong.
    #[serde(default)]
    pub risks: Vec<String>,
    /// Lessons from practice.
    #[serde(default)]
    pub lessons: Vec<String>,
    /// Card ids this activity needs in place first.
    #[serde(default)]
    pub builds_on: Vec<String>,
    /// Free tags that reality checks can look for (for example `staff-training`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Terms of the kit's own vocabularies this card carries, by vocabulary name (for example
    /// `{age-groups: [over-75s]}`), for reality checks to look for.
    #[serde(default)]
    pub vocabularies: BTreeMap<String, Vec<String>>,
    /// Ids of the reference figures its costs, reach or lessons rely on; a plan that chooses it
    /// lists them under "Figures used".
    #[serde(default)]
    pub figures: Vec<String>,
    /// Id of the source this card comes from.
    pub source: String,
}

/// A range of pounds. `estimate: true` marks a range no source gives.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CostRange {
    /// Lowest likely cost, in pounds.
    pub min: f64,
    /// Highest likely cost, in pounds.
    pub max: f64,
    /// True when no source gives this figure: replace it with your own.
    #[serde(default)]
    pub estimate: bool,
    /// How the range was reached (for example staff hours × a rate).
    #[serde(default)]
    pub basis: String,
}

/// How many people a card reaches a year.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Reach {
    /// Fewest people a year.
    pub min: u32,
    /// Most people a year.
    pub max: u32,
    /// Whether reach grows with more money or volunteers.
    #[serde(default)]
    pub scales: bool,
    /// True when no source gives this figure.
    #[serde(default)]
    pub estimate: bool,
    /// Where the figure comes from.
    #[serde(default)]
    pub basis: String,
}

/// A planning sheet: a grid, a list of prompts, or both.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Sheet {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Title printed on the sheet.
    pub title: String,
    /// What the sheet is for and how to use it (Markdown).
    #[serde(default)]
    pub instructions: String,
    /// The component this sheet supports, if any.
    #[serde(default)]
    pub component: Option<String>,
    /// Row headings of the grid.
    #[serde(default)]
    pub rows: Vec<String>,
    /// Column headings of the grid.
    #[serde(default)]
    pub columns: Vec<String>,
    /// Prompts with room to write.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// Id of the source.
    pub source: String,
}

/// A scenario for the planning game.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Scenario {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Title.
    pub title: String,
    /// The situation, as read out to players (Markdown).
    pub brief: String,
    /// How large the population is, counted in `terms.population`.
    pub population: u32,
    /// Share of the population already `terms.online`, percent.
    pub share_online: f64,
    /// Budget in game points.
    pub budget_points: u32,
    /// Budget in pounds a year.
    pub budget_money: f64,
    /// Shares of the population in each term of the vocabulary `bindings.mix` names (percent,
    /// adding up to 100), by term id.
    #[serde(default)]
    pub mix: BTreeMap<String, f64>,
    /// Barrier ids most present.
    #[serde(default)]
    pub barriers: Vec<String>,
    /// Partner ids present locally.
    #[serde(default)]
    pub partners: Vec<String>,
    /// Card ids already running (they cost nothing in the game).
    #[serde(default)]
    pub existing_cards: Vec<String>,
    /// Id of the source.
    pub source: String,
}

/// A measure a plan can track.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Measure {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Title.
    pub title: String,
    /// What is counted and how.
    #[serde(default)]
    pub description: String,
    /// Unit of the values.
    pub unit: MeasureUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Where a baseline usually comes from.
    #[serde(default)]
    pub baseline_source: String,
    /// Id of the source.
    pub source: String,
}

/// Units of a measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MeasureUnit {
    /// A percentage.
    Percent,
    /// A count of people, sessions, devices, ….
    Count,
    /// Pounds.
    Money,
    /// A score on a scale.
    Score,
}

/// Which way a measure should move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Higher is better.
    Up,
    /// Lower is better.
    Down,
}

/// A reference figure with its source and year.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Figure {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// What the figure is.
    pub title: String,
    /// A single value. Either this or `values`.
    #[serde(default)]
    pub value: Option<f64>,
    /// Values by channel id (for cost per contact).
    #[serde(default)]
    pub values: BTreeMap<String, f64>,
    /// Unit, in words (for example `£ per contact`).
    pub unit: String,
    /// Year the figure refers to. Leave it out when no source gives one and none can honestly
    /// be estimated: the figure is then cited as "undated".
    #[serde(default)]
    pub year: Option<u16>,
    /// What the year rests on. Without it a year counts as `stated`, or as `estimated` when
    /// `year-approximate` is set; `kit validate` checks it against the source entry.
    #[serde(default)]
    pub year_basis: Option<YearBasis>,
    /// True when the source gives no year and `year` is the nearest the kit's authors could
    /// establish (shown as "c. 2014"); the note says how it was reached.
    #[serde(default)]
    pub year_approximate: bool,
    /// True when the source presents it as an illustration, not a measurement.
    #[serde(default)]
    pub illustrative: bool,
    /// True for a placeholder the kit's authors wrote in to show what belongs here, not a figure
    /// from any source: documents show it as an example to replace.
    #[serde(default)]
    pub example: bool,
    /// Caveats and context.
    #[serde(default)]
    pub note: String,
    /// Id of the source.
    pub source: String,
}

/// What a figure's year rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum YearBasis {
    /// The source gives this year for the figure itself (a survey's year, a target's year): it
    /// must be the source entry's `year` or one of its `years`. Cited as `2019`.
    Stated,
    /// The year is the date of the document that reports the figure, which may be later than
    /// the data: it must be the source entry's `year`. Cited as `reported 2012`.
    Reported,
    /// The source gives no year and the kit's authors estimated one: needs
    /// `year-approximate: true` and the reasoning in the note. Cited as `c. 2014`.
    Estimated,
}

impl YearBasis {
    /// The name used in kit files.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stated => "stated",
            Self::Reported => "reported",
            Self::Estimated => "estimated",
        }
    }
}

impl Figure {
    /// What the year rests on: the `year-basis` written, or the one implied by
    /// `year-approximate`; `None` for an undated figure.
    pub fn year_basis(&self) -> Option<YearBasis> {
        self.year?;
        Some(self.year_basis.unwrap_or(if self.year_approximate {
            YearBasis::Estimated
        } else {
            YearBasis::Stated
        }))
    }

    /// The year as a citation should give it: `2019`, `reported 2012`, `c. 2014`, or `undated`.
    ///
    /// ```
    /// let mut f: thinkkit::kit::model::Figure = serde_yaml::from_str(
    ///     "{id: f, title: F, value: 1, unit: people, source: s}",
    /// ).unwrap();
    /// assert_eq!(f.cited_year(), "undated");
    /// f.year = Some(2014);
    /// f.year_approximate = true;
    /// assert_eq!(f.cited_year(), "c. 2014");
    /// ```
    pub fn cited_year(&self) -> String {
        match (self.year, self.year_basis()) {
            (Some(y), Some(YearBasis::Reported)) => format!("reported {y}"),
            (Some(y), Some(YearBasis::Estimated)) => format!("c. {y}"),
            (Some(y), _) => y.to_string(),
            (None, _) => "undated".to_owned(),
        }
    }
}

/// A reality check: a rule the analysis applies, with the explanation shown when it fires.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RealityCheck {
    /// Kebab-case id, unique in the kit.
    pub id: String,
    /// Short title shown when it fires.
    pub title: String,
    /// Why it matters and what to do (Markdown).
    pub explanation: String,
    /// How serious it is.
    #[serde(default)]
    pub severity: Severity,
    /// When it fires: a condition of the rule language (or one of the shorthands, `kind`).
    pub rule: Condition,
    /// Ids of the reference figures its explanation relies on, listed under "Figures used" when
    /// it fires.
    #[serde(default)]
    pub figures: Vec<String>,
    /// Id of the source.
    pub source: String,
}

/// How serious a reality check is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Worth a conversation.
    Note,
    /// Likely to undermine the plan.
    #[default]
    Warning,
}

/// The engine's shorthand rules (`rule: {kind: …}`), each standing for a rule of the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    /// `question`'s answer is one of `values` but no chosen card carries `tag`: `{all: [{question:
    /// Q, one-of: VALUES}, {not: {cards: {tag: TAG}}}]}`.
    AnswerWithoutCard,
    /// Measures are chosen but none has a baseline: `{all: [{measures: {}}, {not: {measures:
    /// {with: baseline}}}]}`.
    NoMeasureBaseline,
    /// No measures are chosen at all: `{not: {measures: {}}}`.
    NoMeasures,
    /// Every chosen card is at the same level (and the kit has others): `{all: [{covered: levels,
    /// equals: 1}, {not-covered: levels}]}`.
    SingleLevel,
    /// Chosen cards cost more than the budget: `{budget: over}`.
    OverBudget,
    /// A chosen card needs a partner the plan does not name: `{covered-not-named: partners}`.
    MissingPartner,
    /// A barrier the team named is addressed by no chosen card: `{named-not-covered: barriers}`.
    BarrierUnaddressed,
    /// A chosen card builds on a card that is not chosen: `{prerequisites-missing: {}}`.
    MissingPrerequisite,
}

impl RuleKind {
    /// The name used in kit files.
    pub fn name(self) -> &'static str {
        match self {
            Self::AnswerWithoutCard => "answer-without-card",
            Self::NoMeasureBaseline => "no-measure-baseline",
            Self::NoMeasures => "no-measures",
            Self::SingleLevel => "single-level",
            Self::OverBudget => "over-budget",
            Self::MissingPartner => "missing-partner",
            Self::BarrierUnaddressed => "barrier-unaddressed",
            Self::MissingPrerequisite => "missing-prerequisite",
        }
    }
}
