//! `thinkkit kit …` and the kit loader, through the binary.

use crate::common::{root, thinkkit};

#[test]
fn starter_kit_validates() {
    thinkkit(&root())
        .args(["kit", "validate", "kits/starter"])
        .assert()
        .success();
}
