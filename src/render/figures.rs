//! The analysis as the strategy document shows it: every figure of [`crate::analysis`] formatted
//! for reading (`£1,200–£3,000*`, `c. 2014`, `on track`), plus the slots where the HTML page puts
//! its charts.
//!
//! [`crate::analysis::Analysis`] is made for checking by hand and for `thinkkit status`: numbers,
//! ids and enums. The templates need words, so this module turns it into [`Figures`] the way
//! [`super::context`] turns the plan into its sections: the templates decide the wording and the
//! layout, this module the facts. Nothing here escapes text; the templates' filters do.
//!
//! Charts exist only in the HTML page. [`Figures::charts`] and each measure's `chart` are empty
//! until [`super::document`] renders HTML: it then fills the slots with placeholder tokens and
//! draws the charts with [`crate::charts`], and the page swaps each token for its drawing (see
//! [`super::embed`]). Markdown and Word never see a placeholder, and show the same figures as
//! tables.

use serde::Serialize;

use crate::analysis::{
    Analysis, BarrierLine, Cause, ChannelLine, FigureUser, MeasureProgress, ServiceSaving, Skipped,
    Status, UnitCostSource, measures,
};
use crate::kit::{Kit, MeasureUnit, Severity};
use crate::text::{group_thousands, money, money_range};

use super::context::{measure_value, month, number, percent};

/// What an empty cell shows. Empty cells are filled here rather than in the templates because
/// every tera tag costs parsing time on each render (see `benches/render.rs`), and tables have
/// many cells.
const DASH: &str = "–";

/// The analysis of a plan, formatted for the strategy document.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Figures {
    /// Costs against the budget.
    pub costs: CostFigures,
    /// People reached against the offline population.
    pub reach: ReachFigures,
    /// Barriers the team named against those the activities address; `None` when none are named.
    pub barriers: Option<BarrierFigures>,
    /// The kit's levels and the activities at each.
    pub levels: LevelFigures,
    /// Reality checks that fired, in kit order.
    pub checks: Vec<CheckView>,
    /// How many of them are warnings (the rest are notes).
    pub warnings: usize,
    /// How many reality checks the kit has (a kit may have none).
    pub checks_in_kit: usize,
    /// Channel-shift savings; `None` when the plan shifts no services.
    pub channel_shift: Option<SavingsView>,
    /// Each measure's progress, in the plan's order.
    pub measures: Vec<MeasureProgressView>,
    /// How the status of a measure is decided, for the document to say.
    pub status_rule: StatusRule,
    /// Figures and checks that could not be worked out, and why: those the kit does not
    /// provide (`cause` `kit`) and those the plan does not give yet (`cause` `plan`).
    pub skipped: Vec<SkippedView>,
    /// Which parts of the analysis the kit provides (it binds the questions and figures they
    /// need): where one is `false`, the document says the kit does not provide it rather than
    /// that the plan has not answered.
    pub provides: Provides,
    /// Every reference figure of the kit the plan relies on (cited by its components, chosen
    /// activities and the checks that fired, or used for channel-shift unit costs), in kit order.
    pub figures_used: Vec<FigureView>,
    /// Whether any of them is an example figure, a placeholder to replace.
    pub any_example_figure: bool,
    /// Where the HTML page draws its charts (empty in Markdown and Word).
    pub charts: ChartSlots,
    /// The analysis itself, for drawing the charts.
    #[serde(skip)]
    pub(crate) analysis: Analysis,
}

/// A reference figure the plan relies on, as the document lists it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FigureView {
    /// Its id.
    pub id: String,
    /// What it is.
    pub title: String,
    /// The value with its unit: `49% of customers`, `£15 per contact`, or one per channel
    /// (`Face to face £8.62; Telephone £2.83; Online £0.15`).
    pub value: String,
    /// The year as cited: `2019`, `reported 2012`, `c. 2014`, `undated`.
    pub year: String,
    /// The title of the document it comes from.
    pub source: String,
    /// That document's author or publisher.
    pub source_author: String,
    /// Where to find that document.
    pub source_url: Option<String>,
    /// Whether the source presents it as an illustration.
    pub illustrative: bool,
    /// Whether it is a placeholder of the kit's authors, from no source: to replace.
    pub example: bool,
    /// The kit's caveats on it.
    pub note: String,
    /// Whether only the channel-shift savings use it (the savings section already gives its
    /// note beside the unit costs).
    pub channel_shift_only: bool,
    /// What relies on it: `Our members` (a component), `Activity ‘Tablet lending’`,
    /// `Reality check ‘…’`, `Channel-shift savings`.
    pub used_by: Vec<String>,
}

