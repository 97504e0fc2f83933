//! Content similarity of products from a products table: each product is a TF-IDF vector over the words of
//! its text columns, and two products are as similar as the cosine of their vectors. Discovery uses it to
//! suggest products like the ones a customer buys (another size or flavour, the same kind from another
//! brand), which purchase data alone only finds once enough customers have bought both.
//!
//! The weights are scikit-learn's `TfidfVectorizer` defaults, so that they can be checked against it
//! (scripts/reference/content_reference.py): a product's document is the words of its columns, lowercased,
//! runs of two or more letters, digits or underscores (sklearn's `\b\w\w+\b`); tf = the count of a word in
//! the document; idf = ln((1 + n) / (1 + df)) + 1, n the products with a row, df those whose document has
//! the word; each vector divided by its euclidean norm. Words in more than `maxShare` of the products are
//! dropped before weighting (sklearn's `max_df`), as they say little and make the similarity search
//! quadratic in their product count.

use crate::dataset::table::KeyedTable;
use crate::dataset::Interner;
use crate::error::{Error, ErrorCode, Result};
use crate::progress::Progress;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Defaults: every word tagged with its column, words of more than 1% of the products dropped (a word that
/// common says little about which products are alike, and each one costs comparisons with all its
/// products: BENCHMARKS.md has the cut's effect), the 20 most similar products kept per product.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ContentParams {
    /// Tag each word with its column ("department=dairy" is not "product_type=dairy"); false: one
    /// vocabulary for all columns.
    pub tag_columns: bool,
    /// Words in more than this share of the products are left out, in (0, 1].
    pub max_share: f64,
    /// Most similar products kept per product, 1 to `MAX_NEIGHBOURS`.
    pub neighbours: usize,
}

impl Default for ContentParams {
    fn default() -> Self {
        ContentParams {
            tag_columns: true,
            max_share: 0.01,
            neighbours: 20,
        }
    }
}

/// The most neighbours kept per product: the lists are held for every product.
pub const MAX_NEIGHBOURS: usize = 1_000;

impl ContentParams {
    fn check(&self) -> Result<()> {
        let invalid = |m: String| Err(Error::new(ErrorCode::InvalidOption, m));
        if !(self.max_share > 0.0 && self.max_share <= 1.0) {
            return invalid(format!(
                "maxShare = {}: use a share of products above 0 and at most 1 (1 = keep every word), e.g. 0.1",
                self.max_share
            ));
        }
        if self.neighbours == 0 || self.neighbours > MAX_NEIGHBOURS {
            return invalid(format!(
                "neighbours = {}: keep between 1 and {MAX_NEIGHBOURS} similar products per product, e.g. 20",
                self.neighbours
            ));
        }
        Ok(())
    }
}

/// The words of `value`, lowercased: maximal runs of letters, digits and underscores, two characters or
/// more.
pub fn words(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| w.chars().nth(1).is_some())
        .map(str::to_lowercase)
}

/// TF-IDF vectors of the dataset's products that have a row in the table.
#[derive(Debug, Clone, PartialEq)]
pub struct TfIdf {
    /// The words kept, by index.
    vocabulary: Vec<String>,
    /// Per dataset product: (word, weight), sorted by word; empty without a row or without words.
    vectors: Vec<Vec<(u32, f64)>>,
}

