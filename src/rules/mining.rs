//! From baskets to rules: the baskets of a file, frequent itemsets, and rules with their metrics, filtered
//! and sorted. Metrics follow mlxtend's `association_rules` definitions (tests compare them to 1e-9).

use super::baskets::Baskets;
use super::fpgrowth::{frequent_itemsets, Itemset, Limits};
use crate::analysis::{Checked, Params};
use crate::error::{group_thousands, Error, ErrorCode, Result};
use crate::progress::Progress;
use rustc_hash::FxHashMap;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct MiningParams {
    /// Share of baskets an itemset must be in (0 < s <= 1). `None` (the default) chooses it from the data:
    /// the lowest of `SUPPORT_LADDER` at which every itemset is in at least `min_baskets` baskets and there
    /// are at most `itemset_budget` itemsets. A fixed share (1% was the default) finds almost no rule in a
    /// large shop, where each product is in a small share of baskets, and drowns a small one in itemsets.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_support: Option<f64>,
    /// An absolute number of baskets instead; wins over `min_support`.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_count: Option<u64>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_length: Option<usize>,
    /// Stop with a clear message past this many itemsets, instead of running out of memory.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_itemsets: usize,
    /// When the support is chosen: the most itemsets it may give, which bounds the time and memory of the
    /// default run and of the rules made from it.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub itemset_budget: usize,
    /// When the support is chosen: the fewest baskets an itemset may rest on, so that the rules do not
    /// stand on a handful of coincidences.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_baskets: u64,
    /// A column of the products table (e.g. `product_category`) whose values stand for the products, so that
    /// rules relate categories; default: products.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub item_column: Option<String>,
}

impl Params for MiningParams {
    fn validate(&self) -> Result<()> {
        let invalid = |message: String| Err(Error::new(ErrorCode::InvalidOption, message));
        if self.max_length == Some(0) {
            return invalid("maxLength must be at least 1".into());
        }
        match (self.min_count, self.min_support) {
            (Some(0), _) => invalid("minCount must be at least 1".into()),
            (None, Some(s)) if !(s > 0.0 && s <= 1.0) => invalid(format!(
                "minSupport = {s}: choose a share above 0 and at most 1 (e.g. 0.01 for 1%), or leave it out \
                 to have it chosen from the data"
            )),
            _ => Ok(()),
        }
    }
}

impl Default for MiningParams {
    fn default() -> Self {
        MiningParams {
            min_support: None,
            min_count: None,
            max_length: None,
            max_itemsets: 2_000_000,
            itemset_budget: 10_000,
            min_baskets: 10,
            item_column: None,
        }
    }
}

/// The supports tried when none is given, lowest first: round figures, so the page can say "0.2%".
const SUPPORT_LADDER: [f64; 12] = [
    0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5,
];

