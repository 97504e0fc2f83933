//! The exports people actually have (tests/layouts, written by scripts/data/make_layouts.py from one set of
//! underlying order lines): each platform's and system's own layout, encoding and quirks must read, with no
//! mapping given, to the facts the generator computed from the lines themselves.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shopscope::ingest::{ingest, IngestOptions, Role};
use shopscope::progress::Silent;
use std::path::Path;

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/layouts")
}

#[test]
fn every_export_reads_to_the_facts_of_its_lines() {
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir().join("expected.json")).unwrap())
            .unwrap();
    let expected = expected.as_object().unwrap();
    assert!(expected.len() >= 20, "{} exports", expected.len());
    let mut failures = Vec::new();
    for (name, want) in expected {
        let bytes = std::fs::read(dir().join(name)).unwrap();
        let read = match ingest(&bytes, &IngestOptions::default(), &mut Silent) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{name}: {}", e.message));
                continue;
            }
        };
        let r = serde_json::to_value(&read.report).unwrap();
        for (key, value) in want.as_object().unwrap() {
            let got = &r[key];
            let same = match (got.as_f64(), value.as_f64()) {
                (Some(g), Some(w)) => (g - w).abs() < 0.005,
                _ => got == value,
            };
            if !same {
                failures.push(format!("{name}: {key} is {got}, expected {value}"));
            }
        }
        // E-mail identities never reach the model in clear.
        for i in 0..read.dataset.customers.len() {
            let id = read.dataset.customers.name(i as u32);
            if id.contains('@') {
                failures.push(format!(
                    "{name}: customer id `{id}` is an e-mail address in clear"
                ));
                break;
            }
        }
        println!(
            "{name}: {} ({}), currency {}, mapping {}",
            read.report.encoding, r["dateFormat"], r["currency"], r["mapping"]
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn amounts_in_several_currencies_are_not_added_up_unless_rates_convert_them() {
    let text = "Order Number,Order Date,Billing Email,SKU,Quantity,Item Cost,Order Currency\n\
                1,2017-01-02,ann@example.com,A,2,10.00,USD\n\
                2,2017-01-03,bob@example.com,B,1,20.00,EUR\n\
                3,2017-01-04,ann@example.com,B,1,5.00,usd\n";
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(read.report.net_amount, None, "no sum across currencies");
    assert_eq!(read.report.currency, None);
    let warning = read
        .report
        .warnings
        .iter()
        .find(|w| w.contains("currencies"))
        .unwrap();
    assert!(
        warning.contains("EUR 20.00 in 1 lines") && warning.contains("USD 25.00 in 2 lines"),
        "{warning}"
    );
    assert!(warning.contains("currencyRates"), "{warning}");
    let opts = IngestOptions {
        currency_rates: [("USD".to_string(), 1.0), ("EUR".to_string(), 1.1)].into(),
        ..Default::default()
    };
    let read = ingest(text.as_bytes(), &opts, &mut Silent).unwrap();
    assert!((read.report.net_amount.unwrap() - 47.0).abs() < 1e-9);
    // Converted into a currency the file does not name.
    assert_eq!(read.report.currency, None);
    let one = text.replace("EUR", "usd");
    let read = ingest(one.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(read.report.currency.as_deref(), Some("USD"));
    assert!((read.report.net_amount.unwrap() - 45.0).abs() < 1e-9);
    let opts = IngestOptions {
        currency_rates: [("USD".to_string(), 1.0)].into(),
        ..Default::default()
    };
    let read = ingest(text.as_bytes(), &opts, &mut Silent).unwrap();
    let missing = &read.report.skipped[0];
    assert_eq!(missing.rows.count, 1);
    assert!(missing
        .example
        .as_deref()
        .unwrap()
        .contains("no exchange rate for the currency `EUR`"));
}

#[test]
fn e_mail_identities_are_one_customer_however_typed_and_clear_only_when_asked() {
    let text = "Name,Email,Created at,Lineitem quantity,Lineitem name,Lineitem price\n\
                #1001,Ann@Example.com ,2017-01-02 10:00:00 -0500,1,Mug,5.00\n\
                #1002,ann@example.com,2017-01-05 10:00:00 -0500,1,Tee,9.00\n";
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(read.report.customers, 1);
    assert!(read.report.ids_masked);
    assert!(read.dataset.customers.name(0).starts_with("anon-"));
    let opts = IngestOptions {
        show_contact_ids: true,
        ..Default::default()
    };
    let read = ingest(text.as_bytes(), &opts, &mut Silent).unwrap();
    assert_eq!(read.dataset.customers.name(0), "ann@example.com");
    assert_eq!(read.report.platform, Some("Shopify orders export"));
}

#[test]
fn customers_known_by_their_full_names_are_masked_unless_asked() {
    // The French shop's export names its customers (`WANG Chen 034`): the ids identify people.
    let bytes = std::fs::read(dir().join("fr_boutique_1252.csv")).unwrap();
    let read = ingest(&bytes, &IngestOptions::default(), &mut Silent).unwrap();
    assert!(read.report.ids_masked);
    assert!(read.dataset.customers.name(0).starts_with("anon-"));
    assert!(read
        .report
        .warnings
        .iter()
        .any(|w| w == "customers are identified by people's names (column `Client`): pseudonyms stand for them"));
    let opts = IngestOptions {
        show_contact_ids: true,
        ..Default::default()
    };
    let read = ingest(&bytes, &opts, &mut Silent).unwrap();
    assert!(!read.report.ids_masked);
    assert!(read.dataset.customers.name(0).contains(' '));
    // Codes are not names: the UCI layout's customer numbers stay as written.
    let bytes = std::fs::read(dir().join("uci_online_retail_layout.csv")).unwrap();
    let read = ingest(&bytes, &IngestOptions::default(), &mut Silent).unwrap();
    assert!(!read.report.ids_masked);
}

/// A UCI-style file whose first dates fit both day/month orders and whose later ones settle it.
fn month_first_file() -> String {
    let mut text = String::from("InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n");
    for i in 0..600 {
        let (month, day) = if i < 500 {
            (12, 1 + i % 12)
        } else {
            (1, 13 + i % 15)
        };
        let year = if month == 12 { 2016 } else { 2017 };
        text += &format!(
            "{},P{},1,{month}/{day}/{year} 10:00,2.50,{}\n",
            1000 + i / 3,
            i % 7,
            100 + i % 40
        );
    }
    text
}

#[test]
fn day_month_warnings_are_true_and_a_wrong_forced_order_is_refused() {
    let text = month_first_file();
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert!(
        !read.report.warnings.iter().any(|w| w.contains("day/month")),
        "a 1/13/2017 settles the order: {:?}",
        read.report.warnings
    );
    assert_eq!(read.report.rows_used, 600);
    let forced = IngestOptions {
        date_order: Some(shopscope::ingest::DateOrder::Dmy),
        ..Default::default()
    };
    let Err(e) = ingest(text.as_bytes(), &forced, &mut Silent) else {
        panic!("a forced order that fails on 17% of the dates is refused")
    };
    assert!(
        e.message
            .starts_with("17% of the dates do not read as D/M/YYYY"),
        "{}",
        e.message
    );
    assert!(e.message.contains("probably wrong"), "{}", e.message);
    // Every date ambiguous: then, and only then, the report says so.
    let ambiguous: String = text.lines().take(400).map(|l| format!("{l}\n")).collect();
    let read = ingest(ambiguous.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert!(read
        .report
        .warnings
        .iter()
        .any(|w| w.contains("every date fits both day/month orders")));
}

#[test]
fn analyses_are_marked_affected_when_many_rows_are_unreadable() {
    let mut text = month_first_file();
    for i in 0..60 {
        text += &format!(
            "{},P1,one,1/20/2017 10:00,2.50,{}\n",
            5000 + i,
            100 + i % 40
        );
    }
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    let notes: Vec<&str> = read
        .report
        .capabilities
        .iter()
        .map(|c| c.note.as_str())
        .collect();
    assert!(
        notes
            .iter()
            .all(|n| n.contains("affected: 9% of the rows (60)")),
        "{notes:?}"
    );
    let clean = ingest(
        month_first_file().as_bytes(),
        &IngestOptions::default(),
        &mut Silent,
    )
    .unwrap();
    assert!(clean
        .report
        .capabilities
        .iter()
        .all(|c| !c.note.contains("affected")));
}

#[test]
fn a_product_column_beside_a_sku_is_the_product_name_and_alone_is_the_id() {
    let beside = "Order,Customer,Date,SKU,Product,Qty,Total\n\
                  1001,c1,2024-01-02,AB-1,Café Crème 250 g,1,4.50\n\
                  1002,c2,2024-01-03,AB-2,Green tea 500 g,2,7.00\n";
    let read = ingest(beside.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    let mapping = &read.report.mapping;
    assert_eq!(
        mapping.get(&Role::ProductId).map(String::as_str),
        Some("SKU")
    );
    assert_eq!(
        mapping.get(&Role::ProductName).map(String::as_str),
        Some("Product")
    );
    let alone = "Order,Customer,Date,Product,Qty,Total\n1001,c1,2024-01-02,AB-1,1,4.50\n";
    let read = ingest(alone.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(
        read.report
            .mapping
            .get(&Role::ProductId)
            .map(String::as_str),
        Some("Product")
    );
    assert_eq!(read.report.mapping.get(&Role::ProductName), None);
}
