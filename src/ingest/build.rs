//! The full read: one pass over every record that validates, cleans and interns it into the `Dataset`,
//! then the indexes (baskets, customer lines) built by counting sort.

use super::dates::{self, DateParser};
use super::decode::Encoding;
use super::duplicates::Duplicates;
use super::layout::Layout;
use super::numbers::{self, parse_number};
use super::relative::{self, Step};
use super::report::{Capability, IngestReport, RowGroup, SkipReason, Skipped};
use super::roles::Role;
use super::sniff::{self, Footer};
use super::source::Source;
use super::text::Text;
use super::{layout, status, IngestOptions, Ingested};
use crate::dataset::{days, Csr, Dataset, Lines, NO_CUSTOMER};
use crate::error::{excerpt, group_thousands, listing, Error, ErrorCode, Result};
use crate::progress::Progress;
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use std::hash::{BuildHasher, Hasher};

/// Share of lines whose date fails under a day/month order the caller forced, past which the order is taken
/// to be wrong and the read refused.
const FORCED_ORDER_FAILS: f64 = 0.05;

/// How often (in records) progress is reported and cancellation checked.
const PROGRESS_EVERY: u64 = 1 << 16;

/// Where a line's order comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OrderSource {
    Column(usize),
    /// No order column: a customer's lines on one calendar day form one order (as Fader & Hardie do for
    /// CDNOW).
    CustomerDay,
    None,
}

/// The outcome of one pass: done, or the day/month order turned out to be the other one.
enum PassEnd {
    Done(Box<Pass>),
    SwapDateOrder,
    /// The text was taken for UTF-8 from its head, and is not.
    NotUtf8,
}

#[derive(Default)]
struct Pass {
    data: Dataset,
    rows_read: u64,
    skipped: BTreeMap<SkipReason, (RowGroup, Option<String>)>,
    returns: RowGroup,
    missing_customer: RowGroup,
    free_items: RowGroup,
    order_conflicts: u64,
    /// Lines whose status says the order was paid for in part or not yet (kept).
    partly_paid: RowGroup,
    /// The day/month order is still open after the whole column was read.
    date_ambiguous: bool,
    /// Lines skipped because their date does not read in the column's format.
    date_failures: u64,
    currencies: BTreeMap<String, (u64, f64)>,
    /// Relative-time files: each order's place in its customer's sequence, by order id.
    steps: Vec<Option<Step>>,
    /// Lines whose order number or gap differs from their order's first line (the first is kept).
    step_conflicts: u64,
}

impl Pass {
    fn skip(&mut self, reason: SkipReason, row: u64, message: impl FnOnce() -> String) {
        let entry = self.skipped.entry(reason).or_default();
        if entry.1.is_none() {
            entry.1 = Some(message());
        }
        entry.0.add(row);
    }
}

/// The largest line amount (after conversion) kept: a million billion, so that sums stay finite.
const MAX_LINE_AMOUNT: f64 = 1e15;

/// A parsed line, before interning.
struct Line<'r> {
    customer: &'r str,
    /// The order's id, interned, where the file has an order column.
    order: Option<u32>,
    product: Option<&'r str>,
    product_name: &'r str,
    time: Option<i64>,
    quantity: Option<f64>,
    amount: Option<f64>,
    is_return: bool,
    step: Option<Step>,
}

/// Reads `source` into a `Dataset`: `None` if a file taken as UTF-8 turns out not to be (it is then read
/// again as a legacy encoding).
pub(super) fn build(
    source: &mut dyn Source,
    encoding: &Encoding,
    layout: &Layout,
    opts: &IngestOptions,
    progress: &mut dyn Progress,
) -> Result<Option<Ingested>> {
    let m = &layout.mapping;
    if !m.has(Role::Customer) && !m.has(Role::ProductId) && !m.has(Role::ProductName) {
        return Err(Error::new(
            ErrorCode::MissingColumn,
            format!(
                "no column was recognised as a customer id or a product; the columns are: {}. \
                 Choose the columns' roles by hand",
                listing(&layout.columns, layout.columns.len() as u64)
            ),
        ));
    }
    let mut date = layout.date;
    loop {
        let parser = date.map(|d| DateParser::new(d.format));
        let ambiguous = date.is_some_and(|d| d.ambiguous);
        let reader = layout.reader(source, encoding, opts.decoder)?;
        match read_all(reader, layout, opts, parser, ambiguous, progress)? {
            PassEnd::Done(mut pass) => {
                let timeline = layout
                    .relative
                    .map(|columns| (columns, relative::place(&mut pass.data, &pass.steps)));
                return finish(*pass, layout, encoding.name, date, opts, timeline).map(Some);
            }
            PassEnd::NotUtf8 => return Ok(None),
            PassEnd::SwapDateOrder => {
                date = date.map(|d| dates::Detected {
                    format: dates::swapped(d.format),
                    ambiguous: false,
                })
            }
        }
    }
}

