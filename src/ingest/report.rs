//! What ingest tells the user: how the file was read, what was kept, and what was left out and why, with
//! the first row numbers of each kind so the user can look them up.

use super::roles::Role;
use crate::error::{group_thousands, listing};
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;

/// How many row numbers each group keeps to show (the message helper's `LISTED`: all that one list shows).
pub const FIRST_ROWS: usize = crate::error::LISTED;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    WrongFieldCount,
    BadValue,
    MissingValue,
    ZeroQuantity,
    NegativePrice,
    Duplicate,
    NotPurchased,
    NotAProduct,
    Footer,
}

impl SkipReason {
    pub fn label(self) -> &'static str {
        match self {
            SkipReason::WrongFieldCount => "rows with a different number of fields than the header",
            SkipReason::BadValue => "rows with a value that could not be read",
            SkipReason::MissingValue => "rows missing a required value",
            SkipReason::ZeroQuantity => "rows with quantity 0",
            SkipReason::NegativePrice => "purchases with a negative price or amount",
            SkipReason::Duplicate => "exact duplicates of an earlier row",
            SkipReason::NotPurchased => {
                "lines of orders cancelled, refunded, voided, failed or lost (status column)"
            }
            SkipReason::NotAProduct => "shipping, tax, fee, tip and discount lines (not products)",
            SkipReason::Footer => "footer or total lines at the end of the file (not transactions)",
        }
    }
}

/// A count of rows with their first row numbers (1-based lines of the file, the header being row 1).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RowGroup {
    pub count: u64,
    pub first_rows: Vec<u64>,
}

impl RowGroup {
    pub fn add(&mut self, row: u64) {
        self.count += 1;
        if self.first_rows.len() < FIRST_ROWS {
            self.first_rows.push(row);
        }
    }

    /// "row 3", "rows 3, 9, 14 and 1,234 more": the kept row numbers, then how many the group has besides.
    pub fn describe(&self) -> String {
        let rows = listing(
            self.first_rows.iter().map(|&r| group_thousands(r)),
            self.count,
        );
        if self.count == 1 {
            format!("row {rows}")
        } else {
            format!("rows {rows}")
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct Skipped {
    pub reason: SkipReason,
    /// The reason in words.
    pub label: &'static str,
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub rows: RowGroup,
    /// The first problem in words, e.g. "row 1,204, column `Price`: `abc` is not a number".
    pub example: Option<String>,
}

/// `{reason, label, count, firstRows, example}`: the row group's fields inline. Written out rather than
/// derived with `#[serde(flatten)]`, whose map serializer costs kilobytes of wasm.
impl Serialize for Skipped {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Skipped", 5)?;
        s.serialize_field("reason", &self.reason)?;
        s.serialize_field("label", self.label)?;
        s.serialize_field("count", &self.rows.count)?;
        s.serialize_field("firstRows", &self.rows.first_rows)?;
        s.serialize_field("example", &self.example)?;
        s.end()
    }
}

/// Whether an analysis can run on this file, and if not (or only partly), why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Capability {
    pub analysis: &'static str,
    pub available: bool,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct IngestReport {
    pub encoding: &'static str,
    /// The platform export layout recognised (`Shopify orders export`), if any.
    pub platform: Option<&'static str>,
    pub delimiter: String,
    pub has_header: bool,
    pub decimal_comma: bool,
    pub columns: Vec<String>,
    /// Role -> column name, for the roles that were found.
    pub mapping: BTreeMap<Role, String>,
    pub date_format: Option<String>,
    pub rows_read: u64,
    pub rows_used: u64,
    pub skipped: Vec<Skipped>,
    /// Cancellations and returns: kept (they reduce net spend), not counted as purchases.
    pub returns: RowGroup,
    /// Lines without a customer id: kept for baskets, left out of customer analyses.
    pub missing_customer: RowGroup,
    /// Purchases with price 0 (free or fully discounted items): kept, they add to baskets but not to spend.
    pub free_items: RowGroup,
    pub warnings: Vec<String>,
    pub customers: u64,
    /// Orders with at least one purchase (an order column's ids, or a customer's lines on one day).
    pub orders: u64,
    /// Orders that hold only returns or cancellations (UCI's `C536379` invoices): not purchases.
    pub return_orders: u64,
    pub products: u64,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    /// Net value of all kept lines (purchases minus returns), where the file has prices or amounts.
    pub net_amount: Option<f64>,
    /// The currency of the amounts where the file names one: its currency column's one code (`USD`), or
    /// without such a column the sign or word its first rows write beside every amount (`R$`, `руб.`). None
    /// for several codes (also when `currencyRates` converts them into a currency the file does not name).
    pub currency: Option<String>,
    pub capabilities: Vec<Capability>,
    /// Heap bytes of the in-memory model, and the same per kept row.
    pub model_bytes: u64,
    pub bytes_per_row: f64,
    pub preview: Vec<Vec<String>>,
    /// Columns that look like personal data; never read into the model.
    pub personal_columns: Vec<String>,
    /// Customer ids were replaced by pseudonyms (`mask`).
    pub ids_masked: bool,
    /// The file has no calendar dates: the dates are relative days (day 0 shown as 2000-01-01) built
    /// from order numbers and days since the prior order (see the warnings).
    pub relative_days: bool,
}

impl IngestReport {
    /// One line per fact, in plain words, for logs and command-line use.
    pub fn summary(&self) -> String {
        let mut s = format!(
            "{} rows read, {} used; {} customers, {} orders (purchases), {} orders of returns or \
             cancellations only, {} products",
            group_thousands(self.rows_read),
            group_thousands(self.rows_used),
            group_thousands(self.customers),
            group_thousands(self.orders),
            group_thousands(self.return_orders),
            group_thousands(self.products)
        );
        for k in &self.skipped {
            s.push_str(&format!(
                "\nskipped {} {}: {}",
                group_thousands(k.rows.count),
                k.label,
                k.rows.describe()
            ));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_lists_its_first_rows_and_counts_the_rest() {
        let mut group = RowGroup::default();
        group.add(3);
        assert_eq!(group.describe(), "row 3");
        for row in 4..1_258 {
            group.add(row);
        }
        assert_eq!(group.first_rows.len(), 20);
        assert_eq!(
            group.describe(),
            "rows 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 and 1,235 more"
        );
    }
}
