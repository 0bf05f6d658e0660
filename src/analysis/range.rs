//! Ranges of pounds and people. Card costs and reach are ranges in the kit because the sources
//! give ranges; sums of ranges stay ranges, so a plan's total never pretends to a precision its
//! parts do not have.

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::text::{group_thousands, money_range};

/// A range of pounds. `estimate` is true when any part of it is an estimate no source gives.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct MoneyRange {
    /// Lowest likely amount.
    pub min: f64,
    /// Highest likely amount.
    pub max: f64,
    /// Whether some part is an estimate to replace with the team's own figure.
    pub estimate: bool,
}

impl MoneyRange {
    /// One amount, known exactly (a team's local cost).
    pub fn exact(v: f64) -> Self {
        MoneyRange {
            min: v,
            max: v,
            estimate: false,
        }
    }

    /// The sum of two ranges.
    #[must_use]
    pub fn plus(self, other: MoneyRange) -> Self {
        MoneyRange {
            min: self.min + other.min,
            max: self.max + other.max,
            estimate: self.estimate || other.estimate,
        }
    }

    /// `£1,200–£3,000`, with `*` for an estimate.
    pub fn text(&self) -> String {
        money_range(self.min, self.max, self.estimate)
    }
}

impl Serialize for MoneyRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // `text` saves every template from formatting money itself.
        let mut st = s.serialize_struct("MoneyRange", 4)?;
        st.serialize_field("min", &self.min)?;
        st.serialize_field("max", &self.max)?;
        st.serialize_field("estimate", &self.estimate)?;
        st.serialize_field("text", &self.text())?;
        st.end()
    }
}

/// A range of people (or other whole counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CountRange {
    /// Fewest.
    pub min: u64,
    /// Most.
    pub max: u64,
}

impl CountRange {
    /// The sum of two ranges (saturating: no input can overflow it).
    #[must_use]
    pub fn plus(self, other: CountRange) -> Self {
        CountRange {
            min: self.min.saturating_add(other.min),
            max: self.max.saturating_add(other.max),
        }
    }

    /// `1,200–3,000` or `1,200`.
    pub fn text(&self) -> String {
        if self.min == self.max {
            group_thousands(self.min)
        } else {
            format!(
                "{}–{}",
                group_thousands(self.min),
                group_thousands(self.max)
            )
        }
    }
}

impl Serialize for CountRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("CountRange", 3)?;
        st.serialize_field("min", &self.min)?;
        st.serialize_field("max", &self.max)?;
        st.serialize_field("text", &self.text())?;
        st.end()
    }
}

/// A range of percentages (a share of the offline population, say).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct PercentRange {
    /// Lowest share.
    pub min: f64,
    /// Highest share.
    pub max: f64,
}

impl PercentRange {
    /// `12–40%` (whole percents), or `12%`.
    pub fn text(&self) -> String {
        let (a, b) = (self.min.round(), self.max.round());
        if (a - b).abs() < f64::EPSILON {
            format!("{a:.0}%")
        } else {
            format!("{a:.0}–{b:.0}%")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_and_texts() {
        let a = MoneyRange {
            min: 100.0,
            max: 200.0,
            estimate: false,
        };
        let b = MoneyRange {
            min: 50.0,
            max: 50.0,
            estimate: true,
        };
        let s = a.plus(b);
        assert_eq!((s.min, s.max, s.estimate), (150.0, 250.0, true));
        assert_eq!(s.text(), "£150–£250*");
        assert_eq!(CountRange { min: 5, max: 5 }.text(), "5");
        assert_eq!(
            CountRange {
                min: u64::MAX,
                max: 1
            }
            .plus(CountRange { min: 1, max: 1 }),
            CountRange {
                min: u64::MAX,
                max: 2
            }
        );
        assert_eq!(
            PercentRange {
                min: 9.6,
                max: 40.2
            }
            .text(),
            "10–40%"
        );
    }
}
