//! A command line that teaches itself: every command's help has examples (and each example is
//! a command line thinkkit accepts), `thinkkit man` prints a manual page, completion offers the
//! kit's ids, `kit show` describes a kit, ids can be given by title, and terminal tables keep ids
//! whole at 80 columns. See: issue 13 ("a CLI that teaches itself").

use std::fs;
use std::io::Write as _;
use std::process::{Command, Stdio};

use clap::{CommandFactory, Parser};
use thinkkit::cli::Cli;

use crate::common::{fixture, root, thinkkit};

/// Split a command line as a shell would, for the examples (quotes, no expansion).
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            (None, c) => word.push(c),
        }
    }
    if any || !word.is_empty() {
        words.push(word);
    }
    words
}

/// The example command lines of a help text: lines under "Examples:" that run thinkkit,
/// without their shell redirections and comments; a line ending in ` \\` goes on on the next.
fn examples(help: &str) -> Vec<String> {
    let Some(at) = help.find("Examples:") else {
        return Vec::new();
    };
    let mut joined: Vec<String> = Vec::new();
    let mut open = false;
    for l in help[at..]
        .lines()
        .skip(1)
        .map(str::trim)
        .take_while(|l| !l.is_empty())
    {
        let (text, more) = match l.strip_suffix(" \\") {
            Some(t) => (t, true),
            None => (l, false),
        };
        if open {
            let last = joined.last_mut().expect("a line to continue");
            last.push(' ');
            last.push_str(text);
        } else {
            joined.push(text.to_owned());
        }
        open = more;
    }
    joined
        .iter()
        .filter_map(|l| {
            let l = l.split(" #").next().unwrap_or(l);
            let start = l.find("thinkkit ")?;
            let l = &l[start..];
            let end = l.find([')', '>', '|']).unwrap_or(l.len());
            Some(l[..end].trim().to_owned())
        })
        .collect()
}

#[test]
fn every_command_has_examples_and_each_parses() {
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        let help = cmd
            .get_after_help()
            .map(ToString::to_string)
            .unwrap_or_default();
        out.push((path.to_owned(), help));
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }
    let mut commands = Vec::new();
    // Built first: thinkkit describes a subcommand's own arguments and subcommands to clap
    // only when it is used.
    let mut cli = Cli::command();
    cli.build();
    walk(&cli, "thinkkit", &mut commands);
    assert!(commands.len() >= 30, "{} commands", commands.len());
    for (path, help) in &commands {
        let lines = examples(help);
        assert!(!lines.is_empty(), "`{path} --help` has no examples");
        for line in lines {
            let words = shell_words(&line);
            if let Err(e) = Cli::try_parse_from(&words) {
                panic!("an example of `{path}` does not parse: `{line}`\n{e}");
            }
            // Each example of a command runs that command (or, for a group, one of its own).
            assert!(
                line.starts_with(path.as_str()) || path == "thinkkit",
                "`{line}` is not an example of `{path}`"
            );
        }
    }
    // Each line of an example fits 80 columns, so that clap never wraps it in the middle of
    // a command (a long one goes on on the next line after ` \\`, as in a shell).
    for (path, help) in &commands {
        if let Some(at) = help.find("Examples:") {
            for l in help[at..].lines().take_while(|l| !l.trim().is_empty()) {
                assert!(
                    l.chars().count() <= 78,
                    "an example of `{path}` is wider than 78 columns: `{l}`"
                );
            }
        }
    }
    // The examples are in what a user sees.
    let out = thinkkit(&root()).args(["play", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(help.contains("Examples:\n  thinkkit play --list"), "{help}");
}

/// Each command's help starts with what the command does, as the list of commands gives it.
/// The list shows each command as described before its arguments are (they are described to
/// clap late, when the command runs), and a late description would win over it: a doc comment
/// on an arguments type would replace the command's own in its `--help`.
#[test]
fn every_command_is_described_in_its_own_help_as_in_the_list() {
    use clap::Subcommand;
    use thinkkit::cli::{
        CardsCommand, KitCommand, MeasureCommand, PlanCommand, ShiftCommand, TemplatesCommand,
    };
    type Augment = fn(clap::Command) -> clap::Command;
    // The commands as the lists give them: each group's subcommands before any is built.
    let groups: [(&str, Augment); 7] = [
        ("thinkkit", |_| Cli::command()),
        ("thinkkit templates", TemplatesCommand::augment_subcommands),
        ("thinkkit cards", CardsCommand::augment_subcommands),
        ("thinkkit measure", MeasureCommand::augment_subcommands),
        ("thinkkit shift", ShiftCommand::augment_subcommands),
        ("thinkkit plan", PlanCommand::augment_subcommands),
        ("thinkkit kit", KitCommand::augment_subcommands),
    ];
    let mut listed = std::collections::BTreeMap::new();
    for (group, augment) in groups {
        for sub in augment(clap::Command::new("group")).get_subcommands() {
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            listed.insert(format!("{group} {}", sub.get_name()), about);
        }
    }
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String)>) {
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let about = sub.get_about().map(ToString::to_string).unwrap_or_default();
            let name = format!("{path} {}", sub.get_name());
            out.push((name.clone(), about));
            walk(sub, &name, out);
        }
    }
    let mut cli = Cli::command();
    cli.build();
    let mut commands = Vec::new();
    walk(&cli, "thinkkit", &mut commands);
    assert!(commands.len() >= 30, "{} commands", commands.len());
    // clap wraps a long description; compare the words.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    for (path, about) in &commands {
        let Some(in_list) = listed.get(path) else {
            panic!("`{path}` is in no group this test knows: add its group to `groups`");
        };
        assert!(!in_list.is_empty(), "`{path}` has no description");
        assert_eq!(
            about, in_list,
            "`{path}` is described differently once built"
        );
        let args: Vec<&str> = path.split(' ').skip(1).collect();
        let out = thinkkit(&root())
            .args(&args)
            .arg("--help")
            .output()
            .unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            words(&help).starts_with(&words(in_list)),
            "`{path} --help` does not start with {in_list:?}:\n{help}"
        );
    }
}

