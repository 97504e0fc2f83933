//! Lifetime value against the published CDNOW results (Fader, Hardie & Lee 2005; Fader & Hardie 2013) and on
//! awkward data where the models cannot be fitted.

#![cfg(not(target_arch = "wasm32"))]

mod common;

#[path = "golden/sample_clv.rs"]
mod sample_clv;

use shopscope::clv::{analyse, BgNbd, ClvParams, History, ValueUnit};
use shopscope::ingest::{ingest, Dataset, IngestOptions};
use shopscope::progress::Silent;
use shopscope::ErrorCode;

fn within(got: f64, want: f64, relative: f64) -> bool {
    ((got - want) / want).abs() <= relative
}

fn dataset(csv: &str) -> Dataset {
    ingest(csv.as_bytes(), &IngestOptions::default(), &mut Silent)
        .expect("ingests")
        .dataset
}

fn cdnow_sample() -> Option<Dataset> {
    let path = common::shared_data("cdnow/cdnow_sample.csv")?;
    let mut opts = IngestOptions::default();
    // Two id columns: the sample index is the one the published summary uses.
    opts.mapping.insert(
        shopscope::ingest::Role::Customer,
        Some("customer_id".into()),
    );
    let bytes = std::fs::read(path).expect("readable");
    Some(ingest(&bytes, &opts, &mut Silent).expect("ingests").dataset)
}

fn calibrated(end: &str) -> ClvParams {
    ClvParams {
        calibration_end: Some(end.into()),
        ..ClvParams::default()
    }
}

#[test]
fn bgnbd_on_the_published_cdnow_summary() {
    let Some(path) = common::shared_data("cdnow/cdnow_customers_summary.csv") else {
        return;
    };
    let mut reader = csv::Reader::from_path(path).expect("readable");
    let histories: Vec<History> = reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            History {
                x: r[1].parse().unwrap(),
                t_x: r[2].parse().unwrap(),
                t: r[3].parse().unwrap(),
            }
        })
        .collect();
    assert_eq!(histories.len(), 2357);
    let (m, fit) = BgNbd::fit(&histories).expect("fits");
    println!("BG/NBD on the summary: {m:?}, {:?}", fit.report);
    assert!(fit.report.converged, "{:?}", fit.report);
    for (got, want) in [(m.r, 0.243), (m.alpha, 4.414), (m.a, 0.793), (m.b, 2.426)] {
        assert!(within(got, 0.0 + want, 0.005), "{m:?}");
    }
    assert!((fit.report.log_likelihood - -9582.4).abs() < 0.1);
    let one = History {
        x: 2.0,
        t_x: 30.43,
        t: 38.86,
    };
    assert!((m.expected_purchases(&one, 39.0) - 1.226).abs() <= 0.002);
}

#[test]
fn cdnow_from_transactions_matches_the_published_models_and_holdout() {
    let Some(data) = cdnow_sample() else {
        return;
    };
    let clv = analyse(&data, &calibrated("1997-09-30"), &mut Silent).expect("analyses");
    let m = clv.purchase_model;
    println!("BG/NBD {m:?} {:?}", clv.purchase_fit);
    println!("Gamma-Gamma {:?} {:?}", clv.spend_model, clv.spend_fit);
    println!("holdout {:?}", clv.holdout);
    println!("totals {:?}", clv.totals);
    assert_eq!(clv.totals.customers, 2357);
    assert_eq!(clv.totals.repeat_buyers, 946);
    assert!(clv.purchase_fit.converged);
    for (got, want) in [(m.r, 0.243), (m.alpha, 4.414), (m.a, 0.793), (m.b, 2.426)] {
        assert!(within(got, want, 0.005), "{m:?}");
    }
    let g = clv.spend_model.expect("a spend model");
    assert!(clv.spend_fit.as_ref().is_some_and(|f| f.converged));
    for (got, want) in [(g.p, 6.25), (g.q, 3.74), (g.gamma, 15.44)] {
        assert!(within(got, want, 0.005), "{g:?}");
    }
    assert_eq!(clv.value_unit, ValueUnit::Money);
    // Customer 1 of the sample is the worked example: x = 2, t_x = 30.43, T = 38.86 weeks.
    let first = &clv.customers[data.customers.get("1").unwrap() as usize];
    assert_eq!(first.repeat_purchases, 2);
    let h = History {
        x: 2.0,
        t_x: (first.age_days - first.days_since_last) / 7.0,
        t: first.age_days / 7.0,
    };
    assert!((m.expected_purchases(&h, 39.0) - 1.226).abs() <= 0.002);
    // Holdout 1997-10-01..1998-06-30: 1,882 purchase days observed; lifetimes' BG/NBD predicts 1,653.4.
    let holdout = clv.holdout.as_ref().expect("a holdout");
    assert_eq!(holdout.days, 273);
    assert_eq!(holdout.actual_total, 1882.0);
    assert!(
        within(holdout.predicted_total, 1653.4, 0.005),
        "{holdout:?}"
    );
    assert_eq!(holdout.buckets.len(), 8);
    // Value: intervals bracket the point, totals add up, at-risk are repeat buyers with low P(alive).
    let t = &clv.totals;
    assert!(t.value_low < t.value && t.value < t.value_high, "{t:?}");
    assert!(clv.customers.iter().all(|c| c.value_low <= c.value + 1e-9
        && c.value <= c.value_high + 1e-9
        && (0.0..=1.0).contains(&c.p_alive)));
    assert!(clv.at_risk.iter().all(|&i| {
        let c = &clv.customers[i as usize];
        c.repeat_purchases > 0 && c.p_alive < 0.5
    }));
    assert!(t.at_risk > 100, "{t:?}");
}

