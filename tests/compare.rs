//! `thinkkit compare` through the binary (issue 15): the worked example and two variants of it side
//! by side in Markdown, CSV and HTML; plans of different kits refused; one plan alone; a folder
//! of plans; versions of one kit; one question in full.

use std::fs;
use std::path::Path;

use scraper::{Html, Selector};

use crate::common::{redact, root, thinkkit};

const EXAMPLE: &str = "examples/riverside-homes.plan.yaml";

fn redact_date(text: &str) -> String {
    let today = jiff::Zoned::now().date();
    text.replace(&today.strftime("%-d %B %Y").to_string(), "[DATE]")
}

/// The worked example and two variants in `dir`: `b` is a breakout group with a smaller budget,
/// other cards and a different vision; `c` was saved with an older version of the kit and
/// answers fewer questions.
fn three_plans(dir: &Path) -> [String; 3] {
    let example = fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let a = dir.join("a.plan.yaml");
    fs::write(&a, &example).unwrap();
    let b = example
        .replace(
            "organisation: Riverside Homes\n",
            "organisation: Riverside Homes\nteam: North <b>group</b> | 2\n",
        )
        .replace("activity-budget: 120000", "activity-budget: 60000")
        .replace("customers-online-share: 64", "customers-online-share: 58")
        .replace(
            "- id: self-service-modules\n",
            "- id: libraries-partnership\n",
        )
        .replace("staff-confidence: mixed", "staff-confidence: weak");
    fs::write(dir.join("b.plan.yaml"), b).unwrap();
    let c = example
        .replace("version: 1.0.0", "version: 0.9.0")
        .replace(
            "organisation: Riverside Homes\n",
            "organisation: Riverside Homes\nteam: South\n",
        )
        .replace("  activity-budget: 120000\n", "")
        .replace("strategy-years: 3", "strategy-years: 5");
    fs::write(dir.join("c.plan.yaml"), c).unwrap();
    ["a.plan.yaml", "b.plan.yaml", "c.plan.yaml"].map(str::to_owned)
}

fn run(dir: &Path, args: &[&str]) -> (String, String) {
    let out = thinkkit(dir).arg("compare").args(args).output().unwrap();
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert!(out.status.success(), "{stderr}");
    (String::from_utf8(out.stdout).unwrap(), stderr)
}

#[test]
fn the_worked_example_and_two_variants_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let (md, stderr) = run(dir.path(), &[&plans[0], &plans[1], &plans[2]]);
    assert!(
        stderr.contains("warning: some plans were made with another version of kit `digital-inclusion`: version 0.9.0 (`c.plan.yaml`)"),
        "{stderr}"
    );
    insta::assert_snapshot!("three_plans_md", redact_date(&md));
}

#[test]
fn the_worked_example_and_two_variants_in_csv() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let (csv, _) = run(
        dir.path(),
        &[&plans[0], &plans[1], &plans[2], "--format", "csv"],
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "a header and one row per plan:\n{csv}");
    let width = lines[0].split(',').count();
    assert!(
        lines[0].starts_with(
            "plan,file,kit-version,population,share-online,budget,first-year-cost-low"
        )
    );
    // The team's name has a comma-free `|` and HTML in it: CSV keeps it as text.
    assert!(
        lines[2].starts_with(
            "Riverside Homes: North <b>group</b> | 2,b.plan.yaml,1.0.0,4150,58,60000,"
        ),
        "{}",
        lines[2]
    );
    assert!(
        lines[3].starts_with("Riverside Homes: South,c.plan.yaml,0.9.0,4150,64,,"),
        "{}",
        lines[3]
    );
    assert!(
        width > 100,
        "answers, cards and checks are columns too: {width}"
    );
    insta::assert_snapshot!("three_plans_csv", csv);
}

#[test]
fn the_worked_example_and_two_variants_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let (html, _) = run(
        dir.path(),
        &[&plans[0], &plans[1], &plans[2], "--format", "html"],
    );
    let doc = Html::parse_document(&html);
    let sel = |s: &str| Selector::parse(s).unwrap();
    // The team name with markup in it is text, never an element.
    assert!(
        doc.select(&sel("main b, body b")).next().is_none(),
        "{html}"
    );
    assert!(html.contains("North &lt;b&gt;group&lt;/b&gt; | 2"));
    let tables: Vec<_> = doc.select(&sel("table")).collect();
    // Plans, key figures, answers that differ, cards, reality checks.
    assert_eq!(tables.len(), 5);
    let figures = tables[1];
    let head: Vec<String> = figures
        .select(&sel("thead th"))
        .map(|th| th.text().collect::<String>())
        .collect();
    assert_eq!(
        head,
        [
            "Figure",
            "Riverside Homes",
            "Riverside Homes: North <b>group</b> | 2",
            "Riverside Homes: South",
            "Median",
            "Range"
        ]
    );
    let budget: Vec<String> = figures
        .select(&sel("tbody tr"))
        .find(|tr| {
            tr.text()
                .collect::<String>()
                .starts_with("Activity budget a year")
        })
        .unwrap()
        .select(&sel("td"))
        .map(|td| td.text().collect::<String>())
        .collect();
    assert_eq!(
        budget,
        [
            "Activity budget a year",
            "£120,000 · above",
            "£60,000 · below",
            "–",
            "£90,000",
            "£60,000–£120,000"
        ]
    );
    // Charts: one per figure at least two plans give, each an accessible SVG.
    let charts: Vec<_> = doc.select(&sel("figure.chart svg[role=img]")).collect();
    assert!(charts.len() >= 6, "{} charts", charts.len());
    let titles: Vec<String> = doc
        .select(&sel("figure.chart svg > title"))
        .map(|t| t.text().collect())
        .collect();
    assert!(
        titles.iter().any(|t| t == "Activity budget a year"),
        "{titles:?}"
    );
    // The checks matrix shows the variant with weak staff confidence raising the training check.
    let checks = tables[4].text().collect::<String>();
    assert!(checks.contains("warning"), "{checks}");
}

