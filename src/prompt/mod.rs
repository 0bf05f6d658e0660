//! The workshop's terminal front end over the interview engine.
//!
//! It decides nothing about the kit: what to ask, what a valid answer is and where to resume
//! come from [`crate::interview`]; this module shows guidance and progress, asks with the prompt
//! that fits each question type, and saves the plan after every answer and every card choice,
//! so that stopping at any moment loses nothing that was confirmed.
//!
//! Everything is drawn on a [`Screen`]: each prompt is a region of lines cut to the terminal's
//! width, redrawn in place, so nothing wraps and no copy of a prompt is left behind at any
//! size (the reason the prompts are this module's own and not dialoguer's, which redraws by
//! counting lines and so leaves a copy of every line that wrapped). dialoguer still opens the
//! external editor for long text.
//!
//! After a component's questions come the structured steps its kit places there ([`steps`]:
//! cards, card details, measures, channel shift), and `--preview` keeps an HTML draft written
//! after every save ([`preview`]).
//!
//! Keys: Enter accepts the answer shown; `<` typed at a text prompt, or Esc, goes back one
//! question; `?` shows the component's guidance and the question's help again; `!` marks the
//! question to decide (with a note and an owner); Enter on an optional question skips it; Ctrl-C stops;
//! Ctrl-Z suspends (`fg` resumes). SIGTERM and SIGHUP stop the workshop as Ctrl-C does, with
//! the cursor shown and the plan as saved (see [`screen`]).

pub(crate) mod guidance;
pub mod picker;
pub mod preview;
pub mod screen;
mod steps;
pub mod widgets;

use std::collections::HashSet;

use console::style;

use crate::edit;
use crate::interview::{Cursor, Interview, State};
use crate::kit::{Kit, Question, QuestionType, Step as KitStep, VocabularyName};
use crate::plan::{Answer, ChosenCard, Session};
use crate::terminal::Interrupted;
use crate::text;
use screen::{Screen, Stop};
use widgets::Outcome;

/// Shown under every component heading: how to move around.
const KEYS: &str = "Enter accepts the answer shown · < or Esc goes back one question · \
                    ? shows the guidance again · ! marks a question to decide later · \
                    Ctrl-C stops: every answer is already saved";

/// How the workshop starts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Start at this component instead of the first unanswered question.
    pub section: Option<&'a str>,
    /// Ask for the organisation's name first (the plan has none yet).
    pub ask_organisation: bool,
    /// Keep an HTML draft here, written again after every save.
    pub preview: Option<&'a std::path::Path>,
}

/// Run the workshop on an open session until the user finishes, quits or stops it. The plan is
/// saved after every change; Ctrl-C, SIGTERM and SIGHUP become [`Interrupted`] (exit codes 130,
/// 143 and 129) after the cursor is shown again.
pub fn run(session: &mut Session, options: Options<'_>) -> anyhow::Result<()> {
    let screen = Screen::new()?;
    // The interview reads the kit while the session's plan changes and is saved: a copy of
    // the kit keeps the two borrows apart.
    let kit = session.kit.clone();
    let preview = match options.preview {
        Some(path) => {
            let p = preview::Preview::start(&kit, path)?;
            p.update(&session.plan);
            Some(p)
        }
        None => None,
    };
    let mut workshop = Workshop {
        iv: Interview::new(&kit),
        session,
        screen,
        introduced: HashSet::new(),
        preview,
    };
    let result = workshop.run(options);
    // Whatever happened, never leave the terminal without a cursor.
    let _ = workshop.screen.erase();
    workshop.screen.restore();
    match result {
        Err(e) if e.is::<Stop>() => {
            let stop = *e.downcast_ref::<Stop>().expect("checked");
            let path = shell_word(&workshop.session.path().display().to_string());
            let what = match stop {
                Stop::CtrlC => "stopped".to_owned(),
                other => other.to_string(),
            };
            Err(Interrupted {
                message: format!(
                    "{what}: every answer given is saved in `{path}`;\nresume with `thinkkit workshop {path}`"
                ),
                code: stop.exit_code(),
            }
            .into())
        }
        other => other,
    }
}

/// Quote a path for a shell command line only when it needs it.
fn shell_word(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_owned()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// What the person asked for at a question.
enum Reply {
    /// A checked answer.
    Answer(Answer),
    /// Remove the answer (an optional question left blank on purpose).
    Clear,
    /// Leave the answer as it is (kept, or still none).
    Keep,
    /// Go back one question.
    Back,
    /// Show the guidance and help again, then ask again.
    Help,
    /// `!`: the team will decide it later (the note and owner are asked next).
    ToDecide,
    /// To decide, with an optional note and owner.
    Decided { note: String, owner: String },
}

/// Where the walk is.
#[derive(Debug, Clone, Copy)]
enum Step {
    Ask(Cursor),
    /// After the questions of component `n`: its structured step number `k` (see
    /// [`steps`]).
    Structured(usize, usize),
    /// Between components: the menu after component `n`.
    Menu(usize),
}

/// Choices of the menu between components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MenuItem {
    Continue,
    NextOpen,
    Back,
    Jump,
    ReviewComponent,
    Review,
    /// Run a structured step placed at this component again.
    Step(KitStep),
    /// Write the live draft now.
    RenderNow,
    Quit,
}

struct Workshop<'k, 's> {
    iv: Interview<'k>,
    session: &'s mut Session,
    screen: Screen,
    /// Components whose guidance has been shown in this run.
    introduced: HashSet<usize>,
    /// The live draft, when asked for.
    preview: Option<preview::Preview>,
}

impl Workshop<'_, '_> {
    fn kit(&self) -> &Kit {
        self.iv.kit()
    }

    /// Print a permanent line, wrapped to the terminal's width ([`unwrapped_rows`]).
    fn line(&mut self, text: impl AsRef<str>) -> anyhow::Result<()> {
        for l in unwrapped_rows(text.as_ref(), self.screen.width()) {
            self.screen.print(&l)?;
        }
        Ok(())
    }

    /// Save the plan, and hand the live draft (if any) the plan as saved.
    fn save(&mut self) -> anyhow::Result<()> {
        self.session.save()?;
        if let Some(p) = &self.preview {
            p.update(&self.session.plan);
        }
        Ok(())
    }

