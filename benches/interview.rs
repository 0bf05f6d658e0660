//! Answer → next prompt, on the built-in kit, durable save included: parse and validate the
//! typed text and store it with the workshop's edit (which also brings the accepted computed
//! value of offline households up to date with the new number of homes), save the plan
//! atomically (temporary file, fsync, rename, fsync of the folder) and work out the next
//! question, its progress line (component, question and overall progress) and its default.
//! Target: at most 5 ms.
//!
//! The plan is saved in Cargo's target folder rather than `/tmp`, which is often a memory file
//! system where fsync costs nothing. The plan starts with every question answered, the largest
//! plan the kit makes, so each save writes the most it ever will. Two more measurements split
//! the figure: the same save on a memory file system (everything but waiting for the disk), and
//! the engine alone. Almost all of the durable figure is the two fsyncs, so it follows the
//! disk: on a shared virtual machine it changes from run to run with other processes' writes.
//! With `--preview` the step also hands the plan to the draft's render thread; that figure is
//! measured too, with the renders running on the other core as they do in a workshop.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use thinkkit::interview::Interview;
use thinkkit::kit::QuestionType;
use thinkkit::plan::{Answer, Session};
use thinkkit::prompt::preview::Preview;

fn full_plan(session: &mut Session) {
    let kit = session.kit.clone();
    let iv = Interview::new(&kit);
    let answers = &mut session.plan.answers;
    for (_, q) in kit.questions() {
        if q.id == "offline-households" {
            continue;
        }
        let sample = match q.kind {
            QuestionType::Text | QuestionType::LongText => Answer::Text(
                "A sentence or two, as a team would write it in a workshop.".to_owned(),
            ),
            QuestionType::Number | QuestionType::Money => {
                Answer::Number(q.min.unwrap_or(1.0).max(1.0))
            }
            QuestionType::Percent => Answer::Number(50.0),
            QuestionType::Choice => Answer::Text(kit.choices(q)[0].value.clone()),
            QuestionType::MultiChoice => Answer::List(
                kit.choices(q)
                    .iter()
                    .take(2)
                    .map(|c| c.value.clone())
                    .collect(),
            ),
            QuestionType::YesNo => Answer::Bool(true),
            QuestionType::List => Answer::List(vec!["First".to_owned(), "Second".to_owned()]),
        };
        let answer = iv.accept(q, &sample).expect("a valid sample answer");
        answers.insert(q.id.clone(), answer);
    }
    // Offline households as the accepted computed value, so every answer to the number of homes
    // makes it follow.
    thinkkit::edit::answers::accept_suggestion(&kit, &mut session.plan, "offline-households")
        .expect("a computed suggestion");
}

/// A session on a full plan in `dir`.
fn open_in(dir: &Path) -> Session {
    let path = dir.join("bench.plan.yaml");
    let mut session = Session::open(&path, None, Some("Bench Homes"), "bench").expect("open");
    full_plan(&mut session);
    session.save().expect("first save");
    session
}

/// One step of the workshop: typed text → checked answer → (saved plan) → next prompt.
fn step(iv: &Interview<'_>, session: &mut Session, input: &str, save: bool) -> impl Sized {
    let at = iv
        .cursor_of("homes-count")
        .expect("the built-in kit asks `homes-count`");
    let q = iv.question(at);
    let change = thinkkit::edit::answers::typed(iv.kit(), &mut session.plan, &q.id, input)
        .expect("a valid answer");
    assert_eq!(change.followed.len(), 1, "offline households follow");
    if save {
        session.save().expect("save");
    }
    let answers = &session.plan.answers;
    let next = iv.next_in_component(at, answers).expect("a next question");
    (
        iv.progress(next, answers),
        iv.overall(&session.plan),
        iv.suggestion(iv.question(next), answers),
    )
}

fn bench(c: &mut Criterion) {
    let inputs = ["1,200", "2,450", "980"];
    let mut group = c.benchmark_group("interview");

    // The figure the target is about: the plan on disk, fsync and all.
    let disk = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).expect("a temporary folder");
    let mut session = open_in(disk.path());
    let kit = session.kit.clone();
    let iv = Interview::new(&kit);
    let mut i = 0;
    group.bench_function("answer_to_next_prompt_with_durable_save", |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(step(&iv, &mut session, black_box(inputs[i]), true));
        });
    });
    drop(session);

    // The workshop with `--preview`: the same step, then the plan handed to the thread that
    // renders the HTML draft (a clone and a channel send; the render itself runs beside the
    // next prompt, coalescing saves that come while it works).
    let mut session = open_in(disk.path());
    let draft = disk.path().join("draft.html");
    let preview = Preview::start(&kit, &draft).expect("the preview starts");
    group.bench_function("answer_to_next_prompt_with_durable_save_and_preview", |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(step(&iv, &mut session, black_box(inputs[i]), true));
            preview.update(&session.plan);
        });
    });
    preview
        .render_now(&session.plan)
        .expect("the draft is written");
    drop(preview);
    drop(session);

    // The same save where fsync costs nothing (a memory file system): what the save costs
    // apart from waiting for the disk.
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        let mem = tempfile::tempdir_in(shm).expect("a folder in /dev/shm");
        let mut session = open_in(mem.path());
        group.bench_function("answer_to_next_prompt_with_save_in_memory_fs", |b| {
            b.iter(|| {
                i = (i + 1) % inputs.len();
                black_box(step(&iv, &mut session, black_box(inputs[i]), true));
            });
        });
    }

    // The engine alone: parse, validate, next question, progress and default.
    let mut session = open_in(disk.path());
    group.bench_function("answer_to_next_prompt_engine_only", |b| {
        b.iter(|| {
            i = (i + 1) % inputs.len();
            black_box(step(&iv, &mut session, black_box(inputs[i]), false));
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
