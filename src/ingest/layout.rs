//! Reads the head of a file to decide how to read all of it: dialect, header, column roles, date format,
//! decimal separator. Cheap (it only looks at the first few hundred rows), so the page can show the user
//! what was detected before the full read, and the user can correct it.

use super::dates::{self, Detected};
use super::decode::{Decoder, Encoding};
use super::header_names::PLATFORMS;
use super::numbers::{looks_decimal_comma, parse_number};
use super::privacy;
use super::roles::{normalise_header, HeaderNames, Mapping, Role};
use super::sniff;
use super::source::Source;
use super::text::Text;
use super::IngestOptions;
use crate::error::{excerpt, listing, Error, ErrorCode, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::BTreeMap;

/// How to read the file, as detected and overridden.
#[derive(Debug, Clone)]
pub struct Layout {
    pub delimiter: u8,
    pub has_header: bool,
    pub decimal_comma: bool,
    /// Column names, made unique ("Price", "Price (2)"); `column 1`... when the file has no header.
    pub columns: Vec<String>,
    pub mapping: Mapping,
    pub date: Option<Detected>,
    pub warnings: Vec<String>,
    /// The first data rows, for the user to check the mapping against.
    pub preview: Vec<Vec<String>>,
    /// Columns with no role that hold personal data (see `privacy`).
    pub personal: Vec<usize>,
    /// Bytes before the CSV proper (Excel's `sep=;` line).
    pub start: usize,
    /// Rows the whole text probably holds, from the sample's bytes per row (to size vectors once).
    pub estimated_rows: usize,
    /// The platform whose export layout the header set is (`header_names::PLATFORMS`).
    pub platform: Option<&'static str>,
    /// The customer column holds e-mail addresses or phone numbers (the only identifier the file has):
    /// normalised (one address however it was typed).
    pub customer_is_contact: bool,
    /// The customer column identifies people (contacts, or their full names): unless `show_contact_ids`,
    /// replaced by pseudonyms.
    pub customer_is_personal: bool,
    /// No date column, but order numbers and days since the prior order (see `relative`).
    pub relative: Option<super::relative::Columns>,
}

impl Layout {
    /// Role -> column name, for the roles that have a column (as shown in the inspection and the report).
    pub fn named_mapping(&self) -> BTreeMap<Role, String> {
        let mut named = BTreeMap::new();
        for role in Role::ALL {
            if let Some(c) = self.mapping.get(role) {
                named.insert(role, self.columns[c].clone());
            }
        }
        named
    }

    pub fn personal_columns(&self) -> Vec<String> {
        self.personal
            .iter()
            .map(|&c| self.columns[c].clone())
            .collect()
    }

    /// A csv reader over the file's text from where the CSV proper starts, in this layout (rows of any
    /// width: the caller checks them).
    pub(super) fn reader<'s>(
        &self,
        source: &'s mut dyn Source,
        encoding: &Encoding,
        decoder: Option<Decoder>,
    ) -> Result<csv::Reader<Text<'s>>> {
        Ok(csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(self.has_header)
            .flexible(true)
            .from_reader(Text::new(source, encoding, decoder, self.start)?))
    }

    /// The file line of the record `rec` that `reader` just read.
    pub(super) fn row(&self, reader: &csv::Reader<Text>, rec: &csv::StringRecord) -> u64 {
        let Some(p) = rec.position() else { return 0 };
        sniff::row_from(
            p.line(),
            reader.get_ref().from(p.byte()),
            first_line(self.start) - 1,
        )
    }
}

const PREVIEW_ROWS: usize = 8;

/// The file line the CSV proper starts on: 2 after Excel's `sep=;` line.
fn first_line(start: usize) -> u64 {
    if start > 0 {
        2
    } else {
        1
    }
}

