//! Implicit feedback: which customer bought (or rated) which product and how often, as a sparse
//! user x item matrix, and the train/test splits the evaluation uses.

use crate::dataset::{Csr, Dataset};
use crate::error::{Error, ErrorCode, Result};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use serde::Serialize;

/// Rows are users (customers with at least one purchase), columns are the dataset's product ids.
#[derive(Debug, Clone, PartialEq)]
pub struct Interactions {
    /// The dataset's customer id of each row.
    pub users: Vec<u32>,
    /// Number of item columns (the dataset's products).
    pub items: usize,
    /// Per user, the items bought, sorted.
    pub rows: Csr,
    /// Per entry of `rows.items`: how many purchase lines of that item the user has.
    pub counts: Vec<f32>,
}

impl Interactions {
    /// Every purchase line with a customer and a product (returns left out).
    pub fn from_dataset(data: &Dataset) -> Result<Interactions> {
        let [all] = Self::from_lines(data, |_| 0)?;
        Ok(all)
    }

    /// One matrix per part, over the same user rows: purchase line `l` counts in part `part_of(l)`.
    fn from_lines<const PARTS: usize>(
        data: &Dataset,
        part_of: impl Fn(usize) -> usize,
    ) -> Result<[Interactions; PARTS]> {
        let lines = &data.lines;
        if lines.product.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingColumn,
                "recommendations need a product column",
            ));
        }
        let mut parts: [Interactions; PARTS] = std::array::from_fn(|_| Interactions {
            users: Vec::new(),
            items: data.products.len(),
            rows: Csr {
                offsets: vec![0],
                items: Vec::new(),
            },
            counts: Vec::new(),
        });
        // Products of one customer and part, sorted to count repeats. (Sorting plain u32 shares the sort
        // compiled for basket rows: a (part, product) pair sort cost 3 kB of the gzipped wasm.)
        let mut row: Vec<u32> = Vec::new();
        for c in 0..data.customer_lines.rows() {
            let purchases = || {
                data.customer_lines
                    .row(c)
                    .iter()
                    .map(|&l| l as usize)
                    .filter(|&l| !lines.is_return[l])
            };
            if purchases().next().is_none() {
                continue;
            }
            for (part, m) in parts.iter_mut().enumerate() {
                row.clear();
                row.extend(
                    purchases()
                        .filter(|&l| part_of(l) == part)
                        .map(|l| lines.product[l]),
                );
                row.sort_unstable();
                for (i, &p) in row.iter().enumerate() {
                    if i > 0 && row[i - 1] == p {
                        *m.counts.last_mut().expect("a previous entry exists") += 1.0;
                    } else {
                        m.rows.items.push(p);
                        m.counts.push(1.0);
                    }
                }
                m.rows.offsets.push(m.rows.items.len() as u32);
                m.users.push(c as u32);
            }
        }
        if parts[0].users.is_empty() {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                "no purchase line has both a customer and a product",
            ));
        }
        Ok(parts)
    }

    pub fn len(&self) -> usize {
        self.users.len()
    }

    pub fn is_empty(&self) -> bool {
        self.users.is_empty()
    }

    /// Items and counts of user row `u`.
    pub fn row(&self, u: usize) -> (&[u32], &[f32]) {
        let (a, b) = (
            self.rows.offsets[u] as usize,
            self.rows.offsets[u + 1] as usize,
        );
        (&self.rows.items[a..b], &self.counts[a..b])
    }

    /// The same users with only the entries for which `keep(user, entry index)` holds.
    fn filter(&self, mut keep: impl FnMut(usize, usize) -> bool) -> Interactions {
        let mut out = Interactions {
            users: self.users.clone(),
            items: self.items,
            rows: Csr {
                offsets: vec![0],
                items: Vec::new(),
            },
            counts: Vec::new(),
        };
        for u in 0..self.len() {
            for e in self.rows.offsets[u] as usize..self.rows.offsets[u + 1] as usize {
                if keep(u, e) {
                    out.rows.items.push(self.rows.items[e]);
                    out.counts.push(self.counts[e]);
                }
            }
            out.rows.offsets.push(out.rows.items.len() as u32);
        }
        out
    }

    /// Number of user x item pairs.
    pub fn pairs(&self) -> usize {
        self.rows.items.len()
    }

    /// The share of purchase lines of a product the customer has another line of: 0 for ratings and
    /// one-off purchases, a half or more for groceries.
    pub fn repeat_share(&self) -> f64 {
        let lines: f64 = self.counts.iter().map(|&c| f64::from(c)).sum();
        if lines > 0.0 {
            (lines - self.pairs() as f64) / lines
        } else {
            0.0
        }
    }
}

