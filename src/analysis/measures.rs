//! Measures over time: baseline, target, dated values, trend, and whether the latest value is on
//! track against the straight line from the baseline to the target.
//!
//! The status compares the latest value recorded after the baseline with where the straight line
//! from (baseline date, baseline value) to (target date, target value) stands on that value's
//! date (the target itself once the target date has passed). The *shortfall* is how far the value
//! is behind that point, in the measure's better direction, as a share of the whole planned
//! change |target − baseline|:
//!
//! - **on track**: shortfall at most [`ON_TRACK_TOLERANCE`] (5%) of the planned change: on, ahead
//!   of, or just short of the line;
//! - **at risk**: shortfall above 5% and at most [`AT_RISK_LIMIT`] (25%);
//! - **off track**: shortfall above 25%.
//!
//! Two rules keep the status honest at the edges. A value worse than the baseline is never on
//! track (early on the line has barely moved, and going backwards is not progress): it is at
//! best at risk. A target equal to the baseline (hold the line) is on track while the value is no
//! worse than it, and off track otherwise.

use jiff::civil::Date;
use serde::Serialize;

use super::Skipped;
use crate::kit::{Direction, Kit, MeasureUnit};
use crate::plan::{PlanMeasure, Reading, Target};

/// Within this share of the planned change behind the line is still on track.
pub const ON_TRACK_TOLERANCE: f64 = 0.05;
/// Up to this share of the planned change behind the line is at risk; beyond it, off track.
pub const AT_RISK_LIMIT: f64 = 0.25;

/// Whether a measure is on track.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// On, ahead of, or within 5% of the planned change behind the line.
    OnTrack,
    /// Behind the line by more than 5% and at most 25% of the planned change.
    AtRisk,
    /// Behind the line by more than 25% of the planned change.
    OffTrack,
}

impl Status {
    /// `on track`, `at risk`, `off track`.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::AtRisk => "at risk",
            Status::OffTrack => "off track",
        }
    }
}

/// Which way the latest value moved, in the measure's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TrendDirection {
    /// Moved the better way.
    Improving,
    /// Moved the worse way.
    Worsening,
    /// Did not move.
    Steady,
}

impl TrendDirection {
    /// `improving`, `worsening`, `steady`.
    pub fn label(self) -> &'static str {
        match self {
            TrendDirection::Improving => "improving",
            TrendDirection::Worsening => "worsening",
            TrendDirection::Steady => "steady",
        }
    }
}

/// The latest value against the one before it (the baseline counts as a value).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trend {
    /// Latest value minus the previous one.
    pub change: f64,
    /// Date of the previous value.
    pub since: Date,
    /// Latest value minus the baseline, when there is one.
    pub change_since_baseline: Option<f64>,
    /// Better, worse or the same.
    pub direction: TrendDirection,
}

/// One measure's progress.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MeasureProgress {
    /// Measure id.
    pub id: String,
    /// Measure title (the id when the kit does not have it).
    pub title: String,
    /// Unit, from the kit.
    pub unit: Option<MeasureUnit>,
    /// Which way is better, from the kit.
    pub direction: Option<Direction>,
    /// Where we start.
    pub baseline: Option<Reading>,
    /// Where we aim to be.
    pub target: Option<Target>,
    /// Values recorded, oldest first.
    pub values: Vec<Reading>,
    /// The latest value recorded after the baseline.
    pub latest: Option<Reading>,
    /// Latest against the previous value.
    pub trend: Option<Trend>,
    /// Where the straight line from baseline to target stands on the latest value's date.
    pub expected: Option<f64>,
    /// On track, at risk or off track.
    pub status: Option<Status>,
    /// Why there is no status, or a caveat about it.
    pub note: Option<String>,
}

/// The progress of every measure in the plan.
pub(crate) fn analyse(
    kit: &Kit,
    measures: &[PlanMeasure],
    skipped: &mut Vec<Skipped>,
) -> Vec<MeasureProgress> {
    measures
        .iter()
        .map(|m| {
            let p = progress(kit, m);
            if p.status.is_none()
                && let Some(note) = &p.note
            {
                skipped.push(Skipped::new(
                    "measure-status",
                    Some(m.id.clone()),
                    note.clone(),
                ));
            }
            p
        })
        .collect()
}

