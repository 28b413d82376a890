//! HTTP dates (IMF-fixdate, `Sun, 06 Nov 1994 08:49:37 GMT`) for the `Date` header.

use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::HttpSigError;

const IMF_FIXDATE: &[BorrowedFormatItem<'static>] = format_description!(
    "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
);

/// Formats `when` as an IMF-fixdate.
pub fn format(when: OffsetDateTime) -> Result<String, HttpSigError> {
    when.to_offset(UtcOffset::UTC)
        .format(IMF_FIXDATE)
        .map_err(|e| HttpSigError::Signing(format!("cannot format the Date header: {e}")))
}

/// Parses an IMF-fixdate to unix seconds.
pub fn parse(value: &str) -> Result<i64, HttpSigError> {
    PrimitiveDateTime::parse(value.trim(), IMF_FIXDATE)
        .map(|dt| dt.assume_utc().unix_timestamp())
        .map_err(|e| HttpSigError::malformed("date", format!("{value:?} is not an HTTP date: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = parse("Sun, 05 Jan 2014 21:31:40 GMT").unwrap();
        assert_eq!(t, 1_388_957_500);
        let dt = OffsetDateTime::from_unix_timestamp(t).unwrap();
        assert_eq!(format(dt).unwrap(), "Sun, 05 Jan 2014 21:31:40 GMT");
        assert!(parse("2014-01-05T21:31:40Z").is_err());
        assert!(parse("Sun, 05 Jan 2014 21:31:40 PST").is_err());
    }
}
