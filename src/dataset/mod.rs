//! The in-memory model every analysis reads: interned ids, one typed column per field of a line, and
//! compressed-sparse-row indexes for baskets (order -> products) and customers (customer -> lines).

pub mod days;
pub mod names;
pub mod table;

use rustc_hash::FxHashMap;

/// Marks a line whose customer id is missing (kept for baskets, left out of customer analyses).
pub const NO_CUSTOMER: u32 = u32::MAX;

/// Maps distinct strings to dense ids 0, 1, 2... in order of first appearance.
///
/// Ids written as plain decimal numbers (most order, product and customer ids) are keyed by their value in a
/// table that holds the keys inline; other ids by their text. A lookup then costs no pointer chase into a
/// separately allocated string, which on a 68k-product file is a cache miss per row.
#[derive(Debug, Default, Clone)]
pub struct Interner {
    numbers: FxHashMap<u64, u32>,
    texts: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    /// The id returned last, and its numeric key if it had one: transaction files list an order's lines (and
    /// often a customer's orders) one after another, so most lookups repeat the previous one.
    last: Option<(Option<u64>, u32)>,
}

/// The value of an id written as a canonical decimal number (no sign, no leading zero, at most 19 digits),
/// so that distinct texts never share a key: `007` and `7` stay different ids.
fn numeric_key(name: &str) -> Option<u64> {
    let b = name.as_bytes();
    let canonical = !b.is_empty() && b.len() <= 19 && (b[0] != b'0' || b.len() == 1);
    if !canonical || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(b.iter().fold(0u64, |n, d| n * 10 + u64::from(d - b'0')))
}

impl Interner {
    pub fn intern(&mut self, name: &str) -> u32 {
        let key = numeric_key(name);
        if let Some((last_key, id)) = self.last {
            let same = match key {
                Some(k) => last_key == Some(k),
                None => last_key.is_none() && *self.names[id as usize] == *name,
            };
            if same {
                return id;
            }
        }
        let next = self.names.len() as u32;
        let id = match key {
            Some(k) => *self.numbers.entry(k).or_insert(next),
            None => match self.texts.get(name) {
                Some(&id) => id,
                None => {
                    self.texts.insert(name.into(), next);
                    next
                }
            },
        };
        if id == next {
            self.names.push(name.into());
        }
        self.last = Some((key, id));
        id
    }

    pub fn get(&self, name: &str) -> Option<u32> {
        match numeric_key(name) {
            Some(k) => self.numbers.get(&k).copied(),
            None => self.texts.get(name).copied(),
        }
    }

    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Replaces every name by `rename(name)`, keeping the ids (pseudonymised customer ids). Names that
    /// become equal (a 64-bit hash collision) keep their distinct ids; a lookup by name finds one of them.
    pub fn rename(&mut self, rename: impl Fn(&str) -> String) {
        let names: Vec<Box<str>> = self.names.iter().map(|n| rename(n).into()).collect();
        *self = Interner::default();
        for (id, name) in names.iter().enumerate() {
            self.texts.insert(name.clone(), id as u32);
        }
        self.names = names;
    }

    /// The names in id order.
    pub fn into_names(self) -> Vec<String> {
        self.names.into_iter().map(String::from).collect()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn heap_bytes(&self) -> usize {
        let strings: usize = self.names.iter().map(|n| n.len()).sum();
        let texts: usize = self.texts.keys().map(|k| k.len()).sum();
        // Table entries: key, value and a control byte each.
        strings
            + texts
            + self.names.capacity() * 16
            + self.numbers.capacity() * (8 + 4 + 1)
            + self.texts.capacity() * (16 + 4 + 1)
    }
}

/// Rows of a sparse 0/1 matrix: row `i` holds `items[offsets[i]..offsets[i + 1]]`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Csr {
    pub offsets: Vec<u32>,
    pub items: Vec<u32>,
}

impl Csr {
    /// A matrix with these rows, for tests that spell out small baskets.
    #[cfg(test)]
    pub(crate) fn from_rows<R: AsRef<[u32]>>(rows: &[R]) -> Csr {
        let mut csr = Csr {
            offsets: vec![0],
            items: Vec::new(),
        };
        for row in rows {
            csr.items.extend_from_slice(row.as_ref());
            csr.offsets.push(csr.items.len() as u32);
        }
        csr
    }

    /// Groups `values` by `keys` (both one entry per element; keys below `rows`), keeping the input order
    /// within a row. Elements whose key is `u32::MAX` are left out. Counting sort: O(n + rows).
    pub fn group(rows: usize, keys: impl Iterator<Item = (u32, u32)> + Clone) -> Csr {
        let mut offsets = vec![0u32; rows + 1];
        for (k, _) in keys.clone() {
            if k != u32::MAX {
                offsets[k as usize + 1] += 1;
            }
        }
        for i in 0..rows {
            offsets[i + 1] += offsets[i];
        }
        let mut fill = offsets.clone();
        let mut items = vec![0u32; offsets[rows] as usize];
        for (k, v) in keys {
            if k != u32::MAX {
                let slot = &mut fill[k as usize];
                items[*slot as usize] = v;
                *slot += 1;
            }
        }
        Csr { offsets, items }
    }

    pub fn rows(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }

