//! What the strategy templates see: a plain, serializable picture of (Kit, Plan), with every
//! value already formatted for reading (labels instead of choice ids, `£1,200`, `60%`).
//!
//! The templates decide the words and the layout; this module decides the facts. Each part of the
//! document is one field of [`Context`] holding its own struct, so adding a section is a new field
//! here and a new block in the templates. Nothing here escapes text: the templates do that for the
//! format they write (the `md` filters for Markdown, autoescaping for HTML).

use std::collections::BTreeSet;

use jiff::civil::Date;
use serde::Serialize;

use super::figures::Figures;
use crate::analysis::Analysis;
use crate::interview::{Interview, State};
use crate::kit::{
    Card, CostRange, Kit, Measure, MeasureUnit, Question, QuestionType, Reach, VocabularyName,
};
use crate::plan::{Answer, ChosenCard, Plan};
use crate::text::{capitalize, group_thousands, money, money_range};

/// Everything the strategy document shows.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Context {
    /// The organisation's name (empty when the plan does not say).
    pub organisation: String,
    /// The date the document was made, for reading (`4 March 2026`).
    pub date: String,
    /// The same date as `YYYY-MM-DD`.
    pub date_iso: String,
    /// The document's title and subtitle, from the kit's `document` patterns.
    pub front: Front,
    /// The kit the plan uses.
    pub kit: KitInfo,
    /// The kit's words for its things (`terms` in the kit), to say instead of the templates' own.
    pub terms: TermsView,
    /// How far the plan has got.
    pub progress: Progress,
    /// Headline figures for the summary.
    pub summary: Summary,
    /// Each strategy component, in kit order, with its answers and open questions.
    pub components: Vec<ComponentView>,
    /// Services moving between channels (the plan's `channel-shift`).
    pub services: Vec<ServiceView>,
    /// The chosen cards as an activity plan.
    pub activities: Vec<Activity>,
    /// Set-up and running costs of the activities.
    pub costs: Costs,
    /// The measures the plan tracks.
    pub measures: Vec<MeasureRow>,
    /// Measures named by chosen cards that the plan does not track yet.
    pub suggested_measures: Vec<String>,
    /// Risks of the chosen activities.
    pub risks: Vec<ActivityRisks>,
    /// What to do next.
    pub next_steps: NextSteps,
    /// The kit's sources cited by the components and activities shown.
    pub sources: Vec<SourceView>,
    /// Figures worked out by the analysis (costs against the budget, reach, coverage, reality
    /// checks, savings, measures' progress, charts), placed here by [`Context::with_analysis`].
    /// `None` renders nothing.
    pub analysis: Option<Figures>,
    /// Whether the document ends with every question and its answer (`--answers-appendix`).
    pub answers_appendix: bool,
    /// What the strategy on a page adds to the rest.
    pub onepage: OnePage,
}

/// What the strategy on one page needs beyond the rest of the context.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OnePage {
    /// The aim: the first paragraph of the first long answer the team wrote (in the built-in
    /// kit, what residents will be able to do once online), shortened to about fifty words.
    pub aim: Option<String>,
    /// Where the organisation starts: three of the measures' baselines (those with a source
    /// first) with their dates and sources.
    pub start: Vec<KeyFigure>,
    /// The activities grouped by level, in the kit's order of levels.
    pub levels: Vec<LevelActivities>,
    /// The first risk of each activity, at most four.
    pub risks: Vec<String>,
}

/// A figure with where it comes from.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct KeyFigure {
    /// `64%`.
    pub value: String,
    /// What it is (the measure's title).
    pub label: String,
    /// When it was measured and where it comes from: `November 2024; STAR survey 2024`.
    pub source: String,
}

/// The activities at one level.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LevelActivities {
    /// The level's label.
    pub level: String,
    /// Its activities.
    pub activities: Vec<Activity>,
}

/// The kit's identity.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct KitInfo {
    /// Its id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The version used now.
    pub version: String,
    /// The version the plan was last saved with, when different.
    pub plan_version: Option<String>,
    /// Language of its text (BCP 47).
    pub language: String,
}

/// The document's front matter.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Front {
    /// The title: the first of the kit's title patterns that can be filled
    /// (`Riverside Homes: Digital inclusion strategy for housing organisations`).
    pub title: String,
    /// A line under the title, when the kit gives subtitle patterns and one can be filled.
    pub subtitle: Option<String>,
    /// The strategy's own name: the answer to the kit's `document.name-from`, when given.
    pub name: Option<String>,
}

/// The kit's words (its `terms`), each also with a capital first letter for the start of a
/// sentence or a heading: `terms.budget` is `activity budget`, `terms.Budget` `Activity budget`.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct TermsView {
    /// What one of the population is called (`member`/`members`).
    pub population: NounView,
    /// Whom the activities reach (`person`/`people`).
    pub people: NounView,
    /// The state the strategy works towards, after a share: `64% online`.
    pub online: String,
    /// `online` with a capital.
    #[serde(rename = "Online")]
    pub online_cap: String,
    /// The opposite state, after the population: `1,494 members offline`.
    pub offline: String,
    /// `offline` with a capital.
    #[serde(rename = "Offline")]
    pub offline_cap: String,
    /// What a level is called.
    pub level: NounView,
    /// What a barrier is called.
    pub barrier: NounView,
    /// What a partner is called.
    pub partner: NounView,
    /// What the plan's budget is called, without an article (`activity budget`).
    pub budget: String,
    /// `budget` with a capital.
    #[serde(rename = "Budget")]
    pub budget_cap: String,
}

