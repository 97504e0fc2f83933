//! One error type for every public entry point: a stable machine-readable code for UIs and embedders, and a
//! message written for the person who supplied the data.

use serde::Serialize;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input has no bytes, or only blank lines.
    Empty,
    /// The input is not text (a spreadsheet, an archive, an image...).
    Binary,
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

#[cfg(test)]
mod tests {
    use super::group_thousands;

    #[test]
    fn groups_thousands() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(999), "999");
        assert_eq!(group_thousands(1204), "1,204");
        assert_eq!(group_thousands(1469307), "1,469,307");
    }
}