/// How the minimum support of a run was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SupportChoice {
    /// By the caller (`minSupport` or `minCount`).
    Given,
    /// From the data, by the ladder (see `MiningParams::min_support`).
    Data,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FrequentItemsets {
    pub baskets: u64,
    /// The support asked for (given, or the rung of the ladder chosen), or `min_count / baskets` when a
    /// count was given or the support chosen is the floor of `min_baskets`.
    pub min_support: f64,
    pub min_count: u64,
    pub support_chosen_by: SupportChoice,
    pub itemsets: Vec<ItemsetOut>,
    /// Number of itemsets of each size: `by_size[0]` counts single items.
    pub by_size: Vec<u64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemsetOut {
    pub items: Vec<u32>,
    pub count: u64,
}

/// The smallest count whose share of `n` baskets reaches `support` (as mlxtend: count / n >= support).
fn count_for(support: f64, n: u64) -> u64 {
    ((support * n as f64) - 1e-9).ceil().max(1.0) as u64
}

pub fn mine(
    baskets: &Baskets,
    params: &Checked<MiningParams>,
    progress: &mut dyn Progress,
) -> Result<FrequentItemsets> {
    let n = baskets.len() as u64;
    let rows: Vec<&[u32]> = (0..baskets.len()).map(|r| baskets.rows.row(r)).collect();
    let given = match (params.min_count, params.min_support) {
        (Some(c), _) => Some((c as f64 / n.max(1) as f64, c)),
        (None, Some(s)) => Some((s, count_for(s, n))),
        (None, None) => None,
    };
    let limits = Limits {
        min_count: 1,
        max_length: params.max_length.unwrap_or(usize::MAX),
        max_itemsets: params.max_itemsets,
    };
    let n_items = baskets.names.len();
    let (min_support, min_count, chosen_by, sets) = match given {
        Some((support, min_count)) => {
            let limits = Limits {
                min_count,
                ..limits
            };
            let sets = frequent_itemsets(&rows, n_items, limits, progress)?;
            (support, min_count, SupportChoice::Given, sets)
        }
        None => {
            let limits = Limits {
                max_itemsets: params.itemset_budget.min(params.max_itemsets),
                ..limits
            };
            let (support, min_count, sets) =
                choose_support(&rows, n_items, params.min_baskets, limits, progress)?;
            (support, min_count, SupportChoice::Data, sets)
        }
    };
    Ok(output(n, min_support, min_count, chosen_by, sets))
}

/// The lowest rung of the ladder whose itemsets rest on at least `min_baskets` baskets and fit the budget
/// (`limits.max_itemsets`), with its itemsets; the floor of `min_baskets` baskets itself where the ladder
/// steps over it. The number of itemsets only grows as the support falls, so
/// the search walks down from the top and stops at the first rung that does not fit. Walking down, every run
/// but the last finds fewer itemsets than the budget, and the last stops at the budget, or is not run at all
/// when a lower bound already passes it; walking up from the bottom instead took several times longer on
/// dense baskets (complete_journey's categories), where each rung too low runs up to the budget through
/// large conditional trees.
fn choose_support(
    rows: &[&[u32]],
    n_items: usize,
    min_baskets: u64,
    limits: Limits,
    progress: &mut dyn Progress,
) -> Result<(f64, u64, Vec<Itemset>)> {
    let n = rows.len() as u64;
    let mut item_counts = vec![0u64; n_items];
    for row in rows {
        for &i in *row {
            item_counts[i as usize] += 1;
        }
    }
    let mut found: Option<(f64, u64, Vec<Itemset>)> = None;
    for &rung in SUPPORT_LADDER.iter().rev() {
        let (mut support, mut count) = (rung, count_for(rung, n));
        // The top rung is tried even below the floor: on a file of fewer than `min_baskets` baskets it
        // still gives an answer. Below the floor, the floor itself is the last rung: on a small file the
        // ladder's steps are far apart in baskets (5% and 2% of 244 baskets are 13 and 5), and the pairs a
        // shop's few hundred orders have are often between them.
        let last = found.is_some() && count < min_baskets;
        if last {
            match &found {
                Some(f) if f.1 > min_baskets => {
                    (support, count) = (min_baskets as f64 / n as f64, min_baskets)
                }
                _ => break,
            }
        }
        if let Some(f) = found.as_mut().filter(|f| f.1 == count) {
            // Small files map several rungs to one count: the same itemsets, at the lower support.
            f.0 = support;
            continue;
        }
        // Every itemset of two or more items found at the rung above is frequent here too: with this
        // rung's single items, a lower bound that often shows, without a run, that the rung cannot fit.
        let singles = item_counts.iter().filter(|&&c| c >= count).count();
        let larger = found
            .as_ref()
            .map_or(0, |f| f.2.iter().filter(|s| s.items.len() > 1).count());
        if singles + larger > limits.max_itemsets {
            break;
        }
        let limits = Limits {
            min_count: count,
            ..limits
        };
        match frequent_itemsets(rows, n_items, limits, progress) {
            Ok(sets) => found = Some((support, count, sets)),
            Err(e) if e.code == ErrorCode::TooLarge => break,
            Err(e) => return Err(e),
        }
        if last {
            break;
        }
    }
    found.ok_or_else(|| {
        Error::new(
            ErrorCode::TooLarge,
            format!(
                "more than {} frequent itemsets even at {}% support: these baskets share most of their \
                 items; set a maximum itemset length (maxLength) or a minimum support (minSupport)",
                group_thousands(limits.max_itemsets as u64),
                SUPPORT_LADDER[SUPPORT_LADDER.len() - 1] * 100.0
            ),
        )
    })
}

fn output(
    baskets: u64,
    min_support: f64,
    min_count: u64,
    support_chosen_by: SupportChoice,
    mut sets: Vec<Itemset>,
) -> FrequentItemsets {
    // Most frequent first, then shorter first; ties keep FP-growth's order, which is deterministic, so the
    // sort never has to compare item lists (a pointer chase per comparison). The standard sort, not
    // crate::sorting's: this one is hot, and crate::sorting's made mining measurably slower (BENCHMARKS.md,
    // "Figures behind choices in the code").
    sets.sort_by_key(|s| (std::cmp::Reverse(s.count), s.items.len()));
    let mut by_size = Vec::new();
    for s in &sets {
        if by_size.len() < s.items.len() {
            by_size.resize(s.items.len(), 0);
        }
        by_size[s.items.len() - 1] += 1;
    }
    FrequentItemsets {
        baskets,
        min_support,
        min_count,
        support_chosen_by,
        itemsets: sets
            .into_iter()
            .map(|s| ItemsetOut {
                items: s.items,
                count: s.count,
            })
            .collect(),
        by_size,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    Support,
    Confidence,
    Lift,
    Leverage,
    Conviction,
    Zhang,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RuleParams {
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_confidence: f64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_lift: f64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_antecedent: Option<usize>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_consequent: Option<usize>,
    /// Items (by name) that must appear in the antecedent / consequent / either side, or must not.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub antecedent_has: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub consequent_has: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub any_side_has: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub antecedent_lacks: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub consequent_lacks: Vec<String>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub sort_by: Metric,
    /// Keep the best this many after sorting; `None` keeps all.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub top: Option<usize>,
    /// Stop with a clear message past this many rules before filtering by `top`.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_rules: usize,
}

impl Params for RuleParams {
    fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.min_confidence) || self.min_lift.is_nan() {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                "minConfidence must be between 0 and 1",
            ));
        }
        Ok(())
    }
}

