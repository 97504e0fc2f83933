//! Sorting through one compiled sort for every element type. Every call of the standard sorts with its own
//! closure compiles a whole sort algorithm (kilobytes of wasm each, BENCHMARKS.md); here an
//! index permutation is sorted, comparing through a `dyn` reference, and only moving the elements into
//! place is compiled per type. Hot sorts (FP-growth's itemset order, the recommender's
//! top-N, the per-row sorts of ids) keep the standard sorts, where inlining the comparison pays.

use std::cmp::Ordering;

/// Sorts `v` by `compare`, stably (equal elements keep their order), as `slice::sort_by`. Whatever `T`, the
/// sorting itself is the one compiled sort of `sort_indices`; only moving elements into place is per type.
pub fn sort_by<T>(v: &mut [T], compare: &dyn Fn(&T, &T) -> Ordering) {
    // Data often comes in order already (a customer's purchases by date): then there is nothing to allocate.
    if v.is_sorted_by(|a, b| compare(a, b) != Ordering::Greater) {
        return;
    }
    let mut order: Vec<u32> = (0..v.len() as u32).collect();
    sort_indices(&mut order, &|a, b| {
        compare(&v[a as usize], &v[b as usize]).then(a.cmp(&b))
    });
    permute(v, order);
}

/// Sorts indices by `compare`, unstably: the one compiled sort behind every sort here.
// Out of line, or a caller that inlines it (`sort_floats`) compiles a sort of its own.
#[inline(never)]
pub fn sort_indices(order: &mut [u32], compare: &dyn Fn(u32, u32) -> Ordering) {
    order.sort_unstable_by(|&a, &b| compare(a, b));
}

/// Puts `v[order[i]]` at position `i`, in place, by walking each cycle of the permutation.
fn permute<T>(v: &mut [T], mut order: Vec<u32>) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] as usize != start {
            let from = order[at] as usize;
            v.swap(at, from);
            order[at] = at as u32;
            at = from;
        }
        order[at] = at as u32;
    }
}

/// Sorts floats ascending (NaN last).
pub fn sort_floats(v: &mut [f64]) {
    sort_by(v, &f64::total_cmp);
}

/// The top-N cut of the next-basket models: keeps the `n` highest-scored `(id, score)` entries of `v`,
/// best first (ties: the lower id first). One compiled selection and sort for every list of that shape
/// (each call site of the standard sorts would compile its own), with the comparison inlined, for the hot
/// loops. With `n >= v.len()` it sorts all of `v`.
pub fn best_first(v: &mut Vec<(u32, f64)>, n: usize) {
    let better = |a: &(u32, f64), b: &(u32, f64)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
    if n > 0 && n < v.len() {
        v.select_nth_unstable_by(n - 1, better);
    }
    v.truncate(n);
    v.sort_unstable_by(better);
}

/// Sorts sparse `(id, weight)` entries by id.
pub fn by_id(v: &mut [(u32, f64)]) {
    v.sort_unstable_by_key(|e| e.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_the_given_order() {
        let mut v = vec![(2, 'b'), (1, 'z'), (2, 'a')];
        sort_by(&mut v, &|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        assert_eq!(v, [(2, 'a'), (2, 'b'), (1, 'z')]);
        let mut f = vec![3.0, f64::NAN, -1.0, 2.5];
        sort_floats(&mut f);
        assert_eq!(&f[..3], &[-1.0, 2.5, 3.0]);
        assert!(f[3].is_nan());
    }

    #[test]
    fn equal_elements_keep_their_order() {
        let mut v = vec![(1, 'a'), (0, 'b'), (1, 'c'), (0, 'd')];
        sort_by(&mut v, &|x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(0, 'b'), (0, 'd'), (1, 'a'), (1, 'c')]);
    }

    #[test]
    fn any_permutation_lands_in_order() {
        // Every permutation of 6 distinct values (720 of them, all cycle shapes) sorts to 0..6.
        let mut v: Vec<u32> = (0..6).collect();
        let mut count = 0;
        permutations(&mut v, 0, &mut |p| {
            let mut s = p.to_vec();
            sort_by(&mut s, &|a, b| a.cmp(b));
            assert_eq!(s, [0, 1, 2, 3, 4, 5]);
            count += 1;
        });
        assert_eq!(count, 720);
    }

    fn permutations(v: &mut [u32], k: usize, each: &mut dyn FnMut(&[u32])) {
        if k == v.len() {
            return each(v);
        }
        for i in k..v.len() {
            v.swap(k, i);
            permutations(v, k + 1, each);
            v.swap(k, i);
        }
    }
}
