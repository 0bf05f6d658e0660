//! Channel-shift savings: for each service the team moves between channels,
//! transactions a year × (share now − share aimed for) / 100 × unit cost, summed over channels.
//!
//! A channel whose share falls saves its unit cost on each contact that leaves it; a channel
//! whose share rises (online, usually) costs its unit cost on each contact it gains, so the sum is
//! the net saving. Unit costs come from the plan where the team gave its own, channel by channel,
//! and otherwise from the kit figure that `bindings.channel-costs` names; every line says which,
//! because published figures describe simple contacts and their sources warn against using them
//! unadjusted.

use std::collections::BTreeSet;

use serde::Serialize;

use super::Skipped;
use crate::kit::{Kit, VocabularyName};
use crate::plan::{ChannelShift, ServiceShift};

/// Shares that add up to within this of 100% are taken to be complete.
const SHARE_TOLERANCE: f64 = 0.5;

/// Savings over all services.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct ChannelShiftAnalysis {
    /// One line per service, in the plan's order.
    pub services: Vec<ServiceSaving>,
    /// Sum of the savings that could be worked out (net, pounds a year).
    pub total_saving: f64,
    /// Whether every service's saving could be worked out.
    pub complete: bool,
    /// Every source of unit costs used, once each.
    pub sources: Vec<UnitCostSource>,
    /// Services the team chose to offer online (the kit's `services` binding) that have no
    /// channel-shift figures, by label in kit order: the total leaves them out.
    pub without_figures: Vec<String>,
}

/// One service's shift and saving.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServiceSaving {
    /// The service as the plan stores it (a choice value of the kit's services question, or
    /// the team's own name).
    pub id: String,
    /// The service as it reads (the choice's label).
    pub service: String,
    /// Transactions a year.
    pub transactions_per_year: f64,
    /// One line per channel named now or in the target, in vocabulary order.
    pub channels: Vec<ChannelLine>,
    /// Net saving a year; `None` when a channel that changes has no unit cost.
    pub saving: Option<f64>,
    /// Things worth knowing: shares that do not add up to 100%, missing unit costs.
    pub notes: Vec<String>,
}

/// One channel of a service.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelLine {
    /// Channel id.
    pub id: String,
    /// Channel label.
    pub label: String,
    /// Share now, percent.
    pub now: f64,
    /// Share aimed for, percent.
    pub target: f64,
    /// Contacts a year leaving this channel (negative: arriving).
    pub contacts_moved: f64,
    /// Cost per contact, when known.
    pub unit_cost: Option<f64>,
    /// contacts moved × unit cost (negative: an added cost).
    pub saving: Option<f64>,
    /// Where the unit cost comes from.
    pub source: Option<UnitCostSource>,
}

/// Where a unit cost comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum UnitCostSource {
    /// A reference figure of the kit.
    Kit {
        /// Figure id.
        figure: String,
        /// Figure title.
        title: String,
        /// Title of the figure's source document.
        source: String,
        /// Year the figure refers to; `None` for an undated figure.
        year: Option<u16>,
        /// The year as it is cited: `2018`, `reported 2012`, `c. 2014` or `undated`
        /// ([`crate::kit::model::Figure::cited_year`]).
        cited_year: String,
        /// Whether the source presents it as an illustration.
        illustrative: bool,
        /// Whether it is a placeholder of the kit's authors, from no source.
        example: bool,
        /// The figure's unit, in words.
        unit: String,
    },
    /// The team's own unit costs in the plan.
    Plan {
        /// What the plan says about them (`unit-costs-source`), or a note that it says nothing.
        text: String,
    },
}

impl UnitCostSource {
    /// One line for tables: `Cost per contact by channel – Socitm …; Channel shift … (c. 2014,
    /// illustrative)`.
    pub fn text(&self) -> String {
        match self {
            UnitCostSource::Kit {
                title,
                source,
                illustrative,
                example,
                ..
            } => format!(
                "{title}; {source} ({}{})",
                self.year().unwrap_or_default(),
                if *example {
                    ", an example to replace"
                } else if *illustrative {
                    ", illustrative"
                } else {
                    ""
                }
            ),
            UnitCostSource::Plan { text } => text.clone(),
        }
    }