/// A noun's forms.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NounView {
    /// `member`.
    pub singular: String,
    /// `members`.
    pub plural: String,
    /// `Member`.
    #[serde(rename = "Singular")]
    pub singular_cap: String,
    /// `Members`.
    #[serde(rename = "Plural")]
    pub plural_cap: String,
}

impl TermsView {
    /// The words of `kit`.
    pub fn of(kit: &Kit) -> TermsView {
        let t = kit.terms();
        let noun = |n: &crate::kit::Noun| NounView {
            singular: n.singular.clone(),
            plural: n.plural.clone(),
            singular_cap: capitalize(&n.singular),
            plural_cap: capitalize(&n.plural),
        };
        TermsView {
            population: noun(&t.population),
            people: noun(&t.people),
            online: t.online.clone(),
            online_cap: capitalize(&t.online),
            offline: t.offline.clone(),
            offline_cap: capitalize(&t.offline),
            level: noun(&t.level),
            barrier: noun(&t.barrier),
            partner: noun(&t.partner),
            budget: t.budget.clone(),
            budget_cap: capitalize(&t.budget),
        }
    }
}

/// How complete the plan is. The counts are the interview's own ([`Interview::overall`]), so
/// the document says what the workshop's progress line says ("45 of 49 answered · 1 to
/// decide"): every question of the kit is counted once, in exactly one of the states below.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Progress {
    /// Every question of the kit (stable while the team answers).
    pub questions: usize,
    /// How many are answered.
    pub answered: usize,
    /// Questions still open: marked to decide, or not answered yet.
    pub open: usize,
    /// Of the open questions, how many the team has marked to decide (with a note or an
    /// owner, perhaps).
    pub marked: usize,
    /// Of the open questions, how many are neither answered nor marked to decide yet.
    pub unanswered: usize,
    /// Required questions still open.
    pub required_open: usize,
    /// Optional questions the team chose to skip (not shown, not counted as open).
    pub skipped: usize,
    /// Questions not asked of this plan, because their condition does not hold.
    pub not_asked: usize,
    /// Whether nothing is left open.
    pub complete: bool,
}

/// Headline figures, each `None` when the kit does not bind it or the plan has no answer.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Summary {
    /// The size of the population, in `terms.population` (the kit's `population` binding).
    pub population: Option<String>,
    /// The share of the population `terms.online` (`share-online` binding).
    pub share_online: Option<String>,
    /// The budget, `terms.budget` (`budget` binding).
    pub budget: Option<String>,
    /// How many activities are chosen.
    pub activities: usize,
    /// Labels of the levels the chosen activities act at.
    pub levels: Vec<String>,
    /// Labels of the barriers the chosen activities address.
    pub barriers_addressed: Vec<String>,
    /// How many measures the plan tracks.
    pub measures: usize,
}

/// A strategy component as a section of the document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ComponentView {
    /// Its id (also the section's anchor in HTML).
    pub id: String,
    /// Its title.
    pub title: String,
    /// One sentence: what this part of the strategy decides.
    pub summary: String,
    /// The answered questions, in kit order.
    pub answers: Vec<AnswerView>,
    /// The answers of questions with a statement, as prose: paragraphs of sentences, and the
    /// lists and texts that a statement ending in a colon introduces.
    pub prose: Vec<ProseBlock>,
    /// The answered questions without a statement, shown under their questions.
    pub rest: Vec<AnswerView>,
    /// The questions that apply but have no answer yet (skipped ones aside).
    pub to_decide: Vec<OpenQuestion>,
    /// How many optional questions the team skipped here.
    pub skipped: usize,
}

/// A block of a component's prose.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ProseBlock {
    /// `paragraph` (sentences), `list` (items a statement introduces) or `text` (paragraphs the
    /// team wrote, which a statement introduces).
    pub kind: &'static str,
    /// For `paragraph`: its text in pieces, each marked when it stands for an answer still to
    /// decide.
    pub segments: Vec<Segment>,
    /// For `list`: the items.
    pub items: Vec<String>,
    /// For `text`: the Markdown as the team wrote it.
    pub text: String,
}

/// A piece of a sentence.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether it stands for an answer not given yet (shown as "to decide").
    pub open: bool,
}

/// An answered question, formatted for its type.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct AnswerView {
    /// The question's id.
    pub id: String,
    /// The question as asked.
    pub prompt: String,
    /// The question's type (`number`, `multi-choice`, …).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// How to lay it out: `short` (one value, for a table), `list` (items) or `long` (Markdown
    /// paragraphs).
    pub layout: &'static str,
    /// The value, for `short`.
    pub value: String,
    /// The items, for `list`.
    pub items: Vec<String>,
    /// The text, for `long` (Markdown as the team wrote it).
    pub text: String,
}

/// A question still to decide.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OpenQuestion {
    /// The question's id.
    pub id: String,
    /// The question as asked.
    pub prompt: String,
    /// Whether the strategy is incomplete without it.
    pub required: bool,
    /// The kit's default, or the value computed from other answers, as a suggestion.
    pub suggestion: Option<String>,
    /// Whether the team marked it to decide (rather than not reaching it yet).
    pub marked: bool,
    /// What the decision waits for, when the team said.
    pub note: Option<String>,
    /// Who will bring the answer, when the team said.
    pub owner: Option<String>,
}

/// A service moving online.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ServiceView {
    /// The service.
    pub service: String,
    /// Transactions a year.
    pub transactions: String,
    /// Shares by channel now, `Telephone 55%, Online 10%`.
    pub now: String,
    /// Shares by channel aimed for.
    pub target: String,
}

