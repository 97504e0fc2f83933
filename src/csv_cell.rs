//! Cells of the CSV files offered for download. Spreadsheet programs evaluate a cell that starts with `=`,
//! `+`, `-` or `@` as a formula (and some treat a leading tab or carriage return the same way), so an id or
//! product name from someone's file such as `=HYPERLINK("http://x","y")` would become a live link or command
//! when the export is opened (CSV injection). Every export writes such text through `text`, which prefixes
//! a single quote as OWASP advises, and through `writer`, which quotes every cell holding one, so that a
//! spreadsheet splitting on another separator (`;` in many locales) still reads the cell whole, as text.
//! Numbers the code writes itself (`-12.5`) are not passed through `text`: they stay numbers.

/// A CSV file for download, written in memory (RFC 4180, `\n` line ends): a cell is quoted only where it
/// must be (a comma, a double quote, a line break), and also where it holds a single quote, its double
/// quotes doubled. Written here rather than with the `csv` crate's writer, which decides its quoting at run
/// time through a style that can parse cells as numbers: that call links the standard library's float
/// parser and its table of powers of five into the wasm (BENCHMARKS.md, "The wasm budget").
#[derive(Default)]
pub struct CsvFile(String);

impl CsvFile {
    pub fn new() -> Self {
        CsvFile(String::new())
    }

    pub fn row<I, T>(&mut self, cells: I)
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        let start = self.0.len();
        for (i, cell) in cells.into_iter().enumerate() {
            if i > 0 {
                self.0.push(',');
            }
            let cell = cell.as_ref();
            if cell.contains([',', '"', '\r', '\n', '\'']) {
                self.0.push('"');
                self.0.push_str(&cell.replace('"', "\"\""));
                self.0.push('"');
            } else {
                self.0.push_str(cell);
            }
        }
        // A line of one empty cell is written `""`, so that it is not read as a blank line.
        if self.0.len() == start {
            self.0.push_str("\"\"");
        }
        self.0.push('\n');
    }

    pub fn finish(self) -> String {
        self.0
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