    fn run(&mut self, options: Options<'_>) -> anyhow::Result<()> {
        let components = self.kit().components().len();
        let head = format!(
            "{} · kit `{}` {} · plan `{}`",
            style("thinkkit workshop").bold(),
            self.kit().id(),
            self.kit().version(),
            self.session.path().display()
        );
        self.line(head)?;
        if options.ask_organisation {
            self.ask_organisation()?;
        }
        if components == 0 {
            self.line("this kit has no components: there is nothing to ask")?;
            return Ok(());
        }
        if !self.session.invalid_answers().is_empty() {
            self.repair()?;
        }
        let answers = &self.session.plan.answers;
        let mut step = if let Some(id) = options.section {
            let index = self.iv.component_index(id).ok_or_else(|| {
                anyhow::anyhow!(
                    "`{id}` is not a component of kit `{}`; {}",
                    self.kit().id(),
                    crate::kit::diagnostic::unknown_help(
                        id,
                        self.kit().components().iter().map(|c| c.id.as_str())
                    )
                )
            })?;
            self.iv
                .start_of(index, answers)
                .map_or(Step::Menu(index), Step::Ask)
        } else if let Some(at) = self.iv.resume(&self.session.plan) {
            let overall = self.iv.overall(&self.session.plan);
            if overall.answered + overall.to_decide + overall.skipped > 0 {
                // Said under the component's guidance, where it is read, not above it where
                // the guidance would scroll it away.
                self.introduce(at.component)?;
                self.line(format!("resuming at the first open question ({overall})"))?;
            }
            Step::Ask(at)
        } else {
            self.line(
                "every question is answered: jump to a component to change answers, or finish",
            )?;
            Step::Menu(components - 1)
        };
        if let Step::Menu(index) = step {
            self.introduce(index)?;
        }

        loop {
            step = match step {
                Step::Ask(at) => {
                    self.introduce(at.component)?;
                    match self.ask(at)? {
                        Reply::Back => match self.iv.previous(at, &self.session.plan.answers) {
                            Some(prev) => Step::Ask(prev),
                            None => {
                                self.line(style("this is the first question").dim().to_string())?;
                                Step::Ask(at)
                            }
                        },
                        Reply::Help => {
                            self.guidance(at.component)?;
                            Step::Ask(at)
                        }
                        reply => {
                            self.apply(at, reply)?;
                            match self.iv.next_in_component(at, &self.session.plan.answers) {
                                Some(next) => Step::Ask(next),
                                None => self.after_questions(at.component),
                            }
                        }
                    }
                }
                Step::Structured(index, k) => {
                    let steps = &self.iv.kit().components()[index].steps;
                    let step = steps[k];
                    let more = k + 1 < steps.len();
                    self.run_step(index, step)?;
                    if more {
                        Step::Structured(index, k + 1)
                    } else {
                        Step::Menu(index)
                    }
                }
                Step::Menu(index) => match self.menu(index)? {
                    MenuItem::Continue if index + 1 >= components => return self.finish(),
                    MenuItem::Continue => self.enter(index + 1)?,
                    MenuItem::NextOpen => match self.next_open(index) {
                        Some(at) => Step::Ask(at),
                        None => {
                            self.line(
                                "no question is open: each is answered, skipped or to decide",
                            )?;
                            Step::Menu(index)
                        }
                    },
                    MenuItem::Back => {
                        let after = Cursor {
                            component: index + 1,
                            question: 0,
                        };
                        match self.iv.previous(after, &self.session.plan.answers) {
                            Some(prev) => Step::Ask(prev),
                            None => {
                                self.line("there is no question before this point")?;
                                Step::Menu(index)
                            }
                        }
                    }
                    MenuItem::Jump => match self.choose_component(index)? {
                        Some(k) => {
                            self.introduced.remove(&k);
                            self.enter(k)?
                        }
                        None => Step::Menu(index),
                    },
                    MenuItem::ReviewComponent => {
                        self.review(index..=index)?;
                        Step::Menu(index)
                    }
                    MenuItem::Review => {
                        self.review(0..=index)?;
                        Step::Menu(index)
                    }
                    MenuItem::Step(KitStep::CardDetails) => {
                        // From the menu: one card to change, not every card again.
                        self.card_details(true)?;
                        Step::Menu(index)
                    }
                    MenuItem::Step(step) => {
                        self.run_step(index, step)?;
                        Step::Menu(index)
                    }
                    MenuItem::RenderNow => {
                        self.render_now()?;
                        Step::Menu(index)
                    }
                    MenuItem::Quit => {
                        let path = shell_word(&self.session.path().display().to_string());
                        self.line(format!(
                            "saved `{path}`; resume with `thinkkit workshop {path}`"
                        ))?;
                        return Ok(());
                    }
                },
            };
        }
    }

    /// Answers the plan file holds that are not valid (a hand edit, another tool): list them
    /// and offer to ask each again. Those not asked again are kept in the file as they are.
    fn repair(&mut self) -> anyhow::Result<()> {
        let invalid: Vec<(String, String)> = self
            .session
            .invalid_answers()
            .iter()
            .map(|s| {
                (
                    s.question.clone(),
                    format!("{}: {}", s.problem.position(), s.problem.message),
                )
            })
            .collect();
        self.line(format!(
            "{} in the plan {} not valid:",
            plural(invalid.len(), "answer"),
            if invalid.len() == 1 { "is" } else { "are" }
        ))?;
        for (_, why) in &invalid {
            self.line(format!("  {why}"))?;
        }
        let spec = widgets::YesNo {
            prompt: "Ask them again now? (no keeps them in the file as they are)",
            default: Some(true),
            back: false,
            help: false,
            decide: false,
        };
        if !matches!(
            widgets::yes_no(&mut self.screen, &spec)?,
            Outcome::Done(true)
        ) {
            return Ok(());
        }
        for (id, _) in invalid {
            let Some(at) = self.iv.cursor_of(&id) else {
                continue;
            };
            self.introduce(at.component)?;
            loop {
                match self.ask(at)? {
                    Reply::Help => self.guidance(at.component)?,
                    Reply::Back => break,
                    reply => {
                        self.apply(at, reply)?;
                        break;
                    }
                }
            }
        }
        Ok(())
    }

    /// The organisation's name: asked for a plan that has none, until it has one.
    fn ask_organisation(&mut self) -> anyhow::Result<()> {
        let spec = widgets::Line {
            prompt: "Which organisation is this strategy for?",
            hint: Some("Enter leaves it for now: it is asked again next time"),
            ..widgets::Line::default()
        };
        if let Outcome::Done(org) = widgets::line(&mut self.screen, &spec, &|_| Ok(()))? {
            let org = org.trim();
            if org.is_empty() {
                self.screen.erase()?;
            } else {
                self.session.plan.organisation = org.to_owned();
                self.save()?;
                self.done(spec.prompt, org)?;
            }
        }
        Ok(())
    }

    /// Start component `index`: its guidance, then its first question (or its menu when none
    /// of its questions is asked).
    fn enter(&mut self, index: usize) -> anyhow::Result<Step> {
        self.introduce(index)?;
        Ok(match self.iv.start_of(index, &self.session.plan.answers) {
            Some(at) => Step::Ask(at),
            None => self.after_questions(index),
        })
    }

