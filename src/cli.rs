//! Command-line definitions (clap). Every prompt in thinkkit has a flag or a command that does
//! the same without a terminal.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::complete;

/// A thinking kit for planning strategies, with a built-in kit for digital inclusion in housing
/// organisations.
///
/// A kit (YAML) holds a strategy's components and questions, project cards, planning sheets,
/// game scenarios, measures, reference figures and reality checks; thinkkit walks a team through
/// it, works out what the plan costs and reaches, and writes the strategy document.
#[derive(Debug, Parser)]
#[command(
    name = "thinkkit",
    version,
    propagate_version = true,
    after_help = "Examples:
  thinkkit workshop riverside.plan.yaml --org \"Riverside Homes\"
  thinkkit status riverside.plan.yaml
  thinkkit render riverside.plan.yaml -o strategy.html
  thinkkit play --list

Every command's --help has examples of its own; `thinkkit man` prints the manual."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

// The subcommands.
//
// Each subcommand's arguments are described to clap only when that subcommand is the one
// run, or its help or a completion asks for them (`defer`): describing all of them was 0.3
// million instructions and 200 KB of memory at every start. A deferred subcommand takes its
// about text from its arguments' type when that type has a doc comment (which clap applies
// last), so the types below carry plain comments and the variant's doc comment is the about.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Walk through the kit's strategy components interactively, saving after every answer.
    #[command(after_help = "Examples:
  thinkkit workshop
  thinkkit workshop riverside.plan.yaml --org \"Riverside Homes\"
  thinkkit workshop riverside.plan.yaml --section channel-shift
  thinkkit workshop library.plan.yaml --kit ./library-kit")]
    Workshop(WorkshopArgs),
    /// Set answers without prompts (for consultants and scripts).
    #[command(after_help = "Examples:
  thinkkit answer strategy.plan.yaml --set homes-count=4200 \\
      --set activity-budget=45k
  thinkkit answer strategy.plan.yaml \\
      --set customer-barriers=skills,confidence,cost
  thinkkit answer strategy.plan.yaml --from answers.yaml
  thinkkit answer strategy.plan.yaml \\
      --to-decide activity-budget=\"after the budget round\"
  thinkkit answer strategy.plan.yaml --accept-suggestions")]
    Answer(AnswerArgs),
    /// Show how far a plan has got: answered questions, chosen cards, costs, reality checks.
    #[command(after_help = "Examples:
  thinkkit status strategy.plan.yaml
  thinkkit status library.plan.yaml --kit ./library-kit")]
    Status(StatusArgs),
    /// Render the strategy document (Markdown, HTML or Word).
    #[command(after_help = "Examples:
  thinkkit render strategy.plan.yaml
  thinkkit render strategy.plan.yaml -o strategy.html
  thinkkit render strategy.plan.yaml -o strategy.docx
  thinkkit render strategy.plan.yaml --templates my-templates -o strategy.html
  thinkkit render strategy.plan.yaml -o strategy.docx \\
      --reference-docx house-style.docx")]
    Render(RenderArgs),
    /// Set several plans of one kit side by side: key figures, answers, cards, reality checks.
    #[command(after_help = "Examples:
  thinkkit compare red.plan.yaml blue.plan.yaml
  thinkkit compare breakout/ -o comparison.html
  thinkkit compare breakout/ --format csv -o figures.csv
  thinkkit compare breakout/ --question activity-budget")]
    Compare(CompareArgs),
    /// Built-in templates: export them to edit.
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit templates export my-templates"
    )]
    Templates(TemplatesCommand),
    /// Browse project cards.
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit cards list
  thinkkit cards show \"Device loans\"
  thinkkit cards choose strategy.plan.yaml device-loans --owner \"Income team\""
    )]
    Cards(CardsCommand),
    /// Print project cards or blank planning sheets for paper workshops.
    #[command(after_help = "Examples:
  thinkkit print cards -o cards.html
  thinkkit print sheets -o sheets.html
  thinkkit print cards --format md --kit ./library-kit")]
    Print(PrintArgs),
    /// Play the planning game: score teams' hands of cards against a scenario.
    #[command(after_help = "Examples:
  thinkkit play --list
  thinkkit play inner-city-estate --team Red=taster-sessions,device-loans \\
      --team Blue=wifi-to-blocks
  thinkkit play \"Inner-city estate\" --card \"Tea and chat:1\" \\
      --team Green=\"Tea and chat\",free-guides
  thinkkit play inner-city-estate --team Red=taster-sessions --format html")]
    Play(PlayArgs),
    /// Track measures with a baseline and a target; record and show them over time.
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit measure add strategy.plan.yaml tenants-online --baseline 64 \\
      --baseline-date 2025-11-01 --target 80 --by 2028-03-31
  thinkkit measure record strategy.plan.yaml tenants-online 68 \\
      --date 2026-03-31
  thinkkit measure show strategy.plan.yaml"
    )]
    Measure(MeasureCommand),
    /// Channel shift: a service's transactions and channel mix, and the plan's unit costs.
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit shift set strategy.plan.yaml repairs --per-year 21k \\
      --now telephone=78,online=9,face-to-face=10,post=3 \\
      --aim telephone=40,online=50,face-to-face=7,post=3
  thinkkit shift drop strategy.plan.yaml repairs"
    )]
    Shift(ShiftCommand),
    /// Check a plan against its kit, or print the JSON Schema of a plan (for editors).
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit plan check strategy.plan.yaml
  thinkkit plan schema > plan.schema.json"
    )]
    Plan(PlanCommand),
    /// List, check, scaffold and describe kits.
    #[command(
        subcommand,
        after_help = "Examples:
  thinkkit kit list
  thinkkit kit show digital-inclusion
  thinkkit kit validate ./my-kit
  thinkkit kit new my-kit"
    )]
    Kit(KitCommand),
    /// Print a shell's completion script: it completes commands and options, and the kit's
    /// scenario, card, measure, component, question, level, barrier and service ids as you type
    /// them.
    #[command(after_help = "Examples:
  source <(thinkkit completions bash)          # in ~/.bashrc
  thinkkit completions zsh > ~/.zfunc/_thinkkit
  thinkkit completions fish > ~/.config/fish/completions/thinkkit.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: CompletionShell,
    },
    /// Print the manual page (roff), or write one page per command to a folder.
    #[command(after_help = "Examples:
  thinkkit man | man -l -
  thinkkit man > ~/.local/share/man/man1/thinkkit.1
  thinkkit man --dir ~/.local/share/man/man1")]
    Man {
        /// Write `thinkkit.1` and a page for each command (`thinkkit-play.1`, …) into DIR.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// Shells `thinkkit completions` writes a script for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompletionShell {
    /// Bash 4 or later.
    Bash,
    /// Zsh.
    Zsh,
    /// Fish.
    Fish,
    /// Elvish.
    Elvish,
    /// PowerShell.
    Powershell,
}

