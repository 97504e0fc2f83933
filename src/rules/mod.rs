//! Association rules (market-basket analysis): frequent itemsets by FP-growth (`fpgrowth`), and rules with
//! support, confidence, lift, leverage, conviction and Zhang's metric, filtered and sorted (`mining`).

pub mod fpgrowth;
pub mod mining;

pub use mining::{
    mine, named, rules, rules_csv, Baskets, FrequentItemsets, Metric, MiningParams, NamedRule,
    Rule, RuleParams,
};
