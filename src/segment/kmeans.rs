//! k-means segments on customer behaviour (k-means++ initialisation, several seeded runs; the fitting is in
//! `lloyd`). Features are log-transformed (they are heavily skewed: a few customers buy far more) and
//! standardised, so no feature dominates by its units. k is chosen by the mean silhouette over a range, on a
//! seeded sample of customers when there are many (the exact silhouette is O(n^2)); the inertia of every k
//! is returned too, for an elbow chart.

use super::lloyd::{squared_distance, KMeansFit};
use super::rfm::{CustomerRfm, Rfm};
use crate::analysis::Params;
use crate::error::{listing, Error, ErrorCode, Result};
use crate::progress::Progress;
use ndarray::{Array1, Array2, Axis};
use rand_xoshiro::rand_core::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256Plus;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Feature {
    Recency,
    Frequency,
    Monetary,
    AverageOrderValue,
    Tenure,
    DistinctProducts,
}

impl Feature {
    pub fn label(self) -> &'static str {
        match self {
            Feature::Recency => "recency (days)",
            Feature::Frequency => "orders",
            Feature::Monetary => "spend",
            Feature::AverageOrderValue => "average order value",
            Feature::Tenure => "tenure (days)",
            Feature::DistinctProducts => "distinct products",
        }
    }

    fn value(self, c: &CustomerRfm) -> f64 {
        match self {
            Feature::Recency => c.recency_days as f64,
            Feature::Frequency => f64::from(c.frequency),
            Feature::Monetary => c.monetary,
            Feature::AverageOrderValue => c.average_order_value,
            Feature::Tenure => c.tenure_days as f64,
            Feature::DistinctProducts => f64::from(c.distinct_products),
        }
    }

    fn key(self) -> &'static str {
        match self {
            Feature::Recency => "recency",
            Feature::Frequency => "frequency",
            Feature::Monetary => "monetary",
            Feature::AverageOrderValue => "averageOrderValue",
            Feature::Tenure => "tenure",
            Feature::DistinctProducts => "distinctProducts",
        }
    }

    fn needs_money(self) -> bool {
        matches!(self, Feature::Monetary | Feature::AverageOrderValue)
    }

    /// Words for a cluster whose standardised mean is high (`true`) or low on this feature.
    fn words(self, high: bool) -> &'static str {
        match (self, high) {
            (Feature::Recency, true) => "lapsed",
            (Feature::Recency, false) => "recent",
            (Feature::Frequency, true) => "frequent",
            (Feature::Frequency, false) => "occasional",
            (Feature::Monetary, true) => "high spend",
            (Feature::Monetary, false) => "low spend",
            (Feature::AverageOrderValue, true) => "large orders",
            (Feature::AverageOrderValue, false) => "small orders",
            (Feature::Tenure, true) => "long-standing",
            (Feature::Tenure, false) => "new",
            (Feature::DistinctProducts, true) => "broad range",
            (Feature::DistinctProducts, false) => "narrow range",
        }
    }
}

/// What to cluster on and how. Every field has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct KMeansParams {
    /// Default: recency, frequency, monetary (recency and frequency when the file has no prices).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub features: Option<Vec<Feature>>,
    /// A fixed k; `None` chooses k in `min_k..=max_k` by silhouette.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub k: Option<usize>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub min_k: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_k: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub seed: u64,
    /// k-means++ restarts per k; the run with the lowest inertia is kept.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub runs: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub max_iterations: u64,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub tolerance: f64,
    /// Customers sampled (seeded) for the silhouette; all of them when there are fewer.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub silhouette_sample: usize,
    /// When k is chosen and there are more customers than this, the candidate k are fitted on a seeded
    /// sample of this many (with `search_runs` restarts each), and only the chosen k on everyone (with `runs`).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub search_sample: usize,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub search_runs: usize,
}

impl Default for KMeansParams {
    fn default() -> Self {
        KMeansParams {
            features: None,
            k: None,
            min_k: 2,
            max_k: 10,
            seed: 42,
            runs: 10,
            max_iterations: 300,
            tolerance: 1e-4,
            silhouette_sample: 2000,
            search_sample: 5000,
            search_runs: 3,
        }
    }
}

