//! Frequent itemsets by FP-growth (Han, Pei & Yin 2000): transactions are compressed into a prefix tree
//! ordered by item frequency, and each item's itemsets are mined from the conditional tree of the paths that
//! end in it. Our own implementation (the guide allows it where speed demands, and BENCHMARKS.md measures it
//! against mlxtend and Borgelt's fpgrowth): flat node arrays, per-item node lists, single-path shortcut.

use crate::error::{group_thousands, Error, ErrorCode, Result};
use crate::progress::Progress;
use rustc_hash::FxHashMap;

/// A frequent itemset: item ids (ascending) and the number of transactions that contain all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Itemset {
    pub items: Vec<u32>,
    pub count: u64,
}

/// Limits of one mining run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub min_count: u64,
    pub max_length: usize,
    pub max_itemsets: usize,
}

const ROOT: u32 = u32::MAX;

/// A prefix tree over local item indexes `0..n_items`, where a smaller index is a more frequent item and
/// every path from the root goes through increasing indexes.
struct Tree {
    item: Vec<u32>,
    count: Vec<u64>,
    parent: Vec<u32>,
    children: FxHashMap<(u32, u32), u32>,
    nodes_of: Vec<Vec<u32>>,
    /// The global item id of each local index.
    global: Vec<u32>,
}

impl Tree {
    fn new(global: Vec<u32>) -> Tree {
        Tree {
            item: Vec::new(),
            count: Vec::new(),
            parent: Vec::new(),
            children: FxHashMap::default(),
            nodes_of: vec![Vec::new(); global.len()],
            global,
        }
    }

    /// Adds a path (local indexes, increasing) with a weight.
    fn insert(&mut self, path: &[u32], weight: u64) {
        let mut node = ROOT;
        for &item in path {
            node = match self.children.get(&(node, item)) {
                Some(&child) => {
                    self.count[child as usize] += weight;
                    child
                }
                None => {
                    let child = self.item.len() as u32;
                    self.item.push(item);
                    self.count.push(weight);
                    self.parent.push(node);
                    self.children.insert((node, item), child);
                    self.nodes_of[item as usize].push(child);
                    child
                }
            };
        }
    }

    fn support(&self, item: usize) -> u64 {
        self.nodes_of[item]
            .iter()
            .map(|&n| self.count[n as usize])
            .sum()
    }

    /// The tree is one chain from the root. Nodes are created in insertion order, so in a chain every node's
    /// parent is the node created just before it.
    fn single_path(&self) -> bool {
        (0..self.item.len()).all(|i| self.parent[i] == if i == 0 { ROOT } else { i as u32 - 1 })
    }
}

/// Mines all itemsets contained in at least `limits.min_count` transactions, with at most
/// `limits.max_length` items. Fails with `TooLarge` past `limits.max_itemsets` (raise the support).
pub fn frequent_itemsets(
    transactions: &[&[u32]],
    n_items: usize,
    limits: Limits,
    progress: &mut dyn Progress,
) -> Result<Vec<Itemset>> {
    let min_count = limits.min_count.max(1);
    let mut support = vec![0u64; n_items];
    for t in transactions {
        for &i in *t {
            support[i as usize] += 1;
        }
    }
    // Frequent items, most frequent first (ties by id, for a deterministic tree).
    let mut frequent: Vec<u32> = (0..n_items as u32)
        .filter(|&i| support[i as usize] >= min_count)
        .collect();
    frequent.sort_by(|&a, &b| {
        support[b as usize]
            .cmp(&support[a as usize])
            .then(a.cmp(&b))
    });
    let mut local = vec![u32::MAX; n_items];
    for (rank, &item) in frequent.iter().enumerate() {
        local[item as usize] = rank as u32;
    }
    let mut tree = Tree::new(frequent);
    let mut path = Vec::new();
    for t in transactions {
        path.clear();
        path.extend(
            t.iter()
                .map(|&i| local[i as usize])
                .filter(|&l| l != u32::MAX),
        );
        path.sort_unstable();
        if !path.is_empty() {
            tree.insert(&path, 1);
        }
    }
    let mut out = Vec::new();
    let mut miner = Miner {
        limits: Limits {
            min_count,
            ..limits
        },
        out: &mut out,
        prefix: Vec::new(),
    };
    miner.mine(&tree, Some(progress))?;
    for set in out.iter_mut() {
        set.items.sort_unstable();
    }
    Ok(out)
}

