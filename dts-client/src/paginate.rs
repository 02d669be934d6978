//! Paginators: every page, or every item, of an action that pages, one call per page.
//!
//! A paged action's request has `into_paginator()`, which returns a [`Paginator`]. Its
//! [`send`](Paginator::send) yields the pages (the action's outputs) and its
//! [`items`](Paginator::items) the items of all pages, each through an inherent
//! `async fn next(&mut self)` and as a [`futures_core::Stream`]:
//!
//! ```no_run
//! # async fn run(client: dts_client::Client) -> Result<(), Box<dyn std::error::Error>> {
//! let mut jobs = client
//!     .describe_dts_jobs()
//!     .job_type("SYNC")
//!     .page_size(50)
//!     .into_paginator()
//!     .items();
//! while let Some(job) = jobs.next().await {
//!     println!("{:?}", job?.dts_job_id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! The listing ends, whatever the service answers, when a page is empty or shorter than the
//! page size set on the request, when the pages so far hold the total the response reports,
//! when the next token is absent, empty or one already sent, or when the page or item cap is
//! reached ([`Paginator::max_pages`], [`Paginator::max_items`]; 1000 pages by default).

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use serde_json::Value;

use crate::catalog::{PaginationStyle, PaginatorInfo};
use crate::error::Error;

/// The future a generated [`Call::send_boxed`] returns.
pub type CallFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, E>> + Send>>;

/// One call of an action that can be repeated: what paginators and waiters send. Implemented
/// by the generated request builders of actions with a paginator or a waiter.
pub trait Call: Clone + Send + Unpin + 'static {
    /// The action's output.
    type Output: Send + 'static;
    /// The action's error.
    type Error: crate::ActionError + From<Error> + Send + 'static;

    /// Sends a copy of the request.
    fn send_boxed(self) -> CallFuture<Self::Output, Self::Error>;

    /// The body the output was read from (`raw()`).
    fn body(output: &Self::Output) -> &Value;
}

/// A request of an action that pages (implemented by the generated code).
pub trait Paged: Call {
    /// One item of a page.
    type Item: Clone + Send + Unpin + 'static;

    /// How the action pages.
    fn paging() -> &'static PaginatorInfo;

    /// The page the request asks for (page number or token), as text, when set.
    fn input_token(&self) -> Option<String>;

    /// Asks for the page `token` (a page number or a token, as text).
    fn set_input_token(&mut self, token: &str);

    /// The page size the request asks for, when set.
    fn page_size(&self) -> Option<i64>;

    /// The items of a page.
    fn items(output: &Self::Output) -> &[Self::Item];
}

/// The member at the dotted `path` of `body`.
pub(crate) fn lookup<'a>(body: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(body, |v, key| v.get(key))
}

/// A scalar member as text: strings as they are, numbers and booleans in their JSON form.
pub(crate) fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The most pages a paginator asks for unless told otherwise (DTS documents page numbers up
/// to 1000).
pub const DEFAULT_MAX_PAGES: usize = 1000;

/// Pages through an action: [`send`](Self::send) for pages, [`items`](Self::items) for items.
#[must_use = "a paginator does nothing until its pages or items are polled"]
pub struct Paginator<R> {
    request: R,
    max_pages: usize,
    max_items: Option<usize>,
}

impl<R: Paged> Paginator<R> {
    /// Pages through `request`, starting at the page it asks for (the first by default).
    pub fn new(request: R) -> Self {
        Paginator {
            request,
            max_pages: DEFAULT_MAX_PAGES,
            max_items: None,
        }
    }

    /// Asks for at most `n` pages ([`DEFAULT_MAX_PAGES`] by default).
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = n;
        self
    }

    /// Stops once `n` items were received (and [`items`](Self::items) yields at most `n`).
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// The pages, one call each.
    pub fn send(self) -> Pages<R> {
        let style = R::paging().style;
        let page = match style {
            PaginationStyle::PageNumber => self
                .request
                .input_token()
                .and_then(|t| t.parse().ok())
                .unwrap_or(1),
            PaginationStyle::NextToken => 0,
        };
        let mut seen = HashSet::new();
        if let Some(token) = self
            .request
            .input_token()
            .filter(|_| style == PaginationStyle::NextToken)
        {
            seen.insert(token);
        }
        let mut next = self.request;
        if style == PaginationStyle::PageNumber {
            next.set_input_token(&page.to_string());
        }
        Pages {
            next: Some(next),
            current: None,
            in_flight: None,
            page,
            seen,
            pages: 0,
            items: 0,
            max_pages: self.max_pages,
            max_items: self.max_items,
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<R> {
        let max = self.max_items;
        Items {
            pages: self.send(),
            buffer: VecDeque::new(),
            yielded: 0,
            max,
        }
    }
}

impl<R> fmt::Debug for Paginator<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Paginator")
            .field("max_pages", &self.max_pages)
            .field("max_items", &self.max_items)
            .finish_non_exhaustive()
    }
}

