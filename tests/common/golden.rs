//! The golden-file harness of every analysis (tests/golden/). `read` gives a file made by an independent
//! reference (scripts/reference/): those are never rewritten here. `matches` compares an output of ours with
//! the file it was last accepted as, byte for byte; `UPDATE_GOLDEN=1 cargo test` rewrites every such file,
//! for a change of output that is meant (review the diff before committing it).

pub fn read(name: &str) -> String {
    let path = path(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("golden file {path}: {e} (UPDATE_GOLDEN=1 writes ours)"))
}

pub fn matches(name: &str, got: &str) {
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(path(name), got).expect("tests/golden is writable");
    }
    let want = read(name);
    assert!(
        got == want,
        "{name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it): got\n{}",
        got.lines().take(20).collect::<Vec<_>>().join("\n")
    );
}

fn path(name: &str) -> String {
    format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"))
}
