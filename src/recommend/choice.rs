//! Which recommender to fit, and for which task: `auto` (the default) compares the next-basket models and
//! the baselines on each file; the others name one.

use super::knn::ItemKnnParams;
use super::next_basket::{ModelSpec, Task, TifuParams};
use crate::analysis::{defaults_if_null, Params};
use crate::error::Result;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum ModelName {
    /// The best of the next-basket models and baselines on the file's own second-to-last baskets; item-kNN
    /// where too few customers have the three baskets that comparison needs.
    #[default]
    Auto,
    /// Item-kNN on all purchases (`knn` sets it), the model for files without baskets over time.
    ItemKnn,
    /// TIFU-KNN (`tifu` sets it).
    Tifu,
    /// Each customer's own most bought.
    PTopFreq,
    /// Own most bought, topped up with the most popular.
    GpTopFreq,
    Popularity,
}

impl ModelName {
    /// Every model, for pickers and tests.
    pub const ALL: [ModelName; 6] = [
        ModelName::Auto,
        ModelName::ItemKnn,
        ModelName::Tifu,
        ModelName::PTopFreq,
        ModelName::GpTopFreq,
        ModelName::Popularity,
    ];
}

/// The recommender's options. Defaults: `auto` for the next basket (repeat purchases included).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct RecommenderParams {
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub model: ModelName,
    /// What `auto` chooses for and the lists' default: the next basket, or new products only.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub task: Task,
    #[serde(deserialize_with = "defaults_if_null")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub knn: ItemKnnParams,
    #[serde(deserialize_with = "defaults_if_null")]
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub tifu: TifuParams,
    /// Seeds the fifth of the purchases `auto` holds out to check item-kNN against best sellers, on files
    /// where it cannot compare the next-basket models.
    #[cfg_attr(feature = "ts", ts(optional = nullable))]
    pub seed: u64,
}

impl Default for RecommenderParams {
    fn default() -> Self {
        RecommenderParams {
            model: ModelName::Auto,
            task: Task::default(),
            knn: ItemKnnParams::default(),
            tifu: TifuParams::default(),
            seed: 42,
        }
    }
}

impl Params for RecommenderParams {
    fn validate(&self) -> Result<()> {
        self.knn.validate()?;
        self.tifu.validate()
    }
}

impl RecommenderParams {
    /// The next-basket model asked for: `None` for `auto` and for item-kNN, which is not one.
    pub fn basket_model(&self) -> Option<ModelSpec> {
        match self.model {
            ModelName::Auto | ModelName::ItemKnn => None,
            ModelName::Tifu => Some(ModelSpec::Tifu(self.tifu.clone())),
            ModelName::PTopFreq => Some(ModelSpec::PTopFreq),
            ModelName::GpTopFreq => Some(ModelSpec::GpTopFreq),
            ModelName::Popularity => Some(ModelSpec::Popularity),
        }
    }
}
