//! Turning a raw HTTP response into the JSON body of a successful call (or, for typed calls,
//! the output read straight from its bytes) or a typed [`Error`].
//!
//! Service errors arrive two ways: an HTTP error status with a `{"Code","Message",...}` body,
//! and (DTS's habit) HTTP 200 with `Success: false` plus `ErrCode`/`ErrMessage`. A body that is
//! not JSON at all becomes a [`Decode`](crate::ErrorKind::Decode) error carrying the status and
//! a short excerpt.
//!
//! Whatever the service echoes back is kept out of errors where it could hold a credential: a
//! `SignatureDoesNotMatch` message quotes the server's string-to-sign (which, under signature
//! V1, holds the `SecurityToken`), and a proxy's error page may quote the request URL. Both are
//! passed through [`redact_tokens`].

use std::borrow::Cow;
use std::time::Duration;

use serde_json::Value;

use crate::error::{Error, ErrorKind};
use crate::rt::decode::{field, read_body, Body, Decode, Reader};
use crate::rt::RawBody;

/// The longest excerpt of an unreadable body kept in an error, in characters.
const EXCERPT_CHARS: usize = 200;

/// A response as read off the wire.
#[derive(Debug)]
pub(crate) struct RawResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `x-acs-request-id` header, if any, as sent (read only for an error).
    pub request_id: Option<reqwest::header::HeaderValue>,
    /// The `x-acs-retry-after` header (milliseconds), if any.
    pub retry_after: Option<Duration>,
    /// The `Date` header, if any (for clock-skew correction), parsed when needed.
    pub date: Option<ServerDate>,
    /// The whole body.
    pub body: Vec<u8>,
}

/// A response's `Date` header, as sent.
#[derive(Debug, Clone)]
pub(crate) struct ServerDate(pub(crate) reqwest::header::HeaderValue);

impl ServerDate {
    /// The time it names, when it is an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
    pub(crate) fn time(&self) -> Option<std::time::SystemTime> {
        httpdate(self.0.to_str().ok()?.trim())
    }
}

/// An HTTP `Date` (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn httpdate(text: &str) -> Option<std::time::SystemTime> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut parts = text.split_whitespace().skip(1);
    let day: u32 = parts.next()?.parse().ok()?;
    let month = MONTHS
        .iter()
        .position(|m| Some(*m) == parts.clone().next())?
        + 1;
    let _ = parts.next();
    let year: u32 = parts.next()?.parse().ok()?;
    let time = parts.next()?;
    humantime::parse_rfc3339(&format!("{year:04}-{month:02}-{day:02}T{time}Z")).ok()
}

impl RawResponse {
    /// The `x-acs-request-id` header as text, when it is text.
    fn header_request_id(&self) -> Option<String> {
        let id = self.request_id.as_ref()?.to_str().ok()?.trim();
        Some(id.to_owned())
    }
}

/// The JSON body of a successful call, or the error the response describes.
pub(crate) fn interpret(resp: &RawResponse) -> Result<Value, Error> {
    let ok = (200..300).contains(&resp.status);
    match serde_json::from_slice::<Value>(&resp.body) {
        Ok(body) if ok => match field::<bool>(&body, "Success") {
            Some(false) => Err(service_error(resp, &body)),
            _ => Ok(body),
        },
        Ok(body @ Value::Object(_)) => Err(service_error(resp, &body)),
        _ => Err(decode_error(resp)),
    }
}