/// A train/test split over the same users and items.
#[derive(Debug, Clone)]
pub struct Split {
    pub train: Interactions,
    pub test: Interactions,
    pub kind: SplitKind,
}

/// How a split was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SplitKind {
    /// Each customer's last order held out.
    LastOrder,
    /// A seeded share of the customer x product pairs held out.
    Random,
}

/// Each user x item pair goes to the test set with probability `test_share`, seeded (the protocol of
/// implicit's `train_test_split` and of most MovieLens results).
pub fn random_split(all: &Interactions, test_share: f64, seed: u64) -> Result<Split> {
    if !(test_share > 0.0 && test_share < 1.0) {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!("testShare = {test_share}: choose a share between 0 and 1, e.g. 0.2"),
        ));
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    let in_test: Vec<bool> = (0..all.pairs())
        .map(|_| ((rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < test_share)
        .collect();
    Ok(Split {
        train: all.filter(|_, e| !in_test[e]),
        test: all.filter(|_, e| in_test[e]),
        kind: SplitKind::Random,
    })
}

/// Time-aware: each customer's last order (by time) is the test set, everything bought before it the
/// training set. Customers with a single order only train.
pub fn last_order_split(data: &Dataset) -> Result<Split> {
    if data.lines.order.is_empty() || data.lines.time.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            "a time-aware split needs orders and dates",
        ));
    }
    let lines = &data.lines;
    // Per customer: the purchase order with the latest time (the larger id on ties, for determinism).
    let mut last = vec![u32::MAX; data.customer_lines.rows()];
    let mut orders = vec![0u32; data.customer_lines.rows()];
    for (c, slot) in last.iter_mut().enumerate() {
        let mut seen = Vec::new();
        for &l in data.customer_lines.row(c) {
            let l = l as usize;
            if lines.is_return[l] {
                continue;
            }
            let o = lines.order[l];
            seen.push(o);
            if *slot == u32::MAX
                || (data.order_time[o as usize], o) > (data.order_time[*slot as usize], *slot)
            {
                *slot = o;
            }
        }
        seen.sort_unstable();
        seen.dedup();
        orders[c] = seen.len() as u32;
    }
    // Only lines with a customer are asked (they come from `customer_lines`).
    let is_test = |l: usize| {
        let c = lines.customer[l] as usize;
        orders[c] > 1 && lines.order[l] == last[c]
    };
    let [train, test] = Interactions::from_lines(data, |l| usize::from(is_test(l)))?;
    Ok(Split {
        train,
        test,
        kind: SplitKind::LastOrder,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    fn data() -> Dataset {
        let csv = "customer,order,date,product\n\
            a,1,2024-01-01,x\na,1,2024-01-01,y\na,2,2024-01-05,x\na,2,2024-01-05,z\n\
            b,3,2024-01-02,y\n\
            c,4,2024-01-03,z\nc,5,2024-01-01,x\n";
        ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset
    }

    #[test]
    fn counts_lines_per_customer_and_product() {
        let d = data();
        let m = Interactions::from_dataset(&d).unwrap();
        assert_eq!(m.len(), 3);
        assert_eq!(m.items, 3);
        // a: x twice, y, z.
        assert_eq!(m.row(0), (&[0, 1, 2][..], &[2.0, 1.0, 1.0][..]));
        assert_eq!(m.pairs(), 3 + 1 + 2);
        // Seven lines, one of them a's second x.
        assert_eq!(m.repeat_share(), 1.0 / 7.0);
    }

    #[test]
    fn last_order_is_held_out_by_time_not_by_file_order() {
        let d = data();
        let s = last_order_split(&d).unwrap();
        assert_eq!(s.train.users, s.test.users);
        // a: order 2 (Jan 5) is the test; x stays in train from order 1.
        assert_eq!(s.train.row(0).0, &[0, 1]);
        assert_eq!(s.test.row(0).0, &[0, 2]);
        // b has one order: all train, no test.
        assert_eq!(s.test.row(1).0, &[] as &[u32]);
        // c: order 4 (Jan 3) is later than order 5 (Jan 1) although it comes first in the file.
        assert_eq!(s.train.row(2).0, &[0]);
        assert_eq!(s.test.row(2).0, &[2]);
    }

    #[test]
    fn random_split_is_seeded_and_complete() {
        let m = Interactions::from_dataset(&data()).unwrap();
        let a = random_split(&m, 0.5, 7).unwrap();
        let b = random_split(&m, 0.5, 7).unwrap();
        assert_eq!(a.train, b.train);
        assert_eq!(a.train.pairs() + a.test.pairs(), m.pairs());
        assert!(random_split(&m, 1.0, 7).is_err());
    }
}
