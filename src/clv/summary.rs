//! Per customer, what the lifetime-value models read: repeat purchases x, the time of the last one t_x and
//! the customer's age T (both from the first purchase, in the model's time unit), mean repeat spend, and the
//! purchases made after the calibration period (the holdout) to check the predictions against.
//!
//! As in Fader & Hardie's CDNOW work, a purchase is a day with at least one bought line: several orders on one
//! day count once, and their values add up. Returns are left out.

use super::History;
use crate::dataset::days;
use crate::dataset::Dataset;
use crate::error::{Error, ErrorCode, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct CustomerHistory {
    /// Index into `Dataset::customers`.
    pub customer: u32,
    pub history: History,
    /// Mean value of the repeat purchases (the first one left out); 0 without repeats or prices.
    pub mean_repeat_spend: f64,
    /// Value of all purchases in the calibration period.
    pub spend: f64,
    /// Purchase days after the calibration period.
    pub holdout_purchases: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Histories {
    pub customers: Vec<CustomerHistory>,
    /// First purchase day in the file (days since 1970-01-01).
    pub first_day: i64,
    /// Last day of the calibration period, included.
    pub calibration_end_day: i64,
    /// Every customer's second purchase day in the whole file, sorted: when enough repeat buyers would be
    /// in the calibration period.
    pub second_purchase_days: Vec<i64>,
    /// Days after the calibration period up to the last purchase in the file: 0 when there is no holdout.
    pub holdout_days: i64,
    /// Customers whose first purchase falls in the holdout: not modelled.
    pub first_bought_in_holdout: u64,
    pub has_money: bool,
}

/// Builds the histories up to and including `calibration_end_day` (default: the last purchase day).
pub fn histories(
    data: &Dataset,
    calibration_end_day: Option<i64>,
    unit_days: f64,
) -> Result<Histories> {
    let lines = &data.lines;
    if data.customers.is_empty() || lines.time.is_empty() {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            "lifetime value needs a customer id and a date in every line; this file lacks one of them",
        ));
    }
    let bought = |i: usize| !lines.is_return[i] && lines.customer[i] != crate::dataset::NO_CUSTOMER;
    let (mut first_day, mut last_day) = (i64::MAX, i64::MIN);
    for i in (0..lines.len()).filter(|&i| bought(i)) {
        let d = days::day_of(lines.time[i]);
        first_day = first_day.min(d);
        last_day = last_day.max(d);
    }
    if first_day > last_day {
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            "no line is a purchase by a known customer",
        ));
    }
    let end = calibration_end_day.unwrap_or(last_day);
    if end < first_day {
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "the calibration period ends on {}, before the first purchase in the file ({})",
                days::format_day(end * 86_400),
                days::format_day(first_day * 86_400)
            ),
        ));
    }
    let has_money = !lines.amount.is_empty();
    let mut customers = Vec::new();
    let mut first_bought_in_holdout = 0;
    let mut second_purchase_days = Vec::new();
    let mut days: Vec<(i64, f64)> = Vec::new();
    for c in 0..data.customers.len() {
        days.clear();
        days.extend(
            data.customer_lines
                .row(c)
                .iter()
                .map(|&i| i as usize)
                .filter(|&i| bought(i))
                .map(|i| {
                    let value = if has_money { lines.amount[i] } else { 0.0 };
                    (days::day_of(lines.time[i]), value)
                }),
        );
        if days.is_empty() {
            continue;
        }
        crate::sorting::sort_by(&mut days, &|a, b| a.0.cmp(&b.0));
        // One purchase per day, its value the day's total.
        let mut per_day: Vec<(i64, f64)> = Vec::with_capacity(days.len());
        for &(d, v) in &days {
            match per_day.last_mut() {
                Some(last) if last.0 == d => last.1 += v,
                _ => per_day.push((d, v)),
            }
        }
        second_purchase_days.extend(per_day.get(1).map(|d| d.0));
        let calibration = per_day.partition_point(|d| d.0 <= end);
        if calibration == 0 {
            first_bought_in_holdout += 1;
            continue;
        }
        let (before, after) = per_day.split_at(calibration);
        let (first, last) = (before[0].0, before[calibration - 1].0);
        let x = (calibration - 1) as f64;
        let repeat_spend: f64 = before[1..].iter().map(|d| d.1).sum();
        customers.push(CustomerHistory {
            customer: c as u32,
            history: History {
                x,
                t_x: (last - first) as f64 / unit_days,
                t: (end - first) as f64 / unit_days,
            },
            mean_repeat_spend: if x > 0.0 { repeat_spend / x } else { 0.0 },
            spend: before.iter().map(|d| d.1).sum(),
            holdout_purchases: after.len() as u32,
        });
    }
    crate::sorting::sort_by(&mut second_purchase_days, &|a, b| a.cmp(b));
    Ok(Histories {
        customers,
        first_day,
        calibration_end_day: end,
        second_purchase_days,
        holdout_days: (last_day - end).max(0),
        first_bought_in_holdout,
        has_money,
    })
}
