//! Fitting k-means: greedy k-means++ seeding (as scikit-learn's) and Lloyd iterations, best of several seeded
//! runs. Our own rather than linfa-clustering's `KMeans`, which it replaced: linfa makes ndarray views and
//! checks shapes for every point-to-centre distance, and the same iterations from the same centres ran
//! several times slower there, and slower than scikit-learn's (`scripts/bench-kmeans.sh` times all three and
//! checks they reach the same inertia, BENCHMARKS.md has the ratios; tests/segments.rs checks our fits are as
//! good as linfa's).

use crate::error::{Error, ErrorCode, Result};
use ndarray::ArrayView2;
use rand_xoshiro::rand_core::RngCore;
use rand_xoshiro::Xoshiro256Plus;

/// How to fit: k clusters, `runs` k-means++ restarts (the lowest inertia is kept), and Lloyd iterations until
/// the centres move less than `tolerance` in all (Euclidean distance over every centre's coordinates) or
/// `max_iterations` updates.
#[derive(Debug, Clone, PartialEq)]
pub struct KMeansFit {
    pub k: usize,
    pub runs: usize,
    pub max_iterations: u64,
    pub tolerance: f64,
}

/// A fitted clustering: centres (k rows of the matrix's width, row-major), each row's cluster and the inertia
/// (sum of squared distances to the own centre), all against the final centres.
#[derive(Debug, Clone, PartialEq)]
pub struct Clusters {
    pub centroids: Vec<f64>,
    pub labels: Vec<usize>,
    pub inertia: f64,
    /// Centre updates made (at most `max_iterations`).
    pub iterations: u64,
}

impl KMeansFit {
    fn validate(&self, x: &ArrayView2<f64>) -> Result<()> {
        let invalid = |m: String| Err(Error::new(ErrorCode::InvalidOption, m));
        if x.ncols() == 0 {
            return invalid("k-means needs at least one feature".into());
        }
        if self.k == 0 || self.k > x.nrows() {
            return invalid(format!(
                "k = {}: choose between 1 and the number of rows ({})",
                self.k,
                x.nrows()
            ));
        }
        if self.runs == 0
            || self.max_iterations == 0
            || self.tolerance.is_nan()
            || self.tolerance < 0.0
        {
            return invalid(
                "runs and maxIterations must be at least 1, and tolerance 0 or more".into(),
            );
        }
        Ok(())
    }

    /// The best of `runs` fits, each from k-means++ centres drawn with `rng`.
    pub fn fit(&self, x: ArrayView2<f64>, rng: &mut Xoshiro256Plus) -> Result<Clusters> {
        self.validate(&x)?;
        let x = x.as_standard_layout();
        let rows = Rows::new(x.as_slice().unwrap_or_default(), x.ncols());
        let mut best: Option<Clusters> = None;
        for _ in 0..self.runs {
            let fitted = self.lloyd(&rows, kmeans_plus_plus(&rows, self.k, rng));
            if best.as_ref().is_none_or(|b| fitted.inertia < b.inertia) {
                best = Some(fitted);
            }
        }
        best.ok_or_else(|| Error::new(ErrorCode::InvalidOption, "runs must be at least 1"))
    }

    /// One fit from the given centres (k rows of x's width, row-major), as a peer fits from the same start.
    pub fn fit_from(&self, x: ArrayView2<f64>, centroids: Vec<f64>) -> Result<Clusters> {
        self.validate(&x)?;
        if centroids.len() != self.k * x.ncols() {
            return Err(Error::new(
                ErrorCode::InvalidOption,
                format!(
                    "{} starting coordinates given; k = {} centres of {} features need {}",
                    centroids.len(),
                    self.k,
                    x.ncols(),
                    self.k * x.ncols()
                ),
            ));
        }
        let x = x.as_standard_layout();
        Ok(self.lloyd(
            &Rows::new(x.as_slice().unwrap_or_default(), x.ncols()),
            centroids,
        ))
    }

    fn lloyd(&self, rows: &Rows, mut centroids: Vec<f64>) -> Clusters {
        let mut step = Assignment::new(rows.len(), self.k, rows.d);
        step.assign(rows, &centroids);
        let mut iterations = 0;
        while iterations < self.max_iterations {
            let moved = step.update(rows, &mut centroids);
            iterations += 1;
            step.assign(rows, &centroids);
            if moved.sqrt() < self.tolerance {
                break;
            }
        }
        Clusters {
            centroids,
            inertia: step.distances.iter().sum(),
            labels: step.labels,
            iterations,
        }
    }
}

/// A row-major matrix's rows.
struct Rows<'a> {
    data: &'a [f64],
    d: usize,
}

impl<'a> Rows<'a> {
    fn new(data: &'a [f64], d: usize) -> Self {
        Rows { data, d }
    }

    fn len(&self) -> usize {
        self.data.len() / self.d
    }

