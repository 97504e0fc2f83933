//! Guesses the shape of a CSV file: its dialect from the first rows (the delimiter, `,` `;` tab `|`, and
//! whether the first row is a header; quote-aware, because the `csv` crate itself splits the sample under
//! each candidate), the shapes no transaction file has (a row of a hundred thousand fields, a field of
//! megabytes), and the footer or total lines some exports end with.

use super::dates;
use super::decode::Encoding;
use super::numbers::parse_number;
use super::text::Text;
use crate::error::{excerpt, group_thousands, Error, ErrorCode, Result};

pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many bytes of the file the sniffers look at, and how many records of them.
pub const SAMPLE_BYTES: usize = 256 * 1024;
pub const SAMPLE_RECORDS: usize = 500;

/// The head of the text, cut at a line end so no record is torn (unless a single line is longer).
pub fn sample_of(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let head = prefix(text, SAMPLE_BYTES);
    match head.rfind('\n') {
        Some(nl) if head[..nl].contains('\n') => &head[..=nl],
        // Rows longer than the sample: take the first two lines whole (a header and a row, or two rows).
        _ => {
            let first = text.find('\n').map_or(text.len(), |i| i + 1);
            let second = text[first..]
                .find('\n')
                .map_or(text.len(), |i| first + i + 1);
            &text[..second]
        }
    }
}

/// Far more columns than a transaction export has. A file that splits wider is one without line breaks, or
/// not a table: refused before any per-column work, which would grow with the width.
pub const MAX_COLUMNS: usize = 10_000;

/// The longest field accepted, in bytes: twice Excel's cell limit (32,767 characters), and far above any
/// id, name or description. A longer one is nearly always a quote that is never closed, which swallows the
/// rest of the file into one value.
pub const MAX_FIELD_BYTES: usize = 64 * 1024;

/// Refuses records (of the text `lines` counts) wider than `MAX_COLUMNS`, or with a field longer than
/// `MAX_FIELD_BYTES`.
pub fn check_shape(lines: &Lines, recs: &[csv::StringRecord], delimiter: u8) -> Result<()> {
    if let Some(wide) = recs.iter().find(|r| r.len() > MAX_COLUMNS) {
        return Err(Error::new(
            ErrorCode::Malformed,
            format!(
                "row {} has more than the {} fields a row may have ({} read, split at `{}`): the file has \
                 no line breaks where rows end, or it is not a table. Export it again as CSV with one \
                 transaction per line",
                group_thousands(lines.row(wide)),
                group_thousands(MAX_COLUMNS as u64),
                group_thousands(wide.len() as u64),
                delimiter as char
            ),
        ));
    }
    recs.iter().try_for_each(|r| check_fields(r, lines.row(r)))
}

/// Refuses a record with a field longer than `MAX_FIELD_BYTES`. Cheap enough for every record: the fields'
/// total length is known, and only a record longer than one field may be is looked into.
#[inline]
pub fn check_fields(rec: &csv::StringRecord, row: u64) -> Result<()> {
    if rec.as_byte_record().as_slice().len() <= MAX_FIELD_BYTES {
        Ok(())
    } else {
        check_long_record(rec, row)
    }
}

#[cold]
fn check_long_record(rec: &csv::StringRecord, row: u64) -> Result<()> {
    match rec.iter().position(|f| f.len() > MAX_FIELD_BYTES) {
        None => Ok(()),
        Some(i) => Err(Error::new(
            ErrorCode::Malformed,
            format!(
                "row {}, field {} is longer than the {} bytes a value may have ({} read, starting `{}`): \
                 probably a quote (`\"`) that is never closed, which makes the rest of the file one value. \
                 Check the quotes from that row on, or export the file again",
                group_thousands(row),
                i + 1,
                group_thousands(MAX_FIELD_BYTES as u64),
                group_thousands(rec[i].len() as u64),
                excerpt(&rec[i])
            ),
        )),
    }
}