impl Default for RuleParams {
    fn default() -> Self {
        RuleParams {
            min_confidence: 0.5,
            min_lift: 0.0,
            max_antecedent: None,
            max_consequent: None,
            antecedent_has: Vec::new(),
            consequent_has: Vec::new(),
            any_side_has: Vec::new(),
            antecedent_lacks: Vec::new(),
            consequent_lacks: Vec::new(),
            sort_by: Metric::Lift,
            top: None,
            max_rules: 5_000_000,
        }
    }
}

/// A rule `antecedent -> consequent` with mlxtend's metrics. `conviction` is `None` where it is infinite
/// (confidence 1).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[cfg_attr(feature = "ts", ts(rename_all = "camelCase"))]
pub struct Rule {
    /// Item ids (`NamedRule` gives their names).
    #[cfg_attr(feature = "ts", ts(skip))]
    pub antecedent: Vec<u32>,
    #[cfg_attr(feature = "ts", ts(skip))]
    pub consequent: Vec<u32>,
    pub antecedent_support: f64,
    pub consequent_support: f64,
    pub support: f64,
    pub confidence: f64,
    pub lift: f64,
    pub leverage: f64,
    pub conviction: Option<f64>,
    pub zhang: f64,
    pub count: u64,
}

impl Rule {
    fn metric(&self, m: Metric) -> f64 {
        match m {
            Metric::Support => self.support,
            Metric::Confidence => self.confidence,
            Metric::Lift => self.lift,
            Metric::Leverage => self.leverage,
            Metric::Conviction => self.conviction.unwrap_or(f64::INFINITY),
            Metric::Zhang => self.zhang,
        }
    }
}

