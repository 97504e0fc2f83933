//! The two analyses of association rules: `Mine` finds the frequent itemsets of a file's baskets once;
//! `Rules` makes rules from them with any filters, without mining again.

use super::baskets::{Baskets, Coverage};
use super::mining::{
    mine, rules, rules_csv, FrequentItemsets, MiningParams, NamedRule, Rule, RuleParams,
    SupportChoice,
};
use crate::analysis::{Analysis, Checked};
use crate::dataset::names::ProductNames;
use crate::dataset::table::KeyedTable;
use crate::dataset::Dataset;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::Serialize;

/// Frequent itemsets with the baskets they were found in (whose names the rules quote).
#[derive(Debug, Clone)]
pub struct Itemsets {
    pub baskets: Baskets,
    pub sets: FrequentItemsets,
    /// At attribute level (`itemColumn`): how many products and baskets had no value.
    pub coverage: Option<Coverage>,
}

/// What `rules` gives JS: the rules with item names, and the same as CSV.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct RulesResult<'a> {
    pub rules: Vec<NamedRule<'a>>,
    pub export_csv: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ItemsetSummary<'a> {
    pub baskets: u64,
    pub items: usize,
    pub min_support: f64,
    pub min_count: u64,
    pub support_chosen_by: SupportChoice,
    pub itemsets: usize,
    pub by_size: &'a [u64],
    pub coverage: Option<&'a Coverage>,
}

impl Itemsets {
    /// Mines `baskets` (from a file, or from lines of items).
    pub fn from_baskets(
        baskets: Baskets,
        coverage: Option<Coverage>,
        params: &Checked<MiningParams>,
        progress: &mut dyn Progress,
    ) -> Result<Itemsets> {
        let sets = mine(&baskets, params, progress)?;
        Ok(Itemsets {
            baskets,
            sets,
            coverage,
        })
    }

    pub fn summary(&self) -> ItemsetSummary<'_> {
        ItemsetSummary {
            baskets: self.sets.baskets,
            items: self.baskets.names.len(),
            min_support: self.sets.min_support,
            min_count: self.sets.min_count,
            support_chosen_by: self.sets.support_chosen_by,
            itemsets: self.sets.itemsets.len(),
            by_size: &self.sets.by_size,
            coverage: self.coverage.as_ref(),
        }
    }
}

/// A file, how its products are named now, and the products table `itemColumn` reads (if loaded).
#[derive(Clone, Copy)]
pub struct MineInput<'a> {
    pub data: &'a Dataset,
    pub names: &'a ProductNames,
    pub products: Option<&'a KeyedTable>,
}

/// Frequent itemsets of a file's baskets, at product level or at a product table's column.
pub struct Mine;

impl Analysis for Mine {
    type Input<'a> = MineInput<'a>;
    type Params = MiningParams;
    type Output = Itemsets;

    /// `maxItemsets` bounds the itemsets kept (mining stops with a message past it).
    fn guard(_: MineInput<'_>, _: &Checked<MiningParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        input: MineInput<'_>,
        params: &Checked<MiningParams>,
        progress: &mut dyn Progress,
    ) -> Result<Itemsets> {
        let (baskets, coverage) = match (&params.item_column, input.products) {
            (Some(column), Some(products)) => {
                let (baskets, coverage) = Baskets::from_dataset_by(input.data, products, column)?;
                (baskets, Some(coverage))
            }
            (Some(_), None) => {
                return Err(Error::new(
                    ErrorCode::InvalidOption,
                    "itemColumn needs a product table: call loadProductTable() first",
                ))
            }
            (None, _) => {
                let mut baskets = Baskets::from_dataset(input.data)?;
                baskets.names = input.names.labels(&input.data.products);
                (baskets, None)
            }
        };
        Itemsets::from_baskets(baskets, coverage, params, progress)
    }

    /// The itemsets, one per line, most frequent first.
    fn export_csv(_: MineInput<'_>, itemsets: &Itemsets) -> String {
        let names = &itemsets.baskets.names;
        let mut w = crate::csv_cell::CsvFile::new();
        w.row(["items", "size", "count", "support"]);
        let baskets = itemsets.sets.baskets.max(1) as f64;
        for set in &itemsets.sets.itemsets {
            let items: Vec<&str> = set
                .items
                .iter()
                .map(|&i| names[i as usize].as_str())
                .collect();
            w.row([
                crate::csv_cell::text(&items.join(", ")),
                set.items.len().to_string(),
                set.count.to_string(),
                format!("{:.6}", set.count as f64 / baskets),
            ]);
        }
        w.finish()
    }
}

/// Rules from mined itemsets, filtered and sorted.
pub struct Rules;

impl Analysis for Rules {
    type Input<'a> = &'a Itemsets;
    type Params = RuleParams;
    type Output = Vec<Rule>;

    /// `maxRules` bounds the rules made before `top` keeps the best (it stops with a message past it).
    fn guard(_: &Itemsets, _: &Checked<RuleParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        itemsets: &Itemsets,
        params: &Checked<RuleParams>,
        _: &mut dyn Progress,
    ) -> Result<Vec<Rule>> {
        rules(&itemsets.baskets.names, &itemsets.sets, params)
    }

    fn export_csv(itemsets: &Itemsets, found: &Vec<Rule>) -> String {
        rules_csv(&itemsets.baskets.names, found)
    }
}