/// A chosen card as a line of the activity plan.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Activity {
    /// The card's id.
    pub id: String,
    /// The activity.
    pub title: String,
    /// One sentence on what it is.
    pub summary: String,
    /// Whether the kit has this card (a plan may keep a card a later kit dropped).
    pub in_kit: bool,
    /// Level label.
    pub level: String,
    /// Labels of the barriers it addresses.
    pub barriers: Vec<String>,
    /// Set-up cost: the local figure, or the card's range.
    pub setup: String,
    /// Running cost a year: the local figure, or the card's range.
    pub running: String,
    /// Whether either cost is the kit's estimate rather than a local figure.
    pub estimate: bool,
    /// Who leads it.
    pub owner: Option<String>,
    /// When it starts.
    pub start: Option<String>,
    /// The team's notes.
    pub notes: Option<String>,
    /// Titles of the measures that show its outputs.
    pub measures: Vec<String>,
    /// What it produces.
    pub outputs: Vec<String>,
    /// Labels of the partners it needs.
    pub partners: Vec<String>,
    /// Staff time it needs.
    pub staff_time: String,
    /// People reached a year, `200–2,000`; `None` when it reaches nobody directly.
    pub reach: Option<String>,
}

/// Costs of the activity plan.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Costs {
    /// One row per activity.
    pub rows: Vec<CostRow>,
    /// Total set-up cost (a range while any activity uses the card's range).
    pub setup_total: String,
    /// Total running cost a year.
    pub running_total: String,
    /// Set-up plus the first year's running cost.
    pub first_year_total: String,
    /// Whether any figure is an estimate to replace.
    pub any_estimate: bool,
    /// Whether any figure is the kit's range rather than a local cost.
    pub any_range: bool,
    /// The plan's activity budget a year (the kit's `budget` binding), when answered.
    pub budget: Option<String>,
}

/// One activity's costs.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CostRow {
    /// The activity.
    pub title: String,
    /// Set-up cost.
    pub setup: String,
    /// Running cost a year.
    pub running: String,
}

/// A tracked measure.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureRow {
    /// The measure's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The baseline value and date, `49% (March 2025)`.
    pub baseline: Option<String>,
    /// The target value.
    pub target: Option<String>,
    /// The target date.
    pub by: Option<String>,
    /// The latest recorded value and date.
    pub latest: Option<String>,
    /// How many values have been recorded since the baseline.
    pub readings: usize,
    /// `higher is better` or `lower is better`.
    pub direction: String,
}

/// Risks of one activity.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ActivityRisks {
    /// The activity.
    pub activity: String,
    /// What can go wrong.
    pub risks: Vec<String>,
}

/// What to do next.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NextSteps {
    /// Components with questions still to decide.
    pub open: Vec<OpenComponent>,
    /// Activities without an owner or a start.
    pub activities: Vec<IncompleteActivity>,
    /// Measures without a baseline or a target.
    pub measures: Vec<IncompleteMeasure>,
    /// Whether there is nothing left to do.
    pub none: bool,
}

/// A component's open questions.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct OpenComponent {
    /// The component's id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// The prompts of the open required questions.
    pub required: Vec<String>,
    /// How many other questions are open there.
    pub others: usize,
}

/// An activity missing details.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IncompleteActivity {
    /// The activity.
    pub title: String,
    /// Whether it has no owner.
    pub no_owner: bool,
    /// Whether it has no start.
    pub no_start: bool,
}

/// A measure missing details.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct IncompleteMeasure {
    /// The measure.
    pub title: String,
    /// Whether it has no baseline.
    pub no_baseline: bool,
    /// Whether it has no target.
    pub no_target: bool,
}

/// A source cited.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SourceView {
    /// Its id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Author or publisher.
    pub author: String,
    /// Year.
    pub year: Option<u16>,
    /// Where to find it.
    pub url: Option<String>,
}

impl Context {
    /// The context for `plan` with `kit`, dated `today`.
    pub fn build(kit: &Kit, plan: &Plan, today: Date) -> Context {
        let components = components(kit, plan);
        let overall = Interview::new(kit).overall(plan);
        let chosen: Vec<(&ChosenCard, Option<&Card>)> =
            plan.cards.iter().map(|c| (c, kit.card(&c.id))).collect();
        let activities: Vec<Activity> = chosen.iter().map(|(c, k)| activity(kit, c, *k)).collect();
        // A measure the kit does not have is kept in the plan but not shown (reconcile says so).
        let measures: Vec<MeasureRow> = plan
            .measures
            .iter()
            .filter_map(|m| Some(measure_row(kit.measure(&m.id)?, m)))
            .collect();
        let next_steps = next_steps(&components, &activities, &measures);
        let binding = |id: &Option<String>| {
            let id = id.as_deref()?;
            let q = kit.question(id)?;
            Some(format_short(kit, q, plan.answers.get(id)?))
        };
        let mut levels = Vec::new();
        let mut barriers = BTreeSet::new();
        for card in chosen.iter().filter_map(|(_, k)| *k) {
            let level = kit.label(VocabularyName::Levels, &card.level).to_owned();
            if !levels.contains(&level) {
                levels.push(level);
            }
            barriers.extend(card.barriers.iter().map(String::as_str));
        }
        let summary = Summary {
            population: binding(&kit.bindings().population),
            share_online: binding(&kit.bindings().share_online),
            budget: binding(&kit.bindings().budget),
            activities: activities.len(),
            levels,
            // Kit order, not alphabetical: the vocabulary is ordered on purpose.
            barriers_addressed: kit
                .vocabulary(VocabularyName::Barriers)
                .iter()
                .filter(|t| barriers.contains(t.id.as_str()))
                .map(|t| t.label.clone())
                .collect(),
            measures: measures.len(),
        };
        let onepage = onepage(kit, plan, &components, &activities);
        let front = front(kit, plan, today);
        Context {
            front,
            organisation: plan.organisation.trim().to_owned(),
            date: today.strftime("%-d %B %Y").to_string(),
            date_iso: today.to_string(),
            kit: KitInfo {
                id: kit.id().to_owned(),
                title: kit.title().to_owned(),
                version: kit.version().to_owned(),
                plan_version: (plan.kit.version != kit.version()).then(|| plan.kit.version.clone()),
                language: kit.meta().language.clone(),
            },
            terms: TermsView::of(kit),
            progress: Progress {
                questions: overall.total,
                answered: overall.answered,
                open: overall.open + overall.to_decide,
                marked: overall.to_decide,
                unanswered: overall.open,
                required_open: overall.required_unanswered,
                skipped: overall.skipped,
                not_asked: overall.not_asked,
                complete: overall.is_complete(),
            },
            summary,
            services: services(kit, plan),
            costs: costs(&chosen, summary_budget(kit, plan)),
            suggested_measures: suggested_measures(kit, plan, &chosen),
            risks: chosen
                .iter()
                .filter_map(|(_, k)| *k)
                .filter(|k| !k.risks.is_empty())
                .map(|k| ActivityRisks {
                    activity: k.title.clone(),
                    risks: k.risks.clone(),
                })
                .collect(),
            sources: sources(kit, &chosen),
            components,
            activities,
            measures,
            next_steps,
            analysis: None,
            answers_appendix: false,
            onepage,
        }
    }

