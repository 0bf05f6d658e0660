//! Every limit thinkkit puts on its input, in one place.
//!
//! Kits, plans and templates are shared between organisations, edited by hand and passed round
//! by email, so nothing in them is trusted: no file, however it is made, can crash thinkkit, make
//! it run for ever or make it show a number it did not mean. Each limit is far beyond any real
//! use and is refused with a message that says what to do.
//!
//! | limit | value | where |
//! |---|---|---|
//! | size of any file read, and of a plan saved | [`MAX_FILE_BYTES`] (8 MiB) | [`crate::files::read_text`], [`crate::plan::store`] |
//! | YAML nesting and aliases | 128 levels; the YAML parser's alias limit | [`crate::yaml::from_str`] |
//! | a kit folder | [`MAX_KIT_BYTES`] (32 MiB) all files together | [`crate::kit::load`] |
//! | entries in one list of a plan (cards, measures, values, services, list answers, answers) | [`MAX_PLAN_ITEMS`] (10,000) | [`crate::plan::check`] |
//! | a number in a kit or a plan | finite, at most [`LARGEST_NUMBER`] either side of zero | kit validation, [`crate::interview::Interview::accept`] |
//! | a computed default (`default-expr`) | 1,000 characters, 32 levels, 100 operations | [`crate::kit::expr`] |
//! | templates | no recursion; `range` makes at most 100,000 numbers a render; 10 seconds and 2 GiB of memory a render with a user's template | [`crate::render::limits`] |

/// Largest file thinkkit reads or writes: far beyond any real kit, plan or template, small
/// enough to refuse a runaway file before parsing it.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// Largest kit folder, all its files together.
pub const MAX_KIT_BYTES: usize = 4 * MAX_FILE_BYTES;

/// Most entries in one list of a plan: chosen cards, measures, values of a measure, services,
/// items of a list answer, answers. A real plan has tens; a plan with hundreds of thousands
/// (which fits in a file) would take minutes to render, and is a mistake or an attack.
pub const MAX_PLAN_ITEMS: usize = 10_000;

/// Largest number, either side of zero, a kit or a plan may hold: a million million (pounds,
/// homes, people, contacts a year). Beyond it a figure is a typo or an attack, and sums of such
/// figures would lose their pennies.
pub const LARGEST_NUMBER: f64 = 1e12;

/// Whether `n` is a number a kit or a plan may hold: finite and within [`LARGEST_NUMBER`].
pub fn sane(n: f64) -> bool {
    n.is_finite() && n.abs() <= LARGEST_NUMBER
}

/// Why `n` is refused, for messages: `is not a finite number`, `is beyond …`.
pub fn insane_reason(n: f64) -> String {
    if n.is_finite() {
        let shown = if n.abs() >= 1e15 {
            format!("{n:e}")
        } else {
            format!("{n}")
        };
        format!("{shown} is beyond the largest number thinkkit takes (1e12, a million million)")
    } else {
        format!("`{n}` is not a finite number")
    }
}
