//! Progress reporting and cancellation for long runs, without clocks or threads: the core calls back every
//! so often with the fraction done, and the callback answers whether to go on.

/// Receives progress; returning `false` cancels the run (which then ends with `ErrorCode::Cancelled`).
pub trait Progress {
    fn update(&mut self, stage: &str, fraction: f64) -> bool;
}

/// For callers that do not watch progress.
pub struct Silent;

impl Progress for Silent {
    fn update(&mut self, _stage: &str, _fraction: f64) -> bool {
        true
    }
}

impl<F: FnMut(&str, f64) -> bool> Progress for F {
    fn update(&mut self, stage: &str, fraction: f64) -> bool {
        self(stage, fraction)
    }
}
