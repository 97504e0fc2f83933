//! Association rules (market-basket analysis): baskets at product or attribute level (`baskets`),
//! frequent itemsets by FP-growth (`fpgrowth`), and rules with support, confidence, lift, leverage,
//! conviction and Zhang's metric, filtered and sorted (`mining`); `itemsets` holds the two analyses, `Mine`
//! and `Rules`.

pub mod baskets;
pub mod fpgrowth;
pub mod itemsets;
pub mod mining;

pub use baskets::{Baskets, Coverage};
pub use itemsets::{ItemsetSummary, Itemsets, Mine, MineInput, Rules, RulesResult};
pub use mining::{
    mine, named, rules, rules_csv, FrequentItemsets, Metric, MiningParams, NamedRule, Rule,
    RuleParams, SupportChoice,
};
