//! Customer tables: one row per customer with attributes (age, income, spend, visits...), from a CRM
//! export or a survey, clustered with the same k-means as RFM on the numeric columns the user picks.
//! Banded values (`35-44`, `50-74K`, `65+`) count as numbers (see `numbers::parse_band`).

use super::kmeans::{cluster, Column, KMeansParams, Segmentation};
use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::table::TextColumn;
use crate::error::{excerpt, group_thousands, listing, Error, ErrorCode, Result};
use crate::ingest::numbers::parse_band;
use crate::ingest::table::{read_keyed_table, TableOptions};
use crate::ingest::Role;
use crate::progress::Progress;
use ndarray::Array2;
use serde::{Deserialize, Serialize};

/// Share of a column's non-empty values that must read as numbers for it to count as numeric.
const NUMERIC_SHARE: f64 = 0.9;
/// Share of the customers a column must have a value for to be clustered on by default: a row with a gap
/// is left out, so a sparse column silently shrinks the clustering to the few customers who have it.
const DEFAULT_COLUMN_KEEPS: f64 = 0.9;
/// Fewest customers per cluster, on average, when k is chosen: the upper end of the range of k is cut to
/// the customers kept divided by this, as smaller groups are hardly segments.
const CUSTOMERS_PER_CLUSTER: usize = 20;

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

impl NumericColumn {
    /// Customers with a value in this column.
    pub fn keeps(&self) -> u64 {
        self.values.len() as u64 - self.missing
    }
}

impl CustomerTable {
    /// The columns clustered on when none are chosen: those with a value for at least 90% of the customers,
    /// or, when none has, the one with the most values (so the default still gives an answer).
    pub fn default_columns(&self) -> Vec<&NumericColumn> {
        let enough = (DEFAULT_COLUMN_KEEPS * self.ids.len() as f64).ceil() as u64;
        let full: Vec<&NumericColumn> = self
            .numeric
            .iter()
            .filter(|c| c.keeps() >= enough)
            .collect();
        if !full.is_empty() {
            return full;
        }
        // The first of the fullest, as `max_by_key` would take the last.
        let most = self.numeric.iter().map(NumericColumn::keeps).max();
        self.numeric
            .iter()
            .find(|c| Some(c.keeps()) == most)
            .into_iter()
            .collect()
    }
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
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TableParams {
    /// Numeric columns to cluster on; default: `CustomerTable::default_columns`.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub columns: Option<Vec<String>>,
    /// Log-transform the columns first (for skewed values such as spend); default: no.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub log: bool,
    #[serde(deserialize_with = "crate::analysis::defaults_if_null")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub kmeans: KMeansParams,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TableSegmentation {
    /// Indexes into `CustomerTable::ids` of the rows clustered (rows with a missing value are left out).
    // Serialised by the binding as a typed array (see `Rfm::customers`).
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "ts", ts(type = "Uint32Array<ArrayBuffer>"))]
    pub rows: Vec<u32>,
    pub rows_missing_values: u64,
    pub segmentation: Segmentation,
    /// A sentence on why k is not the best by silhouette (a better-scoring k had clusters described alike),
    /// or that two clusters are described alike (k given, or no k in the range avoids it).
    pub k_note: Option<String>,
}

/// What `segmentCustomerTable` gives JS: the result with the fields the binding adds
/// (src/wasm/customer_table.rs).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "TableSegmentation", rename_all = "camelCase")]
pub struct TableSegmentationJs {
    #[ts(flatten)]
    pub result: TableSegmentation,
    /// The id of each clustered row.
    pub customer_ids: Vec<String>,
    /// A column per chosen column, in the order of `segmentation.features`.
    #[ts(type = "Array<Float64Array<ArrayBuffer>>")]
    pub values: Vec<Vec<f64>>,
    /// One row per clustered customer: id, the chosen columns, cluster.
    pub export_csv: String,
}

impl Params for TableParams {
    fn validate(&self) -> Result<()> {
        self.kmeans.validate()
    }
}

/// k-means on a customer table's numeric columns.
pub struct TableSegments;

impl Analysis for TableSegments {
    type Input<'a> = &'a CustomerTable;
    type Params = TableParams;
    type Output = TableSegmentation;

    /// A few numbers per row of a table already in memory; k-means samples its silhouette and search.
    fn guard(_: &CustomerTable, _: &Checked<TableParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        table: &CustomerTable,
        params: &Checked<TableParams>,
        progress: &mut dyn Progress,
    ) -> Result<TableSegmentation> {
        segment_table(table, params, progress)
    }

