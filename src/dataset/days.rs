//! Days as the analyses count them: naive seconds (wall-clock time of the file, no time zone) to day numbers
//! since 1970-01-01, and back to `YYYY-MM-DD` for people.

use crate::error::{Error, ErrorCode, Result};
use chrono::{DateTime, NaiveDate};

/// Formats naive seconds as `YYYY-MM-DD` for reports.
pub fn format_day(seconds: i64) -> String {
    DateTime::from_timestamp(seconds, 0)
        .map(|d| d.date_naive().to_string())
        .unwrap_or_default()
}

/// The day number (days since 1970-01-01) of naive seconds.
pub fn day_of(seconds: i64) -> i64 {
    seconds.div_euclid(86_400)
}

/// The day number of an ISO `YYYY-MM-DD` date given as option `option` (an analysis or calibration date).
pub fn option_day(option: &str, s: &str) -> Result<i64> {
    iso_day(s).ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidOption,
            format!("{option} `{s}` is not a date in the form YYYY-MM-DD"),
        )
    })
}

fn iso_day(s: &str) -> Option<i64> {
    let mut parts = s.split('-');
    let mut part = |len: usize| {
        parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|p| p.parse::<u32>().ok())
    };
    let (year, month, day) = (part(4)?, part(2)?, part(2)?);
    if parts.next().is_some() {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    Some(day_of(date.and_hms_opt(0, 0, 0)?.and_utc().timestamp()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn option_days_are_iso_dates_only() {
        assert_eq!(option_day("d", "1970-01-02").unwrap(), 1);
        assert_eq!(
            format_day(option_day("d", "2011-12-09").unwrap() * 86_400),
            "2011-12-09"
        );
        for bad in [
            "2011-2-09",
            "2011-02-30",
            "09/12/2011",
            "2011-12-09 ",
            "2011-12-09-1",
            "",
            "+011-01-01",
        ] {
            let err = option_day("analysisDate", bad).unwrap_err();
            assert!(err.message.contains("YYYY-MM-DD"), "{bad}: {}", err.message);
        }
        assert_eq!(day_of(-1), -1);
    }
}
