//! The HTTP/1.1 server: accept loop, routing, fault injection, graceful shutdown.

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use dts_spec::HttpMethod;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, HOST};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

use crate::faults::Fault;
use crate::params::{is_form, merge_urlencoded, Params};
use crate::reject::Rejection;
use crate::seed::Seed;
use crate::service::{ApiCall, App, Reply};
use crate::stats::Counters;

/// Largest request body read, in bytes.
pub(crate) const MAX_BODY: usize = 1 << 20;

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

/// Serves connections until `shutdown` turns true, then lets open calls finish.
pub(crate) async fn serve(
    listener: TcpListener,
    app: Arc<App>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let _ = stream.set_nodelay(true);
                    connections.spawn(connection(stream, app.clone(), shutdown.clone()));
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
    mut shutdown: watch::Receiver<bool>,
) {
    let service = service_fn(move |req| handle(app.clone(), req));
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = stopped(&mut shutdown) => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    let host = req
        .headers()
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or(DEFAULT_HOST)
        .to_owned();
    let path = req.uri().path();
    if let Some(admin) = path.strip_prefix("/__emulator/") {
        return Ok(admin_reply(&app, req.method(), admin, &host));
    }
    if path != "/" {
        return Ok(json_reply(
            &app.reject(&Rejection::action_not_found(), &host),
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
        None => return api_call(&app, req, &host).await,
    };
    Ok(json_reply(&app.reject(&rejection, &host)))
}

async fn api_call(
    app: &App,
    req: Request<Incoming>,
    host: &str,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let method = match *req.method() {
        Method::GET => HttpMethod::Get,
        Method::POST => HttpMethod::Post,
        _ => {
            Counters::bump(&app.counters.rejected);
            return Ok(json_reply(
                &app.reject(&Rejection::action_not_found(), host),
            ));
        }
    };
    let header = |name| {
        req.headers()
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let form = header(CONTENT_TYPE).is_some_and(is_form);
    let authorization = header(AUTHORIZATION).map(str::to_owned);
    let mut params = Params::new();
    merge_urlencoded(&mut params, req.uri().query().unwrap_or("").as_bytes());
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            Counters::bump(&app.counters.rejected);
            return Ok(json_reply(
                &app.reject(&Rejection::body_too_large(MAX_BODY), host),
            ));
        }
        // The client went away mid-body; nobody is left to answer.
        Err(_) => return Err(Dropped),
    };
    if form {
        merge_urlencoded(&mut params, &body);
    }
    let call = ApiCall {
        method,
        params: &params,
        authorization: authorization.as_deref(),
    };
    Ok(json_reply(&app.call(&call, host)))
}

fn admin_reply(app: &App, method: &Method, path: &str, host: &str) -> Response<Full<Bytes>> {
    let body = match (method, path) {
        (&Method::GET, "jobs") => serde_json::to_vec(&Seed { jobs: app.jobs() }),
        (&Method::GET, "stats") => serde_json::to_vec(&app.counters.snapshot()),
        _ => return json_reply(&app.reject(&Rejection::action_not_found(), host)),
    };
    let body = body.unwrap_or_default();
    response(StatusCode::OK, body, None)
}

fn json_reply(reply: &Reply) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&reply.body).unwrap_or_default();
    response(status, body, Some(&reply.request_id))
}

fn response(status: StatusCode, body: Vec<u8>, request_id: Option<&str>) -> Response<Full<Bytes>> {
    let mut resp = Response::new(Full::new(Bytes::from(body)));
    *resp.status_mut() = status;
    let headers = resp.headers_mut();
    headers.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=utf-8"),
    );
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
        headers.insert("x-acs-request-id", id);
    }
    resp
}
