//! `thinkkit print cards|sheets`, through the binary (issue 5): the kit on paper.

use std::fs;

use scraper::{Html, Selector};
use thinkkit::kit;

use crate::common::{fixture, root, thinkkit};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn print(args: &[&str]) -> String {
    let out = thinkkit(&root()).arg("print").args(args).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[test]
fn cards_print_six_to_a_page_with_points_level_barriers_and_costs() {
    let kit = kit::load::load_arg(None).unwrap();
    let html = print(&["cards"]);
    let doc = Html::parse_document(&html);
    assert_eq!(
        doc.select(&sel("html"))
            .next()
            .unwrap()
            .value()
            .attr("lang"),
        Some("en-GB")
    );
    let cards: Vec<_> = doc.select(&sel("article.card")).collect();
    assert_eq!(cards.len(), kit.cards().len());
    for (el, card) in cards.iter().zip(kit.cards()) {
        let text: String = el.text().collect();
        assert!(text.contains(&card.title), "{text}");
        let points = format!("{} point", card.points);
        assert!(text.contains(&points), "{text}");
        assert!(text.contains(kit.label(kit::VocabularyName::Levels, &card.level)));
        for b in &card.barriers {
            assert!(
                text.contains(kit.label(kit::VocabularyName::Barriers, b)),
                "{text}"
            );
        }
        assert!(text.contains(&card.summary));
        assert!(text.contains("Set-up") && text.contains("Running"));
    }
    // Print CSS: A4, two columns of cards of a fixed height (three rows to a page), cutting lines.
    let css: String = doc.select(&sel("style")).next().unwrap().text().collect();
    for rule in [
        "size: A4",
        "grid-template-columns: 1fr 1fr",
        "height: 90mm",
        "dashed",
        "break-inside: avoid",
    ] {
        assert!(css.contains(rule), "CSS lacks `{rule}`");
    }
    assert_eq!(doc.select(&sel("script")).count(), 0);
}

#[test]
fn cards_in_markdown() {
    let kit = kit::load::load_arg(None).unwrap();
    let md = print(&["cards", "--format", "md"]);
    for card in kit.cards() {
        assert!(
            md.contains(&format!("\n## {}\n", card.title)),
            "{}",
            card.title
        );
    }
    insta::assert_snapshot!(
        "cards_md_head",
        md.lines().take(20).collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn sheets_print_one_to_a_page_with_room_to_write() {
    let kit = kit::load::load_arg(None).unwrap();
    let html = print(&["sheets"]);
    let doc = Html::parse_document(&html);
    let sheets: Vec<_> = doc.select(&sel("section.sheet")).collect();
    assert_eq!(sheets.len(), kit.sheets().len());
    for (el, sheet) in sheets.iter().zip(kit.sheets()) {
        let title: String = el.select(&sel("h2")).next().unwrap().text().collect();
        assert_eq!(title, sheet.title);
        if !sheet.columns.is_empty() {
            let table = el.select(&sel("table")).next().expect("a grid");
            let heads: Vec<String> = table
                .select(&sel("thead th"))
                .map(|t| t.text().collect())
                .collect();
            assert_eq!(heads, sheet.columns);
            let rows = table.select(&sel("tbody tr")).count();
            assert_eq!(
                rows,
                if sheet.rows.is_empty() {
                    8
                } else {
                    sheet.rows.len()
                }
            );
            // Every cell to write in is empty.
            assert!(
                table
                    .select(&sel("tbody td"))
                    .all(|td| td.text().all(|t| t.trim().is_empty()))
            );
        }
        let prompts = el.select(&sel("p.prompt")).count();
        assert_eq!(prompts, sheet.prompts.len());
        assert_eq!(el.select(&sel(".lines")).count(), sheet.prompts.len());
    }
    let css: String = doc.select(&sel("style")).next().unwrap().text().collect();
    for rule in ["size: A4", "break-after: page", "height: 18mm"] {
        assert!(css.contains(rule), "CSS lacks `{rule}`");
    }
}

#[test]
fn sheets_in_markdown_have_empty_grids() {
    let md = print(&["sheets", "--format", "md"]);
    assert!(
        md.contains("| Residents | &nbsp; | &nbsp; | &nbsp; |"),
        "{md}"
    );
}

#[test]
fn format_from_extension_and_custom_kit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("deck.md");
    thinkkit(&root())
        .args([
            "print",
            "cards",
            "--kit",
            "examples/community-kit",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stdout("");
    let md = fs::read_to_string(&out).unwrap();
    assert!(
        md.starts_with("# Project cards: A year of digital help on our estate\n"),
        "{md}"
    );
    assert!(md.contains("## Tablet loans through the library"));
    thinkkit(&root())
        .args([
            "print",
            "sheets",
            "-o",
            dir.path().join("s.odt").to_str().unwrap(),
        ])
        .assert()
        .failure()
        .stderr(predicates::str::contains("cannot tell the format"));
}

#[test]
fn kit_text_is_inert_on_cards_and_sheets() {
    let kit = fixture("render/hostile-kit");
    for what in ["cards", "sheets"] {
        let html = print(&[what, "--kit", kit.to_str().unwrap()]);
        let doc = Html::parse_document(&html);
        for bad in [
            "script",
            "img",
            "iframe",
            "b",
            "[onerror]",
            "[onmouseover]",
            "[src]",
        ] {
            assert_eq!(doc.select(&sel(bad)).count(), 0, "{what}: found {bad}");
        }
        for a in doc.select(&sel("a[href]")) {
            assert!(
                !a.value().attr("href").unwrap().contains("javascript"),
                "{what}"
            );
        }
        let text: String = doc.root_element().text().collect();
        assert!(
            text.contains("<script>alert("),
            "{what}: markup shown as text"
        );
    }
}

#[test]
fn print_templates_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("cards.md.tera"),
        "{% for c in cards %}{{ c.id }} {{ c.points }}\n{% endfor %}",
    )
    .unwrap();
    let md = print(&[
        "cards",
        "--format",
        "md",
        "--templates",
        dir.path().to_str().unwrap(),
    ]);
    assert!(md.starts_with("digital-access-survey 1\n"), "{md}");
}
