//! Kits: the read-only content every other part of thinkkit reads.
//!
//! A kit is written as YAML ([`model`]), read and merged by [`load`], and checked as a whole by
//! [`validate`] into a [`Kit`]. Code after loading holds a `Kit` that cannot be invalid: every
//! reference resolves, every id is unique, every `when` names an earlier question. Its fields are
//! private and only the loader builds one.

pub mod builtin;
pub mod diagnostic;
pub mod expr;
pub mod load;
pub mod lookup;
pub mod model;
mod part;
pub mod pattern;
pub mod prebuilt;
pub mod rule;
pub mod statement;
mod validate;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use part::{Keyed, ListPart, Part};

pub use diagnostic::{Diagnostic, Diagnostics};
pub use expr::Expr;
pub use load::{KitRef, load};
pub use model::*;
pub use rule::Rule;

/// Where a kit came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// Embedded in the binary, by id.
    BuiltIn(String),
    /// Read from this file or folder.
    Path(PathBuf),
}

/// A validated kit.
///
/// It is serialized only for the pre-built built-in kits ([`prebuilt`]), whose bytes the build
/// wrote from a kit it had validated, and which are read a part at a time ([`part`]); any other
/// kit is built by the loader with every part in hand.
#[derive(Debug, Clone, Serialize)]
pub struct Kit {
    origin: Origin,
    meta: Part<Metadata>,
    terms: Part<Terms>,
    vocabularies: Part<Vocabularies>,
    bindings: Part<Bindings>,
    document: Part<DocumentSpec>,
    components: Part<Vec<Component>>,
    cards: ListPart<Card>,
    sheets: Part<Vec<Sheet>>,
    scenarios: Part<Vec<Scenario>>,
    measures: Part<Vec<Measure>>,
    figures: Part<Vec<Figure>>,
    reality_checks: Part<Vec<RealityCheck>>,
    /// Question id → (component index, question index).
    question_at: Part<HashMap<String, (usize, usize)>>,
    /// Parsed `default-expr` by question id.
    default_exprs: Part<HashMap<String, Expr>>,
    /// Checked `when` by question id.
    whens: Part<HashMap<String, Rule>>,
    /// Checked rule of each reality check, in the same order.
    rules: Part<Vec<Rule>>,
}