    fn row(&self, i: usize) -> &'a [f64] {
        &self.data[i * self.d..(i + 1) * self.d]
    }

    fn iter(&self) -> std::slice::ChunksExact<'a, f64> {
        self.data.chunks_exact(self.d)
    }
}

pub(crate) fn squared_distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum()
}

/// The last assignment of rows to centres, with what the next update needs: per-row distance to its centre,
/// and per-cluster coordinate sums and counts (accumulated in the same pass, as scikit-learn does).
struct Assignment {
    labels: Vec<usize>,
    distances: Vec<f64>,
    sums: Vec<f64>,
    counts: Vec<usize>,
}

impl Assignment {
    fn new(n: usize, k: usize, d: usize) -> Self {
        Assignment {
            labels: vec![0; n],
            distances: vec![0.0; n],
            sums: vec![0.0; k * d],
            counts: vec![0; k],
        }
    }

    fn assign(&mut self, rows: &Rows, centroids: &[f64]) {
        let d = rows.d;
        self.sums.iter_mut().for_each(|s| *s = 0.0);
        self.counts.iter_mut().for_each(|c| *c = 0);
        for ((p, label), distance) in rows
            .iter()
            .zip(self.labels.iter_mut())
            .zip(self.distances.iter_mut())
        {
            let (mut best, mut best_distance) = (0, f64::INFINITY);
            for (c, centre) in centroids.chunks_exact(d).enumerate() {
                let dist = squared_distance(p, centre);
                if dist < best_distance {
                    best = c;
                    best_distance = dist;
                }
            }
            *label = best;
            *distance = best_distance;
            self.counts[best] += 1;
            for (s, v) in self.sums[best * d..(best + 1) * d].iter_mut().zip(p) {
                *s += v;
            }
        }
    }

    /// Moves each centre to its rows' mean; returns the sum of squared moves. An empty cluster takes the row
    /// farthest from its centre, as scikit-learn relocates them (m empty clusters: the m farthest rows).
    fn update(&mut self, rows: &Rows, centroids: &mut [f64]) -> f64 {
        let d = rows.d;
        let empty: Vec<usize> = (0..self.counts.len())
            .filter(|&c| self.counts[c] == 0)
            .collect();
        if !empty.is_empty() {
            let mut far: Vec<usize> = (0..rows.len()).collect();
            crate::sorting::sort_by(&mut far, &|&a, &b| {
                self.distances[b]
                    .total_cmp(&self.distances[a])
                    .then(a.cmp(&b))
            });
            for (&c, &i) in empty.iter().zip(&far) {
                let old = self.labels[i];
                if self.counts[old] <= 1 {
                    continue;
                }
                let p = rows.row(i);
                for (j, &v) in p.iter().enumerate() {
                    self.sums[old * d + j] -= v;
                    self.sums[c * d + j] = v;
                }
                self.counts[old] -= 1;
                self.counts[c] = 1;
            }
        }
        let mut moved = 0.0;
        for (c, &count) in self.counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            for j in 0..d {
                let mean = self.sums[c * d + j] / count as f64;
                moved += (mean - centroids[c * d + j]).powi(2);
                centroids[c * d + j] = mean;
            }
        }
        moved
    }
}

