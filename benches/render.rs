//! Rendering the worked example plan in each format (issue 5). Target: HTML in at most 5 ms.
//!
//! The kit and the plan are loaded once, outside the measured loop: loading is the kit's cost,
//! not the renderer's. Each iteration builds the templates, the context and the document, as a
//! `thinkkit render` run does. Peak memory is measured on the release binary instead (a counting
//! allocator would need `unsafe`, which the crate forbids):
//! `/usr/bin/time -v target/release/thinkkit render examples/riverside-homes.plan.yaml --format html`.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use thinkkit::plan;
use thinkkit::render::{self, Format, Templates};

fn bench_render(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/riverside-homes.plan.yaml");
    let mut plan = plan::read(&path).expect("the example plan reads");
    let kit = plan::kit_for(&plan, &path, None).expect("its kit loads");
    plan::reconcile(&mut plan, &kit).expect("it matches its kit");
    let today = jiff::civil::date(2026, 4, 1);

    let mut group = c.benchmark_group("render example plan");
    for (name, format) in [
        ("markdown", Format::Markdown),
        ("html", Format::Html),
        ("docx", Format::Docx),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let templates = Templates::built_in();
                let doc = render::strategy(&kit, &plan, format, &templates, today).unwrap();
                black_box(doc)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_render);
criterion_main!(benches);
