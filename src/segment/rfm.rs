//! RFM: per customer, recency (days since the last purchase), frequency (orders), monetary (net spend), with
//! 1-5 scores and the named segments marketers use.
//!
//! Scores: quintiles with ties kept together. A customer's score is `1 + floor(5 * below / n)`, where `below`
//! counts the customers with a strictly worse value (a larger recency; a smaller frequency or spend). Equal
//! values always get equal scores, whatever the row order; with heavy ties (most customers bought once) some
//! scores are left unused rather than splitting equal customers at random, as `qcut` on `rank(method="first")`
//! or dplyr's `ntile` (R's `rfm` package) would.

use crate::dataset::days;
use crate::dataset::{Dataset, NO_CUSTOMER};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RfmParams {
    /// `YYYY-MM-DD`; recency is counted up to this day. Default: the day after the last purchase in the file.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub analysis_date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Segment {
    Champions,
    CantLoseThem,
    Loyal,
    AtRisk,
    New,
    Promising,
    PotentialLoyalist,
    NeedAttention,
    AboutToSleep,
    Hibernating,
    Lost,
    Other,
}

impl Segment {
    pub const ALL: [Segment; 12] = [
        Segment::Champions,
        Segment::Loyal,
        Segment::PotentialLoyalist,
        Segment::New,
        Segment::Promising,
        Segment::NeedAttention,
        Segment::AboutToSleep,
        Segment::CantLoseThem,
        Segment::AtRisk,
        Segment::Hibernating,
        Segment::Lost,
        Segment::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Segment::Champions => "Champions",
            Segment::CantLoseThem => "Can't lose them",
            Segment::Loyal => "Loyal",
            Segment::AtRisk => "At risk",
            Segment::New => "New",
            Segment::Promising => "Promising",
            Segment::PotentialLoyalist => "Potential loyalist",
            Segment::NeedAttention => "Need attention",
            Segment::AboutToSleep => "About to sleep",
            Segment::Hibernating => "Hibernating",
            Segment::Lost => "Lost",
            Segment::Other => "Other",
        }
    }

    /// What the segment means and what to do, in a sentence, for the page.
    pub fn advice(self) -> &'static str {
        match self {
            Segment::Champions => "bought recently, buy often and spend the most: reward them",
            Segment::CantLoseThem => {
                "used to buy often and spend much, but not lately: win them back"
            }
            Segment::Loyal => "buy regularly and spend well: offer loyalty programmes and upsells",
            Segment::AtRisk => {
                "bought often and well, but a while ago: reach out with personal offers"
            }
            Segment::New => "first bought very recently: onboard them well",
            Segment::Promising => "recent but occasional buyers: build the relationship",
            Segment::PotentialLoyalist => {
                "recent customers with average frequency: offer membership"
            }
            Segment::NeedAttention => "middling recency, frequency and spend: time-limited offers",
            Segment::AboutToSleep => {
                "below-average recency and frequency: reactivate before they lapse"
            }
            Segment::Hibernating => {
                "last bought long ago, rarely and little: low-cost reactivation"
            }
            Segment::Lost => "the lowest recency, frequency and spend: revive or let go",
            Segment::Other => "orders and spend disagree (few orders of high value, or many of low value): their F and M scores are in the CSV",
        }
    }

    /// Score rules in priority order: the first rule a customer fits names its segment. Bounds are inclusive
    /// (r, f and m ranges, with m = f where the file has no money column). The ranges are those of R's `rfm`
    /// package vignette; the order is ours, narrow and high-value rules first, so every rule can be reached
    /// (R's loop lets later rules overwrite earlier ones).
    const RULES: [(Segment, [(u8, u8); 3]); 11] = [
        (Segment::Champions, [(4, 5), (4, 5), (4, 5)]),
        (Segment::CantLoseThem, [(1, 1), (4, 5), (4, 5)]),
        (Segment::Loyal, [(2, 5), (3, 5), (3, 5)]),
        (Segment::AtRisk, [(1, 2), (2, 5), (2, 5)]),
        (Segment::New, [(4, 5), (1, 1), (1, 1)]),
        (Segment::Promising, [(3, 4), (1, 1), (1, 1)]),
        (Segment::NeedAttention, [(2, 3), (2, 3), (2, 3)]),
        (Segment::PotentialLoyalist, [(3, 5), (1, 3), (1, 3)]),
        (Segment::AboutToSleep, [(2, 3), (1, 2), (1, 2)]),
        (Segment::Lost, [(1, 1), (1, 1), (1, 2)]),
        (Segment::Hibernating, [(1, 2), (1, 2), (1, 2)]),
    ];

    pub fn of(r: u8, f: u8, m: u8) -> Segment {
        Segment::RULES
            .iter()
            .find(|(_, b)| {
                [r, f, m]
                    .iter()
                    .zip(b)
                    .all(|(s, (lo, hi))| (lo..=hi).contains(&s))
            })
            .map_or(Segment::Other, |(s, _)| *s)
    }
}

