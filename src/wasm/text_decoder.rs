//! The platform's `TextDecoder` (browsers, workers, Node) as the core's legacy-encoding decoder: the same
//! WHATWG decoders as `encoding_rs`, without their tables in the wasm.

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str) -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &[u8]) -> Result<String, JsValue>;
}

/// `crate::ingest::decode::Decoder` over `TextDecoder`; `None` for a label the platform does not know.
pub fn decode(label: &str, bytes: &[u8]) -> Option<String> {
    TextDecoder::new(label).ok()?.decode(bytes).ok()
}
