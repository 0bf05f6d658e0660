//! Inline SVG charts of an [`Analysis`]: channel mix now and target, cost by activity, and each
//! measure's progress against the straight line to its target.
//!
//! The charts are plain SVG written here, with no chart library and no font: labels are laid
//! out so that none of them needs measuring (category names wrap onto at most two lines within
//! their band, activity names sit on a line of their own above their bars, value labels sit
//! beyond the end of a bar, where the margin leaves them room), and the page's own sans-serif
//! font draws them. Axes use "nice" steps (1, 2, 2.5 or 5 times a power of ten; whole months on
//! a time axis), so a reader can read values off the grid.
//!
//! Every text written here, whoever wrote it, goes through [`esc`], in text nodes and in
//! attributes alike: a card or service called `Tea & <chat>` stays text (the tests here and in
//! `tests/render.rs` check it). The root element has `role="img"`, a `<title>` and a `<desc>`
//! that repeats the chart's figures in words, so a screen reader, or a printout in black and
//! white, loses nothing. Each function returns `None` when there is nothing to draw, so a
//! template can simply leave the chart out.

use std::fmt::Write as _;

use jiff::civil::Date;

use crate::analysis::{Analysis, MeasureProgress};
use crate::kit::MeasureUnit;
use crate::text::{escape_markup as esc, group_thousands, money};

const WIDTH: f64 = 640.0;
/// The two series colours: blue and orange from the Okabe–Ito palette, told apart with the
/// common kinds of colour blindness.
const FIRST: &str = "#0072b2";
const SECOND: &str = "#d55e00";
/// The second colour darkened for text: #d55e00 is 3.9:1 on white, under the 4.5:1 that WCAG
/// asks of small text; this is 5.5:1 and still reads as the same orange.
const SECOND_TEXT: &str = "#b34700";
const INK: &str = "#1f2933";
const MUTED: &str = "#52606d";
const GRID: &str = "#d9dee5";
/// The attributes of an axis label: small, in the muted colour.
const TICK_LABEL: &str = "fill=\"#52606d\" font-size=\"11\"";
/// A generous average advance of one character of the page's sans-serif at 12px, used only to
/// decide where a label must wrap or be shortened, never to position text exactly.
const CHAR_WIDTH: f64 = 7.0;

/// `v` to a tenth, as its sign, whole part and tenths digit. Worked in whole tenths, which is
/// several times quicker than formatting a float with a precision, and a chart writes hundreds.
fn tenths(v: f64) -> (&'static str, u64, u64) {
    // Saturates for amounts no chart has; NaN becomes 0.
    #[allow(clippy::cast_possible_truncation)]
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    (sign, tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10)
}

/// `45` or `45.5`: to a tenth, without a trailing `.0`.
fn num(v: f64) -> String {
    match tenths(v) {
        (sign, whole, 0) => format!("{sign}{whole}"),
        (sign, whole, tenth) => format!("{sign}{whole}.{tenth}"),
    }
}

/// `1,320` or `45.5`: [`num`] with its thousands grouped.
fn grouped(v: f64) -> String {
    match tenths(v) {
        (sign, whole, 0) => format!("{sign}{}", group_thousands(whole)),
        (sign, whole, tenth) => format!("{sign}{}.{tenth}", group_thousands(whole)),
    }
}

/// A finite amount above zero (not NaN, not infinite).
fn positive(v: f64) -> bool {
    v.is_finite() && v > 0.0
}

/// `v` when it is a finite number, else zero: a chart never draws NaN.
fn finite(v: f64) -> f64 {
    if v.is_finite() { v } else { 0.0 }
}

/// `7`, `7.5k`, `1.2m`: short figures for axis ticks.
fn compact(v: f64) -> String {
    let a = v.abs();
    let sign = if v < 0.0 { "-" } else { "" };
    if a >= 1_000_000.0 {
        format!("{sign}{}m", num(a / 1_000_000.0))
    } else if a >= 1000.0 {
        format!("{sign}{}k", num(a / 1000.0))
    } else {
        format!("{sign}{}", num(a))
    }
}

/// A coordinate, to a tenth of a pixel, written as [`num`] writes it straight into the drawing
/// (a chart has hundreds, each a string of its own otherwise).
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match tenths(finite(self.0)) {
            (sign, whole, 0) => write!(f, "{sign}{whole}"),
            (sign, whole, tenth) => write!(f, "{sign}{whole}.{tenth}"),
        }
    }
}