/// Which parts of the analysis the kit provides.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Provides {
    /// The size of the population and the share online (`bindings.population` and
    /// `bindings.share-online`), so the population offline can be worked out.
    pub offline: bool,
    /// A question for the budget (`bindings.budget`).
    pub budget: bool,
    /// A question that names the barriers (`bindings.barriers`).
    pub barriers: bool,
    /// A question that names the partners (`bindings.partners`).
    pub partners: bool,
    /// A figure of unit costs by channel (`bindings.channel-costs`).
    pub channel_costs: bool,
}

/// Placeholders for the charts, each on a line of its own in the Markdown; empty unless the
/// document is rendered as HTML.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct ChartSlots {
    /// Channel mix now and aimed for.
    pub channel_mix: Option<String>,
    /// First-year cost by activity.
    pub cost_by_activity: Option<String>,
}

/// Costs of the activities against the budget.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CostFigures {
    /// Set-up, `£55,550–£67,550*`.
    pub setup: String,
    /// Running a year.
    pub running: String,
    /// Set-up plus a year's running.
    pub first_year: String,
    /// Whether any of them includes an estimate (`*`).
    pub estimate: bool,
    /// The budget a year, when the team gave one.
    pub budget: Option<String>,
    /// The first year against the budget, when there is one and something is costed.
    pub against_budget: Option<BudgetPosition>,
}

/// The first year's cost against the budget.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BudgetPosition {
    /// `within` (even at the high end), `over` (even at the low end), or `over-at-high-end`.
    pub position: &'static str,
    /// What is left of the budget: a range when within, the most left (at the low end) when
    /// over at the high end only.
    pub left: Option<String>,
    /// How far over: a range when over, the most over (at the high end) when over at the high
    /// end only.
    pub over_by: Option<String>,
}

/// People reached a year against the offline population.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ReachFigures {
    /// Whether any activity reaches people directly.
    pub any: bool,
    /// People reached a year, summed over activities, `752–6,307*`.
    pub people: String,
    /// Whether an activity's reach is an estimate.
    pub estimate: bool,
    /// How many of the population are offline, `1,494`.
    pub offline: Option<String>,
    /// How that figure was found.
    pub offline_basis: Option<String>,
    /// Reach as a share of the population offline, `50–422%`.
    pub share_of_offline: Option<String>,
    /// First-year cost per person reached, `£16–£155*`.
    pub cost_per_person: Option<String>,
}

/// Barriers named against barriers addressed.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BarrierFigures {
    /// The barriers the team named, each with the activities that address it.
    pub named: Vec<BarrierView>,
    /// How many of them an activity addresses.
    pub addressed: usize,
    /// How many were named.
    pub total: usize,
    /// Barriers the activities address that the team did not name.
    pub others: Vec<BarrierView>,
}

/// A barrier and the activities that address it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct BarrierView {
    /// The barrier.
    pub label: String,
    /// Titles of the activities that address it (empty: none does).
    pub addressed_by: Vec<String>,
}

/// The kit's levels against the activities.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LevelFigures {
    /// Each level in the kit's order.
    pub lines: Vec<LevelView>,
    /// Levels with at least one activity.
    pub covered: usize,
    /// Levels in the kit.
    pub total: usize,
}

/// A level and its activities.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct LevelView {
    /// The level.
    pub label: String,
    /// Titles of the activities at it.
    pub activities: Vec<String>,
}

/// A reality check that fired.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CheckView {
    /// Its title.
    pub title: String,
    /// `warning` or `note`.
    pub severity: &'static str,
    /// `Warning` or `Note`.
    pub severity_label: &'static str,
    /// The specific facts that made it fire (ids in backticks: use the `md_code` filter).
    pub facts: Vec<String>,
    /// Why it matters and what to do (Markdown, from the kit).
    pub explanation: String,
    /// The title of the source it comes from.
    pub source: String,
}

/// Channel-shift savings.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SavingsView {
    /// One line per service, in the plan's order.
    pub services: Vec<ServiceSavingView>,
    /// The sum of the savings worked out, `£109,999`.
    pub total: String,
    /// Whether every service's saving is worked out (else the total is of those that are).
    pub complete: bool,
    /// How many services' savings are worked out.
    pub worked_out: usize,
    /// The unit cost of each channel used, with its source.
    pub unit_costs: Vec<UnitCostView>,
    /// Whether any unit cost is a figure its source calls illustrative.
    pub any_illustrative: bool,
    /// Whether any unit cost is an example figure: a placeholder of the kit's authors, from no
    /// source.
    pub any_example: bool,
    /// The kit figures used, with their caveats.
    pub kit_figures: Vec<FigureNote>,
    /// Services the team chose to offer online that have no figures yet (the total leaves
    /// them out).
    pub without_figures: Vec<String>,
}

