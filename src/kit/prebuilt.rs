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
//! Each part of the kit (its metadata, components, cards, …) is written on its own and decoded on
//! its first use ([`super::part`]): `cards list` never decodes the questions and their guidance.
//! The bytes are only ever read by the build that wrote them, so there is no versioning to do.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::part::Part;
use super::{Kit, Origin};

/// The pre-built form of a validated kit: each part of it ([`super::part`]) written on its own,
/// as its length (four bytes, little-endian) and its MessagePack, in the order of [`decode`].
pub fn encode(kit: &Kit) -> Vec<u8> {
    let mut out = Vec::new();
    let mut part = |value: &dyn erased::Part| {
        let bytes = value.bytes();
        let len = u32::try_from(bytes.len()).expect("a part of a kit is under 4 GiB");
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&bytes);
    };
    part(&kit.meta);
    part(&kit.terms);
    part(&kit.vocabularies);
    part(&kit.bindings);
    part(&kit.document);
    part(&kit.components);
    part(&kit.cards);
    part(&kit.sheets);
    part(&kit.scenarios);
    part(&kit.measures);
    part(&kit.figures);
    part(&kit.reality_checks);
    part(&kit.question_at);
    part(&kit.default_exprs);
    part(&kit.whens);
    part(&kit.rules);
    out
}

/// The kit `id` from the bytes [`encode`] wrote when this binary was built. Only the parts' places
/// are read here; each part is decoded when a command first uses it.
pub(crate) fn decode(id: &str, bytes: &'static [u8]) -> Kit {
    let mut rest = bytes;
    let mut next = || {
        let (len, after) = rest
            .split_first_chunk::<4>()
            .expect("the built-in kit was pre-built by this very build");
        let len = u32::from_le_bytes(*len) as usize;
        let (part, after) = after.split_at(len);
        rest = after;
        part
    };
    Kit {
        origin: Origin::BuiltIn(id.to_owned()),
        meta: Part::encoded(next()),
        terms: Part::encoded(next()),
        vocabularies: Part::encoded(next()),
        bindings: Part::encoded(next()),
        document: Part::encoded(next()),
        components: Part::encoded(next()),
        cards: Part::encoded(next()),
        sheets: Part::encoded(next()),
        scenarios: Part::encoded(next()),
        measures: Part::encoded(next()),
        figures: Part::encoded(next()),
        reality_checks: Part::encoded(next()),
        question_at: Part::encoded(next()),
        default_exprs: Part::encoded(next()),
        whens: Part::encoded(next()),
        rules: Part::encoded(next()),
    }
}

/// One part of a kit from the bytes [`encode`] wrote for it.
pub(crate) fn decode_part<T: DeserializeOwned>(bytes: &[u8]) -> T {
    rmp_serde::from_slice(bytes).expect("the built-in kit was pre-built by this very build")
}

/// [`encode`] takes the parts, of different types, one after the other.
mod erased {
    pub(super) trait Part {
        fn bytes(&self) -> Vec<u8>;
    }
    impl<T: super::Serialize + super::DeserializeOwned> Part for super::Part<T> {
        fn bytes(&self) -> Vec<u8> {
            rmp_serde::to_vec(self.get()).expect("a kit serializes")
        }
    }
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