fn read_all(
    mut reader: csv::Reader<Text>,
    layout: &Layout,
    opts: &IngestOptions,
    date: Option<DateParser>,
    date_ambiguous: bool,
    progress: &mut dyn Progress,
) -> Result<PassEnd> {
    let m = &layout.mapping;
    let order_source = match (m.get(Role::Order), m.has(Role::Customer), m.has(Role::Date)) {
        (Some(c), _, _) => OrderSource::Column(c),
        (None, true, true) => OrderSource::CustomerDay,
        _ => OrderSource::None,
    };
    let swapped_date = if date_ambiguous {
        date.as_ref()
            .map(|p| DateParser::new(dates::swapped(p.format())))
    } else {
        None
    };
    let mut records = Records {
        layout,
        order_source,
        product_col: m.get(Role::ProductId).or(m.get(Role::ProductName)),
        name_col: m.get(Role::ProductId).and(m.get(Role::ProductName)),
        drop_duplicates: opts.drop_duplicates.unwrap_or(m.has(Role::Order)),
        keep_nonpositive: opts.keep_nonpositive,
        date,
        pass: Pass::default(),
        duplicates: Duplicates::default(),
        day_orders: FxHashMap::default(),
        last_date: (String::new(), None),
        order_fields: Default::default(),
        date_settled: false,
        swapped_date,
        rates: &opts.currency_rates,
        currencies: BTreeMap::new(),
        last_status: (String::new(), status::Status::Bought),
    };
    reserve(
        &mut records.pass.data.lines,
        layout,
        order_source != OrderSource::None,
    );
    if records.drop_duplicates {
        records.duplicates = Duplicates::with_capacity(
            layout.estimated_rows + layout.estimated_rows / 16,
            matches!(order_source, OrderSource::Column(_)),
        );
    }
    let mut rec = csv::StringRecord::new();
    let mut footer = Footer::new(layout.columns.len(), layout.decimal_comma);
    loop {
        match reader.read_record(&mut rec) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                if let Some(failed) = reader.get_mut().take_error() {
                    return Err(failed);
                }
                if let csv::ErrorKind::Utf8 { .. } = e.kind() {
                    if reader.get_ref().checks_utf8() {
                        return Ok(PassEnd::NotUtf8);
                    }
                }
                // Decoded text holds UTF-8 only, and the rows may have any width: no other error is left.
                return Err(crate::error::unreadable(e));
            }
        }
        let row = layout.row(&reader, &rec);
        if let Some(p) = rec.position() {
            reader.get_mut().release(p.byte());
        }
        if rec.len() == 1 && rec[0].trim_ascii().is_empty() {
            continue;
        }
        sniff::check_fields(&rec, row)?;
        records.pass.rows_read += 1;
        if records.pass.rows_read % PROGRESS_EVERY == 0 {
            let done = reader.get_ref().fraction_read();
            if !progress.update("reading", done) {
                return Err(Error::cancelled());
            }
        }
        if footer.hold(&rec, row) {
            continue;
        }
        for (held, held_row) in footer.release() {
            if let Next::SwapDateOrder = records.add(&held, held_row) {
                return Ok(PassEnd::SwapDateOrder);
            }
        }
        if let Next::SwapDateOrder = records.add(&rec, row) {
            return Ok(PassEnd::SwapDateOrder);
        }
    }
    for (row, message) in footer.finish() {
        records.pass.skip(SkipReason::Footer, row, || message);
    }
    // Also reported at the end, so that a file smaller than one step still reports (and can be cancelled).
    if !progress.update("reading", 1.0) {
        return Err(Error::cancelled());
    }
    records.pass.date_ambiguous = date_ambiguous && !records.date_settled;
    records.pass.currencies = records.currencies;
    Ok(PassEnd::Done(Box::new(records.pass)))
}

/// What a pass keeps from one record to the next.
struct Records<'a> {
    layout: &'a Layout,
    order_source: OrderSource,
    product_col: Option<usize>,
    name_col: Option<usize>,
    drop_duplicates: bool,
    keep_nonpositive: bool,
    date: Option<DateParser>,
    pass: Pass,
    duplicates: Duplicates,
    day_orders: FxHashMap<(u32, i64), u32>,
    /// The last date text and its value: files list many lines of one order, and so of one date, in a row.
    last_date: (String, Option<i64>),
    /// The current order's id and its first line's order-level fields (`INHERITED`), for the lines after it
    /// that leave them empty (Shopify writes an order's customer, status and totals on its first line only).
    order_fields: (String, [String; INHERITED.len()]),
    /// Whether a value read so far fits only the current day/month order (so the column is not ambiguous).
    date_settled: bool,
    /// The other day/month reading, while the order is open (the column's values fit both so far).
    swapped_date: Option<DateParser>,
    rates: &'a BTreeMap<String, f64>,
    /// Per currency: lines and net amount.
    currencies: BTreeMap<String, (u64, f64)>,
    /// The last status text and what it means (an order's lines repeat it).
    last_status: (String, status::Status),
}