/// The file line each record starts on (1-based), for the row numbers of messages and reports. The csv
/// reader's own line number counts the line ends before where it places a record, and it places one at the
/// line ends it is about to skip (the `\n` of a CRLF, blank lines): those are added.
pub struct Lines<'t> {
    text: &'t [u8],
    /// File lines before the text the reader reads (1 after a `sep=;` line).
    before: u64,
}

impl<'t> Lines<'t> {
    /// Over the `text` a reader reads, which starts on file line `first_line` (2 after a `sep=;` line).
    pub fn new(text: &'t str, first_line: u64) -> Lines<'t> {
        Lines {
            text: text.as_bytes(),
            before: first_line.saturating_sub(1),
        }
    }

    pub fn row(&self, rec: &csv::StringRecord) -> u64 {
        let Some(p) = rec.position() else { return 0 };
        let start = (p.byte() as usize).min(self.text.len());
        row_from(p.line(), &self.text[start..], self.before)
    }
}

/// The file line of a record the csv reader placed on line `line` (counting from 1 after `before` lines
/// not read), whose text from where it was placed is `text`.
pub fn row_from(line: u64, text: &[u8], before: u64) -> u64 {
    let skipped = text
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count() as u64;
    before + line + skipped
}

/// The most trailing lines taken for a footer (totals, tax, shipping, grand total...). A longer run of
/// footer-like lines is data of some kind, and read as such.
pub const FOOTER_LINES: usize = 10;

/// Words that open a total line, lower case, in the languages of the exports seen (en, de, nl, fr, es/it/pt,
/// zh, ru).
const TOTAL_WORDS: &[&str] = &[
    "total",
    "totals",
    "grand total",
    "subtotal",
    "sub-total",
    "sum",
    "summe",
    "gesamt",
    "gesamtsumme",
    "totaal",
    "somme",
    "totale",
    "total general",
    "合计",
    "总计",
    "合計",
    "итого",
    "всего",
];

/// Whether a field reads as the label of a total line: a total word alone or followed by more words
/// (`Total`, `GRAND TOTAL:`, `Total sales`).
pub fn is_total_label(field: &str) -> bool {
    let f = field.trim_ascii();
    // Every record's first field comes here: ids, numbers and dates leave at the first byte, before any
    // lower-casing. Longer fields are names or descriptions.
    let opens_a_word = f
        .bytes()
        .next()
        .is_some_and(|b| !b.is_ascii() || b"tTgGsS".contains(&b));
    if !opens_a_word || f.len() > 40 {
        return false;
    }
    let lower = f.trim_end_matches(':').trim_end().to_lowercase();
    TOTAL_WORDS.iter().any(|w| {
        lower
            .strip_prefix(w)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', ':']))
    })
}

/// Whether a record looks like a footer line: its first non-empty field is a total label, or it has fewer
/// fields than the header (`width`) and every one of them that is filled is a number (a sum).
fn is_footer_like(rec: &csv::StringRecord, width: usize, decimal_comma: bool) -> bool {
    let mut filled = rec.iter().map(str::trim_ascii).filter(|f| !f.is_empty());
    match filled.next() {
        None => false,
        Some(first) if is_total_label(first) => true,
        Some(first) => {
            rec.len() < width
                && std::iter::once(first)
                    .chain(filled)
                    .all(|f| parse_number(f, decimal_comma).is_some())
        }
    }
}

/// Holds back footer-like records until the file shows whether they end it: a footer is only a footer at
/// the end, and a total line in the middle is read (and skipped or kept) like any other row.
pub struct Footer {
    width: usize,
    decimal_comma: bool,
    held: Vec<(csv::StringRecord, u64)>,
    /// The current run of footer-like records is longer than `FOOTER_LINES`: not a footer.
    too_long: bool,
}

impl Footer {
    pub fn new(width: usize, decimal_comma: bool) -> Footer {
        Footer {
            width,
            decimal_comma,
            held: Vec::new(),
            too_long: false,
        }
    }

