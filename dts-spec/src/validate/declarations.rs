//! Checks an action's paginator and waiters against its own parameters and response: every
//! name they use must be a parameter or field of the right type, so that the generated
//! paginators and waiters can only ever read and set what exists.

use std::collections::BTreeSet;

use super::Ctx;
use crate::diagnostic::Pointer;
use crate::model::{Action, PaginationStyle, Paginator, Type, Waiter};
use crate::names;

/// The types a page number or page size may be sent as: a number, or a number as text.
const NUMBER_PARAM: [Type; 3] = [Type::Integer, Type::Long, Type::String];
/// The types a total count may be answered as.
const COUNT_FIELD: [Type; 3] = [Type::Integer, Type::Long, Type::String];

/// Checks `a.paginator` and `a.waiters`.
pub(super) fn check(cx: &mut Ctx<'_>, a: &Action) {
    let root = Pointer::root();
    if let Some(p) = &a.paginator {
        paginator(cx, &root.join("paginator"), a, p);
    }
    let mut seen = BTreeSet::new();
    for (i, w) in a.waiters.iter().enumerate() {
        let at = root.join("waiters").join(i);
        if !seen.insert(w.name.as_str()) {
            cx.error(&at.join("name"), format!("duplicate waiter `{}`", w.name));
        }
        waiter(cx, &at, a, w);
    }
}

/// The method a waiter becomes on the client: `wait_until_<name>`.
pub fn waiter_method(name: &str) -> String {
    format!("wait_until_{name}")
}

fn paginator(cx: &mut Ctx<'_>, at: &Pointer, a: &Action, p: &Paginator) {
    let token_types: &[Type] = match p.style {
        PaginationStyle::PageNumber => &NUMBER_PARAM,
        PaginationStyle::NextToken => &[Type::String],
    };
    request_param(cx, &at.join("input_token"), a, &p.input_token, token_types);
    if let Some(size) = &p.page_size {
        request_param(cx, &at.join("page_size"), a, size, &NUMBER_PARAM);
        if *size == p.input_token {
            cx.error(
                &at.join("page_size"),
                format!("`{size}` is already the `input_token`"),
            );
        }
    }
    match (p.style, &p.output_token) {
        (PaginationStyle::NextToken, None) => cx.error(
            at,
            "a `next_token` paginator needs `output_token`, the response field naming the next page",
        ),
        (PaginationStyle::NextToken, Some(token)) => {
            response_scalar(cx, &at.join("output_token"), a, token, &[Type::String]);
        }
        (PaginationStyle::PageNumber, Some(_)) => cx.error(
            &at.join("output_token"),
            "`output_token` is only for a `next_token` paginator",
        ),
        (PaginationStyle::PageNumber, None) => {}
    }
    if let Some(total) = &p.total {
        response_scalar(cx, &at.join("total"), a, total, &COUNT_FIELD);
    }
    match a.response_field(&p.items) {
        None => cx.error(
            &at.join("items"),
            format!("`{}` is not a response field of `{}`", p.items, a.name),
        ),
        Some(f) if f.ty != Type::Array => cx.error(
            &at.join("items"),
            format!("`{}` is a {}, not an `Array`", p.items, f.ty),
        ),
        Some(_) => {}
    }
}

fn request_param(cx: &mut Ctx<'_>, at: &Pointer, a: &Action, name: &str, types: &[Type]) {
    let Some(param) = a.param(name) else {
        cx.error(
            at,
            format!("`{name}` is not a request parameter of `{}`", a.name),
        );
        return;
    };
    if !types.contains(&param.ty) {
        cx.error(
            at,
            format!("`{name}` is a {}, expected {}", param.ty, one_of(types)),
        );
    }
    if param.required {
        cx.error(
            at,
            format!("`{name}` is required, so a paginator cannot leave it to the caller"),
        );
    }
}