/// Order-level fields a line may leave empty to mean "as the order's first line".
const INHERITED: [Role; 4] = [Role::Customer, Role::Date, Role::Status, Role::Currency];

/// After a record: read the next one, or start over with the day and month read the other way round.
enum Next {
    Record,
    SwapDateOrder,
}

impl Records<'_> {
    /// Validates, cleans and stores one record (file row `row`). Out of line, once per record, on purpose:
    /// see `ItemKnnParams::neighbours_of` (the wasm-opt flags in Cargo.toml keep it so).
    #[inline(never)]
    fn add(&mut self, rec: &csv::StringRecord, row: u64) -> Next {
        let layout = self.layout;
        let m = &layout.mapping;
        let (order_source, product_col, name_col) =
            (self.order_source, self.product_col, self.name_col);
        let width = layout.columns.len();
        if rec.len() != width {
            let n = rec.len();
            self.pass.skip(SkipReason::WrongFieldCount, row, || {
                format!(
                    "row {} has {n} fields, the header has {width}",
                    group_thousands(row)
                )
            });
            return Next::Record;
        }
        if let Some(oc) = m.get(Role::Order) {
            let order = rec[oc].trim_ascii();
            if self.order_fields.0 != order {
                self.order_fields.0.clear();
                self.order_fields.0.push_str(order);
                for (slot, role) in self.order_fields.1.iter_mut().zip(INHERITED) {
                    slot.clear();
                    slot.push_str(m.get(role).map_or("", |c| rec[c].trim_ascii()));
                }
            }
        }
        let order_fields = &self.order_fields.1;
        // Fields are trimmed here rather than by the csv reader, which would rebuild every record.
        let field = |role: Role| {
            let value = m.get(role).map(|c| rec[c].trim_ascii());
            match (value, INHERITED.iter().position(|&r| r == role)) {
                (Some(""), Some(k)) => Some(order_fields[k].as_str()),
                _ => value,
            }
        };
        let missing = |role: Role| {
            let c = m.get(role).unwrap_or(0);
            format!(
                "row {}, column `{}`: the {} is empty",
                group_thousands(row),
                layout.columns[c],
                role.label()
            )
        };
        let name = name_col.map_or("", |c| rec[c].trim_ascii());
        // Required values: product (its name will do), order id and date where the file has those columns.
        if let Some(role) = [Role::ProductId, Role::Order, Role::Date]
            .into_iter()
            .find(|&r| field(r) == Some("") && (r != Role::ProductId || name.is_empty()))
            .or_else(|| {
                (m.get(Role::ProductId).is_none() && field(Role::ProductName) == Some(""))
                    .then_some(Role::ProductName)
            })
        {
            self.pass
                .skip(SkipReason::MissingValue, row, || missing(role));
            return Next::Record;
        }
        if let Some(status) = field(Role::Status) {
            if self.last_status.0 != status {
                self.last_status = (status.to_owned(), status::classify(status));
            }
            match self.last_status.1 {
                status::Status::NotPurchased => {
                    self.pass.skip(SkipReason::NotPurchased, row, || {
                        format!(
                            "row {}: the status `{status}` says the order was not bought or was undone",
                            group_thousands(row)
                        )
                    });
                    return Next::Record;
                }
                status::Status::PartlyPaid => self.pass.partly_paid.add(row),
                status::Status::Bought => {}
            }
        }
        let product_text = product_col.map_or(name, |c| rec[c].trim_ascii());
        let product_text = if product_text.is_empty() {
            name
        } else {
            product_text
        };
        // Judged only where the product is named, not identified: a category or code called `COUPON` is the
        // file's own product.
        if field(Role::ProductId).is_none_or(str::is_empty) && status::is_charge(product_text) {
            self.pass.skip(SkipReason::NotAProduct, row, || {
                format!(
                    "row {}: `{product_text}` is a charge or a discount, not a product",
                    group_thousands(row)
                )
            });
            return Next::Record;
        }
        let step = match layout.relative {
            None => None,
            Some(r) => match read_step(rec, r, row, layout) {
                Ok(s) => Some(s),
                Err((reason, message)) => {
                    self.pass.skip(reason, row, || message);
                    return Next::Record;
                }
            },
        };
        let time = match (&mut self.date, field(Role::Date)) {
            (Some(parser), Some(s)) => {
                if self.last_date.0 != s {
                    let t = parser.parse(s);
                    // One value that reads only the current way settles the day/month order.
                    if let (Some(_), Some(other)) = (t, self.swapped_date.as_mut()) {
                        if !self.date_settled && other.parse(s).is_none() {
                            self.date_settled = true;
                        }
                    }
                    self.last_date = (s.to_owned(), t);
                }
                match self.last_date.1 {
                    Some(t) => Some(t),
                    None => {
                        let other_reads = self
                            .swapped_date
                            .as_mut()
                            .is_some_and(|p| p.parse(s).is_some());
                        if !self.date_settled && other_reads {
                            return Next::SwapDateOrder;
                        }
                        self.pass.date_failures += 1;
                        let c = m.get(Role::Date).unwrap_or(0);
                        let fmt = parser.format().describe();
                        self.pass.skip(SkipReason::BadValue, row, || {
                            format!(
                                "row {}, column `{}`: `{}` is not a date in the format {fmt}",
                                group_thousands(row),
                                layout.columns[c],
                                excerpt(s)
                            )
                        });
                        return Next::Record;
                    }
                }
            }
            _ => None,
        };
        let mut numbers = [None; 3];
        let mut bad = None;
        for (slot, role) in [Role::Quantity, Role::UnitPrice, Role::LineAmount]
            .into_iter()
            .enumerate()
        {
            let Some(s) = field(role) else { continue };
            match parse_number(s, layout.decimal_comma) {
                Some(v) => numbers[slot] = Some(v),
                None => {
                    bad = Some((role, s));
                    break;
                }
            }
        }
        if let Some((role, s)) = bad {
            let c = m.get(role).unwrap_or(0);
            self.pass.skip(SkipReason::BadValue, row, || {
                let what = if s.is_empty() {
                    "is empty, expected a number".to_owned()
                } else {
                    format!("`{}` is not a number", excerpt(s))
                };
                format!(
                    "row {}, column `{}`: {what}",
                    group_thousands(row),
                    layout.columns[c]
                )
            });
            return Next::Record;
        }
        let [quantity, unit_price, line_amount] = numbers;
        let order = field(Role::Order);
        let is_return = quantity.is_some_and(|q| q < 0.0)
            || (quantity.is_none() && line_amount.is_some_and(|a| a < 0.0))
            || order.is_some_and(is_cancellation_id);
        let amount = match (line_amount, unit_price) {
            (Some(a), _) => Some(a),
            (None, Some(p)) => Some(p * quantity.unwrap_or(1.0)),
            (None, None) => None,
        }
        .map(|a| if is_return { -a.abs() } else { a });
        if amount.is_some_and(|a| !a.is_finite()) {
            self.pass.skip(SkipReason::BadValue, row, || {
                format!(
                    "row {}: quantity × unit price is too large a number",
                    group_thousands(row)
                )
            });
            return Next::Record;
        }
        let amount = match (amount, field(Role::Currency)) {
            (Some(a), Some(code)) => {
                let code = code.to_uppercase();
                let rate = match self.rates.get(&code) {
                    Some(&r) => r,
                    None if self.rates.is_empty() => 1.0,
                    None => {
                        self.pass.skip(SkipReason::BadValue, row, || {
                            format!("row {}: no exchange rate for the currency `{code}` in currencyRates", group_thousands(row))
                        });
                        return Next::Record;
                    }
                };
                let entry = self.currencies.entry(code).or_default();
                entry.0 += 1;
                entry.1 += a;
                Some(a * rate)
            }
            (a, _) => a,
        };
        // Finite lines can still add up to infinity (two of 1e308: a customer's spend, a segment's revenue);
        // no real line comes near this bound, and sums of any number of lines under it stay finite.
        if amount.is_some_and(|a| a.is_nan() || a.abs() > MAX_LINE_AMOUNT) {
            self.pass.skip(SkipReason::BadValue, row, || {
                format!(
                    "row {}: an amount beyond {MAX_LINE_AMOUNT:e} is too large a number",
                    group_thousands(row)
                )
            });
            return Next::Record;
        }
        if !is_return && !self.keep_nonpositive {
            if quantity == Some(0.0) {
                self.pass.skip(SkipReason::ZeroQuantity, row, || {
                    format!("row {}: quantity is 0", group_thousands(row))
                });
                return Next::Record;
            }
            if unit_price.or(line_amount).is_some_and(|p| p < 0.0) {
                self.pass.skip(SkipReason::NegativePrice, row, || {
                    format!(
                        "row {}: a purchase with a negative price or amount",
                        group_thousands(row)
                    )
                });
                return Next::Record;
            }
        }
        let free = !is_return && unit_price.or(line_amount) == Some(0.0);
        // Interned here, once, for both the duplicate check and the line: every row from here on is kept
        // (the customer-day check below applies only without an order column), and an exact repeat is of an
        // order already read, so the ids are the same as interning at `push_line`.
        let order_id = match order_source {
            OrderSource::Column(_) => Some(self.pass.data.orders.intern(order.unwrap_or(""))),
            _ => None,
        };
        if self.drop_duplicates && self.duplicates.repeats(order_id, record_hash(rec)) {
            self.pass.skip(SkipReason::Duplicate, row, || {
                format!(
                    "row {} repeats an earlier row exactly",
                    group_thousands(row)
                )
            });
            return Next::Record;
        }
        let customer = layout::contact_key(
            field(Role::Customer).unwrap_or(""),
            layout.customer_is_contact,
        );
        if customer.is_empty() && order_source == OrderSource::CustomerDay {
            self.pass.skip(SkipReason::MissingValue, row, || {
                format!(
                    "{}; without an order column a line needs a customer to group it by",
                    missing(Role::Customer)
                )
            });
            return Next::Record;
        }
        let line = Line {
            customer: &customer,
            order: order_id,
            product: product_col.map(|_| product_text),
            product_name: name,
            time,
            quantity,
            amount,
            is_return,
            step,
        };
        if free {
            self.pass.free_items.add(row);
        }
        push_line(
            &mut self.pass,
            line,
            order_source,
            &mut self.day_orders,
            row,
        );
        Next::Record
    }
}