/// One service's saving.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ServiceSavingView {
    /// The service, as the team named it.
    pub service: String,
    /// Transactions a year, `21,000`.
    pub transactions: String,
    /// Net saving a year, `£36,714`, or `not worked out`.
    pub saving: String,
    /// Whether the saving could be worked out.
    pub worked_out: bool,
    /// Whether the net figure is a cost rather than a saving.
    pub negative: bool,
    /// Channel by channel.
    pub channels: Vec<ChannelView>,
    /// Caveats: shares that do not add up, a missing unit cost (ids in backticks).
    pub notes: Vec<String>,
}

/// One channel of a service.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ChannelView {
    /// The channel.
    pub label: String,
    /// Share now, `78%`.
    pub now: String,
    /// Share aimed for.
    pub target: String,
    /// Change in contacts a year, `−5,880` (fewer) or `+6,510` (more), or `no change`.
    pub change: String,
    /// Cost per contact, `£5.00`, or `not known`.
    pub unit_cost: String,
    /// Saving a year on this channel, `−£1,107` for an added cost, or `–`.
    pub saving: String,
}

/// The unit cost of one channel.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct UnitCostView {
    /// The channel.
    pub channel: String,
    /// Cost per contact, `£0.17`.
    pub cost: String,
    /// Where it comes from, in one line: the kit figure's title, its source document and year
    /// (`…; Channel shift: realising the benefits, undated`), or what the plan says.
    pub citation: String,
    /// `kit` (a reference figure of the kit) or `plan` (the team's own).
    pub kind: &'static str,
    /// The kit figure's title, for `kit`.
    pub title: Option<String>,
    /// The title of the document the kit figure comes from, for `kit`.
    pub source: Option<String>,
    /// The year to cite (`2018`, `reported 2012`, `c. 2014` or `undated`), for `kit`.
    pub year: Option<String>,
    /// Whether the source presents the figure as an illustration.
    pub illustrative: bool,
    /// Whether the figure is a placeholder of the kit's authors, from no source.
    pub example: bool,
    /// The figure's unit in words, `£ per contact`, for `kit`.
    pub unit: Option<String>,
    /// What the plan says about its own unit costs, for `plan` (`unit-costs-source`).
    pub plan_source: Option<String>,
}

/// A kit figure used for unit costs, with the kit's caveat.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FigureNote {
    /// The figure's title.
    pub title: String,
    /// The kit's note on it (caveats, how it was dated).
    pub note: String,
}

/// One measure's progress.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeasureProgressView {
    /// The measure.
    pub title: String,
    /// Baseline and month, `64% (November 2024)`.
    pub baseline: Option<String>,
    /// Target and month, `80% by March 2028`.
    pub target: Option<String>,
    /// The latest value since the baseline, `68% (November 2025)`, or `–`.
    pub latest: String,
    /// Where the straight line from baseline to target stands on the latest value's date, or
    /// `–`.
    pub expected: String,
    /// `+4 points since November 2024, improving`, or `–`.
    pub trend: String,
    /// `on-track`, `at-risk` or `off-track`.
    pub status: Option<&'static str>,
    /// `on track`, `at risk` or `off track`.
    pub status_label: Option<&'static str>,
    /// `On track`, `At risk`, `Off track`, or `No status`, to open a table cell.
    pub status_text: &'static str,
    /// Why there is no status, or a caveat about it.
    pub note: Option<String>,
    /// The placeholder of its progress chart (HTML only).
    pub chart: Option<String>,
}

/// The thresholds of a measure's status, as the document states them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StatusRule {
    /// Behind the line by at most this share of the planned change is on track, `5%`.
    pub on_track: String,
    /// Up to this share is at risk, beyond it off track, `25%`.
    pub at_risk: String,
}

/// A figure or check not worked out.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SkippedView {
    /// What it is, in words: `Reality check ‘Over budget’`, `Channel shift: Repairs`.
    pub what: String,
    /// Why (ids in backticks: use the `md_code` filter).
    pub reason: String,
    /// `kit` when the kit does not provide what it needs (no answer can fill it), `plan` when
    /// the plan does not give it yet.
    pub cause: &'static str,
}

