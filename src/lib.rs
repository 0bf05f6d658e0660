//! thinkkit: a thinking kit for planning strategies. Everything it knows about a kind of
//! strategy is a kit (YAML); the built-in kit is digital inclusion for housing organisations.
//!
//! The flow is one way: a [`kit::Kit`] (read-only content) and a plan (the team's answers) feed
//! the interview, the analysis and the renderer. See `DESIGN.md`-style notes in each module.

/// The pre-built form of the built-in kit `$id`, written by `build.rs` (see [`kit::prebuilt`]).
/// The build script defines this macro as `None`, since it is the one that makes it.
macro_rules! prebuilt_kit {
    ($id:literal) => {
        Some(include_bytes!(concat!(env!("OUT_DIR"), "/", $id, ".kit")))
    };
}

pub mod analysis;
pub mod charts;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod complete;
pub mod edit;
pub mod files;
pub mod interview;
pub mod kit;
pub mod limits;
pub mod plan;
pub mod prompt;
pub mod render;
pub mod terminal;
pub mod text;
pub mod yaml;