impl KMeansParams {
    /// The RFM features to use: as given, or recency, frequency and (with prices) monetary.
    fn rfm_features(&self, rfm: &Rfm) -> Result<Vec<Feature>> {
        let features = self.features.clone().unwrap_or_else(|| {
            let mut f = vec![Feature::Recency, Feature::Frequency];
            if rfm.has_monetary {
                f.push(Feature::Monetary);
            }
            f
        });
        if features.is_empty() {
            return Err(invalid("features: choose at least one feature".into()));
        }
        if let Some(f) = features
            .iter()
            .find(|f| f.needs_money() && !rfm.has_monetary)
        {
            return Err(invalid(format!(
                "features: `{}` needs prices or amounts, which this file lacks",
                f.label()
            )));
        }
        Ok(features)
    }

    /// The values of k to try for `n` rows.
    fn ks(&self, n: usize) -> Result<Vec<usize>> {
        self.validate()?;
        match self.k {
            Some(k) if k == 0 || k > n => Err(invalid(format!(
                "k = {k}: choose between 1 and the number of customers ({n})"
            ))),
            Some(k) => Ok(vec![k]),
            None if n < 3 => Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "{n} customer{} too few to choose a number of segments; set k",
                    if n == 1 { " is" } else { "s are" }
                ),
            )),
            None if self.min_k > n - 1 => Err(Error::new(
                ErrorCode::NoUsableRows,
                format!(
                    "minK = {} needs at least {} customers to choose among, and there are {n}: lower minK or \
                     set k",
                    self.min_k,
                    self.min_k + 1
                ),
            )),
            // The silhouette needs at least one cluster with two members: k < n.
            None => Ok((self.min_k..=self.max_k.min(n - 1)).collect()),
        }
    }
}

impl Params for KMeansParams {
    /// The options that do not depend on the data (k against the number of customers is checked on them).
    fn validate(&self) -> Result<()> {
        if self.runs == 0
            || self.max_iterations == 0
            || !(self.tolerance > 0.0 && self.tolerance.is_finite())
        {
            return Err(invalid(
                "runs and maxIterations must be at least 1, and tolerance a positive number".into(),
            ));
        }
        if self.silhouette_sample < 2 || self.search_sample < 2 || self.search_runs == 0 {
            return Err(invalid(
                "silhouetteSample and searchSample must be at least 2, searchRuns at least 1"
                    .into(),
            ));
        }
        if self.k.is_none() && (self.min_k < 2 || self.min_k > self.max_k) {
            return Err(invalid(format!(
                "minK = {}, maxK = {}: the range must start at 2 or more and not be empty",
                self.min_k, self.max_k
            )));
        }
        Ok(())
    }
}

fn invalid(message: String) -> Error {
    Error::new(ErrorCode::InvalidOption, message)
}

/// A column as k-means sees it: its key and label, whether to log-transform it, and the words for a cluster
/// that is high or low on it.
pub(crate) struct Column {
    pub key: String,
    pub label: String,
    pub log: bool,
    pub high: String,
    pub low: String,
}

impl Column {
    fn of_feature(f: Feature) -> Column {
        Column {
            key: f.key().into(),
            label: f.label().into(),
            log: true,
            high: f.words(true).into(),
            low: f.words(false).into(),
        }
    }
}

/// The quality of one k.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct KScore {
    pub k: usize,
    /// Sum of squared distances to the nearest centre, in standardised units (as scikit-learn reports it);
    /// over the search sample when k was chosen on one.
    pub inertia: f64,
    /// Mean silhouette in [-1, 1] (higher is better separated); `None` for k = 1.
    pub silhouette: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub cluster: usize,
    pub customers: u64,
    pub share: f64,
    pub revenue_share: f64,
    /// Per feature, in the feature's own units.
    pub mean: Vec<f64>,
    pub median: Vec<f64>,
    /// E.g. "recent, frequent, high spend".
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Segmentation {
    /// Feature keys (`recency`..., or a customer table's column names) and their labels.
    pub features: Vec<String>,
    pub feature_labels: Vec<String>,
    pub k: usize,
    /// "silhouette" when k was chosen, "given" when the caller set it.
    pub chosen_by: &'static str,
    pub scores: Vec<KScore>,
    /// The elbow of the inertia curve (largest distance below the chord), for the chart.
    pub elbow_k: Option<usize>,
    /// Cluster of each input row (each row of `Rfm::customers`), numbered so that cluster 0 has the most
    /// revenue (or, without revenue, the most customers).
    // Serialised by the binding as a typed array (see `Rfm::customers`).
    #[serde(skip_serializing)]
    #[cfg_attr(feature = "ts", ts(type = "Uint32Array<ArrayBuffer>"))]
    pub labels: Vec<u32>,
    pub profiles: Vec<Profile>,
}

