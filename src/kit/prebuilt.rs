//! The built-in kits in their pre-built form: validated when thinkkit is built, and read at start-up
//! without parsing any YAML.
//!
//! `build.rs` compiles the kit modules into the build script, loads and validates each built-in
//! kit from its YAML exactly as a user's kit is loaded (a kit with a problem fails the build, with
//! its diagnostics), and writes the validated [`Kit`] with [`encode`]. The binary embeds those bytes
//! and [`decode`]s them on the first use of the kit: about a hundred times less work than parsing
//! and checking the YAML, which was most of the time of every command.
//!
//! The form is MessagePack (`rmp-serde`), written from the `Kit`'s own serde derives, so whatever
//! the kit model holds (a new field, vocabulary or rule) is carried with no code here. A format
//! that does not describe itself (postcard, bincode) cannot read the model's untagged and
//! internally tagged enums (`Literal`, `Rule`); MessagePack can, and stays compact. A struct is
//! written as the list of its fields' values, without their names: the names were a third of
//! the strings to check and match on every start-up. So the model must write every field
//! (no `skip_serializing_if`), which `each_prebuilt_kit_is_what_its_yaml_validates_to` checks.
//! The bytes are only ever read by the build that wrote them, so there is no versioning to do.

use super::Kit;

/// The pre-built form of a validated kit.
pub fn encode(kit: &Kit) -> Vec<u8> {
    rmp_serde::to_vec(kit).expect("a kit serializes")
}

/// A kit from the bytes [`encode`] wrote when this binary was built.
pub(crate) fn decode(bytes: &[u8]) -> Kit {
    rmp_serde::from_slice(bytes).expect("the built-in kit was pre-built by this very build")
}

#[cfg(test)]
mod tests {
    use super::super::builtin::BUILT_IN;
    use super::super::load::{KitRef, load, load_yaml};

    #[test]
    fn each_prebuilt_kit_is_what_its_yaml_validates_to() {
        for b in BUILT_IN {
            let kit = KitRef::BuiltIn(b);
            let from_yaml = load_yaml(&kit).expect("the built-in kit validates");
            let prebuilt = load(&kit).expect("the pre-built kit reads");
            assert_eq!(
                serde_json::to_value(&prebuilt).unwrap(),
                serde_json::to_value(&from_yaml).unwrap(),
                "kit `{}`: rebuild, the pre-built form is stale",
                b.id
            );
        }
    }
}
