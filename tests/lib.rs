//! One integration-test binary; each module is a feature, driven through the real `thinkkit`
//! binary where the feature is a command.

mod common;
mod kit;
mod print;
mod render;