/// One customer's row. `customer` indexes `Dataset::customers`. Its TypeScript is never written out: only
/// compared with `CustomerRfmColumns`'s (tests/typescript.rs).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct CustomerRfm {
    pub customer: u32,
    pub recency_days: i64,
    pub frequency: u32,
    /// Net spend (purchases minus returns); 0 when the file has no prices.
    pub monetary: f64,
    pub average_order_value: f64,
    pub first_purchase_day: i64,
    pub last_purchase_day: i64,
    pub tenure_days: i64,
    pub distinct_products: u32,
    pub r: u8,
    pub f: u8,
    pub m: u8,
    pub segment: Segment,
}

/// `CustomerRfm` rows as JS gets them: one typed array per field (wasm/columns.rs), customer `i` being
/// `customerIds[i]` of the result (`customers.monetary[i]`, `customers.segment[i]`). tests/typescript.rs
/// checks that every field of the row but `customer` is here.
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename_all = "camelCase")]
pub struct CustomerRfmColumns {
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub recency_days: Vec<f64>,
    /// Orders.
    #[ts(type = "Uint32Array<ArrayBuffer>")]
    pub frequency: Vec<u32>,
    /// Net spend.
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub monetary: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub average_order_value: Vec<f64>,
    /// Day numbers (days since 1970-01-01).
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub first_purchase_day: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub last_purchase_day: Vec<f64>,
    #[ts(type = "Float64Array<ArrayBuffer>")]
    pub tenure_days: Vec<f64>,
    #[ts(type = "Uint32Array<ArrayBuffer>")]
    pub distinct_products: Vec<u32>,
    /// Quintile scores 1-5, higher is better.
    #[ts(type = "Uint8Array<ArrayBuffer>")]
    pub r: Vec<u8>,
    #[ts(type = "Uint8Array<ArrayBuffer>")]
    pub f: Vec<u8>,
    #[ts(type = "Uint8Array<ArrayBuffer>")]
    pub m: Vec<u8>,
    pub segment: Vec<Segment>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Rfm {
    /// Day number (days since 1970-01-01) recency is counted to.
    pub analysis_day: i64,
    pub has_monetary: bool,
    // Serialised by the binding as typed-array columns, not an object per customer (wasm/columns.rs);
    // `skip_serializing` rather than `skip`, the same for a type that is only serialised, so that ts-rs
    // declares the field the binding sets.
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "ts", ts(as = "CustomerRfmColumns"))]
    pub customers: Vec<CustomerRfm>,
    /// Customers in the file with no purchase (only returns) before the analysis date: not scored.
    pub without_purchases: u64,
}