/// A relative-time line's order number, days since the prior order and hour (`relative`), or why the
/// line is skipped.
fn read_step(
    rec: &csv::StringRecord,
    r: relative::Columns,
    row: u64,
    layout: &Layout,
) -> std::result::Result<Step, (SkipReason, String)> {
    let at = |c: usize| rec.get(c).unwrap_or("").trim_ascii();
    let bad = |c: usize, what: &str| {
        let v = at(c);
        (
            SkipReason::BadValue,
            format!(
                "row {}, column `{}`: `{}` is not {what}",
                group_thousands(row),
                layout.columns[c],
                excerpt(v)
            ),
        )
    };
    let sequence = match at(r.sequence) {
        "" => {
            return Err((
                SkipReason::MissingValue,
                format!(
                    "row {}, column `{}`: the order number is empty",
                    group_thousands(row),
                    layout.columns[r.sequence]
                ),
            ))
        }
        v => {
            relative::sequence(v).ok_or_else(|| bad(r.sequence, "an order number (0, 1, 2...)"))?
        }
    };
    let gap = relative::gap(at(r.gap)).map_err(|()| bad(r.gap, "a number of days (0 or more)"))?;
    let hour = match r.hour {
        None => None,
        Some(c) => relative::hour(at(c)).map_err(|()| bad(c, "an hour of the day (0 to 23)"))?,
    };
    Ok(Step {
        sequence,
        gap,
        hour,
    })
}

