//! Keyed tables: one row per customer or per product (a CRM export, complete_journey's demographics.csv or
//! products.csv) as text columns under an id. `ingest::table` reads them.

use crate::error::{excerpt, listing, Error, ErrorCode, Result};
use rustc_hash::FxHashSet;

#[derive(Debug, Clone, PartialEq)]
pub struct TextColumn {
    pub name: String,
    /// One value per id, trimmed; empty where the row has none.
    pub values: Vec<String>,
}

impl TextColumn {
    /// Distinct non-empty values.
    pub fn distinct_values(&self) -> usize {
        let set: FxHashSet<&str> = self
            .values
            .iter()
            .map(String::as_str)
            .filter(|v| !v.is_empty())
            .collect();
        set.len()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct KeyedTable {
    pub id_column: String,
    /// Distinct ids in file order (rows with an empty id are skipped).
    pub ids: Vec<String>,
    /// Every column but the id.
    pub columns: Vec<TextColumn>,
    /// Rows skipped because their id repeats an earlier row's (the first row of an id wins).
    pub duplicate_ids: u64,
    /// Columns of personal data left out (`mask`).
    pub masked_columns: Vec<String>,
}

impl KeyedTable {
    pub fn column(&self, name: &str) -> Result<&TextColumn> {
        self.columns.iter().find(|c| c.name == name).ok_or_else(|| {
            Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "the table has no column `{}`; its columns are: {}",
                    excerpt(name),
                    listing(
                        self.columns.iter().map(|c| c.name.as_str()),
                        self.columns.len() as u64
                    )
                ),
            )
        })
    }
}
