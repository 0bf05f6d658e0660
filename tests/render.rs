//! `thinkkit render` and `thinkkit templates export`, through the binary (issue 5): the strategy
//! document in Markdown, HTML and Word, templates users can override, and the shipped examples.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use scraper::{ElementRef, Html, Selector};
use thinkkit::analysis::{self, Analysis};
use thinkkit::charts;
use thinkkit::interview::Interview;
use thinkkit::kit::{self, Kit};
use thinkkit::plan;
use thinkkit::text::money;

use crate::common::{fixture, root, thinkkit};

const EXAMPLE: &str = "examples/riverside-homes.plan.yaml";

/// The date as documents print it today; snapshots replace it with `[DATE]`.
fn redact_date(text: &str) -> String {
    let today = jiff::Zoned::now().date();
    text.replace(&today.strftime("%-d %B %Y").to_string(), "[DATE]")
}

/// Run `thinkkit render ARGS…` in `dir` and return standard output.
fn render(dir: &Path, args: &[&str]) -> String {
    let out = thinkkit(dir).arg("render").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).expect("documents are UTF-8")
}

fn empty_plan(dir: &Path) -> PathBuf {
    let path = dir.join("empty.plan.yaml");
    fs::write(
        &path,
        "thinkkit-plan: 1\nkit:\n  id: digital-inclusion\n  version: 1.0.0\n",
    )
    .unwrap();
    path
}

/// The HTML with each chart's SVG cut down to its title: the snapshots follow the document,
/// while the charts' drawings (many kilobytes of shapes and coordinates) are checked by
/// structure below and in tests/analysis.rs.
fn redact_charts(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<svg") {
        out.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").expect("an SVG ends") + start + "</svg>".len();
        let svg = &rest[start..end];
        let title = svg
            .split_once("<title>")
            .and_then(|(_, t)| t.split_once("</title>"))
            .map_or("", |(t, _)| t);
        out.push_str(&format!("<svg>[chart: {title}]</svg>"));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn text(e: ElementRef<'_>) -> String {
    e.text().collect::<String>().trim().to_owned()
}

fn builtin_kit() -> Kit {
    kit::load::load_arg(None).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Snapshots

#[test]
fn example_plan_markdown() {
    let md = render(&root(), &[EXAMPLE]);
    insta::assert_snapshot!("example_md", redact_date(&md));
}

#[test]
fn example_plan_html() {
    let html = render(&root(), &[EXAMPLE, "--format", "html"]);
    insta::assert_snapshot!("example_html", redact_charts(&redact_date(&html)));
}

#[test]
fn empty_plan_markdown_marks_everything_to_decide() {
    let dir = tempfile::tempdir().unwrap();
    let plan = empty_plan(dir.path());
    let md = render(dir.path(), &[plan.to_str().unwrap()]);
    assert!(md.contains("**Draft**"), "{md}");
    insta::assert_snapshot!("empty_md", redact_date(&md));
}

/// The document counts questions as the workshop and `status` do: every question of the kit
/// once, and "to decide" only for what the team marked so (issue 10: the document said "45 of
/// 48" while the workshop said "of 49", and "3 questions to decide" for a plan with none
/// marked).
#[test]
fn the_document_counts_questions_as_the_workshop_does() {
    let dir = tempfile::tempdir().unwrap();
    thinkkit(dir.path())
        .args(["answer", "p.plan.yaml", "--org", "Test Homes"])
        .args(["--set", "homes-count=4200"])
        .args(["--to-decide", "activity-budget=The board sets it in April"])
        .assert()
        .success();
    let status = thinkkit(dir.path())
        .args(["status", "p.plan.yaml"])
        .assert()
        .success();
    let status = String::from_utf8(status.get_output().stdout.clone()).unwrap();
    let kit = builtin_kit();
    let total = kit
        .components()
        .iter()
        .map(|c| c.questions.len())
        .sum::<usize>();
    let line = format!("1 of {total} answered · 1 to decide");
    assert!(status.contains(&line), "{status}");
    let md = render(dir.path(), &["p.plan.yaml"]);
    let head = md.lines().find(|l| l.starts_with("**Draft**")).unwrap();
    assert!(
        head.contains(&format!(
            "1 of {total} questions are answered; 1 is marked **To decide**;"
        )),
        "{head}"
    );
    let plan = plan::read(&dir.path().join("p.plan.yaml")).unwrap();
    let overall = Interview::new(&kit).overall(&plan);
    assert!(
        head.contains(&format!("{} still to answer", overall.open)),
        "{head}"
    );
    assert!(
        md.contains(&format!(
            "draft, {} questions still open (1 marked to decide)",
            overall.open + 1
        )),
        "{md}"
    );
}

#[test]
fn empty_plan_html() {
    let dir = tempfile::tempdir().unwrap();
    let plan = empty_plan(dir.path());
    let html = render(dir.path(), &[plan.to_str().unwrap(), "--format", "html"]);
    insta::assert_snapshot!("empty_html", redact_charts(&redact_date(&html)));
}

// ---------------------------------------------------------------------------------------------
// HTML structure

fn check_structure(html: &str, kit: &Kit, has_tables: bool) {
    let doc = Html::parse_document(html);
    let root_el = doc.select(&sel("html")).next().unwrap();
    assert_eq!(root_el.value().attr("lang"), Some("en-GB"));
    assert!(doc.select(&sel("head meta[charset]")).next().is_some());
    assert!(
        doc.select(&sel("head meta[name=viewport]"))
            .next()
            .is_some()
    );
    assert!(!text(doc.select(&sel("head title")).next().unwrap()).is_empty());
    assert_eq!(doc.select(&sel("h1")).count(), 1, "exactly one h1");

    // One h2 per component, each with an id the contents list links to.
    let h2s: Vec<ElementRef<'_>> = doc.select(&sel("main h2")).collect();
    for c in kit.components() {
        assert!(
            h2s.iter().any(|h| text(*h) == c.title),
            "no h2 for component `{}`",
            c.title
        );
    }
    let nav_links: Vec<String> = doc
        .select(&sel("nav a"))
        .map(|a| a.value().attr("href").unwrap().to_owned())
        .collect();
    assert_eq!(
        nav_links.len(),
        h2s.len(),
        "the contents list every section"
    );
    for href in &nav_links {
        let id = href.strip_prefix('#').expect("contents links are anchors");
        let target = doc
            .select(&sel(&format!("[id=\"{id}\"]")))
            .next()
            .unwrap_or_else(|| panic!("contents link {href} leads nowhere"));
        assert_eq!(target.value().name(), "h2");
    }

    // Tables have header cells.
    let tables: Vec<ElementRef<'_>> = doc.select(&sel("table")).collect();
    assert_eq!(!tables.is_empty(), has_tables);
    for t in &tables {
        assert!(
            t.select(&sel("thead th")).next().is_some(),
            "table without th"
        );
    }

    // Self-contained: no scripts, no external stylesheets, images or frames.
    for bad in ["script", "link[rel=stylesheet]", "img", "iframe", "[src]"] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "found {bad}");
    }
    // Print and phone rules are in the inline CSS.
    let css = text(doc.select(&sel("style")).next().unwrap());
    for rule in [
        "@page",
        "size: A4",
        "break-before: page",
        "@media print",
        "max-width",
        "overflow-x: auto",
    ] {
        assert!(css.contains(rule), "CSS lacks `{rule}`");
    }
}

