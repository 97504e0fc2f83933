//! Lifetime value of the embedded sample (calibrated to 2017-09-30, the rest held out), as CSV plus the
//! fitted parameters: the golden file `sample_clv.csv` holds it, and the native and wasm tests must both
//! reproduce it byte for byte.

use shopscope::analysis::Analysis;
use shopscope::clv::{ClvParams, LifetimeValue};
use shopscope::ingest::{ingest, IngestOptions};
use shopscope::progress::Silent;

pub const SAMPLE: &[u8] = include_bytes!("../../www/sample/complete_journey_sample.csv");

pub fn run() -> String {
    let data = ingest(SAMPLE, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let params = ClvParams {
        calibration_end: Some("2017-09-30".into()),
        ..ClvParams::default()
    };
    let result = LifetimeValue::check_and_run(&data, params.clone(), &mut Silent).unwrap();
    let m = result.purchase_model;
    let g = result.spend_model.expect("the sample has prices");
    let t = &result.totals;
    format!(
        "# BG/NBD r={:e} alpha={:e} a={:e} b={:e} logL={:e}\n# Gamma-Gamma p={:e} q={:e} gamma={:e}\n\
         # total {:e} [{:e}, {:e}]\n{}",
        m.r,
        m.alpha,
        m.a,
        m.b,
        result.purchase_fit.log_likelihood,
        g.p,
        g.q,
        g.gamma,
        t.value,
        t.value_low,
        t.value_high,
        LifetimeValue::export_csv(&data, &result)
    )
}
