//! Date and time columns: detects the format of a column from its values (ISO, `M/D/YYYY H:MM` as in the UCI
//! Online Retail file, `D/M/YYYY`, `D.M.YYYY`, `YYYYMMDD`, Unix seconds or milliseconds), resolves day/month
//! order from the data, and parses with chrono. Times are kept as naive seconds since 1970-01-01: shop
//! exports carry local times without a zone, and every analysis here only compares and subtracts them.

use chrono::format::{parse, Item, Parsed, StrftimeItems};
use chrono::DateTime;
use serde::{Deserialize, Serialize};

/// Order of the calendar fields. `Mdy` and `Dmy` cannot be told apart from `01/02/2011` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    Ymd,
    Mdy,
    Dmy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateFormat {
    Calendar {
        order: DateOrder,
        /// `None` for the compact `YYYYMMDD`.
        sep: Option<char>,
        short_year: bool,
    },
    UnixSeconds,
    UnixMillis,
}

impl DateFormat {
    /// How the format is shown to people, e.g. `M/D/YYYY hh:mm`.
    pub fn describe(&self) -> String {
        match *self {
            DateFormat::UnixSeconds => "Unix time (seconds)".into(),
            DateFormat::UnixMillis => "Unix time (milliseconds)".into(),
            DateFormat::Calendar {
                order,
                sep,
                short_year,
            } => {
                let y = if short_year { "YY" } else { "YYYY" };
                let parts = match order {
                    DateOrder::Ymd => [y, "MM", "DD"],
                    DateOrder::Mdy => ["M", "D", y],
                    DateOrder::Dmy => ["D", "M", y],
                };
                let sep = sep.map(String::from).unwrap_or_default();
                format!("{} [time]", parts.join(&sep))
            }
        }
    }

    fn date_pattern(&self) -> Option<String> {
        let DateFormat::Calendar {
            order,
            sep,
            short_year,
        } = *self
        else {
            return None;
        };
        let y = if short_year { "%y" } else { "%Y" };
        let parts = match order {
            DateOrder::Ymd => [y, "%m", "%d"],
            DateOrder::Mdy => ["%m", "%d", y],
            DateOrder::Dmy => ["%d", "%m", y],
        };
        Some(parts.join(&sep.map(String::from).unwrap_or_default()))
    }
}

/// Time-of-day suffixes accepted after the date, most common first.
const TIME_SUFFIXES: &[(&str, bool)] = &[
    (" %H:%M:%S%.f", true),
    ("T%H:%M:%S%.f", true),
    (" %H:%M", true),
    ("T%H:%M", true),
    (" %I:%M:%S %p", true),
    (" %I:%M %p", true),
    ("", false),
];

/// A compiled parser for one detected format. Tries the pattern that matched last time first, since a column
/// nearly always uses one pattern throughout.
pub struct DateParser {
    format: DateFormat,
    patterns: Vec<(Vec<Item<'static>>, bool)>,
    last_hit: usize,
}

impl DateParser {
    pub fn new(format: DateFormat) -> Self {
        let patterns = match format.date_pattern() {
            None => Vec::new(),
            Some(date) => TIME_SUFFIXES
                .iter()
                .filter_map(|(suffix, has_time)| {
                    let items = StrftimeItems::new(&format!("{date}{suffix}"))
                        .parse_to_owned()
                        .ok()?;
                    Some((items, *has_time))
                })
                .collect(),
        };
        DateParser {
            format,
            patterns,
            last_hit: 0,
        }
    }

    pub fn format(&self) -> DateFormat {
        self.format
    }

