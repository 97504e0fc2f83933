//! Date and time columns: detects the format of a column from its values (ISO, `M/D/YYYY H:MM` as in the UCI
//! Online Retail file, `D/M/YYYY`, `D.M.YYYY`, `YYYY/M/D`, `YYYYMMDD`, `Jan 5, 2017`, `5 Jan 2017`, Unix
//! seconds or milliseconds), resolves day/month order from the data, and parses with chrono.
//!
//! East Asian styles are rewritten into those first (`normalise`): `2017年1月5日 13:28`, `2017년 1월 5일`,
//! Korean `2017. 1. 5. 오후 1:28`, full-width digits, 上午/下午 and 오전/오후 for AM/PM, Japanese era years
//! (令和, 平成, 昭和).
//!
//! Times are kept as naive seconds since 1970-01-01, as the wall-clock time written in the file: a zone or
//! offset after the time (`-0500`, `+05:30`, `Z`, `UTC`, `PST`) is read and dropped, so an order placed at
//! 23:30 local time stays on its local day. Every analysis here only compares and subtracts times.

use super::numbers::fold_width;
use chrono::format::{parse, Item, Parsed, StrftimeItems};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Order of the calendar fields. `Mdy` and `Dmy` cannot be told apart from `01/02/2011` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
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
    /// An English month name or abbreviation: `Jan 5, 2017`, `January 5 2017`, `5 Jan 2017`, `05-Jan-17`.
    MonthName,
    UnixSeconds,
    UnixMillis,
}

impl DateFormat {
    /// How the format is shown to people, e.g. `M/D/YYYY hh:mm`.
    pub fn describe(&self) -> String {
        match *self {
            DateFormat::UnixSeconds => "Unix time (seconds)".into(),
            DateFormat::UnixMillis => "Unix time (milliseconds)".into(),
            DateFormat::MonthName => "Mon D, YYYY or D Mon YYYY [time]".into(),
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

    fn date_patterns(&self) -> Vec<String> {
        let DateFormat::Calendar {
            order,
            sep,
            short_year,
        } = *self
        else {
            return match self {
                DateFormat::MonthName => {
                    MONTH_NAME_PATTERNS.iter().map(|p| p.to_string()).collect()
                }
                _ => Vec::new(),
            };
        };
        let y = if short_year { "%y" } else { "%Y" };
        let parts = match order {
            DateOrder::Ymd => [y, "%m", "%d"],
            DateOrder::Mdy => ["%m", "%d", y],
            DateOrder::Dmy => ["%d", "%m", y],
        };
        vec![parts.join(&sep.map(String::from).unwrap_or_default())]
    }
}

/// Month-name dates as US and UK systems write them (chrono's `%b` also reads the full month name).
const MONTH_NAME_PATTERNS: &[&str] = &[
    "%b %d, %Y",
    "%b %d %Y",
    "%d %b %Y",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%B %d, %Y",
    "%B %d %Y",
    "%d %B %Y",
];

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
        let patterns = format
            .date_patterns()
            .iter()
            .flat_map(|date| {
                TIME_SUFFIXES.iter().filter_map(move |(suffix, has_time)| {
                    let items = StrftimeItems::new(&format!("{date}{suffix}"))
                        .parse_to_owned()
                        .ok()?;
                    Some((items, *has_time))
                })
            })
            .collect();
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
            DateFormat::Calendar { .. } | DateFormat::MonthName => {}
        }
        let field = normalise(field);
        let n = self.patterns.len();
        for k in 0..n {
            let i = (self.last_hit + k) % n;
            if let Some(t) = parse_with(&self.patterns[i].0, self.patterns[i].1, &field) {
                self.last_hit = i;
                return Some(t);
            }
        }
        None
    }
}

/// Rewrites a date text into the styles the patterns read: East Asian date words and digits, Korean dotted
/// dates, AM/PM words, era years, and without a zone or offset after the time. Plain ASCII dates with no
/// zone come back as they are, at the cost of a look at their last bytes.
pub fn normalise(field: &str) -> Cow<'_, str> {
    let plain_end = field.ends_with(|c: char| c.is_ascii_digit() || c == 'M');
    if field.is_ascii() && plain_end && !field.contains(". ") && !has_offset(field) {
        return Cow::Borrowed(field);
    }
    let mut s = fold_width(field).into_owned();
    if !s.is_ascii() {
        s = east_asian(&s);
    }
    s = korean_dots(&s);
    strip_zone(&mut s);
    Cow::Owned(s)
}