    /// Add the analysis of the plan (made with `kit`), shown by the templates' analysis sections.
    #[must_use]
    pub fn with_analysis(mut self, kit: &Kit, analysis: &Analysis) -> Context {
        // The sources of the figures the plan relies on are cited too, in the kit's order.
        let mut cited: BTreeSet<String> = self.sources.iter().map(|s| s.id.clone()).collect();
        cited.extend(
            analysis
                .figures
                .iter()
                .filter_map(|u| kit.figure(&u.id))
                .map(|f| f.source.clone()),
        );
        self.sources = kit
            .meta()
            .sources
            .iter()
            .filter(|s| cited.contains(&s.id))
            .map(source_view)
            .collect();
        self.analysis = Some(Figures::new(kit, analysis));
        self
    }
}

fn onepage(
    kit: &Kit,
    plan: &Plan,
    components: &[ComponentView],
    activities: &[Activity],
) -> OnePage {
    let aim = components
        .iter()
        .flat_map(|c| &c.answers)
        .find(|a| a.layout == "long")
        .and_then(|a| a.text.split("\n\n").next())
        .map(|p| {
            // Plain words: a cut in the middle of `**bold**` would show its marks.
            let words = crate::text::plain_words(p);
            if words.len() > 50 {
                format!("{}…", words[..45].join(" "))
            } else {
                words.join(" ")
            }
        });
    let start = plan
        .measures
        .iter()
        .filter_map(|pm| {
            let m = kit.measure(&pm.id)?;
            let b = pm.baseline.as_ref()?;
            let mut source = month(b.date);
            if let Some(note) = b.note.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
                source.push_str("; ");
                source.push_str(note);
            }
            Some(KeyFigure {
                value: measure_value(Some(m.unit), b.value),
                label: m.title.clone(),
                source,
            })
        })
        // Figures with a source first: a board should see where each comes from.
        .fold((Vec::new(), Vec::new()), |(mut sourced, mut other), f| {
            if f.source.contains(';') {
                sourced.push(f);
            } else {
                other.push(f);
            }
            (sourced, other)
        });
    let start: Vec<KeyFigure> = start.0.into_iter().chain(start.1).take(3).collect();
    let mut levels: Vec<LevelActivities> = kit
        .vocabulary(VocabularyName::Levels)
        .iter()
        .map(|t| LevelActivities {
            level: t.label.clone(),
            activities: activities
                .iter()
                .filter(|a| a.level == t.label)
                .cloned()
                .collect(),
        })
        .filter(|l| !l.activities.is_empty())
        .collect();
    let other: Vec<Activity> = activities
        .iter()
        .filter(|a| !levels.iter().any(|l| l.level == a.level))
        .cloned()
        .collect();
    if !other.is_empty() {
        levels.push(LevelActivities {
            level: "Other".to_owned(),
            activities: other,
        });
    }
    let risks = plan
        .cards
        .iter()
        .filter_map(|c| kit.card(&c.id))
        .filter_map(|c| c.risks.first().map(|r| format!("{}: {r}", c.title)))
        .take(4)
        .collect();
    OnePage {
        aim,
        start,
        levels,
        risks,
    }
}

fn front(kit: &Kit, plan: &Plan, today: Date) -> Front {
    use crate::kit::pattern::first_filled;
    let d = kit.document();
    let name = d.name_from.as_deref().and_then(|id| {
        let q = kit.question(id)?;
        let a = Interview::new(kit).effective_answer(id, &plan.answers)?;
        Some(format_short(kit, q, a)).filter(|n| !n.trim().is_empty())
    });
    let value = |placeholder: &str| -> Option<String> {
        match placeholder {
            "organisation" => Some(plan.organisation.trim().to_owned()),
            "name" => name.clone(),
            "kit" => Some(kit.title().to_owned()),
            "year" => Some(today.year().to_string()),
            _ => None,
        }
    };
    Front {
        title: first_filled(&d.title_patterns(), &value).unwrap_or_else(|| kit.title().to_owned()),
        subtitle: first_filled(&d.subtitle.0, &value),
        name,
    }
}

