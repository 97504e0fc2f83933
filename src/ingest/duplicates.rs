//! Which rows repeat an earlier row exactly, by a 64-bit hash of their bytes.
//!
//! A row can only repeat a row of its own order (the order id is one of its fields), and a file lists an
//! order's lines together, so the lines of the order being read are checked against that order's earlier
//! lines only: a short run read moments ago, still in cache. One hash set over every row of the file, the
//! obvious way, misses the cache on nearly every row (BENCHMARKS.md, ingest profile). An order whose lines
//! are not together (it comes back after another), an order with many lines, and rows without an order go
//! to that one set, so that no check grows with an order's length.

use rustc_hash::FxHashSet;

/// Lines of one order compared one by one before the order moves to the set.
const RUN_LINES: u32 = 32;
const IN_SET: u32 = u32::MAX;

#[derive(Default)]
pub(super) struct Duplicates {
    /// The hashes of the lines of orders still in runs, each order's lines one after another.
    hashes: Vec<u64>,
    /// For each order id: where its run starts in `hashes` and how many lines it has (`IN_SET` once its
    /// hashes are in `set`).
    orders: Vec<(u32, u32)>,
    /// Hashes of rows without an order, and of every line of an order that left its run.
    set: FxHashSet<u64>,
}

impl Duplicates {
    /// Room for `rows` rows, `grouped` when they have an order to be checked under.
    pub(super) fn with_capacity(rows: usize, grouped: bool) -> Duplicates {
        let mut d = Duplicates::default();
        if grouped {
            d.hashes.reserve(rows);
        } else {
            d.set.reserve(rows);
        }
        d
    }

    /// Whether a row with this `hash`, of order id `order` (ids dense from 0, as interned), repeats an
    /// earlier row; the row is remembered when it does not.
    pub(super) fn repeats(&mut self, order: Option<u32>, hash: u64) -> bool {
        let Some(order) = order else {
            return !self.set.insert(hash);
        };
        let o = order as usize;
        if o >= self.orders.len() {
            // No lines yet: where a run starts is set by its first line.
            self.orders.resize(o + 1, (0, 0));
        }
        let (start, count) = self.orders[o];
        if count == IN_SET {
            return !self.set.insert(hash);
        }
        let run = &self.hashes[start as usize..(start + count) as usize];
        if run.contains(&hash) {
            return true;
        }
        let at_end = (start + count) as usize == self.hashes.len();
        if count == 0 || (at_end && count < RUN_LINES) {
            // The order's first line starts its run at the end; a next line extends it.
            let start = if count == 0 {
                self.hashes.len() as u32
            } else {
                start
            };
            self.orders[o] = (start, count + 1);
            self.hashes.push(hash);
        } else {
            // The order comes back after another's lines, or is long: its lines go to the set.
            self.set.extend(run.iter().copied());
            self.set.insert(hash);
            self.orders[o] = (0, IN_SET);
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeat_is_found_in_its_order_however_far_back_and_only_there() {
        let mut d = Duplicates::with_capacity(0, true);
        assert!(!d.repeats(Some(0), 1));
        assert!(!d.repeats(Some(0), 2));
        assert!(
            !d.repeats(Some(1), 1),
            "the same bytes cannot be another order's row"
        );
        assert!(!d.repeats(Some(2), 3));
        assert!(d.repeats(Some(0), 1), "order 0 came back after others");
        assert!(d.repeats(Some(1), 1));
        assert!(
            !d.repeats(None, 1),
            "rows without an order are checked among themselves"
        );
        assert!(d.repeats(None, 1));
    }

    #[test]
    fn a_long_order_moves_to_the_set_and_keeps_every_line() {
        let mut d = Duplicates::with_capacity(0, true);
        let n = u64::from(RUN_LINES) * 3;
        for h in 0..n {
            assert!(!d.repeats(Some(5), h), "line {h} is new");
        }
        for h in 0..n {
            assert!(d.repeats(Some(5), h), "line {h} repeats");
        }
        assert!(!d.repeats(Some(5), n));
        assert!(
            !d.repeats(Some(6), 0),
            "another order's lines are still its own"
        );
    }
}
