//! Reading customer/transaction CSV files into the model the analyses share.
//!
//! `inspect` looks at the head of a file and says how it will be read (dialect, columns, roles, date format)
//! so a user can correct it; `ingest` reads all of it, cleans it by a reported policy, and builds the
//! `Dataset`.
//!
//! Cleaning policy (every rule is counted in the report, with the first 20 row numbers):
//! - rows with a different number of fields than the header, an unreadable number or date, or an empty
//!   product / order id / date: skipped;
//! - returns and cancellations (negative quantity, or an invoice number like `C536379`): kept with a
//!   negative amount, so they reduce net spend; left out of baskets;
//! - zero quantity, or a negative price or amount on a purchase: skipped (`keep_nonpositive` keeps them);
//! - price 0 on a purchase (a free or fully discounted item): kept, counted as a purchase with no spend;
//! - exact duplicate rows: skipped when the file has an order column (`drop_duplicates` decides);
//! - footer or total lines at the end of the file (`Total,,,1234.50`): skipped as their own group;
//! - lines without a customer id: kept for baskets, left out of customer analyses.
//!
//! A row of more than `MAX_COLUMNS` fields or a field of more than `MAX_FIELD_BYTES` is refused at once
//! (`ErrorCode::Malformed`): no transaction file has one, and reading on would cost minutes and memory.

mod build;
pub mod dates;
pub mod decode;
mod duplicates;
mod header_names;
pub(crate) mod layout;
pub mod numbers;
pub mod privacy;
mod relative;
pub mod report;
pub mod roles;
mod sniff;
pub mod source;
mod status;
pub mod table;
mod text;

use crate::dataset::Dataset;
use crate::error::{group_thousands, Error, ErrorCode, Result};
use crate::progress::Progress;
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::BTreeMap;

pub use dates::DateOrder;
pub use privacy::MaskOptions;
pub use report::IngestReport;
pub use roles::Role;
pub use sniff::{MAX_COLUMNS, MAX_FIELD_BYTES};
pub use source::Source;

/// How to read a file. Every field is optional: what is not given is detected.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct IngestOptions {
    /// One of `,` `;` tab `|` (any single ASCII character is accepted).
    #[serde(deserialize_with = "delimiter_from_str")]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "string | null"))]
    pub delimiter: Option<u8>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub has_header: Option<bool>,
    /// The file's encoding, as a WHATWG label (`utf-8`, `windows-1252`, `gbk`, `big5`, `shift_jis`,
    /// `euc-kr`, `windows-1251`, ...); default: detected (see `decode`).
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub encoding: Option<String>,
    /// Decodes legacy encodings (set by the wasm binding to the platform's `TextDecoder`); `None`: the
    /// native decoder.
    #[serde(skip)]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decoder: Option<decode::Decoder>,
    /// Role -> column name, or `None` to say "the file has no such column".
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mapping: BTreeMap<Role, Option<String>>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub date_order: Option<DateOrder>,
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub decimal_comma: Option<bool>,
    /// Skip rows that repeat an earlier row exactly. Default (`None`): only when the file has an order
    /// column, where a repeated line is an export artefact; without one, identical rows (same customer,
    /// day and amount) are plausibly separate purchases.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub drop_duplicates: Option<bool>,
    /// Keep lines with quantity 0 and purchases with a negative price, which are skipped by default.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub keep_nonpositive: bool,
    /// Mask personal data: customer ids become pseudonyms, personal columns are left out of the preview.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub mask: Option<MaskOptions>,
    /// Where customers are known only by e-mail address, phone number or full name, keep those as the
    /// customer ids instead of pseudonyms.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub show_contact_ids: bool,
    /// Exchange rates into one currency (`{"EUR": 1.08, "GBP": 1.27}`: the value of one unit of each in
    /// the currency counted in) for files whose amounts are in several currencies.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub currency_rates: BTreeMap<String, f64>,
    /// Refuse, before building anything, a file whose read would need more memory than this (in MB).
    /// Default 3,072: wasm's address space is 4 GB, and the analyses need room after the read.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub memory_limit_mb: Option<u64>,
}

pub(crate) fn delimiter_from_str<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<u8>, D::Error> {
    let s: Option<String> = Option::deserialize(d)?;
    match s.as_deref() {
        None | Some("") => Ok(None),
        Some("\\t") | Some("tab") => Ok(Some(b'\t')),
        Some(s) if s.len() == 1 && s.is_ascii() => Ok(Some(s.as_bytes()[0])),
        Some(s) => Err(serde::de::Error::custom(format!(
            "delimiter must be one character such as `,` `;` `|` or tab, not `{s}`"
        ))),
    }
}

/// The result of `ingest`: the model and the report shown to the user.
#[derive(Debug, Clone)]
pub struct Ingested {
    pub dataset: Dataset,
    pub report: IngestReport,
}

/// How the head of a file reads: shown to the user before (or instead of) the full read.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    pub encoding: &'static str,
    /// The platform export layout recognised (`Shopify orders export`), if any.
    pub platform: Option<&'static str>,
    pub delimiter: String,
    pub has_header: bool,
    pub decimal_comma: bool,
    pub columns: Vec<String>,
    pub mapping: BTreeMap<Role, String>,
    pub date_format: Option<String>,
    pub date_ambiguous: bool,
    pub warnings: Vec<String>,
    /// Columns that look like personal data (names, e-mails, phones, addresses); never read into the model.
    pub personal_columns: Vec<String>,
    pub preview: Vec<Vec<String>>,
}