fn components(kit: &Kit, plan: &Plan) -> Vec<ComponentView> {
    // The interview's rules decide what is asked (a question whose `when` does not hold is
    // neither shown nor to decide), where each question stands and what it suggests, so the
    // document and the workshop agree.
    let interview = Interview::new(kit);
    kit.components()
        .iter()
        .map(|c| {
            let mut answers = Vec::new();
            let mut to_decide = Vec::new();
            let mut skipped = 0;
            for q in &c.questions {
                let open = |marked: Option<&crate::plan::ToDecide>| OpenQuestion {
                    id: q.id.clone(),
                    prompt: q.prompt.clone(),
                    required: q.required,
                    suggestion: interview
                        .default_for(q, &plan.answers)
                        .map(|a| format_short(kit, q, &a)),
                    marked: marked.is_some(),
                    note: marked.and_then(|d| d.note.clone()),
                    owner: marked.and_then(|d| d.owner.clone()),
                };
                match interview.state(q, plan) {
                    State::NotAsked => {}
                    State::Answered(a) => answers.push(answer_view(kit, q, a)),
                    State::ToDecide(d) => to_decide.push(open(Some(d))),
                    State::Open => to_decide.push(open(None)),
                    State::Skipped => skipped += 1,
                }
            }
            let mut prose: Vec<ProseBlock> = Vec::new();
            let mut rest = Vec::new();
            for (q, view) in c
                .questions
                .iter()
                .filter(|q| plan.answers.contains_key(&q.id))
                .filter(|q| interview.applies(q, &plan.answers))
                .zip(&answers)
            {
                match q
                    .statement
                    .as_ref()
                    .and_then(|s| s.pattern_for(&answer_key(&plan.answers[&q.id])))
                {
                    Some(pattern) => statement_prose(kit, plan, q, pattern, &mut prose),
                    None => rest.push(view.clone()),
                }
            }
            ComponentView {
                id: c.id.clone(),
                title: c.title.clone(),
                summary: c.summary.clone(),
                answers,
                prose,
                rest,
                to_decide,
                skipped,
            }
        })
        .collect()
}

/// Which of a statement's sentences an answer takes: its choice value, or `yes`/`no`.
fn answer_key(a: &Answer) -> String {
    match a {
        Answer::Bool(true) => "yes".to_owned(),
        Answer::Bool(false) => "no".to_owned(),
        Answer::Text(t) => t.clone(),
        other => other.to_string(),
    }
}

/// An answer as words in a sentence: `yes`, `£120,000`, a choice's label, the items of a list
/// joined as a person would (`a, b and c`). The labels of a multi-choice answer lose their
/// capital when it is only a sentence's capital (`Older people` → `older people`; `STAR or
/// other survey`, `Wi-Fi in blocks` and `Millbrook Surgery` keep theirs).
fn in_sentence(kit: &Kit, q: &Question, a: &Answer) -> String {
    match (q.kind, a) {
        (QuestionType::YesNo, Answer::Bool(b)) => if *b { "yes" } else { "no" }.to_owned(),
        (QuestionType::MultiChoice, Answer::List(items)) => join_words(
            &items
                .iter()
                .map(|i| uncapitalise(&choice_label(kit, q, i)))
                .collect::<Vec<_>>(),
        ),
        (_, Answer::List(items)) => join_words(items),
        (QuestionType::LongText, Answer::Text(t)) => {
            t.split_whitespace().collect::<Vec<_>>().join(" ")
        }
        _ => format_short(kit, q, a),
    }
}

/// `a`, `a and b`, `a, b and c`; `a; b, c; and d` when an item has a comma of its own, so that
/// the reader can tell where each ends.
fn join_words(items: &[String]) -> String {
    let nested = items.len() > 2 && items.iter().any(|i| i.contains(','));
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] if nested => format!("{}; and {last}", init.join("; ")),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn uncapitalise(label: &str) -> String {
    let mut words = label.split_whitespace();
    let first_word = words.next().unwrap_or_default();
    let mut chars = first_word.chars();
    let keeps_capital = first_word.chars().count() > 1
        && chars.next().is_some_and(char::is_uppercase)
        && chars.any(|c| c.is_uppercase());
    // A second word written with a capital (not an acronym) marks a name (`Millbrook Surgery`,
    // `Hollins Lane branch`), whose first capital belongs to the name; `Help from the NHS App`
    // and `Age UK volunteers` are sentences.
    let a_name = words.next().is_some_and(|w| {
        w.chars().next().is_some_and(char::is_uppercase) && w.chars().any(char::is_lowercase)
    });
    if keeps_capital || a_name {
        return label.to_owned();
    }
    let mut chars = label.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

/// Add the prose of `q`'s answer, written with `pattern`, to `blocks`: its sentence joins the
/// paragraph being written; a pattern ending with a colon starts a paragraph of its own, with
/// the answer's list or text after it.
fn statement_prose(
    kit: &Kit,
    plan: &Plan,
    q: &Question,
    pattern: &str,
    blocks: &mut Vec<ProseBlock>,
) {
    use crate::kit::statement::{self, Piece};
    let Ok(pieces) = statement::parse(pattern) else {
        return;
    };
    let answer = &plan.answers[&q.id];
    let mut segments = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(t) => segments.push(Segment {
                text: t,
                open: false,
            }),
            Piece::Answer => segments.push(Segment {
                text: in_sentence(kit, q, answer),
                open: false,
            }),
            Piece::Question(id) => {
                let value = kit
                    .question(id)
                    .and_then(|other| Some(in_sentence(kit, other, plan.answers.get(id)?)));
                segments.push(match value {
                    Some(text) => Segment { text, open: false },
                    None => Segment {
                        text: "to decide".to_owned(),
                        open: true,
                    },
                });
            }
        }
    }
    let introduces = statement::introduces(pattern);
    let continues = !introduces
        && blocks
            .last()
            .is_some_and(|b| b.kind == "paragraph" && !b.segments.is_empty());
    if continues && let Some(last) = blocks.last_mut() {
        last.segments.push(Segment {
            text: " ".to_owned(),
            open: false,
        });
        last.segments.extend(segments);
    } else {
        blocks.push(ProseBlock {
            kind: "paragraph",
            segments,
            items: Vec::new(),
            text: String::new(),
        });
    }
    if introduces {
        let mut block = ProseBlock {
            kind: "list",
            segments: Vec::new(),
            items: Vec::new(),
            text: String::new(),
        };
        match (q.kind, answer) {
            (QuestionType::LongText, Answer::Text(t)) => {
                block.kind = "text";
                block.text = t.trim().to_owned();
            }
            (_, Answer::List(items)) => {
                block.items = items.iter().map(|i| choice_label(kit, q, i)).collect();
            }
            _ => {
                block.kind = "text";
                block.text = format_short(kit, q, answer);
            }
        }
        blocks.push(block);
        // What follows starts a new paragraph.
        blocks.push(ProseBlock {
            kind: "paragraph",
            segments: Vec::new(),
            items: Vec::new(),
            text: String::new(),
        });
    }
}

