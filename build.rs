//! Validates the built-in kits and writes them in their pre-built form (see `src/kit/prebuilt.rs`),
//! and parses the built-in templates and writes their syntax trees (see `src/render/tera_ast.rs`).
//!
//! The kit modules (and the YAML and file-reading modules they use) are compiled into this script
//! from `src/`, so the built-in kits are checked by
//! the very loader and validator that check a user's kit, and a built-in kit with a problem fails
//! the build with the same diagnostics `thinkkit kit validate` prints.

#![allow(dead_code, unreachable_pub, unused_imports)]

use std::path::PathBuf;
use std::{env, fs, process};

/// Inside this script there is no pre-built kit yet: it is what the script makes.
macro_rules! prebuilt_kit {
    ($id:literal) => {
        None
    };
}

#[path = "src/files.rs"]
mod files;
#[path = "src/kit/mod.rs"]
mod kit;
#[path = "src/limits.rs"]
mod limits;
#[path = "src/render/tera_ast.rs"]
mod tera_ast;
#[path = "src/yaml.rs"]
mod yaml;

fn main() {
    println!("cargo::rerun-if-changed=kits");
    println!("cargo::rerun-if-changed=src/kit");
    println!("cargo::rerun-if-changed=src/yaml.rs");
    println!("cargo::rerun-if-changed=src/yaml_fast.rs");
    println!("cargo::rerun-if-changed=src/files.rs");
    println!("cargo::rerun-if-changed=src/limits.rs");
    println!("cargo::rerun-if-changed=src/render/tera_ast.rs");
    println!("cargo::rerun-if-changed=templates");
    println!("cargo::rerun-if-changed=link");
    link_hot_functions_together();
    link_at_a_fixed_address();
    link_the_unwinder_in();
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut failed = !templates(&out);
    for b in kit::builtin::BUILT_IN {
        match kit::load(&kit::KitRef::BuiltIn(b)) {
            Ok(k) => {
                let path = out.join(format!("{}.kit", b.id));
                if let Err(e) = fs::write(&path, kit::prebuilt::encode(&k)) {
                    eprintln!("error: cannot write `{}`: {e}", path.display());
                    failed = true;
                }
            }
            Err(diagnostics) => {
                // Name the files as they are in the repository, where they are to be fixed.
                let text = diagnostics
                    .to_string()
                    .replace(&format!("<built-in {}>/", b.id), &format!("kits/{}/", b.id));
                eprintln!(
                    "error: the built-in kit `{}` does not validate\n{text}",
                    b.id
                );
                failed = true;
            }
        }
    }
    if failed {
        process::exit(1);
    }
}

