//! The exports people actually have (tests/layouts, written by scripts/data/make_layouts.py from one set of
//! underlying order lines): each platform's and system's own layout, encoding and quirks must read, with no
//! mapping given, to the facts the generator computed from the lines themselves.

#![cfg(not(target_arch = "wasm32"))]

use serde_json::Value;
use shopscope::ingest::{ingest, IngestOptions};
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
    assert!(expected.len() >= 17, "{} exports", expected.len());
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
            "{name}: {} ({}), mapping {}",
            read.report.encoding, r["dateFormat"], r["mapping"]
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
