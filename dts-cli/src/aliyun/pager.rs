//! `--pager`: call the action page after page and merge every page's items into one document
//! (the first page's, with its items array replaced by all items), as the aliyun CLI does.
//!
//! How the action pages comes from `--pager`'s own keys, else the spec's `paginator`
//! declaration, else detection: a `NextToken` parameter means token paging, a `PageNumber`
//! parameter page numbers (with `PageSize` when the action has it); the items are the
//! response's array (the first array the spec lists when there are several).
//!
//! The listing ends on an empty page, a page shorter than the page size (the one asked for,
//! else the first page's length), once the total (`TotalRecordCount`) is reached, on an
//! absent, empty or already seen token, on a page equal to the one before (a service that
//! ignores the page number), and after [`MAX_PAGES`] pages at the latest.

use std::collections::HashSet;

use serde_json::Value;

use super::args::PagerArgs;
use super::facts::Facts;
use super::path;
use dts_spec::PaginationStyle;

/// The most pages one listing fetches; more is an error rather than an endless loop.
pub const MAX_PAGES: usize = 10_000;

/// Response fields that count the items of all pages when the spec names none.
const TOTAL_FIELDS: [&str; 3] = ["TotalRecordCount", "TotalCount", "Total"];

/// How one action pages, resolved from the flags, the spec and detection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Page numbers or tokens.
    pub style: PaginationStyle,
    /// The request parameter selecting the page (`PageNumber`, `NextToken`).
    pub input: String,
    /// The response field with the next token (token style).
    pub output: String,
    /// The request parameter sizing the page, if the action has one.
    pub page_size: Option<String>,
    /// The response field counting all items, if known.
    pub total: Option<String>,
    /// The items' dotted path; `None` leaves it to the first page.
    pub items: Option<String>,
    /// The arrays the spec lists in the response, in order: which one holds the items when
    /// a page has several.
    pub arrays: Vec<String>,
}

/// Why paging stopped short of a merged document.
#[derive(Debug)]
pub enum PagerError<E> {
    /// A call failed.
    Call(E),
    /// The action cannot be paged as asked (exit 2).
    Usage(String),
    /// The listing did not end within [`MAX_PAGES`] pages.
    Endless,
}

/// Resolves how `facts`' action pages, `args` first.
pub fn plan(args: &PagerArgs, facts: &Facts) -> Result<Plan, String> {
    let spec = facts.paginator.as_ref();
    let detected_token = facts.has_param("NextToken").then(|| "NextToken".to_owned());
    let detected_number = facts
        .has_param("PageNumber")
        .then(|| "PageNumber".to_owned());
    let (style, input) = if let Some(p) = &args.next_token {
        (PaginationStyle::NextToken, p.clone())
    } else if let Some(p) = &args.page_number {
        (PaginationStyle::PageNumber, p.clone())
    } else if let Some(p) = spec {
        (p.style, p.input_token.clone())
    } else if let Some(p) = detected_token {
        (PaginationStyle::NextToken, p)
    } else if let Some(p) = detected_number {
        (PaginationStyle::PageNumber, p)
    } else {
        return Err(
            "--pager: the action takes neither `PageNumber` nor `NextToken`; name its page \
             parameter with PageNumber=<param> or NextToken=<param>"
                .into(),
        );
    };
    let output = match (style, spec) {
        (PaginationStyle::NextToken, Some(p)) if p.style == style => {
            p.output_token.clone().unwrap_or_else(|| input.clone())
        }
        _ => input.clone(),
    };
    let page_size = args
        .page_size
        .clone()
        .or_else(|| spec.and_then(|p| p.page_size.clone()))
        .or_else(|| {
            ["PageSize", "MaxResults"]
                .into_iter()
                .find(|p| facts.has_param(p))
                .map(str::to_owned)
        });
    let items = args.path.clone().or_else(|| spec.map(|p| p.items.clone()));
    Ok(Plan {
        style,
        input,
        output,
        page_size,
        total: spec.and_then(|p| p.total.clone()),
        items,
        arrays: facts.arrays.clone(),
    })
}