    /// Seconds since 1970-01-01T00:00:00 (naive), or `None` if the field is not a date in this format.
    pub fn parse(&mut self, field: &str) -> Option<i64> {
        match self.format {
            DateFormat::UnixSeconds => return epoch_digits(field, 9..=10).map(|v| v as i64),
            DateFormat::UnixMillis => {
                return epoch_digits(field, 12..=13).map(|v| (v / 1000) as i64)
            }
            DateFormat::Calendar { .. } => {}
        }
        let n = self.patterns.len();
        for k in 0..n {
            let i = (self.last_hit + k) % n;
            if let Some(t) = parse_with(&self.patterns[i].0, self.patterns[i].1, field) {
                self.last_hit = i;
                return Some(t);
            }
        }
        // ISO timestamps with a zone ("2011-12-09T12:50:00Z", "+01:00") are converted to UTC.
        if matches!(
            self.format,
            DateFormat::Calendar {
                order: DateOrder::Ymd,
                sep: Some('-'),
                ..
            }
        ) {
            return DateTime::parse_from_rfc3339(field)
                .ok()
                .map(|d| d.naive_utc().and_utc().timestamp());
        }
        None
    }
}

fn parse_with(items: &[Item<'static>], has_time: bool, field: &str) -> Option<i64> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, field, items.iter()).ok()?;
    let t = if has_time {
        parsed.to_naive_datetime_with_offset(0).ok()?
    } else {
        parsed.to_naive_date().ok()?.and_hms_opt(0, 0, 0)?
    };
    Some(t.and_utc().timestamp())
}

fn epoch_digits(field: &str, lengths: std::ops::RangeInclusive<usize>) -> Option<u64> {
    if !lengths.contains(&field.len()) || !field.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    field.parse().ok()
}

/// What detection found for a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    pub format: DateFormat,
    /// Day/month order could not be told from the values seen: every one fits both.
    pub ambiguous: bool,
}

/// Detects the date format of a column from sample values. `allow_epoch` admits bare integers as Unix times
/// (only sensible when the header says the column is a date). `order` forces the day/month order.
/// `min_share` is the share of non-empty values that must parse for the column to count as dates: high when
/// guessing from values alone, low when the header names the column a date (bad values are then reported
/// row by row instead of hiding the column).
pub fn detect(
    values: &[&str],
    allow_epoch: bool,
    order: Option<DateOrder>,
    min_share: f64,
) -> Option<Detected> {
    let values: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    // Candidates come from the shapes of the first few values, so one odd value does not decide.
    let mut candidates: Vec<DateFormat> = Vec::new();
    for v in values.iter().take(20) {
        for f in candidate_formats(v, allow_epoch, order) {
            if !candidates.contains(&f) {
                candidates.push(f);
            }
        }
    }
    let enough = |ok: usize| ok > 0 && ok as f64 >= min_share * values.len() as f64;
    let mut best: Option<(usize, DateFormat)> = None;
    let mut parsed_counts = Vec::new();
    for format in candidates {
        let mut parser = DateParser::new(format);
        let ok = values.iter().filter(|v| parser.parse(v).is_some()).count();
        parsed_counts.push(ok);
        if best.is_none_or(|(n, _)| ok > n) {
            best = Some((ok, format));
        }
    }
    let (ok, format) = best?;
    // Ambiguous: another reading parses just as many values (only day-first vs month-first can).
    let ties = parsed_counts.iter().filter(|&&n| n == ok).count();
    enough(ok).then_some(Detected {
        format,
        ambiguous: ties > 1,
    })
}

/// Formats the shape of one value admits, the conventional reading first (month-first for `/` as in US
/// exports and the UCI Online Retail file; day-first for `.` and `-`, as in Europe).
fn candidate_formats(value: &str, allow_epoch: bool, order: Option<DateOrder>) -> Vec<DateFormat> {
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.len() {
            8 => vec![calendar(DateOrder::Ymd, None, false)],
            9 | 10 if allow_epoch => vec![DateFormat::UnixSeconds],
            12 | 13 if allow_epoch => vec![DateFormat::UnixMillis],
            _ => vec![],
        };
    }
    let date_part = value.split([' ', 'T']).next().unwrap_or("");
    let Some(sep) = date_part.chars().find(|c| matches!(c, '-' | '/' | '.')) else {
        return vec![];
    };
    let parts: Vec<&str> = date_part.split(sep).collect();
    if parts.len() != 3 {
        return vec![];
    }
    if parts[0].len() == 4 {
        return vec![calendar(DateOrder::Ymd, Some(sep), false)];
    }
    let short_year = parts[2].len() == 2;
    let conventional = if sep == '/' {
        [DateOrder::Mdy, DateOrder::Dmy]
    } else {
        [DateOrder::Dmy, DateOrder::Mdy]
    };
    match order {
        Some(o) if o != DateOrder::Ymd => vec![calendar(o, Some(sep), short_year)],
        _ => conventional
            .iter()
            .map(|&o| calendar(o, Some(sep), short_year))
            .collect(),
    }
}

fn calendar(order: DateOrder, sep: Option<char>, short_year: bool) -> DateFormat {
    DateFormat::Calendar {
        order,
        sep,
        short_year,
    }
}

