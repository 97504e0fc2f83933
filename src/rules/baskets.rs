//! Baskets (transactions as sets of items) from an ingested file at product level or at the level of a
//! product attribute from a products table (a category, a department, a brand), or from a file with one
//! basket per line.

use crate::dataset::table::KeyedTable;
use crate::dataset::{Csr, Dataset, Interner};
use crate::error::unreadable;
use crate::error::{group_thousands, Error, ErrorCode, Result};
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Transactions as rows of item ids, with the items' names.
#[derive(Debug, Clone)]
pub struct Baskets {
    pub names: Vec<String>,
    pub rows: Csr,
}

impl Baskets {
    /// The orders of an ingested file (returns left out), at product level; empty orders are dropped.
    pub fn from_dataset(data: &Dataset) -> Result<Baskets> {
        if data.lines.order.is_empty() || data.lines.product.is_empty() {
            return Err(no_baskets());
        }
        let names = (0..data.products.len() as u32)
            .map(|p| data.product_label(p))
            .collect();
        let rows = (0..data.baskets.rows()).filter(|&o| !data.baskets.row(o).is_empty());
        Ok(Baskets {
            names,
            rows: csr_of(rows.map(|o| data.baskets.row(o).to_vec())),
        })
    }

    /// The orders of an ingested file with each product replaced by its value in `column` of a products
    /// table (e.g. `product_category`), so rules read "dairy -> bakery". Products the table lacks, or whose
    /// value is empty, are left out of the baskets, and orders left with no item are dropped; `Coverage`
    /// says how many.
    pub fn from_dataset_by(
        data: &Dataset,
        products: &KeyedTable,
        column: &str,
    ) -> Result<(Baskets, Coverage)> {
        if data.lines.order.is_empty() || data.lines.product.is_empty() {
            return Err(no_baskets());
        }
        let values = &products.column(column)?.values;
        let row_of: FxHashMap<&str, usize> = products
            .ids
            .iter()
            .enumerate()
            .map(|(r, id)| (id.as_str(), r))
            .collect();
        let mut items = Interner::default();
        let item_of: Vec<Option<u32>> = (0..data.products.len() as u32)
            .map(|p| {
                let value = row_of
                    .get(data.products.name(p))
                    .map(|&r| values[r].as_str())
                    .filter(|v| !v.is_empty())?;
                Some(items.intern(value))
            })
            .collect();
        let mut coverage = Coverage {
            column: column.to_owned(),
            products: data.products.len() as u64,
            products_without_value: item_of.iter().filter(|i| i.is_none()).count() as u64,
            ..Default::default()
        };
        if coverage.products_without_value == coverage.products {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "none of the file's {} products has a `{column}` in the products table: check that its \
                     id column (`{}`) holds the same product ids as the file",
                    group_thousands(coverage.products),
                    products.id_column
                ),
            ));
        }
        let mut rows = Vec::new();
        for o in 0..data.baskets.rows() {
            let products = data.baskets.row(o);
            if products.is_empty() {
                continue;
            }
            let mut row: Vec<u32> = products
                .iter()
                .filter_map(|&p| item_of[p as usize])
                .collect();
            row.sort_unstable();
            row.dedup();
            if row.is_empty() {
                coverage.baskets_without_value += 1;
            } else {
                rows.push(row);
            }
        }
        Ok((
            Baskets {
                names: items.into_names(),
                rows: csr_of(rows.into_iter()),
            },
            coverage,
        ))
    }

    /// A file with one basket per line, items separated by commas (or the sniffed delimiter), no header:
    /// the format of Weka's supermarket data and of many rule-mining tools.
    pub fn from_lines(text: &str, delimiter: u8) -> Result<Baskets> {
        let mut items = Interner::default();
        let mut rows = Vec::new();
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        for rec in reader.into_records() {
            let rec = rec.map_err(unreadable)?;
            let mut row: Vec<u32> = rec
                .iter()
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(|f| items.intern(f))
                .collect();
            row.sort_unstable();
            row.dedup();
            if !row.is_empty() {
                rows.push(row);
            }
        }
        if rows.is_empty() {
            return Err(Error::new(ErrorCode::Empty, "the file has no baskets"));
        }
        Ok(Baskets {
            names: items.into_names(),
            rows: csr_of(rows.into_iter()),
        })
    }

    pub fn len(&self) -> usize {
        self.rows.rows()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn csr_of(rows: impl Iterator<Item = Vec<u32>>) -> Csr {
    let mut csr = Csr {
        offsets: vec![0],
        items: Vec::new(),
    };
    for row in rows {
        csr.items.extend_from_slice(&row);
        csr.offsets.push(csr.items.len() as u32);
    }
    csr
}

/// How much of a file's baskets a product attribute covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub column: String,
    /// Distinct products in the file, and how many of them have no value (absent from the table or empty).
    pub products: u64,
    pub products_without_value: u64,
    /// Orders left out because none of their products has a value.
    pub baskets_without_value: u64,
}

fn no_baskets() -> Error {
    Error::new(
        ErrorCode::MissingColumn,
        "rules need an order id (or customer and date) and a product in every line",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::{read_keyed_table, TableOptions};
    use crate::ingest::{ingest, IngestOptions, Role};
    use crate::progress::Silent;

    #[test]
    fn reads_one_basket_per_line() {
        let b = Baskets::from_lines(
            "milk,bread\nmilk,bread,butter\nbread\nmilk,butter\nmilk,bread,butter\n",
            b',',
        )
        .unwrap();
        assert_eq!(b.names, ["milk", "bread", "butter"]);
        assert_eq!(b.len(), 5);
        assert_eq!(b.rows.row(1), &[0, 1, 2]);
    }

    #[test]
    fn groups_products_by_a_column_of_the_products_table() {
        let lines = "basket_id,product_id\n1,10\n1,11\n2,12\n3,10\n3,13\n4,13\n";
        let data = ingest(lines.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let table = "product_id,category\n10,dairy\n11,dairy\n12,bakery\n13,\n";
        let table =
            read_keyed_table(table.as_bytes(), Role::ProductId, &TableOptions::default()).unwrap();
        let (b, coverage) = Baskets::from_dataset_by(&data, &table, "category").unwrap();
        assert_eq!(b.names, ["dairy", "bakery"]);
        assert_eq!(b.len(), 3);
        assert_eq!(b.rows.row(0), &[0], "two dairy products make one item");
        assert_eq!(
            coverage,
            Coverage {
                column: "category".into(),
                products: 4,
                products_without_value: 1,
                baskets_without_value: 1,
            }
        );
        let other = read_keyed_table(
            b"product_id,category\n99,x\n",
            Role::ProductId,
            &TableOptions::default(),
        )
        .unwrap();
        let e = Baskets::from_dataset_by(&data, &other, "category").unwrap_err();
        assert!(
            e.message
                .contains("none of the file's 4 products has a `category`"),
            "{}",
            e.message
        );
    }
}