impl CompletionShell {
    /// The name clap_complete knows it by.
    pub fn name(self) -> &'static str {
        match self {
            Self::Bash => "bash",
            Self::Zsh => "zsh",
            Self::Fish => "fish",
            Self::Elvish => "elvish",
            Self::Powershell => "powershell",
        }
    }
}

// `--kit`: a built-in kit id or a path to a kit folder or file.
#[derive(Debug, Args, Clone, Default)]
pub struct KitArg {
    /// Kit to use: a built-in id (see `thinkkit kit list`) or a path to a kit folder or YAML file.
    #[arg(long, value_name = "KIT", add = ArgValueCompleter::new(complete::kits))]
    pub kit: Option<String>,
}

// `thinkkit workshop`.
#[derive(Debug, Args)]
pub struct WorkshopArgs {
    /// The plan file, created if missing.
    #[arg(default_value = "strategy.plan.yaml")]
    pub plan: PathBuf,
    #[command(flatten)]
    pub kit: KitArg,
    /// Start at this component (its id).
    #[arg(long, value_name = "ID", add = ArgValueCompleter::new(complete::components))]
    pub section: Option<String>,
    /// The organisation's name, for a new plan.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    /// Keep an HTML draft of the strategy here, written again after every save; the page
    /// reloads itself in the browser.
    #[arg(long, value_name = "FILE.html")]
    pub preview: Option<PathBuf>,
}