fn response_scalar(cx: &mut Ctx<'_>, at: &Pointer, a: &Action, path: &str, types: &[Type]) {
    match a.response_field(path) {
        None => cx.error(
            at,
            format!("`{path}` is not a response field of `{}`", a.name),
        ),
        Some(f) if !types.contains(&f.ty) => cx.error(
            at,
            format!("`{path}` is a {}, expected {}", f.ty, one_of(types)),
        ),
        Some(_) => {}
    }
}

fn one_of(types: &[Type]) -> String {
    let names: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
    match names.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

fn waiter(cx: &mut Ctx<'_>, at: &Pointer, a: &Action, w: &Waiter) {
    let snake = names::is_identifier(&w.name)
        && names::snake(&w.name) == w.name
        && !w.name.starts_with('_')
        && !w.name.ends_with('_');
    if !snake {
        cx.error(
            &at.join("name"),
            format!(
                "waiter name `{}` is not snake_case (`dts_job_synchronizing`)",
                w.name
            ),
        );
    }
    let mut args = BTreeSet::new();
    for (i, name) in w.args.iter().enumerate() {
        let here = at.join("args").join(i);
        match a.param(name) {
            None => cx.error(
                &here,
                format!("`{name}` is not a request parameter of `{}`", a.name),
            ),
            Some(p) if p.required => cx.error(
                &here,
                format!("`{name}` is required, so it is an argument already"),
            ),
            Some(p) if !p.ty.is_scalar() => cx.error(
                &here,
                format!("`{name}` is a {}, expected a scalar parameter", p.ty),
            ),
            Some(_) if !args.insert(name.as_str()) => {
                cx.error(&here, format!("duplicate argument `{name}`"));
            }
            Some(_) => {}
        }
    }
    match a.response_field(&w.path) {
        None => cx.error(
            &at.join("path"),
            format!("`{}` is not a response field of `{}`", w.path, a.name),
        ),
        Some(f) if !f.ty.is_scalar() => cx.error(
            &at.join("path"),
            format!("`{}` is a {}, expected a scalar field", w.path, f.ty),
        ),
        Some(_) => {}
    }
    if w.success.is_empty() && w.success_errors.is_empty() {
        cx.error(
            at,
            "a waiter needs `success` values or `success_errors`, or it can never succeed",
        );
    }
    values(cx, &at.join("success"), &w.success, &[]);
    values(cx, &at.join("failure"), &w.failure, &w.success);
    values(cx, &at.join("success_errors"), &w.success_errors, &[]);
    values(
        cx,
        &at.join("retry_errors"),
        &w.retry_errors,
        &w.success_errors,
    );
    delays(cx, at, w);
}

/// Non-empty, distinct values, none of them also in `other` (the list they must not overlap).
fn values(cx: &mut Ctx<'_>, at: &Pointer, list: &[String], other: &[String]) {
    let mut seen = BTreeSet::new();
    for (i, v) in list.iter().enumerate() {
        let here = at.join(i);
        if v.trim().is_empty() {
            cx.error(&here, "empty value");
        } else if !seen.insert(v.as_str()) {
            cx.error(&here, format!("duplicate value \"{v}\""));
        } else if other.contains(v) {
            cx.error(
                &here,
                format!("\"{v}\" is listed twice, with opposite outcomes"),
            );
        }
    }
}

fn delays(cx: &mut Ctx<'_>, at: &Pointer, w: &Waiter) {
    if w.min_delay_secs == Some(0) {
        cx.error(
            &at.join("min_delay_secs"),
            "`min_delay_secs` must be at least 1",
        );
    }
    if let (Some(min), Some(max)) = (w.min_delay_secs, w.max_delay_secs) {
        if min > max {
            cx.error(
                &at.join("max_delay_secs"),
                format!("`max_delay_secs` {max} is below `min_delay_secs` {min}"),
            );
        }
    }
    if let (Some(max), Some(wait)) = (w.max_delay_secs, w.max_wait_secs) {
        if wait < max {
            cx.error(
                &at.join("max_wait_secs"),
                format!("`max_wait_secs` {wait} is below `max_delay_secs` {max}"),
            );
        }
    }
}
