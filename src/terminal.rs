//! What the commands ([`crate::cmd`]) and the workshop's prompts ([`crate::prompt`]) both need
//! from the terminal: the table style and the "stopped by the user" error. It lives below both
//! so that the prompt layer never reaches up into the commands.

use std::fmt;

/// The user interrupted an interactive command; everything confirmed was saved. The command
/// exits with [`Interrupted::code`]: 130 for Ctrl-C, 128 + the signal's number for a signal
/// such as SIGTERM (143) or SIGHUP (129).
#[derive(Debug)]
pub struct Interrupted {
    /// One line saying how to resume.
    pub message: String,
    /// The exit code.
    pub code: u8,
}

impl Interrupted {
    /// Ctrl-C: exit code 130.
    pub fn ctrl_c(message: impl Into<String>) -> Self {
        Interrupted {
            message: message.into(),
            code: 130,
        }
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Interrupted {}

/// A terminal table with the project's look: a header row, wrapping to the terminal's width.
pub fn table<const N: usize>(header: [&str; N]) -> comfy_table::Table {
    let mut t = comfy_table::Table::new();
    t.load_preset(comfy_table::presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(comfy_table::ContentArrangement::Dynamic)
        .set_header(header);
    t
}
