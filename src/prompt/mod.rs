//! The workshop's terminal front end: dialoguer prompts over the interview engine.
//!
//! This is the only module that uses dialoguer. It decides nothing about the kit: what to ask,
//! what a valid answer is and where to resume come from [`crate::interview`]; this module shows
//! guidance and progress, asks with the prompt that fits each question type, and saves the plan
//! after every answer and every card choice, so that stopping at any moment loses nothing that
//! was confirmed.
//!
//! Keys: Enter accepts the answer shown; `<` typed at a text prompt, or Esc in a list, a
//! checklist or a yes/no prompt, goes back one question; Ctrl-C stops.
//!
//! Ctrl-C. console reads keys in raw mode, sees the Ctrl-C byte and raises SIGINT at itself
//! before returning an `Interrupted` error. With the default disposition that SIGINT would kill
//! the process mid-prompt, with the cursor hidden. So the workshop registers a handler that
//! only sets a flag: the prompt then returns its error, the cursor is shown again and the
//! command exits with 130 after saying how to resume. A Ctrl-C that arrives while no prompt
//! is reading (during a save, or in an external editor) sets the same flag, which is checked
//! before every prompt. Nothing needs saving at that point: every confirmed answer already is.

mod guidance;
pub mod picker;

use std::collections::HashSet;
use std::fmt;
use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use console::{Term, style};
use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, Editor, Input, MultiSelect, Select};

use crate::cmd::Interrupted;
use crate::edit;
use crate::interview::{Cursor, Interview};
use crate::kit::{Kit, Question, QuestionType};
use crate::plan::{Answer, ChosenCard, Session};
use crate::text;

/// Shown under every component heading: how to move around.
const KEYS: &str = "Enter accepts the answer shown · type < (or press Esc in a list or a yes/no \
                    prompt) to go back one question · Ctrl-C stops: every answer is already saved";

/// How the workshop starts.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Start at this component instead of the first unanswered question.
    pub section: Option<&'a str>,
    /// Ask for the organisation's name first (a new plan without `--org`).
    pub ask_organisation: bool,
}

/// Ctrl-C was pressed at a prompt (or between prompts).
#[derive(Debug)]
struct CtrlC;

impl fmt::Display for CtrlC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("interrupted")
    }
}

impl std::error::Error for CtrlC {}

/// Run the workshop on an open session until the user finishes, quits or presses Ctrl-C. The
/// plan is saved after every change; Ctrl-C becomes [`Interrupted`] (exit code 130).
pub fn run(session: &mut Session, options: Options<'_>) -> anyhow::Result<()> {
    let flag = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&flag))?;
    // Everything goes to standard output, which the command has checked is a terminal, so
    // that `thinkkit workshop 2>log` still works.
    let term = Term::stdout();
    // The interview reads the kit while the session's plan changes and is saved: a copy of
    // the kit keeps the two borrows apart.
    let kit = session.kit.clone();
    let result = Workshop {
        iv: Interview::new(&kit),
        session,
        term: term.clone(),
        theme: ColorfulTheme::default(),
        flag,
        introduced: HashSet::new(),
    }
    .run(options);
    // Whatever happened, never leave the terminal without a cursor.
    let _ = term.show_cursor();
    if Term::stderr().is_term() {
        let _ = Term::stderr().show_cursor();
    }
    match result {
        Err(e) if e.is::<CtrlC>() => {
            let _ = term.write_line("");
            Err(Interrupted {
                message: format!(
                    "stopped: every answer given is saved in `{0}`; resume with `thinkkit workshop {0}`",
                    shell_word(&session_path_display(session))
                ),
            }
            .into())
        }
        other => other,
    }
}

fn session_path_display(session: &Session) -> String {
    session.path().display().to_string()
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
}

/// Where the walk is.
#[derive(Debug, Clone, Copy)]
enum Step {
    Ask(Cursor),
    /// Between components: the menu after component `n`.
    Menu(usize),
}

