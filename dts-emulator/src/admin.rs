//! The admin endpoints under `/__emulator/`: observe the store, step the job clock, make a
//! phase fail. They are not signed; they exist for tests and demos on loopback.

use bytes::Bytes;
use http_body_util::Full;
use hyper::{Method, Response, StatusCode};
use serde_json::json;

use crate::reject::Rejection;
use crate::reply::{json_reply, response};
use crate::seed::{JobStatus, Seed};
use crate::service::App;

/// Answers `GET jobs`, `GET stats`, `GET actions`, `GET clock`, `POST clock?advance=5s`,
/// `POST fail?job=ID&phase=Prechecking`.
pub(crate) fn reply(
    app: &App,
    method: &Method,
    path: &str,
    query: &str,
    host: &str,
) -> Response<Full<Bytes>> {
    let arg = |name: &str| {
        query
            .split('&')
            .filter_map(|p| p.split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_owned())
    };
    let clock = |app: &App| json!({"now": humantime::format_rfc3339_millis(app.now()).to_string()});
    let body = match (method, path) {
        (&Method::GET, "jobs") => serde_json::to_value(Seed {
            jobs: app.jobs(),
            instances: Vec::new(),
        }),
        (&Method::GET, "stats") => serde_json::to_value(app.counters.snapshot()),
        (&Method::GET, "actions") => Ok(json!({"modelled": app.modelled()})),
        (&Method::GET, "clock") => Ok(clock(app)),
        (&Method::POST, "clock") => match arg("advance").map(|a| humantime::parse_duration(&a)) {
            Some(Ok(by)) => {
                app.advance(by);
                Ok(clock(app))
            }
            _ => return bad_request("`advance` must be a duration such as `5s` or `250ms`"),
        },
        (&Method::POST, "fail") => {
            let phase = arg("phase").and_then(|p| JobStatus::from_name(&p));
            match (arg("job"), phase) {
                (Some(job), Some(phase)) if app.fail_next(&job, phase) => {
                    Ok(json!({"job": job, "phase": phase.as_str()}))
                }
                (Some(job), Some(_)) => {
                    return status_reply(
                        StatusCode::NOT_FOUND,
                        json!({"error": format!("no job `{job}`")}),
                    );
                }
                _ => return bad_request("expected `job=<job or instance id>&phase=<status>`"),
            }
        }
        _ => return json_reply(&app.reject(&Rejection::action_not_found(), host), false),
    };
    status_reply(StatusCode::OK, body.unwrap_or_default())
}

fn bad_request(message: &str) -> Response<Full<Bytes>> {
    status_reply(StatusCode::BAD_REQUEST, json!({ "error": message }))
}

fn status_reply(status: StatusCode, body: serde_json::Value) -> Response<Full<Bytes>> {
    response(status, serde_json::to_vec(&body).unwrap_or_default(), None)
}
