//! A sparse accumulator of item scores for one user, and the top-N selection both models and the
//! evaluation share.

/// Dense scores with the list of items touched, so that clearing and ranking cost O(touched), not O(items).
#[derive(Debug, Clone)]
pub struct Scores {
    values: Vec<f32>,
    is_touched: Vec<bool>,
    touched: Vec<u32>,
    /// Scratch for `take_top`, kept between calls: building every item's neighbour list allocated and
    /// freed a vector of up to all items each time.
    ranked: Vec<(u32, f32)>,
}

impl Scores {
    pub fn new(items: usize) -> Scores {
        Scores {
            values: vec![0.0; items],
            is_touched: vec![false; items],
            touched: Vec::new(),
            ranked: Vec::new(),
        }
    }

    pub fn add(&mut self, item: u32, value: f32) {
        let i = item as usize;
        if !self.is_touched[i] {
            self.is_touched[i] = true;
            self.touched.push(item);
        }
        self.values[i] += value;
    }

    /// Multiplies every score so far by `factor`.
    pub fn scale(&mut self, factor: f32) {
        for &i in &self.touched {
            self.values[i as usize] *= factor;
        }
    }

    pub fn get(&self, item: u32) -> f32 {
        self.values[item as usize]
    }

    /// The `n` best items with a positive score, best first (ties: lower item id first), leaving out the
    /// items `skip` holds (sorted), then clears the accumulator.
    pub fn take_top(&mut self, n: usize, skip: &[u32]) -> &mut [(u32, f32)] {
        let mut ranked = std::mem::take(&mut self.ranked);
        ranked.clear();
        ranked.extend(
            self.touched
                .iter()
                .map(|&i| (i, self.values[i as usize]))
                .filter(|&(i, s)| s > 0.0 && skip.binary_search(&i).is_err()),
        );
        let better = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if ranked.len() > n {
            ranked.select_nth_unstable_by(n, better);
            ranked.truncate(n);
        }
        ranked.sort_unstable_by(better);
        self.clear();
        self.ranked = ranked;
        &mut self.ranked
    }

    pub fn clear(&mut self) {
        for &i in &self.touched {
            self.values[i as usize] = 0.0;
            self.is_touched[i as usize] = false;
        }
        self.touched.clear();
    }

    /// Items touched so far (in the order first touched).
    pub fn touched(&self) -> &[u32] {
        &self.touched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_skips_and_clears() {
        let mut s = Scores::new(5);
        s.add(3, 1.0);
        s.add(1, 2.0);
        s.add(4, 2.0);
        s.add(0, 5.0);
        s.add(3, 0.5);
        assert_eq!(s.take_top(3, &[0]), [(1, 2.0), (4, 2.0), (3, 1.5)]);
        assert!(s.touched().is_empty());
        assert_eq!(s.get(1), 0.0);
    }
}