/// `-0500`, `+05:30`, `+01` at the end, after a time.
fn has_offset(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(sign) = b.iter().rposition(|&c| c == b'+' || c == b'-') else {
        return false;
    };
    let tail = &b[sign + 1..];
    let digits = tail.iter().filter(|c| c.is_ascii_digit()).count();
    b[..sign].contains(&b':')
        && matches!(digits, 2 | 4)
        && tail.iter().all(|&c| c.is_ascii_digit() || c == b':')
}

/// Drops a zone after the time: an offset (`-0500`, `+05:30`), `Z`, or a zone abbreviation (`UTC`, `PST`,
/// `CEST`), but not `AM`/`PM`.
fn strip_zone(s: &mut String) {
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
    if !s.contains(':') {
        return;
    }
    if has_offset(s) {
        if let Some(sign) = s.rfind(['+', '-']) {
            s.truncate(sign);
        }
    } else if s.ends_with('Z') && s[..s.len() - 1].ends_with(|c: char| c.is_ascii_digit()) {
        s.pop();
    } else if let Some(space) = s.rfind(' ') {
        let word = &s[space + 1..];
        let zone = (2..=5).contains(&word.len())
            && word.bytes().all(|b| b.is_ascii_uppercase())
            && !matches!(word, "AM" | "PM");
        if zone {
            s.truncate(space);
            // `13:28 GMT+1` style: the offset was glued to the name and went with it.
        }
    }
    let trimmed = s.trim_end().len();
    s.truncate(trimmed);
}

/// `2017年1月5日 13:28`, `平成29年1月5日`, `2017년 1월 5일 오후 1:28` -> `2017-1-5 13:28`, `2017-1-5`,
/// `2017-1-5 1:28 PM`.
fn east_asian(s: &str) -> String {
    let mut s = s.to_owned();
    for (era, first_year) in [("令和", 2019), ("平成", 1989), ("昭和", 1926)] {
        if let Some(rest) = s.strip_prefix(era) {
            let rest = rest.trim_start();
            let (year, rest) = match rest.strip_prefix("元") {
                Some(r) => (1, r),
                None => {
                    let n = rest.bytes().take_while(u8::is_ascii_digit).count();
                    (rest[..n].parse().unwrap_or(0), &rest[n..])
                }
            };
            if year > 0 {
                s = format!("{}{rest}", first_year + year - 1);
            }
            break;
        }
    }
    let mut ampm = None;
    for (word, mark) in [
        ("上午", "AM"),
        ("下午", "PM"),
        ("午前", "AM"),
        ("午後", "PM"),
        ("오전", "AM"),
        ("오후", "PM"),
    ] {
        if s.contains(word) {
            s = s.replace(word, " ");
            ampm = Some(mark);
        }
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '年' | '년' | '月' | '월' => {
                out.push('-');
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            '日' | '일' => out.push(' '),
            other => out.push(other),
        }
    }
    let mut words: Vec<&str> = out.split_whitespace().collect();
    if let Some(mark) = ampm {
        words.push(mark);
    }
    words.join(" ")
}

/// Korean dotted dates, `2017. 1. 5.` (and `2017. 1. 5. 1:28 PM`) -> `2017.1.5`.
fn korean_dots(s: &str) -> String {
    let b = s.as_bytes();
    let korean = b.len() > 5 && b[..4].iter().all(u8::is_ascii_digit) && b[4] == b'.';
    if !korean || !s.contains(". ") && !s.ends_with('.') {
        return s.to_owned();
    }
    let date_end = s
        .find(':')
        .and_then(|c| s[..c].rfind(' '))
        .unwrap_or(s.len());
    let (date, time) = s.split_at(date_end);
    let date = date.replace(". ", ".");
    format!("{}{time}", date.trim_end().trim_end_matches('.'))
}

