//! One error type for every public entry point: a stable machine-readable code for UIs and embedders, and a
//! message written for the person who supplied the data.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input has no bytes, or only blank lines.
    Empty,
    /// The input is not text (a spreadsheet, an archive, an image...).
    Binary,
    /// The input is text, but not rows of fields: a row wider than 10,000 fields, or a field longer than
    /// 64 KiB (`ingest::MAX_COLUMNS`, `ingest::MAX_FIELD_BYTES`).
    Malformed,
    /// The input has a header but no data rows.
    HeaderOnly,
    /// A column mapping names a column that is not there, or maps a column twice.
    Mapping,
    /// The file lacks a column that the requested work needs.
    MissingColumn,
    /// Every data row was rejected; the message quotes the first problem.
    NoUsableRows,
    /// An option is out of range.
    InvalidOption,
    /// The caller cancelled the run through its progress callback.
    Cancelled,
    /// The work would need more memory than is allowed.
    TooLarge,
    /// The file's bytes could not be read (a disk or browser read error, or the file changed meanwhile).
    Unreadable,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
        }
    }

    pub fn cancelled() -> Self {
        Error::new(ErrorCode::Cancelled, "cancelled")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Formats a count or row number with thousands separators ("1,204"), as people read them in messages.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// How many items a message lists before it only counts the rest: enough to recognise the pattern, few enough
/// to read. A file can hold 477,000 column names or a million bad rows; a message must stay short anyway.
pub const LISTED: usize = 20;

/// How many characters of one name or value a message quotes.
const QUOTED_CHARS: usize = 60;

/// `a, b, c and 477,000 more`: the first `LISTED` of `items`, each cut by `excerpt`, then how many of the
/// `total` were left out. Every message that lists columns, values or rows goes through here.
pub fn listing<T: AsRef<str>>(items: impl IntoIterator<Item = T>, total: u64) -> String {
    let mut out = String::new();
    let mut shown = 0u64;
    for item in items.into_iter().take(LISTED) {
        if shown > 0 {
            out.push_str(", ");
        }
        out.push_str(&excerpt(item.as_ref()));
        shown += 1;
    }
    if total > shown {
        out.push_str(&format!(" and {} more", group_thousands(total - shown)));
    }
    out
}

/// `value` as a message quotes it: whole when short, else its first `QUOTED_CHARS` characters and `…`.
pub fn excerpt(value: &str) -> Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARS) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &value[..cut])),
        None => Cow::Borrowed(value),
    }
}

/// A csv reader's error on decoded text in memory (only I/O is left, which a byte slice cannot produce).
pub(crate) fn unreadable(e: csv::Error) -> Error {
    Error::new(
        ErrorCode::NoUsableRows,
        format!("the file could not be read: {e}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1204), "1,204");
        assert_eq!(group_thousands(1469307), "1,469,307");
    }

    #[test]
    fn lists_the_first_items_and_counts_the_rest() {
        assert_eq!(listing(["a", "b"], 2), "a, b");
        assert_eq!(listing(["3", "9"], 1_236), "3, 9 and 1,234 more");
        let names: Vec<String> = (1..=477_020).map(|i| format!("column {i}")).collect();
        let listed = listing(&names, names.len() as u64);
        assert!(listed.starts_with("column 1, column 2, "), "{listed}");
        assert!(listed.ends_with("column 20 and 477,000 more"), "{listed}");
        assert!(listed.len() < 300);
    }

    #[test]
    fn quotes_long_values_in_part() {
        assert_eq!(excerpt("Price"), "Price");
        let long = "é".repeat(5 << 20);
        let quoted = excerpt(&long);
        assert_eq!(quoted.chars().count(), QUOTED_CHARS + 1);
        assert!(quoted.ends_with("é…"));
        assert_eq!(listing([long.as_str()], 1), quoted);
    }
}