/// Choices of the menu between components.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MenuItem {
    Continue,
    Back,
    Jump,
    Review,
    Cards,
    Quit,
}

struct Workshop<'k, 's> {
    iv: Interview<'k>,
    session: &'s mut Session,
    term: Term,
    theme: ColorfulTheme,
    flag: Arc<AtomicBool>,
    /// Components whose guidance has been shown in this run.
    introduced: HashSet<usize>,
}

impl Workshop<'_, '_> {
    fn kit(&self) -> &Kit {
        self.iv.kit()
    }

    fn line(&self, text: impl AsRef<str>) -> anyhow::Result<()> {
        self.term.write_line(text.as_ref())?;
        Ok(())
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100)
    }

    /// Stop if Ctrl-C was pressed while no prompt was reading.
    fn check_interrupt(&self) -> anyhow::Result<()> {
        if self.flag.load(Ordering::SeqCst) {
            return Err(CtrlC.into());
        }
        Ok(())
    }

    /// A dialoguer result: Ctrl-C becomes [`CtrlC`], anything else a real error.
    fn done<T>(&self, r: dialoguer::Result<T>) -> anyhow::Result<T> {
        match r {
            Ok(v) => Ok(v),
            Err(dialoguer::Error::IO(e)) if e.kind() == io::ErrorKind::Interrupted => {
                Err(CtrlC.into())
            }
            Err(dialoguer::Error::IO(e)) => Err(anyhow::Error::new(e).context("the prompt failed")),
        }
    }

    fn save(&mut self) -> anyhow::Result<()> {
        self.session.save()
    }

    fn run(mut self, options: Options<'_>) -> anyhow::Result<()> {
        let components = self.kit().components().len();
        self.line(format!(
            "{} · kit `{}` {} · plan `{}`",
            style("thinkkit workshop").bold(),
            self.kit().id(),
            self.kit().version(),
            self.session.path().display()
        ))?;
        if options.ask_organisation {
            self.check_interrupt()?;
            let org: String = self.done(
                Input::with_theme(&self.theme)
                    .with_prompt("Which organisation is this strategy for?")
                    .allow_empty(true)
                    .interact_text_on(&self.term),
            )?;
            let org = org.trim();
            if !org.is_empty() {
                self.session.plan.organisation = org.to_owned();
                self.save()?;
            }
        }
        if components == 0 {
            self.line("this kit has no components: there is nothing to ask")?;
            return Ok(());
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
            if !answers.is_empty() {
                self.line(format!(
                    "resuming at the first unanswered question ({} answered so far)",
                    answers.len()
                ))?;
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
                        reply => {
                            self.apply(at, reply)?;
                            let answers = &self.session.plan.answers;
                            self.iv
                                .next_in_component(at, answers)
                                .map_or(Step::Menu(at.component), Step::Ask)
                        }
                    }
                }
                Step::Menu(index) => match self.menu(index)? {
                    MenuItem::Continue if index + 1 >= components => return self.finish(),
                    MenuItem::Continue => self.enter(index + 1)?,
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
                    MenuItem::Review => {
                        self.review(index)?;
                        Step::Menu(index)
                    }
                    MenuItem::Cards => {
                        self.choose_cards(index)?;
                        Step::Menu(index)
                    }
                    MenuItem::Quit => {
                        self.line(format!(
                            "saved `{0}`; resume with `thinkkit workshop {0}`",
                            shell_word(&session_path_display(self.session))
                        ))?;
                        return Ok(());
                    }
                },
            };
        }
    }

    /// Start component `index`: its guidance, then its first question (or its menu when none
    /// of its questions is asked).
    fn enter(&mut self, index: usize) -> anyhow::Result<Step> {
        self.introduce(index)?;
        Ok(self
            .iv
            .start_of(index, &self.session.plan.answers)
            .map_or(Step::Menu(index), Step::Ask))
    }

    /// The component's heading, summary and guidance, once per run.
    fn introduce(&mut self, index: usize) -> anyhow::Result<()> {
        if !self.introduced.insert(index) {
            return Ok(());
        }
        let c = &self.kit().components()[index];
        let n = self.kit().components().len();
        self.line("")?;
        self.line(
            style(format!("── Component {} of {n}: {} ──", index + 1, c.title))
                .bold()
                .to_string(),
        )?;
        if !c.summary.is_empty() {
            self.line(style(&c.summary).italic().to_string())?;
        }
        if !c.guidance.trim().is_empty() {
            self.line("")?;
            for l in guidance::wrap(&c.guidance, self.width(), 2) {
                self.line(l)?;
            }
        }
        self.line("")?;
        for l in guidance::wrap(KEYS, self.width(), 0) {
            self.line(style(l).dim().to_string())?;
        }
        Ok(())
    }

    /// Record a reply (through the plan's validated edits, so that skips and computed values
    /// stay true) and save at once.
    fn apply(&mut self, at: Cursor, reply: Reply) -> anyhow::Result<()> {
        let q = self.iv.question(at);
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
            Reply::Keep | Reply::Back => None,
        };
        let changed = change.is_some_and(|c| c.changed);
        if changed {
            self.save()?;
        }
        Ok(())
    }

    /// Ask the question at `at` with the prompt its type needs.
    fn ask(&mut self, at: Cursor) -> anyhow::Result<Reply> {
        let q = self.iv.question(at);
        let answers = &self.session.plan.answers;
        let p = self.iv.progress(at, answers);
        self.line("")?;
        self.line(
            style(format!(
                "component {} of {} · question {} of {}",
                p.component, p.components, p.question, p.questions
            ))
            .dim()
            .to_string(),
        )?;
        if !q.help.trim().is_empty() {
            for l in guidance::wrap(&q.help, self.width(), 2) {
                self.line(style(l).dim().to_string())?;
            }
        }
        if let Some(hint) = type_hint(q) {
            self.line(style(format!("  {hint}")).dim().to_string())?;
        }
        let suggestion = self.iv.suggestion(q, answers);
        let current = answers.get(&q.id).cloned();
        loop {
            self.check_interrupt()?;
            let reply = match q.kind {
                QuestionType::Choice => {
                    self.ask_choice(q, suggestion.as_ref(), current.is_some())?
                }
                QuestionType::MultiChoice => self.ask_multi(q, suggestion.as_ref())?,
                QuestionType::YesNo => self.ask_yes_no(q, suggestion.as_ref())?,
                QuestionType::LongText if editor_configured() => {
                    self.ask_editor(q, suggestion.as_ref(), current.as_ref())?
                }
                QuestionType::LongText | QuestionType::List => {
                    self.ask_lines(q, suggestion.as_ref(), current.as_ref())?
                }
                QuestionType::Text
                | QuestionType::Number
                | QuestionType::Percent
                | QuestionType::Money => self.ask_line(q, suggestion.as_ref())?,
            };
            if let Some(reply) = reply {
                return Ok(reply);
            }
        }
    }

    /// One line of text, parsed by the question's type and checked as it is typed.
    fn ask_line(&self, q: &Question, suggestion: Option<&Answer>) -> anyhow::Result<Option<Reply>> {
        let iv = self.iv;
        let mut input = Input::<String>::with_theme(&self.theme)
            .with_prompt(&q.prompt)
            .allow_empty(true)
            .validate_with(move |s: &String| -> Result<(), String> {
                if s.trim() == "<" {
                    return Ok(());
                }
                iv.parse(q, s).map(|_| ()).map_err(|e| e.to_string())
            });
        if let Some(s) = suggestion {
            input = input.default(iv.input_text(q, s));
        }
        let typed = self.done(input.interact_text_on(&self.term))?;
        if typed.trim() == "<" {
            return Ok(Some(Reply::Back));
        }
        self.reply_to(iv.parse(q, &typed))
    }

    fn error(&self, message: &str) -> anyhow::Result<()> {
        self.line(style(format!("✘ {message}")).red().to_string())
    }

    /// A choice: a list to move through with the arrow keys. A question that is not required
    /// gets a last item to leave it unanswered.
    fn ask_choice(
        &self,
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
                "(leave unanswered)".to_owned()
            });
            items.len() - 1
        });
        let default = suggestion
            .and_then(Answer::as_text)
            .and_then(|v| choices.iter().position(|c| c.value == v))
            .unwrap_or(0);
        let picked = self.done(
            Select::with_theme(&self.theme)
                .with_prompt(&q.prompt)
                .items(&items)
                .default(default)
                .max_length(12)
                .interact_on_opt(&self.term),
        )?;
        Ok(Some(match picked {
            None => Reply::Back,
            Some(i) if Some(i) == none_item => {
                if has_answer {
                    Reply::Clear
                } else {
                    Reply::Keep
                }
            }
            Some(i) => Reply::Answer(Answer::Text(choices[i].value.clone())),
        }))
    }

    /// Several choices: a checklist (Space ticks, Enter accepts).
    fn ask_multi(
        &self,
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
        let picked = self.done(
            MultiSelect::with_theme(&self.theme)
                .with_prompt(format!("{} (Space ticks, Enter accepts)", q.prompt))
                .items(choices.iter().map(|c| c.label.as_str()))
                .defaults(&ticked)
                .max_length(12)
                .interact_on_opt(&self.term),
        )?;
        let Some(picked) = picked else {
            return Ok(Some(Reply::Back));
        };
        if picked.is_empty() && !q.required {
            return Ok(Some(Reply::Clear));
        }
        let values = Answer::List(picked.iter().map(|i| choices[*i].value.clone()).collect());
        match self.iv.accept(q, &values) {
            Ok(a) => Ok(Some(Reply::Answer(a))),
            Err(e) => {
                self.error(&e.to_string())?;
                Ok(None)
            }
        }
    }

    /// What typed text means: an answer, "keep the answer shown" (nothing typed), or a refusal
    /// that is shown before the question is asked again (`None`).
    fn reply_to(
        &self,
        parsed: Result<Option<Answer>, crate::interview::InvalidAnswer>,
    ) -> anyhow::Result<Option<Reply>> {
        match parsed {
            Ok(Some(a)) => Ok(Some(Reply::Answer(a))),
            Ok(None) => Ok(Some(Reply::Keep)),
            Err(e) => {
                self.error(&e.to_string())?;
                Ok(None)
            }
        }
    }

    /// Nothing new was written: keep the answer, take the suggestion, or leave the question
    /// blank (asking again when it is required).
    fn nothing_new(
        &self,
        q: &Question,
        suggestion: Option<&Answer>,
        current: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        Ok(match (current, suggestion) {
            (Some(_), _) => Some(Reply::Keep),
            (None, Some(s)) => Some(Reply::Answer(s.clone())),
            (None, None) if q.required => {
                self.error("an answer is needed: this question is required")?;
                None
            }
            (None, None) => Some(Reply::Keep),
        })
    }

    /// Yes or no: `y` or `n`, Enter for the answer shown, Esc to go back.
    fn ask_yes_no(
        &self,
        q: &Question,
        suggestion: Option<&Answer>,
    ) -> anyhow::Result<Option<Reply>> {
        let mut confirm = Confirm::with_theme(&self.theme).with_prompt(&q.prompt);
        if let Some(b) = suggestion.and_then(Answer::as_bool) {
            confirm = confirm.default(b);
        }
        Ok(Some(
            match self.done(confirm.interact_on_opt(&self.term))? {
                Some(b) => Reply::Answer(Answer::Bool(b)),
                None => Reply::Back,
            },
        ))
    }

    /// Several lines, typed one at a time; an empty line finishes. For a list each line is an
    /// item; for long text the lines are the text. Enter on the first line keeps the answer.
    fn ask_lines(
        &self,
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
        let finish = match (suggestion.is_some(), list) {
            (true, true) => {
                "one item per line, an empty line finishes; Enter now keeps the items above"
            }
            (true, false) => "an empty line finishes; Enter now keeps the text above",
            (false, true) => "one item per line; an empty line finishes",
            (false, false) => "an empty line finishes",
        };
        self.line(style(format!("  ({finish})")).dim().to_string())?;
        let mut lines: Vec<String> = Vec::new();
        loop {
            self.check_interrupt()?;
            let prompt = if lines.is_empty() {
                q.prompt.clone()
            } else if list {
                format!("item {}", lines.len() + 1)
            } else {
                format!("line {}", lines.len() + 1)
            };
            let line: String = self.done(
                Input::with_theme(&self.theme)
                    .with_prompt(prompt)
                    .allow_empty(true)
                    .interact_text_on(&self.term),
            )?;
            if lines.is_empty() && line.trim() == "<" {
                return Ok(Some(Reply::Back));
            }
            if line.trim().is_empty() {
                break;
            }
            lines.push(line);
        }
        if lines.is_empty() {
            // Enter straight away.
            return self.nothing_new(q, suggestion, current);
        }
        self.reply_to(self.iv.parse(q, &lines.join("\n")))
    }

    /// Long text in the user's editor (`$VISUAL` or `$EDITOR`). Closing the editor without a
    /// change keeps the answer; a text of just `<` goes back.
    fn ask_editor(
        &self,
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
        let edited = self.done(
            Editor::new()
                .extension(".md")
                .require_save(false)
                .edit(&start),
        )?;
        // Ctrl-C inside the editor reaches this process too: stop without taking the text.
        self.check_interrupt()?;
        let text = edited.unwrap_or_else(|| start.clone());
        if text.trim() == start.trim() {
            return self.nothing_new(q, suggestion, current);
        }
        if text.trim() == "<" {
            return Ok(Some(Reply::Back));
        }
        match self.iv.parse(q, &text) {
            Ok(Some(a)) => {
                self.line(format!("{} {}", style("✔").green(), q.prompt))?;
                Ok(Some(Reply::Answer(a)))
            }
            Ok(None) if current.is_some() => Ok(Some(Reply::Clear)),
            Ok(None) => Ok(Some(Reply::Keep)),
            Err(e) => {
                self.error(&e.to_string())?;
                Ok(None)
            }
        }
    }

    /// The menu between components.
    fn menu(&mut self, index: usize) -> anyhow::Result<MenuItem> {
        let kit = self.iv.kit();
        let n = kit.components().len();
        let c = &kit.components()[index];
        let cards = cards_for(kit, &c.id).len();
        let (answered, asked) = self.iv.tally(index, &self.session.plan.answers);
        self.line("")?;
        self.line(format!(
            "{} {} ({answered} of {asked} answered)",
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
        items.push((MenuItem::Back, "Go back to the last question".to_owned()));
        items.push((MenuItem::Jump, "Jump to a component".to_owned()));
        items.push((MenuItem::Review, "Review the answers so far".to_owned()));
        if cards > 0 {
            let chosen = self
                .session
                .plan
                .cards
                .iter()
                .filter(|pc| {
                    kit.card(&pc.id)
                        .is_some_and(|k| k.components.contains(&c.id))
                })
                .count();
            items.push((
                MenuItem::Cards,
                format!(
                    "Choose project cards for this component ({}, {chosen} chosen)",
                    plural(cards, "card")
                ),
            ));
        }
        items.push((MenuItem::Quit, "Quit (everything is saved)".to_owned()));
        self.check_interrupt()?;
        let picked = self.done(
            Select::with_theme(&self.theme)
                .with_prompt("What next?")
                .items(items.iter().map(|(_, label)| label.as_str()))
                .default(0)
                .interact_on_opt(&self.term),
        )?;
        // Esc in the menu goes back, like everywhere else.
        Ok(picked.map_or(MenuItem::Back, |i| items[i].0))
    }

    /// Pick a component to jump to; `None` when the user backs out.
    fn choose_component(&self, current: usize) -> anyhow::Result<Option<usize>> {
        let kit = self.iv.kit();
        let items: Vec<String> = kit
            .components()
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (answered, asked) = self.iv.tally(i, &self.session.plan.answers);
                format!("{}. {} ({answered} of {asked} answered)", i + 1, c.title)
            })
            .collect();
        self.check_interrupt()?;
        self.done(
            Select::with_theme(&self.theme)
                .with_prompt("Jump to which component? (Esc to stay)")
                .items(&items)
                .default(current)
                .max_length(12)
                .interact_on_opt(&self.term),
        )
    }

    /// The answers so far, as a table: every question asked up to and including `upto`.
    fn review(&self, upto: usize) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let answers = &self.session.plan.answers;
        let mut table = crate::cmd::table(["component", "question", "answer"]);
        table.set_width(u16::try_from(self.width()).unwrap_or(100));
        for (i, c) in kit.components().iter().enumerate().take(upto + 1) {
            for (j, at) in self.iv.asked_in(i, answers).into_iter().enumerate() {
                let q = self.iv.question(at);
                let answer = answers.get(&q.id).map_or_else(
                    || {
                        if q.required {
                            "— (required)".to_owned()
                        } else {
                            "—".to_owned()
                        }
                    },
                    |a| self.iv.describe(q, a),
                );
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
        self.line("")?;
        self.line(table.to_string())?;
        if !self.session.plan.cards.is_empty() {
            let titles: Vec<String> = self
                .session
                .plan
                .cards
                .iter()
                .map(|pc| {
                    kit.card(&pc.id)
                        .map_or_else(|| pc.id.clone(), |k| k.title.clone())
                })
                .collect();
            self.line(format!("chosen cards: {}", titles.join(", ")))?;
        }
        Ok(())
    }

    /// Choose the project cards for component `index`: a table of the cards (summary, points,
    /// costs, barriers) stays on screen above a checklist; the plan is saved at once.
    fn choose_cards(&mut self, index: usize) -> anyhow::Result<()> {
        let kit = self.iv.kit();
        let component = &kit.components()[index];
        let cards = cards_for(kit, &component.id);
        let mut table = crate::cmd::table([
            "#", "card", "summary", "points", "set-up", "a year", "barriers",
        ]);
        table.set_width(u16::try_from(self.width()).unwrap_or(100));
        for (i, card) in cards.iter().enumerate() {
            let barriers: Vec<&str> = card
                .barriers
                .iter()
                .map(|b| kit.label(crate::kit::VocabularyName::Barriers, b))
                .collect();
            table.add_row([
                (i + 1).to_string(),
                card.title.clone(),
                card.summary.clone(),
                card.points.to_string(),
                text::money_range(
                    card.setup_cost.min,
                    card.setup_cost.max,
                    card.setup_cost.estimate,
                ),
                text::money_range(
                    card.running_cost.min,
                    card.running_cost.max,
                    card.running_cost.estimate,
                ),
                barriers.join(", "),
            ]);
        }
        self.line("")?;
        self.line(table.to_string())?;
        if cards
            .iter()
            .any(|c| c.setup_cost.estimate || c.running_cost.estimate)
        {
            self.line(
                style("  * an estimate: replace it with your own cost")
                    .dim()
                    .to_string(),
            )?;
        }
        let ticked: Vec<bool> = cards
            .iter()
            .map(|c| self.session.plan.cards.iter().any(|pc| pc.id == c.id))
            .collect();
        self.check_interrupt()?;
        let picked = self.done(
            MultiSelect::with_theme(&self.theme)
                .with_prompt(format!(
                    "Cards for {} (Space ticks, Enter saves, Esc cancels)",
                    component.title
                ))
                .items(
                    cards
                        .iter()
                        .enumerate()
                        .map(|(i, c)| format!("{}. {}", i + 1, c.title)),
                )
                .defaults(&ticked)
                .max_length(12)
                .interact_on_opt(&self.term),
        )?;
        let Some(picked) = picked else {
            return Ok(());
        };
        let plan_cards = &mut self.session.plan.cards;
        let before = plan_cards.clone();
        for (i, card) in cards.iter().enumerate() {
            let want = picked.contains(&i);
            let have = plan_cards.iter().any(|pc| pc.id == card.id);
            if want && !have {
                plan_cards.push(ChosenCard {
                    id: card.id.clone(),
                    ..ChosenCard::default()
                });
            } else if !want && have {
                plan_cards.retain(|pc| pc.id != card.id);
            }
        }
        if *plan_cards != before {
            let n = plan_cards.len();
            self.save()?;
            self.line(format!("saved: the plan has {}", plural(n, "card")))?;
        }
        Ok(())
    }

    /// The end of the last component.
    fn finish(&self) -> anyhow::Result<()> {
        let answers = &self.session.plan.answers;
        let open = self.iv.open_required(answers);
        let path = shell_word(&session_path_display(self.session));
        self.line("")?;
        self.line(format!(
            "{} {} and {} saved in `{path}`.",
            style("Workshop finished.").bold(),
            plural(answers.len(), "answer"),
            plural(self.session.plan.cards.len(), "card")
        ))?;
        if !open.is_empty() {
            let ids: Vec<String> = open.iter().map(|q| format!("`{}`", q.id)).collect();
            self.line(format!(
                "still open (required): {}; `thinkkit workshop {path}` resumes at the first",
                ids.join(", ")
            ))?;
        }
        self.line(format!(
            "next: `thinkkit status {path}` shows what is open; `thinkkit render {path}` writes the strategy"
        ))?;
        Ok(())
    }
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// Cards whose `components` include `component`, in kit order.
fn cards_for<'k>(kit: &'k Kit, component: &str) -> Vec<&'k crate::kit::Card> {
    kit.cards()
        .iter()
        .filter(|c| c.components.iter().any(|id| id == component))
        .collect()
}