#[test]
fn same_seed_same_bytes() {
    let Some(data) = cdnow_sample() else {
        return;
    };
    let params = calibrated("1997-09-30");
    let a = shopscope::clv::export_csv(&data, &analyse(&data, &params, &mut Silent).unwrap());
    let b = shopscope::clv::export_csv(&data, &analyse(&data, &params, &mut Silent).unwrap());
    assert_eq!(a, b);
    assert!(a.starts_with("customer_id,repeat_purchases,days_since_last,age_days,spend,p_alive,"));
    assert_eq!(a.lines().count(), 2358);
}

#[test]
fn complete_journey_fits_converge() {
    let Some(path) = common::shared_data("complete_journey/transactions.csv") else {
        return;
    };
    let bytes = std::fs::read(path).expect("readable");
    let data = ingest(&bytes, &IngestOptions::default(), &mut Silent)
        .unwrap()
        .dataset;
    let clv = analyse(&data, &calibrated("2017-09-30"), &mut Silent).expect("analyses");
    println!(
        "complete_journey BG/NBD {:?} {:?}",
        clv.purchase_model, clv.purchase_fit
    );
    println!("Gamma-Gamma {:?} {:?}", clv.spend_model, clv.spend_fit);
    println!("holdout {:?}", clv.holdout);
    assert!(clv.purchase_fit.converged, "{:?}", clv.purchase_fit);
    assert!(clv.spend_fit.as_ref().is_some_and(|f| f.converged));
    let h = clv.holdout.expect("holdout");
    // Heavy, regular grocery buyers: the total is predicted within 15%.
    assert!(within(h.predicted_total, h.actual_total, 0.15), "{h:?}");
}

#[test]
fn one_time_buyers_only_is_explained() {
    let data = dataset("customer,date,amount\na,2024-01-01,5\nb,2024-02-01,7\nc,2024-03-01,9\n");
    let e = analyse(&data, &ClvParams::default(), &mut Silent).unwrap_err();
    assert_eq!(e.code, ErrorCode::NoUsableRows);
    assert!(
        e.message
            .contains("of 3 customer(s), 0 bought on more than one day"),
        "{}",
        e.message
    );
}

#[test]
fn a_single_customer_is_explained() {
    let data = dataset("customer,date,amount\na,2024-01-01,5\na,2024-02-01,7\na,2024-03-01,9\n");
    let e = analyse(&data, &ClvParams::default(), &mut Silent).unwrap_err();
    assert!(e.message.contains("of 1 customer(s)"), "{}", e.message);
}

#[test]
fn without_prices_value_is_in_purchases() {
    let mut csv = String::from("customer,date\n");
    for c in 0..40 {
        for k in 0..(c % 5) + 1 {
            csv.push_str(&format!(
                "c{c},2024-{:02}-{:02}\n",
                1 + (k * 2 + c) % 12,
                1 + c % 28
            ));
        }
    }
    let clv = analyse(&dataset(&csv), &ClvParams::default(), &mut Silent).expect("analyses");
    assert_eq!(clv.value_unit, ValueUnit::Purchases);
    assert!(clv.spend_note.as_deref().unwrap().contains("no prices"));
    assert!(clv.totals.value > 0.0);
}

#[test]
fn bad_options_are_named() {
    let data = dataset("customer,date,amount\na,2024-01-01,5\na,2024-02-01,7\nb,2024-03-01,9\n");
    for (params, what) in [
        (
            ClvParams {
                horizon_days: 0.0,
                ..ClvParams::default()
            },
            "horizonDays",
        ),
        (
            ClvParams {
                time_unit_days: f64::NAN,
                ..ClvParams::default()
            },
            "timeUnitDays",
        ),
        (
            ClvParams {
                interval_level: 1.0,
                ..ClvParams::default()
            },
            "intervalLevel",
        ),
        (calibrated("30/09/1997"), "calibrationEnd `30/09/1997`"),
        (calibrated("1990-01-01"), "before the first purchase"),
    ] {
        let e = analyse(&data, &params, &mut Silent).unwrap_err();
        assert!(e.message.contains(what), "{what}: {}", e.message);
    }
}

#[test]
fn sample_lifetime_value_matches_its_golden_file() {
    let got = sample_clv::run();
    let path = format!("{}/tests/golden/sample_clv.csv", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &got).unwrap();
    }
    let want = std::fs::read_to_string(&path).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(got, want);
}

#[test]
fn a_sample_without_visible_drop_out_says_so() {
    let data = dataset(std::str::from_utf8(sample_clv::SAMPLE).unwrap());
    let r = analyse(&data, &calibrated("2017-09-30"), &mut Silent).unwrap();
    assert!(!r.purchase_fit.converged);
    assert!(
        r.purchase_fit.message.starts_with("b grows without bound"),
        "{}",
        r.purchase_fit.message
    );
    // Still usable: 100 grocery households, total holdout purchases predicted within 10%.
    let h = r.holdout.unwrap();
    assert!(within(h.predicted_total, h.actual_total, 0.1), "{h:?}");
}
