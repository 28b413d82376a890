//! Converting workloads between credit systems. Every system's credit stands for an
//! interval of hours (ECTS 25–30), so a conversion is an interval too: 3 ECTS is 75–90 h,
//! which is 2.42–3.75 SCT-Chile (75 / 31 to 90 / 24). An agreement between institutions
//! may fix one value instead; that is the agreement's, not the framework's.

use serde::Serialize;

use super::CreditHours;

/// A closed interval of amounts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    /// The least.
    pub min: f64,
    /// The most.
    pub max: f64,
}

impl Interval {
    /// One exact amount.
    pub fn exactly(value: f64) -> Self {
        Self {
            min: value,
            max: value,
        }
    }

    /// Whether it overlaps `other`.
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.min <= other.max && other.min <= self.max
    }

    /// Rounded to `places` decimals outward (the least down, the most up), for display.
    pub fn rounded(&self, places: i32) -> Self {
        let f = 10f64.powi(places);
        Self {
            min: (self.min * f).floor() / f,
            max: (self.max * f).ceil() / f,
        }
    }
}

/// The hours that `credits` of system `per_credit` stand for.
pub fn hours(per_credit: &CreditHours, credits: Interval) -> Interval {
    Interval {
        min: credits.min * per_credit.min,
        max: credits.max * per_credit.max,
    }
}

/// The credits of system `per_credit` that `hours` stand for.
pub fn credits(per_credit: &CreditHours, hours: Interval) -> Interval {
    Interval {
        min: hours.min / per_credit.max,
        max: hours.max / per_credit.min,
    }
}

/// `amount` credits of system `from` in credits of system `to`.
pub fn convert(from: &CreditHours, amount: f64, to: &CreditHours) -> Interval {
    credits(to, hours(from, Interval::exactly(amount)))
}

#[cfg(test)]
mod tests {
    use super::super::Source;
    use super::*;

    fn system(min: f64, max: f64) -> CreditHours {
        CreditHours {
            min,
            max,
            source: Source {
                title: "t".into(),
                publisher: None,
                year: None,
                url: None,
            },
            components: Vec::new(),
        }
    }

    #[test]
    fn three_ects_are_75_to_90_hours_and_2_4_to_3_75_sct() {
        let (ects, sct) = (system(25.0, 30.0), system(24.0, 31.0));
        let h = hours(&ects, Interval::exactly(3.0));
        assert_eq!(
            h,
            Interval {
                min: 75.0,
                max: 90.0
            }
        );
        let s = convert(&ects, 3.0, &sct).rounded(2);
        assert_eq!(
            s,
            Interval {
                min: 2.41,
                max: 3.75
            }
        );
        assert!((convert(&ects, 3.0, &sct).min - 75.0 / 31.0).abs() < 1e-12);
    }

    #[test]
    fn hours_convert_exactly_to_hours() {
        let h = system(1.0, 1.0);
        assert_eq!(convert(&h, 40.0, &h), Interval::exactly(40.0));
        assert!(Interval { min: 1.0, max: 2.0 }.overlaps(&Interval { min: 2.0, max: 3.0 }));
        assert!(!Interval { min: 1.0, max: 2.0 }.overlaps(&Interval { min: 2.5, max: 3.0 }));
    }
}
