//! Channel shift: for each service moving online, transactions a year and the channel mix now
//! and aimed for; and the plan's own unit cost per channel, with its source.
//!
//! **Services are the answer to the kit's services question.** Where the kit binds one
//! (`bindings.services`, in the built-in kit "Which services will you offer or improve
//! online?"), a service is one of its choices, given by value, label or number as the
//! interview reads a choice, and the figures are stored under the choice's value. The
//! channel-shift step offers the services that answer names ([`offered`]); giving figures for a
//! service the answer does not name adds it to the answer, so the answer and the savings never
//! disagree. A kit without the binding takes services as free text.
//!
//! **A mix** is `CHANNEL=PCT,…`: channels by id or label (any case), each share from 0 to 100
//! (`%` allowed), no channel twice, adding up to 100. A channel left out has no share. The
//! running total is there for a front end to show as the team types ([`Mix::total`]).
//!
//! **Unit costs** are `CHANNEL=£,…` in pounds and pence (`post=£12.10`). They belong to the
//! plan, not to one service (a letter costs the same whichever service sends it), and replace
//! the kit's figure for those channels. A source is needed the first time: figures without
//! one cannot be checked by a reader.

use std::collections::BTreeMap;

use crate::interview::Interview;
use crate::kit::{Kit, Term, VocabularyName};
use crate::plan::{Answer, Plan, ServiceShift};

use super::{Field, Problem, Refused};

/// Shares that add up to within this of 100 are taken as 100 (thirds written as 33.33).
const TOTAL_TOLERANCE: f64 = 0.05;

/// A service the channel-shift step offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// What the plan stores it under: the choice's value, or the service as written.
    pub id: String,
    /// How it reads.
    pub label: String,
    /// Whether the services question's answer names it.
    pub chosen: bool,
    /// Whether the plan has its figures.
    pub has_figures: bool,
}

/// The services to give figures for: those the services question's answer names, in kit
/// order, then any the plan has figures for that the answer does not name (a kit without the
/// binding: the plan's services, in order).
pub fn offered(kit: &Kit, plan: &Plan) -> Vec<Service> {
    let has = |id: &str| plan.channel_shift.services.iter().any(|s| s.service == id);
    let mut out: Vec<Service> = Vec::new();
    if let Some(q) = kit.services_question() {
        let iv = Interview::new(kit);
        let named: Vec<String> = iv
            .effective_answer(&q.id, &plan.answers)
            .and_then(Answer::as_list)
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        for c in kit.choices(q).into_owned() {
            if named.contains(&c.value) {
                out.push(Service {
                    has_figures: has(&c.value),
                    id: c.value,
                    label: c.label,
                    chosen: true,
                });
            }
        }
    }
    for s in &plan.channel_shift.services {
        if !out.iter().any(|o| o.id == s.service) {
            out.push(Service {
                id: s.service.clone(),
                label: kit.service_label(&s.service),
                chosen: false,
                has_figures: true,
            });
        }
    }
    out
}

/// A service as given, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedService {
    /// What the plan stores it under.
    pub id: String,
    /// How it reads.
    pub label: String,
}

/// The service `text` names: a choice of the services question (value, label or number), or,
/// for a kit without one, the text itself (matching a service the plan has, in any case).
pub fn service(kit: &Kit, plan: &Plan, text: &str) -> Result<ResolvedService, Problem> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Problem::new(Field::Service, "no service given"));
    }
    let Some(q) = kit.services_question() else {
        let id = plan
            .channel_shift
            .services
            .iter()
            .find(|s| s.service.eq_ignore_ascii_case(t))
            .map_or_else(|| t.to_owned(), |s| s.service.clone());
        return Ok(ResolvedService {
            label: id.clone(),
            id,
        });
    };
    // A service the plan already has under a name of its own (a plan written by hand) is
    // found by that name too.
    if let Some(s) = plan
        .channel_shift
        .services
        .iter()
        .find(|s| s.service.eq_ignore_ascii_case(t))
    {
        return Ok(ResolvedService {
            id: s.service.clone(),
            label: kit.service_label(&s.service),
        });
    }
    let iv = Interview::new(kit);
    match iv.parse(q, t) {
        Ok(Some(Answer::List(values))) if values.len() == 1 => {
            let id = values[0].clone();
            Ok(ResolvedService {
                label: kit.service_label(&id),
                id,
            })
        }
        Ok(_) => Err(
            Problem::new(Field::Service, format!("`{t}` names more than one service"))
                .help("give one service at a time"),
        ),
        Err(e) => Err(Problem::new(
            Field::Service,
            format!("`{t}` is not one of the services of `{}`", q.id),
        )
        .help(e.help.unwrap_or_default())),
    }
}

