//! The HTTP/1.1 server: accept loop, routing, fault injection, graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use dts_spec::HttpMethod;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::auth::is_v3;
use crate::faults::Fault;
use crate::limits::Limits;
use crate::params::{is_form, parse_params};
use crate::reject::Rejection;
use crate::reply::json_reply;
use crate::service::{ApiCall, App};
use crate::stats::Counters;

/// How long shutdown waits for connections to finish their current call.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(5);

/// The host reported as `HostId` when the request names none.
const DEFAULT_HOST: &str = "dts.aliyuncs.com";

/// Returned by the service to make hyper close the connection without an answer.
#[derive(Debug)]
pub(crate) struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by fault injection")
    }
}

impl std::error::Error for Dropped {}

/// hyper's default read buffer bound; raised only when the header limit is above it.
const DEFAULT_BUF: usize = 8192 + 4096 * 100;

/// hyper's default header count (a different count moves the header table to the heap).
const HYPER_MAX_HEADERS: usize = 100;

/// Serves connections until `shutdown` turns true, then lets open calls finish. At most
/// `limits.max_connections` connections are served at once; further ones wait, unaccepted,
/// in the listen backlog.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        let room = connections.len() < limits.max_connections;
        tokio::select! {
            accepted = listener.accept(), if room => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, app.clone(), limits, shutdown.clone()));
                }
                // Out of file descriptors and the like: back off instead of spinning.
                Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
            },
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            _ = stopped(&mut shutdown) => break,
        }
    }
    drop(listener);
    let drain = async { while connections.join_next().await.is_some() {} };
    if tokio::time::timeout(DRAIN_TIMEOUT, drain).await.is_err() {
        connections.abort_all();
    }
}

/// Resolves once shutdown is asked for (or the emulator handle is gone).
async fn stopped(shutdown: &mut watch::Receiver<bool>) {
    let _ = shutdown.wait_for(|stop| *stop).await;
}

async fn connection(
    stream: tokio::net::TcpStream,
    app: Arc<App>,
    limits: Limits,
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |req| handle(app.clone(), limits, req));
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        // A client that shuts down its sending side after the request still gets the answer.
        .half_close(true)
        .header_read_timeout(limits.header_read_timeout)
        .max_header_size(limits.max_header_bytes)
        .max_buf_size(limits.max_header_bytes.max(DEFAULT_BUF));
    if limits.max_headers != HYPER_MAX_HEADERS {
        builder.max_headers(limits.max_headers);
    }
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped(&mut shutdown) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

async fn handle(
    app: Arc<App>,
    limits: Limits,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or(DEFAULT_HOST)
        .to_owned();
    let path = req.uri().path();
    if let Some(admin) = path.strip_prefix("/__emulator/") {
        let query = req.uri().query().unwrap_or("");
        return Ok(crate::admin::reply(&app, req.method(), admin, query, &host));
    }
    if path != "/" {
        return Ok(json_reply(
            &app.reject(&Rejection::action_not_found(), &host),
            false,
        ));
    }
    Counters::bump(&app.counters.requests);
    let fault = app.faults.decide();
    let latency = app.faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let rejection = match fault {
        Some(Fault::Drop) => {
            Counters::bump(&app.counters.dropped);
            return Err(Dropped);
        }
        Some(Fault::Throttle) => {
            Counters::bump(&app.counters.throttled);
            Rejection::throttled()
        }
        Some(Fault::Unavailable) => {
            Counters::bump(&app.counters.unavailable);
            Rejection::unavailable()
        }
        None => return api_call(&app, limits, req, &host).await,
        Some(Fault::DropAfter) => {
            let _ = api_call(&app, limits, req, &host).await;
            Counters::bump(&app.counters.dropped);
            return Err(Dropped);
        }
        Some(Fault::FailAfter) => {
            let _ = api_call(&app, limits, req, &host).await;
            Counters::bump(&app.counters.unavailable);
            Rejection::internal_error()
        }
    };
    Ok(json_reply(&app.reject(&rejection, &host), false))
}

async fn api_call(
    app: &App,
    limits: Limits,
    req: Request<Incoming>,
    host: &str,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let refuse = |rejection: Rejection, close: bool| {
        Counters::bump(&app.counters.rejected);
        Ok(json_reply(&app.reject(&rejection, host), close))
    };
    let method = match *req.method() {
        Method::GET => HttpMethod::Get,
        Method::POST => HttpMethod::Post,
        _ => return refuse(Rejection::action_not_found(), false),
    };
    let (parts, body) = req.into_parts();
    let header = |name: &str| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let too_large = Rejection::body_too_large(limits.max_body_bytes);
    let declared = header(CONTENT_LENGTH.as_str()).and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return refuse(too_large, true);
    }
    let collect = Limited::new(body, limits.max_body_bytes).collect();
    let body = match tokio::time::timeout(limits.body_read_timeout, collect).await {
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => return refuse(too_large, true),
        // The client went away mid-body; nobody is left to answer.
        Ok(Err(_)) => return Err(Dropped),
        Err(_) => return refuse(Rejection::body_timeout(), true),
    };
    let form: &[u8] = if header(CONTENT_TYPE.as_str()).is_some_and(is_form) {
        &body
    } else {
        b""
    };
    let query = parts.uri.query().unwrap_or("").as_bytes();
    let mut params = match parse_params(query, form) {
        Ok(params) => params,
        Err(e) => return refuse(Rejection::unparsable(&e), false),
    };
    let authorization = header(AUTHORIZATION.as_str());
    if is_v3(authorization) {
        for (name, param) in [("x-acs-action", "Action"), ("x-acs-version", "Version")] {
            if let Some(value) = header(name) {
                params.insert(param, value);
            }
        }
    }
    let headers: Vec<(&str, &[u8])> = parts
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_bytes()))
        .collect();
    let call = ApiCall {
        method,
        params: &params,
        authorization,
        headers: &headers,
        body: &body,
    };
    Ok(json_reply(&app.call(&call, host), false))
}
