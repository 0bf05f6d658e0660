//! One integration-test binary; each module is a feature, driven through the real `thinkkit`
//! binary where the feature is a command.

mod analysis;
mod answer;
mod common;
mod compare;
mod kit;
mod measure;
mod play;
mod print;
mod render;
mod status;
mod workshop;