/// Sizes the line columns once for the estimated row count (plus a margin), instead of letting them double:
/// doubling a 1.4 M-row vector briefly holds both copies, and wasm memory never shrinks back.
fn reserve(lines: &mut Lines, layout: &Layout, has_orders: bool) {
    let n = layout.estimated_rows + layout.estimated_rows / 16 + 16;
    let m = &layout.mapping;
    let wanted = |yes: bool| if yes { n } else { 0 };
    lines.customer.reserve_exact(n);
    lines.is_return.reserve_exact(n);
    lines.order.reserve_exact(wanted(has_orders));
    lines
        .product
        .reserve_exact(wanted(m.has(Role::ProductId) || m.has(Role::ProductName)));
    lines.time.reserve_exact(wanted(m.has(Role::Date)));
    lines.quantity.reserve_exact(wanted(m.has(Role::Quantity)));
    lines
        .amount
        .reserve_exact(wanted(m.has(Role::UnitPrice) || m.has(Role::LineAmount)));
}

/// UCI Online Retail marks cancellations with invoice numbers like `C536379`.
fn is_cancellation_id(order: &str) -> bool {
    let b = order.as_bytes();
    b.len() > 1 && (b[0] == b'C' || b[0] == b'c') && b[1..].iter().all(u8::is_ascii_digit)
}

