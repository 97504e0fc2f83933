//! shopscope: customer analytics that runs entirely in the browser.
//!
//! The core (everything but `wasm`) is plain Rust with no JS types, clocks or global state, so it is tested
//! natively. `wasm` is a thin binding that only converts values between JS and the core.

pub mod analysis;
pub mod clv;
pub mod csv_cell;
pub mod dataset;
pub mod error;
pub mod ingest;
pub mod progress;
pub mod recommend;
pub mod rules;
pub mod segment;
pub mod sorting;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use error::{Error, ErrorCode};