/// Computes RFM for every customer with at least one purchase on or before the analysis date.
pub fn rfm(data: &Dataset, params: &RfmParams) -> Result<Rfm> {
    let lines = &data.lines;
    if data.customers.is_empty() || lines.time.is_empty() || lines.order.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            "RFM needs a customer id and a date in every line; this file lacks one of them",
        ));
    }
    let last_day = lines
        .time
        .iter()
        .map(|&t| days::day_of(t))
        .max()
        .unwrap_or(0);
    let analysis_day = match &params.analysis_date {
        None => last_day + 1,
        Some(s) => days::option_day("analysisDate", s)?,
    };
    let has_monetary = !lines.amount.is_empty();
    let mut rows = Vec::with_capacity(data.customers.len());
    let mut without_purchases = 0;
    let mut orders: Vec<u32> = Vec::new();
    let mut products: Vec<u32> = Vec::new();
    for c in 0..data.customers.len() {
        orders.clear();
        products.clear();
        let (mut first, mut last, mut spend) = (i64::MAX, i64::MIN, 0.0);
        for &i in data.customer_lines.row(c) {
            let i = i as usize;
            let day = days::day_of(lines.time[i]);
            if day >= analysis_day {
                continue;
            }
            if has_monetary {
                spend += lines.amount[i];
            }
            if lines.is_return[i] {
                continue;
            }
            orders.push(lines.order[i]);
            if let Some(&p) = lines.product.get(i) {
                products.push(p);
            }
            first = first.min(day);
            last = last.max(day);
        }
        if orders.is_empty() {
            without_purchases += 1;
            continue;
        }
        let frequency = count_distinct(&mut orders);
        rows.push(CustomerRfm {
            customer: c as u32,
            recency_days: analysis_day - last,
            frequency,
            monetary: spend,
            average_order_value: spend / f64::from(frequency),
            first_purchase_day: first,
            last_purchase_day: last,
            tenure_days: analysis_day - first,
            distinct_products: count_distinct(&mut products),
            r: 0,
            f: 0,
            m: 0,
            segment: Segment::Other,
        });
    }
    if rows.is_empty() {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            "no customer has a purchase before the analysis date",
        ));
    }
    debug_assert!(data.customers.len() < NO_CUSTOMER as usize);
    score(&mut rows, has_monetary);
    Ok(Rfm {
        analysis_day,
        has_monetary,
        customers: rows,
        without_purchases,
    })
}

fn count_distinct(v: &mut [u32]) -> u32 {
    v.sort_unstable();
    (v.len() - v.windows(2).filter(|w| w[0] == w[1]).count()) as u32
}

fn score(rows: &mut [CustomerRfm], has_monetary: bool) {
    // Recency: fewer days is better, so rank by negated days.
    let r = quintile_scores(
        &rows
            .iter()
            .map(|c| -(c.recency_days as f64))
            .collect::<Vec<_>>(),
    );
    let f = quintile_scores(
        &rows
            .iter()
            .map(|c| f64::from(c.frequency))
            .collect::<Vec<_>>(),
    );
    let m = if has_monetary {
        quintile_scores(&rows.iter().map(|c| c.monetary).collect::<Vec<_>>())
    } else {
        f.clone()
    };
    for (i, c) in rows.iter_mut().enumerate() {
        (c.r, c.f, c.m) = (r[i], f[i], m[i]);
        c.segment = Segment::of(c.r, c.f, c.m);
    }
}

/// `1 + floor(5 * below / n)` where `below` counts strictly smaller values (higher is better).
pub fn quintile_scores(values: &[f64]) -> Vec<u8> {
    let mut sorted: Vec<f64> = values.to_vec();
    crate::sorting::sort_floats(&mut sorted);
    let n = values.len().max(1);
    values
        .iter()
        .map(|v| {
            let below = sorted.partition_point(|x| x.total_cmp(v).is_lt());
            (1 + 5 * below / n).min(5) as u8
        })
        .collect()
}

/// Per segment: how many customers, their share, their share of revenue.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SegmentSummary {
    pub segment: Segment,
    pub label: &'static str,
    pub advice: &'static str,
    pub customers: u64,
    pub share: f64,
    pub revenue_share: f64,
    pub mean_recency_days: f64,
    pub mean_frequency: f64,
    pub mean_monetary: f64,
}

