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
    println!("cargo::rerun-if-changed=src/files.rs");
    println!("cargo::rerun-if-changed=src/limits.rs");
    println!("cargo::rerun-if-changed=src/render/tera_ast.rs");
    println!("cargo::rerun-if-changed=templates");
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
