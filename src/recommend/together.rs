//! "Frequently bought together": for a product or a cart, the other products most often in the same
//! baskets, kept only where they co-occur more than chance would have them (lift above 1).

use crate::error::{Error, ErrorCode, Result};
use crate::ingest::Csr;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TogetherParams {
    pub n: usize,
    /// Baskets a product must share with the cart to be listed.
    pub min_count: u64,
}

impl Default for TogetherParams {
    fn default() -> Self {
        TogetherParams {
            n: 10,
            min_count: 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Together {
    pub item: u32,
    /// Baskets holding a cart item and this one.
    pub count: u64,
    /// Share of the cart's baskets that hold it.
    pub confidence: f64,
    /// Confidence over the share of all baskets that hold it.
    pub lift: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TogetherList {
    /// Baskets holding at least one cart item.
    pub cart_baskets: u64,
    pub items: Vec<Together>,
}

/// Products bought with any of `cart` (ids of `baskets`' items, below `items`), most frequent first.
pub fn bought_together(
    baskets: &Csr,
    items: usize,
    cart: &[u32],
    params: &TogetherParams,
) -> Result<TogetherList> {
    if cart.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "name at least one product",
        ));
    }
    if params.n == 0 || params.min_count == 0 {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "n and minCount must be at least 1",
        ));
    }
    let mut with_cart = vec![0u64; items];
    let mut anywhere = vec![0u64; items];
    let (mut cart_baskets, mut total) = (0u64, 0u64);
    for b in 0..baskets.rows() {
        let row = baskets.row(b);
        if row.is_empty() {
            continue;
        }
        total += 1;
        for &i in row {
            anywhere[i as usize] += 1;
        }
        // Rows are sorted: a binary search per cart item.
        if cart.iter().any(|c| row.binary_search(c).is_ok()) {
            cart_baskets += 1;
            for &i in row {
                with_cart[i as usize] += 1;
            }
        }
    }
    let mut list: Vec<Together> = (0..items as u32)
        .filter(|i| !cart.contains(i) && with_cart[*i as usize] >= params.min_count)
        .map(|i| {
            let count = with_cart[i as usize];
            let confidence = count as f64 / cart_baskets as f64;
            Together {
                item: i,
                count,
                confidence,
                lift: confidence / (anywhere[i as usize] as f64 / total as f64),
            }
        })
        .filter(|t| t.lift > 1.0)
        .collect();
    crate::order::sort_by(&mut list, &|a, b| {
        b.count
            .cmp(&a.count)
            .then(b.lift.total_cmp(&a.lift))
            .then(a.item.cmp(&b.item))
    });
    list.truncate(params.n);
    Ok(TogetherList {
        cart_baskets,
        items: list,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_co_occurrence_and_drops_what_chance_explains() {
        // Item 0 = pasta, 1 = sauce, 2 = milk (in every basket), 3 = rare.
        let rows = [
            vec![0, 1, 2],
            vec![0, 1, 2],
            vec![0, 2, 3],
            vec![2],
            vec![1, 2],
            vec![2, 3],
        ];
        let baskets = Csr::group(
            rows.len(),
            rows.iter()
                .enumerate()
                .flat_map(|(b, r)| r.iter().map(move |&i| (b as u32, i))),
        );
        let t = bought_together(&baskets, 4, &[0], &TogetherParams::default()).unwrap();
        assert_eq!(t.cart_baskets, 3);
        // Sauce: 2 of 3 pasta baskets, in 3 of 6 baskets overall: lift (2/3)/(1/2).
        assert_eq!(
            t.items.len(),
            1,
            "milk has lift 1, item 3 only one shared basket"
        );
        assert_eq!(t.items[0].item, 1);
        assert!((t.items[0].lift - 4.0 / 3.0).abs() < 1e-12);
        assert!(bought_together(&baskets, 4, &[], &TogetherParams::default()).is_err());
    }
}