/// Transactions a year: a whole number of 0 or more, `21000`, `21,000` or `21k`.
pub fn per_year(text: &str) -> Result<f64, Problem> {
    let t = text.trim();
    let v = crate::interview::amount(t).ok_or_else(|| {
        Problem::new(Field::PerYear, format!("`{t}` is not a number"))
            .help("write the transactions a year in digits, like `21000`, `21,000` or `21k`")
    })?;
    if v < 0.0 {
        return Err(Problem::new(Field::PerYear, format!("`{t}` is below 0")));
    }
    if v.fract() != 0.0 {
        return Err(
            Problem::new(Field::PerYear, format!("`{t}` is not a whole number"))
                .help("count transactions a year, like `21000`"),
        );
    }
    Ok(v)
}

/// The channel `text` names, by id or label (any case).
pub fn channel<'k>(kit: &'k Kit, text: &str, field: Field) -> Result<&'k str, Problem> {
    let t = text.trim();
    let terms: &[Term] = kit.vocabulary(VocabularyName::Channels);
    terms
        .iter()
        .find(|c| c.id.eq_ignore_ascii_case(t) || c.label.eq_ignore_ascii_case(t))
        .map(|c| c.id.as_str())
        .ok_or_else(|| {
            Problem::new(
                field,
                format!("`{t}` is not a channel of kit `{}`", kit.id()),
            )
            .help(crate::kit::diagnostic::unknown_help(
                t,
                terms.iter().map(|c| c.id.as_str()),
            ))
        })
}

/// One share of a mix: a percentage from 0 to 100, `78` or `78%`.
pub fn share(text: &str, field: Field) -> Result<f64, Problem> {
    let t = text.trim();
    let bare = t.strip_suffix('%').unwrap_or(t).trim_end();
    let v = crate::interview::number(bare).ok_or_else(|| {
        Problem::new(field, format!("`{t}` is not a percentage"))
            .help("write a number from 0 to 100, like `78` or `78%`")
    })?;
    if !(0.0..=100.0).contains(&v) {
        return Err(Problem::new(
            field,
            format!("`{t}` is out of range: a share is from 0 to 100"),
        ));
    }
    Ok(v)
}

/// A channel mix: share by channel id, percent.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Mix(pub BTreeMap<String, f64>);

impl Mix {
    /// The shares added up.
    pub fn total(&self) -> f64 {
        self.0.values().sum()
    }

    /// Whether the shares add up to 100.
    pub fn is_whole(&self) -> bool {
        (self.total() - 100.0).abs() <= TOTAL_TOLERANCE
    }

    /// `adds up to 97%; 3 to go`, `adds up to 100%`, `adds up to 104%; 4 too many`: what a
    /// front end shows as the team types.
    pub fn progress(&self) -> String {
        let total = self.total();
        if self.is_whole() {
            "adds up to 100%".to_owned()
        } else if total < 100.0 {
            format!(
                "adds up to {}%; {} to go",
                shown(total),
                shown(100.0 - total)
            )
        } else {
            format!(
                "adds up to {}%; {} too many",
                shown(total),
                shown(total - 100.0)
            )
        }
    }
}

