//! The transactions file: inspected, read into a `Dataset` that every analysis of it runs on.

use super::{from_js, js_error, text_decoder, to_js, JsProgress, ProductTable};
use crate::dataset::names::ProductNames;
use crate::dataset::table::KeyedTable;
use crate::error::{Error, ErrorCode};
use crate::ingest::{self, IngestOptions, Ingested, Source};
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// How the head of a file reads (dialect, columns, detected roles, date format, preview).
#[wasm_bindgen(unchecked_return_type = "Inspection")]
pub fn inspect(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "IngestOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let mut opts: IngestOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decoder);
    let inspection = ingest::inspect(bytes, &opts).map_err(js_error)?;
    to_js(&inspection)
}

/// How many bytes of a file's start `inspect` reads: pass it only those.
#[wasm_bindgen(js_name = inspectBytes)]
pub fn inspect_bytes() -> usize {
    ingest::INSPECT_BYTES
}

/// A file read into memory, ready for the analyses.
#[wasm_bindgen]
pub struct Dataset {
    pub(super) inner: Ingested,
    /// How its products are named in results made from now on.
    pub(super) names: ProductNames,
    /// The products table given to `nameProducts`, whose columns `mine` can take items from.
    pub(super) products: Option<Rc<KeyedTable>>,
}

#[wasm_bindgen]
impl Dataset {
    /// Names the products from a products table too (where the file gives no name), in the recommender,
    /// bought-together lists and product-level itemsets made after this call; `mine` can take its items
    /// from the table's columns (`itemColumn`).
    #[wasm_bindgen(js_name = nameProducts)]
    pub fn name_products(&mut self, products: &ProductTable) {
        self.names = ProductNames::new(&self.inner.dataset, Some(&products.inner));
        self.products = Some(Rc::clone(&products.inner));
    }

    /// The ingest report: how the file was read, what was kept and skipped and why.
    #[wasm_bindgen(getter, unchecked_return_type = "IngestReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.report)
    }
}

/// Reads a whole CSV file. `progress(stage, fraction)` is called now and then.
#[wasm_bindgen(js_name = ingest)]
pub fn ingest_file(
    bytes: &[u8],
    #[wasm_bindgen(unchecked_param_type = "IngestOptions | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
        js_sys::Function,
    >,
) -> Result<Dataset, JsValue> {
    let mut bytes = bytes;
    dataset(&mut bytes, options, progress)
}

/// Reads a CSV file of `size` bytes a chunk at a time, never holding all of it: `read(offset, length)`
/// returns the file's bytes from `offset` (a `Uint8Array` of `length` bytes, fewer only at the end; in a
/// worker, `FileReaderSync` over `file.slice(offset, offset + length)`).
#[wasm_bindgen(js_name = ingestFrom)]
pub fn ingest_from(
    #[wasm_bindgen(unchecked_param_type = "(offset: number, length: number) => Uint8Array")]
    read: js_sys::Function,
    size: f64,
    #[wasm_bindgen(unchecked_param_type = "IngestOptions | undefined")] options: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Progress | null")] progress: Option<
        js_sys::Function,
    >,
) -> Result<Dataset, JsValue> {
    dataset(
        &mut JsSource {
            read,
            size: size as u64,
        },
        options,
        progress,
    )
}

fn dataset(
    source: &mut dyn Source,
    options: JsValue,
    progress: Option<js_sys::Function>,
) -> Result<Dataset, JsValue> {
    let mut opts: IngestOptions = from_js(options, "options")?;
    opts.decoder = Some(text_decoder::decoder);
    let inner = ingest::ingest_from(source, &opts, &mut JsProgress(progress)).map_err(js_error)?;
    let names = ProductNames::new(&inner.dataset, None);
    Ok(Dataset {
        inner,
        names,
        products: None,
    })
}

/// A file read through a JavaScript function.
struct JsSource {
    read: js_sys::Function,
    size: u64,
}

impl Source for JsSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, offset: u64, buf: &mut [u8]) -> crate::error::Result<usize> {
        let failed = |e: JsValue| {
            let why = js_sys::Error::from(e).message();
            Error::new(
                ErrorCode::Unreadable,
                format!("the file could not be read at byte {offset}: {why}"),
            )
        };
        let chunk = self
            .read
            .call2(
                &JsValue::NULL,
                &(offset as f64).into(),
                &(buf.len() as f64).into(),
            )
            .map_err(failed)?;
        let chunk = js_sys::Uint8Array::new(&chunk);
        let n = (chunk.length() as usize).min(buf.len());
        chunk.subarray(0, n as u32).copy_to(&mut buf[..n]);
        Ok(n)
    }
}
