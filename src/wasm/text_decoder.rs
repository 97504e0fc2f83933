//! The platform's `TextDecoder` (browsers, workers, Node) as the core's legacy-encoding decoder: the same
//! WHATWG decoders as `encoding_rs`, without their tables in the wasm.

use crate::ingest::decode::ChunkDecoder;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type TextDecoder;

    #[wasm_bindgen(constructor, catch)]
    fn new(label: &str) -> Result<TextDecoder, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn decode(this: &TextDecoder, bytes: &[u8], options: &JsValue) -> Result<String, JsValue>;
}

/// One file's decoder, fed chunk by chunk (`{stream: true}` until the last).
struct Platform {
    decoder: TextDecoder,
    streaming: JsValue,
}

impl ChunkDecoder for Platform {
    fn decode(&mut self, bytes: &[u8], last: bool) -> String {
        let options = if last {
            &JsValue::UNDEFINED
        } else {
            &self.streaming
        };
        // Not fatal: malformed bytes become U+FFFD, and decode does not throw.
        self.decoder.decode(bytes, options).unwrap_or_default()
    }
}

/// `crate::ingest::decode::Decoder` over `TextDecoder`; `None` for a label the platform does not know.
pub fn decoder(label: &str) -> Option<Box<dyn ChunkDecoder>> {
    let streaming = js_sys::Object::new();
    js_sys::Reflect::set(&streaming, &"stream".into(), &JsValue::TRUE).ok()?;
    Some(Box::new(Platform {
        decoder: TextDecoder::new(label).ok()?,
        streaming: streaming.into(),
    }))
}