/// `87`, `33.33`: a share total for messages.
fn shown(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r}")
    }
}

/// Read a mix, `CHANNEL=PCT,…` (`telephone=78, online=9, face-to-face=10, post=3`), without
/// checking that it adds up to 100: that is [`mix`], or [`Mix::is_whole`] as it is typed.
pub fn parse_mix(kit: &Kit, text: &str, field: Field) -> Result<Mix, Problem> {
    let mut shares = BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((ch, pct)) = part.split_once('=') else {
            return Err(
                Problem::new(field, format!("`{part}` is not CHANNEL=PERCENT"))
                    .help("write each channel with its share, like `telephone=78,online=22`"),
            );
        };
        let id = channel(kit, ch, field)?;
        let v = share(pct, field)?;
        if shares.insert(id.to_owned(), v).is_some() {
            return Err(Problem::new(
                field,
                format!("channel `{id}` is given twice"),
            ));
        }
    }
    if shares.is_empty() {
        return Err(Problem::new(field, "no channel given").help(format!(
            "write each channel with its share, like `{}`",
            example_mix(kit)
        )));
    }
    Ok(Mix(shares))
}

/// Read a mix and check that it adds up to 100.
pub fn mix(kit: &Kit, text: &str, field: Field) -> Result<Mix, Problem> {
    let m = parse_mix(kit, text, field)?;
    if !m.is_whole() {
        let total = m.total();
        return Err(Problem::new(
            field,
            format!("the shares add up to {}%, not 100%", shown(total)),
        )
        .help(if total < 100.0 {
            format!(
                "{} to go: give every channel its share",
                shown(100.0 - total)
            )
        } else {
            format!(
                "{} too many: the shares of all channels add up to 100",
                shown(total - 100.0)
            )
        }));
    }
    Ok(m)
}

fn example_mix(kit: &Kit) -> String {
    let ids: Vec<&str> = kit
        .vocabulary(VocabularyName::Channels)
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    match ids.as_slice() {
        [] => "telephone=78,online=22".to_owned(),
        [one] => format!("{one}=100"),
        [a, b, ..] => format!("{a}=60,{b}=40"),
    }
}

/// Unit costs, `CHANNEL=£,…` (`post=£12.10, telephone=4.50`): pounds of 0 or more by channel.
pub fn unit_costs(kit: &Kit, text: &str) -> Result<BTreeMap<String, f64>, Problem> {
    let field = Field::UnitCost;
    let mut out = BTreeMap::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((ch, cost)) = part.split_once('=') else {
            return Err(Problem::new(field, format!("`{part}` is not CHANNEL=£"))
                .help("write each channel with its cost per contact, like `post=£12.10`"));
        };
        let id = channel(kit, ch, field)?;
        let v = super::cards::pounds(cost, field)?;
        if out.insert(id.to_owned(), v).is_some() {
            return Err(Problem::new(
                field,
                format!("channel `{id}` is given twice"),
            ));
        }
    }
    if out.is_empty() {
        return Err(Problem::new(field, "no unit cost given")
            .help("write each channel with its cost per contact, like `post=£12.10`"));
    }
    Ok(out)
}

/// A service's figures as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct TypedShift<'a> {
    /// The service (see [`service`]).
    pub service: &'a str,
    /// Transactions a year.
    pub per_year: &'a str,
    /// The channel mix now.
    pub now: &'a str,
    /// The channel mix aimed for.
    pub aim: &'a str,
    /// The plan's own unit costs, `CHANNEL=£,…`.
    pub unit_costs: Option<&'a str>,
    /// Where the unit costs come from; replaces the plan's.
    pub unit_cost_source: Option<&'a str>,
}

/// What setting a service's figures did.
#[derive(Debug, Clone, PartialEq)]
pub struct ShiftChange {
    /// The service as stored.
    pub service: ResolvedService,
    /// Whether the plan had figures for it already (they were replaced).
    pub replaced: bool,
    /// Whether the service was added to the services question's answer.
    pub added_to_answer: bool,
    /// Channels whose unit cost was set.
    pub unit_costs: Vec<String>,
}

