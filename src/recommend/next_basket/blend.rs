//! Discovery from what the customer buys and what products are: each product the customer has not bought
//! gets a collaborative score (TIFU-KNN's neighbours' part: the mean vector of the customers who shop
//! alike) and a content score (the sum, over the products the customer bought, of the product's
//! TIFU-KNN weight, which grows with how often and how lately it was bought, times its content similarity
//! to the candidate, over each bought product's `neighbours` most similar products, times the candidate's
//! popularity to the power `popularityPower`, since most similar products are rarely bought by anyone and a
//! new item in a basket is most often a popular one). Each part is divided
//! by its largest value for the customer, and the blend is `contentWeight * content + (1 - contentWeight) *
//! collaborative`; a list short of candidates is topped up with popularity.

use super::baselines::Popularity;
use super::content::Content;
use super::history::Histories;
use super::tifu::{Acc, Tifu, TifuParams};
use super::{Because, Recommendation, Scratch};
use crate::analysis::Params;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

/// Defaults: TIFU-KNN's defaults, content weight 0.5, the 20 most similar products of each bought product,
/// content scores times popularity.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct BlendParams {
    pub tifu: TifuParams,
    /// Weight of the content score, in [0, 1]: 0 = collaborative only, 1 = content only.
    pub content_weight: f64,
    /// Most similar products used per bought product, at least 1 (at most what the content lists hold).
    pub neighbours: usize,
    /// Exponent of the candidate's popularity (training baskets containing it) the content score is
    /// multiplied by, in [0, 2]; 0 = similarity alone.
    pub popularity_power: f64,
}

impl Default for BlendParams {
    fn default() -> Self {
        BlendParams {
            tifu: TifuParams::default(),
            content_weight: 0.5,
            neighbours: 20,
            popularity_power: 1.0,
        }
    }
}

/// A fitted blend.
#[derive(Debug, Clone)]
pub struct Blend {
    tifu: Tifu,
    content: Content,
    content_weight: f64,
    neighbours: usize,
    /// Per item: its popularity to the power `popularity_power`, which its content score is multiplied by.
    weight: Vec<f64>,
}

impl BlendParams {
    pub fn fit(
        &self,
        train: &Histories,
        content: Option<&Content>,
        progress: &mut dyn Progress,
    ) -> Result<Blend> {
        self.fit_with(train, content, &mut || {
            self.tifu.clone().check()?.fit(train, progress)
        })
    }

    /// `fit`, with its TIFU-KNN (of `self.tifu`, on `train`) from `tifu`, after the settings are checked:
    /// `auto` hands over the one its TIFU-KNN candidate of the same settings fitted.
    pub fn fit_with(
        &self,
        train: &Histories,
        content: Option<&Content>,
        tifu: &mut dyn FnMut() -> Result<Tifu>,
    ) -> Result<Blend> {
        let invalid = |m: String| Err(Error::new(ErrorCode::InvalidOption, m));
        if !(0.0..=1.0).contains(&self.content_weight) {
            return invalid(format!(
                "contentWeight = {}: use a weight between 0 (customers who shop alike only) and 1 (similar \
                 products only), e.g. 0.5",
                self.content_weight
            ));
        }
        if self.neighbours == 0 {
            return invalid(
                "neighbours = 0: use at least 1 similar product per bought product, e.g. 20".into(),
            );
        }
        if !(0.0..=2.0).contains(&self.popularity_power) {
            return invalid(format!(
                "popularityPower = {}: use an exponent between 0 (similarity alone) and 2, e.g. 1",
                self.popularity_power
            ));
        }
        let Some(content) = content else {
            return invalid(
                "the blend of similar customers and similar products needs a products table (one row per \
                 product id with its category, type, brand or name); load one, or choose TIFU-KNN"
                    .into(),
            );
        };
        Ok(Blend {
            tifu: tifu()?,
            content: content.clone(),
            content_weight: self.content_weight,
            neighbours: self.neighbours,
            weight: Popularity::fit(train)
                .baskets
                .iter()
                .map(|&b| f64::from(b).powf(self.popularity_power))
                .collect(),
        })
    }
}