/// Clusters the customers of `rfm`. Deterministic: the same input and seed give the same labels natively
/// and in wasm.
pub fn segment(
    rfm: &Rfm,
    params: &KMeansParams,
    progress: &mut dyn Progress,
) -> Result<Segmentation> {
    let features = params.rfm_features(rfm)?;
    let raw = feature_matrix(rfm, &features);
    let columns: Vec<Column> = features.iter().map(|&f| Column::of_feature(f)).collect();
    let revenue: Vec<f64> = rfm.customers.iter().map(|c| c.monetary.max(0.0)).collect();
    let revenue = rfm.has_monetary.then_some(revenue.as_slice());
    cluster(&raw, &columns, revenue, params, progress)
}

/// k-means on any matrix of customers x columns (in the columns' own units).
pub(crate) fn cluster(
    raw: &Array2<f64>,
    columns: &[Column],
    revenue: Option<&[f64]>,
    params: &KMeansParams,
    progress: &mut dyn Progress,
) -> Result<Segmentation> {
    let ks = params.ks(raw.nrows())?;
    let x = standardise(Array2::from_shape_fn(raw.dim(), |(i, j)| {
        let v = raw[(i, j)];
        if columns[j].log {
            libm::log1p(v.max(0.0))
        } else {
            v
        }
    }));
    // Choosing k fits every candidate; on many customers that is done on a sample (the final fit is not).
    let searching = ks.len() > 1 && x.nrows() > params.search_sample;
    let search_x = if searching {
        x.select(
            Axis(0),
            &sample_rows(x.nrows(), params.search_sample, params.seed ^ 0x5EA2C4),
        )
    } else {
        x.clone()
    };
    let search_params = KMeansParams {
        runs: if searching {
            params.search_runs
        } else {
            params.runs
        },
        ..params.clone()
    };
    let sample = sample_rows(search_x.nrows(), params.silhouette_sample, params.seed);
    let mut scores = Vec::new();
    let mut best: Option<(f64, usize, Array1<usize>)> = None;
    for (i, &k) in ks.iter().enumerate() {
        if !progress.update(
            "clustering",
            i as f64 / (ks.len() + usize::from(searching)) as f64,
        ) {
            return Err(Error::cancelled());
        }
        let (labels, inertia) = fit(&search_x, k, &search_params)?;
        let silhouette = (k > 1).then(|| silhouette(&search_x, &labels, &sample, k));
        scores.push(KScore {
            k,
            inertia,
            silhouette,
        });
        let quality = silhouette.unwrap_or(0.0);
        if best.as_ref().is_none_or(|(q, _, _)| quality > *q) {
            best = Some((quality, k, labels));
        }
    }
    let (_, k, mut labels) = best.ok_or_else(|| invalid("no k to try".into()))?;
    if searching {
        if !progress.update("clustering", ks.len() as f64 / (ks.len() + 1) as f64) {
            return Err(Error::cancelled());
        }
        labels = fit(&x, k, params)?.0;
    }
    let (labels, profiles) = profiles(columns, revenue, raw, &x, &labels, k);
    Ok(Segmentation {
        features: columns.iter().map(|c| c.key.clone()).collect(),
        feature_labels: columns.iter().map(|c| c.label.clone()).collect(),
        k,
        chosen_by: if params.k.is_some() {
            "given"
        } else {
            "silhouette"
        },
        elbow_k: elbow(&scores),
        scores,
        labels,
        profiles,
    })
}

fn feature_matrix(rfm: &Rfm, features: &[Feature]) -> Array2<f64> {
    Array2::from_shape_fn((rfm.customers.len(), features.len()), |(i, j)| {
        features[j].value(&rfm.customers[i])
    })
}

/// What k-means sees of RFM features: `log(1 + max(v, 0))` of each, standardised. Public so that benchmarks
/// can give peers exactly the same matrix.
pub fn standardised(raw: &Array2<f64>) -> Array2<f64> {
    standardise(raw.mapv(|v| libm::log1p(v.max(0.0))))
}

pub fn raw_features(rfm: &Rfm, features: &[Feature]) -> Array2<f64> {
    feature_matrix(rfm, features)
}

/// Z-scores per column with the population standard deviation (as scikit-learn's StandardScaler); a constant
/// column becomes all zeros.
fn standardise(mut x: Array2<f64>) -> Array2<f64> {
    for mut col in x.columns_mut() {
        let mean = col.mean().unwrap_or(0.0);
        let sd = col.std(0.0);
        col.mapv_inplace(|v| if sd > 0.0 { (v - mean) / sd } else { 0.0 });
    }
    x
}

