//! A whole strategy without editing a file: the worked example rebuilt with `answer`,
//! `cards choose`, `measure add`, `measure record` and `shift set` alone renders the example's
//! worked-out sections (costs, savings, measures and progress) with nothing "not worked out"
//! for want of structured data.

use std::fs;
use std::path::Path;

use thinkkit::interview::Interview;
use thinkkit::kit::QuestionType;
use thinkkit::plan::{self, Answer};

use crate::common::{root, thinkkit};

fn run(dir: &Path, args: &[String]) -> String {
    let out = thinkkit(dir).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn s(v: &str) -> String {
    v.to_owned()
}

/// `£1,200.50`, `12.1`: a number as the commands take it.
fn pounds(v: f64) -> String {
    format!("£{v}")
}

/// `telephone=78,online=9`.
fn mix(m: &std::collections::BTreeMap<String, f64>) -> String {
    m.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(",")
}

/// The section of `doc` that starts with the heading `head`, up to the next heading of the
/// same level.
fn section<'a>(doc: &'a str, head: &str) -> &'a str {
    let level = head.split(' ').next().unwrap();
    let start = doc
        .find(&format!("\n{head}\n"))
        .unwrap_or_else(|| panic!("no `{head}` in the document"));
    let body = &doc[start + 1..];
    let end = body[head.len()..]
        .find(&format!("\n{level} "))
        .map_or(body.len(), |e| e + head.len());
    &body[..end]
}

#[test]
fn the_worked_example_built_with_commands_alone_renders_the_same_worked_out_sections() {
    let example_path = root().join("examples/riverside-homes.plan.yaml");
    let example = plan::read(&example_path).unwrap();
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    let iv = Interview::new(&kit);
    let dir = tempfile::tempdir().unwrap();
    let p = s("p.plan.yaml");

    // Answers as a person types them, with `--set`; the offline households are left to the
    // computed suggestion, taken with `--accept-suggestions`.
    let mut args = vec![
        s("answer"),
        p.clone(),
        s("--org"),
        example.organisation.clone(),
    ];
    for (id, a) in &example.answers {
        if id == "offline-households" {
            continue;
        }
        let q = kit.question(id).unwrap();
        let text = match (q.kind, a) {
            (QuestionType::MultiChoice, Answer::List(items)) => items.join(","),
            _ => iv.input_text(q, a),
        };
        args.push(s("--set"));
        args.push(format!("{id}={text}"));
    }
    run(dir.path(), &args);
    let out = run(
        dir.path(),
        &[s("answer"), p.clone(), s("--accept-suggestions")],
    );
    assert!(
        out.contains("offline-households = 1494 (computed from other answers; it follows them)"),
        "{out}"
    );

    // Cards, one command each, with the team's details.
    for c in &example.cards {
        let mut args = vec![s("cards"), s("choose"), p.clone(), c.id.clone()];
        for (flag, v) in [
            ("--owner", c.owner.clone()),
            ("--start", c.start.clone()),
            ("--setup-cost", c.cost.map(pounds)),
            ("--running-cost", c.running_cost.map(pounds)),
            ("--notes", c.notes.clone()),
        ] {
            if let Some(v) = v {
                args.push(s(flag));
                args.push(v);
            }
        }
        run(dir.path(), &args);
    }

    // Measures: baseline and target with `measure add`, values since with `measure record`.
    for m in &example.measures {
        let mut args = vec![s("measure"), s("add"), p.clone(), m.id.clone()];
        if let Some(b) = &m.baseline {
            args.extend([
                s("--baseline"),
                b.value.to_string(),
                s("--baseline-date"),
                b.date.to_string(),
            ]);
            if let Some(n) = &b.note {
                args.extend([s("--baseline-note"), n.clone()]);
            }
        }
        if let Some(t) = &m.target {
            args.extend([
                s("--target"),
                t.value.to_string(),
                s("--by"),
                t.by.to_string(),
            ]);
        }
        run(dir.path(), &args);
        for r in &m.values {
            let mut args = vec![
                s("measure"),
                s("record"),
                p.clone(),
                m.id.clone(),
                r.value.to_string(),
                s("--date"),
                r.date.to_string(),
            ];
            if let Some(n) = &r.note {
                args.extend([s("--note"), n.clone()]);
            }
            run(dir.path(), &args);
        }
    }

    // Channel shift, service by service; the plan's own unit cost with the first.
    let cs = &example.channel_shift;
    for (i, sv) in cs.services.iter().enumerate() {
        let mut args = vec![
            s("shift"),
            s("set"),
            p.clone(),
            sv.service.clone(),
            s("--per-year"),
            sv.transactions_per_year.to_string(),
            s("--now"),
            mix(&sv.now),
            s("--aim"),
            mix(&sv.target),
        ];
        if i == 0 {
            let costs: Vec<String> = cs
                .unit_costs
                .iter()
                .map(|(k, v)| format!("{k}={}", pounds(*v)))
                .collect();
            args.extend([
                s("--unit-cost"),
                costs.join(","),
                s("--unit-cost-source"),
                cs.unit_costs_source.clone().unwrap(),
            ]);
        }
        let out = run(dir.path(), &args);
        assert!(out.contains("saving: £"), "{out}");
    }

    // The plan holds what the example holds: every answer, card, measure and service.
    let built = plan::read(&dir.path().join(&p)).unwrap();
    assert_eq!(built.answers, example.answers);
    assert_eq!(built.cards, example.cards);
    assert_eq!(built.measures, example.measures);
    assert_eq!(built.channel_shift, example.channel_shift);
    assert!(built.computed.contains("offline-households"));

    // The documents agree, section by section and as a whole.
    let render = |plan: &Path| run(dir.path(), &[s("render"), plan.display().to_string()]);
    let want = render(&example_path);
    let got = render(&dir.path().join(&p));
    for head in [
        "## Summary",
        "## Costs",
        "## Services moving online",
        "### Savings a year",
        "## Measures",
        "### Progress against the targets",
        "## Next steps",
    ] {
        assert_eq!(section(&got, head), section(&want, head), "{head}");
    }
    assert_eq!(got, want);

    // The worked-out figures are there, and nothing is missing for want of structured data.
    let costs = section(&got, "## Costs");
    assert!(
        costs.contains("| **Total** | **£57,950–£69,950\\*** | **£50,700–£52,520\\*** |"),
        "{costs}"
    );
    assert!(
        costs.contains("is within the activity budget of £120,000 a year at the low end"),
        "{costs}"
    );
    let savings = section(&got, "### Savings a year");
    assert!(
        savings.contains("| Making payments | 26,000 | £53,924 |"),
        "{savings}"
    );
    assert!(
        savings.contains("| **Total** | | **£109,999** |"),
        "{savings}"
    );
    let measures = section(&got, "### Progress against the targets");
    assert!(
        measures.contains("| Tenants online | 68% (November 2025) | 68.8% |"),
        "{measures}"
    );
    assert!(got.contains("- **Status:** every question answered"));
    // Only a value not measured yet is missing, as in the example: time, not structure.
    let not_worked_out: Vec<&str> = got
        .split("### Not worked out")
        .nth(1)
        .map(|rest| rest.split("\n## ").next().unwrap())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.starts_with("- "))
        .collect();
    assert_eq!(
        not_worked_out,
        ["- **Status of ‘Devices lent or supplied’:** no value recorded since the baseline"]
    );
    assert!(
        !fs::read_to_string(dir.path().join(&p))
            .unwrap()
            .contains("to-decide")
    );
}