impl Kit {
    /// Where the kit was loaded from.
    pub fn origin(&self) -> &Origin {
        &self.origin
    }
    /// Metadata: id, title, version, description, sources.
    pub fn meta(&self) -> &Metadata {
        self.meta.get()
    }
    /// The kit's id.
    pub fn id(&self) -> &str {
        &self.meta.get().id
    }
    /// The kit's title.
    pub fn title(&self) -> &str {
        &self.meta.get().title
    }
    /// The kit's content version.
    pub fn version(&self) -> &str {
        &self.meta.get().version
    }
    /// A source by id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.meta.get().sources.iter().find(|s| s.id == id)
    }
    /// The words the engine uses for the kit's things.
    pub fn terms(&self) -> &Terms {
        self.terms.get()
    }
    /// The vocabularies.
    pub fn vocabularies(&self) -> &Vocabularies {
        self.vocabularies.get()
    }
    /// One of the engine's vocabularies.
    pub fn vocabulary(&self, name: VocabularyName) -> &[Term] {
        match name {
            VocabularyName::Barriers => &self.vocabularies.get().barriers,
            VocabularyName::Levels => &self.vocabularies.get().levels,
            VocabularyName::Partners => &self.vocabularies.get().partners,
            VocabularyName::Channels => &self.vocabularies.get().channels,
        }
    }
    /// A vocabulary by the name kit files use: one of the engine's four or one the kit defines.
    pub fn vocabulary_named(&self, name: &str) -> Option<&[Term]> {
        match VocabularyName::from_name(name) {
            Some(v) => Some(self.vocabulary(v)),
            None => self.vocabularies.get().others.get(name).map(Vec::as_slice),
        }
    }
    /// The names of the vocabularies that have terms: the engine's first, then the kit's own.
    pub fn vocabulary_names(&self) -> Vec<&str> {
        VocabularyName::ALL
            .iter()
            .map(|v| v.name())
            .filter(|n| self.vocabulary_named(n).is_some_and(|t| !t.is_empty()))
            .chain(self.vocabularies.get().others.keys().map(String::as_str))
            .collect()
    }
    /// What the entries of the vocabulary called `name` are, in the plural and in the kit's words,
    /// for headings and labels: the `terms` for levels, barriers and partners (`hurdles`),
    /// `channels`, and a kit's own vocabulary by its name in words (`age-bands` → `age bands`).
    pub fn vocabulary_noun(&self, name: &str) -> String {
        match VocabularyName::from_name(name) {
            Some(VocabularyName::Levels) => self.terms.get().level.plural.clone(),
            Some(VocabularyName::Barriers) => self.terms.get().barrier.plural.clone(),
            Some(VocabularyName::Partners) => self.terms.get().partner.plural.clone(),
            Some(VocabularyName::Channels) => "channels".to_owned(),
            None => name.replace('-', " "),
        }
    }
    /// The label of a term, or the id itself when the vocabulary does not have it.
    pub fn label<'a>(&'a self, name: VocabularyName, id: &'a str) -> &'a str {
        self.label_in(name.name(), id)
    }
    /// The label of a term of the vocabulary called `name`, or the id itself.
    pub fn label_in<'a>(&'a self, name: &str, id: &'a str) -> &'a str {
        self.vocabulary_named(name)
            .and_then(|terms| terms.iter().find(|t| t.id == id))
            .map_or(id, |t| t.label.as_str())
    }
    /// How the strategy document presents itself.
    pub fn document(&self) -> &DocumentSpec {
        self.document.get()
    }
    /// Which questions the analysis reads.
    pub fn bindings(&self) -> &Bindings {
        self.bindings.get()
    }
    /// Components in workshop order.
    pub fn components(&self) -> &[Component] {
        self.components.get()
    }
    /// A component by id.
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.get().iter().find(|c| c.id == id)
    }
    /// The components where the workshop offers `step`, in kit order (`cards` can be at
    /// several; every other step is at one at most).
    pub fn step_components(&self, step: Step) -> impl Iterator<Item = usize> + '_ {
        self.components
            .get()
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.steps.contains(&step))
            .map(|(i, _)| i)
    }
    /// The question the kit binds as the services to offer online (`bindings.services`).
    pub fn services_question(&self) -> Option<&Question> {
        self.question(self.bindings.get().services.as_deref()?)
    }
    /// How a channel-shift service reads: the label of the `bindings.services` choice it names,
    /// or the service as written (a kit without that binding, or a plan edited by hand).
    pub fn service_label(&self, service: &str) -> String {
        self.services_question()
            .and_then(|q| {
                self.choices(q)
                    .iter()
                    .find(|c| c.value == service)
                    .map(|c| c.label.clone())
            })
            .unwrap_or_else(|| service.to_owned())
    }
    /// Every question in kit order, with its component.
    pub fn questions(&self) -> impl Iterator<Item = (&Component, &Question)> {
        self.components
            .get()
            .iter()
            .flat_map(|c| c.questions.iter().map(move |q| (c, q)))
    }
    /// A question by id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        let (c, q) = self.question_at.get().get(id)?;
        Some(&self.components.get()[*c].questions[*q])
    }
    /// (component index, question index) of a question.
    pub fn question_position(&self, id: &str) -> Option<(usize, usize)> {
        self.question_at.get().get(id).copied()
    }
    /// The options of a choice question, from `choices` (borrowed) or its vocabulary.
    pub fn choices<'a>(&self, q: &'a Question) -> std::borrow::Cow<'a, [Choice]> {
        match &q.choices_from {
            Some(name) => self
                .vocabulary_named(name)
                .unwrap_or_default()
                .iter()
                .map(|t| Choice {
                    value: t.id.clone(),
                    label: t.label.clone(),
                })
                .collect(),
            None => std::borrow::Cow::Borrowed(&q.choices),
        }
    }
    /// The parsed `default-expr` of a question.
    pub fn default_expr(&self, question_id: &str) -> Option<&Expr> {
        self.default_exprs.get().get(question_id)
    }
    /// Project cards in kit order.
    pub fn cards(&self) -> &[Card] {
        self.cards.get()
    }
    /// A card by id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.find(id)
    }
    /// Planning sheets.
    pub fn sheets(&self) -> &[Sheet] {
        self.sheets.get()
    }
    /// Scenarios for the planning game.
    pub fn scenarios(&self) -> &[Scenario] {
        self.scenarios.get()
    }
    /// A scenario by id.
    pub fn scenario(&self, id: &str) -> Option<&Scenario> {
        self.scenarios.get().iter().find(|s| s.id == id)
    }
    /// The measures library.
    pub fn measures(&self) -> &[Measure] {
        self.measures.get()
    }
    /// A measure by id.
    pub fn measure(&self, id: &str) -> Option<&Measure> {
        self.measures.get().iter().find(|m| m.id == id)
    }
    /// Reference figures.
    pub fn figures(&self) -> &[Figure] {
        self.figures.get()
    }
    /// A figure by id.
    pub fn figure(&self, id: &str) -> Option<&Figure> {
        self.figures.get().iter().find(|f| f.id == id)
    }
    /// Reality checks.
    pub fn reality_checks(&self) -> &[RealityCheck] {
        self.reality_checks.get()
    }
    /// Reality checks with their checked rules (shorthands expanded).
    pub fn checks(&self) -> impl Iterator<Item = (&RealityCheck, &Rule)> {
        self.reality_checks.get().iter().zip(self.rules.get())
    }
    /// The checked `when` of a question, if it has one.
    pub fn when_rule(&self, question_id: &str) -> Option<&Rule> {
        self.whens.get().get(question_id)
    }
}

impl Keyed for Card {
    fn key(&self) -> &str {
        &self.id
    }
}