#[test]
fn the_manual_page_is_roff_that_man_can_show() {
    let out = thinkkit(&root()).arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH thinkkit 1"), "{page}");
    for section in [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH SUBCOMMANDS",
        ".SH EXAMPLES",
    ] {
        assert!(page.contains(section), "no `{section}`");
    }
    for sub in ["workshop", "render", "play", "kit", "completions", "man"] {
        assert!(
            page.contains(&format!("thinkkit\\-{sub}")),
            "no `{sub}` in the page"
        );
    }
    assert!(page.contains("Examples:"));
    // Every line is a roff request, or text that does not start like one by accident.
    for line in page.lines() {
        assert!(
            !line.starts_with('\'') || line.starts_with("'\\\""),
            "a text line starting with a quote would be read as a request: {line}"
        );
    }
    // One page per command in a folder.
    let dir = tempfile::tempdir().unwrap();
    let out = thinkkit(&root())
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for name in ["thinkkit.1", "thinkkit-play.1", "thinkkit-kit-show.1"] {
        let page =
            fs::read_to_string(dir.path().join(name)).unwrap_or_else(|_| panic!("no {name}"));
        assert!(page.contains(".SH EXAMPLES"), "{name}");
    }
    // Where man is installed (not needed by CI), it shows the page.
    if Command::new("man").arg("--version").output().is_ok() {
        let mut man = Command::new("man")
            .args(["-l", "-"])
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .env("MANWIDTH", "80")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        man.stdin
            .take()
            .unwrap()
            .write_all(page.as_bytes())
            .unwrap();
        let shown = man.wait_with_output().unwrap();
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(
            shown.status.success(),
            "{}",
            String::from_utf8_lossy(&shown.stderr)
        );
        assert!(text.contains("NAME") && text.contains("thinkkit"), "{text}");
        assert!(
            text.contains("EXAMPLES") && text.contains("thinkkit play --list"),
            "{text}"
        );
    }
}

