//! Which rows repeat an earlier row exactly, by a 64-bit hash of their bytes.
//!
//! A row can only repeat a row of its own order (the order id is one of its fields), and a file lists an
//! order's lines together, so each order's lines are checked against that order's earlier lines only: they
//! were read moments ago and are still in cache. One hash set over every row of the file, the obvious way,
//! misses the cache on nearly every row (BENCHMARKS.md, ingest profile). Orders with many lines, and rows
//! without an order, go to that one set, so that no order's check grows with its length.

use rustc_hash::FxHashSet;

/// Lines of one order compared one by one before the order moves to the set.
const CHAINED_LINES: u32 = 32;
const NONE: u32 = u32::MAX;

#[derive(Default)]
pub(super) struct Duplicates {
    /// The hash of every line checked under an order, in reading order.
    hashes: Vec<u64>,
    /// For each of those lines, the order's line before it (`NONE` for its first).
    previous: Vec<u32>,
    /// For each order id: its last line, and how many it has (`NONE` once it is in `set`).
    orders: Vec<(u32, u32)>,
    /// Hashes of rows without an order, and of every line of an order past `CHAINED_LINES`.
    set: FxHashSet<u64>,
}

impl Duplicates {
    /// Room for `rows` rows, `grouped` when they have an order to be checked under.
    pub(super) fn with_capacity(rows: usize, grouped: bool) -> Duplicates {
        let mut d = Duplicates::default();
        if grouped {
            d.hashes.reserve(rows);
            d.previous.reserve(rows);
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
            self.orders.resize(o + 1, (NONE, 0));
        }
        let (last, count) = self.orders[o];
        if count == NONE {
            return !self.set.insert(hash);
        }
        let mut line = last;
        while line != NONE {
            if self.hashes[line as usize] == hash {
                return true;
            }
            line = self.previous[line as usize];
        }
        if count == CHAINED_LINES {
            // A long order: its lines so far, and this one, go to the set.
            let mut line = last;
            while line != NONE {
                self.set.insert(self.hashes[line as usize]);
                line = self.previous[line as usize];
            }
            self.set.insert(hash);
            self.orders[o] = (NONE, NONE);
            return false;
        }
        self.orders[o] = (self.hashes.len() as u32, count + 1);
        self.hashes.push(hash);
        self.previous.push(last);
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
        let n = u64::from(CHAINED_LINES) * 3;
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