    /// Takes `rec` (file row `row`) if it may be part of a footer; otherwise the caller reads what
    /// `release` gives back, then `rec`.
    pub fn hold(&mut self, rec: &csv::StringRecord, row: u64) -> bool {
        if !is_footer_like(rec, self.width, self.decimal_comma) {
            self.too_long = false;
            return false;
        }
        if self.too_long || self.held.len() == FOOTER_LINES {
            self.too_long = true;
            return false;
        }
        self.held.push((rec.clone(), row));
        true
    }

    /// The records held so far, in file order, to be read as rows after all.
    pub fn release(&mut self) -> Vec<(csv::StringRecord, u64)> {
        std::mem::take(&mut self.held)
    }

    /// At the end of the file: the footer's rows, and the first one in words.
    pub fn finish(self) -> Vec<(u64, String)> {
        self.held
            .iter()
            .map(|(rec, row)| {
                let first = rec.iter().map(str::trim).find(|f| !f.is_empty());
                (
                    *row,
                    format!(
                        "row {} (`{}`) is a total line after the last transaction",
                        group_thousands(*row),
                        excerpt(first.unwrap_or(""))
                    ),
                )
            })
            .collect()
    }
}

/// At most the first `max` bytes of `text`, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Excel's `sep=;` first line, which names the delimiter: the bytes it takes and the delimiter.
pub fn excel_sep_line(text: &str) -> (usize, Option<u8>) {
    let end = text.find('\n').map_or(text.len(), |i| i + 1);
    match text[..end]
        .trim_end()
        .strip_prefix("sep=")
        .map(str::as_bytes)
    {
        Some(&[d]) if d.is_ascii() => (end, Some(d)),
        _ => (0, None),
    }
}

/// Reads up to `SAMPLE_RECORDS` records of `sample` split by `delimiter`.
pub fn records(sample: &str, delimiter: u8) -> Vec<csv::StringRecord> {
    let mut source = sample.as_bytes();
    // Over the reader of whole files (one csv reader in the wasm, not two); UTF-8 needs no decoder.
    let Ok(text) = Text::new(&mut source, &Encoding::UTF8, None, 0) else {
        return Vec::new();
    };
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text)
        .into_records()
        .take(SAMPLE_RECORDS)
        .filter_map(|r| r.ok())
        .filter(|r| !(r.len() == 1 && r[0].is_empty()))
        .collect()
}

/// The delimiter that splits the sample into the most columns with the most consistent column count.
/// Ties go to the order of `DELIMITERS`.
pub fn sniff_delimiter(sample: &str) -> u8 {
    // Its first `SAMPLE_BYTES` are enough to choose, where the sample is longer (rows longer than that):
    // splitting a very long line four ways only to refuse it after is most of the time such a file costs.
    let sample = prefix(sample, SAMPLE_BYTES);
    let mut best = (0usize, 0usize, b',');
    for &d in &DELIMITERS {
        let recs = records(sample, d);
        if recs.is_empty() {
            continue;
        }
        let width = recs[0].len();
        if width < 2 {
            continue;
        }
        // Share of rows with the first row's width, in per-mille, so that one ragged row does not lose.
        let consistent = recs.iter().filter(|r| r.len() == width).count() * 1000 / recs.len();
        if (consistent, width) > (best.0, best.1) {
            best = (consistent, width, d);
        }
    }
    best.2
}

