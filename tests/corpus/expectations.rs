//! The bad-input corpus and its expected outcomes, shared by the native test (`tests/corpus.rs`) and the
//! wasm test in headless Chromium (`tests/wasm.rs`), so both builds are held to the same answers.

use serde_json::Value;
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;

macro_rules! corpus {
    ($($name:literal),* $(,)?) => {
        pub const FILES: &[(&str, &[u8])] = &[$(($name, include_bytes!($name))),*];
    };
}

corpus!(
    "all_bad.csv",
    "ambiguous_dates.csv",
    "bad_date.csv",
    "bad_number.csv",
    "binary.dat",
    "blank_lines.csv",
    "bom_utf8.csv",
    "crlf.csv",
    "crlf_blank_line_rows.csv",
    "currency_thousands.csv",
    "dates_compact.csv",
    "dates_iso_t.csv",
    "dates_short_year.csv",
    "dates_unix_millis.csv",
    "dates_unix_seconds.csv",
    "dates_us_ampm.csv",
    "day_first.csv",
    "dotted_dates.csv",
    "duplicate_headers.csv",
    "duplicate_rows.csv",
    "empty.csv",
    "excel_sep_line.csv",
    "footer_gesamt.csv",
    "footer_total.csv",
    "header_only.csv",
    "huge_numbers.csv",
    "instacart_relative.csv",
    "late_day_first.csv",
    "many_bad_rows.csv",
    "latin1.csv",
    "missing_ids.csv",
    "mixed_date_formats.csv",
    "nan_inf.csv",
    "no_header.csv",
    "no_roles.csv",
    "not_dates_named_date.csv",
    "nul_bytes.csv",
    "only_customers_no_dates.csv",
    "personal_columns.csv",
    "pipe_separated.csv",
    "quoted_newlines.csv",
    "ragged.csv",
    "return_orders.csv",
    "returns_by_day.csv",
    "semicolon_decimal_comma.csv",
    "single_column.csv",
    "tab_separated.tsv",
    "trailing_delimiter.csv",
    "uci_style.csv",
    "unicode_ids.csv",
    "utf16le_bom.csv",
    "xlsx_renamed.csv",
    "zero_negative.csv",
);

pub const EXPECTED: &str = include_str!("expected.json");
pub const WITH_OPTIONS: &str = include_str!("options.json");

pub fn file(name: &str) -> &'static [u8] {
    FILES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, b)| *b)
        .unwrap_or_else(|| panic!("no corpus file {name}"))
}

/// Every file against `expected.json`, then the option cases of `options.json`. Returns one line per
/// mismatch (empty when all hold) and the number of cases checked.
pub fn check_all() -> (Vec<String>, usize) {
    let expected: serde_json::Map<String, Value> =
        serde_json::from_str(EXPECTED).expect("expected.json");
    let cases: serde_json::Map<String, Value> =
        serde_json::from_str(WITH_OPTIONS).expect("options.json");
    let mut failures = Vec::new();
    let mut checked = 0;
    for (name, bytes) in FILES {
        checked += 1;
        match expected.get(*name) {
            None => failures.push(format!("{name}: no expectation in expected.json")),
            Some(want) => check(name, bytes, &IngestOptions::default(), want, &mut failures),
        }
    }
    for name in expected.keys() {
        if !FILES.iter().any(|(n, _)| n == name) {
            failures.push(format!(
                "{name}: expected.json names a file that is not in the corpus"
            ));
        }
    }
    for (case, spec) in &cases {
        checked += 1;
        let opts: IngestOptions = serde_json::from_value(spec["options"].clone()).expect("options");
        check(
            case,
            file(spec["file"].as_str().unwrap()),
            &opts,
            &spec["expect"],
            &mut failures,
        );
    }
    (failures, checked)
}

fn check(name: &str, bytes: &[u8], opts: &IngestOptions, want: &Value, failures: &mut Vec<String>) {
    let got = ingest(bytes, opts, &mut Silent);
    match (got, want.get("error")) {
        (Err(e), Some(code)) => {
            let actual = serde_json::to_value(e.code).unwrap();
            if &actual != code {
                failures.push(format!(
                    "{name}: error code {actual}, expected {code} ({})",
                    e.message
                ));
            }
            let message = want.get("message").and_then(Value::as_str).unwrap_or("");
            if !e.message.contains(message) {
                failures.push(format!("{name}: message `{}` lacks `{message}`", e.message));
            }
        }
        (Err(e), None) => failures.push(format!(
            "{name}: unexpected error {:?}: {}",
            e.code, e.message
        )),
        (Ok(_), Some(code)) => failures.push(format!("{name}: read fine, expected error {code}")),
        (Ok(got), None) => {
            let report = serde_json::to_value(&got.report).unwrap();
            subset(name, want, &report, failures);
        }
    }
}

/// Every key of `want` must be in `got` with an equal value (recursively; arrays element by element;
/// numbers to 1e-9).
fn subset(path: &str, want: &Value, got: &Value, failures: &mut Vec<String>) {
    match (want, got) {
        (Value::Object(w), Value::Object(g)) => {
            for (k, v) in w {
                match g.get(k) {
                    Some(gv) => subset(&format!("{path}.{k}"), v, gv, failures),
                    None => failures.push(format!("{path}.{k}: missing")),
                }
            }
        }
        (Value::Array(w), Value::Array(g)) if w.len() == g.len() => {
            for (i, (wv, gv)) in w.iter().zip(g).enumerate() {
                subset(&format!("{path}[{i}]"), wv, gv, failures);
            }
        }
        (Value::Number(w), Value::Number(g)) => {
            let (w, g) = (w.as_f64().unwrap(), g.as_f64().unwrap());
            if (w - g).abs() > 1e-9 {
                failures.push(format!("{path}: {g}, expected {w}"));
            }
        }
        (w, g) if w == g => {}
        (w, g) => failures.push(format!("{path}: {g}, expected {w}")),
    }
}