/// At most `max` characters of `s`, ending in `…` when shortened.
fn shorten(s: &str, max: usize) -> String {
    let max = max.max(2);
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.truncate(out.trim_end().len());
    out.push('…');
    out
}

/// `s` in lines of at most `max` characters, broken between words; at most `lines` lines, the
/// last shortened with `…` when the text does not fit.
fn wrap(s: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut words = s.split_whitespace();
    while let Some(word) = words.next() {
        let needed =
            current.chars().count() + usize::from(!current.is_empty()) + word.chars().count();
        if current.is_empty() || needed <= max {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(word);
            continue;
        }
        if out.len() + 1 == lines {
            // No line left: the rest goes on this one, shortened.
            current.push(' ');
            current.push_str(word);
            for w in words.by_ref() {
                current.push(' ');
                current.push_str(w);
            }
            break;
        }
        out.push(shorten(&current, max));
        current = word.to_owned();
    }
    if !current.is_empty() {
        out.push(shorten(&current, max));
    }
    out
}

/// A value axis from `min` to `max` in steps of `step`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    min: f64,
    max: f64,
    step: f64,
}

impl Axis {
    /// An axis covering `lo..=hi` in about `ticks` steps of 1, 2, 2.5 or 5 times a power of ten.
    fn nice(lo: f64, hi: f64, ticks: u32) -> Axis {
        let (mut lo, mut hi) = (finite(lo.min(hi)), finite(lo.max(hi)));
        if hi - lo < f64::EPSILON * hi.abs().max(1.0) {
            // One value: an axis around it (or from it, when it is zero).
            if lo == 0.0 {
                hi = 1.0;
            } else {
                let pad = lo.abs() * 0.1;
                (lo, hi) = (lo - pad, hi + pad);
            }
        }
        let raw = (hi - lo) / f64::from(ticks.max(1));
        let power = 10f64.powf(raw.log10().floor());
        let step = power
            * [1.0, 2.0, 2.5, 5.0, 10.0]
                .into_iter()
                .find(|m| raw / power <= m * (1.0 + 1e-9))
                .unwrap_or(10.0);
        Axis {
            min: (lo / step).floor() * step,
            max: (hi / step).ceil() * step,
            step,
        }
    }

    /// The values at which ticks stand, from `min` to `max`.
    fn ticks(&self) -> Vec<f64> {
        let count = ((self.max - self.min) / self.step).round();
        // Safe: an axis from `nice` has a handful of steps; the cap only guards the cast.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let count = count.clamp(0.0, 100.0) as u32;
        (0..=count)
            .map(|i| {
                // Rounded to a digit below the step, which clears the noise of the arithmetic
                // (0.30000000000000004) and negative zero.
                let scale = 10f64.powf(1.0 - self.step.log10().floor());
                let v = ((self.min + f64::from(i) * self.step) * scale).round() / scale;
                if v == 0.0 { 0.0 } else { v }
            })
            .collect()
    }

    /// Where `v` falls between `from` (the axis minimum) and `to` (its maximum), in pixels.
    fn place(&self, v: f64, from: f64, to: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 {
            return from;
        }
        from + (finite(v) - self.min) / span * (to - from)
    }
}

/// The plot area of a chart, in pixels.
#[derive(Debug, Clone, Copy)]
struct Plot {
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

/// An SVG document being written.
struct Svg {
    out: String,
}

impl Svg {
    /// A chart `height` pixels high with its accessible name and description, and its visible
    /// title at the top.
    fn new(height: f64, title: &str, name: &str, desc: &str) -> Svg {
        let mut out = String::with_capacity(8 * 1024);
        let _ = write!(
            out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\" role=\"img\"><title>{name}</title><desc>{desc}</desc>\
             <g font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, Arial, \
             'Liberation Sans', sans-serif\" font-size=\"12\" fill=\"{INK}\">\
             <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
            w = Px(WIDTH),
            h = Px(height),
            name = esc(name),
            desc = esc(desc),
        );
        let mut svg = Svg { out };
        svg.text(
            WIDTH / 2.0,
            24.0,
            "middle",
            "font-size=\"15\" font-weight=\"bold\"",
            &shorten(title, 70),
        );
        svg
    }