/// Detects how `bytes` should be read, looking only at the first few hundred rows.
pub fn inspect(bytes: &[u8], opts: &IngestOptions) -> Result<Inspection> {
    let (head, whole) = head(bytes);
    let encoding = decode::Encoding::detect(head, opts.encoding.as_deref())?;
    let decoded = decode::decode_as(head, &encoding, opts.decoder, whole)?;
    let text = non_empty(&decoded.text)?;
    let layout = layout::detect_layout(text, text.len(), opts)?;
    Ok(Inspection {
        encoding: decoded.encoding,
        platform: layout.platform,
        delimiter: (layout.delimiter as char).to_string(),
        has_header: layout.has_header,
        decimal_comma: layout.decimal_comma,
        mapping: layout.named_mapping(),
        personal_columns: layout.personal_columns(),
        columns: layout.columns,
        date_format: layout.date.map(|d| d.format.describe()),
        date_ambiguous: layout.date.is_some_and(|d| d.ambiguous),
        warnings: layout.warnings,
        preview: layout.preview,
    })
}

/// Reads the whole of `bytes` into a `Dataset`, calling `progress` now and then (it may cancel).
pub fn ingest(
    mut bytes: &[u8],
    opts: &IngestOptions,
    progress: &mut dyn Progress,
) -> Result<Ingested> {
    ingest_from(&mut bytes, opts, progress)
}

/// Reads a file from `source` into a `Dataset` a chunk at a time: beside the model, a read holds a fixed
/// buffer, never the whole file. Calls `progress` now and then (it may cancel).
pub fn ingest_from(
    source: &mut dyn Source,
    opts: &IngestOptions,
    progress: &mut dyn Progress,
) -> Result<Ingested> {
    let mut head = vec![0; source.size().min(INSPECT_BYTES as u64) as usize];
    let n = source.read_at(0, &mut head)?;
    head.truncate(n);
    let (head, whole) = self::head(&head);
    let whole = whole && head.len() as u64 == source.size();
    let mut encoding = decode::Encoding::detect(head, opts.encoding.as_deref())?;
    loop {
        let decoded = decode::decode_as(head, &encoding, opts.decoder, whole)?;
        let text = non_empty(&decoded.text)?;
        // The whole text's length, in proportion to the head's.
        let body = (head.len() - encoding.bom).max(1) as f64;
        let size =
            (text.len() as f64 * (source.size() - encoding.bom as u64) as f64 / body) as usize;
        let mut layout = layout::detect_layout(text, size, opts)?;
        if encoding.mixed() {
            layout.warnings.push(
                "the file is UTF-8 but for some bytes past its first 512 KB, which are not: they were read \
                 as Windows-1252 (as Excel on Western Windows writes them). If names look wrong, choose the \
                 file's encoding"
                    .into(),
            );
        }
        check_memory(source, &layout, opts)?;
        let Some(mut read) = build::build(source, &encoding, &layout, opts, progress)? else {
            encoding = decode::Encoding::after_invalid_utf8(head);
            continue;
        };
        if let Some(mask) = layout::masking(opts, layout.customer_is_personal) {
            let masker = privacy::Masker::new(&mask);
            read.dataset.customers.rename(|id| masker.pseudonym(id));
            read.report.ids_masked = true;
        }
        return Ok(read);
    }
}

/// Peak bytes per kept row while reading: the model's ~60 plus the indexes built at the end (66 measured
/// on complete_journey five times over, 7.3 M rows), with a margin.
const PEAK_BYTES_PER_ROW: u64 = 80;
const DEFAULT_MEMORY_LIMIT_MB: u64 = 3072;

/// Refuses a read that would need more than the allowed memory, before it starts to allocate: running out
/// of wasm memory half-way would kill the page.
fn check_memory(source: &dyn Source, layout: &layout::Layout, opts: &IngestOptions) -> Result<()> {
    let limit_mb = opts.memory_limit_mb.unwrap_or(DEFAULT_MEMORY_LIMIT_MB);
    let file_bytes = source.size();
    // A file in memory already counts; one read in chunks needs only the reader's buffers.
    let held = if source.bytes().is_some() {
        file_bytes
    } else {
        text::BUFFER_BYTES
    };
    let need = held + layout.estimated_rows as u64 * PEAK_BYTES_PER_ROW;
    let mb = |b: u64| group_thousands(b.div_ceil(1 << 20));
    if need > limit_mb.saturating_mul(1 << 20) {
        return Err(Error::new(
            ErrorCode::TooLarge,
            format!(
                "this file ({} MB, about {} rows) needs about {} MB of memory to read, more than the {} MB \
                 allowed (memoryLimitMb). Split it into smaller files (by date range, for example), or raise \
                 the limit where the device has the memory",
                mb(file_bytes),
                group_thousands(layout.estimated_rows as u64),
                mb(need),
                group_thousands(limit_mb)
            ),
        ));
    }
    Ok(())
}

/// The most bytes `inspect` reads from the start of a file (the head it sniffs, and the few after it that
/// say where a character ends), so that a caller holding a large file need pass only these: the page's
/// worker would otherwise copy the whole file into wasm memory to inspect it.
pub const INSPECT_BYTES: usize = sniff::SAMPLE_BYTES * 2 + 4;

/// The first bytes of a file, enough for `inspect`, cut at a UTF-8 character boundary where possible
/// (a cut inside a character would make a UTF-8 file look like Windows-1252); and whether they are all of
/// `bytes`.
fn head(bytes: &[u8]) -> (&[u8], bool) {
    let mut end = bytes.len().min(sniff::SAMPLE_BYTES * 2);
    while end < bytes.len() && end > 0 && (bytes[end] & 0xC0) == 0x80 {
        end -= 1;
    }
    (&bytes[..end], end == bytes.len())
}

pub(crate) fn non_empty(text: &str) -> Result<&str> {
    if text.trim().is_empty() {
        Err(Error::new(ErrorCode::Empty, "the file is empty"))
    } else {
        Ok(text)
    }
}
