//! The one shape of every analysis, as linfa's params → check → fit:
//!
//! 1. `Params`: plain serde options, their defaults in `Default` (one place);
//! 2. `Params::check` turns them into `Checked<P>`, which nothing else can make, so no analysis can run on
//!    options that were not checked and no caller has to remember to;
//! 3. `Analysis::run(input, &checked, progress)` refuses work beyond what a page can hold (`guard`, before
//!    anything is allocated), then computes the result type (`fit`);
//! 4. `Analysis::export_csv` writes that result for download, through `csv_cell`.
//!
//! ARCHITECTURE.md lists what adding an analysis takes.

use crate::error::Result;
use crate::progress::Progress;
use serde::{Deserialize, Deserializer};
use std::ops::Deref;

/// An analysis's options.
pub trait Params: Sized {
    /// Refuses a value out of range, with a message that names the option and its range.
    fn validate(&self) -> Result<()>;

    /// The options, checked: the only way to make a `Checked`.
    fn check(self) -> Result<Checked<Self>> {
        self.validate()?;
        Ok(Checked(self))
    }
}

/// For a field of options that is itself options (`rfm` in `{rfm, kmeans}`): `null` or `undefined` there
/// means its defaults, as it does for the options as a whole.
pub fn defaults_if_null<'de, D, T>(d: D) -> std::result::Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Options that passed `Params::check`. Its field is private to this module, so `check` is its only maker.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked<P>(P);

impl<P> Deref for Checked<P> {
    type Target = P;

    fn deref(&self) -> &P {
        &self.0
    }
}

/// An analysis: what it reads, its options and its result.
pub trait Analysis {
    /// What it runs on: the dataset, a table, a fitted model...
    type Input<'a>: Copy;
    type Params: Params;
    type Output;

    /// Refuses (`ErrorCode::TooLarge`) work that would need more memory than a page has, before any of it
    /// is allocated, saying which option to lower.
    fn guard(input: Self::Input<'_>, params: &Checked<Self::Params>) -> Result<()>;

    /// Computes the result; `run` is the entry, which guards first.
    fn fit(
        input: Self::Input<'_>,
        params: &Checked<Self::Params>,
        progress: &mut dyn Progress,
    ) -> Result<Self::Output>;

    /// The result as a CSV file for download.
    fn export_csv(input: Self::Input<'_>, output: &Self::Output) -> String;

    /// The one entry of every analysis.
    fn run(
        input: Self::Input<'_>,
        params: &Checked<Self::Params>,
        progress: &mut dyn Progress,
    ) -> Result<Self::Output> {
        Self::guard(input, params)?;
        Self::fit(input, params, progress)
    }

    /// `check`, then `run`: for callers that hold plain options.
    fn check_and_run(
        input: Self::Input<'_>,
        params: Self::Params,
        progress: &mut dyn Progress,
    ) -> Result<Self::Output> {
        Self::run(input, &params.check()?, progress)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{Error, ErrorCode};

    #[derive(Debug)]
    struct Half(f64);

    impl Params for Half {
        fn validate(&self) -> Result<()> {
            if (0.0..=1.0).contains(&self.0) {
                Ok(())
            } else {
                Err(Error::new(
                    ErrorCode::InvalidOption,
                    "share must be in [0, 1]",
                ))
            }
        }
    }

    struct Doubling;

    impl Analysis for Doubling {
        type Input<'a> = &'a [f64];
        type Params = Half;
        type Output = Vec<f64>;

        fn guard(input: &[f64], _: &Checked<Half>) -> Result<()> {
            if input.len() > 3 {
                return Err(Error::new(ErrorCode::TooLarge, "too many"));
            }
            Ok(())
        }

        fn fit(input: &[f64], p: &Checked<Half>, _: &mut dyn Progress) -> Result<Vec<f64>> {
            Ok(input.iter().map(|x| x * p.0 .0).collect())
        }

        fn export_csv(_: &[f64], output: &Vec<f64>) -> String {
            output.iter().map(|x| format!("{x}\n")).collect()
        }
    }

    #[test]
    fn run_takes_checked_params_and_guards_first() {
        assert_eq!(
            Half(2.0).check().unwrap_err().code,
            ErrorCode::InvalidOption
        );
        let p = Half(0.5).check().unwrap();
        let out = Doubling::run(&[2.0, 4.0], &p, &mut crate::progress::Silent).unwrap();
        assert_eq!(Doubling::export_csv(&[], &out), "1\n2\n");
        let big = Doubling::run(&[0.0; 4], &p, &mut crate::progress::Silent).unwrap_err();
        assert_eq!(big.code, ErrorCode::TooLarge);
    }
}