/// For an ambiguous day/month column, the other reading (`Mdy` <-> `Dmy`).
pub fn swapped(format: DateFormat) -> DateFormat {
    match format {
        DateFormat::Calendar {
            order,
            sep,
            short_year,
        } => {
            let order = match order {
                DateOrder::Mdy => DateOrder::Dmy,
                DateOrder::Dmy => DateOrder::Mdy,
                DateOrder::Ymd => DateOrder::Ymd,
            };
            calendar(order, sep, short_year)
        }
        other => other,
    }
}

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
pub fn option_day(option: &str, s: &str) -> crate::error::Result<i64> {
    // The column parser for ISO dates, rather than a chrono call of its own: one date parser in the wasm.
    let iso = calendar(DateOrder::Ymd, Some('-'), false);
    let len_ok = s.len() == "YYYY-MM-DD".len();
    DateParser::new(iso)
        .parse(s)
        .filter(|_| len_ok)
        .map(day_of)
        .ok_or_else(|| {
            crate::error::Error::new(
                crate::error::ErrorCode::InvalidOption,
                format!("{option} `{s}` is not a date in the form YYYY-MM-DD"),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> i64 {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    fn parse_all(values: &[&str]) -> (Detected, Vec<Option<i64>>) {
        let d = detect(values, true, None, 0.9).expect("detected");
        let mut p = DateParser::new(d.format);
        (d, values.iter().map(|v| p.parse(v)).collect())
    }

    #[test]
    fn iso_with_and_without_time() {
        let (d, t) = parse_all(&[
            "2017-01-01 11:53:26",
            "2017-01-02",
            "2017-01-03T04:05:06.250",
        ]);
        assert!(!d.ambiguous);
        assert_eq!(t[0], Some(ts("2017-01-01 11:53:26")));
        assert_eq!(t[1], Some(ts("2017-01-02 00:00:00")));
        assert_eq!(t[2], Some(ts("2017-01-03 04:05:06")));
    }

    #[test]
    fn iso_with_zone_converts_to_utc() {
        let (_, t) = parse_all(&["2011-12-09T12:50:00+01:00", "2011-12-09T12:50:00Z"]);
        assert_eq!(t[0], Some(ts("2011-12-09 11:50:00")));
        assert_eq!(t[1], Some(ts("2011-12-09 12:50:00")));
    }

    #[test]
    fn uci_month_first_resolved_by_data() {
        let (d, t) = parse_all(&["12/1/2010 8:26", "1/13/2011 10:05"]);
        assert!(!d.ambiguous);
        assert_eq!(t[1], Some(ts("2011-01-13 10:05:00")));
    }

    #[test]
    fn day_first_resolved_by_data() {
        let (d, t) = parse_all(&["01/02/2011", "25/12/2011"]);
        assert!(!d.ambiguous);
        assert_eq!(t[0], Some(ts("2011-02-01 00:00:00")));
    }

    #[test]
    fn ambiguous_slash_defaults_to_month_first() {
        let (d, t) = parse_all(&["01/02/2011", "03/04/2011"]);
        assert!(d.ambiguous);
        assert_eq!(t[0], Some(ts("2011-01-02 00:00:00")));
        let forced = detect(&["01/02/2011"], false, Some(DateOrder::Dmy), 0.9).unwrap();
        assert!(!forced.ambiguous);
        assert_eq!(
            DateParser::new(forced.format).parse("01/02/2011"),
            Some(ts("2011-02-01 00:00:00"))
        );
    }

    #[test]
    fn dotted_european_and_short_year_and_ampm() {
        let (_, t) = parse_all(&["31.12.2011 23:59", "1.1.2012"]);
        assert_eq!(t[0], Some(ts("2011-12-31 23:59:00")));
        let (_, t) = parse_all(&["12/31/11"]);
        assert_eq!(t[0], Some(ts("2011-12-31 00:00:00")));
        let (_, t) = parse_all(&["12/31/2011 8:05 PM"]);
        assert_eq!(t[0], Some(ts("2011-12-31 20:05:00")));
    }

    #[test]
    fn compact_and_epoch() {
        let (_, t) = parse_all(&["19970101"]);
        assert_eq!(t[0], Some(ts("1997-01-01 00:00:00")));
        let (d, t) = parse_all(&["881250949"]);
        assert_eq!(d.format, DateFormat::UnixSeconds);
        assert_eq!(t[0], Some(881250949));
        assert!(detect(&["881250949"], false, None, 0.9).is_none());
    }

    #[test]
    fn rejects_non_dates_and_impossible_dates() {
        assert!(detect(&["abc", "12.5", "3"], true, None, 0.1).is_none());
        assert!(detect(&["2017-01-01", "x", "y"], false, None, 0.9).is_none());
        assert!(detect(&["2017-01-01", "x", "y"], false, None, 0.1).is_some());
        let mut p = DateParser::new(detect(&["2017-01-01"], false, None, 0.9).unwrap().format);
        assert_eq!(p.parse("2017-02-30"), None);
        assert_eq!(p.parse("2017-13-01"), None);
    }
}