    /// A line of text; `attrs` are extra attributes written by this module, never user text.
    fn text(&mut self, x: f64, y: f64, anchor: &str, attrs: &str, text: &str) {
        let _ = write!(
            self.out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{}{attrs}>{}</text>",
            Px(x),
            Px(y),
            if attrs.is_empty() { "" } else { " " },
            esc(text)
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, attrs: &str) {
        let _ = write!(
            self.out,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\"{}{attrs}/>",
            Px(x1),
            Px(y1),
            Px(x2),
            Px(y2),
            if attrs.is_empty() { "" } else { " " },
        );
    }

    fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str) {
        let _ = write!(
            self.out,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"/>",
            Px(x),
            Px(y),
            Px(w.max(0.0)),
            Px(h.max(0.0)),
        );
    }

    /// A legend line under the title: a swatch (a block, or a line when `dash` is given) and a
    /// label for each entry.
    fn legend(&mut self, entries: &[(&str, &str, Option<&str>)]) {
        let total: f64 = entries.iter().map(|(label, ..)| legend_width(label)).sum();
        let mut x = (WIDTH - total) / 2.0;
        for (label, colour, line) in entries {
            match line {
                Some(dash) => {
                    let attrs = format!("stroke-width=\"2.5\"{dash}");
                    self.line((x, 42.0), (x + 16.0, 42.0), colour, &attrs);
                }
                None => self.rect(x + 2.0, 36.0, 12.0, 12.0, colour),
            }
            self.text(x + 22.0, 46.0, "start", "", label);
            x += legend_width(label);
        }
    }

    /// Horizontal grid lines and value labels at each tick of `axis`, on the left of `plot`.
    fn value_grid(&mut self, axis: &Axis, plot: Plot, label: impl Fn(f64) -> String) {
        for t in axis.ticks() {
            let y = axis.place(t, plot.bottom, plot.top);
            self.line((plot.left, y), (plot.right, y), GRID, "");
            self.text(plot.left - 6.0, y + 4.0, "end", TICK_LABEL, &label(t));
        }
    }

