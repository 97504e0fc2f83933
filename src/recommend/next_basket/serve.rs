//! The next-basket model a page keeps: chosen by `auto` (or named by the caller), scored on each
//! customer's last basket beside the baselines so the page can show where it stands, then fitted on every
//! basket to recommend the basket after the last.

use super::{
    auto, candidates, Content, ContentParams, Evaluation, Fitted, Histories, ModelSpec, Task,
    CHOOSE_AT,
};
use crate::dataset::table::KeyedTable;
use crate::dataset::Dataset;
use crate::error::{ErrorCode, Result};
use crate::progress::{Progress, Steps};
use serde::Serialize;

/// A model's scores on held-out baskets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Scored {
    pub name: String,
    pub evaluation: Evaluation,
}

/// What was fitted and why, and how it compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub model: String,
    pub reason: String,
    /// On each customer's last basket (fitted without it): the model first, then the baselines it must
    /// beat. Empty when no customer has two baskets.
    pub test: Vec<Scored>,
    /// `auto`'s candidates on the validation baskets (each customer's second-to-last), in the order tried.
    pub candidates: Vec<Scored>,
}

/// A model fitted on every basket, with the histories it recommends from.
#[derive(Debug, Clone)]
pub struct Served {
    pub fitted: Fitted,
    pub history: Histories,
    pub task: Task,
    pub report: Report,
}

/// The baselines shown beside a model for `task`: P-TopFreq has nothing to offer for discovery.
fn baselines(task: Task) -> Vec<ModelSpec> {
    match task {
        Task::NextBasket => vec![
            ModelSpec::PTopFreq,
            ModelSpec::GpTopFreq,
            ModelSpec::Popularity,
        ],
        Task::Discovery => vec![ModelSpec::Popularity],
    }
}

/// `model`, or `auto`'s choice when `None`, for `task`. `products`, when a products table is loaded, gives
/// discovery its content similarity; a table without text to compare leaves `auto` to the other models.
/// Fails (`NoUsableRows`) when `auto` cannot compare models: fewer than three baskets per customer.
pub fn serve(
    data: &Dataset,
    products: Option<&KeyedTable>,
    task: Task,
    model: Option<ModelSpec>,
    progress: &mut dyn Progress,
) -> Result<Served> {
    let history = Histories::from_dataset(data)?;
    // Parts that report: the content build, a fit and an evaluation per candidate, model and baseline.
    let models = match &model {
        None => candidates(task, products.is_some()).len() + 1,
        Some(_) => 1,
    } + baselines(task).len();
    let progress = &mut Steps::new(progress, 1 + 2 * models + 1);
    let wants_content = match &model {
        None => task == Task::Discovery,
        Some(spec) => matches!(spec, ModelSpec::Blend(_)),
    };
    let content = match products {
        Some(table) if wants_content => {
            match Content::build(table, &data.products, &ContentParams::default(), progress) {
                Ok(c) => Some(c),
                Err(e) if model.is_none() && e.code != ErrorCode::Cancelled => None,
                Err(e) => return Err(e),
            }
        }
        _ => None,
    };
    let split = history.leave_last_out();
    let tested = split.held_out.iter().any(|b| !b.is_empty());
    let (spec, reason, candidates, mut test) = match model {
        None => {
            let choice = auto(&split, task, content.as_ref(), progress)?;
            let reason = format!(
                "the best nDCG@{CHOOSE_AT} of {} models on each customer's second-to-last basket{}",
                choice.candidates.len(),
                if content.is_some() {
                    ", products' descriptions included"
                } else {
                    ""
                }
            );
            let candidates = choice
                .candidates
                .into_iter()
                .map(|c| Scored {
                    name: c.name,
                    evaluation: c.validation,
                })
                .collect();
            let test = vec![Scored {
                name: choice.name,
                evaluation: choice.test,
            }];
            (choice.chosen, reason, candidates, test)
        }
        Some(spec) => {
            let test = if tested {
                vec![score(&spec, &split, content.as_ref(), task, progress)?]
            } else {
                Vec::new()
            };
            (spec, "as asked".to_owned(), Vec::new(), test)
        }
    };
    if tested {
        for baseline in baselines(task) {
            if baseline != spec {
                test.push(score(&baseline, &split, None, task, progress)?);
            }
        }
    }
    let fitted = spec.fit(&history, content.as_ref(), progress)?;
    Ok(Served {
        report: Report {
            model: spec.name(),
            reason,
            test,
            candidates,
        },
        fitted,
        history,
        task,
    })
}

/// `spec` fitted on `split.train`, scored on its held-out baskets.
fn score(
    spec: &ModelSpec,
    split: &super::Split,
    content: Option<&Content>,
    task: Task,
    progress: &mut dyn Progress,
) -> Result<Scored> {
    let evaluation = spec
        .fit(&split.train, content, progress)?
        .evaluate(split, CHOOSE_AT, task, progress)?;
    Ok(Scored {
        name: spec.name(),
        evaluation,
    })
}