    fn export_csv(table: &CustomerTable, result: &TableSegmentation) -> String {
        export_csv(table, result)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TableColumn<'a> {
    pub name: &'a str,
    pub banded: bool,
    pub missing: u64,
    /// Customers with a value here.
    pub keeps: u64,
    /// Among the columns clustered on when none are chosen.
    pub by_default: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TableSummary<'a> {
    pub id_column: &'a str,
    pub rows: usize,
    pub numeric: Vec<TableColumn<'a>>,
    pub other_columns: &'a [String],
    pub duplicate_ids: u64,
    pub masked_columns: &'a [String],
}

impl CustomerTable {
    /// What was read: the id column, the numeric columns and which are clustered on by default.
    pub fn summary(&self) -> TableSummary<'_> {
        let defaults = self.default_columns();
        TableSummary {
            id_column: &self.id_column,
            rows: self.ids.len(),
            numeric: self
                .numeric
                .iter()
                .map(|c| TableColumn {
                    name: &c.name,
                    banded: c.banded,
                    missing: c.missing,
                    keeps: c.keeps(),
                    by_default: defaults.iter().any(|d| std::ptr::eq(*d, c)),
                })
                .collect(),
            other_columns: &self.other_columns,
            duplicate_ids: self.duplicate_ids,
            masked_columns: &self.masked_columns,
        }
    }
}