fn item_ids(names: &[String], wanted: &[String], what: &str) -> Result<Vec<u32>> {
    wanted
        .iter()
        .map(|w| {
            names
                .iter()
                .position(|n| n == w)
                .map(|p| p as u32)
                .ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidOption,
                        format!("{what}: no basket has an item named `{w}`"),
                    )
                })
        })
        .collect()
}

/// Rules from every frequent itemset of two or more items, filtered, sorted (best first) and cut to `top`.
pub fn rules(
    names: &[String],
    sets: &FrequentItemsets,
    params: &Checked<RuleParams>,
) -> Result<Vec<Rule>> {
    let a_has = item_ids(names, &params.antecedent_has, "antecedentHas")?;
    let c_has = item_ids(names, &params.consequent_has, "consequentHas")?;
    let any_has = item_ids(names, &params.any_side_has, "anySideHas")?;
    let a_lacks = item_ids(names, &params.antecedent_lacks, "antecedentLacks")?;
    let c_lacks = item_ids(names, &params.consequent_lacks, "consequentLacks")?;
    let count_of: FxHashMap<&[u32], u64> = sets
        .itemsets
        .iter()
        .map(|s| (s.items.as_slice(), s.count))
        .collect();
    let n = sets.baskets as f64;
    let mut out = Vec::new();
    for set in sets.itemsets.iter().filter(|s| s.items.len() >= 2) {
        if !any_has.iter().all(|i| set.items.contains(i)) {
            continue;
        }
        let k = set.items.len();
        if k > 31 {
            return Err(Error::new(
                ErrorCode::TooLarge,
                "itemsets of more than 31 items: set maxLength",
            ));
        }
        for mask in 1u32..(1 << k) - 1 {
            let (mut a, mut c) = (Vec::new(), Vec::new());
            for (b, &item) in set.items.iter().enumerate() {
                if mask & (1 << b) != 0 {
                    a.push(item)
                } else {
                    c.push(item)
                }
            }
            if params.max_antecedent.is_some_and(|m| a.len() > m)
                || params.max_consequent.is_some_and(|m| c.len() > m)
                || !a_has.iter().all(|i| a.contains(i))
                || !c_has.iter().all(|i| c.contains(i))
                || a_lacks.iter().any(|i| a.contains(i))
                || c_lacks.iter().any(|i| c.contains(i))
            {
                continue;
            }
            // Every subset of a frequent itemset is frequent, so both counts are known.
            let (Some(&ca), Some(&cc)) = (count_of.get(a.as_slice()), count_of.get(c.as_slice()))
            else {
                continue;
            };
            let rule = metrics(a, c, ca, cc, set.count, n);
            if rule.confidence + 1e-12 >= params.min_confidence && rule.lift >= params.min_lift {
                out.push(rule);
                if out.len() > params.max_rules {
                    return Err(Error::new(
                        ErrorCode::TooLarge,
                        format!(
                            "more than {} rules; raise the minimum support or confidence, or limit the rule sizes",
                            group_thousands(params.max_rules as u64)
                        ),
                    ));
                }
            }
        }
    }
    let by = params.sort_by;
    crate::sorting::sort_by(&mut out, &|x, y| {
        y.metric(by)
            .total_cmp(&x.metric(by))
            .then(y.support.total_cmp(&x.support))
            .then(x.antecedent.cmp(&y.antecedent))
            .then(x.consequent.cmp(&y.consequent))
    });
    if let Some(top) = params.top {
        out.truncate(top);
    }
    Ok(out)
}

/// mlxtend's definitions: support = s(AC), confidence = s(AC)/s(A), lift = confidence/s(C),
/// leverage = s(AC) - s(A)s(C), conviction = (1 - s(C))/(1 - confidence),
/// Zhang = leverage / max(s(AC)(1 - s(A)), s(A)(s(C) - s(AC))).
fn metrics(
    antecedent: Vec<u32>,
    consequent: Vec<u32>,
    ca: u64,
    cc: u64,
    count: u64,
    n: f64,
) -> Rule {
    let (sa, sc, s) = (ca as f64 / n, cc as f64 / n, count as f64 / n);
    let confidence = s / sa;
    let leverage = s - sa * sc;
    let denominator = (s * (1.0 - sa)).max(sa * (sc - s));
    Rule {
        antecedent,
        consequent,
        antecedent_support: sa,
        consequent_support: sc,
        support: s,
        confidence,
        lift: confidence / sc,
        leverage,
        conviction: (confidence < 1.0).then(|| (1.0 - sc) / (1.0 - confidence)),
        // In [-1, 1] by definition; rounding took it to 1.0000000000000002 where the consequent is in
        // every basket of the antecedent's (leverage and denominator are then the same s(1 - sA)).
        zhang: if denominator == 0.0 {
            0.0
        } else {
            (leverage / denominator).clamp(-1.0, 1.0)
        },
        count,
    }
}

