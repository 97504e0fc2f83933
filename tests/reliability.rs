//! Reliability and privacy: every input a fuzzer ever crashed on, inputs too large to commit (generated
//! here), the memory guard, and masking of personal data.

#![cfg(not(target_arch = "wasm32"))]

#[path = "../fuzz/src/cases.rs"]
mod cases;

use shopscope::ingest::table::TableOptions;
use shopscope::ingest::{ingest, inspect, IngestOptions, MaskOptions};
use shopscope::progress::Silent;
use shopscope::segment::read_customer_table;
use shopscope::ErrorCode;
use std::path::Path;

/// A fuzz target: its name and what it does with an input.
type Target = (&'static str, fn(&[u8]));

/// Every input a fuzzer crashed on (tests/fuzz/<target>/, once fixed) goes back through the target that
/// found it; the bad-input corpus goes through every target.
#[test]
fn saved_fuzz_inputs_and_the_corpus_run_through_the_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let targets: [Target; 4] = [
        ("ingest_bytes", cases::ingest_bytes),
        ("ingest_options", cases::ingest_options),
        ("analyses", cases::analyses),
        ("tables", cases::tables),
    ];
    let files = |dir: &Path| -> Vec<Vec<u8>> {
        std::fs::read_dir(dir)
            .map(|d| {
                d.map(|e| std::fs::read(e.unwrap().path()).unwrap())
                    .collect()
            })
            .unwrap_or_default()
    };
    let corpus = files(&root.join("corpus"));
    let mut replayed = 0;
    for (name, run) in targets {
        for input in files(&root.join("fuzz").join(name)).iter().chain(&corpus) {
            run(input);
            replayed += 1;
        }
    }
    println!("replayed {replayed} inputs through the fuzz targets");
    assert!(corpus.len() >= 40, "the corpus has {} files", corpus.len());
}

#[test]
fn a_10_mb_single_line_reads_as_a_header_without_rows() {
    let line = "x,".repeat(5 << 20);
    let Err(e) = ingest(line.as_bytes(), &IngestOptions::default(), &mut Silent) else {
        panic!("a file of one line was read as data")
    };
    assert_eq!(e.code, ErrorCode::HeaderOnly, "{}", e.message);
    // A 10 MB field in an otherwise normal file is read (and is one product).
    let text = format!(
        "customer,order,product,amount,date\nc1,o1,\"{}\",2,2021-01-02\nc1,o1,p2,3,2021-01-02\n",
        "long name, ".repeat(1 << 20)
    );
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!((read.report.rows_used, read.report.products), (2, 2));
}

fn transactions(rows: usize) -> String {
    let mut s = String::from("customer,email,full name,order,product,amount,date\n");
    for i in 0..rows {
        s.push_str(&format!(
            "{},c{}@example.com,Person {},{},p{},{}.50,2021-03-{:02}\n",
            1000 + i % 50,
            i % 50,
            i % 50,
            i / 3,
            i % 7,
            i % 9 + 1,
            i % 28 + 1
        ));
    }
    s
}

#[test]
fn a_read_that_would_exceed_the_memory_limit_is_refused_before_it_starts() {
    let text = transactions(60_000);
    let opts = IngestOptions {
        memory_limit_mb: Some(5),
        ..Default::default()
    };
    let Err(e) = ingest(text.as_bytes(), &opts, &mut Silent) else {
        panic!("read past the limit")
    };
    assert_eq!(e.code, ErrorCode::TooLarge);
    assert!(
        e.message.contains(" rows) needs about 8 MB of memory")
            && e.message
                .contains("more than the 5 MB allowed (memoryLimitMb)")
            && e.message.contains("Split it into smaller files"),
        "{}",
        e.message
    );
    let read = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(read.report.rows_used, 60_000);
}

#[test]
fn masking_pseudonymises_customer_ids_and_hides_personal_columns() {
    let text = transactions(300);
    let plain = ingest(text.as_bytes(), &IngestOptions::default(), &mut Silent).unwrap();
    assert_eq!(plain.report.personal_columns, ["email", "full name"]);
    assert!(!plain.report.ids_masked);
    assert_eq!(plain.dataset.customers.name(0), "1000");

    let mask = MaskOptions {
        salt: "a secret".into(),
    };
    let opts = IngestOptions {
        mask: Some(mask.clone()),
        ..Default::default()
    };
    let masked = ingest(text.as_bytes(), &opts, &mut Silent).unwrap();
    assert!(masked.report.ids_masked);
    assert_eq!(masked.report.customers, 50);
    let first = masked.dataset.customers.name(0).to_owned();
    assert!(first.starts_with("anon-") && first.len() == 21, "{first}");
    assert_eq!(masked.dataset.customers.get(&first), Some(0));
    assert_eq!(masked.dataset.customers.get("1000"), None);
    // Nothing personal is left in what the page shows.
    let shown = format!("{:?}", masked.report.preview)
        + &format!("{:?}", inspect(text.as_bytes(), &opts).unwrap());
    for secret in ["@example.com", "Person ", "1000,"] {
        assert!(!shown.contains(secret), "`{secret}` is shown: {shown}");
    }
    assert!(shown.contains(&first) && shown.contains("•••"));
    // The analyses are the same up to the names.
    assert_eq!(masked.report.rows_used, plain.report.rows_used);
    assert_eq!(masked.report.net_amount, plain.report.net_amount);

    // A customer table under the same salt gets the same pseudonyms, without its personal columns.
    let table = "household_id,Phone,contact,age,income\n1000,555-0100,ann@example.com,35,50\n1001,555-0101,bob@example.org,52,70\n";
    let t = read_customer_table(
        table.as_bytes(),
        &TableOptions {
            mask: Some(mask),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(t.ids[0], first);
    assert_eq!(t.masked_columns, ["Phone", "contact"]);
    let numeric: Vec<&str> = t.numeric.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(numeric, ["age", "income"]);
    assert!(t.other_columns.is_empty());
}