#[test]
fn example_html_structure() {
    let html = render(&root(), &[EXAMPLE, "--format", "html"]);
    check_structure(&html, &builtin_kit(), true);
}

#[test]
fn empty_plan_html_structure() {
    let dir = tempfile::tempdir().unwrap();
    let plan = empty_plan(dir.path());
    let html = render(dir.path(), &[plan.to_str().unwrap(), "--format", "html"]);
    // Nothing answered yet, so no tables: every question is a To decide item.
    check_structure(&html, &builtin_kit(), false);
    let doc = Html::parse_document(&html);
    let to_decide = doc
        .select(&sel("blockquote"))
        .filter(|b| text(*b).starts_with("To decide"))
        .count();
    assert!(to_decide >= builtin_kit().components().len(), "{to_decide}");
}

// ---------------------------------------------------------------------------------------------
// Injected text stays inert

/// A plan full of markup, for the hostile fixture kit (whose own text is full of markup too).
/// Its values are valid where the plan is checked on reading (a start is a month, a channel mix
/// adds up to 100): the markup is in the text, which no check refuses.
fn hostile_plan(dir: &Path) -> PathBuf {
    let kit_path = fixture("render/hostile-kit");
    let plan = format!(
        r#"thinkkit-plan: 1
kit:
  id: hostile
  version: 1.0.0
  path: '{}'
organisation: "<script>alert('org')</script> Homes"
answers:
  homes: 12
  name: "A | B <script>alert(1)</script>"
  story: |
    <img src=x onerror=alert(1)>

    [x](javascript:alert(1)) and [y](JaVaScRiPt:alert(2)) and <javascript:alert(3)>

    # Heading injection

    Title
    =====

    <script>alert(2)</script>

    [ok](https://example.org/ok) ![pic](https://example.org/tracker.png)
  pick: a
  items:
    - "[x](javascript:alert(1))"
    - "<a href='javascript:alert(3)'>a</a>"
    - "| pipe |"
  budget: 1000
cards:
  - id: bad-card
    owner: "<script>alert('owner')</script>"
    start: 2026-09
    notes: "[n](javascript:alert(1)) <img src=x onerror=alert(1)> {{#id onclick=alert(1)}}"
measures:
  - id: m
    baseline:
      value: 1
      date: 2026-01-01
channel-shift:
  services:
    - service: "<img src=x onerror=alert('svc')>"
      transactions-per-year: 100
      now: {{ online: 100 }}
      target: {{ online: 100 }}
"#,
        kit_path.display()
    );
    let path = dir.join("hostile.plan.yaml");
    fs::write(&path, plan).unwrap();
    path
}

fn assert_inert(html: &str) {
    let doc = Html::parse_document(html);
    for bad in [
        "script",
        "img",
        "iframe",
        "object",
        "embed",
        "foreignObject",
        "[src]",
        "[href]:not(a)",
    ] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "found live `{bad}`");
    }
    // The only SVGs are the charts thinkkit draws, each alone in its figure.
    for svg in doc.select(&sel("svg")) {
        let parent = ElementRef::wrap(svg.parent().unwrap()).unwrap();
        assert_eq!(parent.value().name(), "figure", "an SVG outside a chart");
        assert!(parent.value().classes().any(|c| c == "chart"));
        assert_eq!(parent.children().filter_map(ElementRef::wrap).count(), 1);
        assert_eq!(svg.value().attr("role"), Some("img"));
    }
    for el in doc.select(&sel("*")) {
        for (name, value) in el.value().attrs() {
            assert!(
                !name.to_ascii_lowercase().starts_with("on"),
                "event handler `{name}` on <{}>",
                el.value().name()
            );
            let v = value.trim().to_ascii_lowercase();
            assert!(
                !v.starts_with("javascript:") && !v.starts_with("data:"),
                "`{name}={value}` on <{}>",
                el.value().name()
            );
        }
    }
    for a in doc.select(&sel("a[href]")) {
        let href = a.value().attr("href").unwrap();
        assert!(
            href.starts_with("https://")
                || href.starts_with("http://")
                // The contents list, made by the page template, not from text.
                || (href.starts_with('#') && a.ancestors().any(|n| n.value().as_element().is_some_and(|e| e.name() == "nav"))),
            "link to `{href}`"
        );
    }
}

