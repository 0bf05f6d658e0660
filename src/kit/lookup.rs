//! Finding a card, scenario or measure the way a person names it: by its id, or by its title in
//! any case (`thinkkit cards show "Device loans"`).
//!
//! An exact id always wins; then an exact title, ignoring case and spaces around it. Nothing
//! looser is accepted silently: a word that is part of one or more titles is refused with the
//! candidates ("did you mean `device-loans` (Device loans)?"), because a command that writes to
//! a plan must not guess which card was meant.

use super::diagnostic::unknown_help;
use super::{Card, Kit, Measure, Scenario};

/// Why a name found nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// Several items have this title, or contain the words given: their ids and titles.
    Ambiguous(Vec<(String, String)>),
    /// Nothing is called this; what to suggest instead.
    Unknown(String),
}

impl Miss {
    /// Advice for the user, to follow the "no card `x`" message.
    pub fn help(&self) -> String {
        match self {
            Miss::Ambiguous(items) if items.len() == 1 => {
                format!("did you mean `{}`? ({})", items[0].0, items[0].1)
            }
            Miss::Ambiguous(items) => format!(
                "it could be {}; give the id",
                items
                    .iter()
                    .map(|(id, title)| format!("`{id}` ({title})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Miss::Unknown(help) => help.clone(),
        }
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['‘', '’'], "'")
}

/// The item of `items` that `token` names: its id, or its title.
pub fn find<'a, T>(
    items: &'a [T],
    token: &str,
    id_of: impl Fn(&T) -> &str,
    title_of: impl Fn(&T) -> &str,
) -> Result<&'a T, Miss> {
    let token = token.trim();
    if let Some(item) = items.iter().find(|i| id_of(i) == token) {
        return Ok(item);
    }
    let wanted = norm(token);
    let titled: Vec<&T> = items
        .iter()
        .filter(|i| norm(title_of(i)) == wanted)
        .collect();
    match titled.as_slice() {
        [one] => return Ok(one),
        [] => {}
        many => {
            return Err(Miss::Ambiguous(
                many.iter()
                    .map(|i| (id_of(i).to_owned(), title_of(i).to_owned()))
                    .collect(),
            ));
        }
    }
    // A case-insensitive id, or words from titles: suggest, never choose.
    let near: Vec<(String, String)> = items
        .iter()
        .filter(|i| {
            let (id, title) = (id_of(i).to_lowercase(), norm(title_of(i)));
            !wanted.is_empty() && (id == wanted || title.contains(&wanted) || id.contains(&wanted))
        })
        .map(|i| (id_of(i).to_owned(), title_of(i).to_owned()))
        .collect();
    if !near.is_empty() && near.len() <= 8 {
        return Err(Miss::Ambiguous(near));
    }
    Err(Miss::Unknown(unknown_help(
        token,
        items.iter().map(&id_of).collect::<Vec<_>>(),
    )))
}

impl Kit {
    /// The card `token` names, by id or title.
    pub fn find_card(&self, token: &str) -> Result<&Card, Miss> {
        find(self.cards(), token, |c| &c.id, |c| &c.title)
    }

    /// The scenario `token` names, by id or title.
    pub fn find_scenario(&self, token: &str) -> Result<&Scenario, Miss> {
        find(self.scenarios(), token, |s| &s.id, |s| &s.title)
    }

    /// The measure `token` names, by id or title.
    pub fn find_measure(&self, token: &str) -> Result<&Measure, Miss> {
        find(self.measures(), token, |m| &m.id, |m| &m.title)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Item(&'static str, &'static str);

    const ITEMS: &[Item] = &[
        Item("device-loans", "Device loans"),
        Item("recycled-pcs", "Recycled devices"),
        Item("taster-sessions", "Taster sessions ('Homes on the Net')"),
        Item("twin-a", "Twin"),
        Item("twin-b", "Twin"),
    ];

    fn get(token: &str) -> Result<&'static str, Miss> {
        find(ITEMS, token, |i| i.0, |i| i.1).map(|i| i.0)
    }

    #[test]
    fn ids_then_titles_in_any_case() {
        assert_eq!(get("device-loans"), Ok("device-loans"));
        assert_eq!(get("  device LOANS "), Ok("device-loans"));
        assert_eq!(
            get("Taster sessions (‘Homes on the Net’)"),
            Ok("taster-sessions")
        );
    }

    #[test]
    fn part_of_a_title_is_suggested_not_chosen() {
        let miss = get("device").unwrap_err();
        assert_eq!(
            miss.help(),
            "it could be `device-loans` (Device loans), `recycled-pcs` (Recycled devices); give the id"
        );
        assert_eq!(
            get("Device-Loans").unwrap_err().help(),
            "did you mean `device-loans`? (Device loans)"
        );
        assert!(
            get("twin")
                .unwrap_err()
                .help()
                .contains("`twin-a` (Twin), `twin-b` (Twin)")
        );
        assert!(matches!(get("nothing-like-it"), Err(Miss::Unknown(_))));
    }
}
