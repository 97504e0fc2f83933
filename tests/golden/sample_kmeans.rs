//! The segmentation of the embedded sample, as JSON text: the golden file `sample_kmeans.json` holds it, and
//! the native and wasm tests must both reproduce it byte for byte.

use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;
use shopscope::segment::{self, KMeansParams, RfmParams};

pub const SAMPLE: &[u8] = include_bytes!("../../www/sample/complete_journey_sample.csv");

pub fn run() -> String {
    let data = ingest(SAMPLE, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let table = segment::rfm(&data, &RfmParams::default()).unwrap();
    let s = segment::segment(&table, &KMeansParams::default(), &mut Silent).unwrap();
    let summary = segment::summarise(&table);
    let value = serde_json::json!({
        "k": s.k,
        "scores": s.scores,
        "labels": s.labels,
        "profiles": s.profiles,
        "rfmSegments": summary.iter().map(|x| (x.label, x.customers)).collect::<Vec<_>>(),
    });
    serde_json::to_string_pretty(&value).unwrap() + "\n"
}