/// A rule with item names instead of ids, for display and export.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct NamedRule<'a> {
    pub antecedent: Vec<&'a str>,
    pub consequent: Vec<&'a str>,
    #[cfg_attr(feature = "ts", ts(flatten))]
    pub rule: &'a Rule,
}

/// `{antecedent, consequent, antecedentSupport, ..., count}`: the names, then the rule's metrics, in one
/// object. Written out rather than derived with `#[serde(flatten)]`, whose map serializer costs kilobytes of
/// wasm.
impl Serialize for NamedRule<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        let r = self.rule;
        let mut s = serializer.serialize_struct("Rule", 11)?;
        s.serialize_field("antecedent", &self.antecedent)?;
        s.serialize_field("consequent", &self.consequent)?;
        s.serialize_field("antecedentSupport", &r.antecedent_support)?;
        s.serialize_field("consequentSupport", &r.consequent_support)?;
        s.serialize_field("support", &r.support)?;
        s.serialize_field("confidence", &r.confidence)?;
        s.serialize_field("lift", &r.lift)?;
        s.serialize_field("leverage", &r.leverage)?;
        s.serialize_field("conviction", &r.conviction)?;
        s.serialize_field("zhang", &r.zhang)?;
        s.serialize_field("count", &r.count)?;
        s.end()
    }
}

pub fn named<'a>(names: &'a [String], rules: &'a [Rule]) -> Vec<NamedRule<'a>> {
    let name = |items: &[u32]| items.iter().map(|&i| names[i as usize].as_str()).collect();
    rules
        .iter()
        .map(|r| NamedRule {
            antecedent: name(&r.antecedent),
            consequent: name(&r.consequent),
            rule: r,
        })
        .collect()
}