/// The output `T` of a successful call, read from the body's bytes in one pass that also
/// notes where `Success`, `RequestId` and the members of an error body are (the request id is
/// recorded in `span`); or the error the response describes, read from the same pass.
///
/// Agrees with [`interpret`] followed by the `Value` reading of `T` (the property tests hold
/// the two equal): the same bodies are errors, the same errors, and the same outputs come out.
pub(crate) fn read_output<T: Decode>(
    resp: RawResponse,
    action: &str,
    span: &tracing::Span,
) -> Result<T, Error> {
    let Some(mut r) = Reader::new(&resp.body) else {
        return Err(decode_error(&resp));
    };
    if !(200..300).contains(&resp.status) {
        // Read for its members only: an object is a service error, anything else a decode one.
        let object = r.skip_object();
        if !r.finish() || !object {
            return Err(decode_error(&resp));
        }
        return Err(service_error_from(&resp, &r));
    }
    let read = read_body::<T>(&mut r);
    if read.is_some() && r.success() == Some(false) {
        return Err(service_error_from(&resp, &r));
    }
    // Borrowed from the body: copied only for an error.
    let request_id = r.request_id();
    if let Some(id) = &request_id {
        span.record("request_id", &**id);
    }
    match read {
        None => Err(decode_error(&resp)),
        Some(Body::NotObject) => Err(shape_error(action, "is not a JSON object", None)),
        Some(Body::Object(None)) => Err(shape_error(
            action,
            "does not have the documented shape",
            request_id.map(std::borrow::Cow::into_owned),
        )),
        Some(Body::Object(Some(mut out))) => {
            drop(request_id);
            out.keep_body(RawBody::from_bytes(resp.body));
            Ok(out)
        }
    }
}

/// The service error an error body describes, from the members `r` noted in its pass.
fn service_error_from(resp: &RawResponse, r: &Reader<'_>) -> Error {
    service_error_with(
        resp,
        |key| r.marked::<String>(key),
        r.marked::<i64>("HttpStatusCode"),
    )
}

/// A decode error for a body that is JSON but not what the action answers.
pub(crate) fn shape_error(action: &str, problem: &str, request_id: Option<String>) -> Error {
    Error::new(
        ErrorKind::Decode,
        format!("the response to {action} {problem}"),
    )
    .with_request_id(request_id)
}

/// How the client reads a response with `status` and `body` as `T`: [`classify_response`]
/// and the typed reading in one pass, as a call does.
///
/// Exposed for property tests of the typed path against the `Value` one; not a stable API.
#[doc(hidden)]
pub fn classify_typed<T: Decode>(status: u16, action: &str, body: &[u8]) -> Result<T, Error> {
    let resp = RawResponse {
        status,
        request_id: None,
        retry_after: None,
        date: None,
        body: body.to_vec(),
    };
    read_output(resp, action, &tracing::Span::none())
}

/// How the client reads a response with `status` and `body`: the JSON body of a success, or
/// the service, decode or `Success: false` error it describes.
///
/// Exposed for fuzzing and property tests of this classification; not a stable API.
#[doc(hidden)]
pub fn classify_response(status: u16, body: &[u8]) -> Result<Value, Error> {
    interpret(&RawResponse {
        status,
        request_id: None,
        retry_after: None,
        date: None,
        body: body.to_vec(),
    })
}

/// A service error from an error body, whichever of the two layouts it uses.
fn service_error(resp: &RawResponse, body: &Value) -> Error {
    service_error_with(
        resp,
        |key| field::<String>(body, key),
        field::<i64>(body, "HttpStatusCode"),
    )
}

/// A service error from the members of an error body, read by `member` as text, and its
/// `HttpStatusCode`.
fn service_error_with(
    resp: &RawResponse,
    member: impl Fn(&str) -> Option<String>,
    http_status: Option<i64>,
) -> Error {
    let text = |key: &str| member(key).filter(|s| !s.is_empty());
    let code = text("ErrCode")
        .or_else(|| text("Code"))
        .or_else(|| text("DynamicCode"));
    let mut message = text("ErrMessage")
        .or_else(|| text("Message"))
        .unwrap_or_else(|| "(no message)".to_owned());
    if let Some(dynamic) = text("DynamicMessage") {
        if message.contains("%s") {
            message = message.replace("%s", &dynamic);
        }
    }
    let message = redact_tokens(&message).into_owned();
    let status = http_status
        .and_then(|s| u16::try_from(s).ok())
        .filter(|s| *s >= 100)
        .unwrap_or(resp.status);
    Error::new(ErrorKind::Service, message)
        .with_code(code)
        .with_request_id(text("RequestId").or_else(|| resp.header_request_id()))
        .with_host_id(text("HostId"))
        .with_recommend(text("Recommend"))
        .with_http_status(Some(status))
        .with_retry_after(resp.retry_after)
        .with_maybe_sent(true)
}

