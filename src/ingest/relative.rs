//! Relative-time files: no calendar date, but each customer's orders numbered in sequence with the days
//! since that customer's previous order, as in Instacart's public grocery data (`orders.csv`:
//! `order_number`, `days_since_prior_order`, empty on a customer's first order and capped at 30,
//! `order_hour_of_day`). From these the read builds a timeline per customer, so that segments, lifetime
//! value and the time-aware evaluation run on such a file unchanged.
//!
//! The timeline: within a customer, in `order_number` order (whatever order the rows come in), the first
//! order is on relative day 0 and each later order on the previous one's day plus its days since prior
//! (rounded to whole days; an empty gap on a later order counts as 0 and is reported). All lines of one
//! order share its day; the hour of day, where the file has it, gives the time of day, and orders of one
//! day keep their order-number order (a later order is at least one second after the one before it), so
//! "a customer's last order" is always the highest order number.
//!
//! The anchor, and why: the file does not say when any customer's history starts or ends on a calendar,
//! so customers have to be aligned somehow. Aligning every customer's FIRST order at day 0 would make a
//! customer with a short history look as if they had stopped buying long ago: their recency would be the
//! longest history minus their own, which is frequency in disguise, and RFM would call new customers
//! "lost" and BG/NBD would give them a low chance of being alive, out of nothing in the data. Instacart's
//! histories are each user's most recent orders up to the moment the data was taken, so their ends are
//! the one thing the customers have in common. The read therefore aligns every customer's LAST order on the
//! same day, N, the length of the longest history; day 0 is the first order of that customer, and each
//! other customer's first order falls on N minus their own history's length. The consequences, said in
//! the report too:
//! - recency (RFM) is the same for every customer, because the file says nothing about it; segments rest
//!   on frequency and spend (and tenure, the length of each customer's own history, is real);
//! - BG/NBD sees every customer's last purchase at the end of the calibration period: its chance of being
//!   alive is 1 for everyone, and expected purchases follow each customer's rate over their own history
//!   (T is each customer's own history length). Dropout cannot be learnt from such a file;
//! - the time-aware evaluation holds out each customer's highest order number, as intended.
//!
//! The days are shown as dates from 2000-01-01 (day 0), so every analysis that works on naive seconds works
//! here; the report says they are relative (`relativeDays`) and what day 0 is. Instacart caps
//! `days_since_prior_order` at 30: every gap of 30 days or more reads as 30, so long pauses look shorter
//! and histories shorter than they were; the report warns when the largest gap is exactly 30.

use super::header_names::{DAYS_SINCE_PRIOR, ORDER_HOUR, ORDER_SEQUENCE};
use super::numbers::parse_number;
use super::roles::{normalise_header, Mapping, Role};
use crate::dataset::{Dataset, NO_CUSTOMER};
use crate::error::group_thousands;

/// Day 0 is shown as this date: 2000-01-01, as a day number since 1970-01-01.
pub const EPOCH_DAY: i64 = 10_957;

/// The longest gap read, in days (a century): more is not a gap between two orders of one customer.
const MAX_GAP_DAYS: f64 = 36_500.0;

/// Share of a sample column's values that must read as order numbers (or gaps, or hours) for the column
/// to be taken as one; the rest are skipped as unreadable rows and reported.
const FITTING_SHARE: f64 = 0.9;

/// The columns of a relative-time file, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    pub sequence: usize,
    pub gap: usize,
    pub hour: Option<usize>,
}

/// One order's place in its customer's sequence, as its first line gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    pub sequence: u32,
    /// Whole days since the customer's previous order; `None` where empty (a first order).
    pub gap: Option<u32>,
    pub hour: Option<u8>,
}

/// What building the timeline found, for the report.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Summary {
    /// The day every customer's last order is on (the longest history, in days).
    pub last_day: i64,
    /// Later orders (not a customer's first) whose gap was empty: counted as 0 days.
    pub missing_gaps: u64,
    /// Gaps of exactly the largest value, where that is 30 (the cap of Instacart's column).
    pub capped_gaps: u64,
    /// Orders without a customer: placed on the last day.
    pub without_customer: u64,
}

