//! `thinkkit compare` of many plans (issue 15). Target: 1,000 plans in at most 1 s, growing
//! linearly, with memory bounded by the largest plan plus the summary.
//!
//! The plans are the worked example with its organisation, budget and share online varied, written
//! once to `target/tmp/many-plans/plans-N/`, where they stay for whole-process measurements
//! (`/usr/bin/time -v target/release/thinkkit compare target/tmp/many-plans/plans-1000 -o x.md`).
//! Each iteration runs the command as the binary does: read every plan, analyse it, keep its
//! digest, render the Markdown and write it.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use thinkkit::cli::{CompareArgs, CompareFormat, KitArg, PlanNames};

fn plans(n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("many-plans")
        .join(format!("plans-{n}"));
    if dir.join("done").exists() {
        return dir;
    }
    std::fs::create_dir_all(&dir).unwrap();
    let example = std::fs::read_to_string(root.join("examples/riverside-homes.plan.yaml")).unwrap();
    for i in 0..n {
        let text = example
            .replace(
                "organisation: Riverside Homes",
                &format!("organisation: Landlord {i:04}"),
            )
            .replace(
                "activity-budget: 120000",
                &format!("activity-budget: {}", 40_000 + (i * 7919) % 120_000),
            )
            .replace(
                "customers-online-share: 64",
                &format!("customers-online-share: {}", 40 + i % 50),
            );
        std::fs::write(dir.join(format!("p{i:04}.plan.yaml")), text).unwrap();
    }
    std::fs::write(dir.join("done"), "").unwrap();
    dir
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    let out = tempfile::tempdir().unwrap();
    for n in [100, 1000] {
        let dir = plans(n);
        let args = CompareArgs {
            plans: vec![dir],
            format: Some(CompareFormat::Md),
            output: Some(out.path().join("comparison.md")),
            names: PlanNames::Auto,
            question: None,
            templates: None,
            kit: KitArg::default(),
        };
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("plans", n), &args, |b, args| {
            b.iter(|| thinkkit::cmd::compare::run(black_box(args)).unwrap());
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
