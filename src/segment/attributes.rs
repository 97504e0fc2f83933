//! Customer tables: one row per customer with attributes (age, income, spend, visits...), from a CRM
//! export or a survey, clustered with the same k-means as RFM on the numeric columns the user picks.
//! Banded values (`35-44`, `50-74K`, `65+`) count as numbers (see `numbers::parse_band`).

use super::kmeans::{cluster, Column, KMeansParams, Segmentation};
use crate::error::{excerpt, group_thousands, listing, Error, ErrorCode, Result};
use crate::ingest::numbers::parse_band;
use crate::ingest::table::{read_keyed_table, TableOptions, TextColumn};
use crate::ingest::Role;
use crate::progress::Progress;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Share of a column's non-empty values that must read as numbers for it to count as numeric.
const NUMERIC_SHARE: f64 = 0.9;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NumericColumn {
    pub name: String,
    /// `NaN` where the value is empty or not a number.
    pub values: Vec<f64>,
    /// Some values were bands (`35-44`) read as their midpoints.
    pub banded: bool,
    pub missing: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomerTable {
    pub id_column: String,
    pub ids: Vec<String>,
    pub numeric: Vec<NumericColumn>,
    /// Columns that are not numbers (kept out of clustering), e.g. `marital_status`.
    pub other_columns: Vec<String>,
    /// Rows skipped because their id repeats an earlier row's.
    pub duplicate_ids: u64,
    /// Columns of personal data left out (`mask`).
    pub masked_columns: Vec<String>,
}

pub fn read_customer_table(bytes: &[u8], opts: &TableOptions) -> Result<CustomerTable> {
    let table = read_keyed_table(bytes, Role::Customer, opts)?;
    let mut numeric = Vec::new();
    let mut other_columns = Vec::new();
    for TextColumn {
        name,
        values: column,
    } in table.columns
    {
        let parsed: Vec<Option<f64>> = column.iter().map(|v| parse_band(v)).collect();
        let filled = column.iter().filter(|v| !v.is_empty()).count();
        let numbers = parsed.iter().flatten().count();
        if filled == 0 || (numbers as f64) < NUMERIC_SHARE * filled as f64 {
            other_columns.push(name);
            continue;
        }
        let banded = column
            .iter()
            .any(|v| !v.is_empty() && crate::ingest::numbers::parse_number(v, false).is_none());
        numeric.push(NumericColumn {
            name,
            missing: parsed.iter().filter(|v| v.is_none()).count() as u64,
            values: parsed.into_iter().map(|v| v.unwrap_or(f64::NAN)).collect(),
            banded,
        });
    }
    Ok(CustomerTable {
        id_column: table.id_column,
        ids: table.ids,
        numeric,
        other_columns,
        duplicate_ids: table.duplicate_ids,
        masked_columns: table.masked_columns,
    })
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TableParams {
    /// Numeric columns to cluster on; default: all of them.
    pub columns: Option<Vec<String>>,
    /// Log-transform the columns first (for skewed values such as spend); default: no.
    pub log: bool,
    pub kmeans: KMeansParams,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TableSegmentation {
    /// Indexes into `CustomerTable::ids` of the rows clustered (rows with a missing value are left out).
    // Serialised by the binding as typed-array columns, not an object per customer (wasm/columns.rs).
    #[serde(skip)]
    pub rows: Vec<u32>,
    pub rows_missing_values: u64,
    pub segmentation: Segmentation,
}

pub fn segment_table(
    table: &CustomerTable,
    params: &TableParams,
    progress: &mut dyn Progress,
) -> Result<TableSegmentation> {
    let chosen: Vec<&NumericColumn> = match &params.columns {
        None => table.numeric.iter().collect(),
        Some(names) => names
            .iter()
            .map(|name| {
                table.numeric.iter().find(|c| &c.name == name).ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidOption,
                        format!(
                            "columns: `{}` is not a numeric column; the numeric columns are: {}",
                            excerpt(name),
                            listing(table.numeric.iter().map(|c| c.name.as_str()), table.numeric.len() as u64)
                        ),
                    )
                })
            })
            .collect::<Result<_>>()?,
    };
    if chosen.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            "the table has no numeric column to cluster on",
        ));
    }
    let rows: Vec<u32> = (0..table.ids.len())
        .filter(|&i| chosen.iter().all(|c| c.values[i].is_finite()))
        .map(|i| i as u32)
        .collect();
    let rows_missing_values = (table.ids.len() - rows.len()) as u64;
    if rows.is_empty() {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            format!(
                "every one of the {} rows lacks a value in the chosen columns",
                group_thousands(table.ids.len() as u64)
            ),
        ));
    }
    let raw = Array2::from_shape_fn((rows.len(), chosen.len()), |(i, j)| {
        chosen[j].values[rows[i] as usize]
    });
    let columns: Vec<Column> = chosen
        .iter()
        .map(|c| Column {
            key: c.name.clone(),
            label: c.name.clone(),
            log: params.log,
            high: format!("high {}", c.name),
            low: format!("low {}", c.name),
        })
        .collect();
    let segmentation = cluster(&raw, &columns, None, &params.kmeans, progress)?;
    Ok(TableSegmentation {
        rows,
        rows_missing_values,
        segmentation,
    })
}

