//! Finding and reading kits: a built-in id, a YAML file, or a folder of YAML files.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use super::builtin::{self, BuiltIn};
use super::diagnostic::{Diagnostic, Diagnostics, display_path};
use super::prebuilt;
use super::validate::{self, SourceFile};
use super::{Kit, Origin};

/// What `--kit` names: an embedded kit or a path.
#[derive(Debug, Clone)]
pub enum KitRef {
    /// An embedded kit.
    BuiltIn(&'static BuiltIn),
    /// A YAML file or a folder of YAML files.
    Path(PathBuf),
}

impl KitRef {
    /// Read a `--kit` argument. A built-in id wins unless the argument looks like a path (it
    /// has a separator or a YAML extension): write `./name` for a folder named like a built-in.
    pub fn parse(arg: &str) -> KitRef {
        let looks_like_path = arg.contains(['/', std::path::MAIN_SEPARATOR])
            || arg.ends_with(".yaml")
            || arg.ends_with(".yml");
        match builtin::find(arg) {
            Some(b) if !looks_like_path => KitRef::BuiltIn(b),
            _ => KitRef::Path(PathBuf::from(arg)),
        }
    }

    /// The default kit.
    pub fn default_kit() -> KitRef {
        KitRef::BuiltIn(builtin::find(builtin::DEFAULT_KIT).expect("the default kit is built in"))
    }

    /// `--kit` if given, else the default kit.
    pub fn from_arg(arg: Option<&str>) -> KitRef {
        arg.map_or_else(KitRef::default_kit, KitRef::parse)
    }
}

/// Load and validate a kit, reporting every problem found. A built-in kit was validated when
/// thinkkit was built, and is read in its pre-built form.
pub fn load(kit: &KitRef) -> Result<Kit, Diagnostics> {
    match kit {
        KitRef::BuiltIn(b) => match b.prebuilt {
            Some(bytes) => Ok(prebuilt_kit(b, bytes)),
            None => load_yaml(kit),
        },
        KitRef::Path(_) => load_yaml(kit),
    }
}

/// The built-in kit `b`, from its pre-built `bytes`. Every copy handed out shares one set of parts,
/// kept for the life of the process: each part is decoded once however often the kit is loaded,
/// and the process does not spend its last moments freeing what it is about to give back.
fn prebuilt_kit(b: &'static BuiltIn, bytes: &'static [u8]) -> Kit {
    static KITS: [OnceLock<Kit>; builtin::BUILT_IN.len()] =
        [const { OnceLock::new() }; builtin::BUILT_IN.len()];
    let i = builtin::BUILT_IN
        .iter()
        .position(|k| k.id == b.id)
        .expect("a built-in kit is in the list of built-in kits");
    KITS[i]
        .get_or_init(|| prebuilt::decode(b.id, bytes))
        .clone()
}

/// Load and validate a kit from its YAML, built-in or not.
pub(crate) fn load_yaml(kit: &KitRef) -> Result<Kit, Diagnostics> {
    let (files, origin) = match kit {
        KitRef::BuiltIn(b) => (
            b.files
                .iter()
                .map(|(name, text)| {
                    SourceFile::new(format!("<built-in {}>/{name}", b.id), (*text).to_owned())
                })
                .collect(),
            Origin::BuiltIn(b.id.to_owned()),
        ),
        KitRef::Path(path) => {
            let (paths, bytes) = kit_files(path)?;
            return validate::validate_paths(&paths, bytes, Origin::Path(path.clone()));
        }
    };
    validate::validate(files, origin)
}

/// Load `--kit` (or the default kit) for a command; diagnostics become one error.
pub fn load_arg(arg: Option<&str>) -> anyhow::Result<Kit> {
    load(&KitRef::from_arg(arg)).map_err(anyhow::Error::new)
}

/// The YAML files of the kit at `path` (the file itself, or the folder's `.yaml` and `.yml`
/// files in name order) and how many bytes they add up to, refused above the kit size limit
/// before any is read.
fn kit_files(path: &Path) -> Result<(Vec<PathBuf>, usize), Diagnostics> {
    let shown = display_path(path);
    let fail = |message: String, help: &str| {
        Diagnostics(vec![
            Diagnostic::new(shown.clone(), None, message).with_help(help),
        ])
    };
    let meta = fs::metadata(path).map_err(|e| {
        fail(
            format!("cannot read kit: {e}"),
            "give a built-in kit id (`thinkkit kit list`), a kit folder, or a kit YAML file",
        )
    })?;
    let paths = if meta.is_dir() {
        let mut paths: Vec<PathBuf> = fs::read_dir(path)
            .map_err(|e| {
                fail(
                    format!("cannot list kit folder: {e}"),
                    "check the folder's permissions",
                )
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.is_file()
                    && p.extension().is_some_and(|x| {
                        x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml")
                    })
            })
            .collect();
        paths.sort();
        if paths.is_empty() {
            return Err(fail(
                "kit folder has no `.yaml` files".to_owned(),
                "a kit folder holds one or more YAML files; `thinkkit kit new DIR` writes a starter kit",
            ));
        }
        paths
    } else {
        vec![path.to_path_buf()]
    };
    let mut total = 0usize;
    for p in &paths {
        total = total.saturating_add(
            fs::metadata(p).map_or(0, |m| usize::try_from(m.len()).unwrap_or(usize::MAX)),
        );
        if total > crate::limits::MAX_KIT_BYTES {
            return Err(fail(
                format!(
                    "the kit's files add up to more than the {} thinkkit reads",
                    crate::files::size_text(crate::limits::MAX_KIT_BYTES)
                ),
                "a kit is a few files of text; keep other files out of the kit's folder",
            ));
        }
    }
    Ok((paths, total))
}
