//! Frequent itemsets by FP-growth (Han, Pei & Yin 2000): transactions are compressed into a prefix tree
//! ordered by item frequency, and each item's itemsets are mined from the conditional tree of the paths that
//! end in it. Our own implementation (the guide allows it where speed demands, and BENCHMARKS.md measures it
//! against mlxtend and Borgelt's fpgrowth): flat node arrays, per-item node lists, single-path shortcut.

use crate::error::{group_thousands, Error, ErrorCode, Result};
use crate::progress::Progress;

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
/// No such node (an empty child list, the end of a sibling list).
const NONE: u32 = u32::MAX - 1;

/// A prefix tree over local item indexes `0..n_items`, where a smaller index is a more frequent item and
/// every path from the root goes through increasing indexes.
struct Tree {
    item: Vec<u32>,
    count: Vec<u64>,
    parent: Vec<u32>,
    /// The nodes of each item, flat: item `i`'s are `nodes[node_start[i]..node_start[i + 1]]`, in creation
    /// order (one allocation per tree instead of one per item).
    node_start: Vec<u32>,
    nodes: Vec<u32>,
    /// The global item id of each local index.
    global: Vec<u32>,
}

/// Weighted paths (local indexes, increasing) stored flat, to be built into a tree.
#[derive(Default)]
struct Paths {
    items: Vec<u32>,
    ends: Vec<u32>,
    weights: Vec<u64>,
}

impl Paths {
    fn push(&mut self, path: &[u32], weight: u64) {
        if !path.is_empty() {
            self.items.extend_from_slice(path);
            self.ends.push(self.items.len() as u32);
            self.weights.push(weight);
        }
    }

    fn clear(&mut self) {
        self.items.clear();
        self.ends.clear();
        self.weights.clear();
    }

    fn get(&self, p: usize) -> &[u32] {
        let start = if p == 0 { 0 } else { self.ends[p - 1] as usize };
        &self.items[start..self.ends[p] as usize]
    }
}

impl Tree {
    /// An empty tree with room for `nodes` nodes (a tree has at most as many as its paths have items).
    fn with_room(global: Vec<u32>, nodes: usize) -> Tree {
        Tree {
            item: Vec::with_capacity(nodes),
            count: Vec::with_capacity(nodes),
            parent: Vec::with_capacity(nodes),
            node_start: Vec::new(),
            nodes: Vec::new(),
            global,
        }
    }

    /// Builds the tree from paths sorted lexicographically: then a path shares with the tree exactly its
    /// common prefix with the previous path, so no child lookup (hashing or scanning) is ever needed.
    fn build(global: Vec<u32>, paths: &Paths) -> Tree {
        let mut order: Vec<u32> = (0..paths.weights.len() as u32).collect();
        // Through the shared sort: comparing two paths costs far more than the call through a pointer.
        crate::sorting::sort_indices(&mut order, &|a, b| {
            paths.get(a as usize).cmp(paths.get(b as usize))
        });
        let mut tree = Tree::with_room(global, paths.items.len());
        let mut stack: Vec<u32> = Vec::new();
        let mut previous: &[u32] = &[];
        for &p in &order {
            let (path, weight) = (paths.get(p as usize), paths.weights[p as usize]);
            let common = previous
                .iter()
                .zip(path)
                .take_while(|(a, b)| a == b)
                .count();
            stack.truncate(common);
            for &node in &stack {
                tree.count[node as usize] += weight;
            }
            for &item in &path[common..] {
                let node = tree.item.len() as u32;
                tree.item.push(item);
                tree.count.push(weight);
                tree.parent.push(stack.last().copied().unwrap_or(ROOT));
                stack.push(node);
            }
            previous = path;
        }
        tree.index_nodes();
        tree
    }

    /// Builds the tree by inserting paths one by one, finding children through per-node sibling lists (the
    /// root's children through a table by item). For conditional trees: few paths, few children per node,
    /// where this beats sorting the paths first.
    fn insert_all(global: Vec<u32>, paths: &Paths) -> Tree {
        let most = paths.items.len();
        let mut tree = Tree::with_room(global, most);
        let mut root_child = vec![NONE; tree.global.len()];
        let mut first_child: Vec<u32> = Vec::with_capacity(most);
        let mut next_sibling: Vec<u32> = Vec::with_capacity(most);
        for p in 0..paths.weights.len() {
            let weight = paths.weights[p];
            let mut node = ROOT;
            for &item in paths.get(p) {
                let mut c = if node == ROOT {
                    root_child[item as usize]
                } else {
                    first_child[node as usize]
                };
                if node != ROOT {
                    while c != NONE && tree.item[c as usize] != item {
                        c = next_sibling[c as usize];
                    }
                }
                node = if c != NONE {
                    tree.count[c as usize] += weight;
                    c
                } else {
                    let child = tree.item.len() as u32;
                    tree.item.push(item);
                    tree.count.push(weight);
                    tree.parent.push(node);
                    first_child.push(NONE);
                    if node == ROOT {
                        root_child[item as usize] = child;
                        next_sibling.push(NONE);
                    } else {
                        next_sibling.push(first_child[node as usize]);
                        first_child[node as usize] = child;
                    }
                    child
                };
            }
        }
        tree.index_nodes();
        tree
    }

