//! Ingest of the real data sets in ../shared/data, checked against the counts their SOURCE.md gives and
//! against counts computed independently (awk) from the raw files.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;

fn read(relative: &str) -> Option<Vec<u8>> {
    common::shared_data(relative).map(|p| std::fs::read(p).expect("readable"))
}

#[test]
fn complete_journey_counts() {
    let Some(bytes) = read("complete_journey/transactions.csv") else {
        return;
    };
    let got = ingest(&bytes, &IngestOptions::default(), &mut Silent).expect("ingests");
    let r = &got.report;
    assert_eq!(r.rows_read, 1_469_307);
    assert_eq!(r.customers, 2_469);
    // 8,869 lines have quantity 0 (SOURCE.md); skipping them leaves 155,518 of the 155,848 baskets (awk).
    // 2,406 more have sales_value 0 with a positive quantity: free items, kept.
    let skipped: u64 = r.skipped.iter().map(|s| s.rows.count).sum();
    assert_eq!(skipped, 8_869, "{:?}", r.skipped);
    assert_eq!(r.free_items.count, 2_406);
    assert_eq!(r.rows_used, 1_469_307 - 8_869);
    assert_eq!(r.orders, 155_518);
    assert_eq!(got.dataset.non_empty_baskets(), 155_518);
    assert_eq!(r.mapping[&Role::Customer], "household_id");
    assert_eq!(r.mapping[&Role::Order], "basket_id");
    assert_eq!(r.mapping[&Role::ProductId], "product_id");
    assert_eq!(r.mapping[&Role::LineAmount], "sales_value");
    assert_eq!(r.mapping[&Role::Date], "transaction_timestamp");
    assert_eq!(r.first_date.as_deref(), Some("2017-01-01"));
    assert_eq!(r.last_date.as_deref(), Some("2018-01-01"));
    assert!(
        r.capabilities.iter().all(|c| c.available),
        "{:?}",
        r.capabilities
    );
    // The model must stay small enough for a browser tab: well under 1 GB for the 1.47 M rows.
    assert!(r.bytes_per_row < 80.0, "{} bytes per row", r.bytes_per_row);
    println!(
        "complete_journey: {}; {:.1} bytes per row",
        r.summary(),
        r.bytes_per_row
    );
}

#[test]
fn complete_journey_keeping_everything_matches_source_counts() {
    let Some(bytes) = read("complete_journey/transactions.csv") else {
        return;
    };
    let opts = IngestOptions {
        keep_nonpositive: true,
        drop_duplicates: Some(false),
        ..Default::default()
    };
    let got = ingest(&bytes, &opts, &mut Silent).expect("ingests");
    assert_eq!(got.report.rows_used, 1_469_307);
    assert_eq!(got.report.orders, 155_848);
    assert_eq!(got.report.customers, 2_469);
    assert_eq!(got.report.products, 68_509);
    let net: f64 = got.dataset.lines.amount.iter().sum();
    assert!((net - 4_596_039.58).abs() < 0.01, "{net}");
}

#[test]
fn cdnow_master_forms_orders_from_customer_days() {
    let Some(bytes) = read("cdnow/cdnow_master.csv") else {
        return;
    };
    let got = ingest(&bytes, &IngestOptions::default(), &mut Silent).expect("ingests");
    let r = &got.report;
    assert_eq!(r.rows_read, 69_659);
    // 80 rows have amount 0.00 (SOURCE.md): purchases of free items, kept.
    assert_eq!(r.rows_used, 69_659);
    assert_eq!(r.free_items.count, 80);
    assert_eq!(r.customers, 23_570);
    assert_eq!(r.mapping[&Role::LineAmount], "amount_usd");
    assert_eq!(r.mapping[&Role::Quantity], "quantity");
    assert!(!r.mapping.contains_key(&Role::Order));
    // Orders are customer-days: 67,591 distinct (customer_id, date) pairs (awk).
    assert_eq!(r.orders, 67_591);
    let net = r.net_amount.unwrap();
    assert!((net - 2_500_315.63).abs() < 0.005, "{net}");
    let cds: f64 = got.dataset.lines.quantity.iter().sum();
    assert_eq!(cds, 167_881.0);
    assert!(r.warnings.iter().any(|w| w.contains("no order column")));
    let rules = r
        .capabilities
        .iter()
        .find(|c| c.analysis == "rules")
        .unwrap();
    assert!(!rules.available, "cdnow has no products");
    // Customer ids are zero-padded strings and must stay so.
    assert_eq!(got.dataset.customers.name(0), "00001");
}