/// Run bash (every CI machine has it) with the completion script sourced, complete `words`
/// with the cursor on the last word, and return what it offers.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = thinkkit(&root())
        .args(["completions", "bash"])
        .output()
        .unwrap();
    assert!(script.status.success());
    let dir = tempfile::tempdir().unwrap();
    let script_path = dir.path().join("thinkkit.bash");
    fs::write(&script_path, &script.stdout).unwrap();
    let quoted: Vec<String> = words
        .iter()
        .map(|w| format!("'{}'", w.replace('\'', r"'\''")))
        .collect();
    let cword = words.len() - 1;
    let prev = if cword > 0 {
        quoted[cword - 1].clone()
    } else {
        "''".to_owned()
    };
    let line = format!(
        "source {}\nCOMP_WORDS=({})\nCOMP_CWORD={cword}\n_clap_complete_thinkkit thinkkit {} {prev}\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script_path.display(),
        quoted.join(" "),
        quoted[cword],
    );
    let out = Command::new("bash")
        .arg("-c")
        .arg(line)
        .current_dir(root())
        .env_remove("COMPLETE")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_scenario_card_and_measure_ids_of_the_kit_in_use() {
    assert_eq!(
        bash_complete(&["thinkkit", "play", "inner"]),
        ["inner-city-estate"]
    );
    let all = bash_complete(&["thinkkit", "play", ""]);
    assert!(all.contains(&"rural-village".to_owned()), "{all:?}");
    // The kit named on the line.
    let library = fixture("kits/library").display().to_string();
    assert_eq!(
        bash_complete(&["thinkkit", "cards", "show", "--kit", &library, "tab"]),
        ["tablet-lending"]
    );
    assert_eq!(
        bash_complete(&["thinkkit", "play", "--kit", &library, "market"]),
        ["market-town"]
    );
    // Cards in a team's hand, after the `=` and each `,`.
    assert_eq!(
        bash_complete(&[
            "thinkkit",
            "play",
            "inner-city-estate",
            "--team",
            "Red=taster-sessions,device-l"
        ]),
        ["Red=taster-sessions,device-loans"]
    );
    // The kit of the plan on the line.
    let plan = fixture("plans/library.plan.yaml").display().to_string();
    assert_eq!(
        bash_complete(&["thinkkit", "measure", "record", &plan, "online-l"]),
        ["online-loans"]
    );
    assert_eq!(
        bash_complete(&["thinkkit", "workshop", &plan, "--section", "our-"]),
        ["our-members", "our-offer"]
    );
    assert!(
        bash_complete(&["thinkkit", "kit", "show", "digital"])
            .contains(&"digital-inclusion".to_owned())
    );
    // Subcommands and options too.
    assert!(bash_complete(&["thinkkit", "re"]).contains(&"render".to_owned()));
}

#[test]
fn bash_completes_levels_barriers_and_services_of_the_kit_in_use() {
    let gp = fixture("kits/gp-practice").display().to_string();
    assert_eq!(
        bash_complete(&["thinkkit", "cards", "list", "--kit", &gp, "--level", "pa"]),
        ["patient-support"]
    );
    assert_eq!(
        bash_complete(&["thinkkit", "cards", "list", "--kit", &gp, "--barrier", "d"]),
        ["digital-skills", "data-cost"]
    );
    assert_eq!(
        bash_complete(&[
            "thinkkit",
            "shift",
            "set",
            "--kit",
            &gp,
            "p.plan.yaml",
            "repeat"
        ]),
        ["repeat-prescriptions"]
    );
    assert_eq!(
        bash_complete(&["thinkkit", "shift", "drop", "p.plan.yaml", "rep"]),
        ["repairs"]
    );
    // `cards drop` offers the cards the plan has chosen, not every card.
    let plan = fixture("plans/library.plan.yaml").display().to_string();
    let chosen: Vec<String> = bash_complete(&["thinkkit", "cards", "drop", &plan, ""])
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect();
    let text = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(
        chosen,
        ["ebook-taster", "tablet-lending", "online-renewals"]
    );
    for id in &chosen {
        assert!(
            text.contains(&format!("id: {id}")),
            "{id} is not chosen: {chosen:?}"
        );
    }
    let all = bash_complete(&[
        "thinkkit",
        "cards",
        "show",
        "--kit",
        &fixture("kits/library").display().to_string(),
        "",
    ]);
    assert!(all.len() > chosen.len(), "{all:?} {chosen:?}");
}

#[test]
fn zsh_and_fish_scripts_call_thinkkit_back() {
    for shell in ["zsh", "fish"] {
        let out = thinkkit(&root())
            .args(["completions", shell])
            .output()
            .unwrap();
        assert!(out.status.success());
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
        assert!(script.contains("thinkkit"), "{shell}: {script}");
    }
}

