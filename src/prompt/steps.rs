//! The workshop's structured steps, offered where the kit places them (a component's `steps`):
//! the chosen cards' local details, the measures with their baselines and targets, and the
//! channel-shift figures of each service moving online.
//!
//! Every field is checked as it is typed with the same function `thinkkit cards choose`,
//! `measure add` and `shift set` use ([`crate::edit`]), and the whole edit is made by that
//! module, so the workshop and the commands accept and refuse the same things in the same
//! words. A refused field stays on its line to correct. Enter keeps what the plan has (shown
//! in brackets); `-` clears a detail; Esc leaves the step, keeping what was saved so far.

use console::style;

use super::widgets::{self, Outcome};
use super::{Workshop, plural, screen};
use crate::edit::{self, Field};
use crate::kit::{MeasureUnit, VocabularyName};

/// What a field prompt gave.
enum Typed {
    /// Enter on an empty line: keep what the plan has.
    Keep,
    /// `-`: clear it.
    Clear,
    /// A checked value, as typed.
    Text(String),
}

/// The value as saved, from the text as typed; `None` to show the text itself.
type Shown<'a> = &'a dyn Fn(&str) -> Option<String>;

/// How a field of a step treats Enter alone and what it shows once answered.
#[derive(Default)]
struct FieldOpts<'a> {
    /// Enter on an empty line is refused with this (shown under the field, the typed line
    /// kept): the step cannot go on without a value.
    needed: Option<String>,
    /// What keeping shows when the plan has nothing of its own (`the kit's range …`).
    kept: Option<String>,
    /// The value as saved, from the text as typed (`12k` → `£12,000`).
    shown: Option<Shown<'a>>,
}

impl Workshop<'_, '_> {
    /// One field of a step: `check` runs on the text as typed (not on Enter alone or `-`).
    /// `None` when the person pressed Esc.
    fn field(
        &mut self,
        prompt: &str,
        now: Option<&str>,
        hint: &str,
        check: &dyn Fn(&str) -> Result<(), edit::Problem>,
    ) -> anyhow::Result<Option<Typed>> {
        self.field_with(prompt, now, hint, check, &FieldOpts::default())
    }

    /// [`Workshop::field`] with options.
    fn field_with(
        &mut self,
        prompt: &str,
        now: Option<&str>,
        hint: &str,
        check: &dyn Fn(&str) -> Result<(), edit::Problem>,
        opts: &FieldOpts<'_>,
    ) -> anyhow::Result<Option<Typed>> {
        let spec = widgets::Line {
            prompt,
            default: now,
            hint: Some(hint),
            back: true,
            ..widgets::Line::default()
        };
        let clearable = now.is_some();
        let checked = |t: &str| -> Result<(), String> {
            let t = t.trim();
            if t.is_empty() {
                return match &opts.needed {
                    Some(why) if now.is_none() => Err(why.clone()),
                    _ => Ok(()),
                };
            }
            if t == "-" && clearable {
                return Ok(());
            }
            check(t).map_err(|p| problem_text(&p))
        };
        let got = match widgets::line(&mut self.screen, &spec, &checked)? {
            Outcome::Done(t) => t,
            _ => {
                self.screen.erase()?;
                return Ok(None);
            }
        };
        let t = got.trim();
        let (typed, shown) = if t.is_empty() {
            let kept = now
                .map(str::to_owned)
                .or_else(|| opts.kept.clone())
                .unwrap_or_else(|| "—".to_owned());
            (Typed::Keep, kept)
        } else if t == "-" && clearable {
            (Typed::Clear, "(cleared)".to_owned())
        } else {
            let shown = opts
                .shown
                .and_then(|f| f(t))
                .unwrap_or_else(|| t.to_owned());
            (Typed::Text(t.to_owned()), shown)
        };
        let line = format!(
            "  {} {prompt} {} {shown}",
            style("·").dim(),
            style("·").dim()
        );
        let lines = screen::wrap_indented(&line, self.screen.width(), 2, 3);
        self.screen.finish(&lines)?;
        Ok(Some(typed))
    }