/// Fits k-means; returns labels and the inertia (sum of squared distances) of the best run.
fn fit(x: &Array2<f64>, k: usize, params: &KMeansParams) -> Result<(Array1<usize>, f64)> {
    let mut rng =
        Xoshiro256Plus::seed_from_u64(params.seed ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let fitted = KMeansFit {
        k,
        runs: params.runs,
        max_iterations: params.max_iterations,
        tolerance: params.tolerance,
    }
    .fit(x.view(), &mut rng)?;
    Ok((Array1::from(fitted.labels), fitted.inertia))
}

/// Up to `size` distinct row indexes, drawn with a seeded RNG (all rows, in order, when there are fewer).
fn sample_rows(n: usize, size: usize, seed: u64) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    if n <= size {
        return idx;
    }
    let mut rng = Xoshiro256Plus::seed_from_u64(seed);
    // Partial Fisher-Yates: the first `size` places become a uniform sample.
    for i in 0..size {
        let j = i + (rng.next_u64() % (n - i) as u64) as usize;
        idx.swap(i, j);
    }
    idx.truncate(size);
    idx.sort_unstable();
    idx
}

/// Mean silhouette of the sampled rows, against the other sampled rows (scikit-learn's `silhouette_score`
/// with `sample_size`). A row alone in its cluster scores 0. Out of line, once per k, on purpose: see
/// `ItemKnnParams::neighbours_of` (the wasm-opt flags in Cargo.toml keep it so).
#[inline(never)]
fn silhouette(x: &Array2<f64>, labels: &Array1<usize>, sample: &[usize], k: usize) -> f64 {
    let d = x.ncols();
    if d == 0 {
        // No feature: every distance is 0, so every row scores 0 (and rows cannot be chunked by 0).
        return 0.0;
    }
    // The sampled rows gathered contiguously: the n^2 distances then read plain slices.
    let points: Vec<f64> = sample.iter().flat_map(|&i| x.row(i)).copied().collect();
    let point_labels: Vec<usize> = sample.iter().map(|&i| labels[i]).collect();
    let mut total = 0.0;
    let mut sums = vec![0.0; k];
    let mut counts = vec![0usize; k];
    for (i, p) in points.chunks_exact(d).enumerate() {
        sums.iter_mut().for_each(|s| *s = 0.0);
        counts.iter_mut().for_each(|c| *c = 0);
        for (j, (q, &label)) in points.chunks_exact(d).zip(&point_labels).enumerate() {
            if i != j {
                sums[label] += squared_distance(p, q).sqrt();
                counts[label] += 1;
            }
        }
        let own = point_labels[i];
        if counts[own] == 0 {
            continue;
        }
        let a = sums[own] / counts[own] as f64;
        let b = (0..k)
            .filter(|&c| c != own && counts[c] > 0)
            .map(|c| sums[c] / counts[c] as f64)
            .fold(f64::INFINITY, f64::min);
        if b.is_finite() && a.max(b) > 0.0 {
            total += (b - a) / a.max(b);
        }
    }
    total / sample.len() as f64
}

