//! TIFU-KNN (Hu, He, Gao, Zhang, SIGIR 2020, "Modeling personalized item frequency information for
//! next-basket recommendation"): a customer is a vector of time-decayed item frequencies, and the next
//! basket is predicted from that vector blended with the mean vector of the customers nearest to it.
//!
//! The user vector follows the authors' reference code (github.com/HaojiHu/TIFUKNN), which is what their
//! published results come from, where it is more specific than the paper:
//! - the n baskets (oldest first, as 0/1 item vectors) are weighted `within_decay^(n - 1 - j)`, by the
//!   distance of basket j from the customer's latest basket over the whole history;
//! - they are cut, oldest first, into `groups` consecutive groups of near-equal size, the later groups one
//!   basket larger where n is not a multiple (`n % groups` of them); with fewer than `groups` baskets each
//!   basket is a group of its own;
//! - a group's vector is the mean of its weighted baskets; the user vector is
//!   `sum_g group_decay^(groups - 1 - g) * group_g / G`, G the number of groups actually formed.
//!
//! The prediction is `alpha * own + (1 - alpha) * mean of the k nearest customers' vectors`. Neighbours are
//! the other customers (never the customer itself), nearest by euclidean distance (the paper) or by
//! cosine, ties to the lower row. Distances come from sparse dot products over an item -> customers index:
//! ||a - b||^2 = ||a||^2 + ||b||^2 - 2 a.b, so the search costs the sum over items of (buyers)^2, not
//! customers^2 x items.

use super::history::Histories;
use super::{repeat_reason, Because, Recommendation, Task};
use crate::analysis::{Checked, Params};
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Distance {
    Euclidean,
    Cosine,
}

/// TIFU-KNN's settings. Defaults: 30 groups, no decay within the history (r_b 1), group decay 0.9, the 50
/// nearest customers by cosine, alpha 0.5: on complete_journey's validation baskets (each household's
/// second-to-last) the best of the settings tried, the authors' Dunnhumby settings (3 groups, r_b 0.9,
/// r_g 0.6, k 900, alpha 0.2) included; a year of weekly grocery trips is long, and the cosine of long
/// frequency vectors finds households of the same habits better than their distance does.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TifuParams {
    /// Number of groups the baskets are cut into (the paper's m in the reference code's sense).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub groups: usize,
    /// Decay per basket of distance from the latest basket (r_b), in (0, 1].
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub within_decay: f64,
    /// Decay per group of distance from the latest group (r_g), in (0, 1].
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub group_decay: f64,
    /// Nearest customers averaged (k).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub neighbours: usize,
    /// Weight of the customer's own vector against the neighbours' mean, in [0, 1].
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub alpha: f64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub distance: Distance,
}

impl Default for TifuParams {
    fn default() -> Self {
        TifuParams {
            groups: 30,
            within_decay: 1.0,
            group_decay: 0.9,
            neighbours: 50,
            alpha: 0.5,
            distance: Distance::Cosine,
        }
    }
}

/// The most groups accepted: more than any history has baskets would only repeat the one-group-per-basket
/// case, and the decay's exponent must stay finite.
const MAX_GROUPS: usize = 10_000;

impl Params for TifuParams {
    fn validate(&self) -> Result<()> {
        let invalid = |m: String| Err(Error::new(ErrorCode::InvalidOption, m));
        if self.groups == 0 || self.groups > MAX_GROUPS {
            return invalid(format!(
                "groups = {}: cut the baskets into between 1 and {MAX_GROUPS} groups, e.g. 7",
                self.groups
            ));
        }
        for (name, v) in [
            ("withinDecay", self.within_decay),
            ("groupDecay", self.group_decay),
        ] {
            if !(v > 0.0 && v <= 1.0) {
                return invalid(format!(
                    "{name} = {v}: use a decay above 0 and at most 1 (1 = no decay), e.g. 0.9"
                ));
            }
        }
        if self.neighbours == 0 {
            return invalid("neighbours = 0: average at least 1 nearest customer, e.g. 300".into());
        }
        if !(0.0..=1.0).contains(&self.alpha) {
            return invalid(format!(
                "alpha = {}: use a weight between 0 (neighbours only) and 1 (own history only), e.g. 0.7",
                self.alpha
            ));
        }
        Ok(())
    }
}

/// Sparse rows of (item, weight), sorted by item.
#[derive(Debug, Clone, PartialEq, Default)]
struct Rows {
    offsets: Vec<usize>,
    entries: Vec<(u32, f64)>,
}

