//! `thinkkit kit …`, `thinkkit cards …` and the kit loader, through the binary.

use std::fs;

use crate::common::{copy_built_in_kit, fixture, root, run, thinkkit};

fn stderr_of(args: &[&str]) -> String {
    let out = thinkkit(&root()).args(args).output().expect("runs");
    assert_eq!(out.status.code(), Some(1), "expected exit 1 for {args:?}");
    String::from_utf8(out.stderr).expect("utf-8")
}

#[test]
fn built_in_and_shipped_kits_validate() {
    for kit in [
        "digital-inclusion",
        "kits/digital-inclusion",
        "kits/starter",
    ] {
        thinkkit(&root())
            .args(["kit", "validate", kit])
            .assert()
            .success()
            .stdout(predicates::str::starts_with(format!("ok: {kit}: kit `")));
    }
}

#[test]
fn example_kits_validate() {
    let mut kits = 0;
    for e in fs::read_dir(root().join("examples")).expect("examples/ is shipped") {
        let p = e.unwrap().path();
        // A folder of plans (examples/breakout) is not a kit.
        if p.is_dir() && p.join("kit.yaml").exists() {
            thinkkit(&root())
                .args(["kit", "validate"])
                .arg(&p)
                .assert()
                .success();
            kits += 1;
        }
    }
    assert!(kits >= 1, "examples/ holds a custom kit");
}

#[test]
fn built_in_kit_has_the_content_the_strategy_needs() {
    let kit = thinkkit::kit::load::load_arg(None).expect("built-in kit loads");
    let ids: Vec<&str> = kit.components().iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "national-context",
            "reasons-and-outcomes",
            "customer-starting-point",
            "staff-starting-point",
            "channel-shift",
            "achievable-goals",
            "resources-and-partners",
            "activities-and-costs",
            "motivation",
            "measuring-outcomes",
            "non-digital-relationships",
        ],
        "the eleven components of the toolkit, in its order"
    );
    for c in kit.components() {
        assert!(
            (3..=6).contains(&c.questions.len()),
            "component `{}` has {} questions",
            c.id,
            c.questions.len()
        );
        assert!(
            !c.guidance.trim().is_empty(),
            "component `{}` has no guidance",
            c.id
        );
    }
    assert!(kit.cards().len() >= 30, "{} cards", kit.cards().len());
    let levels: Vec<&str> = kit
        .vocabularies()
        .levels
        .iter()
        .map(|l| l.id.as_str())
        .collect();
    for level in &levels {
        assert!(
            kit.cards().iter().any(|c| &c.level == level),
            "no card at level `{level}`"
        );
    }
    for c in kit.cards() {
        for (what, cost) in [("set-up", &c.setup_cost), ("running", &c.running_cost)] {
            assert!(
                cost.estimate || !cost.basis.trim().is_empty(),
                "card `{}`: a sourced {what} cost must say where it comes from",
                c.id
            );
        }
    }
    assert!(kit.measures().len() >= 12);
    assert!(kit.sheets().len() >= kit.components().len() + 3);
    assert!(kit.scenarios().len() >= 3);
    let socitm = kit
        .figure("cost-per-contact-socitm")
        .expect("channel cost figure");
    assert!(socitm.illustrative);
    assert_eq!(socitm.values.get("face-to-face"), Some(&14.0));
    assert_eq!(socitm.values.get("online"), Some(&0.17));
}

/// The year rule in the built-in kit: every dated figure says what its year rests on (`kit
/// validate` then checks it against the source), and an undated figure says why in its note.
#[test]
fn built_in_figures_say_what_their_years_rest_on() {
    let kit = thinkkit::kit::load::load_arg(None).expect("built-in kit loads");
    let mut undated = 0;
    for f in kit.figures() {
        assert!(kit.source(&f.source).is_some(), "figure `{}`", f.id);
        match f.year {
            Some(_) => assert!(
                f.year_basis.is_some(),
                "figure `{}` gives a year but not `year-basis`",
                f.id
            ),
            None => {
                undated += 1;
                assert!(
                    f.note.contains("undated") || f.note.contains("Undated"),
                    "undated figure `{}` should say so in its note",
                    f.id
                );
            }
        }
        if f.year_approximate {
            assert_eq!(f.cited_year(), format!("c. {}", f.year.unwrap()));
        }
    }
    assert!(undated > 0, "the kit has undated figures and cites them so");
}

