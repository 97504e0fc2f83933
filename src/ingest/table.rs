//! Keyed tables: one row per customer or per product (a CRM export, complete_journey's demographics.csv or
//! products.csv), read as text columns under an id. Customer tables are clustered on their numeric columns
//! (`segment::attributes`); product tables give baskets a coarser item level, such as a category (`rules`).

use super::layout::detect_layout;
use super::privacy::{self, MaskOptions};
use super::{decode, non_empty, sniff, IngestOptions, Role};
use crate::dataset::table::{KeyedTable, TextColumn};
use crate::error::{unreadable, Error, ErrorCode, Result};
use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TableOptions {
    /// The id column; default: the column whose header names a customer (or product), else the first.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub id_column: Option<String>,
    #[serde(deserialize_with = "crate::ingest::delimiter_from_str")]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "string | null"))]
    pub delimiter: Option<u8>,
    /// Leave out columns of personal data and, in a customer table, replace the ids by pseudonyms
    /// (the same ones as the transactions file's under the same salt).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mask: Option<MaskOptions>,
    /// The file's encoding (a label such as `gbk` or `windows-1251`); default: detected.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub encoding: Option<String>,
    /// As `IngestOptions::decoder`.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decoder: Option<decode::Decoder>,
}

/// Reads a table whose rows are keyed by `key` (`Role::Customer` or `Role::ProductId`): the id column is
/// the one named in `opts`, else the one whose header names that role, else the first.
pub fn read_keyed_table(bytes: &[u8], key: Role, opts: &TableOptions) -> Result<KeyedTable> {
    let encoding = decode::Encoding::detect(bytes, opts.encoding.as_deref())?;
    let decoded = decode::decode_as(bytes, &encoding, opts.decoder, true)?;
    let text = non_empty(&decoded.text)?;
    let mut layout_opts = IngestOptions {
        delimiter: opts.delimiter,
        ..Default::default()
    };
    if let Some(id) = &opts.id_column {
        layout_opts.mapping.insert(key, Some(id.clone()));
    }
    let layout = detect_layout(text, text.len(), &layout_opts)?;
    let id_col = layout.mapping.get(key).unwrap_or(0);
    // Over the text decoded above, not the bytes again.
    let mut source = text.as_bytes();
    let mut reader = layout.reader(&mut source, &decode::Encoding::UTF8, None)?;
    let mut rec = csv::StringRecord::new();
    let mut ids = Vec::new();
    let mut cells: Vec<Vec<String>> = vec![Vec::new(); layout.columns.len()];
    let mut seen = FxHashSet::default();
    let mut duplicate_ids = 0;
    while reader.read_record(&mut rec).map_err(unreadable)? {
        sniff::check_fields(&rec, layout.row(&reader, &rec))?;
        let id = rec.get(id_col).unwrap_or("").trim();
        if id.is_empty() {
            continue;
        }
        if !seen.insert(id.to_owned()) {
            duplicate_ids += 1;
            continue;
        }
        ids.push(id.to_owned());
        for (c, column) in cells.iter_mut().enumerate() {
            column.push(rec.get(c).unwrap_or("").trim().to_owned());
        }
    }
    if ids.is_empty() {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            format!("no row has a {}", key.label()),
        ));
    }
    let mut columns: Vec<TextColumn> = cells
        .into_iter()
        .zip(layout.columns.iter())
        .enumerate()
        .filter(|&(c, _)| c != id_col)
        .map(|(_, (values, name))| TextColumn {
            name: name.clone(),
            values,
        })
        .collect();
    let mut masked_columns = Vec::new();
    if let Some(mask) = &opts.mask {
        columns.retain(|c| {
            let sample: Vec<&str> = c.values.iter().take(500).map(String::as_str).collect();
            let personal = privacy::is_personal(&c.name, &sample);
            if personal {
                masked_columns.push(c.name.clone());
            }
            !personal
        });
        if key == Role::Customer {
            let masker = privacy::Masker::new(mask);
            for id in &mut ids {
                *id = masker.pseudonym(id);
            }
        }
    }
    Ok(KeyedTable {
        id_column: layout.columns[id_col].clone(),
        ids,
        columns,
        duplicate_ids,
        masked_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_product_id_and_keeps_first_rows() {
        let csv = "manufacturer_id,product_id,department,product_category\n\
            2,25671,GROCERY,FRZN ICE\n\
            2,26081,MISCELLANEOUS,\n\
            ,,GROCERY,X\n\
            3,25671,DELI,CHEESE\n";
        let t =
            read_keyed_table(csv.as_bytes(), Role::ProductId, &TableOptions::default()).unwrap();
        assert_eq!(t.id_column, "product_id");
        assert_eq!(t.ids, ["25671", "26081"]);
        assert_eq!(t.duplicate_ids, 1);
        let names: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["manufacturer_id", "department", "product_category"]);
        let category = t.column("product_category").unwrap();
        assert_eq!(category.values, ["FRZN ICE", ""]);
        assert_eq!(category.distinct_values(), 1);
        let e = t.column("brand").unwrap_err();
        assert!(e
            .message
            .contains("its columns are: manufacturer_id, department, product_category"));
    }

    #[test]
    fn says_which_id_is_missing() {
        let e =
            read_keyed_table(b"a,b\n,1\n", Role::ProductId, &TableOptions::default()).unwrap_err();
        assert_eq!(e.message, "no row has a product id");
    }
}