fn parse_with(items: &[Item<'static>], has_time: bool, field: &str) -> Option<i64> {
    let mut parsed = Parsed::new();
    parse(&mut parsed, field, items.iter()).ok()?;
    let t = if has_time {
        parsed.to_naive_datetime_with_offset(0).ok()?
    } else {
        parsed.to_naive_date().ok()?.and_hms_opt(0, 0, 0)?
    };
    // `%Y` reads any number of digits: `05-Jan-17` must not become the year 17.
    (1800..=2200)
        .contains(&chrono::Datelike::year(&t))
        .then(|| t.and_utc().timestamp())
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
    let value = &*normalise(value);
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.len() {
            8 => vec![calendar(DateOrder::Ymd, None, false)],
            9 | 10 if allow_epoch => vec![DateFormat::UnixSeconds],
            12 | 13 if allow_epoch => vec![DateFormat::UnixMillis],
            _ => vec![],
        };
    }
    if value.contains(|c: char| c.is_ascii_alphabetic() && c != 'T')
        && MONTH_NAMES
            .iter()
            .any(|m| value.to_ascii_lowercase().contains(m))
    {
        return vec![DateFormat::MonthName];
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

const MONTH_NAMES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

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
    fn zones_and_offsets_keep_the_wall_clock_time() {
        let (_, t) = parse_all(&[
            "2011-12-09T12:50:00+01:00",
            "2011-12-09T12:50:00Z",
            "2011-12-09 12:50:00 -0500",
            "2011-12-09 12:50:00.125+05:30",
            "2011-12-09 12:50 UTC",
            "2011-12-09 12:50:00 PST",
        ]);
        for v in t {
            assert_eq!(v, Some(ts("2011-12-09 12:50:00")));
        }
        let (d, t) = parse_all(&["05/01/2017 13:28:00 +0100", "13/01/2017 08:00:00 +0100"]);
        assert_eq!(d.format.describe(), "D/M/YYYY [time]");
        assert_eq!(t[0], Some(ts("2017-01-05 13:28:00")));
    }

    #[test]
    fn month_names() {
        let (d, t) = parse_all(&[
            "Jan 5, 2017 1:28 PM",
            "January 6, 2017",
            "Feb 10 2017 13:05",
        ]);
        assert_eq!(d.format, DateFormat::MonthName);
        assert_eq!(t[0], Some(ts("2017-01-05 13:28:00")));
        assert_eq!(t[1], Some(ts("2017-01-06 00:00:00")));
        assert_eq!(t[2], Some(ts("2017-02-10 13:05:00")));
        let (_, t) = parse_all(&["5 Jan 2017", "05-Jan-17", "5-Feb-2017 10:00"]);
        assert_eq!(t[0], Some(ts("2017-01-05 00:00:00")));
        assert_eq!(t[1], Some(ts("2017-01-05 00:00:00")));
        assert_eq!(t[2], Some(ts("2017-02-05 10:00:00")));
    }

    #[test]
    fn east_asian_dates() {
        for (values, want) in [
            (
                ["2017/1/5 13:28", "2017/1/6"],
                ["2017-01-05 13:28:00", "2017-01-06 00:00:00"],
            ),
            (
                ["2017-1-5", "2017-1-6 8:00"],
                ["2017-01-05 00:00:00", "2017-01-06 08:00:00"],
            ),
            (
                ["2017年1月5日 13:28", "2017年1月6日13:28:00"],
                ["2017-01-05 13:28:00", "2017-01-06 13:28:00"],
            ),
            (
                ["2017.01.05", "2017.1.6"],
                ["2017-01-05 00:00:00", "2017-01-06 00:00:00"],
            ),
            (
                ["２０１７／１／５", "２０１７／１／６ １３：２８"],
                ["2017-01-05 00:00:00", "2017-01-06 13:28:00"],
            ),
        ] {
            let (d, t) = parse_all(&values);
            assert!(!d.ambiguous, "{values:?}");
            assert_eq!(t, want.map(|w| Some(ts(w))), "{values:?}");
        }
        let (_, t) = parse_all(&["2017. 1. 5.", "2017. 1. 5. 오후 1:28:00"]);
        assert_eq!(t[0], Some(ts("2017-01-05 00:00:00")));
        assert_eq!(t[1], Some(ts("2017-01-05 13:28:00")));
        let (_, t) = parse_all(&["2017년 1월 5일 오전 9:05"]);
        assert_eq!(t[0], Some(ts("2017-01-05 09:05:00")));
        let (_, t) = parse_all(&["平成29年1月5日", "令和元年5月1日 下午 1:28"]);
        assert_eq!(t[0], Some(ts("2017-01-05 00:00:00")));
        assert_eq!(t[1], Some(ts("2019-05-01 13:28:00")));
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