/// Rules as CSV with item names, for download.
pub fn rules_csv(names: &[String], rules: &[Rule]) -> String {
    let mut w = crate::csv_cell::CsvFile::new();
    w.row([
        "antecedents",
        "consequents",
        "antecedent support",
        "consequent support",
        "support",
        "confidence",
        "lift",
        "leverage",
        "conviction",
        "zhangs_metric",
        "baskets",
    ]);
    let join = |items: &[u32]| {
        items
            .iter()
            .map(|&i| names[i as usize].as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    };
    for r in rules {
        w.row([
            crate::csv_cell::text(&join(&r.antecedent)),
            crate::csv_cell::text(&join(&r.consequent)),
            r.antecedent_support.to_string(),
            r.consequent_support.to_string(),
            r.support.to_string(),
            r.confidence.to_string(),
            r.lift.to_string(),
            r.leverage.to_string(),
            r.conviction.map_or("inf".into(), |c| c.to_string()),
            r.zhang.to_string(),
            r.count.to_string(),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    fn baskets() -> Baskets {
        Baskets::from_lines(
            "milk,bread\nmilk,bread,butter\nbread\nmilk,butter\nmilk,bread,butter\n",
            b',',
        )
        .unwrap()
    }

    #[test]
    fn mines_and_scores_rules_like_mlxtend() {
        let b = baskets();
        let sets = mine(
            &b,
            &(MiningParams {
                min_support: Some(0.4),
                ..Default::default()
            })
            .check()
            .unwrap(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!(sets.min_count, 2);
        assert_eq!(
            (sets.min_support, sets.support_chosen_by),
            (0.4, SupportChoice::Given)
        );
        assert_eq!(
            sets.by_size,
            [3, 3, 1],
            "milk + bread + butter is in 2 of 5"
        );
        let r = rules(
            &b.names,
            &sets,
            &(RuleParams {
                min_confidence: 0.0,
                ..Default::default()
            })
            .check()
            .unwrap(),
        )
        .unwrap();
        // butter -> milk: s(AC) = 3/5, s(A) = 3/5, s(C) = 4/5.
        let bm = r
            .iter()
            .find(|r| r.antecedent == [2] && r.consequent == [0])
            .unwrap();
        assert!((bm.confidence - 1.0).abs() < 1e-12 && (bm.lift - 1.25).abs() < 1e-12);
        assert!((bm.leverage - (0.6 - 0.6 * 0.8)).abs() < 1e-12);
        assert_eq!(bm.conviction, None);
        // milk -> butter: confidence 3/4, conviction (1 - 0.6) / 0.25 = 1.6, Zhang 0.12 / max(0.6*0.2, 0.8*0) = 1.
        let mb = r
            .iter()
            .find(|r| r.antecedent == [0] && r.consequent == [2])
            .unwrap();
        assert!((mb.conviction.unwrap() - 1.6).abs() < 1e-12);
        assert!((mb.zhang - 1.0).abs() < 1e-12);
        assert_eq!(r[0].lift, 1.25, "sorted by lift");
    }

    #[test]
    fn filters_by_items_sizes_and_metrics() {
        let b = baskets();
        let sets = mine(
            &b,
            &(MiningParams {
                min_count: Some(1),
                ..Default::default()
            })
            .check()
            .unwrap(),
            &mut Silent,
        )
        .unwrap();
        let all = RuleParams {
            min_confidence: 0.0,
            ..Default::default()
        };
        let only = |p: RuleParams| rules(&b.names, &sets, &p.clone().check().unwrap()).unwrap();
        let c_butter = only(RuleParams {
            consequent_has: vec!["butter".into()],
            ..all.clone()
        });
        assert!(!c_butter.is_empty() && c_butter.iter().all(|r| r.consequent.contains(&2)));
        let no_bread = only(RuleParams {
            antecedent_lacks: vec!["bread".into()],
            ..all.clone()
        });
        assert!(no_bread.iter().all(|r| !r.antecedent.contains(&1)));
        let small = only(RuleParams {
            max_antecedent: Some(1),
            max_consequent: Some(1),
            ..all.clone()
        });
        assert!(small
            .iter()
            .all(|r| r.antecedent.len() == 1 && r.consequent.len() == 1));
        let top = only(RuleParams {
            top: Some(2),
            sort_by: Metric::Support,
            ..all.clone()
        });
        assert_eq!(top.len(), 2);
        assert!(top[0].support >= top[1].support);
        let e = rules(
            &b.names,
            &sets,
            &(RuleParams {
                consequent_has: vec!["jam".into()],
                ..all
            })
            .check()
            .unwrap(),
        )
        .unwrap_err();
        assert!(e.message.contains("no basket has an item named `jam`"));
    }

    /// Seeded random baskets where each of `n_items` items is in a basket with probability `p` percent.
    fn random_baskets(n: usize, n_items: u32, p: u64) -> Baskets {
        let mut state = 99u64;
        let mut text = String::new();
        for _ in 0..n {
            let row: Vec<String> = (0..n_items)
                .filter(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (state >> 33) % 100 < p
                })
                .map(|i| format!("i{i}"))
                .collect();
            text.push_str(&row.join(","));
            text.push('\n');
        }
        Baskets::from_lines(&text, b',').unwrap()
    }

    #[test]
    fn chooses_the_lowest_support_whose_itemsets_fit_the_budget() {
        // Dense: 20 items each in 60% of 400 baskets give hundreds of thousands of itemsets at low supports.
        let b = random_baskets(400, 20, 60);
        let params = MiningParams {
            itemset_budget: 3_000,
            ..Default::default()
        };
        let sets = mine(&b, &params.clone().check().unwrap(), &mut Silent).unwrap();
        assert_eq!(sets.support_chosen_by, SupportChoice::Data);
        assert!(sets.itemsets.len() <= 3_000, "{}", sets.itemsets.len());
        assert!(sets.by_size.len() >= 2, "pairs or more: {:?}", sets.by_size);
        let rung = SUPPORT_LADDER
            .iter()
            .position(|&s| s == sets.min_support)
            .expect("a rung of the ladder");
        assert_eq!(sets.min_count, count_for(sets.min_support, 400));
        // The rung below passes the budget (it is above the 10-basket floor here).
        let lower = SUPPORT_LADDER[rung - 1];
        assert!(count_for(lower, 400) >= params.min_baskets);
        let e = mine(
            &b,
            &(MiningParams {
                min_support: Some(lower),
                max_itemsets: 3_000,
                ..Default::default()
            })
            .check()
            .unwrap(),
            &mut Silent,
        )
        .unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        // Given explicitly, the chosen support finds the same itemsets.
        let given = mine(
            &b,
            &(MiningParams {
                min_support: Some(sets.min_support),
                ..Default::default()
            })
            .check()
            .unwrap(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!(given.support_chosen_by, SupportChoice::Given);
        assert_eq!(given.itemsets, sets.itemsets);
    }

    #[test]
    fn a_chosen_support_rests_on_enough_baskets() {
        let b = random_baskets(2_000, 30, 5);
        let n = b.len() as u64;
        let sets = mine(&b, &MiningParams::default().check().unwrap(), &mut Silent).unwrap();
        // Sparse and small: the budget allows any rung, so the floor of 10 baskets decides; it lies between
        // two rungs here (1% and 0.5% of 1,578 baskets are 16 and 8), so it is the support.
        assert_eq!(n, 1_578);
        assert_eq!((sets.min_count, sets.min_support), (10, 10.0 / n as f64));
        assert!(sets.itemsets.len() < 1_000, "far from the budget");
        // A small shop's pair in 11 of 244 baskets lies between the rungs of 5% (13 baskets) and 2% (5, under
        // the floor): the floor itself is the support.
        let lines: String = (0..244)
            .map(|i| match i {
                0..=10 => "tee,socks\n".to_owned(),
                _ => format!("item{}\n", i % 20),
            })
            .collect();
        let small = Baskets::from_lines(&lines, b',').unwrap();
        let sets = mine(
            &small,
            &MiningParams::default().check().unwrap(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!((sets.min_count, sets.min_support), (10, 10.0 / 244.0));
        assert_eq!(
            sets.by_size,
            [22, 1],
            "tee, socks and the 20 others; tee with socks"
        );
        // Fewer baskets than the floor: the top rung.
        let sets = mine(
            &baskets(),
            &MiningParams::default().check().unwrap(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!((sets.min_support, sets.min_count), (0.5, 3));
    }

    #[test]
    fn says_what_to_do_when_no_support_fits_the_budget() {
        let b = Baskets::from_lines(&"a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p\n".repeat(50), b',').unwrap();
        let e = mine(&b, &MiningParams::default().check().unwrap(), &mut Silent).unwrap_err();
        assert_eq!(e.code, ErrorCode::TooLarge);
        assert!(
            e.message
                .contains("more than 10,000 frequent itemsets even at 50% support")
                && e.message.contains("maxLength"),
            "{}",
            e.message
        );
        let sets = mine(
            &b,
            &(MiningParams {
                max_length: Some(2),
                ..Default::default()
            })
            .check()
            .unwrap(),
            &mut Silent,
        )
        .unwrap();
        assert_eq!(sets.by_size, [16, 120]);
    }

    #[test]
    fn rejects_bad_supports() {
        for s in [0.0, -1.0, 1.5, f64::NAN] {
            let p = MiningParams {
                min_support: Some(s),
                ..Default::default()
            };
            assert_eq!(p.check().unwrap_err().code, ErrorCode::InvalidOption);
        }
        let p = MiningParams {
            min_count: Some(0),
            ..Default::default()
        };
        assert_eq!(p.check().unwrap_err().code, ErrorCode::InvalidOption);
    }
}