impl TfIdf {
    /// The vectors of `products` (the dataset's product ids) from `table`, matched by id; the first row of
    /// a repeated id is used, rows of products not in the dataset are not counted.
    pub fn new(table: &KeyedTable, products: &Interner, params: &ContentParams) -> Result<TfIdf> {
        params.check()?;
        let mut index: FxHashMap<String, u32> = FxHashMap::default();
        let mut vocabulary: Vec<String> = Vec::new();
        let mut counts: Vec<Vec<(u32, f64)>> = vec![Vec::new(); products.len()];
        let mut has_row = vec![false; products.len()];
        let mut documents = 0usize;
        let tags: Vec<String> = table
            .columns
            .iter()
            .map(|c| c.name.trim().to_lowercase())
            .collect();
        let mut own: Vec<u32> = Vec::new();
        for (row, id) in table.ids.iter().enumerate() {
            let Some(p) = products.get(id) else {
                continue;
            };
            match has_row.get_mut(p as usize) {
                Some(seen) if !*seen => *seen = true,
                _ => continue,
            }
            documents += 1;
            own.clear();
            for (column, tag) in table.columns.iter().zip(&tags) {
                let Some(value) = column.values.get(row) else {
                    continue;
                };
                for w in words(value) {
                    let key = if params.tag_columns {
                        format!("{tag}={w}")
                    } else {
                        w
                    };
                    let t = match index.get(&key) {
                        Some(&t) => t,
                        None => {
                            let t = vocabulary.len() as u32;
                            index.insert(key.clone(), t);
                            vocabulary.push(key);
                            t
                        }
                    };
                    own.push(t);
                }
            }
            own.sort_unstable();
            if let Some(c) = counts.get_mut(p as usize) {
                for &t in &own {
                    match c.last_mut() {
                        Some((last, n)) if *last == t => *n += 1.0,
                        _ => c.push((t, 1.0)),
                    }
                }
            }
        }
        let mut df = vec![0usize; vocabulary.len()];
        for c in &counts {
            for &(t, _) in c {
                if let Some(d) = df.get_mut(t as usize) {
                    *d += 1;
                }
            }
        }
        let n = documents as f64;
        let most = params.max_share * n;
        let idf: Vec<Option<f64>> = df
            .iter()
            .map(|&d| (d as f64 <= most).then(|| ((1.0 + n) / (1.0 + d as f64)).ln() + 1.0))
            .collect();
        for c in &mut counts {
            c.retain_mut(|(t, w)| match idf.get(*t as usize).copied().flatten() {
                Some(f) => {
                    *w *= f;
                    true
                }
                None => false,
            });
            let norm = c.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, w) in c.iter_mut() {
                    *w /= norm;
                }
            }
        }
        Ok(TfIdf {
            vocabulary,
            vectors: counts,
        })
    }

    /// Product `p`'s (word, weight) pairs, sorted by word.
    pub fn weights(&self, p: u32) -> Vec<(&str, f64)> {
        let mut out: Vec<(&str, f64)> = self
            .vectors
            .get(p as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .filter_map(|&(t, w)| Some((self.vocabulary.get(t as usize)?.as_str(), w)))
            .collect();
        crate::sorting::sort_by(&mut out, &|a, b| a.0.cmp(b.0));
        out
    }

    /// The cosine of products `a` and `b`, in [0, 1]; 0 when either has no vector.
    pub fn cosine(&self, a: u32, b: u32) -> f64 {
        let row = |p: u32| {
            self.vectors
                .get(p as usize)
                .map(Vec::as_slice)
                .unwrap_or(&[])
        };
        let (x, y) = (row(a), row(b));
        let (mut i, mut j, mut dot) = (0, 0, 0.0);
        while let (Some(&(ta, wa)), Some(&(tb, wb))) = (x.get(i), y.get(j)) {
            match ta.cmp(&tb) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    dot += wa * wb;
                    i += 1;
                    j += 1;
                }
            }
        }
        dot.clamp(0.0, 1.0)
    }

    /// Every product's `params.neighbours` most similar other products (cosine above 0; ties: lower id),
    /// found through a word -> products index, so only products sharing a word are compared.
    pub fn neighbours(
        &self,
        params: &ContentParams,
        progress: &mut dyn Progress,
    ) -> Result<Content> {
        params.check()?;
        let mut postings: Vec<Vec<(u32, f64)>> = vec![Vec::new(); self.vocabulary.len()];
        for (p, v) in self.vectors.iter().enumerate() {
            for &(t, w) in v {
                if let Some(list) = postings.get_mut(t as usize) {
                    list.push((p as u32, w));
                }
            }
        }
        let products = self.vectors.len();
        let mut dots = vec![0.0f64; products];
        let mut touched: Vec<u32> = Vec::new();
        let mut lists = Vec::with_capacity(products);
        for (p, v) in self.vectors.iter().enumerate() {
            if p % 256 == 0
                && !progress.update("next basket: similar products", p as f64 / products as f64)
            {
                return Err(Error::cancelled());
            }
            for &(t, w) in v {
                for &(q, wq) in postings.get(t as usize).map(Vec::as_slice).unwrap_or(&[]) {
                    if let Some(d) = dots.get_mut(q as usize) {
                        if *d == 0.0 {
                            touched.push(q);
                        }
                        *d += w * wq;
                    }
                }
            }
            let mut near: Vec<(u32, f64)> = touched
                .iter()
                .filter(|&&q| q as usize != p)
                .filter_map(|&q| Some((q, *dots.get(q as usize)?)))
                .filter(|&(_, s)| s > 0.0)
                .collect();
            for &q in &touched {
                if let Some(d) = dots.get_mut(q as usize) {
                    *d = 0.0;
                }
            }
            touched.clear();
            crate::sorting::best_first(&mut near, params.neighbours);
            lists.push(
                near.into_iter()
                    .map(|(q, s)| (q, s.min(1.0) as f32))
                    .collect(),
            );
        }
        Ok(Content {
            neighbours: Arc::new(lists),
        })
    }
}