    fn finish(mut self) -> String {
        self.out.push_str("</g></svg>");
        self.out
    }
}

/// The room a legend entry takes: swatch, gap, label and space before the next.
#[allow(clippy::cast_precision_loss)]
fn legend_width(label: &str) -> f64 {
    22.0 + label.chars().count() as f64 * CHAR_WIDTH + 24.0
}

/// How many characters fit in `width` pixels.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
fn chars_in(width: f64) -> usize {
    (finite(width) / CHAR_WIDTH).floor().max(1.0) as usize
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
                finite(c.now) * s.transactions_per_year,
                finite(c.target) * s.transactions_per_year,
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
    let desc = format!(
        "Share of {} transactions a year by channel, over the services shifted ({}). {}",
        group_thousands(whole(total)),
        services.join("; "),
        shares
            .iter()
            .map(|(l, n, t)| format!("{l}: now {}%, target {}%.", num(*n), num(*t)))
            .collect::<Vec<_>>()
            .join(" ")
    );

    let height = 380.0;
    let plot = Plot {
        left: 52.0,
        right: WIDTH - 16.0,
        top: 78.0,
        bottom: height - 52.0,
    };
    let highest = shares.iter().map(|(_, n, t)| n.max(*t)).fold(0.0, f64::max);
    let axis = Axis::nice(0.0, highest, 5);
    let mut svg = Svg::new(
        height,
        "Channel mix now and target (% of transactions)",
        "Channel mix now and target",
        &desc,
    );
    svg.legend(&[("Now", FIRST, None), ("Target", SECOND, None)]);
    svg.value_grid(&axis, plot, |v| format!("{}%", num(v)));
    #[allow(clippy::cast_precision_loss)]
    let band = (plot.right - plot.left) / shares.len() as f64;
    let bar = (band * 0.34).min(44.0);
    let label_chars = chars_in(band - 6.0);
    for (i, (label, now, target)) in shares.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let centre = plot.left + band * (i as f64 + 0.5);
        for (x, value, colour) in [
            (centre - bar - 2.0, *now, FIRST),
            (centre + 2.0, *target, SECOND),
        ] {
            let y = axis.place(value, plot.bottom, plot.top);
            svg.rect(x, y, bar, plot.bottom - y, colour);
            svg.text(
                x + bar / 2.0,
                y - 5.0,
                "middle",
                "font-size=\"11\"",
                &format!("{}%", num(value)),
            );
        }
        for (n, line) in wrap(label, label_chars, 2).iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let y = plot.bottom + 18.0 + 15.0 * n as f64;
            svg.text(centre, y, "middle", "", line);
        }
    }
    svg.line(
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        MUTED,
        "",
    );
    Some(svg.finish())
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

    // Each activity is a row: its name on a line of its own, then a bar for the low and one for
    // the high end of its range, each with its amount just beyond the bar's end.
    let row = 56.0;
    let top = 64.0;
    #[allow(clippy::cast_precision_loss)]
    let height = top + row * cards.len() as f64 + 36.0;
    let plot = Plot {
        left: 16.0,
        right: WIDTH - 84.0,
        top,
        bottom: height - 36.0,
    };
    let highest = cards
        .iter()
        .map(|c| finite(c.first_year.max).max(finite(c.first_year.min)))
        .fold(0.0, f64::max);
    let axis = Axis::nice(0.0, highest, 5);
    let mut svg = Svg::new(
        height,
        "Cost by activity in the first year",
        "Cost by activity in the first year",
        &desc,
    );
    svg.legend(&[
        ("First year, low (£)", FIRST, None),
        ("First year, high (£)", SECOND, None),
    ]);
    for t in axis.ticks() {
        let x = axis.place(t, plot.left, plot.right);
        svg.line((x, plot.top), (x, plot.bottom), GRID, "");
        svg.text(
            x,
            plot.bottom + 16.0,
            "middle",
            TICK_LABEL,
            &format!("£{}", compact(t)),
        );
    }
    let name_chars = chars_in(WIDTH - 32.0);
    for (i, c) in cards.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = plot.top + row * i as f64;
        svg.text(
            plot.left,
            y + 16.0,
            "start",
            "font-weight=\"bold\"",
            &shorten(&c.title, name_chars),
        );
        for (offset, value, colour) in [
            (22.0, c.first_year.min, FIRST),
            (37.0, c.first_year.max, SECOND),
        ] {
            let end = axis.place(finite(value).max(0.0), plot.left, plot.right);
            svg.rect(plot.left, y + offset, end - plot.left, 13.0, colour);
            svg.text(
                end + 4.0,
                y + offset + 11.0,
                "start",
                "font-size=\"11\"",
                &money(finite(value)),
            );
        }
    }
    svg.line((plot.left, plot.top), (plot.left, plot.bottom), MUTED, "");
    Some(svg.finish())
}

/// One measure's values over time, with the straight line from its baseline to its target.
/// `None` when the plan has no such measure or nothing to draw.
pub fn measure_progress_svg(analysis: &Analysis, measure_id: &str) -> Option<String> {
    let m = analysis.measures.iter().find(|m| m.id == measure_id)?;
    progress_svg(m)
}

/// Every measure's progress chart that can be drawn, as (measure id, SVG), in the plan's order.
pub fn measure_progress_svgs(analysis: &Analysis) -> Vec<(String, String)> {
    analysis
        .measures
        .iter()
        .filter_map(|m| progress_svg(m).map(|svg| (m.id.clone(), svg)))
        .collect()
}

/// A month counted from year 0: `year * 12 + month - 1`.
fn month_number(d: Date) -> i32 {
    i32::from(d.year()) * 12 + i32::from(d.month()) - 1
}

/// The first day of the month `n` (see [`month_number`]), when it is a date jiff can hold.
fn month_start(n: i32) -> Option<Date> {
    let year = i16::try_from(n.div_euclid(12)).ok()?;
    let month = i8::try_from(n.rem_euclid(12) + 1).ok()?;
    Date::new(year, month, 1).ok()
}

/// Days from 1970-01-01 to `d`.
fn day_number(d: Date) -> f64 {
    let epoch = Date::constant(1970, 1, 1);
    d.since(epoch)
        .ok()
        .map_or(0.0, |span| f64::from(span.get_days()))
}

