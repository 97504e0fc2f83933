//! Which name a product goes by wherever it is shown or exported (recommendations and their reasons,
//! bought-together and similar products, rules): the transactions file's own product-name column where it
//! names the product, else a loaded products table's column that says what a product is. Ids alone
//! ("16766937 because they bought 972418") tell a person nothing, so a known name is always used, with the
//! id beside it to keep products apart.

use crate::dataset::table::{KeyedTable, TextColumn};
use crate::dataset::{Dataset, Interner};
use crate::ingest::roles::{normalise_header, HeaderNames, Role};
use rustc_hash::FxHashMap;
use serde::Serialize;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProductNames {
    /// Per product of the file (by id), its name; empty where none is known.
    names: Vec<String>,
}

impl ProductNames {
    /// The names of `data`'s products: the file's product-name column first (what the user mapped), then
    /// `table`'s `name_column`, for products the file leaves unnamed.
    pub fn new(data: &Dataset, table: Option<&KeyedTable>) -> ProductNames {
        let column = table.and_then(|t| Some((t, name_column(t)?)));
        let row_of: FxHashMap<&str, usize> = column
            .map(|(t, _)| t.ids.iter().enumerate().map(|(r, id)| (id.as_str(), r)))
            .into_iter()
            .flatten()
            .collect();
        let names = (0..data.products.len() as u32)
            .map(|p| {
                let own = data
                    .product_names
                    .get(p as usize)
                    .map_or("", String::as_str);
                let listed = || {
                    let (_, c) = column?;
                    let &r = row_of.get(data.products.name(p))?;
                    Some(c.values[r].as_str())
                };
                match own {
                    "" => listed().unwrap_or("").to_owned(),
                    own => own.to_owned(),
                }
            })
            .collect();
        ProductNames { names }
    }

    /// Product `p`'s name, if one is known.
    pub fn name(&self, p: u32) -> Option<&str> {
        self.names
            .get(p as usize)
            .map(String::as_str)
            .filter(|n| !n.is_empty())
    }

    /// The products named `name` (ignoring case and surrounding spaces), in id order.
    pub fn named(&self, name: &str) -> Vec<u32> {
        let name = name.trim().to_lowercase();
        (0..self.names.len() as u32)
            .filter(|&p| {
                self.name(p)
                    .is_some_and(|n| n.trim().to_lowercase() == name)
            })
            .collect()
    }

    /// How people read product `p` (whose id is `id`): "name (id)", or the id alone when no name is known.
    pub fn label(&self, p: u32, id: &str) -> String {
        crate::dataset::product_label(self.name(p), id)
    }

    /// Every product's label, by id.
    pub fn labels(&self, products: &Interner) -> Vec<String> {
        (0..products.len() as u32)
            .map(|p| self.label(p, products.name(p)))
            .collect()
    }
}

/// The column of a products table that best says what a product is: its name or description (headers
/// the transactions file's product-name column goes by), else its type, else its category. A brand's or
/// maker's name says who made it, not what it is, so such columns are passed over.
pub fn name_column(table: &KeyedTable) -> Option<&TextColumn> {
    let names = HeaderNames::new();
    let rank = |header: &str| {
        let h = normalise_header(header);
        if ["brand", "manufacturer", "maker", "supplier", "vendor"]
            .iter()
            .any(|w| h.contains(w))
        {
            return None;
        }
        match names.score(header, Role::ProductName).0 {
            3 => Some(0),
            1 => Some(1),
            _ if h.contains("type") => Some(2),
            _ if h.contains("categ") => Some(3),
            _ => None,
        }
    };
    table
        .columns
        .iter()
        .filter(|c| c.values.iter().any(|v| !v.is_empty()))
        .filter_map(|c| Some((rank(&c.name)?, c)))
        .min_by_key(|&(r, _)| r)
        .map(|(_, c)| c)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProductColumn<'a> {
    pub name: &'a str,
    pub distinct: usize,
    pub missing: usize,
}

/// What a products table holds, and which column names its products.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ProductTableSummary<'a> {
    pub id_column: &'a str,
    /// The column products are named by where the transactions file names none (`name_column`).
    pub name_column: Option<&'a str>,
    pub rows: usize,
    pub columns: Vec<ProductColumn<'a>>,
    pub duplicate_ids: u64,
}

impl<'a> ProductTableSummary<'a> {
    pub fn of(table: &'a KeyedTable) -> Self {
        ProductTableSummary {
            id_column: &table.id_column,
            name_column: name_column(table).map(|c| c.name.as_str()),
            rows: table.ids.len(),
            columns: table
                .columns
                .iter()
                .map(|c| ProductColumn {
                    name: &c.name,
                    distinct: c.distinct_values(),
                    missing: c.values.iter().filter(|v| v.is_empty()).count(),
                })
                .collect(),
            duplicate_ids: table.duplicate_ids,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::table::{read_keyed_table, TableOptions};
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    fn table(csv: &str) -> KeyedTable {
        read_keyed_table(csv.as_bytes(), Role::ProductId, &TableOptions::default()).unwrap()
    }

    #[test]
    fn picks_the_column_that_says_what_a_product_is() {
        let chosen = |csv: &str| name_column(&table(csv)).map(|c| c.name.clone());
        let journey = "product_id,manufacturer_id,department,brand,product_category,product_type\n\
                       1,69,GROCERY,Private,BAKING MIXES,BROWNIE MIX\n";
        assert_eq!(chosen(journey).as_deref(), Some("product_type"));
        assert_eq!(
            chosen("sku,brand_name,category,Description\n1,Acme,Tools,Hammer\n").as_deref(),
            Some("Description")
        );
        assert_eq!(
            chosen("sku,category,colour\n1,Tools,red\n").as_deref(),
            Some("category")
        );
        assert_eq!(chosen("sku,product_type,colour\n1,,red\n"), None);
        assert_eq!(chosen("sku,colour\n1,red\n"), None);
    }

    #[test]
    fn the_files_own_names_come_first_then_the_table_then_the_id() {
        let file = "customer,order,product,description\nc1,o1,1,Milk\nc1,o1,2,\nc2,o2,3,\n";
        let data = ingest(file.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let products = table("product_id,product_type\n1,DAIRY\n2,BREAD\n");
        let names = ProductNames::new(&data, Some(&products));
        assert_eq!(names.labels(&data.products), ["Milk (1)", "BREAD (2)", "3"]);
        assert_eq!(names.name(2), None);
        let own = ProductNames::new(&data, None);
        assert_eq!(own.labels(&data.products), ["Milk (1)", "2", "3"]);
    }
}
