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

/// Replace the temporary directory and the repository root in `text`, for snapshots.
pub fn redact(text: &str, tmp: &Path) -> String {
    text.replace(&tmp.display().to_string(), "[TMP]")
        .replace(&root().display().to_string(), "[ROOT]")
}
