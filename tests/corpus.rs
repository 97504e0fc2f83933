//! The bad-input corpus (tests/corpus), read natively. The same cases run in wasm in `tests/wasm.rs`.

#![cfg(not(target_arch = "wasm32"))]

#[path = "corpus/expectations.rs"]
mod expectations;

#[test]
fn corpus_files_give_the_expected_reports_and_errors() {
    let (failures, checked) = expectations::check_all();
    assert!(checked >= 40, "only {checked} cases");
    assert!(
        failures.is_empty(),
        "{} of {checked} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_file_in_the_folder_is_in_the_corpus_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if name.ends_with(".json") || name.ends_with(".rs") {
            continue;
        }
        assert!(
            expectations::FILES.iter().any(|(n, _)| *n == name),
            "{name} is not listed in expectations.rs"
        );
    }
}