/// Every product's most similar products by content; cheap to clone (the lists are shared), so fitted
/// models can each hold it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    neighbours: Arc<Vec<Vec<(u32, f32)>>>,
}

impl Content {
    /// The similarity lists of `products` from `table` (`TfIdf::new`, then `TfIdf::neighbours`).
    pub fn build(
        table: &KeyedTable,
        products: &Interner,
        params: &ContentParams,
        progress: &mut dyn Progress,
    ) -> Result<Content> {
        TfIdf::new(table, products, params)?.neighbours(params, progress)
    }

    /// Product `p`'s most similar products and their cosines, most similar first.
    pub fn of(&self, p: u32) -> &[(u32, f32)] {
        self.neighbours
            .get(p as usize)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Number of products with at least one similar product.
    pub fn covered(&self) -> usize {
        self.neighbours.iter().filter(|l| !l.is_empty()).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::table::TextColumn;
    use crate::progress::Silent;

    fn table(ids: &[&str], columns: &[(&str, &[&str])]) -> KeyedTable {
        KeyedTable {
            id_column: "product_id".into(),
            ids: ids.iter().map(|s| s.to_string()).collect(),
            columns: columns
                .iter()
                .map(|(name, values)| TextColumn {
                    name: name.to_string(),
                    values: values.iter().map(|s| s.to_string()).collect(),
                })
                .collect(),
            duplicate_ids: 0,
            masked_columns: Vec::new(),
        }
    }

    fn interner(ids: &[&str]) -> Interner {
        let mut products = Interner::default();
        for id in ids {
            products.intern(id);
        }
        products
    }

    const EVERY_WORD: ContentParams = ContentParams {
        tag_columns: true,
        max_share: 1.0,
        neighbours: 20,
    };

    #[test]
    fn words_are_lowercased_runs_of_two_or_more_word_characters() {
        let got: Vec<String> = words("Milk, 2% FAT & low-fat_x 1 L Crème").collect();
        assert_eq!(got, ["milk", "fat", "low", "fat_x", "crème"]);
        assert_eq!(words("").count(), 0);
    }

    #[test]
    fn weights_are_tf_idf_by_hand_and_cosines_symmetric_in_0_1() {
        // e is bought but has no row; x has a row but is not in the dataset, so it is not counted.
        let t = table(
            &["a", "b", "c", "d", "x"],
            &[
                (
                    "Department",
                    &["DAIRY", "DAIRY", "BAKERY", "DAIRY", "DAIRY"],
                ),
                ("type", &["MILK", "CHEESE", "BREAD", "milk MILK", "MILK"]),
            ],
        );
        let products = interner(&["a", "b", "c", "d", "e"]);
        let m = TfIdf::new(&t, &products, &EVERY_WORD).unwrap();
        // n = 4 products with a row: dairy in 3, milk in 2, cheese and bread in 1.
        let idf = |df: f64| (5.0 / (1.0 + df)).ln() + 1.0;
        let (i3, i2, i1) = (idf(3.0), idf(2.0), idf(1.0));
        let a_norm = (i3 * i3 + i2 * i2).sqrt();
        let d_norm = (i3 * i3 + 4.0 * i2 * i2).sqrt();
        let close = |x: f64, y: f64| (x - y).abs() < 1e-12;
        let a = m.weights(0);
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].0, "department=dairy");
        assert!(close(a[0].1, i3 / a_norm));
        assert_eq!(a[1].0, "type=milk");
        assert!(close(a[1].1, i2 / a_norm));
        let d = m.weights(3);
        assert!(close(d[1].1, 2.0 * i2 / d_norm));
        let b_norm = (i3 * i3 + i1 * i1).sqrt();
        assert!(close(
            m.cosine(0, 3),
            (i3 * i3 + 2.0 * i2 * i2) / a_norm / d_norm
        ));
        assert!(close(m.cosine(0, 1), i3 * i3 / a_norm / b_norm));
        assert_eq!(m.cosine(0, 2), 0.0);
        for x in 0..5 {
            for y in 0..5 {
                let c = m.cosine(x, y);
                assert!((0.0..=1.0).contains(&c));
                assert_eq!(c, m.cosine(y, x));
            }
        }
        assert!(m.weights(4).is_empty());
        assert_eq!(m.cosine(4, 0), 0.0);
        let content = m.neighbours(&EVERY_WORD, &mut Silent).unwrap();
        let near: Vec<u32> = content.of(0).iter().map(|e| e.0).collect();
        assert_eq!(near, [3, 1]);
        assert!(content.of(2).is_empty());
        assert!(content.of(4).is_empty());
        assert!(content.of(99).is_empty());
        // Untagged, "dairy" is one word whichever column it is in.
        let untagged = ContentParams {
            tag_columns: false,
            ..EVERY_WORD
        };
        let m = TfIdf::new(&t, &products, &untagged).unwrap();
        assert_eq!(m.weights(0)[0].0, "dairy");
    }