/// The k whose inertia lies farthest below the straight line from the first to the last k tried.
fn elbow(scores: &[KScore]) -> Option<usize> {
    let (first, last) = (scores.first()?, scores.last()?);
    if scores.len() < 3 {
        return None;
    }
    let slope = (last.inertia - first.inertia) / (last.k - first.k) as f64;
    scores
        .iter()
        .map(|s| {
            (
                first.inertia + slope * (s.k - first.k) as f64 - s.inertia,
                s.k,
            )
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

/// Renumbers clusters by revenue (then size), and describes each one.
fn profiles(
    columns: &[Column],
    revenue: Option<&[f64]>,
    raw: &Array2<f64>,
    x: &Array2<f64>,
    labels: &Array1<usize>,
    k: usize,
) -> (Vec<u32>, Vec<Profile>) {
    let n = labels.len() as f64;
    let revenue_of = |c: usize| -> f64 {
        revenue.map_or(0.0, |r| {
            labels
                .iter()
                .zip(r)
                .filter(|(&l, _)| l == c)
                .map(|(_, v)| v)
                .sum()
        })
    };
    let size_of = |c: usize| labels.iter().filter(|&&l| l == c).count();
    let mut order: Vec<usize> = (0..k).filter(|&c| size_of(c) > 0).collect();
    crate::sorting::sort_by(&mut order, &|&a, &b| {
        revenue_of(b)
            .total_cmp(&revenue_of(a))
            .then(size_of(b).cmp(&size_of(a)))
            .then(a.cmp(&b))
    });
    let mut new_id = vec![0u32; k];
    for (new, &old) in order.iter().enumerate() {
        new_id[old] = new as u32;
    }
    let total_revenue: f64 = revenue.map_or(0.0, |r| r.iter().sum());
    let profiles = order
        .iter()
        .enumerate()
        .map(|(new, &old)| {
            let rows: Vec<usize> = (0..labels.len()).filter(|&i| labels[i] == old).collect();
            let members = raw.select(Axis(0), &rows);
            let z = x
                .select(Axis(0), &rows)
                .mean_axis(Axis(0))
                .unwrap_or_default();
            let mean: Vec<f64> = members
                .mean_axis(Axis(0))
                .map(|m| m.to_vec())
                .unwrap_or_default();
            let median: Vec<f64> = members
                .columns()
                .into_iter()
                .map(|c| median(c.to_vec()))
                .collect();
            Profile {
                cluster: new,
                customers: rows.len() as u64,
                share: rows.len() as f64 / n,
                revenue_share: if total_revenue > 0.0 {
                    revenue_of(old) / total_revenue
                } else {
                    0.0
                },
                mean,
                median,
                // Against the other customers, not against everyone: a cluster holding most customers is
                // itself most of the average, and reads "average" beside a small cluster far from it.
                description: describe(
                    columns,
                    &z.iter()
                        .map(|v| v * n / (n - rows.len() as f64).max(1.0))
                        .collect::<Vec<_>>(),
                ),
            }
        })
        .collect();
    (labels.iter().map(|&l| new_id[l]).collect(), profiles)
}

fn median(mut v: Vec<f64>) -> f64 {
    crate::sorting::sort_floats(&mut v);
    match v.len() {
        0 => 0.0,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

/// Features whose cluster mean (`z`, in standard deviations, from the other customers' mean) is more than half
/// a standard deviation away, most distinctive first; "average on every feature" otherwise.
fn describe(columns: &[Column], z: &[f64]) -> String {
    let mut notable: Vec<(f64, &str)> = columns
        .iter()
        .zip(z)
        .filter(|(_, &v)| v.abs() > 0.5)
        .map(|(c, &v)| {
            (
                v.abs(),
                if v > 0.0 {
                    c.high.as_str()
                } else {
                    c.low.as_str()
                },
            )
        })
        .collect();
    crate::sorting::sort_by(&mut notable, &|a, b| b.0.total_cmp(&a.0));
    if notable.is_empty() {
        "average on every feature".into()
    } else {
        listing(notable.iter().map(|(_, w)| *w), notable.len() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scores(inertia: &[f64]) -> Vec<KScore> {
        inertia
            .iter()
            .enumerate()
            .map(|(i, &inertia)| KScore {
                k: i + 2,
                inertia,
                silhouette: None,
            })
            .collect()
    }

    #[test]
    fn elbow_is_the_bend() {
        assert_eq!(elbow(&scores(&[100.0, 40.0, 30.0, 25.0, 22.0])), Some(3));
        assert_eq!(elbow(&scores(&[100.0, 50.0])), None);
    }

    #[test]
    fn sample_is_seeded_distinct_and_sorted() {
        let a = sample_rows(10_000, 50, 7);
        assert_eq!(a, sample_rows(10_000, 50, 7));
        assert_ne!(a, sample_rows(10_000, 50, 8));
        assert!(a.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample_rows(5, 50, 7), [0, 1, 2, 3, 4]);
    }

    #[test]
    fn silhouette_of_well_separated_clusters_is_near_one() {
        let x = ndarray::array![[0.0, 0.0], [0.1, 0.0], [10.0, 10.0], [10.1, 10.0]];
        let labels = ndarray::array![0usize, 0, 1, 1];
        let s = silhouette(&x, &labels, &[0, 1, 2, 3], 2);
        assert!(s > 0.98, "{s}");
    }

    #[test]
    fn describes_distinctive_features() {
        let f = [Feature::Recency, Feature::Frequency, Feature::Monetary].map(Column::of_feature);
        assert_eq!(
            describe(&f, &[-1.0, 0.8, 1.5]),
            "high spend, recent, frequent"
        );
        assert_eq!(describe(&f, &[0.1, 0.0, -0.2]), "average on every feature");
    }
}