#[test]
fn kit_show_describes_a_kit() {
    let out = thinkkit(&root())
        .args(["kit", "show"])
        .arg(fixture("kits/library"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for want in [
        "kit `county-library`, version 0.3.0",
        "the population is counted in members",
        "Components (3, 13 questions)",
        "Cards by strand (6)",
        "Scenarios for the planning game (2)",
        "Measures (3)",
        "Reference figures (3)",
        "tablet-loan-cost",
        "(example)",
        "Reality checks (15)",
        "Age groups (`age-groups`, 3): children, working-age, over-65s",
        "budget → development-fund",
    ] {
        assert!(text.contains(want), "no `{want}` in:\n{text}");
    }
    // The built-in kit by default.
    let out = thinkkit(&root()).args(["kit", "show"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("kit `digital-inclusion`"), "{text}");
}

#[test]
fn ids_are_accepted_by_title_with_suggestions_when_unclear() {
    let out = thinkkit(&root())
        .args(["cards", "show", "device LOANS"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("Device loans\n")
    );
    let out = thinkkit(&root())
        .args(["cards", "show", "device"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("it could be `device-loans` (Device loans)") && err.contains("give the id"),
        "{err}"
    );
    let out = thinkkit(&root())
        .args([
            "play",
            "inner-city estate",
            "--team",
            "Red=Device loans,Taster sessions ('Homes on the Net')",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let game = String::from_utf8(out.stdout).unwrap();
    assert!(game.contains("Device loans (2)"), "{game}");
    // Measures and cards by title, into a plan.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan.yaml");
    fs::copy(root().join("examples/riverside-homes.plan.yaml"), &plan).unwrap();
    let out = thinkkit(dir.path())
        .args([
            "measure",
            "record",
            "p.plan.yaml",
            "Tenants online",
            "70",
            "--date",
            "2026-04-01",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = thinkkit(dir.path())
        .args([
            "cards",
            "choose",
            "p.plan.yaml",
            "Taster sessions ('Homes on the Net')",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let saved = fs::read_to_string(&plan).unwrap();
    assert!(
        saved.contains("- id: taster-sessions"),
        "stored by id:\n{saved}"
    );
    assert!(!saved.contains("id: Taster"));
    let out = thinkkit(dir.path())
        .args([
            "cards",
            "drop",
            "p.plan.yaml",
            "taster SESSIONS ('homes on the net')",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        !fs::read_to_string(&plan)
            .unwrap()
            .contains("- id: taster-sessions")
    );
}

#[test]
fn terminal_tables_keep_ids_whole_at_80_columns() {
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    let example = root().join("examples/riverside-homes.plan.yaml");
    let runs: Vec<(Vec<String>, Vec<String>)> = vec![
        (
            vec!["cards".into(), "list".into()],
            kit.cards().iter().map(|c| c.id.clone()).collect(),
        ),
        (
            vec!["play".into(), "--list".into()],
            kit.scenarios().iter().map(|s| s.id.clone()).collect(),
        ),
        (
            vec!["status".into(), example.display().to_string()],
            vec![
                "digital-access-survey".into(),
                "broadband-sheltered-housing".into(),
                "telecare-digital-switch-check".into(),
                "tenants-online".into(),
            ],
        ),
        (
            vec![
                "measure".into(),
                "show".into(),
                example.display().to_string(),
            ],
            vec!["tenants-online".into(), "online-accounts".into()],
        ),
        (
            vec!["kit".into(), "show".into()],
            kit.cards()
                .iter()
                .map(|c| c.id.clone())
                .chain(kit.components().iter().map(|c| c.id.clone()))
                .chain(kit.figures().iter().map(|f| f.id.clone()))
                .collect(),
        ),
    ];
    for (args, ids) in runs {
        let out = thinkkit(&root())
            .env("COLUMNS", "80")
            .args(&args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8(out.stdout).unwrap();
        // The table lines fit (prose lines are the terminal's to wrap).
        for line in text.lines().filter(|l| l.starts_with(['│', '┌', '└', '╞'])) {
            assert!(
                line.chars().count() <= 80,
                "{args:?}: a table line of {} columns:\n{line}",
                line.chars().count()
            );
        }
        let cells: Vec<&str> = text
            .lines()
            .flat_map(|l| l.split(['│', '┆']))
            .map(str::trim)
            .collect();
        for id in ids {
            assert!(
                cells.contains(&id.as_str()),
                "{args:?}: `{id}` is not whole in a cell:\n{text}"
            );
        }
    }
}
