//! The aliyun CLI's conventions on top of one action call: `--pager`, `--waiter`,
//! `--cli-query`, and `--region` filling the action's `RegionId`.
//!
//! Everything here works on the JSON documents the service answers and on a function that
//! sends the action once with a parameter list, so it does not depend on how the command line
//! or the client are built.

pub mod args;
pub mod facts;
pub mod pager;
mod path;
pub mod query;
pub mod region;
pub mod waiter;

#[cfg(test)]
mod tests;

use dts_client::rt::Params;
use dts_client::Error;
use serde_json::Value;

pub use args::{extract, help_args, Conventions};
pub use facts::Facts;

use pager::PagerError;
use waiter::{Pace, WaitError};

/// Exit code of a wait that reached a failure state or a listing that did not end.
const EXIT_FAILED: u8 = 1;
/// Exit code of a usage error.
const EXIT_USAGE: u8 = 2;
/// Exit code of a timed-out wait.
const EXIT_TIMEOUT: u8 = 3;

/// Why the conventions produced no document.
#[derive(Debug)]
pub enum Failure {
    /// A call failed: reported as any call error is.
    Call(Error),
    /// Another failure: the exit code and the message for stderr.
    Exit(u8, String),
}

/// The user's parameters with the region filled in when `--region` (or the environment or
/// profile) names one and the action takes `RegionId` (else `Region`) the user did not set.
pub fn with_region(facts: &Facts, params: Params, region: Option<&str>) -> Params {
    match region::fill(facts, params.pairs(), region) {
        Some(pair) => with(&params, &[pair]),
        None => params,
    }
}

/// Sends the action as `conv` asks (once, page after page, or until the awaited value) with
/// `call`, then applies `--cli-query`; the document to print.
pub fn execute(
    conv: &Conventions,
    facts: &Facts,
    params: &Params,
    pace: &mut dyn Pace,
    mut call: impl FnMut(Params) -> Result<Value, Error>,
) -> Result<Value, Failure> {
    let usage = |m: String| Failure::Exit(EXIT_USAGE, m);
    let query = match &conv.query {
        Some(q) => Some(query::Query::compile("--cli-query", q).map_err(usage)?),
        None => None,
    };
    let doc = match (&conv.pager, &conv.waiter) {
        (Some(_), Some(_)) => return Err(usage("--pager and --waiter cannot be combined".into())),
        (Some(args), None) => {
            let plan = pager::plan(args, facts).map_err(usage)?;
            pager::run(&plan, params.pairs(), |set| call(with(params, set))).map_err(paged)?
        }
        (None, Some(args)) => {
            let plan = waiter::plan(args, facts).map_err(usage)?;
            let code = |e: &Error| e.code().map(str::to_owned);
            waiter::wait(&plan, pace, || call(params.clone()), code)
                .map_err(|e| waited(&plan, e))?
        }
        (None, None) => call(params.clone()).map_err(Failure::Call)?,
    };
    match query {
        Some(q) => q
            .apply(&doc)
            .map_err(|m| Failure::Exit(EXIT_USAGE, format!("--cli-query: {m}"))),
        None => Ok(doc),
    }
}

fn paged(e: PagerError<Error>) -> Failure {
    match e {
        PagerError::Call(e) => Failure::Call(e),
        PagerError::Usage(m) => Failure::Exit(EXIT_USAGE, m),
        PagerError::Endless => Failure::Exit(
            EXIT_FAILED,
            format!(
                "--pager: the listing did not end within {} pages",
                pager::MAX_PAGES
            ),
        ),
    }
}

fn waited(plan: &waiter::Plan, e: WaitError<Error>) -> Failure {
    let (expr, to) = (&plan.expr_text, &plan.to);
    match e {
        WaitError::Call(e) => Failure::Call(e),
        WaitError::Usage(m) => Failure::Exit(EXIT_USAGE, format!("--waiter: {m}")),
        WaitError::Unreachable { value } => Failure::Exit(
            EXIT_FAILED,
            format!("--waiter: `{expr}` is `{value}`, from which `{to}` cannot be reached"),
        ),
        WaitError::TimedOut { last } => Failure::Exit(
            EXIT_TIMEOUT,
            format!(
                "--waiter: `{expr}` did not become `{to}` within {}s (last seen: {})",
                plan.timeout.as_secs_f64(),
                last.map_or("nothing".to_owned(), |v| format!("`{v}`"))
            ),
        ),
    }
}

/// `base` with each pair of `set` replacing the parameter of that name (in place), or added
/// to the query string when `base` lacks it.
fn with(base: &Params, set: &[(String, String)]) -> Params {
    let value = |k: &String, v: &String| {
        set.iter()
            .find(|(name, _)| name == k)
            .map_or_else(|| v.clone(), |(_, new)| new.clone())
    };
    let mut out = Params::with_capacity(base.pairs().len() + set.len());
    for (k, v) in base.query_pairs() {
        out.push(k.as_str(), value(k, v));
    }
    for (k, v) in set {
        if !base.pairs().iter().any(|(name, _)| name == k) {
            out.push(k.as_str(), v.as_str());
        }
    }
    if !base.body_pairs().is_empty() {
        out.start_body();
        for (k, v) in base.body_pairs() {
            out.push(k.as_str(), value(k, v));
        }
    }
    out
}