/// The relative-time columns, where the file has a customer and an order id but no date column: an
/// order-number column other than the order id and a days-since-prior column, by name (`header_names`),
/// with values that read as such in the sample.
pub fn detect(mapping: &Mapping, columns: &[String], values: &[Vec<&str>]) -> Option<Columns> {
    if mapping.has(Role::Date) || !mapping.has(Role::Customer) || !mapping.has(Role::Order) {
        return None;
    }
    let find = |names: &[&str], fits: &dyn Fn(&str) -> bool| {
        names.iter().find_map(|name| {
            let name = normalise_header(name);
            (0..columns.len()).find(|&c| {
                let filled: Vec<&str> = values[c]
                    .iter()
                    .map(|v| v.trim())
                    .filter(|v| !v.is_empty())
                    .collect();
                let fitting = filled.iter().filter(|v| fits(v)).count();
                normalise_header(&columns[c]) == name
                    && mapping.role_of(c).is_none()
                    && !filled.is_empty()
                    && fitting as f64 >= FITTING_SHARE * filled.len() as f64
            })
        })
    };
    let sequence = find(ORDER_SEQUENCE, &|v| sequence(v).is_some())?;
    let gap = find(DAYS_SINCE_PRIOR, &|v| gap(v).is_ok())?;
    let hour = find(ORDER_HOUR, &|v| hour(v).is_ok());
    Some(Columns {
        sequence,
        gap,
        hour,
    })
}

/// An order number: a whole number from 0 (`3`, `3.0`).
pub(super) fn sequence(v: &str) -> Option<u32> {
    let n = parse_number(v, false)?;
    (n >= 0.0 && n.fract() == 0.0 && n <= f64::from(u32::MAX)).then_some(n as u32)
}

/// Days since the prior order: empty, or a number of days from 0 (rounded to whole days).
pub(super) fn gap(v: &str) -> Result<Option<u32>, ()> {
    if v.is_empty() {
        return Ok(None);
    }
    match parse_number(v, false) {
        Some(n) if (0.0..=MAX_GAP_DAYS).contains(&n) => Ok(Some(n.round() as u32)),
        _ => Err(()),
    }
}

/// An hour of the day: empty, or a whole number 0 to 23.
pub(super) fn hour(v: &str) -> Result<Option<u8>, ()> {
    if v.is_empty() {
        return Ok(None);
    }
    match parse_number(v, false) {
        Some(n) if (0.0..=23.0).contains(&n) && n.fract() == 0.0 => Ok(Some(n as u8)),
        _ => Err(()),
    }
}

/// Sets every order's time and every line's time from the orders' steps (`steps[o]` for order `o`), as
/// the module docs say: per customer in order-number order, last orders aligned on one day.
pub fn place(data: &mut Dataset, steps: &[Option<Step>]) -> Summary {
    let mut summary = Summary::default();
    let n = data.order_customer.len();
    let step = |o: usize| steps.get(o).copied().flatten();
    // (customer, order number, order id) of the orders with a customer and a step.
    let mut orders: Vec<(u32, u32, u32)> = (0..n)
        .filter_map(|o| {
            let c = data.order_customer[o];
            let s = step(o)?;
            (c != NO_CUSTOMER).then_some((c, s.sequence, o as u32))
        })
        .collect();
    // Through the crate's one compiled sort (`crate::sorting`): stable, and no sort of its own in the wasm.
    crate::sorting::sort_by(&mut orders, &Ord::cmp);
    // Relative seconds of each order within its customer's history (day 0 at the first order).
    let mut own = vec![0i64; n];
    let mut last_of: Vec<(usize, usize, i64)> = Vec::new(); // (start, end) in `orders`, last order's day
    let gaps: Vec<u32> = orders
        .iter()
        .filter_map(|&(_, _, o)| step(o as usize)?.gap)
        .collect();
    let largest = gaps.iter().copied().max();
    if largest == Some(30) {
        summary.capped_gaps = gaps.iter().filter(|&&g| g == 30).count() as u64;
    }
    let mut start = 0;
    while start < orders.len() {
        let customer = orders[start].0;
        let end = start
            + orders[start..]
                .iter()
                .take_while(|&&(c, _, _)| c == customer)
                .count();
        let (mut day, mut previous) = (0i64, i64::MIN);
        for (k, &(_, _, o)) in orders[start..end].iter().enumerate() {
            let s = step(o as usize).unwrap_or(Step {
                sequence: 0,
                gap: None,
                hour: None,
            });
            if k > 0 {
                if s.gap.is_none() {
                    summary.missing_gaps += 1;
                }
                day = day.saturating_add(i64::from(s.gap.unwrap_or(0)));
            }
            // Saturating: no file that fits in memory comes near, but no input may overflow.
            let t = day
                .saturating_mul(86_400)
                .saturating_add(i64::from(s.hour.unwrap_or(0)) * 3_600)
                .max(previous.saturating_add(1));
            own[o as usize] = t;
            previous = t;
        }
        last_of.push((start, end, day));
        summary.last_day = summary.last_day.max(day);
        start = end;
    }
    let epoch = EPOCH_DAY * 86_400;
    let mut placed = vec![false; n];
    for (start, end, last) in last_of {
        let shift = (summary.last_day - last).saturating_mul(86_400);
        for &(_, _, o) in &orders[start..end] {
            data.order_time[o as usize] =
                epoch.saturating_add(shift).saturating_add(own[o as usize]);
            placed[o as usize] = true;
        }
    }
    for (o, done) in placed.iter().enumerate() {
        if !done {
            summary.without_customer += 1;
            let hour = step(o).and_then(|s| s.hour).unwrap_or(0);
            data.order_time[o] = epoch
                .saturating_add(summary.last_day.saturating_mul(86_400))
                .saturating_add(i64::from(hour) * 3_600);
        }
    }
    let times: Vec<i64> = data
        .lines
        .order
        .iter()
        .map(|&o| data.order_time.get(o as usize).copied().unwrap_or(epoch))
        .collect();
    data.lines.time = times;
    summary
}