    /// Fills `node_start` / `nodes` by a counting sort of the nodes by item.
    fn index_nodes(&mut self) {
        let n = self.global.len();
        let mut start = vec![0u32; n + 1];
        for &i in &self.item {
            start[i as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut nodes = vec![0u32; self.item.len()];
        for (node, &i) in self.item.iter().enumerate() {
            nodes[fill[i as usize] as usize] = node as u32;
            fill[i as usize] += 1;
        }
        self.node_start = start;
        self.nodes = nodes;
    }

    fn nodes_of(&self, item: usize) -> &[u32] {
        &self.nodes[self.node_start[item] as usize..self.node_start[item + 1] as usize]
    }

    fn support(&self, item: usize) -> u64 {
        self.nodes_of(item)
            .iter()
            .map(|&n| self.count[n as usize])
            .sum()
    }

    /// The tree is one chain from the root. Nodes are created in path order, so in a chain every node's
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
    crate::sorting::sort_by(&mut frequent, &|&a, &b| {
        support[b as usize]
            .cmp(&support[a as usize])
            .then(a.cmp(&b))
    });
    let mut local = vec![u32::MAX; n_items];
    for (rank, &item) in frequent.iter().enumerate() {
        local[item as usize] = rank as u32;
    }
    let mut paths = Paths::default();
    let mut path = Vec::new();
    for t in transactions {
        path.clear();
        path.extend(
            t.iter()
                .map(|&i| local[i as usize])
                .filter(|&l| l != u32::MAX),
        );
        path.sort_unstable();
        paths.push(&path, 1);
    }
    let tree = Tree::build(frequent, &paths);
    let mut out = Vec::new();
    let mut miner = Miner {
        limits: Limits {
            min_count,
            ..limits
        },
        out: &mut out,
        prefix: Vec::new(),
        scratch: Scratch::default(),
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
    scratch: Scratch,
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
        let mut items = Vec::with_capacity(self.prefix.len() + extra.len());
        items.extend_from_slice(&self.prefix);
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
            if let Some(cond) =
                conditional_tree(tree, item, self.limits.min_count, &mut self.scratch)
            {
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
/// Buffers reused by every conditional tree of a run (they are consumed before the recursion).
#[derive(Default)]
struct Scratch {
    support: Vec<u64>,
    index: Vec<u32>,
    path: Vec<u32>,
    paths: Paths,
}

fn conditional_tree(
    tree: &Tree,
    item: usize,
    min_count: u64,
    scratch: &mut Scratch,
) -> Option<Tree> {
    // Only items before `item` lie above its nodes (paths increase): dense counts over 0..item.
    let support = &mut scratch.support;
    support.clear();
    support.resize(item, 0);
    for &n in tree.nodes_of(item) {
        let w = tree.count[n as usize];
        let mut p = tree.parent[n as usize];
        while p != ROOT {
            support[tree.item[p as usize] as usize] += w;
            p = tree.parent[p as usize];
        }
    }
    // Kept in the parent tree's order (by frequency there), so paths stay increasing.
    let index = &mut scratch.index;
    index.clear();
    index.resize(item, u32::MAX);
    let mut global = Vec::new();
    for (i, &c) in support.iter().enumerate() {
        if c >= min_count {
            index[i] = global.len() as u32;
            global.push(tree.global[i]);
        }
    }
    if global.is_empty() {
        return None;
    }
    let (path, paths) = (&mut scratch.path, &mut scratch.paths);
    paths.clear();
    for &n in tree.nodes_of(item) {
        path.clear();
        let mut p = tree.parent[n as usize];
        while p != ROOT {
            let k = index[tree.item[p as usize] as usize];
            if k != u32::MAX {
                path.push(k);
            }
            p = tree.parent[p as usize];
        }
        path.reverse();
        paths.push(path, tree.count[n as usize]);
    }
    Some(Tree::insert_all(global, paths))
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