/// The first row is a header when none of its fields reads as a number or a date, and the file has other
/// rows or at least two named columns. Data rows of a transaction file nearly always hold an amount, a
/// quantity or a date.
pub fn first_row_is_header(recs: &[csv::StringRecord]) -> bool {
    let Some(first) = recs.first() else {
        return false;
    };
    // A trailing delimiter (`a,b,c,`) leaves an empty last name; an empty name elsewhere means data.
    let named = (0..first.len())
        .rev()
        .find(|&i| !first[i].is_empty())
        .map_or(0, |i| i + 1);
    named > 0
        && first.iter().take(named).all(|f| {
            !f.is_empty()
                && parse_number(f, false).is_none()
                && parse_number(f, true).is_none()
                && dates::detect(&[f], false, None, 1.0).is_none()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_each_delimiter() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b|c\n1|2|3\n"), b'|');
    }

    #[test]
    fn quoted_delimiters_do_not_confuse() {
        let s = "id;name\n1;\"Smith, John\"\n2;\"Doe, Jane\"\n";
        assert_eq!(sniff_delimiter(s), b';');
    }

    #[test]
    fn detects_header() {
        assert!(first_row_is_header(&records(
            "InvoiceNo,Qty\n536365,6\n",
            b','
        )));
        assert!(!first_row_is_header(&records("536365,6\n536366,2\n", b',')));
        assert!(!first_row_is_header(&records("alice,2017-01-01\n", b',')));
        assert!(first_row_is_header(&records(
            "customer,amount,\nc1,2,\n",
            b','
        )));
        assert!(!first_row_is_header(&records("customer,,x\nc1,2,\n", b',')));
    }

    #[test]
    fn recognises_total_labels() {
        for label in [
            "Total",
            "GRAND TOTAL:",
            "Total sales",
            "Summe",
            "Gesamt",
            "Totaal",
            "合计",
            "总计",
            "Итого",
        ] {
            assert!(is_total_label(label), "{label}");
        }
        for not in [
            "",
            "Totalenergies",
            "c1",
            "536365",
            "Subtotals of the week and more words here",
        ] {
            assert!(!is_total_label(not), "{not}");
        }
    }

    /// Feeds the records of `text` (header first) through a `Footer` as the full read does: the rows read
    /// as rows, and the rows taken for the footer.
    fn split_footer(text: &str) -> (Vec<u64>, Vec<u64>) {
        let recs = records(text, b',');
        let mut footer = Footer::new(recs[0].len(), false);
        let mut rows = Vec::new();
        for (i, rec) in recs.iter().enumerate().skip(1) {
            let row = i as u64 + 1;
            if !footer.hold(rec, row) {
                rows.extend(footer.release().into_iter().map(|(_, r)| r));
                rows.push(row);
            }
        }
        let footers = footer.finish().into_iter().map(|(r, _)| r).collect();
        (rows, footers)
    }

    #[test]
    fn a_footer_is_the_run_of_total_lines_that_ends_the_file() {
        let head = "customer,order,amount,date\nc1,o1,2.5,2021-01-02\n";
        // A total word, or fewer fields that are all numbers; in order, however many rows came before.
        let (rows, footers) = split_footer(&format!("{head}Total,,2.5,\n,,2.5\n"));
        assert_eq!((rows, footers), (vec![2], vec![3, 4]));
        // In the middle of the file a total line is a row like any other.
        let (rows, footers) = split_footer(&format!("{head}Subtotal,,2.5,\nc2,o2,1,2021-01-03\n"));
        assert_eq!((rows, footers), (vec![2, 3, 4], vec![]));
        // A short row with text in it is not a sum, nor is a run longer than a footer can be.
        let (_, footers) = split_footer(&format!("{head}c2,o2\n"));
        assert!(footers.is_empty());
        let (rows, footers) =
            split_footer(&format!("{head}{}", "Total,,1,\n".repeat(FOOTER_LINES + 1)));
        assert_eq!((rows.len(), footers.len()), (FOOTER_LINES + 2, 0));
    }

    #[test]
    fn rows_are_file_lines_in_crlf_files_and_past_blank_lines() {
        let text = "a,b\r\n1,2\r\n\r\n3,4\n\n\n5,6\n\"x\r\ny\",7\n8,9\n";
        let recs = records(text, b',');
        let lines = Lines::new(text, 1);
        let rows: Vec<u64> = recs.iter().map(|r| lines.row(r)).collect();
        assert_eq!(rows, [1, 2, 4, 7, 8, 10]);
    }

    #[test]
    fn sample_cuts_at_line_end() {
        let line = "x".repeat(1000) + "\n";
        let text = line.repeat(400);
        let s = sample_of(&text);
        assert!(s.len() <= SAMPLE_BYTES && s.ends_with('\n'));
        let long = format!("h1,h2\n{},1\nx,2\n", "y".repeat(SAMPLE_BYTES));
        assert_eq!(sample_of(&long).lines().count(), 2);
    }
}