/// Per chosen column (in the order of `segmentation.features`), its values in the clustered rows.
pub fn values_of(table: &CustomerTable, result: &TableSegmentation) -> Vec<Vec<f64>> {
    result
        .segmentation
        .features
        .iter()
        .filter_map(|name| table.numeric.iter().find(|c| &c.name == name))
        .map(|c| result.rows.iter().map(|&r| c.values[r as usize]).collect())
        .collect()
}

/// The clustered rows as CSV: id, the chosen columns (bands as their midpoints), cluster.
pub fn export_csv(table: &CustomerTable, result: &TableSegmentation) -> String {
    let mut w = crate::csv_cell::writer();
    let mut header = vec![crate::csv_cell::text(&table.id_column)];
    header.extend(
        result
            .segmentation
            .features
            .iter()
            .map(|f| crate::csv_cell::text(f)),
    );
    header.push("cluster".into());
    // Writing to a Vec cannot fail.
    let _ = w.write_record(&header);
    let columns = values_of(table, result);
    for (i, (&r, label)) in result
        .rows
        .iter()
        .zip(&result.segmentation.labels)
        .enumerate()
    {
        let mut row = vec![crate::csv_cell::text(&table.ids[r as usize])];
        row.extend(columns.iter().map(|c| c[i].to_string()));
        row.push(label.to_string());
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    const TABLE: &str = "household_id,age,income,home_ownership,kids_count\n\
        1,65+,35-49K,Homeowner,0\n\
        2,25-34,15-24K,,1\n\
        3,19-24,Under 15K,Renter,0\n\
        4,45-54,100-124K,Homeowner,2\n\
        5,45-54,,Homeowner,3\n\
        4,35-44,50-74K,Homeowner,1\n\
        6,35-44,125-149K,Homeowner,2\n";

    #[test]
    fn reads_bands_ids_and_other_columns() {
        let t = read_customer_table(TABLE.as_bytes(), &TableOptions::default()).unwrap();
        assert_eq!(t.id_column, "household_id");
        assert_eq!(t.ids, ["1", "2", "3", "4", "5", "6"]);
        assert_eq!(t.duplicate_ids, 1);
        assert_eq!(t.other_columns, ["home_ownership"]);
        let names: Vec<&str> = t.numeric.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["age", "income", "kids_count"]);
        assert_eq!(t.numeric[0].values[..3], [65.0, 29.5, 21.5]);
        assert!(t.numeric[0].banded && !t.numeric[2].banded);
        assert_eq!(t.numeric[1].missing, 1);
        assert_eq!(t.numeric[1].values[2], 7_500.0);
    }

    #[test]
    fn clusters_chosen_columns_and_leaves_out_rows_with_gaps() {
        let t = read_customer_table(TABLE.as_bytes(), &TableOptions::default()).unwrap();
        let params = TableParams {
            columns: Some(vec!["age".into(), "income".into()]),
            kmeans: KMeansParams {
                k: Some(2),
                ..Default::default()
            },
            ..Default::default()
        };
        let s = segment_table(&t, &params, &mut Silent).unwrap();
        assert_eq!(s.rows, [0, 1, 2, 3, 5]);
        assert_eq!(s.rows_missing_values, 1);
        assert_eq!(s.segmentation.k, 2);
        assert_eq!(s.segmentation.features, ["age", "income"]);
        // The two young low-income households form one cluster.
        assert_eq!(s.segmentation.labels[1], s.segmentation.labels[2]);
        assert_ne!(s.segmentation.labels[1], s.segmentation.labels[3]);
        let csv = export_csv(&t, &s);
        assert!(
            csv.starts_with("household_id,age,income,cluster\n1,65,42000,"),
            "{csv}"
        );
        assert_eq!(csv.lines().count(), 6);
        let bad = TableParams {
            columns: Some(vec!["home_ownership".into()]),
            ..Default::default()
        };
        let e = segment_table(&t, &bad, &mut Silent).unwrap_err();
        assert!(
            e.message
                .contains("the numeric columns are: age, income, kids_count"),
            "{}",
            e.message
        );
    }
}