/// A 64-bit hash of a record's fields: foldhash with a fixed seed, which is fast (SipHash, which it
/// replaced, cost much of the wasm's time; BENCHMARKS.md) and 64 bits wide on wasm32 too (FxHash is 32
/// there, where a million rows would collide hundreds of times and be dropped as false duplicates). At 64
/// bits a false duplicate among 10 M rows has a chance of about 3 in a million. The rows are the user's own
/// file, not keys chosen to collide, so a non-cryptographic hash does.
/// The fields are hashed as one run of bytes plus their lengths, so `a,bc` and `ab,c` differ.
fn record_hash(rec: &csv::StringRecord) -> u64 {
    let mut h = foldhash::quality::FixedState::with_seed(0x5b0d_5c09_e1a4_4f3d).build_hasher();
    h.write(rec.as_byte_record().as_slice());
    let lengths = rec.iter().fold(0u64, |acc, f| {
        acc.wrapping_mul(1_000_003).wrapping_add(f.len() as u64)
    });
    h.write_u64(lengths);
    h.finish()
}

fn push_line(
    pass: &mut Pass,
    line: Line<'_>,
    order_source: OrderSource,
    day_orders: &mut FxHashMap<(u32, i64), u32>,
    row: u64,
) {
    let d = &mut pass.data;
    let customer = if line.customer.is_empty() {
        pass.missing_customer.add(row);
        NO_CUSTOMER
    } else {
        d.customers.intern(line.customer)
    };
    if line.is_return {
        pass.returns.add(row);
    }
    let order = match order_source {
        OrderSource::Column(_) => line.order,
        OrderSource::CustomerDay => {
            let day = days::day_of(line.time.unwrap_or(0));
            let next = d.orders.len() as u32;
            let id = *day_orders.entry((customer, day)).or_insert(next);
            if id == next {
                let name = format!(
                    "{} {}",
                    line.customer,
                    days::format_day(line.time.unwrap_or(0))
                );
                d.orders.intern(&name);
            }
            Some(id)
        }
        OrderSource::None => None,
    };
    if let Some(o) = order {
        let o = o as usize;
        if o == d.order_customer.len() {
            d.order_customer.push(customer);
            d.order_time.push(line.time.unwrap_or(0));
        } else {
            if customer != NO_CUSTOMER && d.order_customer[o] != customer {
                if d.order_customer[o] == NO_CUSTOMER {
                    d.order_customer[o] = customer;
                } else {
                    pass.order_conflicts += 1;
                }
            }
            if let Some(t) = line.time {
                d.order_time[o] = d.order_time[o].min(t);
            }
        }
        d.lines.order.push(o as u32);
        if let Some(step) = line.step {
            if pass.steps.len() <= o {
                pass.steps.resize(o + 1, None);
            }
            match pass.steps[o] {
                None => pass.steps[o] = Some(step),
                Some(first) if first.sequence != step.sequence || first.gap != step.gap => {
                    pass.step_conflicts += 1;
                }
                Some(_) => {}
            }
        }
    }
    if let Some(p) = line.product {
        let id = d.products.intern(p) as usize;
        if !line.product_name.is_empty() {
            if id == d.product_names.len() {
                d.product_names.push(line.product_name.to_owned());
            } else if d.product_names[id].is_empty() {
                d.product_names[id] = line.product_name.to_owned();
            }
        } else if id == d.product_names.len() {
            d.product_names.push(String::new());
        }
        d.lines.product.push(id as u32);
    }
    d.lines.customer.push(customer);
    if let Some(t) = line.time {
        d.lines.time.push(t);
    }
    if let Some(q) = line.quantity {
        d.lines.quantity.push(q);
    }
    if let Some(a) = line.amount {
        d.lines.amount.push(a);
    }
    d.lines.is_return.push(line.is_return);
}

