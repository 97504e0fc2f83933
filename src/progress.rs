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

/// Progress of a run made of about `steps` parts that each report their own 0 to 1 (fits, evaluations),
/// as one fraction of the whole: a part that starts again from a lower fraction counts as the next step.
/// The whole never goes backwards, and stays below 1 until the run ends.
pub struct Steps<'a> {
    inner: &'a mut dyn Progress,
    steps: usize,
    done: usize,
    last: f64,
    shown: f64,
}

impl<'a> Steps<'a> {
    pub fn new(inner: &'a mut dyn Progress, steps: usize) -> Steps<'a> {
        Steps {
            inner,
            steps: steps.max(1),
            done: 0,
            last: 0.0,
            shown: 0.0,
        }
    }
}

impl Progress for Steps<'_> {
    fn update(&mut self, stage: &str, fraction: f64) -> bool {
        let f = if fraction.is_finite() {
            fraction.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if f < self.last {
            self.done += 1;
        }
        self.last = f;
        let whole = (self.done.min(self.steps - 1) as f64 + f) / self.steps as f64;
        self.shown = self.shown.max(whole.min(0.99));
        self.inner.update(stage, self.shown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_go_forward_over_parts_that_start_again() {
        let mut seen = Vec::new();
        let mut record = |_: &str, f: f64| {
            seen.push(f);
            true
        };
        let mut steps = Steps::new(&mut record, 2);
        for f in [0.0, 0.5, 1.0, 0.0, 0.5, 1.0, 0.2, f64::NAN] {
            steps.update("part", f);
        }
        assert_eq!(seen, [0.0, 0.25, 0.5, 0.5, 0.75, 0.99, 0.99, 0.99]);
    }
}