struct Miner<'a> {
    limits: Limits,
    out: &'a mut Vec<Itemset>,
    /// Global ids of the items conditioned on so far.
    prefix: Vec<u32>,
}

impl Miner<'_> {
    fn emit(&mut self, extra: &[u32], count: u64) -> Result<()> {
        if self.out.len() >= self.limits.max_itemsets {
            return Err(Error::new(
                ErrorCode::TooLarge,
                format!(
                    "more than {} frequent itemsets at this minimum support; raise the minimum support or \
                     lower the maximum itemset length",
                    group_thousands(self.limits.max_itemsets as u64)
                ),
            ));
        }
        let mut items = self.prefix.clone();
        items.extend_from_slice(extra);
        self.out.push(Itemset { items, count });
        Ok(())
    }

    fn mine(&mut self, tree: &Tree, mut progress: Option<&mut dyn Progress>) -> Result<()> {
        if self.prefix.len() >= self.limits.max_length {
            return Ok(());
        }
        if tree.single_path() {
            return self.mine_single_path(tree);
        }
        let n = tree.global.len();
        // Least frequent first: its conditional trees are the smallest.
        for item in (0..n).rev() {
            if let Some(p) = progress.as_deref_mut() {
                if !p.update("frequent itemsets", (n - item) as f64 / n as f64) {
                    return Err(Error::cancelled());
                }
            }
            let count = tree.support(item);
            if count < self.limits.min_count {
                continue;
            }
            self.emit(&[tree.global[item]], count)?;
            if self.prefix.len() + 1 >= self.limits.max_length {
                continue;
            }
            if let Some(cond) = conditional_tree(tree, item, self.limits.min_count) {
                self.prefix.push(tree.global[item]);
                let result = self.mine(&cond, None);
                self.prefix.pop();
                result?;
            }
        }
        Ok(())
    }

    /// Every combination of a chain's items is frequent, with the count of its deepest item.
    fn mine_single_path(&mut self, tree: &Tree) -> Result<()> {
        let chain: Vec<(u32, u64)> = (0..tree.item.len())
            .map(|n| (tree.global[tree.item[n] as usize], tree.count[n]))
            .filter(|&(_, c)| c >= self.limits.min_count)
            .collect();
        let room = self.limits.max_length - self.prefix.len();
        let mut chosen = Vec::new();
        self.combinations(&chain, 0, room, &mut chosen)
    }

    fn combinations(
        &mut self,
        chain: &[(u32, u64)],
        from: usize,
        room: usize,
        chosen: &mut Vec<u32>,
    ) -> Result<()> {
        for i in from..chain.len() {
            chosen.push(chain[i].0);
            // Counts fall along the chain, so the last chosen item's count is the set's.
            self.emit(chosen, chain[i].1)?;
            if chosen.len() < room {
                self.combinations(chain, i + 1, room, chosen)?;
            }
            chosen.pop();
        }
        Ok(())
    }
}