    /// A kit figure's year as it should be cited: `2018`, `reported 2012`, `c. 2014` when the
    /// kit's authors dated it, or `undated`; `None` for the plan's own figures.
    pub fn year(&self) -> Option<String> {
        match self {
            UnitCostSource::Kit { cited_year, .. } => Some(cited_year.clone()),
            UnitCostSource::Plan { .. } => None,
        }
    }
}

fn kit_source(kit: &Kit) -> Option<(UnitCostSource, &std::collections::BTreeMap<String, f64>)> {
    let id = kit.bindings().channel_costs.as_ref()?;
    let f = kit.figure(id)?;
    let source = UnitCostSource::Kit {
        figure: f.id.clone(),
        title: f.title.clone(),
        source: kit
            .source(&f.source)
            .map_or_else(|| f.source.clone(), |s| s.title.clone()),
        year: f.year,
        cited_year: f.cited_year(),
        illustrative: f.illustrative,
        example: f.example,
        unit: f.unit.clone(),
    };
    Some((source, &f.values))
}

/// The labels of the services the answer to the kit's services question names that have no
/// figures in `shift`.
fn without_figures(
    kit: &Kit,
    answers: &crate::interview::Answers,
    shift: &ChannelShift,
) -> Vec<String> {
    let Some(q) = kit.services_question() else {
        return Vec::new();
    };
    let named = crate::interview::Interview::new(kit)
        .effective_answer(&q.id, answers)
        .and_then(crate::plan::Answer::as_list)
        .unwrap_or_default();
    kit.choices(q)
        .iter()
        .filter(|c| named.contains(&c.value))
        .filter(|c| !shift.services.iter().any(|s| s.service == c.value))
        .map(|c| c.label.clone())
        .collect()
}

/// Work out the savings of every service in `shift`; `answers` say which services the team
/// chose to offer online.
pub(crate) fn analyse(
    kit: &Kit,
    answers: &crate::interview::Answers,
    shift: &ChannelShift,
    skipped: &mut Vec<Skipped>,
) -> ChannelShiftAnalysis {
    let mut out = ChannelShiftAnalysis {
        complete: true,
        without_figures: without_figures(kit, answers, shift),
        ..ChannelShiftAnalysis::default()
    };
    if shift.services.is_empty() {
        let reason = if out.without_figures.is_empty() {
            "the plan names no services to shift (`channel-shift.services`)".to_owned()
        } else {
            format!(
                "the plan gives no channel-shift figures for the services it offers online ({}); give them with `thinkkit shift set`",
                out.without_figures.join("; ")
            )
        };
        skipped.push(Skipped::new("channel-shift", None, reason));
        return out;
    }
    let kit_costs = kit_source(kit);
    if kit_costs.is_none() {
        skipped.push(Skipped::kit(
            "channel-shift",
            None,
            "the kit names no unit-cost figure (`bindings.channel-costs`), so only the plan's own unit costs are used".to_owned(),
        ));
    }
    let plan_source = UnitCostSource::Plan {
        text: shift.unit_costs_source.clone().map_or_else(
            || "the plan's own unit costs (the plan does not say where they come from)".to_owned(),
            |s| format!("the plan's own unit costs: {s}"),
        ),
    };
    let unit = |channel: &str| -> Option<(f64, UnitCostSource)> {
        if let Some(v) = shift.unit_costs.get(channel).filter(|v| v.is_finite()) {
            return Some((*v, plan_source.clone()));
        }
        let (src, values) = kit_costs.as_ref()?;
        values
            .get(channel)
            .filter(|v| v.is_finite())
            .map(|v| (*v, src.clone()))
    };
    for s in &shift.services {
        let line = service(kit, s, &unit);
        for c in &line.channels {
            if let Some(src) = &c.source
                && !out.sources.contains(src)
            {
                out.sources.push(src.clone());
            }
        }
        match line.saving {
            Some(v) => out.total_saving += v,
            None => {
                out.complete = false;
                skipped.push(Skipped::new(
                    "channel-shift",
                    Some(s.service.clone()),
                    line.notes.last().cloned().unwrap_or_default(),
                ));
            }
        }
        out.services.push(line);
    }
    out
}

