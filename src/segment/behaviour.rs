//! Segments by buying behaviour, the page's first analysis: RFM scores and named segments, then k-means
//! clusters on the RFM features unless the caller turns them off.

use super::kmeans::{segment, KMeansParams, Segmentation};
use super::rfm::{rfm, summarise, Rfm, RfmParams, SegmentSummary};
use crate::analysis::{Analysis, Checked, Params};
use crate::dataset::{days, Dataset};
use crate::error::Result;
use crate::progress::Progress;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Options of `Segments`. Every field has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct SegmentParams {
    #[serde(deserialize_with = "crate::analysis::defaults_if_null")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub rfm: RfmParams,
    /// `false` for RFM only; default: k-means with its defaults.
    #[serde(deserialize_with = "kmeans_or_false")]
    #[cfg_attr(feature = "ts", ts(optional = nullable, type = "KMeansParams | boolean | null"))]
    pub kmeans: Option<KMeansParams>,
}

impl Default for SegmentParams {
    fn default() -> Self {
        SegmentParams {
            rfm: RfmParams::default(),
            kmeans: Some(KMeansParams::default()),
        }
    }
}

impl Params for SegmentParams {
    fn validate(&self) -> Result<()> {
        if let Some(date) = &self.rfm.analysis_date {
            days::option_day("analysisDate", date)?;
        }
        match &self.kmeans {
            Some(k) => k.validate(),
            None => Ok(()),
        }
    }
}

/// `kmeans: false` turns k-means off; an object gives its options; `true` or null, its defaults.
fn kmeans_or_false<'de, D: Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<KMeansParams>, D::Error> {
    struct OptionsOrFalse;

    impl<'de> Visitor<'de> for OptionsOrFalse {
        type Value = Option<KMeansParams>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("k-means options, or false for none")
        }

        fn visit_bool<E: de::Error>(self, on: bool) -> std::result::Result<Self::Value, E> {
            Ok(on.then(KMeansParams::default))
        }

        fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            Ok(Some(KMeansParams::default()))
        }

        fn visit_none<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
            self.visit_unit()
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            map: A,
        ) -> std::result::Result<Self::Value, A::Error> {
            KMeansParams::deserialize(de::value::MapAccessDeserializer::new(map)).map(Some)
        }
    }

    d.deserialize_any(OptionsOrFalse)
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SegmentResult {
    pub rfm: Rfm,
    pub summary: Vec<SegmentSummary>,
    pub kmeans: Option<Segmentation>,
}

/// What `segment` gives JS: the result with the fields the binding adds (src/wasm/segments.rs).
#[cfg(feature = "ts")]
#[derive(ts_rs::TS)]
#[ts(rename = "SegmentResult", rename_all = "camelCase")]
pub struct SegmentResultJs {
    #[ts(flatten)]
    pub result: SegmentResult,
    /// The id of each customer of `rfm.customers` (and of `kmeans.labels`).
    pub customer_ids: Vec<String>,
    /// One row per customer: id, RFM values and scores, segment, cluster.
    pub export_csv: String,
}

/// RFM, then k-means on its features.
pub struct Segments;

impl Analysis for Segments {
    type Input<'a> = &'a Dataset;
    type Params = SegmentParams;
    type Output = SegmentResult;

    /// Per customer a few numbers, and k-means samples its silhouette and search: bounded by the file.
    fn guard(_: &Dataset, _: &Checked<SegmentParams>) -> Result<()> {
        Ok(())
    }

    fn fit(
        data: &Dataset,
        params: &Checked<SegmentParams>,
        progress: &mut dyn Progress,
    ) -> Result<SegmentResult> {
        let table = rfm(data, &params.rfm)?;
        let kmeans = match &params.kmeans {
            Some(k) => Some(segment(&table, k, progress)?),
            None => None,
        };
        Ok(SegmentResult {
            summary: summarise(&table),
            rfm: table,
            kmeans,
        })
    }

    fn export_csv(data: &Dataset, result: &SegmentResult) -> String {
        super::export_csv(data, &result.rfm, result.kmeans.as_ref())
    }
}
