//! Recall@k and nDCG@k with binary relevance, as the next-basket literature reports them: recall = hits /
//! |truth|, nDCG = DCG / the ideal DCG of min(k, |truth|) hits. Each is given overall, on the repeat items
//! only (truth items the customer bought before) and on the new items only (the rest), since a grocer's
//! next basket is mostly repeats and a model can look good by repeating alone (Li et al. 2021).
//!
//! Averages are over customers: overall over every customer with a non-empty held-out basket; the repeat
//! (new) figures over the customers whose held-out basket has at least one repeat (new) item, the others
//! being left out of that figure rather than counted as 0 or 1.

use serde::Serialize;

/// Recall@k and nDCG@k averaged over `customers`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BasketMetrics"))]
#[serde(rename_all = "camelCase")]
pub struct Metrics {
    pub recall: f64,
    pub ndcg: f64,
    pub customers: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BasketEvaluation"))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub k: usize,
    pub overall: Metrics,
    pub repeat: Metrics,
    pub new: Metrics,
    /// Mean share of each list's items that the customer bought before (customers with an empty list left
    /// out); the rest of the list is new items.
    pub repeat_share: f64,
}

#[derive(Debug, Clone, Copy, Default)]
struct Sum {
    recall: f64,
    ndcg: f64,
    customers: usize,
}

impl Sum {
    /// Adds one customer where `relevant` says which list positions are hits, out of `truth` relevant items.
    fn add(&mut self, hits: impl Iterator<Item = bool>, truth: usize, k: usize) {
        if truth == 0 {
            return;
        }
        let mut found = 0usize;
        let mut dcg = 0.0;
        for (pos, hit) in hits.take(k).enumerate() {
            if hit {
                found += 1;
                dcg += 1.0 / (pos as f64 + 2.0).log2();
            }
        }
        let ideal: f64 = (0..k.min(truth))
            .map(|p| 1.0 / (p as f64 + 2.0).log2())
            .sum();
        self.recall += found as f64 / truth as f64;
        self.ndcg += if ideal > 0.0 { dcg / ideal } else { 0.0 };
        self.customers += 1;
    }

    fn mean(&self) -> Metrics {
        let n = self.customers.max(1) as f64;
        Metrics {
            recall: self.recall / n,
            ndcg: self.ndcg / n,
            customers: self.customers,
        }
    }
}

/// Accumulates customers' lists against their held-out baskets.
#[derive(Debug, Clone, Default)]
pub struct Evaluator {
    k: usize,
    overall: Sum,
    repeat: Sum,
    new: Sum,
    share: f64,
    listed: usize,
}

impl Evaluator {
    pub fn new(k: usize) -> Evaluator {
        Evaluator {
            k,
            ..Default::default()
        }
    }

    /// One customer: the recommended `list` (best first), the held-out `truth` and the items `bought`
    /// before (both sorted). A customer with an empty truth is not counted.
    pub fn add(&mut self, list: &[u32], truth: &[u32], bought: &[u32]) {
        if truth.is_empty() {
            return;
        }
        let k = self.k;
        let list = list.get(..k.min(list.len())).unwrap_or(list);
        let in_truth = |i: &u32| truth.binary_search(i).is_ok();
        let was_bought = |i: &u32| bought.binary_search(i).is_ok();
        let repeats = truth.iter().filter(|i| was_bought(i)).count();
        self.overall.add(list.iter().map(in_truth), truth.len(), k);
        self.repeat.add(
            list.iter().map(|i| in_truth(i) && was_bought(i)),
            repeats,
            k,
        );
        self.new.add(
            list.iter().map(|i| in_truth(i) && !was_bought(i)),
            truth.len() - repeats,
            k,
        );
        if !list.is_empty() {
            self.share += list.iter().filter(|i| was_bought(i)).count() as f64 / list.len() as f64;
            self.listed += 1;
        }
    }

    pub fn finish(&self) -> Evaluation {
        Evaluation {
            k: self.k,
            overall: self.overall.mean(),
            repeat: self.repeat.mean(),
            new: self.new.mean(),
            repeat_share: self.share / self.listed.max(1) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recall_and_ndcg_by_hand() {
        let mut e = Evaluator::new(3);
        // Truth {1, 2, 5}; bought before {1, 9}: repeat truth {1}, new truth {2, 5}.
        e.add(&[9, 1, 2, 7], &[1, 2, 5], &[1, 9]);
        let r = e.finish();
        let d = |p: f64| 1.0 / (p + 2.0).log2();
        assert!((r.overall.recall - 2.0 / 3.0).abs() < 1e-12);
        assert!((r.overall.ndcg - (d(1.0) + d(2.0)) / (d(0.0) + d(1.0) + d(2.0))).abs() < 1e-12);
        assert!((r.repeat.recall - 1.0).abs() < 1e-12);
        assert!((r.repeat.ndcg - d(1.0) / d(0.0)).abs() < 1e-12);
        assert!((r.new.recall - 0.5).abs() < 1e-12);
        assert!((r.new.ndcg - d(2.0) / (d(0.0) + d(1.0))).abs() < 1e-12);
        assert!((r.repeat_share - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn customers_without_repeat_or_new_truth_leave_that_figure() {
        let mut e = Evaluator::new(10);
        e.add(&[1], &[1], &[1]);
        e.add(&[], &[4], &[]);
        e.add(&[3], &[], &[]);
        let r = e.finish();
        assert_eq!(r.overall.customers, 2);
        assert_eq!(r.repeat.customers, 1);
        assert_eq!(r.new.customers, 1);
        assert_eq!(r.repeat.recall, 1.0);
        assert_eq!(r.new.recall, 0.0);
        assert_eq!(r.overall.recall, 0.5);
        assert_eq!(Evaluator::new(10).finish().overall.recall, 0.0);
    }
}