/// Lessons, descriptions and cost or reach bases cite their source as `(source-id)`; every such
/// citation names a source the kit declares.
#[test]
fn inline_citations_in_the_built_in_kit_name_declared_sources() {
    let kit = thinkkit::kit::load::load_arg(None).expect("built-in kit loads");
    let declared: Vec<&str> = kit.meta().sources.iter().map(|s| s.id.as_str()).collect();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for c in kit.cards() {
        for l in &c.lessons {
            texts.push((format!("card `{}` lesson", c.id), l));
        }
        texts.push((format!("card `{}` description", c.id), &c.description));
        texts.push((format!("card `{}` set-up basis", c.id), &c.setup_cost.basis));
        texts.push((
            format!("card `{}` running basis", c.id),
            &c.running_cost.basis,
        ));
        texts.push((format!("card `{}` reach basis", c.id), &c.reach.basis));
    }
    for f in kit.figures() {
        texts.push((format!("figure `{}` note", f.id), &f.note));
    }
    let kebab = |w: &str| {
        w.contains('-')
            && w.split('-').all(|p| {
                !p.is_empty()
                    && p.chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            })
    };
    let mut cited = 0;
    for (where_, text) in &texts {
        for inner in text.split('(').skip(1).filter_map(|t| t.split(')').next()) {
            // The citation is the last item of the parenthesis: `(Homes on the Net, wolverhampton-2012)`.
            let last = inner.rsplit([',', ';']).next().unwrap_or("").trim();
            if kebab(last) {
                cited += 1;
                assert!(
                    declared.contains(&last),
                    "{where_} cites `{last}`, which `kit.sources` does not declare"
                );
            }
        }
    }
    assert!(cited > 80, "only {cited} inline citations found");
}

/// The built-in kit's change log exists and the README points to it.
#[test]
fn the_built_in_kits_change_log_is_linked_from_the_readme() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    assert!(
        readme.contains("(kits/digital-inclusion/CHANGES.md)"),
        "README links CHANGES.md"
    );
    let changes = fs::read_to_string(root().join("kits/digital-inclusion/CHANGES.md")).unwrap();
    assert!(changes.lines().filter(|l| l.starts_with("- ")).count() >= 20);
}

/// One fixture folder per kind of invalid input; the whole message is the contract.
#[test]
fn invalid_kits_report_file_line_and_column() {
    let dir = fixture("invalid-kits");
    let mut cases: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    cases.sort();
    assert!(cases.len() >= 14, "{cases:?}");
    for case in cases {
        let rel = format!("tests/fixtures/invalid-kits/{case}");
        let stderr = stderr_of(&["kit", "validate", &rel]);
        insta::assert_snapshot!(format!("invalid_kit__{case}"), stderr);
    }
}