#[test]
fn plans_of_different_kits_are_refused_naming_the_odd_one_out() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let odd = root().join("examples/community-kit.plan.yaml");
    let out = thinkkit(dir.path())
        .arg("compare")
        .args([&plans[0], &plans[1]])
        .arg(&odd)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = redact(&String::from_utf8(out.stderr).unwrap(), dir.path());
    assert_eq!(
        stderr,
        "error: plans of different kits cannot be compared: `[ROOT]/examples/community-kit.plan.yaml` was made with kit `estate-digital-help`, the other 2 with kit `digital-inclusion`; compare the plans of each kit separately\n"
    );
}

#[test]
fn one_plan_alone_is_shown_with_nothing_to_compare() {
    let (md, stderr) = run(&root(), &[EXAMPLE]);
    assert!(stderr.contains("only one plan"), "{stderr}");
    assert!(
        md.contains("One plan, so there is nothing to compare it with yet"),
        "{md}"
    );
    assert!(
        md.contains("| Activity budget a year | £120,000 | £120,000 | £120,000 |"),
        "{md}"
    );
    assert!(md.contains("With one plan, nothing differs."), "{md}");
}

#[test]
fn a_folder_of_plans_and_a_pattern() {
    let (md, _) = run(&root(), &["examples/breakout/"]);
    assert!(md.starts_with("# Comparing 2 plans:"), "{md}");
    assert!(
        md.contains("| Figure | Oakfield Housing: Blue group | Oakfield Housing: Red group | Median | Range |"),
        "{md}"
    );
    let (by_pattern, _) = run(&root(), &["examples/breakout/*.plan.yaml"]);
    assert_eq!(by_pattern, md);
    let (by_team, _) = run(&root(), &["examples/breakout", "--names", "team"]);
    assert!(
        by_team.contains("| Figure | Blue group | Red group | Median | Range |"),
        "{by_team}"
    );
    let dir = tempfile::tempdir().unwrap();
    let out = thinkkit(dir.path())
        .args(["compare", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("has no plans (`*.plan.yaml`)")
    );
}

#[test]
fn one_question_in_full() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let (md, _) = run(
        dir.path(),
        &[&plans[0], &plans[1], "--question", "inclusion-in-what"],
    );
    assert!(md.starts_with("# Inclusion in what?"), "{md}");
    assert_eq!(md.matches("\n## ").count(), 2, "{md}");
    let whole = fs::read_to_string(dir.path().join(&plans[0])).unwrap();
    assert!(whole.contains("inclusion-in-what"));
    let out = thinkkit(dir.path())
        .args(["compare", &plans[0], "--question", "inclusion-in-wat"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("did you mean `inclusion-in-what`?")
    );
}

#[test]
fn word_needs_a_file_and_is_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let plans = three_plans(dir.path());
    let out = thinkkit(dir.path())
        .args(["compare", &plans[0], &plans[1], "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    run(dir.path(), &[&plans[0], &plans[1], "-o", "cmp.docx"]);
    let bytes = fs::read(dir.path().join("cmp.docx")).unwrap();
    assert!(bytes.starts_with(b"PK"), "a .docx is a zip file");
}

/// The README compares the breakout example; what it shows must be what the command prints.
#[test]
fn the_readme_shows_the_breakout_comparison_as_it_is() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let (md, _) = run(&root(), &["examples/breakout/", "--names", "team"]);
    let section = readme
        .split("## Comparing plans")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the README has a section on comparing plans");
    let tables: Vec<&str> = section
        .split("\n\n")
        .filter(|block| block.starts_with('|'))
        .collect();
    assert_eq!(tables.len(), 2, "{section}");
    for table in tables {
        assert!(
            md.contains(table),
            "README table not in the output:\n{table}\n\n{md}"
        );
    }
}
