//! Per-customer basket histories in time order, and the leave-last-basket-out splits next-basket
//! recommendation is evaluated on.
//!
//! A basket is one order of the dataset (its distinct products bought, returns left out). Orders are put in
//! time order by the dataset's order time, then by the order id's number where it is one (relative-time
//! files and files without dates number their orders), then by first appearance in the file, so that a
//! customer's last basket is the latest one, or the highest order number when times tie.

use crate::dataset::{Csr, Dataset, NO_CUSTOMER};
use crate::error::{Error, ErrorCode, Result};

/// Customers' baskets, oldest first. Row `r` is customer `customers[r]` of the dataset; its baskets are
/// `customer_baskets.row(r)`, indexes into `baskets` and `time`.
#[derive(Debug, Clone, PartialEq)]
pub struct Histories {
    /// The dataset's customer id of each row.
    pub customers: Vec<u32>,
    /// Number of item ids (the dataset's products).
    pub items: usize,
    /// Per basket: its items, sorted and distinct.
    pub baskets: Csr,
    /// Per basket: naive seconds (the order's time; 0 where the file has no dates).
    pub time: Vec<i64>,
    /// Per row: its baskets, oldest first.
    pub customer_baskets: Csr,
}

/// Training histories and, per row of `train`, the held-out basket (empty: nothing held out).
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub train: Histories,
    pub held_out: Vec<Vec<u32>>,
}