impl Figures {
    /// The figures of `analysis`, made from `kit` and a plan.
    pub fn new(kit: &Kit, analysis: &Analysis) -> Figures {
        let checks: Vec<CheckView> = analysis
            .checks
            .iter()
            .map(|c| CheckView {
                title: c.title.clone(),
                severity: severity(c.severity).0,
                severity_label: severity(c.severity).1,
                facts: c
                    .facts
                    .iter()
                    .map(|f| sentence_case(&readable(kit, &f.text)))
                    .collect(),
                explanation: c.explanation.trim().to_owned(),
                source: c.source.clone(),
            })
            .collect();
        Figures {
            costs: costs(analysis),
            reach: reach(kit, analysis),
            barriers: analysis.barriers.as_ref().map(|b| BarrierFigures {
                named: b.named.iter().map(barrier).collect(),
                addressed: b.addressed,
                total: b.named.len(),
                others: b.others.iter().map(barrier).collect(),
            }),
            levels: LevelFigures {
                lines: analysis
                    .levels
                    .lines
                    .iter()
                    .map(|l| LevelView {
                        label: l.label.clone(),
                        activities: l.cards.iter().map(|c| c.title.clone()).collect(),
                    })
                    .collect(),
                covered: analysis.levels.covered,
                total: analysis.levels.total,
            },
            warnings: checks.iter().filter(|c| c.severity == "warning").count(),
            checks_in_kit: kit.reality_checks().len(),
            checks,
            channel_shift: savings(kit, analysis),
            measures: analysis.measures.iter().map(|m| measure(kit, m)).collect(),
            status_rule: StatusRule {
                on_track: percent(measures::ON_TRACK_TOLERANCE * 100.0),
                at_risk: percent(measures::AT_RISK_LIMIT * 100.0),
            },
            skipped: analysis
                .skipped
                .iter()
                .map(|s| skipped(kit, analysis, s))
                .collect(),
            provides: {
                let b = kit.bindings();
                Provides {
                    offline: b.population.is_some() && b.share_online.is_some(),
                    budget: b.budget.is_some(),
                    barriers: b.barriers.is_some(),
                    partners: b.partners.is_some(),
                    channel_costs: b.channel_costs.is_some(),
                }
            },
            figures_used: figures_used(kit, analysis),
            any_example_figure: analysis
                .figures
                .iter()
                .any(|u| kit.figure(&u.id).is_some_and(|f| f.example)),
            charts: ChartSlots::default(),
            analysis: analysis.clone(),
        }
    }
}