/// Parse every built-in template with tera and write the trees to `templates.ast`; false (with
/// the error printed) when one does not parse.
fn templates(out: &std::path::Path) -> bool {
    let mut files: Vec<PathBuf> = fs::read_dir("templates")
        .expect("the templates folder is there")
        .map(|e| e.expect("the templates folder lists").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tera"))
        .collect();
    files.sort();
    let mut parsed = Vec::new();
    let mut ok = true;
    for path in &files {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .expect("template names are UTF-8");
        let text = fs::read_to_string(path).expect("a built-in template reads");
        match tera::Template::new(name, None, &text) {
            Ok(t) => parsed.push((name.to_owned(), t.ast)),
            Err(e) => {
                let mut detail = e.to_string();
                let mut cause = std::error::Error::source(&e);
                while let Some(c) = cause {
                    detail = format!("{detail}: {c}");
                    cause = c.source();
                }
                eprintln!(
                    "error: the built-in template `templates/{name}` does not parse: {detail}"
                );
                ok = false;
            }
        }
    }
    let list: Vec<(&str, &[tera::ast::Node])> = parsed
        .iter()
        .map(|(n, ast)| (n.as_str(), ast.as_slice()))
        .collect();
    let path = out.join("templates.ast");
    if let Err(e) = fs::write(&path, tera_ast::encode(&list)) {
        eprintln!("error: cannot write `{}`: {e}", path.display());
        ok = false;
    }
    ok
}

/// In a release build for Linux, have the linker place the functions that commands run next to
/// each other (`link/hot-functions.txt`).
///
/// The kernel maps a program's pages in blocks around each one first touched, so a command that
/// runs 2 MB of code scattered over the 9 MB of the program had nearly all of it mapped: 5.8 of
/// the 11.8 MiB peak of an HTML render. Laid out together, those functions are read in a third
/// of the blocks. The list names functions as the linker sees them; one that no longer exists
/// is skipped, so a stale list costs memory, never correctness. `link/hot-functions.sh` writes
/// it again.
///
/// Only some linkers know the option (LLD, Rust's default on x86-64 Linux since 1.90, and mold;
/// not GNU ld), and the linker can be chosen in many places (`.cargo/config.toml`, `RUSTFLAGS`,
/// `-C link-arg=-fuse-ld=…`). So rather than guess, this links an empty program with the same
/// compiler, target, flags and linker and the option added, and asks for the option only when
/// that link succeeds. Without the list, or on any failure, the build goes on without it.
fn link_hot_functions_together() {
    let release = env::var("PROFILE").is_ok_and(|p| p == "release");
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let list = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("link/hot-functions.txt");
    if !release || !linux || !list.is_file() {
        return;
    }
    let args = [
        format!("-Wl,--symbol-ordering-file={}", list.display()),
        "-Wl,--no-warn-symbol-ordering".to_owned(),
    ];
    link_bins_with(
        &args,
        "the linker does not take --symbol-ordering-file: hot functions are not placed together \
         (a larger peak memory, nothing else)",
    );
}

/// On Linux, link `thinkkit` as a position-dependent executable (`-no-pie`), when the linker
/// takes it.
///
/// A position-independent executable is relocated by the dynamic loader at every start: about
/// 19,000 relocations (450 KB to read) that write into 360 KB of data, each page of it copied
/// on write. That was 130 of the 234 page faults and about 0.45 ms of the 1.1 ms that
/// `thinkkit --version` took, in every command (see `docs/performance.md`). Linked at a fixed
/// address, the linker has applied them all. What is given up is the randomised address of the
/// program's own code and data (the libraries, stack and heap are still randomised); thinkkit
/// has no unsafe code of its own, and reads files, not network input. A build that sets its own
/// relocation model or a static C runtime in `RUSTFLAGS` is left as it asks.
fn link_at_a_fixed_address() {
    let linux = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if !linux || flags.contains("relocation-model") || flags.contains("crt-static") {
        return;
    }
    link_bins_with(
        &["-no-pie".to_owned()],
        "the linker does not take -no-pie: thinkkit is relocated at every start (about 0.5 ms \
         more for every command, nothing else)",
    );
}

/// On Linux with glibc, link GCC's unwinder (`libgcc_eh.a`) into the program rather than load
/// it from `libgcc_s.so.1` at every start, as `gcc -static-libgcc` does.
///
/// The standard library needs the unwinder only for a panic and a backtrace, but loading
/// `libgcc_s` costs every command: the loader maps and relocates it, and its constructor asks
/// the processor about itself, `CPUID` after `CPUID`, which under a virtual machine traps to the
/// host each time. That was 0.12 ms of the 0.83 ms an empty program took here, and 5% of the
/// CPU time of an HTML render (see `docs/performance.md`). The C library stays shared.
///
/// The archive comes from the C compiler that links (`cc -print-file-name=libgcc_eh.a`); the
/// option is asked for only when an empty program links with it. Where the linker has resolved
/// the unwinder's symbols from `libgcc_s` already (GNU ld reads archives in order), the program
/// still links, with `libgcc_s` as before. A static C runtime asked for in `RUSTFLAGS` is left as
/// it asks.
fn link_the_unwinder_in() {
    let linux_gnu = env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux")
        && env::var("CARGO_CFG_TARGET_ENV").is_ok_and(|e| e == "gnu");
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    if !linux_gnu || flags.contains("crt-static") {
        return;
    }
    let cc = env::var_os("RUSTC_LINKER").unwrap_or_else(|| "cc".into());
    let Ok(found) = process::Command::new(cc)
        .arg("-print-file-name=libgcc_eh.a")
        .stderr(process::Stdio::null())
        .output()
    else {
        return;
    };
    let archive = PathBuf::from(String::from_utf8_lossy(&found.stdout).trim());
    // Not found, the compiler prints the bare name back.
    let Some(dir) = archive
        .parent()
        .filter(|_| archive.is_absolute() && archive.is_file())
    else {
        return;
    };
    let search = format!("native={}", dir.display());
    let args = ["-L", &search, "-l", "static=gcc_eh"].map(str::to_owned);
    if probe_links(&args) {
        println!("cargo::rustc-link-search={search}");
        println!("cargo::rustc-link-lib=static=gcc_eh");
    } else {
        println!(
            "cargo::warning=the program does not link with libgcc_eh.a: it loads libgcc_s at every \
             start (about 0.1 ms more for every command, nothing else)"
        );
    }
}

/// Pass `args` to the linker for the binaries when an empty program links with them; otherwise
/// warn with `without` (what the build goes on without).
fn link_bins_with(args: &[String], without: &str) {
    if links_with(args) {
        for arg in args {
            println!("cargo::rustc-link-arg-bins={arg}");
        }
    } else {
        println!("cargo::warning={without}");
    }
}

/// Whether an empty program links for this build's target with the extra linker `args`.
fn links_with(args: &[String]) -> bool {
    let rustc_args: Vec<String> = args
        .iter()
        .flat_map(|a| ["-C".to_owned(), format!("link-arg={a}")])
        .collect();
    probe_links(&rustc_args)
}

/// Whether an empty program builds for this build's target with the extra compiler `args`.
fn probe_links(args: &[String]) -> bool {
    let (Some(rustc), Some(out), Ok(target)) = (
        env::var_os("RUSTC"),
        env::var_os("OUT_DIR").map(PathBuf::from),
        env::var("TARGET"),
    ) else {
        return false;
    };
    let source = out.join("link-probe.rs");
    if fs::write(&source, "fn main() {}\n").is_err() {
        return false;
    }
    let mut command = process::Command::new(rustc);
    command
        .arg("--target")
        .arg(&target)
        .arg("--crate-type=bin")
        .arg("-o")
        .arg(out.join("link-probe"))
        .arg(&source);
    if let Ok(flags) = env::var("CARGO_ENCODED_RUSTFLAGS") {
        command.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    }
    if let Some(linker) = env::var_os("RUSTC_LINKER") {
        command
            .arg("-C")
            .arg(format!("linker={}", linker.to_string_lossy()));
    }
    command
        .args(args)
        .stdout(process::Stdio::null())
        .stderr(process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
