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

use super::part::{Keyed, ListPart, Part};
use super::{Kit, Origin};

/// The pre-built form of a validated kit: each part of it ([`super::part`]) written on its own,
/// as its length (four bytes, little-endian) and its MessagePack, in the order of [`decode`].
pub fn encode(kit: &Kit) -> Vec<u8> {
    let mut out = Vec::new();
    let mut part = |value: &dyn erased::Part| frame(&mut out, &value.bytes());
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
    let mut frames = Frames(bytes);
    let mut next = || {
        frames
            .next()
            .expect("the built-in kit was pre-built by this very build")
    };
    Kit {
        origin: Origin::BuiltIn(id.to_owned()),
        meta: Part::encoded(next()),
        terms: Part::encoded(next()),
        vocabularies: Part::encoded(next()),
        bindings: Part::encoded(next()),
        document: Part::encoded(next()),
        components: Part::encoded(next()),
        cards: ListPart::encoded(next()),
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

/// `bytes` framed: their length (four bytes, little-endian), then themselves.
pub(crate) fn frame(out: &mut Vec<u8>, bytes: &[u8]) {
    let len = u32::try_from(bytes.len()).expect("a part of a kit is under 4 GiB");
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(bytes);
}

/// The framed byte strings [`frame`] wrote one after another.
pub(crate) struct Frames(pub(crate) &'static [u8]);

impl Iterator for Frames {
    type Item = &'static [u8];

    fn next(&mut self) -> Option<&'static [u8]> {
        let (len, after) = self.0.split_first_chunk::<4>()?;
        let (bytes, rest) = after.split_at(u32::from_le_bytes(*len) as usize);
        self.0 = rest;
        Some(bytes)
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
    impl<T: super::Serialize + super::DeserializeOwned + super::Keyed> Part for super::ListPart<T> {
        fn bytes(&self) -> Vec<u8> {
            super::ListPart::encode(self.get())
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

    #[test]
    fn a_card_looked_up_alone_is_the_card_of_the_whole_list() {
        for b in BUILT_IN {
            let from_yaml = load_yaml(&KitRef::BuiltIn(b)).expect("the built-in kit validates");
            // A kit of its own, with nothing decoded yet (not the one the process shares).
            let fresh = || super::decode(b.id, b.prebuilt.expect("built-in kits are pre-built"));
            let json = |c: Option<&super::super::Card>| serde_json::to_value(c).unwrap();
            let alone = fresh();
            for card in from_yaml.cards().iter().rev() {
                assert_eq!(json(alone.card(&card.id)), json(Some(card)), "{}", card.id);
            }
            assert!(alone.card("no-such-card").is_none());
            // Looked up after the whole list is decoded, from the list.
            let listed = fresh();
            assert_eq!(listed.cards().len(), from_yaml.cards().len());
            for card in from_yaml.cards() {
                assert_eq!(json(listed.card(&card.id)), json(Some(card)), "{}", card.id);
            }
            assert!(listed.card("no-such-card").is_none());
        }
    }
}