#[test]
fn injected_markup_in_answers_and_kit_text_is_inert_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_plan(dir.path());
    let html = render(dir.path(), &[plan.to_str().unwrap(), "--format", "html"]);
    assert_inert(&html);
    let doc = Html::parse_document(&html);
    // The markup is shown as the text people typed, not dropped.
    let body = doc.root_element().text().collect::<String>();
    for shown in [
        "<script>alert('org')</script> Homes",
        "A | B <script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<script>alert('owner')</script>",
        "Card <script>alert('card')</script>",
        "Start <script>alert('component')</script>",
    ] {
        assert!(body.contains(shown), "`{shown}` not shown as text");
    }
    // A heading in an answer does not become a heading of the document.
    assert_eq!(doc.select(&sel("h1")).count(), 1);
    assert!(
        !doc.select(&sel("h2"))
            .any(|h| text(h).contains("Heading injection"))
    );
    // A pipe in an answer stays in its cell.
    let answer_row = doc
        .select(&sel("tr"))
        .find(|r| text(*r).contains("A | B"))
        .unwrap();
    assert_eq!(answer_row.select(&sel("td")).count(), 2);
    // Allowed links survive; the page keeps its own language tag when the kit's is not one.
    assert!(
        doc.select(&sel("a[href=\"https://example.org/ok\"]"))
            .next()
            .is_some()
    );
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("en")
    );
}

