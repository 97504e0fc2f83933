//! Helpers shared by the integration tests.

use std::path::PathBuf;

/// A file under `../shared/data`, or `None` (with the reason printed) when the data is not on this machine:
/// the project must pass its own tests without it.
pub fn shared_data(relative: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(relative);
    if path.exists() {
        Some(path)
    } else {
        println!(
            "SKIPPED: {} is not present (shared data is optional)",
            path.display()
        );
        None
    }
}
