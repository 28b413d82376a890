//! Activity dates as issuers write them: ISO dates and RFC 3339 date-times, and the
//! day-first dates that spreadsheets in Spanish and Portuguese locales write
//! (`02/03/2026` is 2 March 2026; `15-07-2026`, `15.07.2026`). Month-first dates are not
//! accepted: in the network's countries a date is read day first.

use time::format_description::well_known::Rfc3339;

/// The formats accepted, for error messages.
pub const ACCEPTED: &str =
    "YYYY-MM-DD, an RFC 3339 date-time, or day first as DD/MM/YYYY, DD-MM-YYYY or DD.MM.YYYY";

/// `s` as an XSD dateTimeStamp (RFC 3339, UTC midnight for a date).
pub fn date_time_stamp(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &Rfc3339) {
        return t.format(&Rfc3339).ok();
    }
    let iso = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, iso)
        .ok()
        .or_else(|| day_first(s))
        .map(|d| format!("{d}T00:00:00Z"))
}

/// `D/M/YYYY`, `DD-MM-YYYY` or `DD.MM.YYYY` (one separator throughout; a four-digit year).
fn day_first(s: &str) -> Option<time::Date> {
    let separator = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = s.split(separator).collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let digits = |p: &str, len: std::ops::RangeInclusive<usize>| {
        len.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(day, 1..=2) && digits(month, 1..=2) && digits(year, 4..=4)) {
        return None;
    }
    let month = time::Month::try_from(month.parse::<u8>().ok()?).ok()?;
    time::Date::from_calendar_date(year.parse().ok()?, month, day.parse().ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::date_time_stamp;

    #[test]
    fn iso_and_rfc3339() {
        assert_eq!(
            date_time_stamp("2026-03-02").as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(
            date_time_stamp("2026-06-26T23:59:59-04:00").as_deref(),
            Some("2026-06-26T23:59:59-04:00")
        );
    }

    #[test]
    fn day_first_dates_from_spanish_locale_spreadsheets() {
        assert_eq!(
            date_time_stamp("02/03/2026").as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
        assert_eq!(
            date_time_stamp("15-07-2026").as_deref(),
            Some("2026-07-15T00:00:00Z")
        );
        assert_eq!(
            date_time_stamp("1.7.2026").as_deref(),
            Some("2026-07-01T00:00:00Z")
        );
        assert_eq!(
            date_time_stamp(" 5/3/2026 ").as_deref(),
            Some("2026-03-05T00:00:00Z")
        );
    }

    #[test]
    fn impossible_or_ambiguous_dates_are_refused() {
        for bad in [
            "31/02/2026",
            "07/15/2026",
            "15/07/26",
            "15/07-2026",
            "2026/07/15",
            "mañana",
            "",
        ] {
            assert_eq!(date_time_stamp(bad), None, "{bad}");
        }
    }
}
