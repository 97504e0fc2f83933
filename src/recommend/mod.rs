//! Product recommendations from implicit feedback (purchases): item-item kNN with explanations and a
//! popularity fallback (`knn`, `model`), frequently-bought-together lists from baskets (`together`), and
//! offline evaluation against the popularity baseline (`evaluate`) on seeded random or time-aware splits
//! (`interactions`).

pub mod choice;
pub mod evaluate;
pub mod fitted;
pub mod interactions;
pub mod knn;
pub mod model;
pub mod next_basket;
pub mod scores;
pub mod together;

pub use choice::{ModelName, RecommenderParams};
pub use evaluate::{evaluate, EvaluateRecommendations, Evaluation, EvaluationParams, Metrics};
pub use fitted::{FitRecommender, Fitted, RecommenderInput};
pub use interactions::{last_order_split, random_split, Interactions, Split, SplitKind};
pub use knn::{ItemKnn, ItemKnnParams, Weighting};
pub use model::{Because, RecommendParams, Recommendation, Recommender};
pub use scores::Scores;
pub use together::{
    bought_together, BoughtTogether, Together, TogetherInput, TogetherList, TogetherParams,
    TogetherResult,
};
