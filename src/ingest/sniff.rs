//! Guesses the dialect of a CSV file from its first rows: the delimiter (`,` `;` tab `|`) and whether the first
//! row is a header. Quote-aware, because the `csv` crate itself splits the sample under each candidate.

use super::dates;
use super::numbers::parse_number;

pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// How many bytes of the file the sniffers look at, and how many records of them.
pub const SAMPLE_BYTES: usize = 256 * 1024;
pub const SAMPLE_RECORDS: usize = 500;

/// The head of the text, cut at a line end so no record is torn (unless a single line is longer).
pub fn sample_of(text: &str) -> &str {
    if text.len() <= SAMPLE_BYTES {
        return text;
    }
    let mut end = SAMPLE_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
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
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(sample.as_bytes())
        .into_records()
        .take(SAMPLE_RECORDS)
        .filter_map(|r| r.ok())
        .filter(|r| !(r.len() == 1 && r[0].is_empty()))
        .collect()
}

/// The delimiter that splits the sample into the most columns with the most consistent column count.
/// Ties go to the order of `DELIMITERS`.
pub fn sniff_delimiter(sample: &str) -> u8 {
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
    fn sample_cuts_at_line_end() {
        let line = "x".repeat(1000) + "\n";
        let text = line.repeat(400);
        let s = sample_of(&text);
        assert!(s.len() <= SAMPLE_BYTES && s.ends_with('\n'));
        let long = format!("h1,h2\n{},1\nx,2\n", "y".repeat(SAMPLE_BYTES));
        assert_eq!(sample_of(&long).lines().count(), 2);
    }
}
