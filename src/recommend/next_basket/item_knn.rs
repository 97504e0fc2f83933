//! Discovery by item-item kNN: items similar to what the customer buys (`recommend::knn`, over the number of
//! training baskets containing each item), scores divided by the item's popularity to a power, so that the
//! items everyone buys (which a discovery list would otherwise be made of) give way to the ones that
//! go with this customer's basket. Items already bought are never listed; too few candidates are topped up
//! with popularity.

use super::baselines::Popularity;
use super::history::Histories;
use super::{Because, Recommendation, Task};
use crate::analysis::Params;
use crate::dataset::Csr;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use crate::recommend::interactions::Interactions;
use crate::recommend::knn::{ItemKnn, ItemKnnParams, Weighting};
use crate::recommend::scores::Scores;
use serde::{Deserialize, Serialize};

/// Defaults: TF-IDF similarities, 100 neighbours per item, no damping: the best of the settings tried on
/// complete_journey's validation baskets, where it still only matches popularity on new items (damping
/// lifts rare items that co-occur by chance), so `auto` does not offer it; it is here to be compared.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ItemKnnDiscoveryParams {
    pub weighting: Weighting,
    /// Most similar items kept per item.
    pub neighbours: usize,
    /// Exponent of the popularity (baskets containing the item) each score is divided by, in [0, 2];
    /// 0 = no damping.
    pub damping: f64,
}

impl Default for ItemKnnDiscoveryParams {
    fn default() -> Self {
        ItemKnnDiscoveryParams {
            weighting: Weighting::TfIdf,
            neighbours: 100,
            damping: 0.0,
        }
    }
}

/// A fitted discovery item-kNN.
#[derive(Debug, Clone)]
pub struct ItemKnnDiscovery {
    knn: ItemKnn,
    damping: f64,
}

impl ItemKnnDiscoveryParams {
    pub fn fit(&self, train: &Histories, progress: &mut dyn Progress) -> Result<ItemKnnDiscovery> {
        if !(0.0..=2.0).contains(&self.damping) {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "damping = {}: use an exponent between 0 (none) and 2, e.g. 0.2",
                    self.damping
                ),
            ));
        }
        let params = ItemKnnParams {
            neighbours: self.neighbours,
            weighting: self.weighting,
            ..Default::default()
        };
        params.validate()?;
        let knn = params.fit(&interactions(train), progress)?;
        Ok(ItemKnnDiscovery {
            knn,
            damping: self.damping,
        })
    }
}

/// The training histories as a customer x item matrix of basket counts.
fn interactions(train: &Histories) -> Interactions {
    let mut m = Interactions {
        users: train.customers.clone(),
        items: train.items,
        rows: Csr {
            offsets: vec![0],
            items: Vec::new(),
        },
        counts: Vec::new(),
    };
    for r in 0..train.len() {
        for (i, c) in train.basket_counts(r) {
            m.rows.items.push(i);
            m.counts.push(c as f32);
        }
        m.rows.offsets.push(m.rows.items.len() as u32);
    }
    m
}

impl ItemKnnDiscovery {
    /// The `n` best items row `r` has not bought, each explained by the bought item that adds most to it.
    /// With repeats allowed (`Task::NextBasket`) the list is the same: this model is for discovery.
    pub fn recommend(
        &self,
        train: &Histories,
        popularity: &Popularity,
        r: usize,
        n: usize,
        _task: Task,
        acc: &mut Scores,
    ) -> Vec<Recommendation> {
        let own = train.basket_counts(r);
        let items: Vec<u32> = own.iter().map(|&(i, _)| i).collect();
        let counts: Vec<f32> = own.iter().map(|&(_, c)| c as f32).collect();
        self.knn.score(&items, &counts, acc);
        // Damping changes the order, so every candidate is rescored before the cut.
        let touched: Vec<u32> = acc.touched().to_vec();
        let mut scored: Vec<(u32, f64)> = touched
            .iter()
            .filter(|i| items.binary_search(i).is_err())
            .map(|&i| {
                let pop = f64::from(popularity.count(i)).max(1.0);
                (i, f64::from(acc.get(i)) / pop.powf(self.damping))
            })
            .collect();
        acc.take_top(0, &[]);
        crate::sorting::best_first(&mut scored, n);
        let mut list: Vec<Recommendation> = scored
            .into_iter()
            .map(|(item, score)| Recommendation {
                item,
                score,
                because: match self.knn.explain(&items, &counts, item, 1).first() {
                    Some(&(with, _)) => Because::BoughtWith { item: with },
                    None => Because::Popular,
                },
            })
            .collect();
        popularity.fill(&mut list, n, &items);
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    #[test]
    fn lists_only_items_not_bought_and_refuses_bad_damping() {
        // Rows 0 and 1 both buy 0 with 1; row 2 buys 0 only, so 1 goes with what it buys.
        let baskets: [&[u32]; 4] = [&[0, 1], &[0, 1, 2], &[0], &[3]];
        let b = Csr::from_rows(&baskets);
        let h = Histories {
            customers: vec![0, 1, 2],
            items: 4,
            baskets: b,
            time: vec![0; 4],
            customer_baskets: Csr {
                offsets: vec![0, 1, 2, 4],
                items: vec![0, 1, 2, 3],
            },
        };
        let m = ItemKnnDiscoveryParams::default()
            .fit(&h, &mut Silent)
            .unwrap();
        let pop = Popularity::fit(&h);
        let list = m.recommend(&h, &pop, 2, 2, Task::Discovery, &mut Scores::new(4));
        assert_eq!(list[0].item, 1);
        assert_eq!(list[0].because, Because::BoughtWith { item: 0 });
        assert!(list.iter().all(|r| r.item != 0 && r.item != 3));
        let bad = ItemKnnDiscoveryParams {
            damping: f64::NAN,
            ..Default::default()
        };
        assert_eq!(
            bad.fit(&h, &mut Silent).unwrap_err().code,
            ErrorCode::InvalidOption
        );
    }
}
