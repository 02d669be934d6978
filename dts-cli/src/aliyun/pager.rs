//! `--pager`: call the action page after page and merge every page's items into one document
//! (the first page's, with its items array replaced by all items), as the aliyun CLI does.
//!
//! How the action pages comes from `--pager`'s own keys, else the spec's `paginator`
//! declaration, else detection: a `NextToken` parameter means token paging, a `PageNumber`
//! (or `PageNum`, `PageNo`) parameter page numbers (with `PageSize` or `MaxResults` when the
//! action has it); the items are the response's array (the first array the spec lists when
//! there are several).
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
use dts_client::catalog::PaginationStyle;

/// The most pages one listing fetches; more is an error rather than an endless loop.
pub const MAX_PAGES: usize = 10_000;

/// Request parameters numbering pages, as the catalog spells them (`DescribeSynchronizationJobs`
/// says `PageNum`, `DescribePreCheckStatus` `PageNo`).
const PAGE_NUMBER_PARAMS: [&str; 3] = ["PageNumber", "PageNum", "PageNo"];

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
    let detected_number = PAGE_NUMBER_PARAMS
        .into_iter()
        .find(|p| facts.has_param(p))
        .map(str::to_owned);
    let (style, input) = if let Some(p) = &args.next_token {
        (PaginationStyle::NextToken, p.clone())
    } else if let Some(p) = &args.page_number {
        (PaginationStyle::PageNumber, p.clone())
    } else if let Some(p) = spec {
        (p.style, p.input_token.to_owned())
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
        (PaginationStyle::NextToken, Some(p)) if p.style == style => p
            .output_token
            .map(str::to_owned)
            .unwrap_or_else(|| input.clone()),
        _ => input.clone(),
    };
    let page_size = args
        .page_size
        .clone()
        .or_else(|| spec.and_then(|p| p.page_size.map(str::to_owned)))
        .or_else(|| {
            ["PageSize", "MaxResults"]
                .into_iter()
                .find(|p| facts.has_param(p))
                .map(str::to_owned)
        });
    let items = args
        .path
        .clone()
        .or_else(|| spec.map(|p| p.items.to_owned()));
    Ok(Plan {
        style,
        input,
        output,
        page_size,
        total: spec.and_then(|p| p.total.map(str::to_owned)),
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
    let first_number: u64 = given(&plan.input)
        .filter(|_| plan.style == PaginationStyle::PageNumber)
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut token = given(&plan.input).filter(|_| plan.style == PaginationStyle::NextToken);
    let mut seen: HashSet<String> = token.iter().cloned().collect();
    let starts_at_one = first_number == 1 && token.is_none();
    for page_index in 0..MAX_PAGES as u64 {
        let number = first_number.saturating_add(page_index);
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token_plan() -> Plan {
        plan(
            &PagerArgs::default(),
            &Facts {
                params: vec!["NextToken".into(), "MaxResults".into()],
                ..Facts::default()
            },
        )
        .unwrap()
    }

    /// Runs the pager over `pages` (by the token or page number asked), counting calls.
    fn pages(
        plan: &Plan,
        given: &[(&str, &str)],
        mut page: impl FnMut(Option<&str>) -> Value,
    ) -> (Result<Value, PagerError<()>>, usize) {
        let given: Vec<(String, String)> = given
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let mut calls = 0;
        let r = run(plan, &given, |set| {
            calls += 1;
            Ok(page(set.first().map(|(_, v)| v.as_str())))
        });
        (r, calls)
    }

    #[test]
    fn token_paging_follows_tokens_until_one_is_empty() {
        let plan = token_plan();
        assert_eq!(
            (plan.style, plan.input.as_str()),
            (PaginationStyle::NextToken, "NextToken")
        );
        assert_eq!(plan.page_size.as_deref(), Some("MaxResults"));
        let (r, calls) = pages(&plan, &[], |token| match token {
            None => json!({"NextToken": "b", "Tags": {"Tag": [1, 2]}}),
            Some("b") => json!({"NextToken": "c", "Tags": {"Tag": [3]}}),
            _ => json!({"NextToken": "", "Tags": {"Tag": [4]}}),
        });
        assert_eq!(
            r.unwrap(),
            json!({"NextToken": "b", "Tags": {"Tag": [1, 2, 3, 4]}})
        );
        assert_eq!(calls, 3);
    }

    #[test]
    fn a_repeated_or_absent_token_ends_the_listing() {
        let (r, calls) = pages(
            &token_plan(),
            &[],
            |t| json!({"NextToken": "same", "L": [t.is_some()]}),
        );
        assert_eq!(r.unwrap()["L"], json!([false, true]));
        assert_eq!(calls, 2);
        // The token the user started from counts as seen.
        let (r, calls) = pages(&token_plan(), &[("NextToken", "t")], |t| {
            assert_eq!(t, Some("t"));
            json!({"NextToken": "t", "L": [1]})
        });
        assert_eq!((r.unwrap()["L"].clone(), calls), (json!([1]), 1));
        let (_, calls) = pages(&token_plan(), &[], |_| json!({"L": [1]}));
        assert_eq!(calls, 1);
    }

    fn number_plan() -> Plan {
        plan(
            &PagerArgs {
                path: Some("Jobs.Job".into()),
                ..PagerArgs::default()
            },
            &Facts {
                params: vec!["PageNumber".into(), "PageSize".into()],
                ..Facts::default()
            },
        )
        .unwrap()
    }

    #[test]
    fn a_service_ignoring_the_page_number_is_not_listed_forever() {
        let (r, calls) = pages(
            &number_plan(),
            &[("PageSize", "2")],
            |_| json!({"Jobs": {"Job": [1, 2]}}),
        );
        assert_eq!(r.unwrap(), json!({"Jobs": {"Job": [1, 2]}}));
        assert_eq!(calls, 2);
    }

    #[test]
    fn full_pages_without_end_stop_at_the_page_limit() {
        let (r, calls) = pages(
            &number_plan(),
            &[("PageSize", "1")],
            |n| json!({"Jobs": {"Job": [n.unwrap().parse::<u64>().unwrap()]}}),
        );
        assert!(matches!(r, Err(PagerError::Endless)));
        assert_eq!(calls, MAX_PAGES);
    }

    #[test]
    fn an_empty_page_ends_and_a_non_array_is_an_error() {
        let (r, calls) = pages(&number_plan(), &[], |n| match n {
            Some("1") => json!({"Jobs": {"Job": [1, 2]}}),
            Some("2") => json!({"Jobs": {"Job": [3, 4]}}),
            _ => json!({"Jobs": {}}),
        });
        assert_eq!(
            (r.unwrap()["Jobs"]["Job"].clone(), calls),
            (json!([1, 2, 3, 4]), 3)
        );
        let (r, _) = pages(&number_plan(), &[], |_| json!({"Jobs": {"Job": "x"}}));
        assert!(matches!(r, Err(PagerError::Usage(m)) if m.contains("`Jobs.Job`")));
    }

    #[test]
    fn the_items_array_is_detected_or_must_be_named() {
        let facts = Facts {
            params: vec!["PageNumber".into()],
            arrays: vec!["Second".into(), "First".into()],
            ..Facts::default()
        };
        let plan = plan(&PagerArgs::default(), &facts).unwrap();
        assert_eq!(plan.items, None);
        let one = json!({"Outer": {"Items": []}, "N": 1});
        assert_eq!(detect(&one, &[]).as_deref(), Some("Outer.Items"));
        let two = json!({"First": [], "Second": []});
        assert_eq!(detect(&two, &facts.arrays).as_deref(), Some("Second"));
        assert_eq!(detect(&two, &[]), None);
        let (r, _) = pages(&plan, &[], |_| json!({"N": 1}));
        assert!(matches!(r, Err(PagerError::Usage(m)) if m.contains("path=")));
    }
}