fn answer_view(kit: &Kit, q: &Question, a: &Answer) -> AnswerView {
    let mut view = AnswerView {
        id: q.id.clone(),
        prompt: q.prompt.clone(),
        kind: q.kind.name(),
        layout: "short",
        value: String::new(),
        items: Vec::new(),
        text: String::new(),
    };
    match (q.kind, a) {
        (QuestionType::MultiChoice | QuestionType::List, Answer::List(items)) => {
            view.layout = "list";
            view.items = items.iter().map(|i| choice_label(kit, q, i)).collect();
        }
        (QuestionType::LongText, Answer::Text(t)) => {
            view.layout = "long";
            view.text = t.trim().to_owned();
        }
        _ => view.value = format_short(kit, q, a),
    }
    view
}

/// One answer as one line of text, following the question's type.
pub(crate) fn format_short(kit: &Kit, q: &Question, a: &Answer) -> String {
    match (q.kind, a) {
        (QuestionType::Money, Answer::Number(n)) => money(*n),
        (QuestionType::Percent, Answer::Number(n)) => percent(*n),
        (QuestionType::Number, Answer::Number(n)) => number(*n),
        (QuestionType::YesNo, Answer::Bool(b)) => if *b { "Yes" } else { "No" }.to_owned(),
        (QuestionType::Choice, Answer::Text(t)) => choice_label(kit, q, t),
        (_, Answer::List(items)) => items
            .iter()
            .map(|i| choice_label(kit, q, i))
            .collect::<Vec<_>>()
            .join(", "),
        // An answer whose shape does not match its question (edited by hand) is shown as is.
        (_, other) => other.to_string(),
    }
}

fn choice_label(kit: &Kit, q: &Question, value: &str) -> String {
    if !q.kind.has_choices() {
        return value.to_owned();
    }
    // `kit.choices(q)`, without copying every choice to find one.
    let label = match &q.choices_from {
        Some(name) => kit
            .vocabulary_named(name)
            .unwrap_or_default()
            .iter()
            .find(|t| t.id == value)
            .map(|t| &t.label),
        None => q
            .choices
            .iter()
            .find(|c| c.value == value)
            .map(|c| &c.label),
    };
    label.map_or_else(|| value.to_owned(), Clone::clone)
}

/// `60%`, `12.5%`.
pub(crate) fn percent(n: f64) -> String {
    format!("{}%", number(n))
}