/// The pages of a listing: `while let Some(page) = pages.next().await`, or a `Stream`.
#[must_use = "pages are fetched only when polled"]
pub struct Pages<R: Paged> {
    /// The request for the next page; `None` once the listing ended.
    next: Option<R>,
    /// The request of the page in flight.
    current: Option<R>,
    in_flight: Option<CallFuture<R::Output, R::Error>>,
    page: i64,
    seen: HashSet<String>,
    pages: usize,
    items: usize,
    max_pages: usize,
    max_items: Option<usize>,
}

impl<R: Paged> Pages<R> {
    /// The next page, or `None` once the listing ended (after an error too).
    pub async fn next(&mut self) -> Option<Result<R::Output, R::Error>> {
        std::future::poll_fn(|cx| self.poll_page(cx)).await
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R::Output, R::Error>>> {
        if self.in_flight.is_none() {
            let capped = self.max_items.is_some_and(|max| self.items >= max);
            if self.pages >= self.max_pages || capped {
                return Poll::Ready(None);
            }
            let Some(request) = self.next.take() else {
                return Poll::Ready(None);
            };
            self.in_flight = Some(request.clone().send_boxed());
            self.current = Some(request);
            self.pages += 1;
        }
        let Some(call) = self.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = match call.as_mut().poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(result) => result,
        };
        self.in_flight = None;
        let current = self.current.take();
        if let (Ok(output), Some(request)) = (&result, current) {
            self.next = self.after(request, output);
        }
        Poll::Ready(Some(result))
    }

    /// The request for the page after `output`, or `None` when `output` was the last.
    fn after(&mut self, mut request: R, output: &R::Output) -> Option<R> {
        let paging = R::paging();
        let count = R::items(output).len();
        self.items += count;
        let body = R::body(output);
        let total = paging
            .total
            .and_then(|path| lookup(body, path))
            .and_then(text)
            .and_then(|t| t.parse::<usize>().ok());
        match paging.style {
            PaginationStyle::PageNumber => {
                let short = request
                    .page_size()
                    .is_some_and(|size| i64::try_from(count).unwrap_or(i64::MAX) < size);
                if count == 0 || short || total.is_some_and(|t| self.items >= t) {
                    return None;
                }
                self.page = self.page.checked_add(1)?;
                request.set_input_token(&self.page.to_string());
            }
            PaginationStyle::NextToken => {
                let token = paging
                    .output_token
                    .and_then(|path| lookup(body, path))
                    .and_then(text)
                    .filter(|t| !t.is_empty())?;
                if !self.seen.insert(token.clone()) {
                    tracing::warn!(token = %token, "the service repeated a page token; the listing ends");
                    return None;
                }
                request.set_input_token(&token);
            }
        }
        Some(request)
    }
}

impl<R: Paged> futures_core::Stream for Pages<R> {
    type Item = Result<R::Output, R::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_page(cx)
    }
}

impl<R: Paged> fmt::Debug for Pages<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("pages", &self.pages)
            .field("items", &self.items)
            .field("done", &(self.next.is_none() && self.in_flight.is_none()))
            .finish_non_exhaustive()
    }
}

/// The items of every page of a listing: `while let Some(item) = items.next().await`, or a
/// `Stream`.
#[must_use = "items are fetched only when polled"]
pub struct Items<R: Paged> {
    pages: Pages<R>,
    buffer: VecDeque<R::Item>,
    yielded: usize,
    max: Option<usize>,
}

impl<R: Paged> Items<R> {
    /// The next item, or `None` once the listing ended (after an error too).
    pub async fn next(&mut self) -> Option<Result<R::Item, R::Error>> {
        std::future::poll_fn(|cx| self.poll_item(cx)).await
    }

    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<R::Item, R::Error>>> {
        loop {
            if self.max.is_some_and(|max| self.yielded >= max) {
                return Poll::Ready(None);
            }
            if let Some(item) = self.buffer.pop_front() {
                self.yielded += 1;
                return Poll::Ready(Some(Ok(item)));
            }
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(e))),
                Poll::Ready(Some(Ok(page))) => self.buffer.extend(R::items(&page).iter().cloned()),
            }
        }
    }
}

impl<R: Paged> futures_core::Stream for Items<R> {
    type Item = Result<R::Item, R::Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_item(cx)
    }
}

impl<R: Paged> fmt::Debug for Items<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("yielded", &self.yielded)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dotted_paths_reach_nested_members() {
        let body = json!({"TagResources": {"TagResource": [1]}, "NextToken": "t", "Total": 3});
        assert_eq!(lookup(&body, "TagResources.TagResource"), Some(&json!([1])));
        assert_eq!(lookup(&body, "TagResources.Missing"), None);
        assert_eq!(
            lookup(&body, "NextToken").and_then(text).as_deref(),
            Some("t")
        );
        assert_eq!(lookup(&body, "Total").and_then(text).as_deref(), Some("3"));
        assert_eq!(lookup(&body, "TagResources").and_then(text), None);
    }
}