// `thinkkit answer`.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The plan file, created if missing.
    pub plan: PathBuf,
    /// An answer, `QUESTION-ID=VALUE`; repeat for several. An empty VALUE removes the answer.
    #[arg(
        long = "set",
        value_name = "ID=VALUE",
        required_unless_present_any = ["from", "accept_suggestions", "to_decide", "skip"],
        add = ArgValueCompleter::new(complete::settings)
    )]
    pub set: Vec<String>,
    /// Mark a question to decide later (`ID`, or `ID=NOTE` to say what it waits for); repeat
    /// for several. Required questions too.
    #[arg(long = "to-decide", value_name = "ID[=NOTE]")]
    pub to_decide: Vec<String>,
    /// Who will bring the answers marked with `--to-decide`.
    #[arg(long = "decide-owner", value_name = "NAME", requires = "to_decide")]
    pub decide_owner: Option<String>,
    /// Skip an optional question: it stays unanswered and the workshop no longer stops at it.
    #[arg(long, value_name = "ID")]
    pub skip: Vec<String>,
    /// Take every current suggestion (defaults, and values computed from other answers, which
    /// then follow their inputs) for the questions still open; answers given are kept.
    #[arg(long)]
    pub accept_suggestions: bool,
    /// A YAML file of answers (and optionally cards, measures, channel shift) to merge in.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// The organisation's name, for a new plan.
    #[arg(long, value_name = "NAME")]
    pub org: Option<String>,
    #[command(flatten)]
    pub kit: KitArg,
}

// `thinkkit status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The plan file.
    pub plan: PathBuf,
    #[command(flatten)]
    pub kit: KitArg,
}

/// Document formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page.
    Html,
    /// Word.
    Docx,
    /// The strategy on one page, for a board: HTML, or Word when `-o` ends in `.docx`.
    Onepage,
}

// `thinkkit render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// Output format; taken from `-o`'s extension when not given, else Markdown.
    #[arg(long, value_enum)]
    pub format: Option<DocFormat>,
    /// Write to this file instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder whose templates replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// A Word file whose styles, page size, margins, header and footer the Word document takes
    /// (a client's house style; `thinkkit templates export` writes the built-in one to edit).
    #[arg(long, value_name = "FILE.docx")]
    pub reference_docx: Option<PathBuf>,
    /// End the strategy with every question and its answer, as asked in the workshop.
    #[arg(long)]
    pub answers_appendix: bool,
    #[command(flatten)]
    pub kit: KitArg,
}

/// Formats of `thinkkit compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page, with charts.
    Html,
    /// Word.
    Docx,
    /// CSV, one row per plan, for a spreadsheet.
    Csv,
}

/// How `thinkkit compare` names each plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PlanNames {
    /// The organisation, with the team when the plan has one; the file name when neither.
    Auto,
    /// The organisation (`organisation:`).
    Org,
    /// The team or breakout group (`team:`).
    Team,
    /// The file name.
    File,
}

// `thinkkit compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Plan files, folders (every `*.plan.yaml` in them) or patterns such as `plans/*.plan.yaml`.
    #[arg(required = true, value_name = "PLAN")]
    pub plans: Vec<PathBuf>,
    /// Output format; taken from `-o`'s extension when not given, else Markdown.
    #[arg(long, value_enum)]
    pub format: Option<CompareFormat>,
    /// Write to this file instead of standard output (required for Word).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// How to name each plan; a name given twice gets its file name added.
    #[arg(long, value_enum, default_value = "auto")]
    pub names: PlanNames,
    /// Show one question's answers in full, plan by plan, instead of the comparison.
    #[arg(long, value_name = "ID", add = ArgValueCompleter::new(complete::questions))]
    pub question: Option<String>,
    /// A folder whose templates replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    #[command(flatten)]
    pub kit: KitArg,
}

