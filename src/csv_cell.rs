//! Cells of the CSV files offered for download. Spreadsheet programs evaluate a cell that starts with `=`,
//! `+`, `-` or `@` as a formula (and some treat a leading tab or carriage return the same way), so an id or
//! product name from someone's file such as `=HYPERLINK("http://x","y")` would become a live link or command
//! when the export is opened (CSV injection). Every export writes such text through `text`, which prefixes
//! a single quote as OWASP advises, and through `writer`, which quotes every cell holding one, so that a
//! spreadsheet splitting on another separator (`;` in many locales) still reads the cell whole, as text.
//! Numbers the code writes itself (`-12.5`) are not passed through `text`: they stay numbers.

/// A CSV file for download, written in memory: the `csv` crate's writer, quoting cells only where needed
/// (so exports without dangerous cells are unchanged), and also every cell containing a single quote.
pub struct CsvFile(csv::Writer<Vec<u8>>);

impl CsvFile {
    pub fn new() -> Self {
        // The writer quotes any cell containing its comment character; it writes no comments.
        CsvFile(
            csv::WriterBuilder::new()
                .comment(Some(b'\''))
                .from_writer(Vec::new()),
        )
    }

    pub fn row<I, T>(&mut self, cells: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        // Writing to a Vec cannot fail; a failed record would only drop that line.
        let _ = self.0.write_record(cells);
    }

    pub fn finish(self) -> String {
        // Every cell came from a `&str`, so the bytes are UTF-8.
        String::from_utf8(self.0.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

impl Default for CsvFile {
    fn default() -> Self {
        Self::new()
    }
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
        let mut w = CsvFile::new();
        // A number the code writes itself goes in as it is.
        w.row(cells.iter().map(|c| text(c)).chain(["-12.5".to_owned()]));
        w.finish()
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
