//! Inline SVG charts of an [`Analysis`]: channel mix now and target, cost by activity, and each
//! measure's progress against the straight line to its target.
//!
//! The charts are drawn by [`charts_rs`] rather than by hand-built SVG strings. It was chosen
//! after checking three things the documents depend on: it builds here with no fonts or network
//! at run time (it measures text with a font embedded in the crate and writes plain SVG), it
//! escapes every piece of text it writes, in text nodes and in attributes (a card or service
//! title such as `Tea & <chat>` cannot break the page; the tests here check that), and it lays out
//! axes, ticks, legends and a true time axis, which a small hand-written builder would have to
//! reinvent. Its `svg_with_accessibility` adds `role="img"`, a `<title>` and a `<desc>` to the
//! root element; the `<desc>` here repeats the chart's figures in words, so a screen reader (or
//! a printout in black and white) loses nothing. Each function returns `None` when there is
//! nothing to draw, so a template can simply leave the chart out.

use charts_rs::{
    AxisType, BarChart, HorizontalBarChart, LineChart, Series, svg_with_accessibility,
};

use crate::analysis::{Analysis, MeasureProgress};
use crate::text::money;

const WIDTH: f32 = 640.0;

/// `45` or `45.5`.
fn num(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// A finite amount above zero (not NaN, not infinite).
fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

#[allow(clippy::cast_possible_truncation)]
fn f32_of(v: f64) -> f32 {
    v as f32
}

/// The share of transactions by channel now and aimed for, over every service the plan shifts,
/// weighted by each service's transactions a year.
pub fn channel_mix_svg(analysis: &Analysis) -> Option<String> {
    let mut channels: Vec<(String, String, f64, f64)> = Vec::new();
    let mut total = 0.0;
    let mut services = Vec::new();
    for s in &analysis.channel_shift.services {
        if s.channels.is_empty() || !positive(s.transactions_per_year) {
            continue;
        }
        total += s.transactions_per_year;
        services.push(s.service.as_str());
        for c in &s.channels {
            let (now, target) = (
                c.now * s.transactions_per_year,
                c.target * s.transactions_per_year,
            );
            match channels.iter_mut().find(|(id, ..)| *id == c.id) {
                Some(entry) => {
                    entry.2 += now;
                    entry.3 += target;
                }
                None => channels.push((c.id.clone(), c.label.clone(), now, target)),
            }
        }
    }
    if channels.is_empty() || !positive(total) {
        return None;
    }
    let shares: Vec<(String, f64, f64)> = channels
        .into_iter()
        .map(|(_, label, now, target)| (label, now / total, target / total))
        .collect();
    let mut chart = BarChart::new(
        vec![
            Series::new(
                "Now".to_owned(),
                shares.iter().map(|(_, n, _)| f32_of(*n)).collect(),
            ),
            Series::new(
                "Target".to_owned(),
                shares.iter().map(|(_, _, t)| f32_of(*t)).collect(),
            ),
        ],
        shares.iter().map(|(l, ..)| l.clone()).collect(),
    );
    chart.width = WIDTH;
    chart.height = 360.0;
    chart.title.text = "Channel mix now and target (% of transactions)".to_owned();
    for s in &mut chart.series_list {
        s.label_show = true;
    }
    let desc = format!(
        "Share of {} transactions a year by channel, over the services shifted ({}). {}",
        crate::text::group_thousands(whole(total)),
        services.join("; "),
        shares
            .iter()
            .map(|(l, n, t)| format!("{l}: now {}%, target {}%.", num(*n), num(*t)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let svg = chart.svg().ok()?;
    Some(svg_with_accessibility(
        &svg,
        "Channel mix now and target",
        &desc,
    ))
}

#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn whole(v: f64) -> u64 {
    v.round().max(0.0) as u64
}

/// First-year cost (set-up plus a year's running) of each chosen card, low and high.
pub fn cost_by_activity_svg(analysis: &Analysis) -> Option<String> {
    let cards = &analysis.costs.cards;
    if cards.is_empty() {
        return None;
    }
    // The horizontal chart draws its first category at the bottom; reverse so the plan's first
    // card is on top, as in the tables.
    let ordered: Vec<_> = cards.iter().rev().collect();
    let mut chart = HorizontalBarChart::new(
        vec![
            Series::new(
                "First year, low (£)".to_owned(),
                ordered.iter().map(|c| f32_of(c.first_year.min)).collect(),
            ),
            Series::new(
                "First year, high (£)".to_owned(),
                ordered.iter().map(|c| f32_of(c.first_year.max)).collect(),
            ),
        ],
        ordered.iter().map(|c| c.title.clone()).collect(),
    );
    chart.width = WIDTH;
    #[allow(clippy::cast_precision_loss)]
    let height = 110.0 + 46.0 * cards.len() as f32;
    chart.height = height;
    chart.title.text = "Cost by activity in the first year".to_owned();
    let desc = format!(
        "First-year cost (set-up plus a year's running) of each chosen activity. {} Total {}.",
        cards
            .iter()
            .map(|c| format!(
                "{}: {} (set-up {}, running {} a year).",
                c.title,
                c.first_year.text(),
                c.setup.text(),
                c.running.text()
            ))
            .collect::<Vec<_>>()
            .join(" "),
        analysis.costs.first_year.text()
    );
    let svg = chart.svg().ok()?;
    Some(svg_with_accessibility(
        &svg,
        "Cost by activity in the first year",
        &desc,
    ))
}

fn timestamp(d: jiff::civil::Date) -> Option<f64> {
    let z = d.to_zoned(jiff::tz::TimeZone::UTC).ok()?;
    #[allow(clippy::cast_precision_loss)]
    Some(z.timestamp().as_second() as f64)
}

/// One measure's values over time, with the straight line from its baseline to its target.
/// `None` when the plan has no such measure or nothing to draw.
pub fn measure_progress_svg(analysis: &Analysis, measure_id: &str) -> Option<String> {
    let m = analysis.measures.iter().find(|m| m.id == measure_id)?;
    measure_svg(m)
}

/// The progress chart of one measure of an analysis; `None` when there is nothing to draw.
pub fn progress_svg(m: &MeasureProgress) -> Option<String> {
    measure_svg(m)
}

/// Every measure's progress chart that can be drawn, as (measure id, SVG), in the plan's order.
pub fn measure_progress_svgs(analysis: &Analysis) -> Vec<(String, String)> {
    analysis
        .measures
        .iter()
        .filter_map(|m| measure_svg(m).map(|svg| (m.id.clone(), svg)))
        .collect()
}

fn measure_svg(m: &MeasureProgress) -> Option<String> {
    let mut recorded: Vec<(f64, f64)> = Vec::new();
    if let Some(b) = &m.baseline {
        recorded.push((timestamp(b.date)?, b.value));
    }
    for r in &m.values {
        if m.baseline.as_ref().is_none_or(|b| r.date > b.date) {
            recorded.push((timestamp(r.date)?, r.value));
        }
    }
    let line = match (&m.baseline, &m.target) {
        (Some(b), Some(t)) if t.by > b.date => {
            Some([(timestamp(b.date)?, b.value), (timestamp(t.by)?, t.value)])
        }
        _ => None,
    };
    if recorded.len() < 2 && line.is_none() {
        return None;
    }
    let mut series = Vec::new();
    let mut rec = Series::new(
        "Recorded".to_owned(),
        recorded.iter().map(|(_, v)| f32_of(*v)).collect(),
    );
    rec.x_values = Some(recorded.iter().map(|(x, _)| *x).collect());
    rec.label_show = true;
    series.push(rec);
    if let Some(points) = line {
        let mut l = Series::new(
            "Straight line to target".to_owned(),
            points.iter().map(|(_, v)| f32_of(*v)).collect(),
        );
        l.x_values = Some(points.iter().map(|(x, _)| *x).collect());
        l.stroke_dash_array = Some("6,4".to_owned());
        series.push(l);
    }
    let mut chart = LineChart::new(series, Vec::new());
    chart.width = WIDTH;
    chart.height = 320.0;
    chart.x_axis.kind = AxisType::Time;
    chart.x_axis.formatter = Some("%b %Y".to_owned());
    chart.title.text = m.title.clone();
    let unit = match m.unit {
        Some(crate::kit::MeasureUnit::Percent) => "%",
        _ => "",
    };
    let value = |v: f64| match m.unit {
        Some(crate::kit::MeasureUnit::Money) => money(v),
        _ => format!("{}{unit}", num(v)),
    };
    let mut desc = Vec::new();
    if let Some(b) = &m.baseline {
        desc.push(format!("Baseline {} on {}.", value(b.value), b.date));
    }
    if let Some(t) = &m.target {
        desc.push(format!("Target {} by {}.", value(t.value), t.by));
    }
    for r in m
        .values
        .iter()
        .filter(|r| m.baseline.as_ref().is_none_or(|b| r.date > b.date))
    {
        desc.push(format!("{} on {}.", value(r.value), r.date));
    }
    if let Some(s) = m.status {
        desc.push(format!("Status: {}.", s.label()));
    }
    let svg = chart.svg().ok()?;
    Some(svg_with_accessibility(
        &svg,
        &format!("{}: progress against target", m.title),
        &desc.join(" "),
    ))
}