impl Histories {
    /// The baskets of every customer with at least one non-empty basket.
    pub fn from_dataset(data: &Dataset) -> Result<Histories> {
        if data.lines.product.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingColumn,
                "next-basket recommendations need a product column",
            ));
        }
        if data.lines.order.is_empty() {
            return Err(Error::new(
                ErrorCode::MissingColumn,
                "next-basket recommendations need orders (an order column, or customers and dates to form \
                 them from)",
            ));
        }
        let orders = data.baskets.rows();
        let number = |o: usize| -> u64 {
            let name = data.orders.name(o as u32);
            name.parse::<u64>().unwrap_or(u64::MAX)
        };
        let order_ids: Vec<u32> = (0..orders)
            .filter(|&o| {
                data.order_customer
                    .get(o)
                    .is_some_and(|&c| c != NO_CUSTOMER)
                    && !data.baskets.row(o).is_empty()
            })
            .map(|o| o as u32)
            .collect();
        let time = |o: u32| data.order_time.get(o as usize).copied().unwrap_or(0);
        let mut keyed: Vec<(u32, i64, u64, u32)> = order_ids
            .iter()
            .map(|&o| {
                let customer = data.order_customer.get(o as usize).copied();
                (
                    customer.unwrap_or(NO_CUSTOMER),
                    time(o),
                    number(o as usize),
                    o,
                )
            })
            .collect();
        crate::sorting::sort_by(&mut keyed, &|a, b| a.cmp(b));
        let order_ids: Vec<u32> = keyed.into_iter().map(|k| k.3).collect();
        let mut h = Histories {
            customers: Vec::new(),
            items: data.products.len(),
            baskets: Csr {
                offsets: vec![0],
                items: Vec::new(),
            },
            time: Vec::new(),
            customer_baskets: Csr {
                offsets: vec![0],
                items: Vec::new(),
            },
        };
        for (i, &o) in order_ids.iter().enumerate() {
            let customer = data
                .order_customer
                .get(o as usize)
                .copied()
                .unwrap_or(NO_CUSTOMER);
            let new_customer = h.customers.last() != Some(&customer);
            if new_customer && i > 0 {
                h.customer_baskets
                    .offsets
                    .push(h.customer_baskets.items.len() as u32);
            }
            if new_customer {
                h.customers.push(customer);
            }
            h.customer_baskets.items.push(h.time.len() as u32);
            h.baskets
                .items
                .extend_from_slice(data.baskets.row(o as usize));
            h.baskets.offsets.push(h.baskets.items.len() as u32);
            h.time.push(time(o));
        }
        if !h.customers.is_empty() {
            h.customer_baskets
                .offsets
                .push(h.customer_baskets.items.len() as u32);
        }
        if h.customers.is_empty() {
            return Err(Error::new(
                ErrorCode::NoUsableRows,
                "no order has both a customer and a product bought",
            ));
        }
        Ok(h)
    }

    /// Number of customer rows.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// Row `r`'s baskets (indexes into `baskets`), oldest first.
    pub fn baskets_of(&self, r: usize) -> &[u32] {
        self.customer_baskets.row(r)
    }

    /// The items of basket `b`.
    pub fn basket(&self, b: u32) -> &[u32] {
        self.baskets.row(b as usize)
    }

    /// The distinct items row `r` ever bought, sorted.
    pub fn bought(&self, r: usize) -> Vec<u32> {
        let mut all = self.items_sorted(r);
        all.dedup();
        all
    }

    /// Every item of every basket of row `r` (once per basket it is in), sorted.
    fn items_sorted(&self, r: usize) -> Vec<u32> {
        let mut all: Vec<u32> = self
            .baskets_of(r)
            .iter()
            .flat_map(|&b| self.basket(b).iter().copied())
            .collect();
        all.sort_unstable();
        all
    }

    /// Per item: in how many baskets of row `r` it is, as sorted (item, baskets) pairs.
    pub fn basket_counts(&self, r: usize) -> Vec<(u32, u32)> {
        let all = self.items_sorted(r);
        let mut out: Vec<(u32, u32)> = Vec::new();
        for i in all {
            match out.last_mut() {
                Some((last, n)) if *last == i => *n += 1,
                _ => out.push((i, 1)),
            }
        }
        out
    }

    /// The same customers without each one's last basket, which is held out; a customer with a single
    /// basket keeps it for training and has nothing held out. Applied to a training split it gives the
    /// validation split (each customer's second-to-last basket), which never sees the test basket.
    pub fn leave_last_out(&self) -> Split {
        let mut train = Histories {
            customers: self.customers.clone(),
            items: self.items,
            baskets: self.baskets.clone(),
            time: self.time.clone(),
            customer_baskets: Csr {
                offsets: vec![0],
                items: Vec::new(),
            },
        };
        let mut held_out = Vec::with_capacity(self.len());
        for r in 0..self.len() {
            let own = self.baskets_of(r);
            match own.split_last() {
                Some((&last, earlier)) if !earlier.is_empty() => {
                    train.customer_baskets.items.extend_from_slice(earlier);
                    held_out.push(self.basket(last).to_vec());
                }
                _ => {
                    train.customer_baskets.items.extend_from_slice(own);
                    held_out.push(Vec::new());
                }
            }
            train
                .customer_baskets
                .offsets
                .push(train.customer_baskets.items.len() as u32);
        }
        Split { train, held_out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::{ingest, IngestOptions};
    use crate::progress::Silent;

    fn read(csv: &str) -> Dataset {
        ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
            .unwrap()
            .dataset
    }

    #[test]
    fn baskets_are_in_time_order_and_the_last_is_held_out() {
        let d = read(
            "customer,order,date,product\n\
             a,1,2024-01-01,x\na,1,2024-01-01,y\na,2,2024-01-05,x\na,2,2024-01-05,z\n\
             b,3,2024-01-02,y\n\
             c,4,2024-01-03,z\nc,5,2024-01-01,x\nc,6,2024-01-02,y\n",
        );
        let h = Histories::from_dataset(&d).unwrap();
        assert_eq!(h.len(), 3);
        let items = |h: &Histories, r: usize| -> Vec<Vec<u32>> {
            h.baskets_of(r)
                .iter()
                .map(|&b| h.basket(b).to_vec())
                .collect()
        };
        // c: order 5 (Jan 1), 6 (Jan 2), 4 (Jan 3), whatever the file order.
        assert_eq!(items(&h, 2), vec![vec![0], vec![1], vec![2]]);
        let test = h.leave_last_out();
        assert_eq!(test.held_out, vec![vec![0, 2], vec![], vec![2]]);
        assert_eq!(items(&test.train, 0), vec![vec![0, 1]]);
        assert_eq!(items(&test.train, 1), vec![vec![1]]);
        let validation = test.train.leave_last_out();
        assert_eq!(validation.held_out, vec![vec![], vec![], vec![1]]);
        assert_eq!(items(&validation.train, 2), vec![vec![0]]);
        assert_eq!(test.train.basket_counts(2), vec![(0, 1), (1, 1)]);
        assert_eq!(h.bought(0), vec![0, 1, 2]);
    }

    #[test]
    fn without_dates_the_highest_order_number_is_last() {
        let d = read("customer,order,product\na,10,x\na,9,y\na,100,z\n");
        let h = Histories::from_dataset(&d).unwrap();
        let split = h.leave_last_out();
        assert_eq!(split.held_out, vec![vec![2]]);
    }

    #[test]
    fn relative_time_files_hold_out_the_highest_order_number() {
        // Order ids out of sequence; order_number 3 (id 7) is the last, on the same day as number 2.
        let d = read(
            "order_id,user_id,order_number,days_since_prior_order,product_id\n\
             9,u,2,4,b\n7,u,3,0,c\n8,u,1,,a\n",
        );
        let split = Histories::from_dataset(&d).unwrap().leave_last_out();
        let c = d.products.get("c").unwrap();
        assert_eq!(split.held_out, vec![vec![c]]);
        let first = d.products.get("a").unwrap();
        assert_eq!(split.train.basket(split.train.baskets_of(0)[0]), &[first]);
    }

    #[test]
    fn a_file_without_orders_or_products_is_refused() {
        let d = read("customer,amount\na,3\n");
        assert!(Histories::from_dataset(&d).is_err());
        assert!(Histories::from_dataset(&Dataset::default()).is_err());
    }
}