fn days(from: Date, to: Date) -> f64 {
    from.duration_until(to).as_secs_f64() / 86_400.0
}

/// The progress of one measure.
pub fn progress(kit: &Kit, m: &PlanMeasure) -> MeasureProgress {
    let km = kit.measure(&m.id);
    let mut values: Vec<Reading> = m
        .values
        .iter()
        .filter(|r| r.value.is_finite())
        .cloned()
        .collect();
    values.sort_by_key(|r| r.date);
    let baseline = m.baseline.clone().filter(|b| b.value.is_finite());
    let target = m.target.clone().filter(|t| t.value.is_finite());
    let latest = values
        .iter()
        .rev()
        .find(|r| baseline.as_ref().is_none_or(|b| r.date > b.date))
        .cloned();
    let mut p = MeasureProgress {
        id: m.id.clone(),
        title: km.map_or_else(|| m.id.clone(), |k| k.title.clone()),
        unit: km.map(|k| k.unit),
        direction: km.map(|k| k.direction),
        baseline: baseline.clone(),
        target: target.clone(),
        values: values.clone(),
        latest: latest.clone(),
        trend: None,
        expected: None,
        status: None,
        note: None,
    };
    let Some(direction) = km.map(|k| k.direction) else {
        p.note = Some(format!("measure `{}` is not in this kit", m.id));
        return p;
    };
    let sign = match direction {
        Direction::Up => 1.0,
        Direction::Down => -1.0,
    };
    p.trend = trend(baseline.as_ref(), &values, sign);
    let Some(b) = baseline else {
        p.note = Some("no baseline".to_owned());
        return p;
    };
    let Some(t) = target else {
        p.note = Some("no target".to_owned());
        return p;
    };
    if t.by <= b.date {
        p.note = Some(format!(
            "the target date {} is not after the baseline date {}",
            t.by, b.date
        ));
        return p;
    }
    let Some(l) = latest else {
        p.note = Some("no value recorded since the baseline".to_owned());
        return p;
    };
    let f = (days(b.date, l.date) / days(b.date, t.by)).clamp(0.0, 1.0);
    let expected = b.value + (t.value - b.value) * f;
    let planned = (t.value - b.value).abs();
    let shortfall = (expected - l.value) * sign;
    let mut status = if planned == 0.0 {
        if shortfall <= 0.0 {
            Status::OnTrack
        } else {
            Status::OffTrack
        }
    } else if shortfall <= ON_TRACK_TOLERANCE * planned {
        Status::OnTrack
    } else if shortfall <= AT_RISK_LIMIT * planned {
        Status::AtRisk
    } else {
        Status::OffTrack
    };
    if status == Status::OnTrack && (b.value - l.value) * sign > 0.0 {
        status = Status::AtRisk;
    }
    if (t.value - b.value) * sign < 0.0 {
        p.note = Some(format!(
            "the target is {} than the baseline, although {} is better",
            if sign > 0.0 { "lower" } else { "higher" },
            if sign > 0.0 { "higher" } else { "lower" }
        ));
    }
    p.expected = Some(expected);
    p.status = Some(status);
    p
}

fn trend(baseline: Option<&Reading>, values: &[Reading], sign: f64) -> Option<Trend> {
    let mut series: Vec<&Reading> = baseline.into_iter().collect();
    series.extend(
        values
            .iter()
            .filter(|r| baseline.is_none_or(|b| r.date > b.date)),
    );
    let [.., prev, last] = series.as_slice() else {
        return None;
    };
    let change = last.value - prev.value;
    let direction = if change * sign > 0.0 {
        TrendDirection::Improving
    } else if change * sign < 0.0 {
        TrendDirection::Worsening
    } else {
        TrendDirection::Steady
    };
    Some(Trend {
        change,
        since: prev.date,
        change_since_baseline: baseline.map(|b| last.value - b.value),
        direction,
    })
}
