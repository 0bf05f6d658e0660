//! One integration-test binary; each module is a feature, driven through the real `thinkkit`
//! binary where the feature is a command.

mod analysis;
mod answer;
mod by_commands;
mod cards;
mod common;
mod kit;
mod measure;
mod play;
mod print;
mod render;
mod shift;
mod status;
mod workshop;