fn finish(
    pass: Pass,
    layout: &Layout,
    encoding: &'static str,
    date: Option<dates::Detected>,
    opts: &IngestOptions,
    timeline: Option<(relative::Columns, relative::Summary)>,
) -> Result<Ingested> {
    let Pass {
        mut data,
        rows_read,
        skipped,
        returns,
        missing_customer,
        free_items,
        order_conflicts,
        partly_paid,
        date_ambiguous,
        date_failures,
        currencies,
        steps: _,
        step_conflicts,
    } = pass;
    let currency = match currencies.keys().collect::<Vec<_>>()[..] {
        [one] if opts.currency_rates.is_empty() => Some(one.clone()),
        [] => written_currency(layout),
        _ => None,
    };
    if opts.date_order.is_some() && date_failures as f64 > FORCED_ORDER_FAILS * rows_read as f64 {
        let fmt = date.map(|d| d.format.describe()).unwrap_or_default();
        return Err(Error::new(
            ErrorCode::InvalidOption,
            format!(
                "{}% of the dates do not read as {fmt}: the day/month order given (dateOrder) is probably \
                 wrong; leave it unset to have it detected",
                (100.0 * date_failures as f64 / rows_read.max(1) as f64).round()
            ),
        ));
    }
    let rows_used = data.lines.len() as u64;
    let skipped: Vec<Skipped> = skipped
        .into_iter()
        .map(|(reason, (rows, example))| Skipped {
            reason,
            label: reason.label(),
            rows,
            example,
        })
        .collect();
    if rows_used == 0 {
        let first = skipped
            .iter()
            .min_by_key(|s| s.rows.first_rows.first().copied().unwrap_or(u64::MAX))
            .and_then(|s| s.example.clone())
            .unwrap_or_default();
        return Err(Error::new(
            ErrorCode::NoUsableRows,
            format!(
                "none of the {} data rows could be used; the first problem: {first}",
                group_thousands(rows_read)
            ),
        ));
    }
    let lines = &data.lines;
    if !lines.order.is_empty() {
        let purchases = lines
            .order
            .iter()
            .zip(&lines.product)
            .zip(&lines.is_return)
            .map(|((&o, &p), &r)| (if r { u32::MAX } else { o }, p));
        data.baskets = Csr::group(data.orders.len(), purchases);
        data.baskets.sort_dedup_rows();
    }
    data.customer_lines = Csr::group(
        data.customers.len(),
        lines
            .customer
            .iter()
            .enumerate()
            .map(|(i, &c)| (c, i as u32)),
    );
    let mut warnings = layout.warnings.clone();
    if let Some((columns, summary)) = &timeline {
        let short = relative::inspection_warning(columns, &layout.columns);
        warnings.retain(|w| *w != short);
        warnings.extend(relative::warnings(columns, &layout.columns, summary));
        if step_conflicts > 0 {
            warnings.push(format!(
                "{} lines give another order number or days since the prior order than their order's first \
                 line; each order keeps its first line's",
                group_thousands(step_conflicts)
            ));
        }
    }
    if partly_paid.count > 0 {
        warnings.push(format!(
            "{} lines belong to orders whose status says they were partly refunded or not yet paid; they are \
             counted as bought",
            group_thousands(partly_paid.count)
        ));
    }
    if currencies.len() > 1 && opts.currency_rates.is_empty() {
        let listed: Vec<String> = currencies
            .iter()
            .map(|(code, (lines, sum))| {
                format!("{code} {sum:.2} in {} lines", group_thousands(*lines))
            })
            .collect();
        warnings.push(format!(
            "the amounts are in {} currencies ({}); they are not added up, so spend is left out of the \
             analyses: give exchange rates (currencyRates) to count it in one currency",
            currencies.len(),
            listed.join(", ")
        ));
        data.lines.amount = Vec::new();
    }
    if let Some(d) = date.filter(|_| date_ambiguous) {
        warnings.push(format!(
            "every date fits both day/month orders; they were read as {}. Set the date order if that is wrong",
            d.format.describe()
        ));
    }
    if order_conflicts > 0 {
        warnings.push(format!(
            "{} lines name an order that belongs to another customer; each order keeps its first customer",
            group_thousands(order_conflicts)
        ));
    }
    if !layout.mapping.has(Role::Order) && !data.lines.order.is_empty() {
        warnings.push(
            "the file has no order column: each customer's lines on one day form one order".into(),
        );
    }
    let (orders, return_orders) = count_orders(&data.lines, data.orders.len());
    let times = &data.lines.time;
    let model_bytes = data.heap_bytes() as u64;
    let capabilities = affected(capabilities(&data), &skipped, rows_read);
    let report = IngestReport {
        encoding,
        platform: layout.platform,
        delimiter: (layout.delimiter as char).to_string(),
        has_header: layout.has_header,
        decimal_comma: layout.decimal_comma,
        columns: layout.columns.clone(),
        mapping: layout.named_mapping(),
        date_format: date.map(|d| d.format.describe()),
        rows_read,
        rows_used,
        skipped,
        returns,
        missing_customer,
        free_items,
        warnings,
        customers: data.customers.len() as u64,
        orders,
        return_orders,
        products: data.products.len() as u64,
        first_date: times.iter().min().map(|&t| days::format_day(t)),
        last_date: times.iter().max().map(|&t| days::format_day(t)),
        net_amount: (!data.lines.amount.is_empty()).then(|| data.lines.amount.iter().sum()),
        currency,
        capabilities,
        model_bytes,
        bytes_per_row: model_bytes as f64 / rows_used as f64,
        preview: layout.preview.clone(),
        personal_columns: layout.personal_columns(),
        ids_masked: false,
        relative_days: timeline.is_some(),
    };
    Ok(Ingested {
        dataset: data,
        report,
    })
}

