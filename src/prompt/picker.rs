//! A one-off checklist prompt (the planning game's card picker), with the workshop's Ctrl-C
//! handling: a SIGINT handler that only sets a flag, so the prompt returns instead of the
//! process dying with the cursor hidden.

use std::sync::Arc;
use std::sync::atomic::AtomicBool;

use console::Term;
use dialoguer::MultiSelect;
use dialoguer::theme::ColorfulTheme;

/// What the user did with a checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    /// Indexes of the ticked items, in list order.
    Items(Vec<usize>),
    /// Esc or Ctrl-C: nothing chosen.
    Cancelled,
}

/// Ask the user to tick any of `items`. The caller has checked that standard input and output
/// are terminals.
pub fn checklist(prompt: &str, items: &[String]) -> anyhow::Result<Picked> {
    let flag = Arc::new(AtomicBool::new(false));
    let id = signal_hook::flag::register(signal_hook::consts::SIGINT, Arc::clone(&flag))?;
    let result = MultiSelect::with_theme(&ColorfulTheme::default())
        .with_prompt(prompt)
        .items(items)
        .max_length(15)
        .interact_on_opt(&Term::stdout());
    signal_hook::low_level::unregister(id);
    let _ = Term::stdout().show_cursor();
    match result {
        Ok(Some(chosen)) => Ok(Picked::Items(chosen)),
        Ok(None) => Ok(Picked::Cancelled),
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            Ok(Picked::Cancelled)
        }
        Err(e) => Err(e.into()),
    }
}