/// Shell words of one command line: whitespace outside double quotes separates, quotes are
/// removed, `#` outside quotes starts a comment. Enough for the README's commands.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut started) = (false, false);
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            '#' if !quoted && !started => break,
            c if c.is_whitespace() && !quoted => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The README's "Answers without prompts" commands run as written, in order, on a new plan
/// (the `--from` line aside: it needs a file of the reader's own).
#[test]
fn the_readme_commands_for_answers_cards_measures_and_shift_work() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let block = readme
        .split("## Answers without prompts")
        .nth(1)
        .and_then(|r| r.split("```sh\n").nth(1))
        .and_then(|r| r.split("```").next())
        .expect("the README's answers block");
    let lines = block.replace("\\\n", " ");
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for line in lines.lines().filter(|l| !l.contains("--from")) {
        let words = shell_words(line);
        assert_eq!(words[0], "thinkkit", "{line}");
        let args: Vec<String> = words[1..].to_vec();
        run(dir.path(), &args);
        ran += 1;
    }
    assert!(ran >= 8, "{ran} commands");
    let p = plan::read(&dir.path().join("strategy.plan.yaml")).unwrap();
    assert_eq!(p.cards.len(), 1);
    assert_eq!(p.cards[0].cost, Some(4000.0));
    assert_eq!(p.measures[0].id, "tenants-online");
    assert_eq!(p.channel_shift.services[0].service, "repairs");
    assert!(p.to_decide.contains_key("progress-owner"));
    assert!(p.skipped.contains("resident-stories"));
}