/// Set one service's figures (replacing any it had), and the plan's unit costs and their
/// source where given. Every problem is returned; nothing changes unless all is well.
pub fn set(kit: &Kit, plan: &mut Plan, typed: &TypedShift<'_>) -> Result<ShiftChange, Refused> {
    let mut problems = Vec::new();
    let p = &mut problems;
    let service = super::noted(p, service(kit, plan, typed.service));
    let per_year = super::noted(p, per_year(typed.per_year));
    let now = super::noted(p, mix(kit, typed.now, Field::Now));
    let aim = super::noted(p, mix(kit, typed.aim, Field::Aim));
    let costs = typed
        .unit_costs
        .and_then(|t| super::noted(p, unit_costs(kit, t)));
    let source = typed.unit_cost_source.and_then(super::text);
    if typed.unit_costs.is_some()
        && source.is_none()
        && plan.channel_shift.unit_costs_source.is_none()
    {
        problems.push(
            Problem::new(
                Field::UnitCostSource,
                "the plan's own unit costs need a source",
            )
            .help("say where the figures come from (a time study, the finance team's costing), so a reader can check them"),
        );
    }
    // The answer that will name the service, checked as the interview checks it.
    let mut answer = None;
    if let (Some(s), Some(q)) = (&service, kit.services_question()) {
        let iv = Interview::new(kit);
        let mut values: Vec<String> = plan
            .answers
            .get(&q.id)
            .and_then(Answer::as_list)
            .map(<[String]>::to_vec)
            .unwrap_or_default();
        if !values.contains(&s.id) && kit.choices(q).iter().any(|c| c.value == s.id) {
            values.push(s.id.clone());
            match iv.accept(q, &Answer::List(values)) {
                Ok(a) => answer = Some((q.id.clone(), a)),
                Err(e) => problems.push(Problem::new(
                    Field::Service,
                    format!(
                        "`{}` cannot be added to the answer to `{}`: {}",
                        s.id, q.id, e.message
                    ),
                )),
            }
        }
    }
    let (Some(service), Some(per_year), Some(now), Some(aim)) = (service, per_year, now, aim)
    else {
        return Err(Refused(problems));
    };
    super::all_or_nothing(problems, ())?;

    let figures = ServiceShift {
        service: service.id.clone(),
        transactions_per_year: per_year,
        now: now.0,
        target: aim.0,
    };
    let cs = &mut plan.channel_shift;
    let replaced = match cs.services.iter_mut().find(|s| s.service == service.id) {
        Some(s) => {
            *s = figures;
            true
        }
        None => {
            cs.services.push(figures);
            false
        }
    };
    let mut set_costs = Vec::new();
    if let Some(costs) = costs {
        for (ch, v) in costs {
            set_costs.push(ch.clone());
            cs.unit_costs.insert(ch, v);
        }
    }
    if let Some(source) = source {
        cs.unit_costs_source = Some(source);
    }
    let added_to_answer = answer.is_some();
    if let Some((id, a)) = answer {
        super::answers::set(kit, plan, &id, &a).map_err(Refused::from)?;
    }
    Ok(ShiftChange {
        service,
        replaced,
        added_to_answer,
        unit_costs: set_costs,
    })
}

/// Remove one service's figures. The services question's answer is left as it is: the team
/// may still offer the service online without valuing the shift.
pub fn drop(kit: &Kit, plan: &mut Plan, text: &str) -> Result<ResolvedService, Problem> {
    let s = service(kit, plan, text)?;
    let before = plan.channel_shift.services.len();
    plan.channel_shift.services.retain(|x| x.service != s.id);
    if plan.channel_shift.services.len() == before {
        return Err(Problem::new(
            Field::Service,
            format!("the plan has no channel-shift figures for `{}`", s.id),
        ));
    }
    Ok(s)
}