/// What kind of answer a prompt expects, when the question's words may not say.
fn type_hint(q: &Question) -> Option<String> {
    let bounds = |unit: &dyn Fn(f64) -> String| match (q.min, q.max) {
        (Some(lo), Some(hi)) => format!(" from {} to {}", unit(lo), unit(hi)),
        (Some(lo), None) => format!(", at least {}", unit(lo)),
        (None, Some(hi)) => format!(", at most {}", unit(hi)),
        (None, None) => String::new(),
    };
    let plain = |v: f64| Answer::Number(v).to_string();
    Some(match q.kind {
        QuestionType::Number => format!("a number{}", bounds(&plain)),
        QuestionType::Percent => "a percentage, 0 to 100".to_owned(),
        QuestionType::Money => format!(
            "an amount in pounds, like £1,200{}",
            bounds(&|v| text::money(v))
        ),
        QuestionType::Choice | QuestionType::MultiChoice => {
            "↑/↓ to move".to_owned()
                + if q.kind == QuestionType::MultiChoice {
                    ", Space to tick, Enter to accept"
                } else {
                    ", Enter to choose"
                }
        }
        QuestionType::YesNo | QuestionType::Text | QuestionType::LongText | QuestionType::List => {
            return None;
        }
    })
}

/// Whether long text goes to the user's editor: only when they have named one.
fn editor_configured() -> bool {
    ["VISUAL", "EDITOR"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}
