//! The HTTP responses the emulator writes: JSON (or XML) answers and their headers, shared by
//! the API server and the admin endpoints.

use bytes::Bytes;
use http_body_util::Full;
use hyper::header::{HeaderValue, CONNECTION, CONTENT_TYPE};
use hyper::{Response, StatusCode};

use crate::service::Reply;

/// The header naming an action the emulator does not model, on its sample answer.
pub const UNMODELLED_HEADER: &str = "x-dts-emulator-unmodelled";

/// The JSON answer; `close` asks hyper to close the connection after it (the request body
/// was not read to its end).
pub(crate) fn json_reply(reply: &Reply, close: bool) -> Response<Full<Bytes>> {
    let status = StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut resp = match &reply.xml_root {
        Some(root) => {
            let body = crate::xml::to_xml(root, &reply.body).into_bytes();
            let mut resp = response(status, body, Some(&reply.request_id));
            resp.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/xml;charset=utf-8"),
            );
            resp
        }
        None => {
            let body = serde_json::to_vec(&reply.body).unwrap_or_default();
            response(status, body, Some(&reply.request_id))
        }
    };
    if let Some(action) = reply
        .unmodelled
        .as_deref()
        .and_then(|a| HeaderValue::from_str(a).ok())
    {
        resp.headers_mut().insert(UNMODELLED_HEADER, action);
    }
    if close {
        resp.headers_mut()
            .insert(CONNECTION, HeaderValue::from_static("close"));
    }
    resp
}

pub(crate) fn response(
    status: StatusCode,
    body: Vec<u8>,
    request_id: Option<&str>,
) -> Response<Full<Bytes>> {
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
