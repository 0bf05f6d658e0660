//! Validates the built-in kits and writes them in their pre-built form (see `src/kit/prebuilt.rs`).
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
#[path = "src/yaml.rs"]
mod yaml;

fn main() {
    println!("cargo::rerun-if-changed=kits");
    println!("cargo::rerun-if-changed=src/kit");
    println!("cargo::rerun-if-changed=src/yaml.rs");
    println!("cargo::rerun-if-changed=src/files.rs");
    println!("cargo::rerun-if-changed=src/limits.rs");
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut failed = false;
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