// `thinkkit templates …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum TemplatesCommand {
    /// Write the built-in templates and the built-in Word reference document to DIR, to edit
    /// and pass to `render --templates` (and `--reference-docx`).
    #[command(after_help = "Examples:
  thinkkit templates export my-templates
  thinkkit templates export my-templates --force")]
    Export {
        /// Where to write them (created if missing; existing files are not overwritten).
        dir: PathBuf,
        /// Overwrite files that already exist.
        #[arg(long)]
        force: bool,
    },
}

// `thinkkit cards …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum CardsCommand {
    /// List project cards, optionally filtered.
    #[command(after_help = "Examples:
  thinkkit cards list
  thinkkit cards list --level personal-learning --barrier confidence
  thinkkit cards list --json")]
    List {
        #[command(flatten)]
        kit: KitArg,
        /// Only cards at this level (a level id or label; repeat for several).
        #[arg(long, value_name = "LEVEL", add = ArgValueCompleter::new(complete::levels))]
        level: Vec<String>,
        /// Only cards that address this barrier (a barrier id or label; repeat for several).
        #[arg(
            long,
            visible_alias = "addresses",
            value_name = "BARRIER",
            add = ArgValueCompleter::new(complete::barriers)
        )]
        barrier: Vec<String>,
        /// Print a JSON array for scripts instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one card in full.
    #[command(after_help = "Examples:
  thinkkit cards show device-loans
  thinkkit cards show \"Device loans\"")]
    Show {
        /// The card's id or title.
        #[arg(add = ArgValueCompleter::new(complete::cards))]
        id: String,
        #[command(flatten)]
        kit: KitArg,
    },
    /// Choose cards for a plan, or change the details of cards it has chosen.
    #[command(after_help = "Examples:
  thinkkit cards choose strategy.plan.yaml taster-sessions device-loans
  thinkkit cards choose strategy.plan.yaml device-loans \\
      --owner \"Income team\" --start 2026-09 --setup-cost £4,000")]
    Choose(ChooseArgs),
    /// Drop chosen cards from a plan, with their details.
    #[command(after_help = "Examples:
  thinkkit cards drop strategy.plan.yaml device-loans")]
    Drop {
        /// The plan file.
        plan: PathBuf,
        /// The cards' ids or titles.
        #[arg(
            required = true,
            value_name = "ID",
            add = ArgValueCompleter::new(complete::chosen_cards)
        )]
        ids: Vec<String>,
        #[command(flatten)]
        kit: KitArg,
    },
}

// `thinkkit cards choose`.
#[derive(Debug, Args)]
pub struct ChooseArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The cards' ids or titles; the details below go to each.
    #[arg(required = true, value_name = "ID", add = ArgValueCompleter::new(complete::cards))]
    pub ids: Vec<String>,
    /// Who leads it (empty removes it).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,
    /// The month it starts, YYYY-MM (empty removes it).
    #[arg(long, value_name = "YYYY-MM")]
    pub start: Option<String>,
    /// The local set-up cost in pounds, replacing the card's range (empty goes back to it).
    #[arg(long, value_name = "£")]
    pub setup_cost: Option<String>,
    /// The local running cost in pounds a year, replacing the card's range (empty goes back to
    /// it).
    #[arg(long, value_name = "£")]
    pub running_cost: Option<String>,
    /// Notes (empty removes them).
    #[arg(long, value_name = "TEXT")]
    pub notes: Option<String>,
    #[command(flatten)]
    pub kit: KitArg,
}

/// What to print for paper workshops.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PrintWhat {
    /// Project cards, several to an A4 page.
    Cards,
    /// Blank planning sheets.
    Sheets,
}

/// Formats for printouts and the game's comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    /// HTML with print CSS.
    Html,
    /// Markdown.
    Md,
}