/// Ticks for a time axis from `first` to `last`: the first day of every month, every second,
/// third or sixth month, or every year or more, whichever gives at most six, each labelled
/// `Jan 2026`; when fewer than two month starts fall in the range, its two ends, labelled
/// `14 Feb 2025`.
fn month_ticks(first: Date, last: Date) -> Vec<(Date, String)> {
    let (from, to) = (month_number(first), month_number(last));
    let span = to - from + 1;
    let step = [1, 2, 3, 6, 12, 24, 60, 120, 600]
        .into_iter()
        .find(|s| span / s <= 6)
        .unwrap_or(1200);
    let mut ticks = Vec::new();
    let mut n = from + (step - from.rem_euclid(step)) % step;
    while n <= to && ticks.len() < 12 {
        if let Some(d) = month_start(n).filter(|d| *d >= first && *d <= last) {
            ticks.push((d, d.strftime("%b %Y").to_string()));
        }
        n += step;
    }
    if ticks.len() < 2 {
        ticks = [first, last]
            .into_iter()
            .map(|d| (d, d.strftime("%-d %b %Y").to_string()))
            .collect();
        ticks.dedup_by_key(|(d, _)| *d);
    }
    ticks
}

/// How to anchor a label over a point at `x`: centred, except at either end of the plot, where it
/// runs inwards so that it does not cover the value axis or leave the drawing.
fn edge_anchor(x: f64, plot: Plot) -> &'static str {
    if x < plot.left + 24.0 {
        "start"
    } else if x > plot.right - 24.0 {
        "end"
    } else {
        "middle"
    }
}

/// The progress chart of one measure of an analysis; `None` when there is nothing to draw.
pub fn progress_svg(m: &MeasureProgress) -> Option<String> {
    let mut recorded: Vec<(Date, f64)> = Vec::new();
    if let Some(b) = m.baseline.as_ref().filter(|b| b.value.is_finite()) {
        recorded.push((b.date, b.value));
    }
    for r in &m.values {
        if r.value.is_finite() && m.baseline.as_ref().is_none_or(|b| r.date > b.date) {
            recorded.push((r.date, r.value));
        }
    }
    let line = match (&m.baseline, &m.target) {
        (Some(b), Some(t)) if t.by > b.date && b.value.is_finite() && t.value.is_finite() => {
            Some([(b.date, b.value), (t.by, t.value)])
        }
        _ => None,
    };
    if recorded.len() < 2 && line.is_none() {
        return None;
    }

    let unit = match m.unit {
        Some(MeasureUnit::Percent) => "%",
        _ => "",
    };
    let value = |v: f64| match m.unit {
        Some(MeasureUnit::Money) => money(v),
        _ => format!("{}{unit}", grouped(v)),
    };
    let tick = |v: f64| match m.unit {
        Some(MeasureUnit::Money) => format!("£{}", compact(v)),
        _ => format!("{}{unit}", compact(v)),
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

    let points = || recorded.iter().chain(line.iter().flatten());
    let first = points().map(|(d, _)| *d).min()?;
    let last = points().map(|(d, _)| *d).max()?;
    let low = points().map(|(_, v)| *v).fold(f64::INFINITY, f64::min);
    let high = points().map(|(_, v)| *v).fold(f64::NEG_INFINITY, f64::max);
    // A percentage axis stays within 0–100 where the values do.
    let mut axis = Axis::nice(low, high, 5);
    if unit == "%" && low >= 0.0 {
        axis.min = axis.min.max(0.0);
    }
    if unit == "%" && high <= 100.0 {
        axis.max = axis.max.min(100.0);
    }

    let height = 320.0;
    let plot = Plot {
        left: 60.0,
        right: WIDTH - 40.0,
        top: 74.0,
        bottom: height - 40.0,
    };
    let (day0, day1) = (day_number(first), day_number(last));
    let x_of = |d: Date| {
        if day1 > day0 {
            plot.left + (day_number(d) - day0) / (day1 - day0) * (plot.right - plot.left)
        } else {
            (plot.left + plot.right) / 2.0
        }
    };
    let y_of = |v: f64| axis.place(v, plot.bottom, plot.top);

    let mut svg = Svg::new(
        height,
        &m.title,
        &format!("{}: progress against target", m.title),
        &desc.join(" "),
    );
    let mut legend = vec![("Recorded", FIRST, Some(""))];
    if line.is_some() {
        legend.push((
            "Straight line to target",
            SECOND,
            Some(" stroke-dasharray=\"6 4\""),
        ));
    }
    svg.legend(&legend);
    svg.value_grid(&axis, plot, tick);
    for (d, label) in month_ticks(first, last) {
        let x = x_of(d);
        svg.line((x, plot.bottom), (x, plot.bottom + 5.0), MUTED, "");
        svg.text(x, plot.bottom + 18.0, "middle", TICK_LABEL, &label);
    }
    svg.line(
        (plot.left, plot.bottom),
        (plot.right, plot.bottom),
        MUTED,
        "",
    );
    if let Some([(d0, v0), (d1, v1)]) = line {
        svg.line(
            (x_of(d0), y_of(v0)),
            (x_of(d1), y_of(v1)),
            SECOND,
            "stroke-width=\"2\" stroke-dasharray=\"6 4\"",
        );
        let (x, y) = (x_of(d1), y_of(v1));
        let _ = write!(
            svg.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"#ffffff\" stroke=\"{SECOND}\" \
             stroke-width=\"2\"/>",
            Px(x),
            Px(y)
        );
        svg.text(
            x,
            y - 9.0,
            edge_anchor(x, plot),
            &format!("fill=\"{SECOND_TEXT}\" font-size=\"11\""),
            &format!("Target {}", value(v1)),
        );
    }
    if recorded.len() > 1 {
        let mut path = String::new();
        for (i, (d, v)) in recorded.iter().enumerate() {
            let _ = write!(
                path,
                "{}{},{}",
                if i == 0 { "" } else { " " },
                Px(x_of(*d)),
                Px(y_of(*v))
            );
        }
        let _ = write!(
            svg.out,
            "<polyline points=\"{path}\" fill=\"none\" stroke=\"{FIRST}\" stroke-width=\"2.5\"/>"
        );
    }
    for (d, v) in &recorded {
        let (x, y) = (x_of(*d), y_of(*v));
        let _ = write!(
            svg.out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{FIRST}\"/>",
            Px(x),
            Px(y)
        );
        svg.text(
            x,
            y - 9.0,
            edge_anchor(x, plot),
            "font-size=\"11\"",
            &value(*v),
        );
    }
    Some(svg.finish())
}

/// How the values of a [`plans_svg`] chart are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    /// Pounds.
    Money,
    /// Percent.
    Percent,
    /// A count.
    Count,
}

