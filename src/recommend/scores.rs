//! A sparse accumulator of item scores for one user, and the top-N selection both models and the
//! evaluation share.

use std::cmp::Ordering;

/// Dense scores of nonnegative contributions with the list of items above 0, so that clearing and ranking
/// cost O(touched), not O(items).
#[derive(Debug, Clone)]
pub struct Scores {
    values: Vec<f32>,
    /// The first `len` entries: the items whose score is above 0, in the order they rose from 0. One slot
    /// more than there are items, so that `add` writes unconditionally and only the length depends on the
    /// score: a branch there was mispredicted on about every other call when fitting item-kNN.
    touched: Vec<u32>,
    len: usize,
    /// Scratch for `take_top`, kept between calls: building every item's neighbour list allocated and
    /// freed a vector each time.
    ranked: Vec<(u32, f32)>,
}

/// Orders (item, score) pairs best first: higher score, then lower item id.
fn better(a: &(u32, f32), b: &(u32, f32)) -> Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

impl Scores {
    pub fn new(items: usize) -> Scores {
        Scores {
            values: vec![0.0; items],
            touched: vec![0; items + 1],
            len: 0,
            ranked: Vec::new(),
        }
    }

    /// Adds `value` to the item's score; a negative or NaN value counts as 0, so that a score above 0
    /// stays above 0 and each item is listed once.
    #[inline]
    pub fn add(&mut self, item: u32, value: f32) {
        let i = item as usize;
        let before = self.values[i];
        let after = before + value.max(0.0);
        self.touched[self.len] = item;
        self.len += usize::from(before == 0.0 && after > 0.0);
        self.values[i] = after;
    }

    /// Multiplies every score so far by `factor` (a negative or NaN factor counts as 0). Scores that
    /// reach 0 leave the list, so that `add` can list them again.
    pub fn scale(&mut self, factor: f32) {
        let factor = factor.max(0.0);
        let mut kept = 0;
        for t in 0..self.len {
            let i = self.touched[t];
            let v = self.values[i as usize] * factor;
            let above = v > 0.0;
            self.values[i as usize] = if above { v } else { 0.0 };
            self.touched[kept] = i;
            kept += usize::from(above);
        }
        self.len = kept;
    }

    pub fn get(&self, item: u32) -> f32 {
        self.values[item as usize]
    }

    /// The `n` best items with a positive score, best first (ties: lower item id first), leaving out the
    /// items `skip` holds (sorted), then clears the accumulator. Candidates gather in a buffer of a few
    /// times `n`, cut back to the best `n` when full; from the first cut on, an item must beat the `n`th
    /// best so far to enter, which most fail at one comparison. (Selecting over a copy of every touched
    /// item took a third of item-kNN's fit; a heap of the best `n`, more.)
    pub fn take_top(&mut self, n: usize, skip: &[u32]) -> &mut [(u32, f32)] {
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        let cut_at = n.saturating_mul(4).max(64);
        let mut bar = None;
        for &i in &self.touched[..self.len] {
            let candidate = (i, std::mem::take(&mut self.values[i as usize]));
            if n == 0
                || candidate.1 <= 0.0
                || bar.is_some_and(|b| better(&candidate, &b) != Ordering::Less)
                || skip.binary_search(&i).is_ok()
            {
                continue;
            }
            ranked.push(candidate);
            if ranked.len() == cut_at {
                ranked.select_nth_unstable_by(n - 1, better);
                ranked.truncate(n);
                bar = ranked.last().copied();
            }
        }
        self.len = 0;
        if ranked.len() > n {
            ranked.select_nth_unstable_by(n, better);
            ranked.truncate(n);
        }
        ranked.sort_unstable_by(better);
        self.ranked = ranked;
        &mut self.ranked
    }

    /// Items with a score above 0, in the order they rose from 0.
    pub fn touched(&self) -> &[u32] {
        &self.touched[..self.len]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_skips_and_clears() {
        let mut s = Scores::new(5);
        s.add(3, 1.0);
        s.add(1, 2.0);
        s.add(4, 2.0);
        s.add(0, 5.0);
        s.add(3, 0.5);
        assert_eq!(s.take_top(3, &[0]), [(1, 2.0), (4, 2.0), (3, 1.5)]);
        assert!(s.touched().is_empty());
        assert_eq!(s.get(1), 0.0);
    }

    #[test]
    fn cutting_the_buffer_keeps_the_exact_top() {
        use rand_xoshiro::rand_core::{RngCore, SeedableRng};
        let mut rng = rand_xoshiro::Xoshiro256Plus::seed_from_u64(7);
        let mut s = Scores::new(5_000);
        for n in [1, 3, 10, 40] {
            let mut expected = vec![0.0f32; 5_000];
            for _ in 0..20_000 {
                let item = rng.next_u32() % 5_000;
                // Few distinct values, so that ties are decided by the item id.
                let value = (rng.next_u32() % 8) as f32;
                s.add(item, value);
                expected[item as usize] += value;
            }
            let skip = [17, 99, 4_000];
            let mut naive: Vec<(u32, f32)> = (0..5_000u32)
                .map(|i| (i, expected[i as usize]))
                .filter(|&(i, v)| v > 0.0 && !skip.contains(&i))
                .collect();
            naive.sort_by(better);
            naive.truncate(n);
            assert_eq!(s.take_top(n, &skip), naive.as_slice(), "n = {n}");
            assert!(s.touched().is_empty());
        }
    }

    #[test]
    fn lists_each_item_once_whatever_is_added_or_scaled() {
        let mut s = Scores::new(3);
        for (item, value) in [
            (0, 0.0),
            (0, -1.0),
            (0, f32::NAN),
            (1, 1e-45),
            (1, 1.0),
            (2, f32::INFINITY),
        ] {
            s.add(item, value);
        }
        assert_eq!(s.touched(), [1, 2]);
        s.scale(1e-10);
        // 1 + 1e-45 scaled is still above 0; infinity stays.
        assert_eq!(s.touched(), [1, 2]);
        s.scale(0.0);
        assert!(s.touched().is_empty());
        assert_eq!(s.get(2), 0.0);
        for _ in 0..3 {
            s.add(2, 1.0);
            s.add(0, 1.0);
        }
        s.scale(f32::NAN);
        s.add(0, 2.0);
        assert_eq!(s.take_top(5, &[]), [(0, 2.0)]);
    }
}
