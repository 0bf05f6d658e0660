//! Kits embedded in the binary, so thinkkit works with no files at all.
//!
//! Each is embedded twice: its YAML files, which `build.rs` validates, and the validated kit in
//! its pre-built form ([`super::prebuilt`]), which is what commands read.

/// One embedded kit: its id and its files as (name, text).
#[derive(Debug)]
pub struct BuiltIn {
    /// The kit's id, as `--kit` takes it.
    pub id: &'static str,
    /// Its files, in load order.
    pub files: &'static [(&'static str, &'static str)],
    /// The kit as `build.rs` validated it ([`super::prebuilt`]); `None` only inside the build
    /// script itself, which makes it.
    pub prebuilt: Option<&'static [u8]>,
}

macro_rules! kit_files {
    ($dir:literal: $($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../kits/", $dir, "/", $name)))),+]
    };
}

/// The built-in kits.
pub const BUILT_IN: &[BuiltIn] = &[BuiltIn {
    id: "digital-inclusion",
    files: kit_files!("digital-inclusion":
        "kit.yaml",
        "components.yaml",
        "cards.yaml",
        "sheets.yaml",
        "scenarios.yaml",
        "measures.yaml",
        "figures.yaml",
        "checks.yaml",
    ),
    prebuilt: prebuilt_kit!("digital-inclusion"),
}];

/// The id of the kit used when `--kit` is not given.
pub const DEFAULT_KIT: &str = "digital-inclusion";

/// An embedded kit by id.
pub fn find(id: &str) -> Option<&'static BuiltIn> {
    BUILT_IN.iter().find(|k| k.id == id)
}
