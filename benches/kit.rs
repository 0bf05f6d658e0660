//! Loading kits (issue 15). Targets: a command on the built-in kit in at most 2 ms of CPU (the
//! kit's share of it is measured here), and a 10,000-card kit loaded and validated in at most
//! 100 ms, growing linearly with the number of cards.
//!
//! The large kits are the built-in kit with its cards repeated under new ids (copy *k* of card
//! `x` is `x-copy-k`, and its `builds-on` follows), every card written out in full, 1,000 cards to
//! a file. They are written once to `target/tmp/large-kits/cards-N/`, where they stay for
//! whole-process measurements (`/usr/bin/time -v target/release/thinkkit kit validate DIR`; see
//! docs/performance.md). `THINKKIT_BENCH_CARDS=2500,5000,10000` chooses the sizes; a kit's files
//! may add up to 32 MiB (`MAX_KIT_BYTES`), about 14,000 cards of these, so larger kits are refused.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use thinkkit::kit::{self, KitFile, KitRef};

/// Write the built-in kit with `cards` cards to `dir` (unless it is there already).
fn large_kit(cards: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("large-kits")
        .join(format!("cards-{cards}"));
    if dir.join("done").exists() {
        return dir;
    }
    let source = root.join("kits/digital-inclusion");
    std::fs::create_dir_all(&dir).unwrap();
    let mut originals = Vec::new();
    for entry in std::fs::read_dir(&source).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let mut file: KitFile = thinkkit::yaml::from_str(&text).unwrap();
        originals.append(&mut file.cards);
        std::fs::write(
            dir.join(path.file_name().unwrap()),
            thinkkit::yaml::to_string(&file).unwrap(),
        )
        .unwrap();
    }
    let mut all = Vec::with_capacity(cards);
    'copies: for k in 0.. {
        for c in &originals {
            if all.len() == cards {
                break 'copies;
            }
            let mut c = c.clone();
            if k > 0 {
                c.id = format!("{}-copy-{k}", c.id);
                for b in &mut c.builds_on {
                    *b = format!("{b}-copy-{k}");
                }
            }
            all.push(c);
        }
    }
    for (i, chunk) in all.chunks(1000).enumerate() {
        let file = KitFile {
            cards: chunk.to_vec(),
            ..KitFile::default()
        };
        std::fs::write(
            dir.join(format!("cards-{i:03}.yaml")),
            thinkkit::yaml::to_string(&file).unwrap(),
        )
        .unwrap();
    }
    std::fs::write(dir.join("done"), "").unwrap();
    dir
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("kit load");
    group.bench_function("built-in (pre-built)", |b| {
        b.iter(|| black_box(kit::load(&KitRef::default_kit()).unwrap()));
    });
    let sizes: Vec<usize> = std::env::var("THINKKIT_BENCH_CARDS")
        .unwrap_or_else(|_| "5000,10000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    group.sample_size(10);
    for cards in sizes {
        let dir = large_kit(cards);
        group.throughput(Throughput::Elements(cards as u64));
        group.bench_with_input(BenchmarkId::new("cards", cards), &dir, |b, dir| {
            b.iter(|| black_box(kit::load(&KitRef::Path(dir.clone())).unwrap()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