/// A uniform draw in [0, 1).
fn unit(rng: &mut Xoshiro256Plus) -> f64 {
    (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64
}

/// Greedy k-means++ (Arthur & Vassilvitskii; scikit-learn's variant): the first centre a uniform row, each next
/// one the best of 2 + ln k rows drawn with probability proportional to their squared distance to the nearest
/// centre so far, "best" meaning the lowest total of those distances after adding it.
fn kmeans_plus_plus(rows: &Rows, k: usize, rng: &mut Xoshiro256Plus) -> Vec<f64> {
    let n = rows.len();
    let trials = 2 + (k as f64).ln() as usize;
    let first = (rng.next_u64() % n as u64) as usize;
    let mut centroids = rows.row(first).to_vec();
    let mut closest: Vec<f64> = rows
        .iter()
        .map(|p| squared_distance(p, rows.row(first)))
        .collect();
    let mut cumulative = vec![0.0; n];
    for _ in 1..k {
        let mut total = 0.0;
        for (c, &v) in cumulative.iter_mut().zip(&closest) {
            total += v;
            *c = total;
        }
        let mut best: Option<(f64, usize)> = None;
        for _ in 0..trials {
            let target = unit(rng) * total;
            let candidate = cumulative.partition_point(|&c| c < target).min(n - 1);
            let centre = rows.row(candidate);
            let potential: f64 = rows
                .iter()
                .zip(&closest)
                .map(|(p, &c)| c.min(squared_distance(p, centre)))
                .sum();
            if best.is_none_or(|(b, _)| potential < b) {
                best = Some((potential, candidate));
            }
        }
        let chosen = best.map_or(0, |(_, i)| i);
        let centre = rows.row(chosen);
        for (c, p) in closest.iter_mut().zip(rows.iter()) {
            *c = c.min(squared_distance(p, centre));
        }
        centroids.extend_from_slice(centre);
    }
    centroids
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_xoshiro::rand_core::SeedableRng;

    fn matrix(rows: &[[f64; 2]]) -> ndarray::Array2<f64> {
        ndarray::Array2::from_shape_fn((rows.len(), 2), |(i, j)| rows[i][j])
    }

    fn params(k: usize) -> KMeansFit {
        KMeansFit {
            k,
            runs: 3,
            max_iterations: 100,
            tolerance: 1e-9,
        }
    }

    fn rng() -> Xoshiro256Plus {
        Xoshiro256Plus::seed_from_u64(5)
    }

    #[test]
    fn finds_separated_groups() {
        let x = matrix(&[
            [0.0, 0.0],
            [0.2, 0.1],
            [10.0, 10.0],
            [10.1, 9.9],
            [0.1, 0.2],
            [9.9, 10.2],
        ]);
        let c = params(2).fit(x.view(), &mut rng()).unwrap();
        let l = &c.labels;
        assert!(l[0] == l[1] && l[1] == l[4] && l[2] == l[3] && l[3] == l[5] && l[0] != l[2]);
        // Squared distances to the group means (0.1, 0.1) and (10, 10.0333): 0.04 + 0.0667.
        assert!((c.inertia - 0.106_666_7).abs() < 1e-6, "{}", c.inertia);
    }

    #[test]
    fn one_lloyd_step_moves_centres_to_the_means() {
        let x = matrix(&[[0.0, 0.0], [2.0, 0.0], [10.0, 0.0], [12.0, 0.0]]);
        let fit = KMeansFit {
            max_iterations: 1,
            ..params(2)
        };
        let c = fit.fit_from(x.view(), vec![0.0, 0.0, 2.0, 0.0]).unwrap();
        // First assignment: {0} and {2, 10, 12}; the update moves the centres to 0 and 8.
        assert_eq!(c.centroids, [0.0, 0.0, 8.0, 0.0]);
        assert_eq!(c.labels, [0, 0, 1, 1]);
        assert_eq!(c.inertia, 4.0 + 4.0 + 16.0);
        assert_eq!(c.iterations, 1);
        let done = params(2)
            .fit_from(x.view(), vec![0.0, 0.0, 2.0, 0.0])
            .unwrap();
        assert_eq!(done.centroids, [1.0, 0.0, 11.0, 0.0]);
        assert_eq!(done.inertia, 4.0);
    }

    #[test]
    fn an_empty_cluster_takes_the_farthest_row() {
        let x = matrix(&[[0.0, 0.0], [1.0, 0.0], [9.0, 0.0]]);
        // Both centres start at the origin: the second gets no row and moves to (9, 0).
        let c = params(2).fit_from(x.view(), vec![0.0; 4]).unwrap();
        assert_eq!(c.centroids, [0.5, 0.0, 9.0, 0.0]);
        assert_eq!(c.labels, [0, 0, 1]);
    }

    #[test]
    fn identical_rows_and_non_numbers_do_not_panic() {
        let same = matrix(&[[1.0, 1.0]; 5]);
        let c = params(3).fit(same.view(), &mut rng()).unwrap();
        assert_eq!(c.inertia, 0.0);
        let odd = matrix(&[
            [f64::NAN, 0.0],
            [1.0, f64::INFINITY],
            [0.0, 0.0],
            [1.0, 1.0],
        ]);
        let c = params(2).fit(odd.view(), &mut rng()).unwrap();
        assert_eq!(c.labels.len(), 4);
    }

    #[test]
    fn is_seeded() {
        let x = ndarray::Array2::from_shape_fn((200, 3), |(i, j)| ((i * 7 + j * 13) % 17) as f64);
        let a = params(4).fit(x.view(), &mut rng()).unwrap();
        assert_eq!(a, params(4).fit(x.view(), &mut rng()).unwrap());
        let other = params(4)
            .fit(x.view(), &mut Xoshiro256Plus::seed_from_u64(6))
            .unwrap();
        assert!(other.inertia.is_finite());
    }

    #[test]
    fn rejects_what_it_cannot_fit() {
        let x = matrix(&[[0.0, 0.0], [1.0, 1.0]]);
        let err = |f: KMeansFit| f.fit(x.view(), &mut rng()).unwrap_err().message;
        assert!(err(params(3)).contains("k = 3"));
        assert!(err(params(0)).contains("k = 0"));
        assert!(err(KMeansFit {
            runs: 0,
            ..params(1)
        })
        .contains("runs"));
        assert!(err(KMeansFit {
            tolerance: f64::NAN,
            ..params(1)
        })
        .contains("tolerance"));
        let e = params(2).fit_from(x.view(), vec![0.0; 3]).unwrap_err();
        assert!(e.message.contains("need 4"), "{}", e.message);
        let none = ndarray::Array2::<f64>::zeros((3, 0));
        assert!(params(1).fit(none.view(), &mut rng()).is_err());
    }
}