#[test]
fn injected_markup_is_inert_in_word() {
    let dir = tempfile::tempdir().unwrap();
    let plan = hostile_plan(dir.path());
    let out = dir.path().join("hostile.docx");
    thinkkit(dir.path())
        .args([
            "render",
            plan.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let rels = unzip(&out, "word/_rels/document.xml.rels");
    assert!(!rels.to_ascii_lowercase().contains("javascript"), "{rels}");
    assert!(rels.contains("https://example.org/ok"), "{rels}");
    let doc = unzip(&out, "word/document.xml");
    assert!(
        doc.contains("&lt;script&gt;alert(&#39;org&#39;)&lt;/script&gt; Homes"),
        "organisation shown as text"
    );
}

// ---------------------------------------------------------------------------------------------
// Word

fn unzip(path: &Path, name: &str) -> String {
    let file = fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).expect("a .docx is a zip file");
    let mut entry = zip.by_name(name).unwrap_or_else(|_| panic!("no {name}"));
    let mut s = String::new();
    entry.read_to_string(&mut s).unwrap();
    s
}

#[test]
fn example_word_document_has_heading_styles_tables_and_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("strategy.docx");
    thinkkit(&root())
        .args(["render", EXAMPLE, "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stdout("");
    let doc = unzip(&out, "word/document.xml");
    // The document's title in Word's Title style, its sections and subsections as headings.
    assert_eq!(doc.matches(r#"<w:pStyle w:val="Title"/>"#).count(), 1);
    assert!(doc.matches(r#"<w:pStyle w:val="Heading1"/>"#).count() >= 11);
    assert!(doc.contains(r#"<w:pStyle w:val="Heading2"/>"#));
    assert!(doc.matches("<w:tbl>").count() >= 5, "tables");
    assert!(doc.contains("Riverside Homes"));
    assert!(doc.contains("<w:numPr>"), "lists are numbered paragraphs");
    assert!(doc.contains("<w:hyperlink"), "links");
    assert!(doc.contains("<w:b/>"), "bold");
    assert!(doc.contains("<w:i/>"), "italic");
    let styles = unzip(&out, "word/styles.xml");
    for level in 1..=3 {
        assert!(styles.contains(&format!(
            r#"w:styleId="Heading{level}"><w:name w:val="heading {level}"/>"#
        )));
    }
    assert!(styles.contains(r#"<w:outlineLvl w:val="0"/>"#));
    let rels = unzip(&out, "word/_rels/document.xml.rels");
    assert!(
        rels.contains("http://digitalinclusionandhousing.scot/"),
        "{rels}"
    );
}

#[test]
fn word_goes_to_standard_output_when_it_is_not_a_terminal() {
    let out = thinkkit(&root())
        .args(["render", EXAMPLE, "--format", "docx"])
        .assert()
        .success();
    assert!(out.get_output().stdout.starts_with(b"PK\x03\x04"));
}

#[test]
fn format_follows_the_output_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("s.md", "# Riverside Homes"),
        ("s.html", "<!doctype html>"),
        ("s.docx", "PK"),
    ] {
        let out = dir.path().join(name);
        thinkkit(&root())
            .args(["render", EXAMPLE, "-o", out.to_str().unwrap()])
            .assert()
            .success();
        let bytes = fs::read(&out).unwrap();
        assert!(bytes.starts_with(starts.as_bytes()), "{name}");
    }
    thinkkit(&root())
        .args([
            "render",
            EXAMPLE,
            "-o",
            dir.path().join("s.pdf").to_str().unwrap(),
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("cannot tell the format"));
    // An explicit --format wins over the extension.
    let out = dir.path().join("notes.txt");
    thinkkit(&root())
        .args([
            "render",
            EXAMPLE,
            "--format",
            "md",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("# Riverside Homes")
    );
}

#[test]
fn kit_version_change_is_a_warning_not_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("old.plan.yaml");
    fs::write(
        &plan,
        "thinkkit-plan: 1\nkit:\n  id: digital-inclusion\n  version: 0.9.0\nanswers:\n  gone-question: 3\n",
    )
    .unwrap();
    let out = thinkkit(dir.path())
        .args(["render", plan.to_str().unwrap()])
        .assert()
        .success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("warning: plan was made with kit"),
        "{stderr}"
    );
    assert!(stderr.contains("`gone-question`"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(stdout.contains("last saved with version 0.9.0"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// The analysis in the document (issue 6): figures, sources, reality checks, charts in HTML only

/// A plan and its kit as `thinkkit render` reads them, with the analysis of it.
fn analysed(path: &Path) -> (Kit, plan::Plan, Analysis) {
    let mut plan = plan::read(path).unwrap();
    let kit = plan::kit_for(&plan, path, None).unwrap();
    plan::reconcile(&mut plan, &kit).unwrap();
    let a = analysis::analyse(&kit, &plan);
    (kit, plan, a)
}

/// How many charts the analysis has something to draw for.
fn drawable_charts(a: &Analysis) -> usize {
    usize::from(charts::channel_mix_svg(a).is_some())
        + usize::from(charts::cost_by_activity_svg(a).is_some())
        + charts::measure_progress_svgs(a).len()
}

/// The elements of `main`, grouped by the `h2` section they fall in (by its id).
fn sections(doc: &Html) -> Vec<(String, Vec<ElementRef<'_>>)> {
    let main = doc.select(&sel("main")).next().unwrap();
    let mut out: Vec<(String, Vec<ElementRef<'_>>)> = Vec::new();
    for el in main.children().filter_map(ElementRef::wrap) {
        if el.value().name() == "h2" {
            out.push((el.value().attr("id").unwrap().to_owned(), Vec::new()));
        } else if let Some((_, els)) = out.last_mut() {
            els.push(el);
        }
    }
    out
}

fn section<'a>(doc: &'a Html, id: &str) -> Vec<ElementRef<'a>> {
    sections(doc)
        .into_iter()
        .find(|(i, _)| i == id)
        .unwrap_or_else(|| panic!("no section `{id}`"))
        .1
}

/// The rows of the first table in `els` whose header has `header`, as cell texts.
fn table_rows(els: &[ElementRef<'_>], header: &str) -> Vec<Vec<String>> {
    let tables = sel("table");
    let table = els
        .iter()
        .flat_map(|e| e.select(&tables))
        .find(|t| t.select(&sel("th")).any(|th| text(th) == header))
        .unwrap_or_else(|| panic!("no table with a `{header}` column"));
    table
        .select(&sel("tbody tr"))
        .map(|r| r.select(&sel("td")).map(text).collect())
        .collect()
}

#[test]
fn example_html_shows_savings_with_sources_checks_progress_and_charts() {
    let html = render(&root(), &[EXAMPLE, "--format", "html"]);
    let doc = Html::parse_document(&html);
    let (kit, plan, a) = analysed(&root().join(EXAMPLE));
    assert_eq!(doc.select(&sel("script")).count(), 0);

    // Savings per service and in total, as the analysis works them out.
    let services = section(&doc, "services-moving-online");
    let rows = table_rows(&services, "Saving a year");
    assert!(a.channel_shift.complete && a.channel_shift.total_saving > 0.0);
    for s in &a.channel_shift.services {
        let row = rows.iter().find(|r| r[0] == s.service).unwrap();
        assert_eq!(row[2], money(s.saving.unwrap()), "{}", s.service);
    }
    assert_eq!(
        rows.last().unwrap(),
        &["Total", "", &money(a.channel_shift.total_saving)]
    );

    // Each unit cost names its source: the kit figure's title, document and year as the year
    // rule cites it (the built-in channel costs are undated), marked illustrative; or what the
    // plan says of its own.
    let figure = kit
        .figure(kit.bindings().channel_costs.as_deref().unwrap())
        .unwrap();
    assert!(figure.year.is_none() && figure.illustrative);
    assert_eq!(figure.cited_year(), "undated");
    let document = &kit.source(&figure.source).unwrap().title;
    let sources = table_rows(&services, "Source");
    for (channel, cost) in [
        ("Face to face", "£14.00"),
        ("Telephone", "£5.00"),
        ("Online", "£0.17"),
    ] {
        let row = sources.iter().find(|r| r[0] == channel).unwrap();
        assert_eq!(row[1], cost);
        assert!(row[2].contains(&figure.title), "{row:?}");
        assert!(row[2].contains(document.as_str()), "{row:?}");
        assert!(row[2].contains(&format!("{document}, undated")), "{row:?}");
        assert!(row[2].contains("illustrative"), "{row:?}");
    }
    let post = sources.iter().find(|r| r[0] == "Post").unwrap();
    assert_eq!(post[1], "£12.10");
    let own = plan.channel_shift.unit_costs_source.as_deref().unwrap();
    assert!(post[2].contains(own), "{post:?}");
    // And the kit's caveat on its figure is quoted.
    let caveat = figure.note.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(services.iter().any(|e| text(*e).contains(&caveat)));

    // Reality checks: each title as a heading, with its facts.
    let checks = section(&doc, "reality-checks");
    assert!(!a.checks.is_empty());
    for c in &a.checks {
        assert!(
            checks
                .iter()
                .any(|e| e.value().name() == "h3" && text(*e) == c.title),
            "no heading `{}`",
            c.title
        );
        let all: String = checks
            .iter()
            .map(|e| text(*e))
            .collect::<Vec<_>>()
            .join("\n")
            .to_lowercase();
        // Each fact, with the ids it names in backticks put in a reader's words (a check with
        // one fact shows it as a sentence, capitalised).
        for f in &c.facts {
            for (i, words) in f.text.split('`').enumerate() {
                if i % 2 == 0 {
                    assert!(
                        all.contains(&words.trim().to_lowercase()),
                        "fact `{}`",
                        f.text
                    );
                }
            }
        }
        assert!(!all.contains('`'), "{all}");
    }

    // First year against the budget, reach and coverage.
    let costs: String = section(&doc, "costs").iter().map(|e| text(*e)).collect();
    assert!(
        costs.contains(&format!("the first year's {}", a.costs.first_year.text())),
        "{costs}"
    );
    let reach = table_rows(&section(&doc, "reach-and-coverage"), "Figure");
    assert_eq!(reach[0][1], format!("{}*", a.reach.people.text()));

    // Measures: a status for each that has one.
    let progress = table_rows(&section(&doc, "measures"), "Status");
    for m in &a.measures {
        let row = progress.iter().find(|r| r[0] == m.title).unwrap();
        match m.status {
            Some(s) => assert!(row[4].eq_ignore_ascii_case(s.label()), "{row:?}"),
            None => assert!(row[4].starts_with("No status"), "{row:?}"),
        }
    }

    // One accessible, printable chart per figure the analysis can draw, in its section.
    let svgs: Vec<ElementRef<'_>> = doc.select(&sel("figure.chart > svg[role=img]")).collect();
    assert_eq!(svgs.len(), drawable_charts(&a));
    assert_eq!(doc.select(&sel("svg")).count(), svgs.len());
    for svg in &svgs {
        let title = svg
            .select(&sel("title"))
            .next()
            .expect("a chart has a title");
        assert!(!text(title).is_empty());
        assert!(svg.value().attr("viewBox").is_some(), "scales to the page");
    }
    let in_section = |id: &str, class: &str| {
        section(&doc, id)
            .iter()
            .any(|e| e.value().name() == "figure" && e.value().classes().any(|c| c == class))
    };
    assert!(in_section("services-moving-online", "chart-channel-mix"));
    assert!(in_section("costs", "chart-cost-by-activity"));
    assert!(in_section("measures", "chart-measure-0"));
    let css = text(doc.select(&sel("style")).next().unwrap());
    assert!(css.contains("figure.chart svg { display: block; max-width: 100%; height: auto; }"));
    // Every token was replaced.
    assert!(!html.contains("thinkkit-chart"));
}

#[test]
fn example_markdown_has_the_figures_as_tables_and_no_charts() {
    let md = render(&root(), &[EXAMPLE]);
    let (_, _, a) = analysed(&root().join(EXAMPLE));
    assert!(
        !md.contains("<svg") && !md.contains("thinkkit-chart"),
        "{md}"
    );
    assert!(md.contains("### Savings a year\n\n| Service | Transactions a year | Saving a year |"));
    assert!(md.contains(&format!(
        "| **Total** | | **{}** |",
        money(a.channel_shift.total_saving)
    )));
    assert!(md.contains("## Reality checks\n"));
    assert!(md.contains("### Progress against the targets\n"));
}

#[test]
fn example_word_document_has_the_savings_and_unit_costs_tables() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("strategy.docx");
    thinkkit(&root())
        .args(["render", EXAMPLE, "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let (_, _, a) = analysed(&root().join(EXAMPLE));
    let doc = unzip(&out, "word/document.xml");
    let tables: Vec<&str> = doc
        .split("<w:tbl>")
        .skip(1)
        .map(|t| t.split("</w:tbl>").next().unwrap())
        .collect();
    let savings = tables
        .iter()
        .find(|t| t.contains("Saving a year") && !t.contains("Cost per contact"))
        .expect("a savings table");
    for s in &a.channel_shift.services {
        assert!(savings.contains(&s.service) && savings.contains(&money(s.saving.unwrap())));
    }
    assert!(savings.contains(&money(a.channel_shift.total_saving)));
    assert!(
        tables.iter().any(|t| t.contains("Cost per contact")
            && t.contains("undated")
            && t.contains("illustrative")),
        "a unit-costs table with its sources"
    );
    assert!(!doc.contains("thinkkit-chart") && !doc.contains("svg"));
}

/// A plan whose text imitates the charts' placeholders and markup, on the built-in kit.
#[test]
fn chart_placeholders_and_markup_in_plan_text_cannot_make_an_svg() {
    let dir = tempfile::tempdir().unwrap();
    let token = |name: &str| format!("{{thinkkit-chart:0123456789abcdef0123456789abcdef:{name}}}");
    let plan = format!(
        r#"thinkkit-plan: 1
kit:
  id: digital-inclusion
  version: 1.0.0
organisation: "{mix}"
answers:
  homes-count: 1000
  customers-online-share: 50
  inclusion-in-what: |
    {mix}

    {cost}

    <svg onload="alert(1)"><script>alert(2)</script></svg>
cards:
  - id: device-loans
    owner: "{measure}"
    notes: |
      {measure}
channel-shift:
  services:
    - service: <script>alert(1)</script>
      transactions-per-year: 1000
      now: {{ telephone: 80, online: 20 }}
      target: {{ telephone: 50, online: 50 }}
"#,
        mix = token("channel-mix"),
        cost = token("cost-by-activity"),
        measure = token("measure-0"),
    );
    let path = dir.path().join("imitation.plan.yaml");
    fs::write(&path, plan).unwrap();
    let (_, _, a) = analysed(&path);

    let html = render(dir.path(), &[path.to_str().unwrap(), "--format", "html"]);
    assert_inert(&html);
    let doc = Html::parse_document(&html);
    // The charts are the analysis's and no more: typing a token adds none.
    assert_eq!(drawable_charts(&a), 2);
    assert_eq!(doc.select(&sel("svg")).count(), 2);
    assert_eq!(doc.select(&sel("figure.chart")).count(), 2);
    // What people typed is shown as they typed it.
    let body = doc.root_element().text().collect::<String>();
    for shown in [
        token("channel-mix"),
        token("cost-by-activity"),
        token("measure-0"),
        "<svg onload=\"alert(1)\"><script>alert(2)</script></svg>".to_owned(),
    ] {
        assert!(body.contains(&shown), "`{shown}` not shown as text");
    }
    // The service's name is text in the savings table and in the chart's description.
    let services = section(&doc, "services-moving-online");
    assert!(
        table_rows(&services, "Saving a year")
            .iter()
            .any(|r| r[0] == "<script>alert(1)</script>")
    );
    let desc = doc
        .select(&sel("figure.chart-channel-mix desc"))
        .next()
        .expect("the channel mix chart describes itself");
    assert!(
        text(desc).contains("<script>alert(1)</script>"),
        "{}",
        text(desc)
    );

    // In the Markdown the same text is escaped, so no line of it can pass for a token.
    let md = render(dir.path(), &[path.to_str().unwrap()]);
    assert!(md.contains("\\{thinkkit-chart:"), "{md}");
    assert!(
        !md.lines()
            .any(|l| l.trim_start().starts_with("{thinkkit-chart")),
        "{md}"
    );
    assert!(!md.contains("<svg") || md.matches("<svg").count() == md.matches("\\<svg").count());
}

// ---------------------------------------------------------------------------------------------
// Templates

#[test]
fn a_user_template_replaces_the_built_in_of_the_same_name() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("strategy.md.tera"),
        "# Board paper for {{ organisation | md }}\n\n{% for c in components %}## {{ c.title | md }}\n{% endfor %}",
    )
    .unwrap();
    // Files with other names are ignored.
    fs::write(dir.path().join("notes.txt"), "{{ not a template").unwrap();
    let t = dir.path().to_str().unwrap();
    let md = render(&root(), &[EXAMPLE, "--templates", t]);
    assert!(
        md.starts_with("# Board paper for Riverside Homes\n"),
        "{md}"
    );
    assert!(md.contains("## Channel shift"));
    // The other formats are made from the same Markdown, with the built-in page shell.
    let html = render(&root(), &[EXAMPLE, "--templates", t, "--format", "html"]);
    assert!(
        html.contains("<title>Board paper for Riverside Homes</title>"),
        "{html}"
    );
    // And the page shell can be replaced too.
    fs::write(
        dir.path().join("page.html.tera"),
        "<!doctype html><html lang=\"{{ lang }}\"><title>{{ title }}</title>{{ body | safe }}</html>",
    )
    .unwrap();
    let html = render(&root(), &[EXAMPLE, "--templates", t, "--format", "html"]);
    assert!(
        html.starts_with("<!doctype html><html lang=\"en-GB\"><title>Board paper"),
        "{html}"
    );
}

#[test]
fn a_template_syntax_error_names_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("strategy.md.tera"),
        "# Title\n\n{% for c in components %}\n## {{ c.title | }}\n{% endfor %}\n",
    )
    .unwrap();
    let out = thinkkit(&root())
        .args([
            "render",
            EXAMPLE,
            "--templates",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let file = dir.path().join("strategy.md.tera");
    assert!(
        stderr.contains(&format!("{}:4:", file.display())),
        "no file:line in {stderr}"
    );
}

#[test]
fn a_template_error_at_render_time_names_the_template() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("strategy.md.tera");
    // An override that uses a field the context does not have (the author meant `a.id`).
    fs::write(
        &file,
        "# {{ front.title | md }}\n\n{% for c in components %}\n## {{ c.title | md }}\n{% for a in c.answers %}- {{ a.idx }}\n{% endfor %}{% endfor %}\n",
    )
    .unwrap();
    let out = thinkkit(&root())
        .args([
            "render",
            EXAMPLE,
            "--templates",
            dir.path().to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    let want = format!(
        "{}:5:30: cannot render template `strategy.md.tera`",
        file.display()
    );
    assert!(stderr.contains(&want), "wanted `{want}` in {stderr}");
    assert!(stderr.contains("Variable `a.idx` not found"), "{stderr}");
}

#[test]
fn missing_templates_folder_is_an_error() {
    thinkkit(&root())
        .args(["render", EXAMPLE, "--templates", "no/such/folder"])
        .assert()
        .failure()
        .stderr(predicates::str::contains(
            "templates folder `no/such/folder` does not exist",
        ));
}

#[test]
fn templates_export_writes_the_built_ins_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("my-templates");
    thinkkit(dir.path())
        .args(["templates", "export", "my-templates"])
        .assert()
        .success();
    let names: Vec<String> = {
        let mut n: Vec<String> = fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    };
    assert_eq!(
        names,
        [
            "cards.html.tera",
            "cards.md.tera",
            "compare.md.tera",
            "onepage.html.tera",
            "onepage.md.tera",
            "page.html.tera",
            "play.html.tera",
            "reference.docx",
            "sheets.html.tera",
            "sheets.md.tera",
            "strategy.md.tera"
        ]
    );
    // The exported templates render exactly like the built-ins.
    let built_in = render(&root(), &[EXAMPLE]);
    let exported = render(&root(), &[EXAMPLE, "--templates", target.to_str().unwrap()]);
    assert_eq!(built_in, exported);

    // A second export keeps the user's edits and says so.
    let strategy = target.join("strategy.md.tera");
    fs::write(&strategy, "# edited\n").unwrap();
    thinkkit(dir.path())
        .args(["templates", "export", "my-templates"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicates::str::contains("not overwriting"))
        .stderr(predicates::str::contains("--force"));
    assert_eq!(fs::read_to_string(&strategy).unwrap(), "# edited\n");
    thinkkit(dir.path())
        .args(["templates", "export", "my-templates", "--force"])
        .assert()
        .success();
    assert_ne!(fs::read_to_string(&strategy).unwrap(), "# edited\n");
}

// ---------------------------------------------------------------------------------------------
// Examples

fn example_plans() -> Vec<PathBuf> {
    let mut plans: Vec<PathBuf> = fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".plan.yaml"))
        .collect();
    plans.sort();
    plans
}

#[test]
fn every_example_plan_is_complete_and_valid() {
    let plans = example_plans();
    assert!(plans.len() >= 2, "{plans:?}");
    for path in plans {
        let mut plan = plan::read(&path).unwrap();
        let kit = plan::kit_for(&plan, &path, None).unwrap();
        let warnings = plan::reconcile(&mut plan, &kit).unwrap();
        assert!(warnings.is_empty(), "{}: {warnings:?}", path.display());
        assert!(plan.orphaned.is_empty());
        let interview = Interview::new(&kit);
        let mut problems = Vec::new();
        for (_, q) in kit.questions() {
            match (interview.applies(q, &plan.answers), plan.answers.get(&q.id)) {
                (true, None) => problems.push(format!("`{}` is not answered", q.id)),
                (false, Some(_)) => {
                    problems.push(format!("`{}` is answered but does not apply", q.id));
                }
                // The check `thinkkit answer` and the workshop make; it must not change the
                // answer either (a normalised value would show as a diff on the next save).
                (true, Some(a)) => match interview.accept(q, a) {
                    Ok(accepted) if &accepted == a => {}
                    Ok(accepted) => {
                        problems.push(format!("`{}` would be saved as {accepted:?}", q.id));
                    }
                    Err(e) => problems.push(format!("`{}`: {e}", q.id)),
                },
                (false, None) => {}
            }
        }
        for c in &plan.cards {
            if kit.card(&c.id).is_none() {
                problems.push(format!("card `{}` is not in the kit", c.id));
            }
        }
        for m in &plan.measures {
            if kit.measure(&m.id).is_none() {
                problems.push(format!("measure `{}` is not in the kit", m.id));
            }
            if m.baseline.is_none() || m.target.is_none() {
                problems.push(format!("measure `{}` lacks a baseline or target", m.id));
            }
        }
        for s in &plan.channel_shift.services {
            for shares in [&s.now, &s.target] {
                let total: f64 = shares.values().sum();
                if (total - 100.0).abs() > 0.01 {
                    problems.push(format!("`{}` shares add up to {total}", s.service));
                }
                for ch in shares.keys() {
                    if !kit
                        .vocabulary(kit::VocabularyName::Channels)
                        .iter()
                        .any(|t| &t.id == ch)
                    {
                        problems.push(format!("unknown channel `{ch}`"));
                    }
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{}:\n{}",
            path.display(),
            problems.join("\n")
        );
    }
}

#[test]
fn the_worked_example_is_a_full_plan() {
    let path = root().join(EXAMPLE);
    let plan = plan::read(&path).unwrap();
    let kit = builtin_kit();
    assert_eq!(plan.kit.id, kit.id());
    assert!((7..=10).contains(&plan.cards.len()), "about eight cards");
    assert!(plan.cards.iter().all(|c| c.owner.is_some()));
    assert!(
        plan.measures
            .iter()
            .filter(|m| !m.values.is_empty())
            .count()
            >= 3
    );
    assert!((2..=3).contains(&plan.channel_shift.services.len()));
    // Figures agree with each other: offline households follow from homes and share online.
    let n = |id: &str| plan.answers[id].as_number().unwrap();
    let offline = n("homes-count") * (100.0 - n("customers-online-share")) / 100.0;
    assert!((offline - n("offline-households")).abs() < 1.0);
    let baseline = plan
        .measures
        .iter()
        .find(|m| m.id == "tenants-online")
        .unwrap();
    assert!((baseline.baseline.as_ref().unwrap().value - n("customers-online-share")).abs() < 0.01);
}

/// The examples are plans `thinkkit answer` itself writes: feeding an example's content to
/// `answer --from` makes a new plan with the same answers, cards, measures and channel shift.
#[test]
fn every_example_plan_goes_through_thinkkit_answer() {
    let dir = tempfile::tempdir().unwrap();
    for path in example_plans() {
        let original = plan::read(&path).unwrap();
        // The `--from` file is the plan without the fields `answer` stamps itself.
        let mut from = String::new();
        let mut in_kit = false;
        for line in fs::read_to_string(&path).unwrap().lines() {
            in_kit = line.starts_with("kit:") || (in_kit && line.starts_with(' '));
            let stamped = ["thinkkit-plan:", "created:", "updated:"]
                .iter()
                .any(|k| line.starts_with(k));
            if !in_kit && !stamped {
                from.push_str(line);
                from.push('\n');
            }
        }
        let from_path = dir.path().join("from.yaml");
        fs::write(&from_path, from).unwrap();
        let made = dir.path().join("made.plan.yaml");
        let _ = fs::remove_file(&made);
        let kit_arg = match &original.kit.path {
            Some(p) => path.parent().unwrap().join(p).display().to_string(),
            None => original.kit.id.clone(),
        };
        let out = thinkkit(dir.path())
            .args([
                "answer",
                "made.plan.yaml",
                "--from",
                "from.yaml",
                "--kit",
                &kit_arg,
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            path.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let made = plan::read(&made).unwrap();
        assert_eq!(made.organisation, original.organisation);
        assert_eq!(made.answers, original.answers, "{}", path.display());
        assert_eq!(made.cards, original.cards);
        assert_eq!(made.measures, original.measures);
        assert_eq!(made.channel_shift, original.channel_shift);
    }
}

#[test]
fn every_example_renders_in_every_format_without_warnings() {
    let dir = tempfile::tempdir().unwrap();
    for path in example_plans() {
        for ext in ["md", "html", "docx"] {
            let out = dir.path().join(format!("doc.{ext}"));
            thinkkit(&root())
                .args([
                    "render",
                    path.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                ])
                .assert()
                .success()
                .stderr("");
            assert!(
                fs::metadata(&out).unwrap().len() > 1000,
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn the_custom_example_kit_validates_and_its_plan_renders() {
    thinkkit(&root())
        .args(["kit", "validate", "examples/community-kit"])
        .assert()
        .success();
    let md = render(&root(), &["examples/community-kit.plan.yaml"]);
    assert!(md.starts_with("# Millbrook Estate Tenants' and Residents' Association: A year of digital help on our estate"), "{md}");
    assert!(
        md.contains("| Weekly drop-in | Helping neighbours |"),
        "{md}"
    );
    assert!(
        md.contains("<https://www.example.org/kelbrook-libraries/digital>"),
        "{md}"
    );
    // Its kit defines no reality checks, and the document does not pretend they passed.
    assert!(
        md.contains("## Reality checks\n\nThe kit has no reality checks.\n"),
        "{md}"
    );
}

#[test]
fn the_readme_command_renders_the_example() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.contains("-- render "))
        .expect("README has a render command");
    let args: Vec<&str> = line
        .split("-- ")
        .nth(1)
        .unwrap()
        .split_whitespace()
        .collect();
    assert_eq!(args[..2], ["render", EXAMPLE]);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("strategy.html");
    let mut cmd_args: Vec<&str> = args.iter().copied().take_while(|a| *a != "-o").collect();
    let out_s = out.to_str().unwrap().to_owned();
    cmd_args.extend(["-o", &out_s]);
    thinkkit(&root()).args(&cmd_args).assert().success();
    assert!(
        fs::read_to_string(&out)
            .unwrap()
            .starts_with("<!doctype html>")
    );
}