// `thinkkit print`.
#[derive(Debug, Args)]
pub struct PrintArgs {
    /// Cards or sheets.
    #[arg(value_enum)]
    pub what: PrintWhat,
    #[command(flatten)]
    pub kit: KitArg,
    /// Output format; taken from `-o`'s extension when not given, else HTML.
    #[arg(long, value_enum)]
    pub format: Option<PageFormat>,
    /// Write to this file instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder whose templates replace the built-in ones of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

// `thinkkit play`.
#[derive(Debug, Args)]
pub struct PlayArgs {
    /// The scenario's id or title (see `--list`).
    #[arg(required_unless_present = "list", add = ArgValueCompleter::new(complete::scenarios))]
    pub scenario: Option<String>,
    /// List the kit's scenarios.
    #[arg(long)]
    pub list: bool,
    #[command(flatten)]
    pub kit: KitArg,
    /// A team's hand, `NAME=CARD,CARD,…`; repeat for each team. Without it, pick one hand
    /// interactively.
    #[arg(long, value_name = "NAME=CARDS", add = ArgValueCompleter::new(complete::team))]
    pub team: Vec<String>,
    /// A card players wrote on the spot, `Title:points`; every team may use it by its title.
    #[arg(long, value_name = "TITLE:POINTS")]
    pub card: Vec<String>,
    /// Show the comparison as Markdown or HTML instead of a terminal table.
    #[arg(long, value_enum)]
    pub format: Option<PageFormat>,
    /// Write the comparison to this file instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// A folder whose templates replace the built-in ones of the same name (the HTML page).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

// `thinkkit measure …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum MeasureCommand {
    /// Track a measure with its baseline and target (a measure tracked already gets the new
    /// ones; its recorded values are kept).
    #[command(after_help = "Examples:
  thinkkit measure add strategy.plan.yaml tenants-online --baseline 64% \\
      --baseline-date 2025-11-01 --target 80% --by 2028-03-31
  thinkkit measure add strategy.plan.yaml \"Tenants online\" --target 85 \\
      --by 2029-03-31")]
    Add {
        /// The plan file.
        plan: PathBuf,
        /// The measure's id or title.
        #[arg(add = ArgValueCompleter::new(complete::measures))]
        measure: String,
        /// Where the plan starts from, in the measure's unit (`64`, `64%`, `£1,200`).
        #[arg(long, value_name = "VALUE", requires = "baseline_date")]
        baseline: Option<String>,
        /// When the baseline was measured (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD", requires = "baseline")]
        baseline_date: Option<String>,
        /// Where the baseline comes from (a survey, a system report).
        #[arg(long, value_name = "TEXT", requires = "baseline")]
        baseline_note: Option<String>,
        /// The value to reach.
        #[arg(long, value_name = "VALUE", requires = "by")]
        target: Option<String>,
        /// By when (YYYY-MM-DD).
        #[arg(long, value_name = "YYYY-MM-DD", requires = "target")]
        by: Option<String>,
        #[command(flatten)]
        kit: KitArg,
    },
    /// Record a value of a measure.
    #[command(after_help = "Examples:
  thinkkit measure record strategy.plan.yaml tenants-online 68 \\
      --date 2026-03-31 --note \"STAR survey\"
  thinkkit measure record strategy.plan.yaml \"Tenants online\" 70")]
    Record {
        /// The plan file.
        plan: PathBuf,
        /// The measure's id or title.
        #[arg(add = ArgValueCompleter::new(complete::measures))]
        measure: String,
        /// The value.
        value: String,
        /// When it was measured (YYYY-MM-DD); today if not given.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// A note on where the value comes from.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        #[command(flatten)]
        kit: KitArg,
    },
    /// Show each measure: baseline, target, values, trend and whether it is on track.
    #[command(after_help = "Examples:
  thinkkit measure show strategy.plan.yaml")]
    Show {
        /// The plan file.
        plan: PathBuf,
        #[command(flatten)]
        kit: KitArg,
    },
}