    pub fn row(&self, i: usize) -> &[u32] {
        &self.items[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }

    /// Sorts each row and removes repeated values in it.
    pub fn sort_dedup_rows(&mut self) {
        let mut out = Vec::with_capacity(self.items.len());
        let mut offsets = Vec::with_capacity(self.offsets.len());
        offsets.push(0u32);
        for i in 0..self.rows() {
            let start = out.len();
            out.extend_from_slice(self.row(i));
            out[start..].sort_unstable();
            let mut kept = start;
            for j in start..out.len() {
                if j == start || out[j] != out[kept - 1] {
                    out[kept] = out[j];
                    kept += 1;
                }
            }
            out.truncate(kept);
            offsets.push(out.len() as u32);
        }
        self.items = out;
        self.offsets = offsets;
    }

    fn heap_bytes(&self) -> usize {
        4 * (self.offsets.capacity() + self.items.capacity())
    }
}

/// One entry per kept line of the file. Optional columns are empty when the file has no such column.
#[derive(Debug, Default, Clone)]
pub struct Lines {
    pub customer: Vec<u32>,
    /// Empty when the file has neither an order column nor customer + date to form orders from.
    pub order: Vec<u32>,
    /// Empty when the file has no product column.
    pub product: Vec<u32>,
    /// Naive seconds since 1970-01-01; empty without a date column.
    pub time: Vec<i64>,
    pub quantity: Vec<f64>,
    /// Net line value (negative for returns); empty when the file has no price or amount.
    pub amount: Vec<f64>,
    /// Cancellations and returns: they count towards net spend but not towards baskets or order counts.
    pub is_return: Vec<bool>,
}

impl Lines {
    pub fn len(&self) -> usize {
        self.customer.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customer.is_empty()
    }

    fn heap_bytes(&self) -> usize {
        4 * (self.customer.capacity() + self.order.capacity() + self.product.capacity())
            + 8 * (self.time.capacity() + self.quantity.capacity() + self.amount.capacity())
            + self.is_return.capacity()
    }
}

/// Everything an analysis needs, built once per file.
#[derive(Debug, Default, Clone)]
pub struct Dataset {
    pub customers: Interner,
    pub orders: Interner,
    pub products: Interner,
    /// Display name per product id, where the file has a name column (empty string where none was seen).
    pub product_names: Vec<String>,
    pub lines: Lines,
    /// Per order: its customer (`NO_CUSTOMER` if unknown) and the time of its earliest line.
    pub order_customer: Vec<u32>,
    pub order_time: Vec<i64>,
    /// Per order: the distinct products bought (returns excluded), sorted by id. Orders made only of returns
    /// have empty baskets.
    pub baskets: Csr,
    /// Per customer: indexes into `lines`, in file order.
    pub customer_lines: Csr,
}

impl Dataset {
    /// Bytes held on the heap by the model (capacities, so what the allocator actually gave).
    pub fn heap_bytes(&self) -> usize {
        self.customers.heap_bytes()
            + self.orders.heap_bytes()
            + self.products.heap_bytes()
            + self
                .product_names
                .iter()
                .map(|n| n.capacity() + 24)
                .sum::<usize>()
            + self.lines.heap_bytes()
            + 4 * self.order_customer.capacity()
            + 8 * self.order_time.capacity()
            + self.baskets.heap_bytes()
            + self.customer_lines.heap_bytes()
    }

    /// How people read product `p`: "name (id)" where the file names it, else the id.
    pub fn product_label(&self, p: u32) -> String {
        let name = self.product_names.get(p as usize).map(String::as_str);
        product_label(name, self.products.name(p))
    }

    /// Orders that have at least one product bought (not only returns).
    pub fn non_empty_baskets(&self) -> usize {
        (0..self.baskets.rows())
            .filter(|&o| !self.baskets.row(o).is_empty())
            .count()
    }
}

/// How people read a product: "name (id)", or the id alone when no name is known (empty counts as none).
pub fn product_label(name: Option<&str>, id: &str) -> String {
    match name.filter(|n| !n.is_empty()) {
        Some(name) => format!("{name} ({id})"),
        None => id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_assigns_dense_ids_in_order() {
        let mut i = Interner::default();
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.intern("a"), 1);
        assert_eq!(i.intern("b"), 0);
        assert_eq!(i.name(1), "a");
        assert_eq!(i.get("zz"), None);
        assert_eq!(i.len(), 2);
    }

    #[test]
    fn numeric_ids_keep_their_text_and_leading_zeros_stay_distinct() {
        let mut i = Interner::default();
        let ids: Vec<u32> = [
            "7",
            "007",
            "7",
            "12345678901",
            "x7",
            "0",
            "007",
            "12345678901234567890",
        ]
        .iter()
        .map(|s| i.intern(s))
        .collect();
        assert_eq!(ids, [0, 1, 0, 2, 3, 4, 1, 5]);
        assert_eq!(i.name(1), "007");
        assert_eq!(i.name(5), "12345678901234567890");
        assert_eq!(i.get("007"), Some(1));
        assert_eq!(i.get("7"), Some(0));
        assert_eq!(i.get("8"), None);
    }

    #[test]
    fn csr_groups_and_dedups() {
        let keys = [(1u32, 5u32), (0, 3), (1, 2), (u32::MAX, 9), (1, 5)];
        let mut c = Csr::group(3, keys.iter().copied());
        assert_eq!(c.row(0), &[3]);
        assert_eq!(c.row(1), &[5, 2, 5]);
        assert_eq!(c.row(2), &[] as &[u32]);
        c.sort_dedup_rows();
        assert_eq!(c.row(1), &[2, 5]);
        assert_eq!(c.rows(), 3);
    }
}
