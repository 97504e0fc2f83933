//! "Frequently bought together": for a product or a cart, the other products most often in the same
//! baskets, kept only where they co-occur more than chance would have them (lift above 1).

use super::fitted::product_id;
use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::names::ProductNames;
use crate::dataset::{Csr, Dataset};
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TogetherParams {
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub n: usize,
    /// Baskets a product must share with the cart to be listed.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
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

impl Params for TogetherParams {
    fn validate(&self) -> Result<()> {
        if self.n == 0 || self.min_count == 0 {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "n and minCount must be at least 1",
            ));
        }
        Ok(())
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
    params: &Checked<TogetherParams>,
) -> Result<TogetherList> {
    if cart.is_empty() {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            "name at least one product",
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
    crate::sorting::sort_by(&mut list, &|a, b| {
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
        let t = bought_together(
            &baskets,
            4,
            &[0],
            &TogetherParams::default().check().unwrap(),
        )
        .unwrap();
        assert_eq!(t.cart_baskets, 3);
        // Sauce: 2 of 3 pasta baskets, in 3 of 6 baskets overall: lift (2/3)/(1/2).
        assert_eq!(
            t.items.len(),
            1,
            "milk has lift 1, item 3 only one shared basket"
        );
        assert_eq!(t.items[0].item, 1);
        assert!((t.items[0].lift - 4.0 / 3.0).abs() < 1e-12);
        assert!(bought_together(
            &baskets,
            4,
            &[],
            &TogetherParams::default().check().unwrap()
        )
        .is_err());
    }
}

/// A file, how its products are named now, and the cart: product ids as the file writes them.
#[derive(Clone, Copy)]
pub struct TogetherInput<'a> {
    pub data: &'a Dataset,
    pub names: &'a ProductNames,
    pub cart: &'a [String],
}

/// Products bought with a cart, by their ids and names.
pub struct BoughtTogether;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TogetherResult {
    pub cart_baskets: u64,
    /// The cart's products as shown: "Name (id)" where a name is known.
    pub cart_labels: Vec<String>,
    pub items: Vec<TogetherItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TogetherItem {
    pub product: String,
    pub name: Option<String>,
    /// "name (id)" where the file names the product, else its id (`product_label`).
    pub label: String,
    pub count: u64,
    pub confidence: f64,
    pub lift: f64,
}

impl Analysis for BoughtTogether {
    type Input<'a> = TogetherInput<'a>;
    type Params = TogetherParams;
    type Output = TogetherResult;

    /// Two counts per product.
    fn guard(_: TogetherInput<'_>, _: &Checked<TogetherParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        input: TogetherInput<'_>,
        params: &Checked<TogetherParams>,
        _: &mut dyn Progress,
    ) -> Result<TogetherResult> {
        let data = input.data;
        let cart = input
            .cart
            .iter()
            .map(|p| product_id(&data.products, input.names, p))
            .collect::<Result<Vec<u32>>>()?;
        let list = bought_together(&data.baskets, data.products.len(), &cart, params)?;
        let label = |p: u32| input.names.label(p, data.products.name(p));
        Ok(TogetherResult {
            cart_baskets: list.cart_baskets,
            cart_labels: cart.iter().map(|&p| label(p)).collect(),
            items: list
                .items
                .iter()
                .map(|t| TogetherItem {
                    product: data.products.name(t.item).to_owned(),
                    name: input.names.name(t.item).map(str::to_owned),
                    label: label(t.item),
                    count: t.count,
                    confidence: t.confidence,
                    lift: t.lift,
                })
                .collect(),
        })
    }

    fn export_csv(_: TogetherInput<'_>, result: &TogetherResult) -> String {
        let mut w = crate::csv_cell::CsvFile::new();
        w.row(["product_id", "product_name", "count", "confidence", "lift"]);
        for t in &result.items {
            w.row([
                crate::csv_cell::text(&t.product),
                crate::csv_cell::text(t.name.as_deref().unwrap_or("")),
                t.count.to_string(),
                format!("{:.4}", t.confidence),
                format!("{:.4}", t.lift),
            ]);
        }
        w.finish()
    }
}