    /// Owner, start month, local costs and notes of every chosen card, one card after another;
    /// with `pick` (from the menu) the team first picks the card to change, or all of them.
    pub(super) fn card_details(&mut self, pick: bool) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let ids: Vec<String> = self
            .session
            .plan
            .cards
            .iter()
            .filter(|c| kit.card(&c.id).is_some())
            .map(|c| c.id.clone())
            .collect();
        self.line("")?;
        if ids.is_empty() {
            self.line("no cards are chosen yet: choose cards first, then give their details")?;
            return Ok(());
        }
        let ids = if pick && ids.len() > 1 {
            match self.pick_card(&ids)? {
                Some(Some(i)) => vec![ids[i].clone()],
                Some(None) => ids,
                None => return Ok(()),
            }
        } else {
            ids
        };
        self.line(
            style(format!(
                "Details of the {} chosen: who leads each, when it starts, its local costs",
                plural(ids.len(), "card")
            ))
            .bold()
            .to_string(),
        )?;
        self.line(
            style("  Enter keeps what is shown · - clears it · Esc stops (saved so far stays)")
                .dim()
                .to_string(),
        )?;
        for (n, id) in ids.iter().enumerate() {
            if !self.one_card(id, n + 1, ids.len())? {
                break;
            }
        }
        Ok(())
    }

    /// Which chosen card to give details of: `Some(Some(i))` one, `Some(None)` all of them,
    /// `None` for Esc.
    fn pick_card(&mut self, ids: &[String]) -> anyhow::Result<Option<Option<usize>>> {
        let kit = self.iv.kit();
        let mut items: Vec<String> = ids
            .iter()
            .map(|id| {
                let title = kit.card(id).map_or(id.as_str(), |c| c.title.as_str());
                let chosen = self.session.plan.cards.iter().find(|c| &c.id == id);
                let who = chosen
                    .and_then(|c| c.owner.as_deref())
                    .unwrap_or("no lead yet");
                let when = chosen
                    .and_then(|c| c.start.as_deref())
                    .unwrap_or("no start yet");
                format!("{title} · {who} · {when}")
            })
            .collect();
        items.push(format!("All {}, one after another", ids.len()));
        let spec = widgets::List {
            prompt: "Which card's details? (Esc to leave them)",
            items: &items,
            default: 0,
            back: true,
            help: false,
            decide: false,
        };
        let picked = widgets::select(&mut self.screen, &spec)?;
        self.screen.erase()?;
        Ok(match picked {
            Outcome::Done(i) if i < ids.len() => Some(Some(i)),
            Outcome::Done(_) => Some(None),
            _ => None,
        })
    }

    /// The details of card `id`; `false` when the person pressed Esc.
    fn one_card(&mut self, id: &str, n: usize, of: usize) -> anyhow::Result<bool> {
        let kit = self.iv.kit();
        let card = kit.card(id).expect("checked by the caller");
        let chosen = self
            .session
            .plan
            .cards
            .iter()
            .find(|c| c.id == id)
            .cloned()
            .unwrap_or_default();
        self.line("")?;
        self.line(format!(
            "{} {}",
            style(format!("Card {n} of {of}:")).bold(),
            style(&card.title).bold()
        ))?;
        let setup_range = crate::text::money_range(
            card.setup_cost.min,
            card.setup_cost.max,
            card.setup_cost.estimate,
        );
        let running_range = crate::text::money_range(
            card.running_cost.min,
            card.running_cost.max,
            card.running_cost.estimate,
        );
        let money = |v: Option<f64>| v.map(crate::text::money);
        let setup_now = money(chosen.cost);
        let running_now = money(chosen.running_cost);
        let setup_hint = format!(
            "the kit's range is {setup_range}: Enter keeps {}",
            if setup_now.is_some() {
                "your figure"
            } else {
                "the range"
            }
        );
        let running_hint = format!(
            "the kit's range is {running_range} a year: Enter keeps {}",
            if running_now.is_some() {
                "your figure"
            } else {
                "the range"
            }
        );
        let fields: [(&str, Option<String>, String, Field); 5] = [
            (
                "Who leads it?",
                chosen.owner.clone(),
                "a name or a role".to_owned(),
                Field::Owner,
            ),
            (
                "When does it start?",
                chosen.start.clone(),
                "the month it starts, as YYYY-MM: 2026-09".to_owned(),
                Field::Start,
            ),
            (
                "Local set-up cost?",
                setup_now,
                setup_hint,
                Field::SetupCost,
            ),
            (
                "Local running cost a year?",
                running_now,
                running_hint,
                Field::RunningCost,
            ),
            (
                "Notes?",
                chosen.notes.clone(),
                "anything the team should remember about it".to_owned(),
                Field::Notes,
            ),
        ];
        let mut typed: Vec<Option<String>> = Vec::new();
        for (prompt, now, hint, f) in &fields {
            let check = |t: &str| -> Result<(), edit::Problem> {
                match f {
                    Field::Start => edit::cards::month(t).map(|_| ()),
                    Field::SetupCost | Field::RunningCost => edit::cards::pounds(t, *f).map(|_| ()),
                    _ => Ok(()),
                }
            };
            let shown = |t: &str| match f {
                Field::SetupCost | Field::RunningCost => {
                    edit::cards::pounds(t, *f).ok().map(crate::text::money)
                }
                _ => None,
            };
            let kept = match f {
                Field::SetupCost => Some(format!("the kit's range, {setup_range}")),
                Field::RunningCost => Some(format!("the kit's range, {running_range} a year")),
                _ => None,
            };
            let opts = FieldOpts {
                kept,
                shown: Some(&shown),
                ..FieldOpts::default()
            };
            match self.field_with(prompt, now.as_deref(), hint, &check, &opts)? {
                None => return Ok(false),
                Some(Typed::Keep) => typed.push(None),
                Some(Typed::Clear) => typed.push(Some(String::new())),
                Some(Typed::Text(t)) => typed.push(Some(t)),
            }
        }
        let details = edit::cards::TypedDetails {
            owner: typed[0].as_deref(),
            start: typed[1].as_deref(),
            setup_cost: typed[2].as_deref(),
            running_cost: typed[3].as_deref(),
            notes: typed[4].as_deref(),
        }
        .check();
        let details = match details {
            Ok(d) => d,
            Err(refused) => {
                // Each field was checked as it was typed; kept for safety.
                self.error(&refused.to_string())?;
                return Ok(true);
            }
        };
        let kit = self.iv.kit();
        if edit::cards::set_details(kit, &mut self.session.plan, id, &details)? {
            self.save()?;
            self.line(format!("{} saved {}", style("✔").green(), card.title))?;
        }
        Ok(true)
    }

    /// Which measures the plan tracks (the chosen cards' first, then the kit's library), each
    /// with a baseline and a target.
    pub(super) fn measures(&mut self) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let offers = edit::measures::offered(kit, &self.session.plan);
        self.line("")?;
        if offers.is_empty() {
            self.line("this kit has no measures to offer")?;
            return Ok(());
        }
        let items: Vec<String> = offers
            .iter()
            .map(|o| {
                let mut item = o.measure.title.clone();
                if !o.cards.is_empty() {
                    let titles: Vec<&str> = o.cards.iter().map(|c| c.title.as_str()).collect();
                    item.push_str(&format!(" — shows {}", titles.join(", ")));
                }
                item
            })
            .collect();
        let ticked: Vec<bool> = offers.iter().map(|o| o.tracked).collect();
        let spec = widgets::List {
            prompt: "Which measures will show whether the strategy works? (those of your cards first)",
            items: &items,
            default: 0,
            back: true,
            help: false,
            decide: false,
        };
        let picked = match widgets::checklist(&mut self.screen, &spec, &ticked, &|_| Ok(()))? {
            Outcome::Done(t) => t,
            _ => {
                self.screen.erase()?;
                return Ok(());
            }
        };
        let chosen: Vec<String> = offers
            .iter()
            .zip(&picked)
            .filter(|(_, t)| **t)
            .map(|(o, _)| o.measure.title.clone())
            .collect();
        self.screen.finish(&[format!(
            "{} measures {} {}",
            style("✔").green(),
            style("·").dim(),
            if chosen.is_empty() {
                "none".to_owned()
            } else {
                chosen.join("; ")
            }
        )])?;
        for (o, want) in offers.iter().zip(&picked) {
            if !want && o.tracked {
                let removed = edit::measures::remove(&mut self.session.plan, &o.measure.id)?;
                self.save()?;
                let values = removed.values.len();
                self.line(format!(
                    "no longer tracked: {}{}",
                    o.measure.title,
                    if values > 0 {
                        format!(" (with its {})", plural(values, "recorded value"))
                    } else {
                        String::new()
                    }
                ))?;
            }
        }
        let ids: Vec<String> = offers
            .iter()
            .zip(&picked)
            .filter(|(_, t)| **t)
            .map(|(o, _)| o.measure.id.clone())
            .collect();
        for (n, id) in ids.iter().enumerate() {
            if !self.one_measure(id, n + 1, ids.len())? {
                break;
            }
        }
        Ok(())
    }

    /// Baseline and target of measure `id`; `false` when the person pressed Esc.
    fn one_measure(&mut self, id: &str, n: usize, of: usize) -> anyhow::Result<bool> {
        let kit = self.iv.kit();
        let m = kit.measure(id).expect("offered by the kit");
        let today = crate::clock::today();
        let tracked = self
            .session
            .plan
            .measures
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .unwrap_or_default();
        self.line("")?;
        self.line(format!(
            "{} {}",
            style(format!("Measure {n} of {of}:")).bold(),
            style(&m.title).bold()
        ))?;
        if !m.description.is_empty() {
            let width = self.screen.text_width();
            for l in screen::wrap(&m.description, width.saturating_sub(2), 0) {
                self.line(style(format!("  {l}")).dim().to_string())?;
            }
        }
        let unit = match m.unit {
            MeasureUnit::Percent => "a percentage, like 64%",
            MeasureUnit::Count => "a number, like 120",
            MeasureUnit::Money => "an amount in pounds, like £1,200",
            MeasureUnit::Score => "a score, like 3.5",
        };
        let better = match m.direction {
            crate::kit::Direction::Up => "higher is better",
            crate::kit::Direction::Down => "lower is better",
        };
        let value = |v: f64| -> String {
            match m.unit {
                MeasureUnit::Percent => format!("{}%", crate::plan::Answer::Number(v)),
                MeasureUnit::Money => crate::text::money(v),
                _ => crate::plan::Answer::Number(v).to_string(),
            }
        };
        let baseline_hint = if m.baseline_source.is_empty() {
            format!("{unit}: where you start")
        } else {
            format!(
                "{unit}: where you start (usually from {})",
                mid_sentence(&m.baseline_source)
            )
        };
        let fields: [(&str, Option<String>, String, Field); 5] = [
            (
                "Baseline: the value now?",
                tracked.baseline.as_ref().map(|b| value(b.value)),
                baseline_hint,
                Field::Baseline,
            ),
            (
                "Measured on?",
                tracked.baseline.as_ref().map(|b| b.date.to_string()),
                "the date the baseline was measured, today or earlier, as YYYY-MM-DD".to_owned(),
                Field::BaselineDate,
            ),
            (
                "Where does the baseline come from?",
                tracked.baseline.as_ref().and_then(|b| b.note.clone()),
                "a survey, a system report (Enter for none)".to_owned(),
                Field::Notes,
            ),
            (
                "Target value?",
                tracked.target.as_ref().map(|t| value(t.value)),
                format!("{unit}: {better}"),
                Field::Target,
            ),
            (
                "Reached by?",
                tracked.target.as_ref().map(|t| t.by.to_string()),
                "the date the target should be reached, as YYYY-MM-DD".to_owned(),
                Field::TargetDate,
            ),
        ];
        let mut typed: Vec<Option<String>> = Vec::new();
        for (prompt, now, hint, f) in &fields {
            let check = |t: &str| -> Result<(), edit::Problem> {
                match f {
                    Field::Baseline | Field::Target => {
                        edit::measures::value(t, m.unit, *f).map(|_| ())
                    }
                    Field::BaselineDate => edit::measures::past_date(t, *f, today).map(|_| ()),
                    Field::TargetDate => edit::measures::date(t, *f).map(|_| ()),
                    _ => Ok(()),
                }
            };
            match self.field(prompt, now.as_deref(), hint, &check)? {
                None => return Ok(false),
                Some(Typed::Keep | Typed::Clear) => typed.push(now.clone()),
                Some(Typed::Text(t)) => typed.push(Some(t)),
            }
        }
        let entry = edit::measures::TypedMeasure {
            baseline: typed[0].as_deref(),
            baseline_date: typed[1].as_deref(),
            baseline_note: typed[2].as_deref(),
            target: typed[3].as_deref(),
            by: typed[4].as_deref(),
        };
        let kit = self.iv.kit();
        match edit::measures::add(kit, &mut self.session.plan, id, &entry, today) {
            Ok(edit::measures::Added::Unchanged) => {}
            Ok(_) => {
                self.save()?;
                self.line(format!("{} saved {}", style("✔").green(), m.title))?;
            }
            Err(refused) => {
                for p in refused.problems() {
                    self.error(&problem_text(p))?;
                }
                self.line("  the measure is not saved: give it again from the menu's Measures")?;
            }
        }
        Ok(true)
    }

    /// For each service chosen to move online: transactions a year and the channel mix now and
    /// aimed for; then the plan's own unit cost per channel, with its source.
    pub(super) fn channel_shift(&mut self) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let services = edit::shift::offered(kit, &self.session.plan);
        self.line("")?;
        if services.is_empty() {
            let question = kit
                .services_question()
                .map_or_else(String::new, |q| format!(" (“{}”)", q.prompt));
            self.line(format!(
                "no service is chosen to move online yet{question}: answer that first, then give the figures"
            ))?;
            return Ok(());
        }
        self.line(
            style(format!(
                "Channel shift: figures for the {} moving online",
                plural(services.len(), "service")
            ))
            .bold()
            .to_string(),
        )?;
        self.line(
            style("  each mix adds up to 100 · Enter keeps what is shown · Esc stops")
                .dim()
                .to_string(),
        )?;
        let mut last: Option<(String, String, String, String)> = None;
        for (n, s) in services.iter().enumerate() {
            match self.one_service(&s.id, &s.label, n + 1, services.len())? {
                Some(done) => last = done.or(last),
                None => return Ok(()),
            }
        }
        if let Some(last) = last {
            self.unit_costs(&last)?;
        }
        Ok(())
    }

    /// The figures of one service. `None` for Esc; `Some(None)` when nothing was saved;
    /// `Some(Some(typed))` with what was saved (service, per year, now, aim).
    #[allow(clippy::type_complexity)]
    fn one_service(
        &mut self,
        id: &str,
        label: &str,
        n: usize,
        of: usize,
    ) -> anyhow::Result<Option<Option<(String, String, String, String)>>> {
        let kit = self.iv.kit();
        let has = self
            .session
            .plan
            .channel_shift
            .services
            .iter()
            .find(|s| s.service == id)
            .cloned();
        self.line("")?;
        self.line(format!(
            "{} {}",
            style(format!("Service {n} of {of}:")).bold(),
            style(label).bold()
        ))?;
        let per_year_now = has
            .as_ref()
            .map(|s| crate::text::group_thousands(s.transactions_per_year.round() as u64));
        let shown = |t: &str| {
            edit::shift::per_year(t)
                .ok()
                .map(|v| crate::text::group_thousands(v.round() as u64))
        };
        let per_year = match self.field_with(
            "Transactions a year?",
            per_year_now.as_deref(),
            "how many times a year residents use this service, by any channel (21,000 or 21k)",
            &|t| edit::shift::per_year(t).map(|_| ()),
            &FieldOpts {
                shown: Some(&shown),
                ..FieldOpts::default()
            },
        )? {
            None => return Ok(None),
            Some(Typed::Text(t)) => t,
            Some(_) => match per_year_now {
                Some(p) => p,
                None => return Ok(Some(None)),
            },
        };
        let channels: Vec<(String, String)> = kit
            .vocabulary(VocabularyName::Channels)
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect();
        let mut mixes = Vec::new();
        for (what, field, before) in [
            (
                "now",
                Field::Now,
                has.as_ref().map(|s| s.now.clone()).unwrap_or_default(),
            ),
            (
                "aimed for",
                Field::Aim,
                has.as_ref().map(|s| s.target.clone()).unwrap_or_default(),
            ),
        ] {
            match self.mix(label, what, field, &channels, &before)? {
                Some(m) => mixes.push(m),
                None => return Ok(None),
            }
        }
        let typed = edit::shift::TypedShift {
            service: id,
            per_year: &per_year,
            now: &mixes[0],
            aim: &mixes[1],
            unit_costs: None,
            unit_cost_source: None,
        };
        let kit = self.iv.kit();
        match edit::shift::set(kit, &mut self.session.plan, &typed) {
            Ok(_) => {
                self.save()?;
                self.line(format!("{} saved {label}", style("✔").green()))?;
                Ok(Some(Some((
                    id.to_owned(),
                    per_year,
                    mixes[0].clone(),
                    mixes[1].clone(),
                ))))
            }
            Err(refused) => {
                for p in refused.problems() {
                    self.error(&problem_text(p))?;
                }
                Ok(Some(None))
            }
        }
    }

    /// A channel mix, one channel at a time, with the running total said as it is typed; the
    /// last channel is offered what is left. A share that would take the total over 100 is
    /// refused at its own line, and the last channel must make 100, so the mix cannot come out
    /// wrong; `<` or Esc goes back one channel to change it (on the first channel, Esc leaves
    /// the step). Returns it as `CHANNEL=PCT,…`; `None` for Esc on the first channel.
    fn mix(
        &mut self,
        service: &str,
        what: &str,
        field: Field,
        channels: &[(String, String)],
        before: &std::collections::BTreeMap<String, f64>,
    ) -> anyhow::Result<Option<String>> {
        let shown = |v: f64| crate::plan::Answer::Number(v).to_string();
        let round = |v: f64| (v * 100.0).round() / 100.0;
        // What each channel was given in this run; the plan's figures before.
        // A mix the plan has leaves out the channels with no share: they had 0.
        let mut given: Vec<Option<f64>> = channels
            .iter()
            .map(|(id, _)| {
                before
                    .get(id)
                    .copied()
                    .or_else(|| (!before.is_empty()).then_some(0.0))
            })
            .collect();
        // Rows each channel's summary took, to take back with `<`.
        let mut taken: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < channels.len() {
            let (_, label) = &channels[i];
            let last = i + 1 == channels.len();
            let so_far: f64 = given[..i].iter().map(|v| v.unwrap_or(0.0)).sum();
            let left = round(100.0 - so_far);
            let now = if last {
                Some(shown(left.max(0.0)))
            } else {
                given[i].map(shown)
            };
            let prompt = format!("{service}, {what}: {label} %");
            let hint = match (last, i) {
                (true, _) => format!(
                    "the last channel takes what is left, {}: the mix adds up to 100 · < changes the one before",
                    shown(left.max(0.0))
                ),
                (false, 0) => "a share from 0 to 100".to_owned(),
                (false, _) => "a share from 0 to 100 · < changes the one before".to_owned(),
            };
            let hint = if now.is_some() && !last {
                format!("{hint} · Enter takes the figure shown")
            } else {
                hint
            };
            let spec = widgets::Line {
                prompt: &prompt,
                default: now.as_deref(),
                hint: Some(&hint),
                back: true,
                ..widgets::Line::default()
            };
            let value = |t: &str| -> Result<f64, String> {
                if t.trim().is_empty() {
                    return now
                        .as_deref()
                        .map_or(Err("a share is needed: type one".to_owned()), |n| {
                            edit::shift::share(n, field).map_err(|p| problem_text(&p))
                        });
                }
                edit::shift::share(t, field).map_err(|p| problem_text(&p))
            };
            let check = |t: &str| -> Result<(), String> {
                let v = value(t)?;
                let total = round(so_far + v);
                if total > 100.0 + 0.005 {
                    return Err(format!(
                        "that makes {}: at most {} is left for {label}",
                        shown(total),
                        shown(left.max(0.0))
                    ));
                }
                if last && (total - 100.0).abs() > 0.005 {
                    return Err(format!(
                        "the mix must add up to 100: {label} takes the {} left (Enter), or < changes the channels before",
                        shown(left)
                    ));
                }
                Ok(())
            };
            let live = |t: &str| -> Option<String> {
                Some(running_total(so_far + value(t).unwrap_or(0.0)))
            };
            let typed = match widgets::line_live(&mut self.screen, &spec, &check, &live)? {
                Outcome::Done(t) => t,
                _ if i > 0 => {
                    // Back one channel: the line it gave is taken off the screen too.
                    self.screen.take_back(taken.pop().unwrap_or(1))?;
                    i -= 1;
                    continue;
                }
                _ => {
                    self.screen.erase()?;
                    return Ok(None);
                }
            };
            let v = value(&typed).unwrap_or(0.0);
            given[i] = Some(v);
            let line = format!(
                "  {} {what}: {label} {} {}% {}",
                style("·").dim(),
                style("·").dim(),
                shown(v),
                style(format!("({})", running_total(so_far + v))).dim()
            );
            // One row when it fits: `<` takes back exactly the rows a channel left.
            let rows = screen::wrap_indented(&line, self.screen.width(), 4, 2);
            taken.push(rows.len());
            self.screen.finish(&rows)?;
            i += 1;
        }
        // A channel with no share is left out of the mix, as `shift set` takes it.
        let text = channels
            .iter()
            .zip(&given)
            .filter(|(_, v)| v.is_some_and(|v| v > 0.0))
            .map(|((id, _), v)| format!("{id}={}", shown(v.unwrap_or(0.0))))
            .collect::<Vec<_>>()
            .join(",");
        let kit = self.iv.kit();
        match edit::shift::mix(kit, &text, field) {
            Ok(_) => Ok(Some(text)),
            Err(p) => {
                // Each share was checked as it was typed; kept for safety.
                self.error(&format!("{}: give the mix {what} again", problem_text(&p)))?;
                Ok(None)
            }
        }
    }

    /// The plan's own cost per contact for each channel, replacing the kit's figure, with
    /// where the figures come from. `last` is a service just saved, set again with the costs.
    fn unit_costs(&mut self, last: &(String, String, String, String)) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let figure = kit
            .bindings()
            .channel_costs
            .as_deref()
            .and_then(|id| kit.figure(id));
        let channels: Vec<(String, String)> = kit
            .vocabulary(VocabularyName::Channels)
            .iter()
            .map(|t| (t.id.clone(), t.label.clone()))
            .collect();
        self.line("")?;
        self.line(
            style("Your own cost per contact, where the team has one (Enter keeps the kit's)")
                .bold()
                .to_string(),
        )?;
        let mut costs = Vec::new();
        for (id, label) in &channels {
            let mine = self
                .session
                .plan
                .channel_shift
                .unit_costs
                .get(id)
                .map(|v| crate::text::money(*v));
            let kits = figure
                .and_then(|f| f.values.get(id))
                .map(|v| crate::text::money(*v));
            // A channel a service's mix uses needs a cost, or its saving cannot be worked out.
            let user = self
                .session
                .plan
                .channel_shift
                .services
                .iter()
                .find(|s| {
                    s.now.get(id).is_some_and(|v| *v > 0.0)
                        || s.target.get(id).is_some_and(|v| *v > 0.0)
                })
                .map(|s| {
                    edit::shift::offered(kit, &self.session.plan)
                        .into_iter()
                        .find(|o| o.id == s.service)
                        .map_or_else(|| s.service.clone(), |o| o.label)
                });
            let (hint, needed) = match (&kits, figure) {
                (Some(k), Some(f)) => (
                    format!("the kit's figure is {k} ({}, {})", f.title, f.cited_year()),
                    None,
                ),
                _ => match &user {
                    Some(service) => (
                        format!(
                            "the kit has no figure for {label}, and {service} uses it: give the plan's own"
                        ),
                        Some(format!(
                            "a cost is needed: without one the saving of {service} cannot be worked out"
                        )),
                    ),
                    None => (
                        "the kit has no figure for this channel; no service here uses it"
                            .to_owned(),
                        None,
                    ),
                },
            };
            let prompt = format!("Cost per contact, {label}?");
            let shown = |t: &str| {
                edit::cards::pounds(t, Field::UnitCost)
                    .ok()
                    .map(crate::text::money)
            };
            let opts = FieldOpts {
                needed,
                kept: kits.as_ref().map(|k| format!("{k} (the kit's)")),
                shown: Some(&shown),
            };
            match self.field_with(
                &prompt,
                mine.as_deref(),
                &hint,
                &|t| edit::cards::pounds(t, Field::UnitCost).map(|_| ()),
                &opts,
            )? {
                None => return Ok(()),
                Some(Typed::Text(t)) => costs.push(format!("{id}={t}")),
                Some(_) => {}
            }
        }
        if costs.is_empty() {
            return Ok(());
        }
        let source_now = self.session.plan.channel_shift.unit_costs_source.clone();
        let opts = FieldOpts {
            needed: Some(
                "the plan's own unit costs need a source: a reader must be able to check them"
                    .to_owned(),
            ),
            ..FieldOpts::default()
        };
        let source = match self.field_with(
            "Where do these costs come from?",
            source_now.as_deref(),
            "a time study, the finance team's costing: a reader must be able to check them",
            &|_| Ok(()),
            &opts,
        )? {
            None => return Ok(()),
            Some(Typed::Text(t)) => Some(t),
            Some(_) => None,
        };
        let costs = costs.join(",");
        let typed = edit::shift::TypedShift {
            service: &last.0,
            per_year: &last.1,
            now: &last.2,
            aim: &last.3,
            unit_costs: Some(&costs),
            unit_cost_source: source.as_deref(),
        };
        match edit::shift::set(kit, &mut self.session.plan, &typed) {
            Ok(_) => {
                self.save()?;
                self.line(format!("{} saved the unit costs", style("✔").green()))?;
            }
            Err(refused) => {
                for p in refused.problems() {
                    self.error(&problem_text(p))?;
                }
            }
        }
        Ok(())
    }
}

