//! Property tests: real kits and plans, mutated at random (lines dropped, doubled, swapped or cut
//! short; numbers turned into `.nan`, `1e308` or `-1`; YAML's special characters and tags put in;
//! indentation broken), must never make thinkkit panic, run without end, or write a file when
//! it refuses one.
//!
//! The budget is small so that `cargo test` stays quick (`PROPTEST_CASES`, default 24 a
//! property). A longer run, for example before a release:
//!
//! ```sh
//! PROPTEST_CASES=5000 cargo test --release --test integration robustness::
//! ```
//!
//! The time bounds are not speed targets (those are benchmarks): they turn a hang into a failure,
//! far above what any of these inputs takes.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use thinkkit::kit::{self, KitRef};
use thinkkit::plan;

use crate::common::{fixture, root, thinkkit};

/// Far above what reading, checking and rendering any of these inputs takes (debug build).
const BOUND: Duration = Duration::from_secs(20);

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24)
}

/// One change to a YAML text, chosen at random.
#[derive(Debug, Clone)]
enum Mutation {
    DropLine(usize),
    DoubleLine(usize),
    SwapLines(usize, usize),
    Truncate(usize),
    /// Replace the `n`th number with this text.
    Number(usize, &'static str),
    /// Put this text in at this byte (snapped to a character boundary).
    Insert(usize, &'static str),
    /// Add or remove indentation on a line.
    Indent(usize, bool),
    /// Replace the value after the `n`th `: ` with this text.
    Value(usize, &'static str),
}

const NUMBERS: &[&str] = &[
    ".nan",
    ".inf",
    "-.inf",
    "1e308",
    "-1",
    "0",
    "-0",
    "99999999999999999999999",
    "1.5",
    "0x1F",
    "'12'",
    "1_000",
    "~",
    "[]",
    "{}",
    "yes",
];
const INSERTS: &[&str] = &[
    "&a ",
    "*a",
    "!!binary ",
    "!evil ",
    "[",
    "]",
    "{",
    "}",
    "---\n",
    "? ",
    ": ",
    "- ",
    "#",
    "'",
    "\"",
    "\t",
    "\u{feff}",
    "\r\n",
    "\u{0}",
    "%YAML 1.1\n",
    "<<: *a\n",
    "\\",
    "|\n",
    ">-\n",
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
];
const VALUES: &[&str] = &[
    "~",
    "''",
    "[a, b]",
    "{a: 1}",
    "-5000",
    ".nan",
    "1e308",
    "true",
    "englnd",
    "\"£45,000\"",
    "[cost, cost]",
    "2026-02-30",
    "2026-13",
    "x\ny: 1",
    "&anchor 1",
    "*missing",
];

fn mutation() -> impl Strategy<Value = Mutation> {
    let n = 0usize..4000;
    prop_oneof![
        n.clone().prop_map(Mutation::DropLine),
        n.clone().prop_map(Mutation::DoubleLine),
        (n.clone(), n.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (0usize..400_000).prop_map(Mutation::Truncate),
        (n.clone(), prop::sample::select(NUMBERS)).prop_map(|(i, s)| Mutation::Number(i, s)),
        (0usize..400_000, prop::sample::select(INSERTS)).prop_map(|(i, s)| Mutation::Insert(i, s)),
        (n.clone(), any::<bool>()).prop_map(|(i, b)| Mutation::Indent(i, b)),
        (n, prop::sample::select(VALUES)).prop_map(|(i, s)| Mutation::Value(i, s)),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let len = lines.len().max(1);
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    match m {
        Mutation::DropLine(i) => {
            let i = i % len;
            lines
                .iter()
                .enumerate()
                .filter(|(k, _)| *k != i)
                .map(|(_, l)| *l)
                .collect()
        }
        Mutation::DoubleLine(i) => {
            let i = i % len;
            let mut out = String::new();
            for (k, l) in lines.iter().enumerate() {
                out.push_str(l);
                if k == i {
                    out.push_str(l);
                }
            }
            out
        }
        Mutation::SwapLines(a, b) => {
            let mut v = lines.clone();
            if !v.is_empty() {
                v.swap(a % len, b % len);
            }
            v.concat()
        }
        Mutation::Truncate(i) => text[..floor(*i % (text.len() + 1))].to_owned(),
        Mutation::Number(i, s) => {
            let spans: Vec<(usize, usize)> = number_spans(text);
            match spans.get(i % spans.len().max(1)) {
                Some(&(a, b)) => format!("{}{s}{}", &text[..a], &text[b..]),
                None => text.to_owned(),
            }
        }
        Mutation::Insert(i, s) => {
            let at = floor(*i % (text.len() + 1));
            format!("{}{s}{}", &text[..at], &text[at..])
        }
        Mutation::Indent(i, more) => {
            let i = i % len;
            lines
                .iter()
                .enumerate()
                .map(|(k, l)| {
                    if k != i {
                        (*l).to_owned()
                    } else if *more {
                        format!("  {l}")
                    } else {
                        l.strip_prefix("  ").unwrap_or(l).to_owned()
                    }
                })
                .collect()
        }
        Mutation::Value(i, s) => {
            let at: Vec<usize> = text.match_indices(": ").map(|(k, _)| k + 2).collect();
            match at.get(i % at.len().max(1)) {
                Some(&a) => {
                    let end = text[a..].find('\n').map_or(text.len(), |e| a + e);
                    format!("{}{s}{}", &text[..a], &text[end..])
                }
                None => text.to_owned(),
            }
        }
    }
}

/// Byte ranges of the numbers in `text`.
fn number_spans(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'-')
        {
            let start = i;
            while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
                i += 1;
            }
            if i == b.len() || !b[i].is_ascii_alphabetic() && b[i] != b'-' {
                out.push((start, i));
            }
        } else {
            i += 1;
        }
    }
    out
}

fn mutated(text: &str, ms: &[Mutation]) -> String {
    ms.iter().fold(text.to_owned(), |t, m| apply(&t, m))
}

fn bounded(what: &str, started: Instant) -> Result<(), TestCaseError> {
    let took = started.elapsed();
    prop_assert!(took < BOUND, "{what} took {took:?}");
    Ok(())
}

/// Every file of the built-in kit and the test kits, by name.
fn kit_sources() -> Vec<(String, String)> {
    let mut out = vec![(
        "workshop.yaml".to_owned(),
        fs::read_to_string(fixture("kits/workshop/kit.yaml")).unwrap(),
    )];
    for e in fs::read_dir(root().join("kits/digital-inclusion")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "yaml") {
            out.push((
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            ));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    /// A mutated file of a real kit loads or is refused with diagnostics: no panic, no hang.
    /// A kit that still loads is used as the commands would use it.
    #[test]
    fn mutated_kits_load_or_are_refused(
        which in 0usize..16,
        ms in prop::collection::vec(mutation(), 1..4),
    ) {
        let sources = kit_sources();
        let (name, text) = &sources[which % sources.len()];
        let dir = tempfile::tempdir().unwrap();
        // The built-in kit's files go together, so a mutation of one is checked with the rest.
        let kit_dir = dir.path().join("kit");
        fs::create_dir(&kit_dir).unwrap();
        if name == "workshop.yaml" {
            fs::write(kit_dir.join(name), mutated(text, &ms)).unwrap();
        } else {
            for (n, t) in &sources[1..] {
                fs::write(kit_dir.join(n), if n == name { mutated(t, &ms) } else { t.clone() }).unwrap();
            }
        }
        let started = Instant::now();
        match kit::load(&KitRef::Path(kit_dir.clone())) {
            Ok(k) => {
                let mut p = plan::new_plan(&k, "Test", jiff::civil::date(2026, 1, 1), &dir.path().join("p.yaml"));
                let iv = thinkkit::interview::Interview::new(&k);
                for (_, q) in k.questions() {
                    if let Some(a) = iv.default_for(q, &p.answers) {
                        p.answers.insert(q.id.clone(), a);
                    }
                }
                let _ = thinkkit::analysis::analyse(&k, &p);
                let _ = thinkkit::render::strategy(&k, &p, thinkkit::render::Format::Markdown,
                    &thinkkit::render::Templates::built_in(), jiff::civil::date(2026, 1, 1));
            }
            Err(d) => prop_assert!(!d.0.is_empty()),
        }
        bounded("loading the kit", started)?;
    }

    /// A mutated real plan is checked or refused: no panic, no hang; a plan that passes the
    /// check renders; and a command that refuses it writes nothing.
    #[test]
    fn mutated_plans_are_checked_or_refused_and_never_half_written(
        which in 0usize..2,
        ms in prop::collection::vec(mutation(), 1..4),
    ) {
        let sources = [
            fs::read_to_string(root().join("examples/riverside-homes.plan.yaml")).unwrap(),
            fs::read_to_string(fixture("plans/worked.plan.yaml")).unwrap(),
        ];
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.plan.yaml");
        let text = mutated(&sources[which], &ms);
        fs::write(&path, &text).unwrap();
        let started = Instant::now();
        if let Ok((p, k, _)) = plan::load(&path, None) {
            let _ = thinkkit::render::strategy(&k, &p, thinkkit::render::Format::Markdown,
                &thinkkit::render::Templates::built_in(), jiff::civil::date(2026, 1, 1));
        }
        bounded("reading the plan", started)?;
        // Through the binary: a refusal leaves the file as it was and nothing beside it.
        let out = thinkkit(dir.path())
            .args(["cards", "choose", "p.plan.yaml", "taster-sessions"])
            .timeout(BOUND)
            .output()
            .unwrap();
        let code = out.status.code();
        prop_assert!(code == Some(0) || code == Some(1), "exit {code:?}: {}", String::from_utf8_lossy(&out.stderr));
        let err = String::from_utf8_lossy(&out.stderr);
        prop_assert!(!err.contains("panicked"), "{err}");
        if code == Some(1) {
            prop_assert!(err.starts_with("error"), "{err}");
            prop_assert_eq!(fs::read(&path).unwrap(), text.as_bytes());
        }
        let names: Vec<String> = fs::read_dir(dir.path()).unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        prop_assert_eq!(names, vec!["p.plan.yaml".to_owned()]);
    }

    /// Whatever text an answer holds, the saved plan reads back the same, in thinkkit and in
    /// any YAML reader's sense of quoting (see `yaml::to_string_for_any_reader`).
    #[test]
    fn any_text_answer_survives_a_save(text in "\\PC{0,40}|(yes|no|on|off|~|null|[0-9:._+-]{1,8})") {
        let kit = kit::load::load_arg(None).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.plan.yaml");
        let mut p = plan::new_plan(&kit, "Test", jiff::civil::date(2026, 1, 1), &path);
        p.answers.insert("progress-owner".into(), plan::Answer::Text(text.clone()));
        p.cards.push(plan::ChosenCard { id: "taster-sessions".into(), owner: Some(text.clone()), ..Default::default() });
        let saved = plan::store::to_text(&p).unwrap();
        let back = plan::parse(&saved, "p.plan.yaml").unwrap();
        prop_assert_eq!(back, p);
    }

    /// Expressions of any shape parse or are refused, quickly and without overflowing.
    #[test]
    fn any_expression_parses_or_is_refused(text in "[-+*/() 0-9a-z.]{0,300}", depth in 0usize..200) {
        let deep = format!("{}{text}{}", "(".repeat(depth), ")".repeat(depth));
        let started = Instant::now();
        if let Ok(e) = kit::Expr::parse(&deep) {
            let _ = e.eval(&|_| Some(1.0));
        }
        bounded("parsing the expression", started)?;
    }
}

#[test]
fn mutations_do_what_they_say() {
    let t = "a: 1\nb: 22\nc: x\n";
    assert_eq!(apply(t, &Mutation::DropLine(1)), "a: 1\nc: x\n");
    assert_eq!(
        apply(t, &Mutation::DoubleLine(0)),
        "a: 1\na: 1\nb: 22\nc: x\n"
    );
    assert_eq!(
        apply(t, &Mutation::Number(1, ".nan")),
        "a: 1\nb: .nan\nc: x\n"
    );
    assert_eq!(apply(t, &Mutation::Value(2, "~")), "a: 1\nb: 22\nc: ~\n");
    assert_eq!(apply(t, &Mutation::Truncate(3)), "a: ");
    assert_eq!(
        apply(t, &Mutation::Indent(2, true)),
        "a: 1\nb: 22\n  c: x\n"
    );
    let _ = Path::new(".");
}