fn figures_used(kit: &Kit, a: &Analysis) -> Vec<FigureView> {
    a.figures
        .iter()
        .filter_map(|u| {
            let f = kit.figure(&u.id)?;
            let src = kit.source(&f.source);
            Some(FigureView {
                id: f.id.clone(),
                title: f.title.clone(),
                value: figure_value(kit, f),
                year: f.cited_year(),
                source: src.map_or_else(|| f.source.clone(), |s| s.title.clone()),
                source_author: src.map(|s| s.author.clone()).unwrap_or_default(),
                source_url: src.and_then(|s| s.url.clone()),
                illustrative: f.illustrative,
                example: f.example,
                note: f.note.trim().to_owned(),
                channel_shift_only: u.used_by == [FigureUser::ChannelShift],
                used_by: u
                    .used_by
                    .iter()
                    .map(|user| match user {
                        FigureUser::Component(id) => kit
                            .component(id)
                            .map_or_else(|| id.clone(), |c| c.title.clone()),
                        FigureUser::Card(id) => format!(
                            "Activity ‘{}’",
                            kit.card(id).map_or(id.as_str(), |c| c.title.as_str())
                        ),
                        FigureUser::Check(id) => format!(
                            "Reality check ‘{}’",
                            kit.reality_checks()
                                .iter()
                                .find(|c| &c.id == id)
                                .map_or(id.as_str(), |c| c.title.as_str())
                        ),
                        FigureUser::ChannelShift => "Channel-shift savings".to_owned(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// One value with its unit as the kit wrote it: a unit starting with `£` is money (`£15 per
/// contact`), one starting with `percent` or `%` a share (`49% of customers`, `6.3% of adults`),
/// any other a count of something (`1,240 members`).
fn value_with_unit(v: f64, unit: &str) -> String {
    let unit = unit.trim();
    let rest = |r: &str| {
        if r.trim().is_empty() {
            String::new()
        } else {
            format!(" {}", r.trim())
        }
    };
    if let Some(r) = unit.strip_prefix('£') {
        // Pence matter in small amounts (`£0.17`, `£14.00`), as in the unit-cost tables.
        let amount = if v.abs() < 1000.0 {
            unit_money(v)
        } else {
            money(v)
        };
        format!("{amount}{}", rest(r))
    } else if let Some(r) = unit
        .strip_prefix("percent")
        .filter(|r| r.is_empty() || r.starts_with(char::is_whitespace))
        .or_else(|| unit.strip_prefix('%'))
    {
        format!("{}{}", percent(v), rest(r))
    } else {
        format!("{} {unit}", number(v))
    }
}

/// A figure's value with its unit, as a reader says it: `£15 per contact`, `49% of customers`,
/// `1,240 members`; per channel for a figure with `values`.
pub(crate) fn figure_value(kit: &Kit, f: &crate::kit::Figure) -> String {
    let one = |v: f64| value_with_unit(v, &f.unit);
    match f.value {
        Some(v) => one(v),
        None => {
            let order = kit.vocabulary(crate::kit::VocabularyName::Channels);
            let mut lines: Vec<(usize, String)> = f
                .values
                .iter()
                .map(|(ch, v)| {
                    (
                        order.iter().position(|t| &t.id == ch).unwrap_or(usize::MAX),
                        format!(
                            "{} {}",
                            kit.label(crate::kit::VocabularyName::Channels, ch),
                            one(*v)
                        ),
                    )
                })
                .collect();
            lines.sort();
            lines
                .into_iter()
                .map(|(_, l)| l)
                .collect::<Vec<_>>()
                .join("; ")
        }
    }
}

fn severity(s: Severity) -> (&'static str, &'static str) {
    match s {
        Severity::Warning => ("warning", "Warning"),
        Severity::Note => ("note", "Note"),
    }
}

fn barrier(b: &BarrierLine) -> BarrierView {
    BarrierView {
        label: b.label.clone(),
        addressed_by: b.addressed_by.iter().map(|c| c.title.clone()).collect(),
    }
}

fn costs(a: &Analysis) -> CostFigures {
    let c = &a.costs;
    let first = c.first_year;
    let against_budget = c.budget.filter(|_| !c.cards.is_empty()).map(|budget| {
        if first.max <= budget {
            BudgetPosition {
                position: "within",
                left: Some(money_range(
                    budget - first.max,
                    budget - first.min,
                    first.estimate,
                )),
                over_by: None,
            }
        } else if first.min > budget {
            BudgetPosition {
                position: "over",
                left: None,
                over_by: Some(money_range(
                    first.min - budget,
                    first.max - budget,
                    first.estimate,
                )),
            }
        } else {
            BudgetPosition {
                position: "over-at-high-end",
                left: Some(money(budget - first.min)),
                over_by: Some(money(first.max - budget)),
            }
        }
    });
    CostFigures {
        setup: c.setup.text(),
        running: c.running.text(),
        first_year: first.text(),
        estimate: first.estimate,
        budget: c.budget.map(money),
        against_budget,
    }
}

fn reach(kit: &Kit, a: &Analysis) -> ReachFigures {
    let r = &a.reach;
    ReachFigures {
        any: r.people.max > 0,
        people: format!("{}{}", r.people.text(), if r.estimate { "*" } else { "" }),
        estimate: r.estimate,
        offline: r.offline.as_ref().map(|o| group_thousands(whole(o.count))),
        offline_basis: r.offline.as_ref().map(|o| readable(kit, &o.basis)),
        share_of_offline: r.share_of_offline.map(|s| s.text()),
        cost_per_person: r.cost_per_person.as_ref().map(|c| c.text.clone()),
    }
}

/// A unit cost with its pence, `£0.17`, `£14.00`: these are small amounts whose pence matter.
fn unit_money(v: f64) -> String {
    if v.abs() >= 1000.0 {
        money(v)
    } else {
        let sign = if v < 0.0 { "-" } else { "" };
        format!("{sign}£{:.2}", v.abs())
    }
}

fn savings(kit: &Kit, a: &Analysis) -> Option<SavingsView> {
    let cs = &a.channel_shift;
    if cs.services.is_empty() {
        return None;
    }
    let mut unit_costs: Vec<(String, UnitCostView)> = Vec::new();
    for line in cs.services.iter().flat_map(|s| &s.channels) {
        if let (Some(cost), Some(source)) = (line.unit_cost, &line.source)
            && !unit_costs.iter().any(|(id, _)| *id == line.id)
        {
            unit_costs.push((line.id.clone(), unit_cost(line, cost, source)));
        }
    }
    // Channels in the kit's order, as in the services' tables.
    let order = |id: &str| {
        kit.vocabulary(crate::kit::VocabularyName::Channels)
            .iter()
            .position(|t| t.id == id)
            .unwrap_or(usize::MAX)
    };
    unit_costs.sort_by_key(|(id, _)| order(id));
    let kit_figures = cs
        .sources
        .iter()
        .filter_map(|s| match s {
            UnitCostSource::Kit { figure, title, .. } => kit
                .figure(figure)
                .map(|f| f.note.trim())
                .filter(|n| !n.is_empty())
                .map(|note| FigureNote {
                    title: title.clone(),
                    note: note.to_owned(),
                }),
            UnitCostSource::Plan { .. } => None,
        })
        .collect();
    Some(SavingsView {
        services: cs.services.iter().map(|s| service(kit, s)).collect(),
        total: signed_money(cs.total_saving),
        complete: cs.complete,
        worked_out: cs.services.iter().filter(|s| s.saving.is_some()).count(),
        any_illustrative: unit_costs.iter().any(|(_, u)| u.illustrative),
        any_example: unit_costs.iter().any(|(_, u)| u.example),
        unit_costs: unit_costs.into_iter().map(|(_, u)| u).collect(),
        kit_figures,
        without_figures: cs.without_figures.clone(),
    })
}

fn unit_cost(line: &ChannelLine, cost: f64, source: &UnitCostSource) -> UnitCostView {
    let mut view = UnitCostView {
        channel: line.label.clone(),
        cost: unit_money(cost),
        citation: String::new(),
        kind: "plan",
        title: None,
        source: None,
        year: source.year(),
        illustrative: false,
        example: false,
        unit: None,
        plan_source: None,
    };
    match source {
        UnitCostSource::Kit {
            title,
            source,
            illustrative,
            example,
            unit,
            ..
        } => {
            view.kind = "kit";
            view.citation = format!(
                "{title}; {source}, {}",
                view.year.as_deref().unwrap_or_default()
            );
            view.title = Some(title.clone());
            view.source = Some(source.clone());
            view.illustrative = *illustrative;
            view.example = *example;
            view.unit = Some(unit.clone());
        }
        UnitCostSource::Plan { text } => {
            view.citation = sentence_case(text);
            view.plan_source = Some(view.citation.clone());
        }
    }
    view
}

/// Text from the analysis with the names it puts in backticks (ids of questions, cards,
/// measures, vocabulary terms, plan fields) in a reader's words: a question as it is asked, a
/// card or measure by its title, a term by its label, anything else as words. The analysis
/// names ids so that `thinkkit status` and a kit author can find them; a board reading the
/// strategy should not have to.
fn readable(kit: &Kit, text: &str) -> String {
    let text = &without_internal(text);
    let parts: Vec<&str> = text.split('`').collect();
    if parts.len() < 3 || parts.len().is_multiple_of(2) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    for (i, part) in parts.iter().enumerate() {
        if i % 2 == 0 {
            out.push_str(part);
            continue;
        }
        let vocabularies = [
            crate::kit::VocabularyName::Barriers,
            crate::kit::VocabularyName::Levels,
            crate::kit::VocabularyName::Partners,
            crate::kit::VocabularyName::Channels,
        ];
        let term = vocabularies.iter().find_map(|v| {
            kit.vocabulary(*v)
                .iter()
                .find(|t| t.id == *part)
                .map(|t| t.label.to_lowercase())
        });
        if let Some(q) = kit.question(part) {
            out.push_str(&format!("‘{}’", q.prompt.trim()));
        } else if let Some(c) = kit.card(part) {
            out.push_str(&format!("‘{}’", c.title));
        } else if let Some(m) = kit.measure(part) {
            out.push_str(&format!("‘{}’", m.title));
        } else if let Some(label) = term {
            out.push_str(&label);
        } else {
            out.push_str(&part.replace(['-', '_'], " "));
        }
    }
    out
}

/// Whether a name the analysis puts in backticks is for a kit author or a command line, not a
/// reader: a command (`thinkkit shift set`) or a field of the plan or kit
/// (`channel-shift.services`, `bindings.budget`).
fn internal(name: &str) -> bool {
    name.starts_with("thinkkit ")
        || (name.contains('.')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.[]".contains(c)))
}

/// `text` without the commands and field names it gives for a kit author or a command line,
/// with the words that lead to them: a parenthesis that holds one (` (`channel-shift.services`)`,
/// ` (give one with `thinkkit shift set … --unit-cost`)`) goes whole, and so does the clause
/// that ends in one (`; give them with `thinkkit shift set``).
fn without_internal(text: &str) -> String {
    let mut text = text.to_owned();
    loop {
        let mut spans = Vec::new();
        let mut open = None;
        for (i, c) in text.char_indices() {
            if c == '`' {
                match open.take() {
                    None => open = Some(i),
                    Some(start) => spans.push((start, i + 1)),
                }
            }
        }
        let Some(&(start, end)) = spans.iter().find(|(s, e)| internal(&text[s + 1..e - 1])) else {
            return text;
        };
        let before = &text[..start];
        let after = &text[end..];
        let paren = before
            .rfind('(')
            .filter(|&p| !before[p..].contains(')'))
            .zip(after.find(')').filter(|&q| !after[..q].contains('(')));
        let (from, to) = match paren {
            Some((p, q)) => (before[..p].trim_end().len(), end + q + 1),
            None => match before.rfind(['.', ';', ',', ':']) {
                Some(p) if !before[p..].contains('`') && before[p..].contains(' ') => (p, end),
                _ => (start, end),
            },
        };
        text.replace_range(from..to, "");
    }
}

/// `The plan's own unit costs…` from `the plan's own unit costs…`, to open a table cell.
fn sentence_case(text: &str) -> String {
    crate::text::capitalize(text)
}

/// `£1,200`, or `−£1,107` for a cost: the same minus sign as the change in contacts.
fn signed_money(v: f64) -> String {
    if v < 0.0 {
        format!("−{}", money(-v))
    } else {
        money(v)
    }
}

fn service(kit: &Kit, s: &ServiceSaving) -> ServiceSavingView {
    ServiceSavingView {
        service: s.service.clone(),
        transactions: number(s.transactions_per_year),
        saving: s
            .saving
            .map_or_else(|| "not worked out".to_owned(), signed_money),
        worked_out: s.saving.is_some(),
        negative: s.saving.is_some_and(|v| v < 0.0),
        channels: s
            .channels
            .iter()
            .map(|c| ChannelView {
                label: c.label.clone(),
                now: percent(c.now),
                target: percent(c.target),
                // The analysis counts contacts leaving a channel; people read the change.
                change: if c.contacts_moved == 0.0 {
                    "no change".to_owned()
                } else if c.contacts_moved > 0.0 {
                    format!("−{}", number(c.contacts_moved))
                } else {
                    format!("+{}", number(-c.contacts_moved))
                },
                unit_cost: c
                    .unit_cost
                    .map_or_else(|| "not known".to_owned(), unit_money),
                saving: c.saving.map_or_else(|| DASH.to_owned(), signed_money),
            })
            .collect(),
        notes: s.notes.iter().map(|n| readable(kit, n)).collect(),
    }
}

/// A measure's value to two decimals, in its unit.
fn value(unit: Option<MeasureUnit>, v: f64) -> String {
    measure_value(unit, (v * 100.0).round() / 100.0)
}

fn measure(kit: &Kit, m: &MeasureProgress) -> MeasureProgressView {
    let trend = m.trend.as_ref().map(|t| {
        let size = match m.unit {
            Some(MeasureUnit::Percent) => format!("{} points", number(round(t.change.abs()))),
            unit => value(unit, t.change.abs()),
        };
        let change = if t.change > 0.0 {
            format!("+{size}")
        } else if t.change < 0.0 {
            format!("−{size}")
        } else {
            "no change".to_owned()
        };
        format!("{change} since {}, {}", month(t.since), t.direction.label())
    });
    MeasureProgressView {
        title: m.title.clone(),
        baseline: m
            .baseline
            .as_ref()
            .map(|b| format!("{} ({})", value(m.unit, b.value), month(b.date))),
        target: m
            .target
            .as_ref()
            .map(|t| format!("{} by {}", value(m.unit, t.value), month(t.by))),
        latest: m.latest.as_ref().map_or_else(
            || DASH.to_owned(),
            |l| format!("{} ({})", value(m.unit, l.value), month(l.date)),
        ),
        expected: m
            .expected
            .filter(|_| m.status.is_some())
            .map_or_else(|| DASH.to_owned(), |e| value(m.unit, guide(e))),
        trend: trend.unwrap_or_else(|| DASH.to_owned()),
        status: m.status.map(|s| match s {
            Status::OnTrack => "on-track",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
        }),
        status_label: m.status.map(Status::label),
        status_text: match m.status {
            Some(Status::OnTrack) => "On track",
            Some(Status::AtRisk) => "At risk",
            Some(Status::OffTrack) => "Off track",
            None => "No status",
        },
        note: m.note.as_deref().map(|n| readable(kit, n)),
        chart: None,
    }
}

/// One decimal place for a change.
fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// Where the line stands is a guide, not a measurement: one decimal place below 100, whole
/// numbers above (`68.8%`, `1,239`).
fn guide(v: f64) -> f64 {
    if v.abs() >= 100.0 {
        v.round()
    } else {
        round(v)
    }
}

fn skipped(kit: &Kit, a: &Analysis, s: &Skipped) -> SkippedView {
    let t = kit.terms();
    let subject = s.subject.as_deref();
    let what = match (s.step.as_str(), subject) {
        ("reality-check", Some(id)) => format!(
            "Reality check ‘{}’",
            kit.reality_checks()
                .iter()
                .find(|c| c.id == id)
                .map_or(id, |c| c.title.as_str())
        ),
        ("measure-status", Some(id)) => format!(
            "Status of ‘{}’",
            a.measures
                .iter()
                .find(|m| m.id == id)
                .map_or(id, |m| m.title.as_str())
        ),
        ("channel-shift", Some(service)) => format!("Saving on ‘{service}’"),
        ("channel-shift", None) => "Channel-shift savings".to_owned(),
        ("card", Some(id)) => format!(
            "Activity ‘{}’",
            kit.card(id).map_or(id, |c| c.title.as_str())
        ),
        ("offline-population", _) => {
            format!(
                "{} {}",
                crate::text::capitalize(&t.population.plural),
                t.offline
            )
        }
        ("reach-share", _) => format!("Reach as a share of {} {}", t.population.plural, t.offline),
        ("cost-per-person", _) => format!("Cost per {} reached", t.people.singular),
        ("budget", _) => format!("Cost against the {}", t.budget),
        ("barriers", _) => format!(
            "{} named against {} addressed",
            crate::text::capitalize(&t.barrier.plural),
            t.barrier.plural
        ),
        ("partners", _) => format!("{} named", crate::text::capitalize(&t.partner.plural)),
        (step, Some(subject)) => format!("{step} ‘{subject}’"),
        (step, None) => step.to_owned(),
    };
    SkippedView {
        what,
        reason: readable(kit, &s.reason),
        cause: match s.cause {
            Cause::Kit => "kit",
            Cause::Plan => "plan",
            Cause::Game => "game",
        },
    }
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(v: f64) -> u64 {
    v.round().max(0.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_costs_keep_their_pence() {
        assert_eq!(unit_money(0.17), "£0.17");
        assert_eq!(unit_money(14.0), "£14.00");
        assert_eq!(unit_money(12.1), "£12.10");
        assert_eq!(unit_money(2500.0), "£2,500");
        assert_eq!(signed_money(-1106.7), "−£1,107");
        assert_eq!(signed_money(36714.3), "£36,714");
        assert_eq!(guide(1239.43), 1239.0);
        assert_eq!(guide(68.75), 68.8);
        assert_eq!(sentence_case("the plan's"), "The plan's");
    }

    #[test]
    fn a_unit_says_whether_a_value_is_money_a_share_or_a_count() {
        assert_eq!(value_with_unit(6.3, "% of adults"), "6.3% of adults");
        assert_eq!(
            value_with_unit(49.0, "percent of customers"),
            "49% of customers"
        );
        assert_eq!(value_with_unit(49.0, "%"), "49%");
        assert_eq!(value_with_unit(15.0, "£ per contact"), "£15.00 per contact");
        assert_eq!(value_with_unit(1240.0, "members"), "1,240 members");
        assert_eq!(
            value_with_unit(3.0, "percentage points"),
            "3 percentage points"
        );
    }

    #[test]
    fn ids_become_a_readers_words() {
        let kit = crate::kit::load::load_arg(None).unwrap();
        let q = kit.question("offline-households").unwrap();
        assert_eq!(
            readable(&kit, "the plan's answer to `offline-households`"),
            format!("the plan's answer to ‘{}’", q.prompt)
        );
        assert_eq!(
            readable(&kit, "no chosen card is tagged `senior-training`"),
            "no chosen card is tagged senior training"
        );
        assert_eq!(readable(&kit, "one ` tick"), "one ` tick");
    }

    #[test]
    fn commands_and_field_names_leave_a_readers_text() {
        assert_eq!(
            without_internal("the plan names no services to shift (`channel-shift.services`)"),
            "the plan names no services to shift"
        );
        assert_eq!(
            without_internal(
                "the plan gives no channel-shift figures for the services it offers online (Repairs); give them with `thinkkit shift set`"
            ),
            "the plan gives no channel-shift figures for the services it offers online (Repairs)"
        );
        assert_eq!(
            without_internal(
                "no unit cost for `post` (give one with `thinkkit shift set … --unit-cost`), so the saving of ‘Repairs’ is not worked out"
            ),
            "no unit cost for `post`, so the saving of ‘Repairs’ is not worked out"
        );
        assert_eq!(
            without_internal("the kit asks no question for the budget (`bindings.budget`)"),
            "the kit asks no question for the budget"
        );
        // Ids stay for `readable` to put in words.
        assert_eq!(
            without_internal(
                "‘Which barriers keep your customers offline?’ (`barriers`) is not answered"
            ),
            "‘Which barriers keep your customers offline?’ (`barriers`) is not answered"
        );
    }
}
