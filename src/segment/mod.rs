//! Customer segmentation: RFM scores and named segments (`rfm`), k-means clusters on behaviour with an
//! automatically chosen k and plain-words profiles (`kmeans`), and the same clustering on a customer table
//! of attributes such as age and income (`attributes`).

pub mod attributes;
pub mod behaviour;
pub mod kmeans;
pub mod lloyd;
pub mod rfm;

pub use attributes::{read_customer_table, CustomerTable, TableParams, TableSegments};
pub use behaviour::{SegmentParams, SegmentResult, Segments};
pub use kmeans::{segment, Feature, KMeansParams, Segmentation};
pub use rfm::{rfm, summarise, Rfm, RfmParams, Segment};

use crate::dataset::Dataset;

/// A cluster as people see it, in the page and in exports: numbered from 1 (the labels of the API count from
/// 0, as arrays do).
pub(crate) fn cluster_number(label: u32) -> String {
    (u64::from(label) + 1).to_string()
}

/// The customer table as CSV (id, RFM values and scores, segment, and k-means cluster when given), for
/// download. Written with the `csv` crate, so ids with commas or quotes stay intact.
pub fn export_csv(data: &Dataset, table: &Rfm, clusters: Option<&Segmentation>) -> String {
    let mut w = crate::csv_cell::CsvFile::new();
    let mut header = vec![
        "customer_id",
        "recency_days",
        "frequency",
        "monetary",
        "average_order_value",
        "tenure_days",
        "distinct_products",
        "r_score",
        "f_score",
        "m_score",
        "rfm_segment",
    ];
    if clusters.is_some() {
        header.push("cluster");
    }
    w.row(&header);
    // Without prices there is no spend: empty cells, not 0.00, which a CRM would import as spending nothing.
    let money = |v: f64| {
        if table.has_monetary {
            format!("{v:.2}")
        } else {
            String::new()
        }
    };
    for (i, c) in table.customers.iter().enumerate() {
        let mut row = vec![
            crate::csv_cell::text(data.customers.name(c.customer)),
            c.recency_days.to_string(),
            c.frequency.to_string(),
            money(c.monetary),
            money(c.average_order_value),
            c.tenure_days.to_string(),
            c.distinct_products.to_string(),
            c.r.to_string(),
            c.f.to_string(),
            c.m.to_string(),
            c.segment.label().to_owned(),
        ];
        if let Some(s) = clusters {
            row.push(cluster_number(s.labels[i]));
        }
        w.row(&row);
    }
    w.finish()
}