// `thinkkit shift …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum ShiftCommand {
    /// Set a service's transactions a year and channel mix now and aimed for (replacing any it
    /// had), and the plan's own unit costs.
    #[command(after_help = "Examples:
  thinkkit shift set strategy.plan.yaml repairs --per-year 21k \\
      --now telephone=78,online=9,face-to-face=10,post=3 \\
      --aim telephone=40,online=50,face-to-face=7,post=3
  thinkkit shift set strategy.plan.yaml repairs --per-year 21000 \\
      --now telephone=90,online=10 --aim telephone=50,online=50 \\
      --unit-cost telephone=£4.50 --unit-cost-source \"Our 2025 cost study\"")]
    Set(ShiftSetArgs),
    /// Remove a service's channel-shift figures.
    #[command(after_help = "Examples:
  thinkkit shift drop strategy.plan.yaml repairs")]
    Drop {
        /// The plan file.
        plan: PathBuf,
        /// The service.
        #[arg(add = ArgValueCompleter::new(complete::services))]
        service: String,
        #[command(flatten)]
        kit: KitArg,
    },
}

// `thinkkit shift set`.
#[derive(Debug, Args)]
pub struct ShiftSetArgs {
    /// The plan file.
    pub plan: PathBuf,
    /// The service: one of the kit's services to offer online, by value, label or number (it
    /// joins the plan's answer if it is not there yet).
    #[arg(add = ArgValueCompleter::new(complete::services))]
    pub service: String,
    /// Transactions a year (`21000`, `21,000`, `21k`).
    #[arg(long, value_name = "N")]
    pub per_year: String,
    /// The channel mix now, adding up to 100: `telephone=78,online=9,face-to-face=10,post=3`
    /// (channels by id or label).
    #[arg(long, value_name = "CHANNEL=PCT,…")]
    pub now: String,
    /// The channel mix aimed for, adding up to 100.
    #[arg(long, value_name = "CHANNEL=PCT,…")]
    pub aim: String,
    /// The plan's own cost per contact by channel, replacing the kit's figure for those
    /// channels: `post=£12.10,telephone=£4.50`.
    #[arg(long, value_name = "CHANNEL=£,…")]
    pub unit_cost: Option<String>,
    /// Where the plan's unit costs come from (needed with the plan's first `--unit-cost`).
    #[arg(long, value_name = "TEXT")]
    pub unit_cost_source: Option<String>,
    #[command(flatten)]
    pub kit: KitArg,
}

// `thinkkit plan …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum PlanCommand {
    /// Check a plan against its kit and report every problem with file, line and column.
    #[command(after_help = "Examples:
  thinkkit plan check strategy.plan.yaml
  thinkkit plan check library.plan.yaml --kit ./library-kit")]
    Check {
        /// The plan file.
        plan: PathBuf,
        #[command(flatten)]
        kit: KitArg,
    },
    /// Print the JSON Schema of a plan for a kit (answers typed by question, choices, cards,
    /// measures and channels by id), for editor completion.
    #[command(after_help = "Examples:
  thinkkit plan schema > plan.schema.json
  thinkkit plan schema --kit ./my-kit > plan.schema.json")]
    Schema {
        #[command(flatten)]
        kit: KitArg,
    },
}

// `thinkkit kit …`.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum KitCommand {
    /// List the built-in kits.
    #[command(after_help = "Examples:
  thinkkit kit list")]
    List,
    /// Describe a kit: its components and questions, cards by level, scenarios, measures,
    /// figures and reality checks.
    #[command(after_help = "Examples:
  thinkkit kit show digital-inclusion
  thinkkit kit show ./my-kit")]
    Show {
        /// A built-in id or a kit folder or file; the default kit if not given.
        #[arg(value_name = "KIT", add = ArgValueCompleter::new(complete::kits))]
        kit: Option<String>,
    },
    /// Check kits and report every problem with file, line and column.
    #[command(after_help = "Examples:
  thinkkit kit validate ./my-kit
  thinkkit kit validate digital-inclusion ./my-kit other-kit.yaml")]
    Validate {
        /// Kit folders, kit files or built-in ids.
        #[arg(required = true, value_name = "PATH", add = ArgValueCompleter::new(complete::kits))]
        paths: Vec<String>,
    },
    /// Print the JSON Schema of a kit file (for editor completion).
    #[command(after_help = "Examples:
  thinkkit kit schema > kit.schema.json")]
    Schema,
    /// Write a small starter kit to DIR.
    #[command(after_help = "Examples:
  thinkkit kit new my-kit")]
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_definition_is_consistent() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