    /// What follows the last question of component `index`: its structured steps, where the
    /// kit places any, then its menu.
    fn after_questions(&self, index: usize) -> Step {
        if self.iv.kit().components()[index].steps.is_empty() {
            Step::Menu(index)
        } else {
            Step::Structured(index, 0)
        }
    }

    /// One structured step at component `index`.
    fn run_step(&mut self, index: usize, step: KitStep) -> anyhow::Result<()> {
        match step {
            KitStep::Cards => self.choose_cards(index),
            KitStep::CardDetails => self.card_details(false),
            KitStep::Measures => self.measures(),
            KitStep::ChannelShift => self.channel_shift(),
        }
    }

    /// The component's heading and guidance, once per run.
    fn introduce(&mut self, index: usize) -> anyhow::Result<()> {
        if !self.introduced.insert(index) {
            return Ok(());
        }
        self.guidance(index)
    }

    /// The component's heading, summary and guidance. When they would not leave room for the
    /// question under them, they are shown a screenful at a time and the workshop waits for
    /// Enter, so that nothing scrolls away unread (and a resize shows them again at the new
    /// size).
    fn guidance(&mut self, index: usize) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let text = |s: &Screen| guidance_lines(kit, index, s.text_width());
        // Room for the progress line, a line or two of help and the prompt: then the questions
        // follow at once.
        let fits = text(&self.screen).len() + 7 <= self.screen.height();
        widgets::paged(
            &mut self.screen,
            &text,
            "more guidance: press Enter",
            (!fits).then_some("press Enter for the questions (? shows this again)"),
        )
    }

    /// Record a reply (through the plan's validated edits, so that skips and computed values
    /// stay true) and save at once.
    fn apply(&mut self, at: Cursor, reply: Reply) -> anyhow::Result<()> {
        let q = self.iv.question(at);
        if !matches!(
            reply,
            Reply::Keep | Reply::Back | Reply::Help | Reply::ToDecide
        ) {
            // Answered, cleared or marked to decide: an invalid answer it had is replaced.
            self.session.settle(&q.id);
        }
        let kit = self.iv.kit();
        let plan = &mut self.session.plan;
        let change = match reply {
            // The computed suggestion taken as it is: accepted, so it follows its inputs.
            Reply::Answer(a)
                if !plan.answers.contains_key(&q.id)
                    && self.iv.computed_value(q, &plan.answers).as_ref() == Some(&a) =>
            {
                Some(edit::answers::accept_suggestion(kit, plan, &q.id)?)
            }
            Reply::Answer(a) => Some(edit::answers::set(kit, plan, &q.id, &a)?),
            Reply::Clear if q.required => Some(edit::answers::reopen(kit, plan, &q.id)?),
            Reply::Clear => Some(edit::answers::skip(kit, plan, &q.id)?),
            Reply::Decided { note, owner } => Some(edit::answers::to_decide(
                kit,
                plan,
                &q.id,
                Some(&note),
                Some(&owner),
            )?),
            Reply::Keep | Reply::Back | Reply::Help | Reply::ToDecide => None,
        };
        if change.is_some_and(|c| c.changed) {
            self.save()?;
        }
        Ok(())
    }

    /// Write the live draft and say where.
    fn render_now(&mut self) -> anyhow::Result<()> {
        let Some(p) = &self.preview else {
            return Ok(());
        };
        let path = p.path().display().to_string();
        match p.render_now(&self.session.plan) {
            Ok(()) => self.line(format!("{} draft written to `{path}`", style("✔").green())),
            Err(e) => self.error(&format!("the draft could not be written: {e:#}")),
        }
    }

    /// The next open question after component `index`, going round to the start.
    fn next_open(&self, index: usize) -> Option<Cursor> {
        let after = Cursor {
            component: index,
            question: usize::MAX,
        };
        self.iv.next_open(after, &self.session.plan)
    }

    /// `✔ prompt · answer`: the prompt's region replaced by what was saved, wrapped so that
    /// the answer is read (a long answer's summary ends with `…` on its third row).
    fn done(&mut self, prompt: &str, answer: &str) -> anyhow::Result<()> {
        self.summary(&style("✔").green().to_string(), prompt, answer)
    }

    /// `MARK prompt · what`, wrapped to at most three rows, replacing the prompt's region.
    fn summary(&mut self, mark: &str, prompt: &str, what: &str) -> anyhow::Result<()> {
        let line = format!("{mark} {prompt} {} {what}", style("·").dim());
        let lines = screen::wrap_indented(&line, self.screen.width(), 2, 3);
        self.screen.finish(&lines)?;
        Ok(())
    }

    /// Ask the question at `at` with the prompt its type needs.
    fn ask(&mut self, at: Cursor) -> anyhow::Result<Reply> {
        let q = self.iv.question(at);
        let answers = &self.session.plan.answers;
        let p = self.iv.progress(at, answers);
        let overall = self.iv.overall(&self.session.plan);
        let mut progress = format!(
            "component {} of {} · question {} of {} · {} of {} answered",
            p.component, p.components, p.question, p.questions, overall.answered, overall.total
        );
        if overall.to_decide > 0 {
            progress.push_str(&format!(" · {} to decide", overall.to_decide));
        }
        if q.required {
            progress.push_str(" · required");
        }
        let suggestion = self.iv.suggestion(q, answers);
        let current = answers.get(&q.id).cloned();
        self.line("")?;
        if let Some(e) = self
            .preview
            .as_ref()
            .and_then(preview::Preview::take_failure)
        {
            self.error(&format!("the draft could not be written: {e}"))?;
        }
        self.line(style(progress).dim().to_string())?;
        if !q.help.trim().is_empty() {
            for l in guidance::wrap(&q.help, self.screen.text_width(), 2) {
                self.line(style(l).dim().to_string())?;
            }
        }
        if let Some(hint) = type_hint(q, self.iv.list_limits(q)) {
            self.line(style(format!("  {hint}")).dim().to_string())?;
        }
        for note in self.state_notes(q) {
            let width = self.screen.width();
            for l in screen::wrap(&note, width.saturating_sub(2), 0) {
                self.line(style(format!("  {l}")).yellow().to_string())?;
            }
        }
        loop {
            self.screen.check()?;
            let reply = match q.kind {
                QuestionType::Choice => {
                    self.ask_choice(q, suggestion.as_ref(), current.is_some())?
                }
                QuestionType::MultiChoice => self.ask_multi(q, suggestion.as_ref())?,
                QuestionType::YesNo => self.ask_yes_no(q, suggestion.as_ref())?,
                QuestionType::LongText if editor_configured().is_some() => {
                    self.ask_editor(q, suggestion.as_ref(), current.as_ref())?
                }
                QuestionType::LongText | QuestionType::List => {
                    self.ask_lines(q, suggestion.as_ref(), current.as_ref())?
                }
                QuestionType::Text
                | QuestionType::Number
                | QuestionType::Percent
                | QuestionType::Money => {
                    self.ask_line(q, suggestion.as_ref(), current.is_some())?
                }
            };
            match reply {
                Some(Reply::ToDecide) => {
                    if let Some(decided) = self.ask_to_decide(q)? {
                        return Ok(decided);
                    }
                }
                Some(reply) => return Ok(reply),
                None => {}
            }
        }
    }

    /// What the team should know about where `q` stands: marked to decide (with its note and
    /// owner), or a computed figure that follows its inputs.
    fn state_notes(&self, q: &Question) -> Vec<String> {
        let plan = &self.session.plan;
        let mut notes = Vec::new();
        if let State::ToDecide(d) = self.iv.state(q, plan) {
            let mut n = "marked to decide".to_owned();
            if let Some(note) = &d.note {
                n.push_str(&format!(": {note}"));
            }
            if let Some(owner) = &d.owner {
                n.push_str(&format!(" (brought by {owner})"));
            }
            notes.push(format!(
                "{n}; answer it now, or Enter to leave it to decide"
            ));
        }
        if self.iv.is_computed(q) {
            if plan.computed.contains(&q.id) {
                notes.push(
                    "worked out from earlier answers, and follows them when they change; \
                     type a figure of your own to keep it fixed"
                        .to_owned(),
                );
            } else if !plan.answers.contains_key(&q.id)
                && self.iv.computed_value(q, &plan.answers).is_some()
            {
                notes.push(
                    "the figure shown is worked out from earlier answers: Enter takes it, and it \
                     follows them when they change"
                        .to_owned(),
                );
            }
        }
        notes
    }

    /// `!` at a question: an optional note (what is missing) and owner (who will bring the
    /// decision). Esc at either asks the question again.
    fn ask_to_decide(&mut self, q: &Question) -> anyhow::Result<Option<Reply>> {
        let current = self.session.plan.to_decide.get(&q.id).cloned();
        // The question's own row gives way to these two: the hint says which it is.
        let hint = format!("marking to decide: {} · Esc asks it again", q.prompt);
        let mut typed = Vec::new();
        for (prompt, now) in [
            (
                "To decide: what is missing? (a note, or Enter for none)",
                current.as_ref().and_then(|d| d.note.clone()),
            ),
            (
                "Who will bring the decision? (Enter for no one yet)",
                current.as_ref().and_then(|d| d.owner.clone()),
            ),
        ] {
            let spec = widgets::Line {
                prompt,
                default: now.as_deref(),
                hint: Some(&hint),
                back: true,
                ..widgets::Line::default()
            };
            match widgets::line(&mut self.screen, &spec, &|_| Ok(()))? {
                Outcome::Done(t) if t.is_empty() => typed.push(now.unwrap_or_default()),
                Outcome::Done(t) => typed.push(t),
                _ => {
                    self.screen.erase()?;
                    return Ok(None);
                }
            }
            self.screen.erase()?;
        }
        let owner = typed.pop().unwrap_or_default();
        let note = typed.pop().unwrap_or_default();
        let reply = Reply::Decided { note, owner };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// After a prompt: a summary for what will be saved, nothing for a step back or help.
    fn close(&mut self, q: &Question, reply: &Reply) -> anyhow::Result<()> {
        match reply {
            Reply::Answer(a) => {
                let shown = self.iv.describe(q, a);
                self.done(&q.prompt, &shown)
            }
            Reply::Clear if q.required => self.done(&q.prompt, "(no answer)"),
            Reply::Clear => self.done(&q.prompt, "(skipped)"),
            Reply::Keep => {
                let shown = match self.iv.state(q, &self.session.plan) {
                    State::Answered(a) => self.iv.describe(q, a),
                    State::ToDecide(_) => "(still to decide)".to_owned(),
                    _ => "(no answer)".to_owned(),
                };
                self.done(&q.prompt, &shown)
            }
            Reply::Decided { note, owner } => {
                let mut shown = "to decide".to_owned();
                for part in [note, owner].into_iter().filter(|p| !p.trim().is_empty()) {
                    shown.push_str(&format!(" · {}", part.trim()));
                }
                self.summary(&style("…").yellow().to_string(), &q.prompt, &shown)
            }
            Reply::Back | Reply::Help | Reply::ToDecide => {
                self.screen.erase()?;
                Ok(())
            }
        }
    }

    /// One line of text, parsed by the question's type and checked as it is typed.
    fn ask_line(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
        has_answer: bool,
    ) -> anyhow::Result<Option<Reply>> {
        let iv = self.iv;
        let default = suggestion.map(|s| iv.input_text(q, s));
        let hint = (!q.required && has_answer).then_some("a single space removes the answer");
        let spec = widgets::Line {
            prompt: &q.prompt,
            default: default.as_deref(),
            hint,
            back: true,
            help: true,
            decide: true,
            ..widgets::Line::default()
        };
        let decided = matches!(self.iv.state(q, &self.session.plan), State::ToDecide(_));
        let check = |s: &str| -> Result<(), String> {
            if s.is_empty() && (suggestion.is_some() || decided) {
                return Ok(());
            }
            iv.parse(q, s).map(|_| ()).map_err(|e| e.to_string())
        };
        let reply = match widgets::line(&mut self.screen, &spec, &check)? {
            Outcome::Back => Reply::Back,
            Outcome::Help => Reply::Help,
            Outcome::ToDecide => Reply::ToDecide,
            Outcome::Done(typed) if typed.is_empty() => match suggestion {
                Some(s) if !has_answer && !decided => Reply::Answer(s.clone()),
                None if !has_answer && !decided && !q.required => Reply::Clear,
                _ => Reply::Keep,
            },
            Outcome::Done(typed) => match iv.parse(q, &typed) {
                Ok(Some(a)) => Reply::Answer(a),
                Ok(None) => Reply::Clear,
                Err(e) => {
                    // The check above refused this already; kept for safety.
                    self.screen.erase()?;
                    self.error(&e.to_string())?;
                    return Ok(None);
                }
            },
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    fn error(&mut self, message: &str) -> anyhow::Result<()> {
        let width = self.screen.width();
        for l in screen::wrap(&format!("✘ {message}"), width, 2) {
            self.line(style(l).red().to_string())?;
        }
        Ok(())
    }

    /// A choice: a list to move through with the arrow keys. A question that is not required
    /// gets a last item to leave it unanswered.
    fn ask_choice(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
        has_answer: bool,
    ) -> anyhow::Result<Option<Reply>> {
        let choices = self.kit().choices(q);
        let mut items: Vec<String> = choices.iter().map(|c| c.label.clone()).collect();
        let none_item = (!q.required).then(|| {
            items.push(if has_answer {
                "(remove the answer)".to_owned()
            } else {
                "(skip: leave it unanswered)".to_owned()
            });
            items.len() - 1
        });
        let default = suggestion
            .and_then(Answer::as_text)
            .and_then(|v| choices.iter().position(|c| c.value == v))
            .unwrap_or(0);
        let spec = widgets::List {
            prompt: &q.prompt,
            items: &items,
            default,
            back: true,
            help: true,
            decide: true,
        };
        let reply = match widgets::select(&mut self.screen, &spec)? {
            Outcome::Back => Reply::Back,
            Outcome::Help => Reply::Help,
            Outcome::ToDecide => Reply::ToDecide,
            Outcome::Done(i) if Some(i) == none_item => Reply::Clear,
            Outcome::Done(i) => Reply::Answer(Answer::Text(choices[i].value.clone())),
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// Several choices: a checklist (Space ticks, Enter accepts).
    fn ask_multi(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        let choices = self.kit().choices(q);
        let ticked: Vec<bool> = choices
            .iter()
            .map(|c| {
                suggestion
                    .and_then(Answer::as_list)
                    .is_some_and(|l| l.contains(&c.value))
            })
            .collect();
        let items: Vec<String> = choices.iter().map(|c| c.label.clone()).collect();
        let spec = widgets::List {
            prompt: &q.prompt,
            items: &items,
            default: 0,
            back: true,
            help: true,
            decide: true,
        };
        let iv = self.iv;
        let values = |ticks: &[bool]| -> Vec<String> {
            choices
                .iter()
                .zip(ticks)
                .filter(|(_, t)| **t)
                .map(|(c, _)| c.value.clone())
                .collect()
        };
        // The whole answer is checked on Enter, with the ticks kept when it is refused.
        let check = |ticks: &[bool]| -> Result<(), String> {
            let v = values(ticks);
            if v.is_empty() && !q.required {
                return Ok(());
            }
            iv.accept(q, &Answer::List(v))
                .map(|_| ())
                .map_err(|e| e.to_string())
        };
        let reply = match widgets::checklist(&mut self.screen, &spec, &ticked, &check)? {
            Outcome::Back => Reply::Back,
            Outcome::Help => Reply::Help,
            Outcome::ToDecide => Reply::ToDecide,
            Outcome::Done(ticks) => {
                let values: Vec<String> = choices
                    .iter()
                    .zip(&ticks)
                    .filter(|(_, t)| **t)
                    .map(|(c, _)| c.value.clone())
                    .collect();
                if values.is_empty() && !q.required {
                    Reply::Clear
                } else {
                    match self.iv.accept(q, &Answer::List(values)) {
                        Ok(a) => Reply::Answer(a),
                        Err(e) => {
                            self.screen.erase()?;
                            self.error(&e.to_string())?;
                            return Ok(None);
                        }
                    }
                }
            }
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// Yes or no: `y` or `n`, Enter for the answer shown, Esc to go back.
    fn ask_yes_no(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        let spec = widgets::YesNo {
            prompt: &q.prompt,
            default: suggestion.and_then(Answer::as_bool),
            back: true,
            help: true,
            decide: true,
        };
        let reply = match widgets::yes_no(&mut self.screen, &spec)? {
            Outcome::Done(b) => Reply::Answer(Answer::Bool(b)),
            Outcome::Back => Reply::Back,
            Outcome::Help => Reply::Help,
            Outcome::ToDecide => Reply::ToDecide,
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// Several lines, typed one at a time; an empty line finishes. For a list each line is an
    /// item, checked against the question's limits as it is typed (an item over the limit is
    /// refused and stays on the line to change); for long text the lines are the text. Enter
    /// on the first line keeps the answer; `<` on the first line goes back.
    fn ask_lines(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
        current: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        let list = q.kind == QuestionType::List;
        if let Some(s) = suggestion {
            let label = if current.is_some() {
                "current answer"
            } else {
                "suggested"
            };
            self.line(style(format!("  {label}:")).dim().to_string())?;
            for l in self.iv.input_text(q, s).split([';', '\n']) {
                let l = l.trim();
                if !l.is_empty() {
                    let bullet = if list { "• " } else { "" };
                    self.line(format!("    {bullet}{l}"))?;
                }
            }
        }
        let limits = self.iv.list_limits(q);
        let most = limits.and_then(|l| l.max);
        let optional = !q.required && current.is_none();
        let finish = match (suggestion.is_some(), list) {
            (true, true) => {
                "one item per line; an empty line finishes; Enter now keeps the items above"
            }
            (true, false) => "an empty line finishes; Enter now keeps the text above",
            (false, true) if optional => {
                "one item per line; an empty line finishes; Enter now skips it (optional)"
            }
            (false, false) if optional => "an empty line finishes; Enter now skips it (optional)",
            (false, true) => "one item per line; an empty line finishes",
            (false, false) => "an empty line finishes",
        };
        let limits = limits
            .and_then(|l| l.hint())
            .map_or_else(String::new, |h| format!(" · {h}"));
        // Enter alone on the first line of a required question with nothing to keep.
        let needed = q.required
            && suggestion.is_none()
            && current.is_none()
            && !matches!(self.iv.state(q, &self.session.plan), State::ToDecide(_));
        let mut lines: Vec<String> = Vec::new();
        loop {
            let prompt = if lines.is_empty() {
                q.prompt.clone()
            } else if list {
                format!("item {}", lines.len() + 1)
            } else {
                format!("line {}", lines.len() + 1)
            };
            let hint = if lines.is_empty() {
                format!("{finish}{limits} · < goes back")
            } else {
                format!("an empty line finishes{limits}")
            };
            let first = lines.is_empty();
            let iv = self.iv;
            let so_far = &lines;
            let check = |s: &str| -> Result<(), String> {
                let s = s.trim();
                if s == "<" {
                    return Err(
                        "< goes back only from the first line; an empty line finishes".to_owned(),
                    );
                }
                if s.is_empty() {
                    if first && needed {
                        // Refused here, under the line, not as a message left above it.
                        return Err(
                            "an answer is needed: this question is required (! marks it to decide)"
                                .to_owned(),
                        );
                    }
                    if first || !list {
                        return Ok(());
                    }
                    // Finishing: the whole list must pass.
                    return iv
                        .accept(q, &Answer::List(so_far.clone()))
                        .map(|_| ())
                        .map_err(|e| e.to_string());
                }
                if list {
                    iv.list_items(q, so_far, s).map_err(|e| e.to_string())?;
                }
                Ok(())
            };
            let spec = widgets::Line {
                prompt: &prompt,
                hint: Some(&hint),
                back: first,
                help: first,
                decide: first,
                ..widgets::Line::default()
            };
            let typed = match widgets::line(&mut self.screen, &spec, &check)? {
                Outcome::Back => {
                    self.screen.erase()?;
                    return Ok(Some(Reply::Back));
                }
                Outcome::Help => {
                    self.screen.erase()?;
                    return Ok(Some(Reply::Help));
                }
                Outcome::ToDecide => {
                    self.screen.erase()?;
                    return Ok(Some(Reply::ToDecide));
                }
                Outcome::Done(t) => t,
            };
            if typed.trim().is_empty() {
                self.screen.erase()?;
                break;
            }
            let items = if list {
                // Checked above: a line may hold several items separated by `;`.
                self.iv.list_items(q, &lines, &typed).unwrap_or_default()
            } else {
                vec![typed.trim_end().to_owned()]
            };
            // What was typed stays on screen whole, wrapped, never cut.
            let width = self.screen.width();
            let marks: Vec<String> = items
                .iter()
                .flat_map(|i| {
                    let mark = style(if list { "•" } else { "│" }).dim();
                    screen::wrap_indented(&format!("  {mark} {i}"), width, 2, usize::MAX)
                })
                .collect();
            self.screen.finish(&marks)?;
            lines.extend(items);
            if most.is_some_and(|m| lines.len() >= m) {
                self.line(
                    style(format!("  (that is the most: {} items)", lines.len()))
                        .dim()
                        .to_string(),
                )?;
                break;
            }
        }
        if lines.is_empty() {
            // Enter straight away.
            return self.nothing_new(q, suggestion, current);
        }
        let parsed = if list {
            self.iv.accept(q, &Answer::List(lines.clone())).map(Some)
        } else {
            self.iv.parse(q, &lines.join("\n"))
        };
        let reply = match parsed {
            Ok(Some(a)) => Reply::Answer(a),
            Ok(None) => Reply::Keep,
            Err(e) => {
                self.error(&e.to_string())?;
                return Ok(None);
            }
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// Nothing new was written: keep the answer, take the suggestion, or leave the question
    /// blank (asking again when it is required).
    fn nothing_new(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
        current: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        let decided = matches!(self.iv.state(q, &self.session.plan), State::ToDecide(_));
        let reply = match (current, suggestion) {
            (Some(_), _) => Reply::Keep,
            (None, _) if decided => Reply::Keep,
            (None, Some(s)) => Reply::Answer(s.clone()),
            (None, None) if q.required => {
                self.error("an answer is needed: this question is required")?;
                return Ok(None);
            }
            // An optional question left blank is skipped: resume passes over it.
            (None, None) => Reply::Clear,
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// Long text in the user's editor (`$VISUAL` or `$EDITOR`). Closing the editor without a
    /// change keeps the answer; a text of just `<` goes back. An editor that cannot be started
    /// is named, and the text is typed line by line instead.
    fn ask_editor(
        &mut self,
        q: &Question,
        suggestion: Option<&Answer>,
        current: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        self.line(format!("{} {}", style("?").yellow(), q.prompt))?;
        self.line(
            style("  (opening your editor: save and close it to answer; write just < to go back)")
                .dim()
                .to_string(),
        )?;
        let start = suggestion.map(ToString::to_string).unwrap_or_default();
        // Whether the editor saved is judged by the text, not the file's timestamp: closing it
        // without a change keeps the answer (or takes the default).
        let edited = self.screen.pause_input(|| {
            dialoguer::Editor::new()
                .extension(".md")
                .require_save(false)
                .edit(&start)
        });
        // Ctrl-C inside the editor reaches this process too: stop without taking the text.
        self.screen.check()?;
        let edited = match edited {
            Ok(e) => e,
            Err(dialoguer::Error::IO(e)) => {
                let (var, editor) = editor_configured().unwrap_or_default();
                self.error(&format!(
                    "could not start the editor `{editor}` (from ${var}): {e}; type the text here instead"
                ))?;
                return self.ask_lines(q, suggestion, current);
            }
        };
        let text = edited.unwrap_or_else(|| start.clone());
        if text.trim() == start.trim() {
            return self.nothing_new(q, suggestion, current);
        }
        if text.trim() == "<" {
            return Ok(Some(Reply::Back));
        }
        let reply = match self.iv.parse(q, &text) {
            Ok(Some(a)) => Reply::Answer(a),
            Ok(None) if current.is_some() => Reply::Clear,
            Ok(None) => Reply::Keep,
            Err(e) => {
                self.error(&e.to_string())?;
                return Ok(None);
            }
        };
        self.close(q, &reply)?;
        Ok(Some(reply))
    }

    /// The menu between components.
    fn menu(&mut self, index: usize) -> anyhow::Result<MenuItem> {
        let kit = self.iv.kit();
        let n = kit.components().len();
        let c = &kit.components()[index];
        let cards = edit::cards::offered(kit, index).len();
        let here = self.iv.overall_in(index, &self.session.plan);
        let open = self.next_open(index);
        self.line("")?;
        self.line(format!(
            "{} {} ({here})",
            style("End of").bold(),
            style(&c.title).bold(),
        ))?;
        let mut items = vec![if index + 1 < n {
            (
                MenuItem::Continue,
                format!(
                    "Continue to component {} of {n}: {}",
                    index + 2,
                    kit.components()[index + 1].title
                ),
            )
        } else {
            (MenuItem::Continue, "Finish the workshop".to_owned())
        }];
        if let Some(at) = open {
            items.push((
                MenuItem::NextOpen,
                format!("Next open question: {}", self.iv.question(at).prompt),
            ));
        }
        items.push((MenuItem::Back, "Go back to the last question".to_owned()));
        items.push((MenuItem::Jump, "Jump to a component".to_owned()));
        items.push((
            MenuItem::ReviewComponent,
            "Review this component's answers".to_owned(),
        ));
        items.push((MenuItem::Review, "Review the answers so far".to_owned()));
        let plan = &self.session.plan;
        for step in &c.steps {
            let label = match step {
                KitStep::Cards if cards > 0 => {
                    let offered = edit::cards::offered(kit, index);
                    let chosen = plan
                        .cards
                        .iter()
                        .filter(|pc| offered.iter().any(|k| k.id == pc.id))
                        .count();
                    format!(
                        "Choose project cards for this component ({}, {chosen} chosen)",
                        plural(cards, "card")
                    )
                }
                KitStep::Cards => continue,
                KitStep::CardDetails => format!(
                    "Card details: who leads, start, local costs, notes ({} chosen)",
                    plural(plan.cards.len(), "card")
                ),
                KitStep::Measures => format!(
                    "Measures: baseline and target ({} tracked)",
                    plan.measures.len()
                ),
                KitStep::ChannelShift => {
                    let services = edit::shift::offered(kit, plan);
                    let done = services.iter().filter(|s| s.has_figures).count();
                    format!(
                        "Channel shift: figures for each service moving online ({done} of {} given)",
                        services.len()
                    )
                }
            };
            items.push((MenuItem::Step(*step), label));
        }
        if let Some(p) = &self.preview {
            items.push((
                MenuItem::RenderNow,
                format!("Render the draft now ({})", p.path().display()),
            ));
        }
        items.push((MenuItem::Quit, "Quit (everything is saved)".to_owned()));
        let labels: Vec<String> = items.iter().map(|(_, l)| l.clone()).collect();
        let spec = widgets::List {
            prompt: "What next?",
            items: &labels,
            default: 0,
            back: true,
            help: false,
            decide: false,
        };
        let picked = widgets::select(&mut self.screen, &spec)?;
        self.screen.erase()?;
        // Esc in the menu goes back, like everywhere else.
        Ok(match picked {
            Outcome::Done(i) => items[i].0,
            Outcome::Back | Outcome::Help | Outcome::ToDecide => MenuItem::Back,
        })
    }

    /// Pick a component to jump to; `None` when the user backs out.
    fn choose_component(&mut self, current: usize) -> anyhow::Result<Option<usize>> {
        let kit = self.iv.kit();
        let items: Vec<String> = kit
            .components()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                // The same count as the component's end and `status`: skipped and to decide
                // said, not left to look unanswered.
                let here = self.iv.overall_in(i, &self.session.plan);
                format!("{}. {} ({here})", i + 1, c.title)
            })
            .collect();
        let spec = widgets::List {
            prompt: "Jump to which component? (Esc to stay)",
            items: &items,
            default: current,
            back: true,
            help: false,
            decide: false,
        };
        let picked = widgets::select(&mut self.screen, &spec)?;
        self.screen.erase()?;
        Ok(match picked {
            Outcome::Done(i) => Some(i),
            Outcome::Back | Outcome::Help | Outcome::ToDecide => None,
        })
    }

    /// The answers of the components in `range`, as a table.
    fn review(&mut self, range: std::ops::RangeInclusive<usize>) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let (iv, plan) = (&self.iv, &self.session.plan);
        // A screenful at a time, so that the top of a long review is read before the menu
        // under it scrolls it away; laid out again if the terminal is resized.
        let text = |s: &Screen| {
            let mut lines = vec![String::new()];
            for row in review_table(iv, plan, range.clone(), s.width()).lines() {
                lines.extend(unwrapped_rows(row, s.width()));
            }
            lines
        };
        widgets::paged(
            &mut self.screen,
            &text,
            "more of the review: press Enter",
            None,
        )?;
        let chosen: Vec<String> = self
            .session
            .plan
            .cards
            .iter()
            .filter_map(|pc| kit.card(&pc.id))
            .filter(|k| {
                range
                    .clone()
                    .any(|i| k.components.contains(&kit.components()[i].id))
            })
            .map(|k| k.title.clone())
            .collect();
        if !chosen.is_empty() {
            let width = self.screen.width();
            for l in screen::wrap(&format!("chosen cards: {}", chosen.join(", ")), width, 2) {
                self.line(l)?;
            }
        }
        Ok(())
    }

    /// Choose the project cards for component `index` with the chooser; the plan is saved at
    /// once.
    fn choose_cards(&mut self, index: usize) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let component = &kit.components()[index];
        let cards = edit::cards::offered(kit, index);
        let plan = &self.session.plan;
        let ticked: Vec<bool> = cards
            .iter()
            .map(|c| plan.cards.iter().any(|pc| pc.id == c.id))
            .collect();
        let mut budget = picker::Budget {
            money: kit
                .bindings()
                .budget
                .as_deref()
                .and_then(|id| self.iv.effective_answer(id, &plan.answers))
                .and_then(Answer::as_number),
            ..picker::Budget::default()
        };
        for pc in &plan.cards {
            if cards.iter().any(|c| c.id == pc.id) {
                continue;
            }
            if let Some(card) = kit.card(&pc.id) {
                let line = crate::analysis::card_cost(kit, card, Some(pc));
                budget.points_elsewhere += line.points;
                budget.money_elsewhere = budget.money_elsewhere.plus(line.first_year);
            }
        }
        let rows = cards
            .iter()
            .map(|c| {
                let chosen = plan.cards.iter().find(|pc| pc.id == c.id);
                card_row(kit, c, chosen)
            })
            .collect();
        let chooser = picker::Chooser {
            title: format!("Project cards for {}", component.title),
            rows,
            ticked,
            budget,
        };
        let Some(picked) = picker::choose(&mut self.screen, &chooser)? else {
            self.line(style("cards unchanged").dim().to_string())?;
            return Ok(());
        };
        let kit = self.iv.kit();
        let plan = &mut self.session.plan;
        let before = plan.cards.clone();
        let add: Vec<&str> = cards
            .iter()
            .zip(&picked)
            .filter(|(c, want)| **want && !plan.cards.iter().any(|pc| pc.id == c.id))
            .map(|(c, _)| c.id.as_str())
            .collect();
        let remove: Vec<&str> = cards
            .iter()
            .zip(&picked)
            .filter(|(c, want)| !**want && plan.cards.iter().any(|pc| pc.id == c.id))
            .map(|(c, _)| c.id.as_str())
            .collect();
        if !add.is_empty() {
            edit::cards::choose(kit, plan, &add, &edit::cards::Details::default())?;
        }
        if !remove.is_empty() {
            edit::cards::drop(plan, &remove)?;
        }
        let plan_cards = &self.session.plan.cards;
        if *plan_cards == before {
            self.line(style("cards unchanged").dim().to_string())?;
        } else {
            let n = plan_cards.len();
            self.save()?;
            let titles: Vec<&str> = cards
                .iter()
                .zip(&picked)
                .filter(|(_, t)| **t)
                .map(|(c, _)| c.title.as_str())
                .collect();
            let line = format!(
                "{} saved: the plan has {}{}",
                style("✔").green(),
                plural(n, "card"),
                if titles.is_empty() {
                    String::new()
                } else {
                    format!(" ({} here: {})", titles.len(), titles.join(", "))
                }
            );
            let width = self.screen.width();
            for l in screen::wrap(&line, width, 2) {
                self.line(l)?;
            }
        }
        Ok(())
    }

    /// The end of the last component.
    fn finish(&mut self) -> anyhow::Result<()> {
        let answers = &self.session.plan.answers;
        let open: Vec<(String, bool, usize)> = self
            .iv
            .required_unanswered(&self.session.plan)
            .iter()
            .map(|(at, state)| {
                (
                    self.iv.question(*at).prompt.clone(),
                    matches!(state, State::ToDecide(_)),
                    at.component,
                )
            })
            .collect();
        let path = shell_word(&self.session.path().display().to_string());
        let summary = format!(
            "{} {} and {} saved in `{path}`.",
            style("Workshop finished.").bold(),
            plural(answers.len(), "answer"),
            plural(self.session.plan.cards.len(), "card")
        );
        self.line("")?;
        self.line(summary)?;
        let width = self.screen.width();
        if !open.is_empty() {
            self.line(format!(
                "{} still open (required):",
                plural(open.len(), "question")
            ))?;
            for (p, to_decide, _) in &open {
                let p = if *to_decide {
                    format!("  • {p} (to decide)")
                } else {
                    format!("  • {p}")
                };
                for l in screen::wrap_indented(&p, width, 2, usize::MAX) {
                    self.screen.print(&l)?;
                }
            }
            // Resume passes over a question marked to decide: say how to reach it.
            if open.iter().any(|(_, to_decide, _)| !to_decide) {
                self.line(format!(
                    "`thinkkit workshop {path}` resumes at the first not marked to decide"
                ))?;
            }
            if let Some((_, _, c)) = open.iter().find(|(_, to_decide, _)| *to_decide) {
                let id = &self.iv.kit().components()[*c].id;
                self.line("when a decision is made, answer it with")?;
                self.line(format!("  thinkkit workshop {path} --section {id}"))?;
            }
        }
        // One command a line: a command cut across two rows cannot be copied.
        self.line("next:")?;
        self.line(format!("  thinkkit status {path}    shows what is open"))?;
        self.line(format!("  thinkkit render {path}    writes the strategy"))?;
        Ok(())
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// The first word of a label, lower case: `Safety fears` → `safety`.
fn short_word(label: &str) -> String {
    label
        .split_whitespace()
        .next()
        .unwrap_or(label)
        .trim_end_matches(',')
        .to_lowercase()
}

/// A card as the chooser shows it, with the plan's local costs when it has them.
pub(crate) fn card_row(
    kit: &Kit,
    card: &crate::kit::Card,
    chosen: Option<&ChosenCard>,
) -> picker::Row {
    let cost = crate::analysis::card_cost(kit, card, chosen);
    let labels: Vec<String> = card
        .barriers
        .iter()
        .map(|b| kit.label(VocabularyName::Barriers, b).to_owned())
        .collect();
    picker::Row {
        title: card.title.clone(),
        level: short_word(&cost.level_label),
        level_code: kit
            .vocabulary(VocabularyName::Levels)
            .iter()
            .position(|l| l.id == card.level)
            .map_or_else(String::new, |i| format!("L{}", i + 1)),
        level_label: cost.level_label.clone(),
        points: cost.points,
        costs: Some((cost.setup, cost.running)),
        barriers: labels.iter().map(|l| short_word(l)).collect(),
        barrier_labels: labels,
        summary: card.summary.clone(),
        note: String::new(),
    }
}

/// What kind of answer a prompt expects, when the question's words may not say.
fn type_hint(q: &Question, limits: Option<crate::interview::ListLimits>) -> Option<String> {
    let bounds = |unit: &dyn Fn(f64) -> String| match (q.min, q.max) {
        (Some(lo), Some(hi)) => format!(" from {} to {}", unit(lo), unit(hi)),
        (Some(lo), None) => format!(", at least {}", unit(lo)),
        (None, Some(hi)) => format!(", at most {}", unit(hi)),
        (None, None) => String::new(),
    };
    let plain = |v: f64| Answer::Number(v).to_string();
    Some(match q.kind {
        QuestionType::Number if q.whole => format!("a whole number{}", bounds(&plain)),
        QuestionType::Number => format!("a number{}", bounds(&plain)),
        QuestionType::Percent => "a percentage, 0 to 100".to_owned(),
        QuestionType::Money => format!(
            "an amount in pounds, like £1,200 or £45k{}",
            bounds(&|v| text::money(v))
        ),
        QuestionType::MultiChoice => format!("tick {}", limits.and_then(|l| l.hint())?),
        QuestionType::Choice
        | QuestionType::YesNo
        | QuestionType::Text
        | QuestionType::LongText
        | QuestionType::List => {
            return None;
        }
    })
}

/// The editor for long text, when the user has named one: (variable, command).
fn editor_configured() -> Option<(&'static str, String)> {
    ["VISUAL", "EDITOR"].into_iter().find_map(|v| {
        std::env::var(v)
            .ok()
            .filter(|s| !s.trim().is_empty())
            .map(|s| (v, s))
    })
}

/// A permanent line as the rows it takes at `width`: one wider than that is wrapped, never cut,
/// so that a message keeps every word (a prompt's region is cut instead: it must stay one row a
/// line).
fn unwrapped_rows(text: &str, width: usize) -> Vec<String> {
    if console::measure_text_width(text) <= width {
        return vec![text.to_owned()];
    }
    let body = text.trim_start_matches(' ');
    let lead = " ".repeat(text.len() - body.len());
    screen::wrap(body, width.saturating_sub(lead.len()), 2)
        .into_iter()
        .map(|l| format!("{lead}{l}"))
        .collect()
}

/// The answers of the components in `range` as a table `width` columns wide.
fn review_table(
    iv: &Interview,
    plan: &crate::plan::Plan,
    range: std::ops::RangeInclusive<usize>,
    width: usize,
) -> String {
    let kit = iv.kit();
    let answers = &plan.answers;
    let mut table = crate::terminal::table(["component", "question", "answer"]);
    table.set_width(u16::try_from(width).unwrap_or(100));
    for i in range {
        let c = &kit.components()[i];
        for (j, at) in iv.asked_in(i, answers).into_iter().enumerate() {
            let q = iv.question(at);
            let answer = match iv.state(q, plan) {
                State::Answered(a) => iv.describe(q, a),
                State::Skipped => "(skipped)".to_owned(),
                State::ToDecide(d) => {
                    let mut t = "(to decide)".to_owned();
                    for part in [&d.note, &d.owner].into_iter().flatten() {
                        t.push_str(&format!(" · {part}"));
                    }
                    t
                }
                State::NotAsked | State::Open if q.required => "— (required)".to_owned(),
                State::NotAsked | State::Open => "—".to_owned(),
            };
            table.add_row([
                if j == 0 {
                    c.title.clone()
                } else {
                    String::new()
                },
                q.prompt.clone(),
                answer,
            ]);
        }
    }
    table.to_string()
}

/// The heading, summary, guidance and keys of component `index`, wrapped to `width`.
fn guidance_lines(kit: &Kit, index: usize, width: usize) -> Vec<String> {
    let c = &kit.components()[index];
    let n = kit.components().len();
    let mut lines = vec![
        String::new(),
        style(format!("── Component {} of {n}: {} ──", index + 1, c.title))
            .bold()
            .to_string(),
    ];
    if !c.summary.is_empty() {
        lines.extend(
            screen::wrap(&c.summary, width, 0)
                .into_iter()
                .map(|l| style(l).italic().to_string()),
        );
    }
    if !c.guidance.trim().is_empty() {
        lines.push(String::new());
        lines.extend(guidance::wrap(&c.guidance, width, 2));
    }
    lines.push(String::new());
    lines.extend(
        guidance::wrap(KEYS, width, 0)
            .into_iter()
            .map(|l| style(l).dim().to_string()),
    );
    lines
}