/// The currency sign or code the first rows write beside their amounts or prices (`R$ 1,95`), when they all
/// write the same one: files without a currency column often say it so.
/// Else the one their headers name (`金额(元)`, `Betrag (€)`, `Amount [USD]`, `Price EUR`).
fn written_currency(layout: &Layout) -> Option<String> {
    let columns = [Role::LineAmount, Role::UnitPrice].map(|r| layout.mapping.get(r));
    let words = layout
        .preview
        .iter()
        .flat_map(|row| columns.iter().flatten().filter_map(|&c| row.get(c)))
        .filter_map(|cell| numbers::currency_word(cell));
    let headers = columns
        .iter()
        .flatten()
        .filter_map(|&c| header_currency(&layout.columns[c]));
    let from_values: Vec<&str> = words.collect();
    let found = if from_values.is_empty() {
        headers.collect()
    } else {
        from_values
    };
    let (first, rest) = found.split_first()?;
    rest.iter().all(|w| w == first).then(|| first.to_string())
}

/// The currency a header names in brackets or as its last word, alone.
fn header_currency(header: &str) -> Option<&'static str> {
    let header = header.trim().trim_end_matches([')', ']', '）']);
    let last = header
        .rsplit(['(', '[', '（', ' '])
        .next()
        .filter(|w| w.len() < header.len())?;
    let word = numbers::currency_word(last)?;
    numbers::strip_currency(last).is_empty().then_some(word)
}

/// Orders with at least one purchase, and orders that hold only returns or cancellations: a UCI-style file
/// has thousands of cancellation invoices, which are not orders a customer placed.
fn count_orders(lines: &Lines, orders: usize) -> (u64, u64) {
    let mut bought = vec![false; orders];
    for (&o, &is_return) in lines.order.iter().zip(&lines.is_return) {
        if let (false, Some(b)) = (is_return, bought.get_mut(o as usize)) {
            *b = true;
        }
    }
    let purchases = bought.iter().filter(|&&b| b).count();
    (purchases as u64, (orders - purchases) as u64)
}

/// Share of rows that may be skipped as unreadable (wrong width, bad or missing values) before the
/// analyses are marked as affected: past it, results rest on a visibly smaller part of the file.
const AFFECTED_SHARE: f64 = 0.05;

/// Marks every available analysis as affected when many rows could not be read, so a ✓ never hides that
/// (say) half the file was left out.
fn affected(mut caps: Vec<Capability>, skipped: &[Skipped], rows_read: u64) -> Vec<Capability> {
    let unreadable: u64 = skipped
        .iter()
        .filter(|s| {
            matches!(
                s.reason,
                SkipReason::WrongFieldCount | SkipReason::BadValue | SkipReason::MissingValue
            )
        })
        .map(|s| s.rows.count)
        .sum();
    let share = unreadable as f64 / rows_read.max(1) as f64;
    if share > AFFECTED_SHARE {
        let words = format!(
            "affected: {}% of the rows ({}) could not be read and are left out (see the cleaning report)",
            (share * 100.0).round(),
            group_thousands(unreadable)
        );
        for c in caps.iter_mut().filter(|c| c.available) {
            c.note = if c.note.is_empty() {
                words.clone()
            } else {
                format!("{}; {words}", c.note)
            };
        }
    }
    caps
}

fn capabilities(d: &Dataset) -> Vec<Capability> {
    let l = &d.lines;
    let has_customers = !d.customers.is_empty();
    let has_dates = !l.time.is_empty();
    let has_money = !l.amount.is_empty();
    let has_products = !l.product.is_empty();
    let has_orders = !l.order.is_empty();
    let need = |parts: &[(&str, bool)]| -> String {
        let missing: Vec<&str> = parts
            .iter()
            .filter(|(_, ok)| !ok)
            .map(|(n, _)| *n)
            .collect();
        if missing.is_empty() {
            String::new()
        } else {
            format!("needs {}", missing.join(" and "))
        }
    };
    let mut segmentation = Capability {
        analysis: "segmentation",
        available: has_customers && has_dates,
        note: need(&[("a customer id", has_customers), ("a date", has_dates)]),
    };
    if segmentation.available && !has_money {
        segmentation.note = "no price or amount column: recency and frequency only".into();
    }
    let mut clv = Capability {
        analysis: "lifetime_value",
        available: has_customers && has_dates,
        note: need(&[("a customer id", has_customers), ("a date", has_dates)]),
    };
    if clv.available && !has_money {
        clv.note = "no price or amount column: purchase counts only, no spend".into();
    }
    vec![
        segmentation,
        Capability {
            analysis: "rules",
            available: has_orders && has_products,
            note: need(&[
                ("an order id (or customer + date)", has_orders),
                ("a product", has_products),
            ]),
        },
        Capability {
            analysis: "recommendations",
            available: has_customers && has_products,
            note: need(&[
                ("a customer id", has_customers),
                ("a product", has_products),
            ]),
        },
        clv,
    ]
}