/// A decode error for a body that is not the JSON object expected.
fn decode_error(resp: &RawResponse) -> Error {
    let message = if resp.body.is_empty() {
        format!("HTTP {} with an empty body", resp.status)
    } else {
        format!(
            "HTTP {}, body is not JSON: `{}`",
            resp.status,
            redact_tokens(&excerpt(&resp.body))
        )
    };
    Error::new(ErrorKind::Decode, message)
        .with_http_status(Some(resp.status))
        .with_request_id(resp.header_request_id())
        .with_retry_after(resp.retry_after)
        .with_maybe_sent(true)
}

/// Where a security token's value starts in echoed requests, lower-cased, and what ends it
/// besides a space, quote or angle bracket: the query form, its encodings in a V1
/// string-to-sign, and the V3 header.
const TOKEN_MARKERS: [(&str, &str); 4] = [
    ("securitytoken=", "&"),
    ("securitytoken%3d", "%26"),
    ("securitytoken%253d", "%2526"),
    ("x-acs-security-token:", "\n"),
];

/// `text` with the value of every `SecurityToken` it quotes (as a query parameter, in either
/// encoding of a V1 string-to-sign, or as the V3 header) replaced by `***`.
pub(crate) fn redact_tokens(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (marker, separator) in TOKEN_MARKERS {
        let mut from = 0;
        while let Some(i) = lower[from..].find(marker) {
            let mut start = from + i + marker.len();
            start += lower[start..].len() - lower[start..].trim_start_matches([' ', '\t']).len();
            let rest = &lower[start..];
            let end = rest
                .find(separator)
                .into_iter()
                .chain(rest.find(|c: char| c.is_whitespace() || "\"'<>".contains(c)))
                .min()
                .map_or(text.len(), |n| start + n);
            cuts.push((start, end));
            from = end.max(start);
        }
    }
    cuts.retain(|(start, end)| start < end);
    if cuts.is_empty() {
        return Cow::Borrowed(text);
    }
    cuts.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in cuts {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str("***");
        at = end;
    }
    out.push_str(&text[at..]);
    Cow::Owned(out)
}

