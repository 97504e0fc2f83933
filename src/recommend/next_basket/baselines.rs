//! The baselines every next-basket model is compared with (Li et al. 2021, "A next basket recommendation
//! reality check"): popularity, the customer's own most frequent items (P-TopFreq) and the two combined
//! (GP-TopFreq).

use super::history::Histories;
use super::{repeat_reason, Because, Recommendation, Task};

/// Items by number of training baskets containing them.
#[derive(Debug, Clone, PartialEq)]
pub struct Popularity {
    /// Per item: baskets containing it.
    pub baskets: Vec<u32>,
    /// Items in at least one basket, most frequent first (ties: lower id first).
    pub ranked: Vec<u32>,
}

impl Popularity {
    pub fn fit(train: &Histories) -> Popularity {
        let mut baskets = vec![0u32; train.items];
        for r in 0..train.len() {
            for &b in train.baskets_of(r) {
                for &i in train.basket(b) {
                    if let Some(n) = baskets.get_mut(i as usize) {
                        *n += 1;
                    }
                }
            }
        }
        let mut order: Vec<(u32, f64)> = (0..baskets.len() as u32)
            .filter(|&i| baskets[i as usize] > 0)
            .map(|i| (i, f64::from(baskets[i as usize])))
            .collect();
        crate::sorting::best_first(&mut order, usize::MAX);
        Popularity {
            baskets,
            ranked: order.into_iter().map(|(i, _)| i).collect(),
        }
    }

    /// Baskets containing `item` (0 for an unknown item).
    pub fn count(&self, item: u32) -> u32 {
        self.baskets.get(item as usize).copied().unwrap_or(0)
    }

    /// The `n` most popular items not in `skip` (sorted) and not already in `list`, appended to `list`.
    pub fn fill(&self, list: &mut Vec<Recommendation>, n: usize, skip: &[u32]) {
        for &i in &self.ranked {
            if list.len() >= n {
                break;
            }
            if skip.binary_search(&i).is_ok() || list.iter().any(|r| r.item == i) {
                continue;
            }
            list.push(Recommendation {
                item: i,
                score: f64::from(self.count(i)),
                because: Because::Popular,
            });
        }
    }

    /// The `n` most popular items; for discovery, only items row `r` has not bought.
    pub fn recommend(
        &self,
        train: &Histories,
        r: usize,
        n: usize,
        task: Task,
    ) -> Vec<Recommendation> {
        let skip = match task {
            Task::NextBasket => Vec::new(),
            Task::Discovery => train.bought(r),
        };
        let mut list = Vec::with_capacity(n);
        self.fill(&mut list, n, &skip);
        list
    }
}

/// P-TopFreq: the items row `r` bought in the most baskets (ties: more popular first, then lower id),
/// scored by that number of baskets. For discovery it has nothing to offer (every item it knows is bought).
pub fn p_top_freq(
    train: &Histories,
    popularity: &Popularity,
    r: usize,
    n: usize,
    task: Task,
) -> Vec<Recommendation> {
    if task == Task::Discovery {
        return Vec::new();
    }
    let mut own: Vec<(u32, f64)> = train
        .basket_counts(r)
        .into_iter()
        .map(|(i, c)| (i, f64::from(c)))
        .collect();
    crate::sorting::sort_by(&mut own, &|a, b| {
        b.1.total_cmp(&a.1)
            .then(popularity.count(b.0).cmp(&popularity.count(a.0)))
            .then(a.0.cmp(&b.0))
    });
    own.truncate(n);
    own.into_iter()
        .map(|(item, score)| Recommendation {
            item,
            score,
            because: repeat_reason(train, r, item),
        })
        .collect()
}

/// GP-TopFreq: P-TopFreq, topped up with the most popular items not in it. For discovery this is
/// popularity over the items not bought.
pub fn gp_top_freq(
    train: &Histories,
    popularity: &Popularity,
    r: usize,
    n: usize,
    task: Task,
) -> Vec<Recommendation> {
    let mut list = p_top_freq(train, popularity, r, n, task);
    let skip = match task {
        Task::NextBasket => Vec::new(),
        Task::Discovery => train.bought(r),
    };
    popularity.fill(&mut list, n, &skip);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Csr;

    /// Two customers: row 0 baskets {0,1}, {0,2}, {0}; row 1 baskets {1,3}, {1}.
    pub(crate) fn toy() -> Histories {
        let baskets = [vec![0, 1], vec![0, 2], vec![0], vec![1, 3], vec![1]];
        let b = Csr::from_rows(&baskets);
        Histories {
            customers: vec![0, 1],
            items: 5,
            baskets: b,
            time: vec![0, 86_400 * 7, 86_400 * 14, 0, 86_400],
            customer_baskets: Csr {
                offsets: vec![0, 3, 5],
                items: vec![0, 1, 2, 3, 4],
            },
        }
    }

    #[test]
    fn baselines_rank_by_baskets_then_popularity_then_id() {
        let h = toy();
        let p = Popularity::fit(&h);
        assert_eq!(p.baskets, vec![3, 3, 1, 1, 0]);
        assert_eq!(p.ranked, vec![0, 1, 2, 3]);
        let items = |l: Vec<Recommendation>| l.into_iter().map(|r| r.item).collect::<Vec<_>>();
        assert_eq!(
            items(p_top_freq(&h, &p, 0, 10, Task::NextBasket)),
            vec![0, 1, 2]
        );
        assert_eq!(
            items(p_top_freq(&h, &p, 1, 10, Task::NextBasket)),
            vec![1, 3]
        );
        assert_eq!(
            items(gp_top_freq(&h, &p, 1, 3, Task::NextBasket)),
            vec![1, 3, 0]
        );
        assert_eq!(items(gp_top_freq(&h, &p, 0, 10, Task::Discovery)), vec![3]);
        assert!(p_top_freq(&h, &p, 0, 10, Task::Discovery).is_empty());
        assert_eq!(items(p.recommend(&h, 1, 2, Task::Discovery)), vec![0, 2]);
        let first = &p_top_freq(&h, &p, 0, 1, Task::NextBasket)[0];
        assert_eq!(
            first.because,
            Because::Repeat {
                baskets: 3,
                every_days: Some(7.0)
            }
        );
    }
}