impl Blend {
    /// The `n` best products row `r` has not bought (ties: lower id), each explained by the larger part of
    /// its score: the bought product it is most like, or the customers who shop alike. The model is for
    /// discovery: with repeats allowed the list is the same.
    pub fn recommend(
        &self,
        popularity: &Popularity,
        r: usize,
        n: usize,
        scratch: &mut Scratch,
    ) -> Vec<Recommendation> {
        let own = self.tifu.vector(r);
        let Scratch {
            acc: collaborative,
            content,
            bought,
            ..
        } = scratch;
        for &(j, _) in &own {
            if let Some(b) = bought.get_mut(j as usize) {
                *b = true;
            }
        }
        let is_bought = |i: u32| bought.get(i as usize).copied().unwrap_or(true);
        self.tifu.add_neighbour_scores(r, collaborative);
        for &(j, w) in &own {
            for &(i, s) in self.content.of(j).iter().take(self.neighbours) {
                let weight = self.weight.get(i as usize).copied().unwrap_or(0.0);
                content.add(i, w * f64::from(s) * weight);
            }
        }
        let top = |acc: &Acc| {
            acc.touched()
                .iter()
                .filter(|&&i| !is_bought(i))
                .map(|&i| acc.get(i))
                .fold(0.0, f64::max)
        };
        let wc = self.content_weight;
        let share = |top: f64, weight: f64| if top > 0.0 { weight / top } else { 0.0 };
        let (kc, kk) = (share(top(content), wc), share(top(collaborative), 1.0 - wc));
        let split = |i: u32| (kc * content.get(i), kk * collaborative.get(i));
        // Every unbought item either part touched, once, by its score.
        let mut scored: Vec<(u32, f64)> = collaborative
            .touched()
            .iter()
            .chain(
                content
                    .touched()
                    .iter()
                    .filter(|&&i| collaborative.get(i) == 0.0),
            )
            .filter(|&&i| !is_bought(i))
            .map(|&i| {
                let (c, k) = split(i);
                (i, c + k)
            })
            .filter(|e| e.1 > 0.0)
            .collect();
        crate::sorting::best_first(&mut scored, n);
        let parts: Vec<(u32, f64, f64)> = scored
            .iter()
            .map(|&(i, _)| {
                let (c, k) = split(i);
                (i, c, k)
            })
            .collect();
        collaborative.clear();
        content.clear();
        for &(j, _) in &own {
            if let Some(b) = bought.get_mut(j as usize) {
                *b = false;
            }
        }
        let mut list: Vec<Recommendation> = parts
            .into_iter()
            .map(|(item, c, k)| Recommendation {
                item,
                score: c + k,
                because: match (c >= k).then(|| self.most_like(&own, item)).flatten() {
                    Some(like) => Because::LikeBought { item: like },
                    None => Because::SimilarCustomers,
                },
            })
            .collect();
        let skip: Vec<u32> = own.iter().map(|e| e.0).collect();
        popularity.fill(&mut list, n, &skip);
        list
    }

    /// `item`'s similarity in `j`'s list of similar products as the blend uses it (its first `neighbours`).
    fn similarity_in_list_of(&self, j: u32, item: u32) -> Option<f64> {
        self.content
            .of(j)
            .iter()
            .take(self.neighbours)
            .find(|e| e.0 == item)
            .map(|&(_, s)| f64::from(s))
    }