#[test]
fn misspelled_field_in_a_copy_of_the_built_in_kit_names_file_line_and_column() {
    let tmp = tempfile::tempdir().unwrap();
    let kit_dir = copy_built_in_kit(tmp.path());
    let cards = kit_dir.join("cards.yaml");
    let text = fs::read_to_string(&cards).unwrap();
    let (line_no, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("summary:"))
        .unwrap();
    let col = line.find("summary").unwrap() + 1;
    fs::write(&cards, text.replacen("summary:", "sumary:", 1)).unwrap();
    let out = thinkkit(tmp.path())
        .args(["kit", "validate", "kit"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let expected = format!(
        "kit/cards.yaml:{}:{col}: unknown field `sumary`",
        line_no + 1
    );
    assert!(stderr.contains(&expected), "{stderr}\nwanted: {expected}");
    assert!(stderr.contains("did you mean `summary`?"), "{stderr}");
}

#[test]
fn validate_reports_every_kit_and_fails_if_any_fails() {
    let out = thinkkit(&root())
        .args([
            "kit",
            "validate",
            "kits/starter",
            "tests/fixtures/invalid-kits/cycle",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("ok: kits/starter"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("in a cycle"));
}

/// A copy of the built-in kit in `dir/kit`, with `level:` of its first card made unknown and
/// with `padding` bytes of comments in files of their own (a kit over 1 MiB is read and parsed
/// on several threads).
fn broken_kit_copy(dir: &std::path::Path, padding: usize) {
    let kit_dir = copy_built_in_kit(dir);
    let cards = kit_dir.join("cards.yaml");
    let text = fs::read_to_string(&cards).unwrap();
    let level = text
        .lines()
        .find(|l| l.trim_start().starts_with("level: "))
        .unwrap();
    let indent = &level[..level.len() - level.trim_start().len()];
    fs::write(
        &cards,
        text.replacen(level, &format!("{indent}level: nowhere-near"), 1),
    )
    .unwrap();
    let line = format!("# {}\n", "x".repeat(200));
    for i in 0..4 {
        let comments = line.repeat(padding / 4 / line.len());
        fs::write(
            kit_dir.join(format!("padding-{i}.yaml")),
            format!("{comments}cards: []\n"),
        )
        .unwrap();
    }
}

/// A large kit is read and parsed on several threads: what is wrong in it is reported exactly as
/// in a small one, a file that is not text stops the check with its name, and the rest is kept.
#[test]
fn a_large_kit_is_checked_as_a_small_one_is() {
    let validate = |dir: &std::path::Path| {
        let (code, _, stderr) = run(dir, &["kit", "validate", "kit"]);
        assert_eq!(code, 1);
        stderr
    };
    let (small, large) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    broken_kit_copy(small.path(), 0);
    broken_kit_copy(large.path(), 1_200_000);
    let size: u64 = fs::read_dir(large.path().join("kit"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .sum();
    assert!(size > 1024 * 1024, "{size} bytes");
    let stderr = validate(small.path());
    assert!(stderr.contains("unknown level `nowhere-near`"), "{stderr}");
    assert!(stderr.contains("kit/cards.yaml:"), "{stderr}");
    assert_eq!(validate(large.path()), stderr);
    for dir in [&small, &large] {
        fs::write(dir.path().join("kit/zz-not-text.yaml"), b"a: \xff\n").unwrap();
    }
    let stderr = validate(small.path());
    assert!(
        stderr.contains(
            "kit/zz-not-text.yaml: the file is not UTF-8 text (line 1 has a byte that is not)"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("nowhere-near"), "{stderr}");
    assert_eq!(validate(large.path()), stderr);
}

/// A kit folder whose files add up to more than 32 MiB is refused, with what to do (the files
/// here are holes, so the folder costs no disk).
#[test]
fn a_kit_folder_over_the_size_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("kit")).unwrap();
    for i in 0..5 {
        let f = fs::File::create(dir.path().join(format!("kit/cards-{i}.yaml"))).unwrap();
        f.set_len(7 * 1024 * 1024).unwrap();
    }
    let (code, _, stderr) = run(dir.path(), &["kit", "validate", "kit"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("kit: the kit's files add up to more than the 32 MiB thinkkit reads"),
        "{stderr}"
    );
    assert!(
        stderr.contains("keep other files out of the kit's folder"),
        "{stderr}"
    );
}

/// Several kits given at once are each checked and reported, a kit given twice twice.
#[test]
fn several_kits_are_each_validated() {
    let (code, stdout, _) = run(
        &root(),
        &[
            "kit",
            "validate",
            "kits/starter",
            "digital-inclusion",
            "kits/starter",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        stdout.matches("ok: kits/starter: kit `").count(),
        2,
        "{stdout}"
    );
    assert!(
        stdout.contains("ok: digital-inclusion: kit `digital-inclusion`"),
        "{stdout}"
    );
}

#[test]
fn missing_kit_path_is_a_clear_error() {
    let stderr = stderr_of(&["kit", "validate", "no/such/kit"]);
    assert!(stderr.contains("no/such/kit: cannot read kit"), "{stderr}");
    assert!(stderr.contains("thinkkit kit list"), "{stderr}");
}

#[test]
fn kit_list_shows_the_built_in_kit() {
    thinkkit(&root())
        .args(["kit", "list"])
        .assert()
        .success()
        .stdout(predicates::str::contains("digital-inclusion"))
        .stdout(predicates::str::contains("1.0.0"));
}

fn schema_validator() -> jsonschema::Validator {
    let out = thinkkit(&root()).args(["kit", "schema"]).output().unwrap();
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema is a valid JSON Schema")
}

fn yaml_as_json(text: &str) -> serde_json::Value {
    thinkkit::yaml::from_str(text).expect("YAML parses")
}

#[test]
fn json_schema_accepts_every_built_in_kit_file() {
    let validator = schema_validator();
    let mut files = 0;
    for dir in ["kits/digital-inclusion", "kits/starter"] {
        for e in fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_none_or(|x| x != "yaml") {
                continue; // the kit's CHANGES.md
            }
            let doc = yaml_as_json(&fs::read_to_string(&p).unwrap());
            let errors: Vec<String> = validator
                .iter_errors(&doc)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .take(5)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
            files += 1;
        }
    }
    assert!(files >= 9);
}

#[test]
fn json_schema_rejects_a_broken_kit_file() {
    let validator = schema_validator();
    let text = fs::read_to_string(fixture("invalid-kits/unknown-field/kit.yaml")).unwrap();
    assert!(
        !validator.is_valid(&yaml_as_json(&text)),
        "misspelled field accepted"
    );
    let text = fs::read_to_string(fixture("invalid-kits/wrong-type/kit.yaml")).unwrap();
    assert!(
        !validator.is_valid(&yaml_as_json(&text)),
        "wrong type accepted"
    );
}

#[test]
fn kit_new_writes_a_starter_that_validates_and_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    thinkkit(tmp.path())
        .args(["kit", "new", "mine"])
        .assert()
        .success();
    thinkkit(tmp.path())
        .args(["kit", "validate", "mine"])
        .assert()
        .success();
    let before = fs::read_to_string(tmp.path().join("mine/kit.yaml")).unwrap();
    thinkkit(tmp.path())
        .args(["kit", "new", "mine"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("already exists and is not empty"));
    assert_eq!(
        fs::read_to_string(tmp.path().join("mine/kit.yaml")).unwrap(),
        before
    );
}

#[test]
fn cards_list_shows_at_least_thirty_cards() {
    let out = thinkkit(&root()).args(["cards", "list"]).output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    for c in kit.cards() {
        assert!(
            stdout.contains(&c.id),
            "card `{}` missing from the table",
            c.id
        );
    }
    assert!(
        stdout.contains(&format!("{0} of {0} cards", kit.cards().len())),
        "{stdout}"
    );
}

#[test]
fn cards_list_json_filters_by_level_and_barrier() {
    let out = thinkkit(&root())
        .args([
            "cards",
            "list",
            "--json",
            "--level",
            "services-online",
            "--barrier",
            "access",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let cards: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(!cards.is_empty());
    for c in &cards {
        assert_eq!(c["level"], "services-online");
        assert!(
            c["barriers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|b| b == "access"),
            "{c}"
        );
        assert!(c["id"].is_string());
    }
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    let expected = kit
        .cards()
        .iter()
        .filter(|c| c.level == "services-online" && c.barriers.iter().any(|b| b == "access"))
        .count();
    assert_eq!(cards.len(), expected);
}

#[test]
fn cards_list_rejects_an_unknown_filter_with_a_suggestion() {
    thinkkit(&root())
        .args(["cards", "list", "--barrier", "cots"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "unknown barrier `cots` for `--barrier`; did you mean `cost`?",
        ));
}

#[test]
fn cards_show_prints_the_whole_card() {
    let kit = thinkkit::kit::load::load_arg(None).unwrap();
    let card = kit.card("taster-sessions").expect("taster sessions card");
    let out = thinkkit(&root())
        .args(["cards", "show", "taster-sessions"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(s.starts_with(&card.title));
    for needle in [
        card.summary.as_str(),
        "points",
        "set-up cost",
        "running cost",
        "reach",
        "Lessons from practice",
        "Source:",
    ] {
        assert!(s.contains(needle), "missing `{needle}` in\n{s}");
    }
    thinkkit(&root())
        .args(["cards", "show", "taster-session"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains("did you mean `taster-sessions`?"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // `thinkkit cards list --json | head -1`: stdout closes early.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("thinkkit"))
        .args(["cards", "list", "--json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Every YAML example in docs/kit-format.md: a whole kit (it has `kit:`) validates as it is; a
/// fragment validates as one more file of the complete example kit (the first whole kit).
#[test]
fn the_examples_in_the_kit_format_doc_validate() {
    let doc = fs::read_to_string(root().join("docs/kit-format.md")).unwrap();
    let blocks: Vec<&str> = doc
        .split("```yaml\n")
        .skip(1)
        .map(|b| &b[..b.find("```").expect("closed")])
        .collect();
    let base = *blocks
        .iter()
        .find(|b| b.starts_with("kit:") || b.contains("\nkit:"))
        .expect("a complete example kit");
    assert!(blocks.len() >= 3, "{} examples", blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        // A sketch that leaves parts out (`# …`) shows a shape, not a file.
        if block.contains("# …") {
            continue;
        }
        let tmp = tempfile::tempdir().unwrap();
        let whole = block.starts_with("kit:") || block.contains("\nkit:");
        if !whole {
            fs::write(tmp.path().join("a-base.yaml"), base).unwrap();
        }
        fs::write(tmp.path().join("example.yaml"), block).unwrap();
        let out = thinkkit(tmp.path())
            .args(["kit", "validate", "."])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "example {} of docs/kit-format.md does not validate:\n{block}\n{}",
            i + 1,
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