impl ValueKind {
    fn text(self, v: f64) -> String {
        match self {
            ValueKind::Money => money(v),
            ValueKind::Percent => format!("{}%", num(v)),
            // The middle of a range of people is a whole number of them.
            ValueKind::Count if v.abs() >= 100.0 => grouped(v.round()),
            ValueKind::Count => grouped(v),
        }
    }

    fn tick(self, v: f64) -> String {
        match self {
            ValueKind::Money => format!("£{}", compact(v)),
            ValueKind::Percent => format!("{}%", num(v)),
            ValueKind::Count => compact(v),
        }
    }
}

/// One figure of several plans as a bar each, with a dashed line at their median: how plans
/// compare at a glance (`thinkkit compare`). `None` when no plan gives the figure.
pub fn plans_svg(
    title: &str,
    kind: ValueKind,
    plans: &[(&str, f64)],
    median: f64,
) -> Option<String> {
    if plans.is_empty() {
        return None;
    }
    let desc = format!(
        "{title} of each plan, with the median {}. {}",
        kind.text(median),
        plans
            .iter()
            .map(|(name, v)| format!("{name}: {}.", kind.text(*v)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    let row = 40.0;
    let top = 64.0;
    #[allow(clippy::cast_precision_loss)]
    let height = top + row * plans.len() as f64 + 36.0;
    let plot = Plot {
        left: 16.0,
        right: WIDTH - 84.0,
        top,
        bottom: height - 36.0,
    };
    let lowest = plans.iter().map(|(_, v)| finite(*v)).fold(0.0, f64::min);
    let highest = plans.iter().map(|(_, v)| finite(*v)).fold(0.0, f64::max);
    let axis = Axis::nice(lowest, highest, 5);
    let mut svg = Svg::new(height, title, title, &desc);
    svg.legend(&[
        ("Plan", FIRST, None),
        ("Median", SECOND, Some(" stroke-dasharray=\"6 4\"")),
    ]);
    for t in axis.ticks() {
        let x = axis.place(t, plot.left, plot.right);
        svg.line((x, plot.top), (x, plot.bottom), GRID, "");
        svg.text(x, plot.bottom + 16.0, "middle", TICK_LABEL, &kind.tick(t));
    }
    let zero = axis.place(0.0, plot.left, plot.right);
    let name_chars = chars_in(WIDTH - 32.0);
    for (i, (name, value)) in plans.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = plot.top + row * i as f64;
        svg.text(
            plot.left,
            y + 14.0,
            "start",
            "font-weight=\"bold\"",
            &shorten(name, name_chars),
        );
        let end = axis.place(finite(*value), plot.left, plot.right);
        svg.rect(zero.min(end), y + 20.0, (end - zero).abs(), 13.0, FIRST);
        svg.text(
            zero.max(end) + 4.0,
            y + 31.0,
            "start",
            "font-size=\"11\"",
            &kind.text(finite(*value)),
        );
    }
    let m = axis.place(finite(median), plot.left, plot.right);
    svg.line(
        (m, plot.top - 4.0),
        (m, plot.bottom),
        SECOND,
        "stroke-width=\"2\" stroke-dasharray=\"6 4\"",
    );
    svg.line((zero, plot.top), (zero, plot.bottom), MUTED, "");
    Some(svg.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_take_nice_steps() {
        let a = Axis::nice(0.0, 78.0, 5);
        assert_eq!((a.min, a.max, a.step), (0.0, 80.0, 20.0));
        assert_eq!(a.ticks(), vec![0.0, 20.0, 40.0, 60.0, 80.0]);
        let a = Axis::nice(0.0, 12_000.0, 5);
        assert_eq!((a.min, a.max, a.step), (0.0, 12_500.0, 2500.0));
        let a = Axis::nice(0.0, 0.3, 3);
        assert_eq!(a.ticks(), vec![0.0, 0.1, 0.2, 0.3]);
        let a = Axis::nice(60.0, 80.0, 5);
        assert_eq!((a.min, a.max, a.step), (60.0, 80.0, 5.0));
        // One value, zero, nothing finite: still an axis with some height.
        assert!(Axis::nice(7.0, 7.0, 5).max > 7.0);
        assert_eq!(Axis::nice(0.0, 0.0, 5).max, 1.0);
        let a = Axis::nice(f64::NAN, f64::INFINITY, 5);
        assert!(a.max > a.min && a.ticks().len() > 1);
    }

    #[test]
    fn labels_wrap_between_words_and_shorten_what_does_not_fit() {
        assert_eq!(wrap("Face to face", 20, 2), vec!["Face to face"]);
        assert_eq!(wrap("Face to face", 8, 2), vec!["Face to", "face"]);
        assert_eq!(
            wrap("Online self service portal", 8, 2),
            vec!["Online", "self se…"]
        );
        assert_eq!(wrap("Supercalifragilistic", 8, 2), vec!["Superca…"]);
        assert_eq!(shorten("short", 10), "short");
    }

    #[test]
    fn ticks_fall_on_whole_months() {
        let d = |y, m, day| Date::new(y, m, day).unwrap();
        let labels = |a, b| {
            month_ticks(a, b)
                .into_iter()
                .map(|(_, l)| l)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            labels(d(2025, 1, 1), d(2027, 1, 1)),
            vec!["Jan 2025", "Jul 2025", "Jan 2026", "Jul 2026", "Jan 2027"]
        );
        assert_eq!(
            labels(d(2025, 2, 14), d(2025, 6, 30)),
            vec!["Mar 2025", "Apr 2025", "May 2025", "Jun 2025"]
        );
        assert_eq!(
            labels(d(2025, 2, 14), d(2025, 2, 20)),
            vec!["14 Feb 2025", "20 Feb 2025"]
        );
        assert_eq!(labels(d(2025, 2, 14), d(2025, 2, 14)), vec!["14 Feb 2025"]);
    }

    #[test]
    fn figures_are_short_and_grouped() {
        assert_eq!(compact(7500.0), "7.5k");
        assert_eq!(compact(1_250_000.0), "1.3m");
        assert_eq!(compact(-40.0), "-40");
        assert_eq!(num(45.0), "45");
        assert_eq!(num(45.46), "45.5");
        assert_eq!(num(-0.46), "-0.5");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(grouped(1320.0), "1,320");
        assert_eq!(grouped(-1_234_567.25), "-1,234,567.3");
        assert_eq!(grouped(999.5), "999.5");
    }
}
