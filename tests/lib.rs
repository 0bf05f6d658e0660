//! One integration-test binary; each module is a feature, driven through the real `thinkkit`
//! binary where the feature is a command.

mod analysis;
mod answer;
mod by_commands;
mod cards;
mod cli;
mod common;
mod compare;
mod documents;
mod encodings;
mod gp_practice;
mod kit;
mod limits;
mod measure;
mod other_sector;
mod plan_check;
mod play;
mod print;
mod readers;
mod render;
mod robustness;
mod rules;
mod saving;
mod screen;
mod shift;
mod status;
mod templates_doc;
mod workshop;
