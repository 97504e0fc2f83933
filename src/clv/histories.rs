//! Customer histories (x, t_x, T) deduplicated: many customers share one, and every model term and
//! prediction is computed once per distinct history.

use super::History;
use rustc_hash::FxHashMap;

/// Customers with the same history share their predictions (and their term of the likelihood): each
/// distinct history is computed once. Many one-time buyers share a first-purchase day.
pub struct DistinctHistories {
    /// In order of first appearance, so sums over them do not depend on hashing.
    pub histories: Vec<History>,
    /// Per customer, index into `histories`.
    pub of_customer: Vec<usize>,
}

impl DistinctHistories {
    pub fn new(all: &[History]) -> DistinctHistories {
        let mut index: FxHashMap<(u64, u64, u64), usize> = FxHashMap::default();
        let mut histories = Vec::new();
        let of_customer = all
            .iter()
            .map(|h| {
                *index
                    .entry((h.x.to_bits(), h.t_x.to_bits(), h.t.to_bits()))
                    .or_insert_with(|| {
                        histories.push(*h);
                        histories.len() - 1
                    })
            })
            .collect();
        DistinctHistories {
            histories,
            of_customer,
        }
    }

    /// How many customers have each distinct history.
    pub fn counts(&self) -> Vec<f64> {
        let mut counts = vec![0.0; self.histories.len()];
        for &i in &self.of_customer {
            counts[i] += 1.0;
        }
        counts
    }
}

/// The distinct values, sorted.
pub fn distinct_sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut v: Vec<f64> = values.collect();
    crate::sorting::sort_floats(&mut v);
    v.dedup();
    v
}