/// The layout of a file from the head of its text, `text`; `size`: the length of its whole text (or an
/// estimate), for the memory estimate.
pub fn detect_layout(text: &str, size: usize, opts: &IngestOptions) -> Result<Layout> {
    let (start, named_delimiter) = sniff::excel_sep_line(text);
    let text = text.get(start..).unwrap_or("");
    let sample = sniff::sample_of(text);
    let delimiter = opts
        .delimiter
        .or(named_delimiter)
        .unwrap_or_else(|| sniff::sniff_delimiter(sample));
    let recs = sniff::records(sample, delimiter);
    if recs.is_empty() {
        return Err(Error::new(ErrorCode::Empty, "the file is empty"));
    }
    let lines = sniff::Lines::new(sample, first_line(start));
    sniff::check_shape(&lines, &recs, delimiter)?;
    let has_header = opts
        .has_header
        .unwrap_or_else(|| sniff::first_row_is_header(&recs));
    let data = if has_header { &recs[1..] } else { &recs[..] };
    if data.is_empty() {
        return Err(Error::new(
            ErrorCode::HeaderOnly,
            "the file has a header row but no data rows",
        ));
    }
    let mut warnings = Vec::new();
    let columns = column_names(has_header.then(|| &recs[0]), data, &mut warnings);
    let values: Vec<Vec<&str>> = (0..columns.len())
        .map(|c| data.iter().map(|r| r.get(c).unwrap_or("")).collect())
        .collect();
    let decimal_comma = opts.decimal_comma.unwrap_or_else(|| {
        delimiter != b',' && values.iter().flatten().any(|v| looks_decimal_comma(v))
    });
    let mut mapping = Mapping::default();
    apply_overrides(&mut mapping, &columns, opts)?;
    // A platform's layout: its signature headers all present; its roles taken before inference.
    let normalised: Vec<String> = columns.iter().map(|c| normalise_header(c)).collect();
    let column_named = |name: &str| normalised.iter().position(|c| *c == normalise_header(name));
    let platform = PLATFORMS
        .iter()
        .find(|p| p.signature.iter().all(|s| column_named(s).is_some()));
    let mut decided: Vec<Role> = opts.mapping.keys().copied().collect();
    for &(role, column) in platform.map_or(&[][..], |p| p.roles) {
        if decided.contains(&role) {
            continue;
        }
        let c = column.and_then(column_named);
        if c.is_none_or(|c| mapping.role_of(c).is_none()) {
            mapping.set(role, c);
            decided.push(role);
        }
    }
    // Judged once per column: role inference skips these, and the ones left without a role are reported.
    let looks_personal: Vec<bool> = (0..columns.len())
        .map(|c| privacy::is_personal(&columns[c], &values[c]))
        .collect();
    infer_from_headers(
        &mut mapping,
        &columns,
        &values,
        &looks_personal,
        decimal_comma,
        &decided,
        opts,
    );
    order_numbers(&mut mapping, &values, opts);
    order_level_amount(&mut mapping, &columns, data, &mut warnings);
    let customer_is_contact =
        contact_identity(&mut mapping, &columns, &values, &looks_personal, opts);
    let customer_is_personal = customer_is_contact
        || mapping
            .get(Role::Customer)
            .is_some_and(|c| privacy::holds_full_names(&values[c]));
    if let Some(c) = mapping.get(Role::Customer).filter(|_| customer_is_personal) {
        // Whether they are masked the report says (`ids_masked`), and the page in its own words.
        warnings.push(format!(
            "customers are identified by {} (column `{}`){}",
            if customer_is_contact {
                "their e-mail addresses or phone numbers, the only identifier in the file"
            } else {
                "people's names"
            },
            columns[c],
            if opts.show_contact_ids {
                ", shown as written as asked (showContactIds)"
            } else {
                ": pseudonyms stand for them"
            }
        ));
    }
    let date = detect_date(&mut mapping, &columns, &values, opts, &mut warnings)?;
    let relative = super::relative::detect(&mapping, &columns, &values);
    if let Some(r) = relative {
        warnings.push(super::relative::inspection_warning(&r, &columns));
    }
    let personal: Vec<usize> = (0..columns.len())
        .filter(|&c| looks_personal[c] && mapping.role_of(c).is_none())
        .collect();
    let mut preview: Vec<Vec<String>> = data
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    if let Some(mask) = masking(opts, customer_is_personal) {
        let masker = privacy::Masker::new(&mask);
        for row in &mut preview {
            for (c, cell) in row.iter_mut().enumerate() {
                if personal.contains(&c) {
                    *cell = "•••".into();
                } else if mapping.get(Role::Customer) == Some(c) && !cell.is_empty() {
                    *cell = masker.pseudonym(&contact_key(cell, customer_is_contact));
                }
            }
        }
    }
    Ok(Layout {
        delimiter,
        has_header,
        decimal_comma,
        columns,
        mapping,
        date,
        warnings,
        preview,
        personal,
        start,
        estimated_rows: size.saturating_sub(start) / bytes_per_row(sample, &recs),
        customer_is_contact,
        customer_is_personal,
        platform: platform.map(|p| p.name),
        relative,
    })
}