fn segment_table(
    table: &CustomerTable,
    params: &TableParams,
    progress: &mut dyn Progress,
) -> Result<TableSegmentation> {
    let chosen: Vec<&NumericColumn> = match &params.columns {
        None => table.default_columns(),
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
    let (segmentation, k_note) = distinct_clusters(&raw, &columns, &params.kmeans, progress)?;
    Ok(TableSegmentation {
        rows,
        rows_missing_values,
        segmentation,
        k_note,
    })
}

/// k-means with k as given, or chosen so that the clusters are distinct: in a range cut by the number of
/// customers (`CUSTOMERS_PER_CLUSTER`), the k with the best silhouette whose clusters are all described
/// differently. Banded columns put customers on a small grid of values, where the silhouette keeps rising
/// with k while the extra clusters repeat each other ("average on every feature" twice).
fn distinct_clusters(
    raw: &Array2<f64>,
    columns: &[Column],
    params: &KMeansParams,
    progress: &mut dyn Progress,
) -> Result<(Segmentation, Option<String>)> {
    let mut params = params.clone();
    if params.k.is_none() {
        params.max_k = params
            .max_k
            .min(raw.nrows() / CUSTOMERS_PER_CLUSTER)
            .max(params.min_k);
    }
    let best = cluster(raw, columns, None, &params, progress)?;
    let Some(repeated) = repeated_description(&best) else {
        return Ok((best, None));
    };
    let twice = format!("\u{201c}{repeated}\u{201d} twice");
    if params.k.is_some() {
        let note = format!(
            "{} clusters describe two alike ({twice}): fewer would be clearer",
            best.k
        );
        return Ok((best, Some(note)));
    }
    let mut others: Vec<(f64, usize)> = best
        .scores
        .iter()
        .filter(|s| s.k != best.k)
        .map(|s| (s.silhouette.unwrap_or(0.0), s.k))
        .collect();
    crate::sorting::sort_by(&mut others, &|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    for (_, k) in others {
        let fixed = KMeansParams {
            k: Some(k),
            ..params.clone()
        };
        let candidate = cluster(raw, columns, None, &fixed, progress)?;
        if repeated_description(&candidate).is_none() {
            let note = format!(
                "A higher silhouette at k = {} described two clusters alike ({twice}); {k} is the best k \
                 whose clusters all differ",
                best.k
            );
            // The search's scores and elbow stay, for the chart; k is still chosen, not given.
            let chosen = Segmentation {
                chosen_by: best.chosen_by,
                scores: best.scores,
                elbow_k: best.elbow_k,
                ..candidate
            };
            return Ok((chosen, Some(note)));
        }
    }
    let note = format!(
        "Every k from {} to {} describes two clusters alike (at k = {}, {twice}): these columns hardly \
         separate the customers",
        params.min_k, params.max_k, best.k
    );
    Ok((best, Some(note)))
}

/// A description that two clusters share: the same features, in whatever order ("high age, low income"
/// and "low income, high age" say the same).
fn repeated_description(s: &Segmentation) -> Option<&str> {
    fn words(d: &str) -> Vec<&str> {
        let mut w: Vec<&str> = d.split(", ").collect();
        crate::sorting::sort_by(&mut w, &|a, b| a.cmp(b));
        w
    }
    let p = &s.profiles;
    (1..p.len()).find_map(|b| {
        p[..b]
            .iter()
            .any(|a| words(&a.description) == words(&p[b].description))
            .then_some(p[b].description.as_str())
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
fn export_csv(table: &CustomerTable, result: &TableSegmentation) -> String {
    let mut w = crate::csv_cell::CsvFile::new();
    let mut header = vec![crate::csv_cell::text(&table.id_column)];
    header.extend(
        result
            .segmentation
            .features
            .iter()
            .map(|f| crate::csv_cell::text(f)),
    );
    header.push("cluster".into());
    w.row(&header);
    let columns = values_of(table, result);
    for (i, (&r, label)) in result
        .rows
        .iter()
        .zip(&result.segmentation.labels)
        .enumerate()
    {
        let mut row = vec![crate::csv_cell::text(&table.ids[r as usize])];
        row.extend(columns.iter().map(|c| c[i].to_string()));
        row.push(super::cluster_number(*label));
        w.row(&row);
    }
    w.finish()
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

    /// 297 customers: full `age` and `income` bands, and `home_value` / `credit` bands for a third of them
    /// (as survey tables often are).
    fn table_with_gaps() -> CustomerTable {
        let mut text = String::from("household_id,age,home_value,income,credit\n");
        let ages = ["19-24", "25-34", "35-44", "45-54", "55-64", "65+"];
        let incomes = [
            "Under 15K",
            "15-24K",
            "35-49K",
            "50-74K",
            "100-124K",
            "150-174K",
        ];
        for i in 0..297usize {
            let gap = i % 3 != 0;
            let (home, credit) = if gap {
                ("", "")
            } else {
                ("100-149K", "600-699")
            };
            let row = [
                i.to_string(),
                ages[i * 7 % 6].into(),
                home.into(),
                incomes[i * 5 % 6].into(),
                credit.into(),
            ];
            text.push_str(&row.join(","));
            text.push('\n');
        }
        read_customer_table(text.as_bytes(), &TableOptions::default()).unwrap()
    }

    #[test]
    fn default_columns_skip_columns_with_many_gaps() {
        let t = table_with_gaps();
        let keeps: Vec<(&str, u64)> = t
            .numeric
            .iter()
            .map(|c| (c.name.as_str(), c.keeps()))
            .collect();
        assert_eq!(
            keeps,
            [
                ("age", 297),
                ("home_value", 99),
                ("income", 297),
                ("credit", 99)
            ]
        );
        let names =
            |cols: Vec<&NumericColumn>| cols.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(t.default_columns()), ["age", "income"]);
        let s = segment_table(&t, &TableParams::default(), &mut Silent).unwrap();
        assert_eq!(s.rows_missing_values, 0);
        assert_eq!(s.segmentation.features, ["age", "income"]);
        // Every column sparse: the fullest still gives an answer.
        let mut sparse = t.clone();
        sparse.numeric.retain(|c| c.keeps() < 297);
        sparse.numeric[1].missing += 1;
        assert_eq!(names(sparse.default_columns()), ["home_value"]);
    }

    #[test]
    fn chosen_k_leaves_clusters_of_customers_enough() {
        let t = table_with_gaps();
        let params = TableParams {
            columns: Some(vec!["age".into(), "home_value".into()]),
            ..Default::default()
        };
        // 99 customers kept: k up to 99 / 20 = 4.
        let s = segment_table(&t, &params, &mut Silent).unwrap();
        assert_eq!(s.rows.len(), 99);
        let ks: Vec<usize> = s.segmentation.scores.iter().map(|k| k.k).collect();
        assert_eq!(ks, [2, 3, 4]);
    }

    const SAMPLE: &str = include_str!("../../www/sample/complete_journey_demographics.csv");

    #[test]
    fn chosen_k_describes_every_cluster_differently() {
        let t = read_customer_table(SAMPLE.as_bytes(), &TableOptions::default()).unwrap();
        let columns = Some(vec!["age".to_owned(), "income".to_owned()]);
        let params = TableParams {
            columns: columns.clone(),
            ..Default::default()
        };
        let s = segment_table(&t, &params, &mut Silent).unwrap();
        let seg = &s.segmentation;
        assert_eq!(repeated_description(seg), None, "{:?}", seg.profiles);
        assert_eq!(seg.chosen_by, "silhouette");
        // Every k that scored higher describes two clusters alike (so says its note, as given).
        let own = seg.scores.iter().find(|x| x.k == seg.k).unwrap().silhouette;
        let better: Vec<usize> = seg
            .scores
            .iter()
            .filter(|x| x.silhouette > own)
            .map(|x| x.k)
            .collect();
        assert!(
            !better.is_empty(),
            "banded age x income: the silhouette rises with k"
        );
        for k in better {
            let given = TableParams {
                columns: columns.clone(),
                kmeans: KMeansParams {
                    k: Some(k),
                    ..Default::default()
                },
                ..Default::default()
            };
            let note = segment_table(&t, &given, &mut Silent)
                .unwrap()
                .k_note
                .unwrap();
            assert!(note.contains("fewer would be clearer"), "{note}");
        }
        let note = s.k_note.unwrap();
        assert!(
            note.starts_with("A higher silhouette at k = 10 described two clusters alike"),
            "{note}"
        );
    }
}
