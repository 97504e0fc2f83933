//! Cells of the CSV files offered for download. Spreadsheet programs evaluate a cell that starts with `=`,
//! `+`, `-` or `@` as a formula (and some treat a leading tab or carriage return the same way), so an id or
//! product name from someone's file such as `=HYPERLINK("http://x","y")` would become a live link or command
//! when the export is opened (CSV injection). Every export writes such text through `text`, which prefixes
//! a single quote as OWASP advises, and through `writer`, which quotes every cell holding one, so that a
//! spreadsheet splitting on another separator (`;` in many locales) still reads the cell whole, as text.
//! Numbers the code writes itself (`-12.5`) are not passed through `text`: they stay numbers.

/// A CSV writer for exports: the `csv` crate's, quoting cells only where needed (so exports without
/// dangerous cells are unchanged), and also every cell containing a single quote.
pub fn writer() -> csv::Writer<Vec<u8>> {
    // The writer quotes any cell containing its comment character; it writes no comments.
    csv::WriterBuilder::new()
        .comment(Some(b'\''))
        .from_writer(Vec::new())
}

/// A text cell from the user's data (an id, a name), safe to open in a spreadsheet program: prefixed with
/// `'` when it starts with a character that would make it a formula.
pub fn text(cell: &str) -> String {
    match cell.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[&str]) -> String {
        let mut w = writer();
        // A number the code writes itself goes in as it is.
        let record = cells.iter().map(|c| text(c)).chain(["-12.5".to_owned()]);
        w.write_record(record).unwrap();
        String::from_utf8(w.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn neutralises_formula_cells_and_keeps_others_and_numbers() {
        assert_eq!(
            row(&["=HYPERLINK(\"http://x\",\"y\")", "+cmd|' /C calc'!A0", "@SUM(1)"]),
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",\"'+cmd|' /C calc'!A0\",\"'@SUM(1)\",-12.5\n"
        );
        assert_eq!(
            row(&["-2+3", "\tx", "\rx", "=1+2;=1+2"]),
            "\"'-2+3\",\"'\tx\",\"'\rx\",\"'=1+2;=1+2\",-12.5\n"
        );
        assert_eq!(
            row(&["milk", "a=b", "O'Brien", ""]),
            "milk,a=b,\"O'Brien\",,-12.5\n"
        );
    }
}