/// The start of `body` as one line of at most [`EXCERPT_CHARS`] characters.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let mut out: String = text
        .chars()
        .take(EXCERPT_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > EXCERPT_CHARS || head.len() < body.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            request_id: Some(reqwest::header::HeaderValue::from_static("HDR-ID")),
            retry_after: None,
            date: None,
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn success_bodies_pass_through() {
        let v = interpret(&resp(200, r#"{"RequestId":"R","Success":true}"#)).unwrap();
        assert_eq!(v["RequestId"], "R");
        let v = interpret(&resp(200, r#"{"RequestId":"R","Success":"true"}"#)).unwrap();
        assert_eq!(v["Success"], "true");
        assert!(interpret(&resp(200, r#"{"RequestId":"R"}"#)).is_ok());
    }

    #[test]
    fn success_false_becomes_a_service_error_with_substitution() {
        let body = r#"{"RequestId":"R1","Success":"false","ErrCode":"InvalidParameter",
            "ErrMessage":"The Value of Input Parameter %s is not valid.",
            "DynamicMessage":"DtsJobId","DynamicCode":"","HttpStatusCode":"403"}"#;
        let e = interpret(&resp(200, body)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Service);
        assert_eq!(e.code(), Some("InvalidParameter"));
        assert_eq!(
            e.message(),
            "The Value of Input Parameter DtsJobId is not valid."
        );
        assert_eq!(e.http_status(), Some(403));
        assert_eq!(e.request_id(), Some("R1"));
    }

    #[test]
    fn http_error_bodies_become_service_errors() {
        let body = r#"{"RequestId":"R2","HostId":"dts.aliyuncs.com","Code":"Forbidden.RAM",
            "Message":"User not authorized.","Recommend":"https://example.invalid/diag"}"#;
        let e = interpret(&resp(403, body)).unwrap_err();
        assert_eq!(e.code(), Some("Forbidden.RAM"));
        assert_eq!(e.host_id(), Some("dts.aliyuncs.com"));
        assert_eq!(e.recommend(), Some("https://example.invalid/diag"));
        assert_eq!(
            e.to_string(),
            "Forbidden.RAM: User not authorized. (request id R2)"
        );
        let e = interpret(&resp(500, "{}")).unwrap_err();
        assert_eq!(e.request_id(), Some("HDR-ID"));
        assert_eq!(e.http_status(), Some(500));
    }

    #[test]
    fn unreadable_bodies_become_decode_errors_with_an_excerpt() {
        let html = format!("<html>\n<body>{}</body></html>", "x".repeat(500));
        let e = interpret(&resp(502, &html)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert_eq!(e.http_status(), Some(502));
        assert!(e.message().contains("HTTP 502"));
        assert!(e.message().contains("`<html> <body>xxx"));
        for body in ["", "{\"Success\":tr", "[1,2]", "\u{0}\u{1}"] {
            let e = interpret(&resp(500, body)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
        }
        assert_eq!(
            interpret(&resp(200, "{\"Succ")).unwrap_err().kind(),
            ErrorKind::Decode
        );
    }

    #[test]
    fn echoed_security_tokens_are_redacted() {
        let sts = "POST&%2F&AccessKeyId%3Did%26SecurityToken%3DCAIS%252Btok%252F%26Timestamp%3Dt";
        let body = format!(
            r#"{{"Code":"SignatureDoesNotMatch","Message":"server string to sign is:{sts}"}}"#
        );
        let e = interpret(&resp(400, &body)).unwrap_err();
        assert_eq!(
            e.message(),
            "server string to sign is:POST&%2F&AccessKeyId%3Did%26SecurityToken%3D***%26Timestamp%3Dt"
        );
        let page = "<p>GET /?Action=A&SecurityToken=CAIS+tok/x=&Version=v</p>";
        let e = interpret(&resp(502, page)).unwrap_err();
        assert!(
            e.message().contains("SecurityToken=***&Version=v</p>"),
            "{e}"
        );
        assert_eq!(
            redact_tokens("a securitytoken%253DX%2526b x-acs-security-token: T\nz SecurityToken=E"),
            "a securitytoken%253D***%2526b x-acs-security-token: ***\nz SecurityToken=***"
        );
        assert!(matches!(redact_tokens("no token here"), Cow::Borrowed(_)));
        assert_eq!(redact_tokens("SecurityToken="), "SecurityToken=");
        assert_eq!(
            redact_tokens("SecurityToken=&a=SecurityToken=t"),
            "SecurityToken=&a=SecurityToken=***"
        );
        assert_eq!(redact_tokens("ÉSecurityToken=é"), "ÉSecurityToken=***");
    }

    #[test]
    fn excerpts_are_short_and_respect_char_boundaries() {
        let long = "é".repeat(1000);
        let ex = excerpt(long.as_bytes());
        assert_eq!(ex.chars().count(), EXCERPT_CHARS + 1);
        assert!(ex.ends_with('…'));
        assert_eq!(excerpt(b"short"), "short");
    }

    #[test]
    fn http_dates() {
        let t = httpdate("Sun, 06 Nov 1994 08:49:37 GMT").unwrap();
        assert_eq!(
            humantime::format_rfc3339_seconds(t).to_string(),
            "1994-11-06T08:49:37Z"
        );
        assert!(httpdate("yesterday").is_none());
    }
}