/// The tree of the paths above `item`'s nodes, weighted by those nodes' counts, keeping only the items
/// frequent among them. `None` when no item is.
fn conditional_tree(tree: &Tree, item: usize, min_count: u64) -> Option<Tree> {
    let mut support: FxHashMap<u32, u64> = FxHashMap::default();
    for &n in &tree.nodes_of[item] {
        let w = tree.count[n as usize];
        let mut p = tree.parent[n as usize];
        while p != ROOT {
            *support.entry(tree.item[p as usize]).or_default() += w;
            p = tree.parent[p as usize];
        }
    }
    let mut keep: Vec<u32> = support
        .iter()
        .filter(|&(_, &c)| c >= min_count)
        .map(|(&i, _)| i)
        .collect();
    if keep.is_empty() {
        return None;
    }
    // Keep the parent tree's order (by frequency there): paths stay increasing.
    keep.sort_unstable();
    let index: FxHashMap<u32, u32> = keep
        .iter()
        .enumerate()
        .map(|(k, &i)| (i, k as u32))
        .collect();
    let mut cond = Tree::new(keep.iter().map(|&i| tree.global[i as usize]).collect());
    let mut path = Vec::new();
    for &n in &tree.nodes_of[item] {
        path.clear();
        let mut p = tree.parent[n as usize];
        while p != ROOT {
            if let Some(&k) = index.get(&tree.item[p as usize]) {
                path.push(k);
            }
            p = tree.parent[p as usize];
        }
        path.reverse();
        if !path.is_empty() {
            cond.insert(&path, tree.count[n as usize]);
        }
    }
    Some(cond)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::Silent;

    /// Every itemset and count by brute force over all subsets of the items.
    fn brute_force(transactions: &[Vec<u32>], n_items: usize, min_count: u64) -> Vec<Itemset> {
        let mut out = Vec::new();
        for mask in 1u32..(1 << n_items) {
            let items: Vec<u32> = (0..n_items as u32)
                .filter(|i| mask & (1 << i) != 0)
                .collect();
            let count = transactions
                .iter()
                .filter(|t| items.iter().all(|i| t.contains(i)))
                .count() as u64;
            if count >= min_count {
                out.push(Itemset { items, count });
            }
        }
        out
    }

    fn mine(
        transactions: &[Vec<u32>],
        n_items: usize,
        min_count: u64,
        max_length: usize,
    ) -> Vec<Itemset> {
        let refs: Vec<&[u32]> = transactions.iter().map(|t| t.as_slice()).collect();
        let limits = Limits {
            min_count,
            max_length,
            max_itemsets: 1 << 20,
        };
        let mut got = frequent_itemsets(&refs, n_items, limits, &mut Silent).unwrap();
        got.sort_by(|a, b| a.items.cmp(&b.items));
        got
    }

    #[test]
    fn matches_brute_force_on_seeded_random_baskets() {
        let mut state = 12345u64;
        for round in 0..30 {
            let n_items = 4 + round % 8;
            let transactions: Vec<Vec<u32>> = (0..40 + round * 7)
                .map(|_| {
                    (0..n_items as u32)
                        .filter(|_| {
                            state = state
                                .wrapping_mul(6364136223846793005)
                                .wrapping_add(1442695040888963407);
                            (state >> 33) % 100 < 35
                        })
                        .collect()
                })
                .collect();
            for min_count in [1, 2, 5, 12] {
                let mut want = brute_force(&transactions, n_items, min_count);
                want.sort_by(|a, b| a.items.cmp(&b.items));
                assert_eq!(
                    mine(&transactions, n_items, min_count, usize::MAX),
                    want,
                    "round {round}, min {min_count}"
                );
            }
        }
    }

    #[test]
    fn respects_max_length_and_the_itemset_cap() {
        let t = vec![vec![0, 1, 2, 3]; 5];
        let got = mine(&t, 4, 1, 2);
        assert_eq!(got.len(), 4 + 6);
        let refs: Vec<&[u32]> = t.iter().map(|t| t.as_slice()).collect();
        let limits = Limits {
            min_count: 1,
            max_length: usize::MAX,
            max_itemsets: 7,
        };
        let err = frequent_itemsets(&refs, 4, limits, &mut Silent).unwrap_err();
        assert_eq!(err.code, ErrorCode::TooLarge);
    }
}