    #[test]
    fn common_words_are_dropped_and_odd_tables_do_not_fail() {
        let t = table(
            &["a", "b", "c", "a"],
            &[("department", &["DAIRY", "DAIRY", "DAIRY BREAD", "BAKERY"])],
        );
        let products = interner(&["a", "b", "c"]);
        let half = ContentParams {
            max_share: 0.5,
            ..EVERY_WORD
        };
        let m = TfIdf::new(&t, &products, &half).unwrap();
        // dairy is in all 3 (the repeated id's second row is not read): only bread is left.
        assert!(m.weights(0).is_empty());
        assert_eq!(m.weights(2), [("department=bread", 1.0)]);
        let empty = table(&[], &[]);
        let content = Content::build(&empty, &products, &half, &mut Silent).unwrap();
        assert_eq!(content.covered(), 0);
        let blank = table(&["a", "b"], &[("name", &["", "-- !"]), ("short", &["x"])]);
        let content = Content::build(&blank, &products, &half, &mut Silent).unwrap();
        assert_eq!(content.covered(), 0);
        let huge = "word ".repeat(100_000);
        let big = table(&["a", "b"], &[("name", &[huge.as_str(), "word"])]);
        let content = Content::build(&big, &products, &EVERY_WORD, &mut Silent).unwrap();
        assert_eq!(content.of(0), [(1, 1.0)]);
    }

    #[test]
    fn out_of_range_settings_are_refused_with_what_to_do() {
        let t = table(&["a"], &[("name", &["milk"])]);
        let products = interner(&["a"]);
        for bad in [
            ContentParams {
                max_share: 0.0,
                ..Default::default()
            },
            ContentParams {
                max_share: f64::NAN,
                ..Default::default()
            },
            ContentParams {
                neighbours: 0,
                ..Default::default()
            },
        ] {
            let e = TfIdf::new(&t, &products, &bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidOption);
            assert!(e.message.contains("e.g."), "{}", e.message);
        }
        let unknown: std::result::Result<ContentParams, _> =
            serde_json::from_str(r#"{"maxDf": 0.5}"#);
        assert!(unknown.is_err());
    }
}
