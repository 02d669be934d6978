//! Helpers shared by the integration tests: a small signer and an HTTP caller.

#![allow(dead_code)] // each test file uses a different subset

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use dts_emulator::auth::v1;
use serde_json::Value;

pub const ID: &str = "test-id";
pub const SECRET: &str = "test-secret";

pub const SEED: &str = r#"{"jobs": [
  {"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"},
  {"job_id": "k2w9876twoway01", "instance_id": "dtsk2w9876twoway01", "kind": "synchronization",
   "status": "Synchronizing", "topology": "twoway", "region": "cn-hangzhou"},
  {"job_id": "f7a1000failed01", "instance_id": "dtsf7a1000failed01", "kind": "synchronization",
   "status": "Failed", "topology": "oneway", "region": "cn-beijing"},
  {"job_id": "m1g2000migrate1", "instance_id": "dtsm1g2000migrate1", "kind": "migration",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}
]}"#;

/// An RFC 3339 timestamp for now.
pub fn now() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()
}

/// A nonce no other call in this process uses.
pub fn nonce() -> String {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    format!(
        "nonce-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

/// The common parameters of a V1-signed call of `action`, without `Signature`.
pub fn common(action: &str, access_key_id: &str) -> Vec<(String, String)> {
    [
        ("Action", action),
        ("Version", "2020-01-01"),
        ("Format", "JSON"),
        ("AccessKeyId", access_key_id),
        ("SignatureMethod", "HMAC-SHA1"),
        ("SignatureVersion", "1.0"),
        ("SignatureNonce", &nonce()),
        ("Timestamp", &now()),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect()
}

/// Adds `Signature` for `method` and `secret`.
pub fn sign(
    method: &str,
    mut params: Vec<(String, String)>,
    secret: &str,
) -> Vec<(String, String)> {
    let canonical = v1::canonicalize(params.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let signature = v1::sign(secret, &v1::string_to_sign(method, &canonical));
    params.push(("Signature".to_owned(), signature));
    params
}

/// A signed call of `action` with extra parameters, with the test key pair.
pub fn signed(method: &str, action: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut params = common(action, ID);
    params.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    sign(method, params, SECRET)
}

/// `k=v&...` with RFC 3986 encoding.
pub fn encode<K: AsRef<str>, V: AsRef<str>>(params: &[(K, V)]) -> String {
    params
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                v1::percent_encode(k.as_ref()),
                v1::percent_encode(v.as_ref())
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The HTTP status, `x-acs-request-id` header and JSON body of a response.
pub struct Answer {
    pub status: u16,
    pub header_id: Option<String>,
    pub body: Value,
}

impl Answer {
    pub fn code(&self) -> &str {
        self.body["Code"].as_str().unwrap_or("")
    }

    pub fn message(&self) -> &str {
        self.body["Message"].as_str().unwrap_or("")
    }
}

async fn answer(resp: reqwest::Response) -> Answer {
    let status = resp.status().as_u16();
    let header_id = resp
        .headers()
        .get("x-acs-request-id")
        .map(|h| h.to_str().unwrap().to_owned());
    let xml = resp
        .headers()
        .get("content-type")
        .is_some_and(|c| c.to_str().unwrap_or("").starts_with("application/xml"));
    let text = resp.text().await.unwrap();
    let body = if xml {
        xml_to_json(&text).unwrap_or_else(|| panic!("not the emulator's XML: {text}"))
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    };
    Answer {
        status,
        header_id,
        body,
    }
}

/// POSTs the parameters in the query string.
pub async fn post_query(url: &str, params: &[(String, String)]) -> Answer {
    let resp = reqwest::Client::new()
        .post(format!("{url}/?{}", encode(params)))
        .send()
        .await
        .unwrap();
    answer(resp).await
}

/// POSTs the parameters as a form body.
pub async fn post_form(url: &str, query: &[(String, String)], form: &[(String, String)]) -> Answer {
    let resp = reqwest::Client::new()
        .post(format!("{url}/?{}", encode(query)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(encode(form))
        .send()
        .await
        .unwrap();
    answer(resp).await
}

/// GETs with the parameters in the query string.
pub async fn get(url: &str, params: &[(String, String)]) -> Answer {
    let resp = reqwest::get(format!("{url}/?{}", encode(params)))
        .await
        .unwrap();
    answer(resp).await
}

/// A signed POST of `action` with the test key pair.
pub async fn call(url: &str, action: &str, extra: &[(&str, &str)]) -> Answer {
    post_query(url, &signed("POST", action, extra)).await
}

/// `GET /__emulator/jobs`.
pub async fn jobs(url: &str) -> Value {
    let text = reqwest::get(format!("{url}/__emulator/jobs"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Whether `id` looks like `8-4-4-4-12` upper-case hex.
pub fn is_request_id(id: &str) -> bool {
    let parts: Vec<&str> = id.split('-').collect();
    parts.iter().map(|p| p.len()).eq([8, 4, 4, 4, 12])
        && id
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || ('A'..='F').contains(&c))
}

/// A response read off a raw socket.
pub struct RawResponse {
    pub status: u16,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
}

/// Reads one HTTP/1.1 response (with a `Content-Length`) from `stream`.
pub async fn read_response(stream: &mut tokio::net::TcpStream) -> std::io::Result<RawResponse> {
    use tokio::io::AsyncReadExt as _;
    let mut buf = Vec::new();
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("a status line");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buf[head_end..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        body.extend_from_slice(&chunk[..n]);
    }
    body.truncate(length);
    Ok(RawResponse {
        status,
        headers,
        body,
    })
}

/// Writes `request` as it is to a new connection and reads one response.
pub async fn send_raw(addr: std::net::SocketAddr, request: &[u8]) -> std::io::Result<RawResponse> {
    use tokio::io::AsyncWriteExt as _;
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    stream.write_all(request).await?;
    read_response(&mut stream).await
}

/// An HTTP/1.1 request with exactly these headers (in this order) and body.
pub fn raw_request(
    method: &str,
    target: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Vec<u8> {
    let mut out = format!("{method} {target} HTTP/1.1\r\n");
    for (name, value) in headers {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A V3-signed request for `action` with `query` parameters and a form `body` (may be empty),
/// signed with the test key pair at `date`, as raw bytes for `addr`.
pub fn v3_request(
    addr: std::net::SocketAddr,
    method: &str,
    action: &str,
    query: &[(&str, &str)],
    form: &[(&str, &str)],
    date: &str,
    secret: &str,
) -> Vec<u8> {
    use dts_emulator::auth::v3;
    let body = encode(form);
    let mut headers: Vec<(String, String)> = vec![
        ("host".into(), addr.to_string()),
        ("x-acs-action".into(), action.into()),
        ("x-acs-version".into(), "2020-01-01".into()),
        ("x-acs-date".into(), date.into()),
        ("x-acs-signature-nonce".into(), nonce()),
        (
            "x-acs-content-sha256".into(),
            v3::sha256_hex(body.as_bytes()),
        ),
        ("content-length".into(), body.len().to_string()),
    ];
    if !form.is_empty() {
        headers.push((
            "content-type".into(),
            "application/x-www-form-urlencoded".into(),
        ));
    }
    let mut signed: Vec<String> = headers
        .iter()
        .map(|(n, _)| n.clone())
        .filter(|n| n != "content-length")
        .collect();
    signed.sort();
    let pairs: Vec<(&[u8], &[u8])> = query
        .iter()
        .map(|(k, v)| (k.as_bytes(), v.as_bytes()))
        .collect();
    let canonical = v3::canonical_request(
        method,
        &v3::canonical_query(pairs),
        &v3::canonical_headers(
            &signed,
            headers.iter().map(|(n, v)| (n.as_str(), v.as_bytes())),
        ),
        &signed,
        &v3::sha256_hex(body.as_bytes()),
    );
    let signature = v3::sign(secret, &v3::string_to_sign(&canonical));
    headers.push((
        "authorization".into(),
        v3::authorization(ID, &signed, &signature),
    ));
    raw_request(
        method,
        &format!("/?{}", encode(query)),
        &headers,
        body.as_bytes(),
    )
}

/// The emulator's XML answer as JSON: the root element's children as an object, leaves as
/// strings (entities decoded), repeated names as arrays.
pub fn xml_to_json(text: &str) -> Option<Value> {
    let rest = text.strip_prefix("<?xml")?.split_once("?>")?.1;
    let (value, rest) = xml_element(rest)?;
    rest.trim().is_empty().then_some(value.1)
}

fn xml_element(text: &str) -> Option<((String, Value), &str)> {
    let text = text.trim_start().strip_prefix('<')?;
    let (name, mut rest) = text.split_once('>')?;
    let close = format!("</{name}>");
    if !rest.trim_start().starts_with('<') || rest.starts_with(&close) {
        let (leaf, after) = rest.split_once(&close)?;
        let leaf = leaf
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&");
        return Some(((name.to_owned(), Value::String(leaf)), after));
    }
    let mut map = serde_json::Map::new();
    loop {
        if let Some(after) = rest.trim_start().strip_prefix(close.as_str()) {
            return Some(((name.to_owned(), Value::Object(map)), after));
        }
        let ((child, value), after) = xml_element(rest)?;
        match map.get_mut(&child) {
            Some(Value::Array(items)) => items.push(value),
            Some(existing) => *existing = Value::Array(vec![existing.clone(), value]),
            None => {
                map.insert(child, value);
            }
        }
        rest = after;
    }
}