fn service(
    kit: &Kit,
    s: &ServiceShift,
    unit: &dyn Fn(&str) -> Option<(f64, crate::analysis::UnitCostSource)>,
) -> ServiceSaving {
    let mut notes = Vec::new();
    // Channels in vocabulary order, then any the vocabulary does not know.
    let named: BTreeSet<&str> = s
        .now
        .keys()
        .chain(s.target.keys())
        .map(String::as_str)
        .collect();
    let mut order: Vec<&str> = kit
        .vocabulary(VocabularyName::Channels)
        .iter()
        .map(|t| t.id.as_str())
        .filter(|id| named.contains(id))
        .collect();
    let extra: Vec<&str> = named
        .iter()
        .copied()
        .filter(|id| !order.contains(id))
        .collect();
    order.extend(extra);

    let label = kit.service_label(&s.service);
    let mut line = ServiceSaving {
        id: s.service.clone(),
        service: label.clone(),
        transactions_per_year: s.transactions_per_year,
        channels: Vec::new(),
        saving: None,
        notes: Vec::new(),
    };
    if !s.transactions_per_year.is_finite() || s.transactions_per_year < 0.0 {
        notes.push(format!(
            "`transactions-per-year` of ‘{label}’ must be a number of 0 or more"
        ));
        line.notes = notes;
        return line;
    }
    let shares_ok = |m: &std::collections::BTreeMap<String, f64>| {
        m.values()
            .all(|v| v.is_finite() && (0.0..=100.0).contains(v))
    };
    if !shares_ok(&s.now) || !shares_ok(&s.target) {
        notes.push(format!(
            "the shares of ‘{label}’ must be percentages from 0 to 100"
        ));
        line.notes = notes;
        return line;
    }
    for (what, m) in [("now", &s.now), ("target", &s.target)] {
        let sum: f64 = m.values().sum();
        if (sum - 100.0).abs() > SHARE_TOLERANCE {
            notes.push(format!(
                "the `{what}` shares of ‘{label}’ add up to {}%, not 100%",
                super::reach::trim((sum * 10.0).round() / 10.0)
            ));
        }
    }
    let mut total = 0.0;
    let mut missing = Vec::new();
    for id in order {
        let now = s.now.get(id).copied().unwrap_or(0.0);
        let target = s.target.get(id).copied().unwrap_or(0.0);
        let moved = s.transactions_per_year * (now - target) / 100.0;
        let cost = unit(id);
        // In whole pounds, as every document shows it, so that a service's rows add up to its
        // saving and the services to the total, to the pound (`+ 0.0` makes a rounded −0 plain 0).
        let saving = cost.as_ref().map(|(u, _)| (moved * u).round() + 0.0);
        match saving {
            Some(v) => total += v,
            // A channel that does not change needs no unit cost.
            None if moved == 0.0 => {}
            None => missing.push(id.to_owned()),
        }
        line.channels.push(ChannelLine {
            id: id.to_owned(),
            label: kit.label(VocabularyName::Channels, id).to_owned(),
            now,
            target,
            contacts_moved: moved,
            unit_cost: cost.as_ref().map(|(u, _)| *u),
            saving,
            source: cost.map(|(_, src)| src),
        });
    }
    if missing.is_empty() {
        line.saving = Some(total);
    } else {
        notes.push(format!(
            "no unit cost for {} (give one with `thinkkit shift set … --unit-cost`), so the saving of ‘{label}’ is not worked out",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    line.notes = notes;
    line
}