/// How customer ids are masked: as the caller asked, or, for ids that identify people (e-mail addresses,
/// phone numbers, full names), by default (with the caller's salt when given).
pub fn masking(opts: &IngestOptions, customer_is_personal: bool) -> Option<privacy::MaskOptions> {
    match &opts.mask {
        Some(m) => Some(m.clone()),
        None if customer_is_personal && !opts.show_contact_ids => Some(Default::default()),
        None => None,
    }
}

/// One customer is one id however the address was typed: `Ann@Example.com ` and `ann@example.com`.
pub fn contact_key(id: &str, customer_is_contact: bool) -> std::borrow::Cow<'_, str> {
    if customer_is_contact {
        std::borrow::Cow::Owned(id.trim().to_lowercase())
    } else {
        std::borrow::Cow::Borrowed(id)
    }
}

/// Order numbers written `#1001` (Shopify names its orders so, in a column called `Name`): an order column
/// when the file has no other.
fn order_numbers(mapping: &mut Mapping, values: &[Vec<&str>], opts: &IngestOptions) {
    if mapping.has(Role::Order) || opts.mapping.contains_key(&Role::Order) {
        return;
    }
    let numbered = |col: &Vec<&str>| {
        let filled: Vec<&&str> = col.iter().filter(|v| !v.is_empty()).collect();
        let hashed = filled
            .iter()
            .filter(|v| {
                v.strip_prefix('#')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
            .count();
        !filled.is_empty() && hashed as f64 >= HINT_SHARE * filled.len() as f64
    };
    if let Some(c) =
        (0..values.len()).find(|&c| mapping.role_of(c).is_none() && numbered(&values[c]))
    {
        mapping.set(Role::Order, Some(c));
    }
}

/// A line-amount column that is empty on lines whose unit price is given holds an order's total on its
/// first line only (Shopify's `Total`, `Subtotal`): the lines' amounts are then price × quantity.
fn order_level_amount(
    mapping: &mut Mapping,
    columns: &[String],
    data: &[csv::StringRecord],
    warnings: &mut Vec<String>,
) {
    let (Some(amount), Some(price)) = (mapping.get(Role::LineAmount), mapping.get(Role::UnitPrice))
    else {
        return;
    };
    let blank_beside_price = data
        .iter()
        .filter(|r| {
            r.get(amount).is_some_and(str::is_empty) && r.get(price).is_some_and(|p| !p.is_empty())
        })
        .count();
    if blank_beside_price > 0 {
        warnings.push(format!(
            "`{}` is filled on only some lines of an order (an order total), so each line's amount is `{}` \
             × quantity",
            columns[amount], columns[price]
        ));
        mapping.set(Role::LineAmount, None);
    }
}

/// With no customer id column, a column of e-mail addresses or phone numbers identifies customers (an online
/// shop's order export often has nothing else).
fn contact_identity(
    mapping: &mut Mapping,
    columns: &[String],
    values: &[Vec<&str>],
    looks_personal: &[bool],
    opts: &IngestOptions,
) -> bool {
    // A customer column given by the caller is already in `mapping` (`apply_overrides`).
    if mapping.has(Role::Customer) || opts.mapping.contains_key(&Role::Customer) {
        return mapping
            .get(Role::Customer)
            .is_some_and(|c| privacy::is_contact(&columns[c], &values[c]));
    }
    let found = (0..columns.len()).find(|&c| {
        looks_personal[c]
            && mapping.role_of(c).is_none()
            && privacy::is_contact(&columns[c], &values[c])
    });
    mapping.set(Role::Customer, found);
    found.is_some()
}

/// Average bytes per record of the records read (at most `SAMPLE_RECORDS`, often fewer than the sample
/// holds): where the last one starts, over the records before it.
fn bytes_per_row(sample: &str, recs: &[csv::StringRecord]) -> usize {
    let last_start = recs.last().and_then(|r| r.position()).map(|p| p.byte());
    match last_start {
        Some(start) if recs.len() > 1 && start > 0 => start as usize / (recs.len() - 1),
        _ => sample.len() / recs.len(),
    }
    .max(1)
}

fn column_names(
    header: Option<&csv::StringRecord>,
    data: &[csv::StringRecord],
    warnings: &mut Vec<String>,
) -> Vec<String> {
    let width = header
        .map(|h| h.len())
        .unwrap_or_else(|| data.iter().map(|r| r.len()).max().unwrap_or(0));
    let mut names: Vec<String> = Vec::with_capacity(width);
    // Sets, not a scan of the names so far: that scan was quadratic in the width (minutes for one long line
    // of numbers, see BENCHMARKS.md), and cubic where one name repeats.
    let mut taken: FxHashSet<String> = FxHashSet::default();
    let mut next_suffix: FxHashMap<String, usize> = FxHashMap::default();
    let mut repeated: Vec<String> = Vec::new();
    let mut renamed: Vec<String> = Vec::new();
    for i in 0..width {
        let raw = header.and_then(|h| h.get(i)).unwrap_or("").trim();
        let base = if raw.is_empty() {
            format!("column {}", i + 1)
        } else {
            raw.to_owned()
        };
        let mut name = base.clone();
        if taken.contains(&name) {
            if !next_suffix.contains_key(&base) && repeated.len() < crate::error::LISTED {
                repeated.push(base.clone());
            }
            let n = next_suffix.entry(base.clone()).or_insert(2);
            while taken.contains(&name) {
                name = format!("{base} ({n})");
                *n += 1;
            }
            renamed.push(name.clone());
        }
        taken.insert(name.clone());
        names.push(name);
    }
    match renamed.as_slice() {
        [] => {}
        [one] => warnings.push(format!(
            "the header names `{}` more than once; the later column is called `{one}`",
            repeated[0]
        )),
        _ => warnings.push(format!(
            "the header repeats names ({}); the later columns are called {}",
            listing(&repeated, next_suffix.len() as u64),
            listing(&renamed, renamed.len() as u64)
        )),
    }
    names
}

fn column_index(columns: &[String], name: &str) -> Result<usize> {
    columns.iter().position(|c| c == name).ok_or_else(|| {
        Error::new(
            ErrorCode::Mapping,
            format!(
                "mapping: there is no column named `{}`; the columns are: {}",
                excerpt(name),
                listing(columns, columns.len() as u64)
            ),
        )
    })
}

fn apply_overrides(mapping: &mut Mapping, columns: &[String], opts: &IngestOptions) -> Result<()> {
    for (&role, column) in &opts.mapping {
        let index = column
            .as_deref()
            .map(|name| column_index(columns, name))
            .transpose()?;
        if let Some(i) = index {
            if let Some(other) = mapping.role_of(i) {
                return Err(Error::new(
                    ErrorCode::Mapping,
                    format!(
                        "mapping: column `{}` is given both as {} and as {}",
                        columns[i],
                        other.label(),
                        role.label()
                    ),
                ));
            }
        }
        mapping.set(role, index);
    }
    Ok(())
}

/// Assigns roles the caller left open to columns whose header names them, strongest name first. A column
/// named outright (`Price`, `InvoiceDate`) takes its role whatever its values, so that bad values are
/// reported row by row; a column that only hints at a role (`Loyalty customer`) takes it only if the values
/// agree (numbers for quantities and prices, dates for the date).
fn infer_from_headers(
    mapping: &mut Mapping,
    columns: &[String],
    values: &[Vec<&str>],
    looks_personal: &[bool],
    decimal_comma: bool,
    decided: &[Role],
    opts: &IngestOptions,
) {
    let names = HeaderNames::new();
    let mut candidates = Vec::new();
    for role in Role::ALL {
        if decided.contains(&role) {
            continue;
        }
        for (c, name) in columns.iter().enumerate() {
            // A column of people's names is never taken for product names; only a customer id may be one.
            if role != Role::Customer && looks_personal[c] {
                continue;
            }
            let (score, rank) = names.score(name, role);
            // Product names are checked even under their exact headers: `Product` is the id in one file
            // and the name in another (beside a `SKU`).
            let exact = score >= 3 && role != Role::ProductName;
            let fits = exact || values_fit(role, &values[c], decimal_comma, opts);
            if score > 0 && fits {
                candidates.push((std::cmp::Reverse(score), role, rank, c));
            }
        }
    }
    crate::sorting::sort_by(&mut candidates, &Ord::cmp);
    for (_, role, _, c) in candidates {
        if !mapping.has(role) && mapping.role_of(c).is_none() {
            mapping.set(role, Some(c));
        }
    }
}

/// Share of a column's values that must fit a role that the header only hints at.
const HINT_SHARE: f64 = 0.9;

fn values_fit(role: Role, values: &[&str], decimal_comma: bool, opts: &IngestOptions) -> bool {
    let filled: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    if role.is_numeric() {
        let numeric = filled
            .iter()
            .filter(|v| parse_number(v, decimal_comma).is_some())
            .count();
        numeric as f64 >= HINT_SHARE * filled.len() as f64
    } else if role == Role::Date {
        dates::detect(&filled, true, opts.date_order, HINT_SHARE).is_some()
    } else if role == Role::ProductName {
        // Shopify's `Name` holds order names (`#1001`), not product names.
        !privacy::holds_codes(&filled)
    } else {
        true
    }
}

/// Detects the date format of the date column; without one named in the header, takes the first unmapped
/// column whose values are all dates (never bare integers: those could be anything).
fn detect_date(
    mapping: &mut Mapping,
    columns: &[String],
    values: &[Vec<&str>],
    opts: &IngestOptions,
    warnings: &mut Vec<String>,
) -> Result<Option<Detected>> {
    if let Some(c) = mapping.get(Role::Date) {
        if let Some(d) = dates::detect(&values[c], true, opts.date_order, 0.0) {
            return Ok(Some(d));
        }
        let example = excerpt(values[c].iter().find(|v| !v.is_empty()).unwrap_or(&""));
        let problem = format!(
            "the values of column `{}` (e.g. `{example}`) are not dates in a known format \
             (YYYY-MM-DD, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD, Unix time)",
            columns[c]
        );
        if opts.mapping.contains_key(&Role::Date) {
            return Err(Error::new(ErrorCode::Mapping, problem));
        }
        warnings.push(format!("{problem}; the column is not used as the date"));
        mapping.set(Role::Date, None);
    }
    if opts.mapping.contains_key(&Role::Date) {
        return Ok(None);
    }
    for (c, col) in values.iter().enumerate() {
        if mapping.role_of(c).is_some() {
            continue;
        }
        if let Some(d) = dates::detect(col, false, opts.date_order, HINT_SHARE) {
            mapping.set(Role::Date, Some(c));
            return Ok(Some(d));
        }
    }
    Ok(None)
}