/// Kit text that starts a sentence, read inside one: `A tenant survey` → `a tenant survey`;
/// a first word in capitals (`STAR`) or with a capital inside (`HouseMark`) stays.
fn mid_sentence(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    let capitals = first.chars().filter(|c| c.is_uppercase()).count();
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && capitals == 1 => c.to_lowercase().chain(chars).collect(),
        _ => text.to_owned(),
    }
}

/// "so far 75 of 100: 25 to go".
fn running_total(total: f64) -> String {
    let shown = |v: f64| crate::plan::Answer::Number((v * 100.0).round() / 100.0).to_string();
    if (total - 100.0).abs() < 0.05 {
        "adds up to 100 ✔".to_owned()
    } else if total < 100.0 {
        format!(
            "so far {} of 100: {} to go",
            shown(total),
            shown(100.0 - total)
        )
    } else {
        format!("so far {}: {} too many", shown(total), shown(total - 100.0))
    }
}

/// A problem as a prompt shows it under its field: the message and the help, without the
/// field's name (the prompt names it).
fn problem_text(p: &edit::Problem) -> String {
    match &p.help {
        Some(h) => format!("{} ({h})", p.message),
        None => p.message.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kit_text_read_mid_sentence() {
        assert_eq!(mid_sentence("A tenant survey"), "a tenant survey");
        assert_eq!(mid_sentence("STAR survey"), "STAR survey");
        assert_eq!(mid_sentence("HouseMark returns"), "HouseMark returns");
        assert_eq!(mid_sentence(""), "");
    }
}