impl Rows {
    fn row(&self, r: usize) -> &[(u32, f64)] {
        match (self.offsets.get(r), self.offsets.get(r + 1)) {
            (Some(&a), Some(&b)) => self.entries.get(a..b).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// A fitted TIFU-KNN: every customer's vector and nearest customers.
#[derive(Debug, Clone, PartialEq)]
pub struct Tifu {
    params: Checked<TifuParams>,
    /// Customers' vectors over item slots: items renumbered by how many customers have them, most first,
    /// so that the slots the neighbour sums touch most share cache lines.
    vectors: Rows,
    /// The item of each slot, and the slot of each item.
    item_of: Vec<u32>,
    slot_of: Vec<u32>,
    /// Per row: its neighbours' rows, nearest first.
    neighbours: Vec<Vec<u32>>,
}

/// A dense accumulator of positive values with the list of entries touched, so that clearing costs
/// O(touched).
pub struct Acc {
    values: Vec<f64>,
    touched: Vec<u32>,
}

impl Acc {
    pub fn new(n: usize) -> Acc {
        Acc {
            values: vec![0.0; n],
            touched: Vec::new(),
        }
    }

    /// Adds `v` to entry `i`; a value that is not above 0 (or NaN) is left out, so an entry above 0 is
    /// listed once.
    pub(super) fn add(&mut self, i: u32, v: f64) {
        if v > 0.0 {
            if let Some(x) = self.values.get_mut(i as usize) {
                if *x == 0.0 {
                    self.touched.push(i);
                }
                *x += v;
            }
        }
    }

    /// Entry `i`'s value (0 if never added to).
    pub(super) fn get(&self, i: u32) -> f64 {
        self.values.get(i as usize).copied().unwrap_or(0.0)
    }

    /// The entries above 0, in the order first added to.
    pub(super) fn touched(&self) -> &[u32] {
        &self.touched
    }

    /// Sets every touched entry back to 0.
    pub(super) fn clear(&mut self) {
        for &i in &self.touched {
            if let Some(x) = self.values.get_mut(i as usize) {
                *x = 0.0;
            }
        }
        self.touched.clear();
    }

    /// The touched entries and their values, sorted by index, then clears.
    fn drain_sorted(&mut self, out: &mut Vec<(u32, f64)>) {
        self.touched.sort_unstable();
        out.clear();
        for &i in &self.touched {
            if let Some(x) = self.values.get_mut(i as usize) {
                out.push((i, std::mem::take(x)));
            }
        }
        self.touched.clear();
    }
}

/// How often (in customers) the loops report progress.
const REPORT_EVERY: usize = 64;

fn report(progress: &mut dyn Progress, stage: &str, done: usize, total: usize) -> Result<()> {
    if done % REPORT_EVERY == 0 && !progress.update(stage, done as f64 / total.max(1) as f64) {
        return Err(Error::cancelled());
    }
    Ok(())
}

/// Only checked settings fit a model.
impl Checked<TifuParams> {
    /// The user vector of row `r` of `train` (sorted by item), into `out`.
    fn user_vector(&self, train: &Histories, r: usize, acc: &mut Acc, out: &mut Vec<(u32, f64)>) {
        let baskets = train.baskets_of(r);
        let n = baskets.len();
        let g = self.groups;
        // Group sizes, oldest first.
        let sizes: Vec<usize> = if n < g {
            vec![1; n]
        } else {
            let base = n / g;
            let extra = n % g;
            (0..g).map(|i| base + usize::from(i >= g - extra)).collect()
        };
        let formed = sizes.len().max(1) as f64;
        let mut j = 0usize;
        for (gi, &size) in sizes.iter().enumerate() {
            let group_weight = self.group_decay.powi((g - 1 - gi) as i32) / formed / size as f64;
            for &b in baskets.get(j..j + size).unwrap_or(&[]) {
                let w = self.within_decay.powi((n - 1 - j) as i32) * group_weight;
                for &i in train.basket(b) {
                    acc.add(i, w);
                }
                j += 1;
            }
        }
        acc.drain_sorted(out);
    }

    pub fn fit(&self, train: &Histories, progress: &mut dyn Progress) -> Result<Tifu> {
        let users = train.len();
        let mut acc = Acc::new(train.items);
        let mut vectors = Rows {
            offsets: vec![0],
            entries: Vec::new(),
        };
        let mut row = Vec::new();
        for r in 0..users {
            report(progress, "next basket: customer vectors", r, users)?;
            self.user_vector(train, r, &mut acc, &mut row);
            vectors.entries.extend_from_slice(&row);
            vectors.offsets.push(vectors.entries.len());
        }
        let mut customers_with = vec![0u32; train.items];
        for &(i, _) in &vectors.entries {
            if let Some(n) = customers_with.get_mut(i as usize) {
                *n += 1;
            }
        }
        let mut by_customers: Vec<(u32, f64)> = (0..train.items as u32)
            .map(|i| {
                (
                    i,
                    f64::from(customers_with.get(i as usize).copied().unwrap_or(0)),
                )
            })
            .collect();
        crate::sorting::best_first(&mut by_customers, usize::MAX);
        let item_of: Vec<u32> = by_customers.into_iter().map(|(i, _)| i).collect();
        let mut slot_of = vec![0u32; train.items];
        for (slot, &i) in item_of.iter().enumerate() {
            if let Some(s) = slot_of.get_mut(i as usize) {
                *s = slot as u32;
            }
        }
        for r in 0..users {
            let range = vectors.offsets.get(r).copied().unwrap_or(0)
                ..vectors.offsets.get(r + 1).copied().unwrap_or(0);
            if let Some(entries) = vectors.entries.get_mut(range) {
                for e in entries.iter_mut() {
                    e.0 = slot_of.get(e.0 as usize).copied().unwrap_or(0);
                }
                crate::sorting::by_id(entries);
            }
        }
        let neighbours = self.nearest(&vectors, users, train.items, progress)?;
        Ok(Tifu {
            params: self.clone(),
            vectors,
            item_of,
            slot_of,
            neighbours,
        })
    }

    /// Every row's `neighbours` nearest other rows.
    fn nearest(
        &self,
        vectors: &Rows,
        users: usize,
        items: usize,
        progress: &mut dyn Progress,
    ) -> Result<Vec<Vec<u32>>> {
        // Item -> (row, weight) postings.
        let mut starts = vec![0usize; items + 1];
        for &(i, _) in &vectors.entries {
            if let Some(s) = starts.get_mut(i as usize + 1) {
                *s += 1;
            }
        }
        for i in 0..items {
            starts[i + 1] += starts[i];
        }
        let mut fill = starts.clone();
        let mut postings = vec![(0u32, 0.0f64); vectors.entries.len()];
        for r in 0..users {
            for &(i, w) in vectors.row(r) {
                if let Some(slot) = fill.get_mut(i as usize) {
                    if let Some(p) = postings.get_mut(*slot) {
                        *p = (r as u32, w);
                    }
                    *slot += 1;
                }
            }
        }
        let norms: Vec<f64> = (0..users)
            .map(|r| vectors.row(r).iter().map(|&(_, w)| w * w).sum())
            .collect();
        let k = self.neighbours.min(users.saturating_sub(1));
        let mut dots = vec![0.0f64; users];
        let mut keyed: Vec<(u32, f64)> = Vec::with_capacity(users);
        let mut out = Vec::with_capacity(users);
        for u in 0..users {
            report(progress, "next basket: nearest customers", u, users)?;
            for &(i, w) in vectors.row(u) {
                let range = starts.get(i as usize).copied().unwrap_or(0)
                    ..starts.get(i as usize + 1).copied().unwrap_or(0);
                for &(v, wv) in postings.get(range).unwrap_or(&[]) {
                    if let Some(d) = dots.get_mut(v as usize) {
                        *d += w * wv;
                    }
                }
            }
            keyed.clear();
            let nu = norms.get(u).copied().unwrap_or(0.0);
            for (v, (d, &nv)) in dots.iter_mut().zip(&norms).enumerate() {
                let dot = std::mem::take(d);
                if v == u {
                    continue;
                }
                // Smaller key = nearer; kept negated, so that the nearest rank first.
                let key = match self.distance {
                    Distance::Euclidean => (nu + nv - 2.0 * dot).max(0.0),
                    Distance::Cosine => {
                        let denominator = (nu * nv).sqrt();
                        if denominator > 0.0 {
                            -dot / denominator
                        } else {
                            0.0
                        }
                    }
                };
                keyed.push((v as u32, -key));
            }
            crate::sorting::best_first(&mut keyed, k);
            out.push(keyed.iter().map(|&(v, _)| v).collect());
        }
        Ok(out)
    }
}

impl Tifu {
    /// The settings it was fitted with.
    pub fn params(&self) -> &TifuParams {
        &self.params
    }

    /// The rows nearest to row `r`, nearest first.
    pub fn neighbours_of(&self, r: usize) -> &[u32] {
        self.neighbours.get(r).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The `n` best items for row `r` (ties: lower id first); for discovery only items not bought.
    pub fn recommend(
        &self,
        train: &Histories,
        r: usize,
        n: usize,
        task: Task,
        acc: &mut Acc,
    ) -> Vec<Recommendation> {
        let alpha = self.params.alpha;
        let own = self.vectors.row(r);
        let neighbours = self.neighbours_of(r);
        if !neighbours.is_empty() {
            let share = (1.0 - alpha) / neighbours.len() as f64;
            for &v in neighbours {
                for &(i, w) in self.vectors.row(v as usize) {
                    acc.add(i, w * share);
                }
            }
        }
        for &(i, w) in own {
            acc.add(i, alpha * w);
        }
        // (item, score), unsorted: only the best `n` are sorted. Every entry is above 0: own items with
        // alpha 0 and no neighbour never entered.
        let own_weight = |slot: u32| {
            own.binary_search_by_key(&slot, |&(j, _)| j)
                .ok()
                .and_then(|k| own.get(k))
                .map(|&(_, w)| w)
        };
        let mut scored: Vec<(u32, f64)> = Vec::with_capacity(acc.touched.len());
        for &slot in &acc.touched {
            // The own vector holds exactly the items bought (every weight is above 0).
            if task == Task::Discovery && own_weight(slot).is_some() {
                continue;
            }
            let total = acc.values.get(slot as usize).copied().unwrap_or(0.0);
            scored.push((
                self.item_of.get(slot as usize).copied().unwrap_or(slot),
                total,
            ));
        }
        acc.clear();
        crate::sorting::best_first(&mut scored, n);
        scored
            .into_iter()
            .map(|(item, score)| {
                let slot = self.slot_of.get(item as usize).copied().unwrap_or(item);
                let mine = alpha * own_weight(slot).unwrap_or(0.0);
                Recommendation {
                    item,
                    score,
                    because: if mine >= score - mine {
                        repeat_reason(train, r, item)
                    } else {
                        Because::SimilarCustomers
                    },
                }
            })
            .collect()
    }

    /// Adds the neighbours' mean vector for row `r` (the collaborative part of its scores, before the
    /// `1 - alpha` factor) to `acc`, by item.
    pub fn add_neighbour_scores(&self, r: usize, acc: &mut Acc) {
        let neighbours = self.neighbours_of(r);
        let share = 1.0 / neighbours.len().max(1) as f64;
        for &v in neighbours {
            for &(slot, w) in self.vectors.row(v as usize) {
                let i = self.item_of.get(slot as usize).copied().unwrap_or(slot);
                acc.add(i, w * share);
            }
        }
    }

    /// Row `r`'s vector, sorted by item.
    pub fn vector(&self, r: usize) -> Vec<(u32, f64)> {
        let mut v: Vec<(u32, f64)> = self
            .vectors
            .row(r)
            .iter()
            .map(|&(slot, w)| (self.item_of.get(slot as usize).copied().unwrap_or(slot), w))
            .collect();
        crate::sorting::by_id(&mut v);
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Csr;
    use crate::progress::Silent;

    fn histories(baskets_per_customer: &[&[&[u32]]]) -> Histories {
        let mut baskets = Csr {
            offsets: vec![0],
            items: Vec::new(),
        };
        let mut customer_baskets = Csr {
            offsets: vec![0],
            items: Vec::new(),
        };
        let mut time = Vec::new();
        for own in baskets_per_customer {
            for b in *own {
                customer_baskets.items.push(time.len() as u32);
                baskets.items.extend_from_slice(b);
                baskets.offsets.push(baskets.items.len() as u32);
                time.push(time.len() as i64 * 86_400);
            }
            customer_baskets
                .offsets
                .push(customer_baskets.items.len() as u32);
        }
        Histories {
            customers: (0..baskets_per_customer.len() as u32).collect(),
            items: 6,
            baskets,
            time,
            customer_baskets,
        }
    }

    #[test]
    fn user_vectors_follow_the_reference_grouping() {
        // 5 baskets in 2 groups: sizes 2 and 3 (the later group is the larger).
        let h = histories(&[&[&[0], &[1], &[2], &[3], &[4]]]);
        let p = TifuParams {
            groups: 2,
            within_decay: 0.5,
            group_decay: 0.25,
            ..Default::default()
        };
        let m = p.check().unwrap().fit(&h, &mut Silent).unwrap();
        let expect = [
            0.25 * 0.5f64.powi(4) / 2.0 / 2.0,
            0.25 * 0.5f64.powi(3) / 2.0 / 2.0,
            0.5f64.powi(2) / 3.0 / 2.0,
            0.5 / 3.0 / 2.0,
            1.0 / 3.0 / 2.0,
        ];
        for (&(i, w), e) in m.vector(0).iter().zip(expect) {
            assert!((w - e).abs() < 1e-15, "item {i}: {w} vs {e}");
        }
        // Fewer baskets than groups: one group per basket, decayed from `groups - 1`.
        let short = histories(&[&[&[0], &[1]]]);
        let three = TifuParams {
            groups: 3,
            within_decay: 1.0,
            group_decay: 0.5,
            ..Default::default()
        };
        let m = three.check().unwrap().fit(&short, &mut Silent).unwrap();
        assert_eq!(m.vector(0), vec![(0, 0.25 / 2.0), (1, 0.5 / 2.0)]);
    }

    #[test]
    fn neighbours_exclude_the_customer_and_blend_with_alpha() {
        let h = histories(&[&[&[0, 1]], &[&[0, 1, 2]], &[&[4, 5]]]);
        let p = TifuParams {
            neighbours: 1,
            alpha: 0.5,
            ..Default::default()
        };
        for distance in [Distance::Euclidean, Distance::Cosine] {
            let m = TifuParams {
                distance,
                ..p.clone()
            }
            .check()
            .unwrap()
            .fit(&h, &mut Silent)
            .unwrap();
            assert_eq!(m.neighbours_of(0), &[1]);
            assert_eq!(m.neighbours_of(1), &[0]);
            let mut acc = Acc::new(6);
            let top = m.recommend(&h, 0, 10, Task::NextBasket, &mut acc);
            let items: Vec<u32> = top.iter().map(|r| r.item).collect();
            assert_eq!(items, vec![0, 1, 2]);
            assert_eq!(top[2].because, Because::SimilarCustomers);
            let new = m.recommend(&h, 0, 10, Task::Discovery, &mut acc);
            assert_eq!(new.iter().map(|r| r.item).collect::<Vec<_>>(), vec![2]);
        }
    }

    #[test]
    fn more_neighbours_than_customers_and_one_customer_work() {
        let h = histories(&[&[&[0], &[1]]]);
        let m = TifuParams {
            neighbours: 50,
            ..Default::default()
        }
        .check()
        .unwrap()
        .fit(&h, &mut Silent)
        .unwrap();
        assert!(m.neighbours_of(0).is_empty());
        let top = m.recommend(&h, 0, 10, Task::NextBasket, &mut Acc::new(6));
        assert_eq!(top.len(), 2);
        assert_eq!(top[0].item, 1);
        let empty = histories(&[]);
        let m = TifuParams::default()
            .check()
            .unwrap()
            .fit(&empty, &mut Silent)
            .unwrap();
        assert!(m
            .recommend(&empty, 0, 10, Task::NextBasket, &mut Acc::new(6))
            .is_empty());
    }

    #[test]
    fn out_of_range_settings_are_refused_with_what_to_do() {
        let bad = [
            TifuParams {
                groups: 0,
                ..Default::default()
            },
            TifuParams {
                within_decay: f64::NAN,
                ..Default::default()
            },
            TifuParams {
                group_decay: 0.0,
                ..Default::default()
            },
            TifuParams {
                neighbours: 0,
                ..Default::default()
            },
            TifuParams {
                alpha: 1.5,
                ..Default::default()
            },
        ];
        for p in bad {
            let e = p.check().unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOption);
            assert!(e.message.contains("e.g."), "{}", e.message);
        }
        let unknown: std::result::Result<TifuParams, _> =
            serde_json::from_str(r#"{"neighbors": 3}"#);
        assert!(unknown.is_err());
    }

    #[test]
    fn cancelling_stops_the_fit() {
        let h = histories(&[&[&[0]], &[&[1]]]);
        let mut stop = |_: &str, _: f64| false;
        let e = TifuParams::default()
            .check()
            .unwrap()
            .fit(&h, &mut stop)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::Cancelled);
    }
}
