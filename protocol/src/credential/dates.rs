//! XSD `dateTimeStamp` checks (a dateTime with a mandatory timezone).

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Whether `s` is an XSD `dateTimeStamp` as VC 2.0 requires: `YYYY-MM-DDThh:mm:ss[.s+]`
/// followed by `Z` or `±hh:mm`.
pub fn is_date_time_stamp(s: &str) -> bool {
    parse_date_time(s).is_some()
}

/// Parses an XSD `dateTimeStamp` (upper-case `T` and `Z` only; four-digit years).
pub fn parse_date_time(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() < 20 || b.get(10) != Some(&b'T') || s.contains(['t', 'z', ' ']) {
        return None;
    }
    OffsetDateTime::parse(s, &Rfc3339).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_time_stamps() {
        for ok in [
            "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:00.123Z",
            "2026-01-01T00:00:00-03:00",
        ] {
            assert!(is_date_time_stamp(ok), "{ok}");
        }
        for bad in [
            "2026-01-01",
            "2026-01-01T00:00:00",
            "2026-01-01t00:00:00z",
            "2026-01-01 00:00:00Z",
            "2026-13-01T00:00:00Z",
            "yesterday",
            "",
        ] {
            assert!(!is_date_time_stamp(bad), "{bad}");
        }
    }
}