/// `4,120`, `2.5`.
pub(crate) fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        #[allow(clippy::cast_possible_truncation)]
        let whole = n as i64;
        let sign = if whole < 0 { "-" } else { "" };
        format!("{sign}{}", group_thousands(whole.unsigned_abs()))
    } else {
        let s = format!("{n:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

fn services(kit: &Kit, plan: &Plan) -> Vec<ServiceView> {
    let shares = |m: &std::collections::BTreeMap<String, f64>| {
        // Channels in the kit's order, then any the kit does not know.
        let vocab = kit.vocabulary(VocabularyName::Channels);
        let mut ids: Vec<&String> = m.keys().collect();
        ids.sort_by_key(|id| {
            vocab
                .iter()
                .position(|t| &t.id == *id)
                .unwrap_or(usize::MAX)
        });
        ids.iter()
            .map(|id| {
                format!(
                    "{} {}",
                    kit.label(VocabularyName::Channels, id),
                    percent(m[*id])
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    plan.channel_shift
        .services
        .iter()
        .map(|s| ServiceView {
            service: kit.service_label(&s.service),
            transactions: number(s.transactions_per_year),
            now: shares(&s.now),
            target: shares(&s.target),
        })
        .collect()
}

/// A local cost the analysis accepts: a finite amount of £0 or more. Anything else is ignored
/// here as there (the analysis lists it as not worked out), so the tables and the analysis's
/// totals agree.
fn usable(local: Option<f64>) -> Option<f64> {
    local.filter(|v| v.is_finite() && *v >= 0.0)
}

/// A cost: the local figure when the team gave one, else the card's range.
fn cost_of(local: Option<f64>, range: Option<&CostRange>) -> (f64, f64, bool) {
    match (usable(local), range) {
        (Some(v), _) => (v, v, false),
        (None, Some(r)) => (r.min, r.max, r.estimate),
        (None, None) => (0.0, 0.0, false),
    }
}

fn cost_text(local: Option<f64>, range: Option<&CostRange>) -> String {
    match (usable(local), range) {
        (Some(v), _) => money(v),
        (None, Some(r)) => money_range(r.min, r.max, r.estimate),
        (None, None) => "not costed".to_owned(),
    }
}

fn activity(kit: &Kit, chosen: &ChosenCard, card: Option<&Card>) -> Activity {
    fn text(s: &Option<String>) -> Option<&str> {
        s.as_deref().map(str::trim).filter(|s| !s.is_empty())
    }
    let labels = |v: VocabularyName, ids: &[String]| {
        ids.iter()
            .map(|i| kit.label(v, i).to_owned())
            .collect::<Vec<_>>()
    };
    let setup_range = card.map(|c| &c.setup_cost);
    let running_range = card.map(|c| &c.running_cost);
    Activity {
        id: chosen.id.clone(),
        title: card.map_or_else(|| chosen.id.clone(), |c| c.title.clone()),
        summary: card.map(|c| c.summary.clone()).unwrap_or_default(),
        in_kit: card.is_some(),
        level: card.map_or_else(String::new, |c| {
            kit.label(VocabularyName::Levels, &c.level).to_owned()
        }),
        barriers: card.map_or_else(Vec::new, |c| labels(VocabularyName::Barriers, &c.barriers)),
        setup: cost_text(chosen.cost, setup_range),
        running: cost_text(chosen.running_cost, running_range),
        estimate: cost_of(chosen.cost, setup_range).2
            || cost_of(chosen.running_cost, running_range).2,
        owner: text(&chosen.owner).map(str::to_owned),
        start: text(&chosen.start).map(start_words),
        notes: text(&chosen.notes).map(str::to_owned),
        measures: card.map_or_else(Vec::new, |c| {
            c.measures
                .iter()
                .map(|m| {
                    kit.measure(m)
                        .map_or_else(|| m.clone(), |m| m.title.clone())
                })
                .collect()
        }),
        outputs: card.map(|c| c.outputs.clone()).unwrap_or_default(),
        partners: card.map_or_else(Vec::new, |c| labels(VocabularyName::Partners, &c.partners)),
        staff_time: card.map(|c| c.staff_time.clone()).unwrap_or_default(),
        reach: card.and_then(|c| reach_text(&c.reach)),
    }
}

/// People reached a year, `200–2,000*` (`*` for an estimate); `None` for an activity that
/// reaches nobody directly (monitoring, a policy).
pub(crate) fn reach_text(r: &Reach) -> Option<String> {
    let star = if r.estimate { "*" } else { "" };
    Some(if r.max == 0 {
        return None;
    } else if r.min == r.max {
        format!("{}{star}", group_thousands(r.min.into()))
    } else {
        format!(
            "{}–{}{star}",
            group_thousands(r.min.into()),
            group_thousands(r.max.into())
        )
    })
}

fn summary_budget(kit: &Kit, plan: &Plan) -> Option<String> {
    let id = kit.bindings().budget.as_deref()?;
    plan.answers.get(id)?.as_number().map(money)
}

fn costs(chosen: &[(&ChosenCard, Option<&Card>)], budget: Option<String>) -> Costs {
    let mut setup = (0.0, 0.0, false);
    let mut running = (0.0, 0.0, false);
    let mut any_estimate = false;
    let mut any_range = false;
    let mut rows = Vec::new();
    for (c, card) in chosen {
        let s = cost_of(c.cost, card.map(|k| &k.setup_cost));
        let r = cost_of(c.running_cost, card.map(|k| &k.running_cost));
        // A total with an estimate in it is marked as one, as the analysis marks it.
        setup = (setup.0 + s.0, setup.1 + s.1, setup.2 || s.2);
        running = (running.0 + r.0, running.1 + r.1, running.2 || r.2);
        any_estimate |= s.2 || r.2;
        any_range |=
            card.is_some() && (usable(c.cost).is_none() || usable(c.running_cost).is_none());
        rows.push(CostRow {
            title: card.map_or_else(|| c.id.clone(), |k| k.title.clone()),
            setup: cost_text(c.cost, card.map(|k| &k.setup_cost)),
            running: cost_text(c.running_cost, card.map(|k| &k.running_cost)),
        });
    }
    Costs {
        rows,
        setup_total: money_range(setup.0, setup.1, setup.2),
        running_total: money_range(running.0, running.1, running.2),
        first_year_total: money_range(
            setup.0 + running.0,
            setup.1 + running.1,
            setup.2 || running.2,
        ),
        any_estimate,
        any_range,
        budget,
    }
}

/// A measure's value in its unit: `45%`, `£1,200`, `1,320`.
pub(crate) fn measure_value(unit: Option<MeasureUnit>, v: f64) -> String {
    match unit {
        Some(MeasureUnit::Percent) => percent(v),
        Some(MeasureUnit::Money) => money(v),
        _ => number(v),
    }
}

/// `March 2026`.
pub(crate) fn month(d: Date) -> String {
    d.strftime("%B %Y").to_string()
}

/// An activity's start as a reader says it: `2025-05` as `May 2025`, `2025-05-12` as
/// `12 May 2025`; anything else (`spring 2027`, `After the restructure`) as the team wrote it.
fn start_words(start: &str) -> String {
    let s = start.trim();
    if let Ok(d) = s.parse::<Date>() {
        return d.strftime("%-d %B %Y").to_string();
    }
    match s.split_once('-') {
        Some((y, m))
            if y.len() == 4
                && m.len() == 2
                && y.bytes().all(|b| b.is_ascii_digit())
                && m.bytes().all(|b| b.is_ascii_digit()) =>
        {
            match (y.parse::<i16>(), m.parse::<i8>()) {
                (Ok(y), Ok(m)) => Date::new(y, m, 1).map_or_else(|_| s.to_owned(), month),
                _ => s.to_owned(),
            }
        }
        _ => s.to_owned(),
    }
}

fn measure_row(m: &Measure, pm: &crate::plan::PlanMeasure) -> MeasureRow {
    let unit = Some(m.unit);
    let reading =
        |r: &crate::plan::Reading| format!("{} ({})", measure_value(unit, r.value), month(r.date));
    MeasureRow {
        id: pm.id.clone(),
        title: m.title.clone(),
        baseline: pm.baseline.as_ref().map(reading),
        target: pm.target.as_ref().map(|t| measure_value(unit, t.value)),
        by: pm.target.as_ref().map(|t| month(t.by)),
        latest: pm.values.last().map(reading),
        readings: pm.values.len(),
        direction: match m.direction {
            crate::kit::Direction::Down => "lower is better".to_owned(),
            crate::kit::Direction::Up => "higher is better".to_owned(),
        },
    }
}

fn suggested_measures(
    kit: &Kit,
    plan: &Plan,
    chosen: &[(&ChosenCard, Option<&Card>)],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for card in chosen.iter().filter_map(|(_, k)| *k) {
        for id in &card.measures {
            if plan.measures.iter().any(|m| &m.id == id) {
                continue;
            }
            let title = kit
                .measure(id)
                .map_or_else(|| id.clone(), |m| m.title.clone());
            if !out.contains(&title) {
                out.push(title);
            }
        }
    }
    out
}

fn next_steps(
    components: &[ComponentView],
    activities: &[Activity],
    measures: &[MeasureRow],
) -> NextSteps {
    let open: Vec<OpenComponent> = components
        .iter()
        .filter(|c| !c.to_decide.is_empty())
        .map(|c| OpenComponent {
            id: c.id.clone(),
            title: c.title.clone(),
            required: c
                .to_decide
                .iter()
                .filter(|q| q.required)
                .map(|q| q.prompt.clone())
                .collect(),
            others: c.to_decide.iter().filter(|q| !q.required).count(),
        })
        .collect();
    let activities: Vec<IncompleteActivity> = activities
        .iter()
        .filter(|a| a.owner.is_none() || a.start.is_none())
        .map(|a| IncompleteActivity {
            title: a.title.clone(),
            no_owner: a.owner.is_none(),
            no_start: a.start.is_none(),
        })
        .collect();
    let measures: Vec<IncompleteMeasure> = measures
        .iter()
        .filter(|m| m.baseline.is_none() || m.target.is_none())
        .map(|m| IncompleteMeasure {
            title: m.title.clone(),
            no_baseline: m.baseline.is_none(),
            no_target: m.target.is_none(),
        })
        .collect();
    NextSteps {
        none: open.is_empty() && activities.is_empty() && measures.is_empty(),
        open,
        activities,
        measures,
    }
}

fn sources(kit: &Kit, chosen: &[(&ChosenCard, Option<&Card>)]) -> Vec<SourceView> {
    let mut cited: BTreeSet<&str> = kit.components().iter().map(|c| c.source.as_str()).collect();
    cited.extend(
        chosen
            .iter()
            .filter_map(|(_, k)| k.map(|k| k.source.as_str())),
    );
    kit.meta()
        .sources
        .iter()
        .filter(|s| cited.contains(s.id.as_str()))
        .map(source_view)
        .collect()
}

fn source_view(s: &crate::kit::Source) -> SourceView {
    SourceView {
        id: s.id.clone(),
        title: s.title.clone(),
        author: s.author.clone(),
        year: s.year,
        url: s.url.clone(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_start_month_reads_as_words() {
        assert_eq!(super::start_words("2025-05"), "May 2025");
        assert_eq!(super::start_words(" 2026-01-12 "), "12 January 2026");
        assert_eq!(super::start_words("spring 2027"), "spring 2027");
        assert_eq!(super::start_words("2025-13"), "2025-13");
        assert_eq!(
            super::start_words("After the April restructure"),
            "After the April restructure"
        );
    }

    use super::*;

    #[test]
    fn lists_read_as_a_sentence() {
        let v = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            join_words(&v(&["cost", "skills", "access"])),
            "cost, skills and access"
        );
        assert_eq!(join_words(&v(&["a", "b"])), "a and b");
        assert_eq!(
            join_words(&v(&[
                "jobs",
                "advice, information and knowledge",
                "friends"
            ])),
            "jobs; advice, information and knowledge; and friends"
        );
        assert_eq!(uncapitalise("Older people"), "older people");
        assert_eq!(uncapitalise("STAR or other survey"), "STAR or other survey");
        assert_eq!(uncapitalise("Wi-Fi in blocks"), "Wi-Fi in blocks");
        assert_eq!(uncapitalise("A website"), "a website");
        assert_eq!(uncapitalise("Millbrook Surgery"), "Millbrook Surgery");
        assert_eq!(
            uncapitalise("Hollins Lane branch surgery"),
            "Hollins Lane branch surgery"
        );
        assert_eq!(
            uncapitalise("Help from the NHS App team"),
            "help from the NHS App team"
        );
        assert_eq!(uncapitalise("Age UK volunteers"), "age UK volunteers");
        assert_eq!(
            uncapitalise("No smartphone or computer"),
            "no smartphone or computer"
        );
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(number(4120.0), "4,120");
        assert_eq!(number(2.5), "2.5");
        assert_eq!(number(-1200.0), "-1,200");
        assert_eq!(percent(60.0), "60%");
        assert_eq!(percent(12.25), "12.25%");
    }
}