/// Pages through the action: `call` sends it with the user's parameters and these pairs set;
/// `given` is what the user set (a `PageNumber` or `PageSize` they gave is where paging starts
/// and how long a page is).
pub fn run<E>(
    plan: &Plan,
    given: &[(String, String)],
    mut call: impl FnMut(&[(String, String)]) -> Result<Value, E>,
) -> Result<Value, PagerError<E>> {
    let given = |name: &str| {
        given
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let size: Option<usize> = plan
        .page_size
        .as_deref()
        .and_then(given)
        .and_then(|s| s.parse().ok());
    let mut page = Page::new(plan);
    let mut number: u64 = given(&plan.input)
        .filter(|_| plan.style == PaginationStyle::PageNumber)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut token = given(&plan.input).filter(|_| plan.style == PaginationStyle::NextToken);
    let mut seen: HashSet<String> = token.iter().cloned().collect();
    let starts_at_one = number == 1 && token.is_none();
    for _ in 0..MAX_PAGES {
        let set = match plan.style {
            PaginationStyle::PageNumber => vec![(plan.input.clone(), number.to_string())],
            PaginationStyle::NextToken => token
                .iter()
                .map(|t| (plan.input.clone(), t.clone()))
                .collect(),
        };
        let doc = call(&set).map_err(PagerError::Call)?;
        let count = match page.add(doc).map_err(PagerError::Usage)? {
            Some(n) => n,
            None => return Ok(page.merged()),
        };
        let done = match plan.style {
            PaginationStyle::PageNumber => {
                let full = size.or(page.first_len).unwrap_or(0);
                count == 0
                    || count < full
                    || (starts_at_one && page.total().is_some_and(|t| page.items.len() >= t))
            }
            PaginationStyle::NextToken => {
                let next = page.last_token(&plan.output);
                match next {
                    Some(t) if seen.insert(t.clone()) => {
                        token = Some(t);
                        false
                    }
                    _ => true,
                }
            }
        };
        if done {
            return Ok(page.merged());
        }
        number += 1;
    }
    Err(PagerError::Endless)
}

/// The pages so far: the first document, every item, the last page.
struct Page<'p> {
    plan: &'p Plan,
    path: Option<String>,
    first: Option<Value>,
    first_len: Option<usize>,
    last: Option<Value>,
    last_items: Vec<Value>,
    items: Vec<Value>,
}

impl<'p> Page<'p> {
    fn new(plan: &'p Plan) -> Page<'p> {
        Page {
            plan,
            path: None,
            first: None,
            first_len: None,
            last: None,
            last_items: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Adds a page; its item count, or `None` when it repeats the page before (the end).
    fn add(&mut self, doc: Value) -> Result<Option<usize>, String> {
        let path = match &self.path {
            Some(p) => p.clone(),
            None => {
                let p = self
                    .plan
                    .items
                    .clone()
                    .or_else(|| detect(&doc, &self.plan.arrays))
                    .ok_or(
                        "--pager: the response holds no array of items; name it with path=<field>",
                    )?;
                self.path = Some(p.clone());
                p
            }
        };
        let items = match path::get(&doc, &path) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items.clone(),
            Some(_) => return Err(format!("--pager: `{path}` in the response is not an array")),
        };
        if self.first.is_some() && !items.is_empty() && items == self.last_items {
            return Ok(None);
        }
        let n = items.len();
        self.items.extend(items.iter().cloned());
        self.last_items = items;
        if self.first.is_none() {
            self.first = Some(doc.clone());
            self.first_len = Some(n);
        }
        self.last = Some(doc);
        Ok(Some(n))
    }

    /// The count of all items, from the first page.
    fn total(&self) -> Option<usize> {
        let first = self.first.as_ref()?;
        let value = match &self.plan.total {
            Some(p) => path::get(first, p),
            None => TOTAL_FIELDS.iter().find_map(|f| first.get(*f)),
        }?;
        match value {
            Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
            Value::String(s) => s.parse().ok(),
            _ => None,
        }
    }

    fn last_token(&self, output: &str) -> Option<String> {
        match path::get(self.last.as_ref()?, output)? {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn merged(self) -> Value {
        let mut doc = self.first.unwrap_or(Value::Null);
        if let Some(path) = &self.path {
            path::set(&mut doc, path, Value::Array(self.items));
        }
        doc
    }
}

/// The response's array of items when no declaration names it: its only array (top level or
/// one object down), else the first of them the spec lists.
fn detect(doc: &Value, arrays: &[String]) -> Option<String> {
    let mut found = Vec::new();
    for (k, v) in doc.as_object()? {
        match v {
            Value::Array(_) => found.push(k.clone()),
            Value::Object(inner) => found.extend(
                inner
                    .iter()
                    .filter(|(_, v)| v.is_array())
                    .map(|(k2, _)| format!("{k}.{k2}")),
            ),
            _ => {}
        }
    }
    if found.len() == 1 {
        return found.pop();
    }
    arrays.iter().find(|a| found.contains(a)).cloned()
}