    /// The bought product adding most to `item`'s content score (ties: lower id). Similar products are
    /// mostly similar both ways, so `item`'s own list is looked through first, every bought product's only
    /// when that finds none.
    fn most_like(&self, own: &[(u32, f64)], item: u32) -> Option<u32> {
        let mut best: Option<(u32, f64)> = None;
        for &(j, _) in self.content.of(item).iter().take(self.neighbours) {
            let Ok(at) = own.binary_search_by_key(&j, |e| e.0) else {
                continue;
            };
            let w = own.get(at).map_or(0.0, |e| e.1);
            if let Some(s) = self.similarity_in_list_of(j, item) {
                let v = w * s;
                if best.is_none_or(|(b, bv)| v > bv || (v == bv && j < b)) {
                    best = Some((j, v));
                }
            }
        }
        if best.is_some() {
            return best.map(|(j, _)| j);
        }
        for &(j, w) in own {
            if let Some(s) = self.similarity_in_list_of(j, item) {
                let v = w * s;
                if best.is_none_or(|(_, b)| v > b) {
                    best = Some((j, v));
                }
            }
        }
        best.map(|(j, _)| j)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::table::{KeyedTable, TextColumn};
    use crate::dataset::{Csr, Interner};
    use crate::progress::Silent;
    use crate::recommend::next_basket::ContentParams;

    #[test]
    fn content_picks_say_which_bought_product_they_are_like() {
        // Row 0 buys 0; row 1 buys 0 and 1; row 2 buys 2. Product 3 is another milk, like 0.
        let baskets: [&[u32]; 3] = [&[0], &[0, 1], &[2]];
        let b = Csr::from_rows(&baskets);
        let h = Histories {
            customers: vec![0, 1, 2],
            items: 5,
            baskets: b,
            time: vec![0; 3],
            customer_baskets: Csr {
                offsets: vec![0, 1, 2, 3],
                items: vec![0, 1, 2],
            },
        };
        let mut products = Interner::default();
        for id in ["p0", "p1", "p2", "p3", "p4"] {
            products.intern(id);
        }
        let table = KeyedTable {
            id_column: "product_id".into(),
            ids: ["p0", "p1", "p2", "p3", "p4"].map(String::from).to_vec(),
            columns: vec![TextColumn {
                name: "name".into(),
                values: ["whole milk", "bread", "eggs", "skim milk", "soap"]
                    .map(String::from)
                    .to_vec(),
            }],
            duplicate_ids: 0,
            masked_columns: Vec::new(),
        };
        let content = Content::build(
            &table,
            &products,
            &ContentParams {
                max_share: 1.0,
                ..Default::default()
            },
            &mut Silent,
        )
        .unwrap();
        let pop = Popularity::fit(&h);
        let mut scratch = Scratch::new(5);
        let similar_only = BlendParams {
            content_weight: 1.0,
            popularity_power: 0.0,
            ..Default::default()
        };
        let m = similar_only.fit(&h, Some(&content), &mut Silent).unwrap();
        let list = m.recommend(&pop, 0, 3, &mut scratch);
        assert_eq!(list[0].item, 3);
        assert_eq!(list[0].because, Because::LikeBought { item: 0 });
        assert!(list.iter().all(|r| r.item != 0));
        assert_eq!(list.len(), 3);
        let customers_only = BlendParams {
            content_weight: 0.0,
            ..similar_only.clone()
        };
        let m = customers_only.fit(&h, Some(&content), &mut Silent).unwrap();
        let list = m.recommend(&pop, 0, 1, &mut scratch);
        assert_eq!(list[0].item, 1);
        assert_eq!(list[0].because, Because::SimilarCustomers);
        for bad in [
            BlendParams {
                content_weight: 1.5,
                ..Default::default()
            },
            BlendParams {
                neighbours: 0,
                ..Default::default()
            },
            BlendParams {
                popularity_power: -1.0,
                ..Default::default()
            },
        ] {
            let e = bad.fit(&h, Some(&content), &mut Silent).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOption);
            assert!(e.message.contains("e.g."), "{}", e.message);
        }
        let e = BlendParams::default()
            .fit(&h, None, &mut Silent)
            .unwrap_err();
        assert!(e.message.contains("products table"));
    }
}
