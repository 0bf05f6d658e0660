//! Helpers shared by the integration tests.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `thinkkit` binary, run in `dir`, with no terminal colours and a fixed width.
pub fn thinkkit(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("thinkkit").expect("the binary is built");
    cmd.current_dir(dir)
        .env("NO_COLOR", "1")
        .env("COLUMNS", "120");
    cmd
}

/// The repository root (for `kits/`, `examples/`, fixtures).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture under `tests/fixtures/`.
pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

/// A copy of the built-in kit's files in `dir/kit`, to change and validate; its path.
pub fn copy_built_in_kit(dir: &Path) -> PathBuf {
    let kit_dir = dir.join("kit");
    std::fs::create_dir(&kit_dir).unwrap();
    for e in std::fs::read_dir(root().join("kits/digital-inclusion")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, kit_dir.join(p.file_name().unwrap())).unwrap();
    }
    kit_dir
}

/// Replace the temporary directory and the repository root in `text`, for snapshots.
pub fn redact(text: &str, tmp: &Path) -> String {
    text.replace(&tmp.display().to_string(), "[TMP]")
        .replace(&root().display().to_string(), "[ROOT]")
}

/// Run `thinkkit` in `dir`: (exit code, stdout, stderr).
pub fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = thinkkit(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// A plan on the built-in kit, `p.plan.yaml` in `dir`, made with `answer` (homes, share online,
/// budget, the services to offer online), as a script would start one.
pub fn builtin_plan(dir: &Path) -> String {
    let (code, _, err) = run(
        dir,
        &[
            "answer",
            "p.plan.yaml",
            "--org",
            "Test Homes",
            "--set",
            "homes-count=2000",
            "--set",
            "customers-online-share=60",
            "--set",
            "activity-budget=£45k",
            "--set",
            "services-to-shift=payments",
        ],
    );
    assert_eq!(code, 0, "{err}");
    "p.plan.yaml".to_owned()
}

/// Words of the built-in kit's sector that the engine must never say on its own.
pub const HOUSING_WORDS: &[&str] = &["homes", "housing", "tenant", "resident", "landlord", "jrf"];

/// Every part of a Word file, as text.
pub fn docx_text(path: &Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut part, &mut text).is_ok() {
            all.push_str(&text);
        }
    }
    all
}

/// Fail, showing where, if `text` says one of [`HOUSING_WORDS`] in any case.
pub fn assert_no_housing_words(name: &str, text: &str) {
    let lower = text.to_lowercase();
    for word in HOUSING_WORDS {
        if let Some(at) = lower.find(word) {
            let start = lower[..at]
                .char_indices()
                .rev()
                .nth(60)
                .map_or(0, |(i, _)| i);
            let end = (at + 60).min(text.len());
            let end = (end..=text.len())
                .find(|i| text.is_char_boundary(*i))
                .unwrap_or(text.len());
            panic!("`{name}` says `{word}`: …{}…", &text[start.min(at)..end]);
        }
    }
}

/// `cmd` started in a pseudo-terminal of `cols`×`rows` that has that size before the program
/// starts and keeps it, as a person's terminal does.
///
/// The spawn sets 80×24 on the terminal from outside once the child has started, so a size set
/// after the spawn raced the program (a SIGWINCH after its first lines is a resize, which
/// clears the screen and draws the prompt alone), and so did a size set by the child at once
/// (the spawn's 80×24 could land after it). So the child, a shell, waits for a line that is
/// sent only when the spawn is done; then `stty` sets the size and `exec` starts the program in
/// the same process (the same pid, for signals), which reads the size once and sees no resize.
pub fn in_terminal(cmd: &std::process::Command, cols: u16, rows: u16) -> expectrl::Session {
    let mut sized = std::process::Command::new("/bin/sh");
    sized
        .arg("-c")
        .arg(r#"read -r go && stty cols "$1" rows "$2" && shift 2 && exec "$@""#)
        .arg("sh")
        .arg(cols.to_string())
        .arg(rows.to_string())
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        sized.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sized.env(k, v),
            None => sized.env_remove(k),
        };
    }
    let mut session = expectrl::Session::spawn(sized).expect("spawn in a pseudo-terminal");
    session.send("go\n").expect("start the program");
    session
}