/// The inspection's words for a relative-time file (replaced in the report by `warnings`).
pub fn inspection_warning(columns: &Columns, names: &[String]) -> String {
    format!(
        "no calendar dates: order dates are built from `{}` and `{}` as relative days, shown from \
         2000-01-01 (see the report once the file is read)",
        names[columns.sequence], names[columns.gap]
    )
}

/// The report's words for a relative timeline read through `columns` of `names`.
pub fn warnings(columns: &Columns, names: &[String], summary: &Summary) -> Vec<String> {
    let mut out = vec![format!(
        "dates are relative: the file has no calendar dates, so each customer's orders are laid out from \
         `{}` and `{}` (the days since the customer's previous order), with every customer's last order on \
         the same day, day {} (the longest history); day 0 is shown as 2000-01-01, so the dates shown are \
         2000-01-01 plus relative days, not calendar dates. Recency is therefore the same for every customer \
         (segments rest on frequency and spend) and lifetime value reads every customer as still active",
        names[columns.sequence],
        names[columns.gap],
        group_thousands(summary.last_day.max(0) as u64)
    )];
    if summary.capped_gaps > 0 {
        out.push(format!(
            "{} of the gaps are exactly 30 days, the largest in `{}`: the column looks capped at 30 (as Instacart's \
             is), so a gap of 30 days or more reads as 30 and histories look shorter than they were",
            group_thousands(summary.capped_gaps),
            names[columns.gap]
        ));
    }
    if summary.missing_gaps > 0 {
        out.push(format!(
            "{} orders after a customer's first have no days since the prior order: counted as 0 days",
            group_thousands(summary.missing_gaps)
        ));
    }
    if summary.without_customer > 0 {
        out.push(format!(
            "{} orders have no customer: they are placed on the last day",
            group_thousands(summary.without_customer)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_order_numbers_gaps_and_hours() {
        assert_eq!(sequence("3"), Some(3));
        assert_eq!(sequence("3.0"), Some(3));
        assert_eq!(sequence("-1"), None);
        assert_eq!(sequence("2.5"), None);
        assert_eq!(sequence("x"), None);
        assert_eq!(gap(""), Ok(None));
        assert_eq!(gap("21.0"), Ok(Some(21)));
        assert_eq!(gap("-4"), Err(()));
        assert_eq!(gap("1e9"), Err(()));
        assert_eq!(gap("NaN"), Err(()));
        assert_eq!(hour("0"), Ok(Some(0)));
        assert_eq!(hour("23"), Ok(Some(23)));
        assert_eq!(hour("24"), Err(()));
    }

    #[test]
    fn recognised_only_without_a_date_and_with_an_order_id() {
        let columns: Vec<String> = [
            "order_id",
            "user_id",
            "order_number",
            "days_since_prior_order",
        ]
        .map(String::from)
        .to_vec();
        let values = vec![
            vec!["1", "2"],
            vec!["u", "u"],
            vec!["1", "2"],
            vec!["", "7.0"],
        ];
        let mut m = Mapping::default();
        m.set(Role::Order, Some(0));
        m.set(Role::Customer, Some(1));
        assert_eq!(
            detect(&m, &columns, &values),
            Some(Columns {
                sequence: 2,
                gap: 3,
                hour: None
            })
        );
        let mut dated = m.clone();
        dated.set(Role::Date, Some(3));
        assert_eq!(detect(&dated, &columns, &values), None);
        let mut no_order = m.clone();
        no_order.set(Role::Order, None);
        assert_eq!(detect(&no_order, &columns, &values), None);
        let words = vec![
            vec!["1", "2"],
            vec!["u", "u"],
            vec!["first", "second"],
            vec!["", "7"],
        ];
        assert_eq!(detect(&m, &columns, &words), None);
    }
}