pub fn summarise(rfm: &Rfm) -> Vec<SegmentSummary> {
    let n = rfm.customers.len() as f64;
    let revenue: f64 = rfm.customers.iter().map(|c| c.monetary.max(0.0)).sum();
    Segment::ALL
        .iter()
        .filter_map(|&s| {
            let members: Vec<&CustomerRfm> =
                rfm.customers.iter().filter(|c| c.segment == s).collect();
            if members.is_empty() {
                return None;
            }
            let k = members.len() as f64;
            let mean =
                |f: &dyn Fn(&CustomerRfm) -> f64| members.iter().map(|c| f(c)).sum::<f64>() / k;
            let spend: f64 = members.iter().map(|c| c.monetary.max(0.0)).sum();
            Some(SegmentSummary {
                segment: s,
                label: s.label(),
                advice: s.advice(),
                customers: members.len() as u64,
                share: k / n,
                revenue_share: if revenue > 0.0 { spend / revenue } else { 0.0 },
                mean_recency_days: mean(&|c| c.recency_days as f64),
                mean_frequency: mean(&|c| f64::from(c.frequency)),
                mean_monetary: mean(&|c| c.monetary),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    #[test]
    fn quintiles_keep_ties_together_and_spread_distinct_values() {
        assert_eq!(quintile_scores(&[1.0, 2.0, 3.0, 4.0, 5.0]), [1, 2, 3, 4, 5]);
        assert_eq!(quintile_scores(&[5.0, 1.0, 1.0, 1.0, 9.0]), [4, 1, 1, 1, 5]);
        let ten: Vec<f64> = (0..10).map(f64::from).collect();
        assert_eq!(quintile_scores(&ten), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(quintile_scores(&[7.0; 4]), [1, 1, 1, 1]);
    }

    #[test]
    fn segment_rules_in_priority_order() {
        assert_eq!(Segment::of(5, 5, 5), Segment::Champions);
        assert_eq!(Segment::of(1, 5, 5), Segment::CantLoseThem);
        assert_eq!(Segment::of(2, 4, 3), Segment::Loyal);
        assert_eq!(Segment::of(2, 2, 4), Segment::AtRisk);
        assert_eq!(Segment::of(5, 1, 1), Segment::New);
        assert_eq!(Segment::of(3, 1, 1), Segment::Promising);
        assert_eq!(Segment::of(4, 2, 3), Segment::PotentialLoyalist);
        assert_eq!(Segment::of(3, 2, 2), Segment::NeedAttention);
        assert_eq!(Segment::of(2, 1, 2), Segment::AboutToSleep);
        assert_eq!(Segment::of(3, 1, 2), Segment::PotentialLoyalist);
        assert_eq!(Segment::of(1, 1, 1), Segment::Lost);
        assert_eq!(Segment::of(1, 2, 1), Segment::Hibernating);
        assert_eq!(Segment::of(5, 1, 5), Segment::Other);
    }

    #[test]
    fn computes_recency_frequency_monetary_with_returns() {
        let csv = "customer,order,product,quantity,price,date\n\
                   a,1,x,1,10,2021-01-01\n\
                   a,1,y,2,5,2021-01-01\n\
                   a,2,x,1,10,2021-01-05\n\
                   a,C3,x,-1,10,2021-01-06\n\
                   b,4,z,1,3,2021-01-09\n\
                   c,C5,z,-1,3,2021-01-09\n";
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let table = rfm(&data, &RfmParams::default()).unwrap();
        assert_eq!(table.without_purchases, 1, "c only returned");
        let a = &table.customers[0];
        assert_eq!((a.recency_days, a.frequency, a.monetary), (5, 2, 20.0));
        assert_eq!(
            (a.tenure_days, a.distinct_products, a.average_order_value),
            (9, 2, 10.0)
        );
        let b = &table.customers[1];
        assert_eq!((b.recency_days, b.frequency, b.monetary), (1, 1, 3.0));
        assert_eq!((a.r, a.f, a.m, b.r, b.f, b.m), (1, 3, 3, 3, 1, 1));
        let at = rfm(
            &data,
            &RfmParams {
                analysis_date: Some("2021-01-07".into()),
            },
        )
        .unwrap();
        assert_eq!(at.customers.len(), 1, "b bought after the analysis date");
        assert!(rfm_err("2021-13-01", &data).contains("analysisDate `2021-13-01`"));
    }

    #[test]
    fn without_prices_scores_recency_and_frequency_only() {
        let csv =
            "customer,order,product,date\na,1,x,2021-01-01\na,2,y,2021-01-05\nb,3,x,2021-01-03\n";
        let data = ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset;
        let table = rfm(&data, &RfmParams::default()).unwrap();
        assert!(!table.has_monetary);
        assert!(table
            .customers
            .iter()
            .all(|c| c.m == c.f && c.monetary == 0.0));
        let s = crate::segment::segment(
            &table,
            &crate::segment::KMeansParams {
                k: Some(2),
                ..Default::default()
            },
            &mut Silent,
        )
        .unwrap();
        assert_eq!(s.features, ["recency", "frequency"]);
        let spend = crate::segment::KMeansParams {
            features: Some(vec![crate::segment::Feature::Monetary]),
            ..Default::default()
        };
        let e = crate::segment::segment(&table, &spend, &mut Silent).unwrap_err();
        assert!(
            e.message.contains("needs prices or amounts"),
            "{}",
            e.message
        );
    }

    fn rfm_err(date: &str, data: &Dataset) -> String {
        rfm(
            data,
            &RfmParams {
                analysis_date: Some(date.into()),
            },
        )
        .unwrap_err()
        .message
    }
}
