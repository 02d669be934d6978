//! Property tests: the typed reading straight from the bytes agrees with the old reading
//! through a `serde_json::Value`, on every document: the same documents are refused, the same
//! typed values come out, the same errors are made of the same responses, and the kept body
//! is the document.
//!
//! Documents are drawn from the member names of real responses (so that nested structs are
//! reached), with every kind of scalar the service drifts between, duplicate members, escaped
//! keys and strings, varied whitespace, and then mutated (cut short, a byte changed) to reach
//! the documents that are not JSON.

use dts_client::operation::describe_dts_job_detail::DescribeDtsJobDetailOutput;
use dts_client::operation::describe_dts_jobs::DescribeDtsJobsOutput;
use dts_client::operation::start_synchronization_job::StartSynchronizationJobOutput;
use dts_client::rt::decode::{decode_slice, decode_slice_via_value, Body, Decode};
use dts_client::{classify_response, classify_typed, Error, ErrorKind};
use proptest::prelude::*;
use serde_json::Value;

#[path = "../benches/support/bodies.rs"]
#[allow(dead_code)]
mod bodies;

/// A JSON document as written: objects keep duplicate members and their order.
#[derive(Debug, Clone)]
enum Doc {
    /// A scalar, written as `serde_json` writes it.
    Scalar(Value),
    /// A string whose characters are all written as `\u` escapes.
    Escaped(String),
    Array(Vec<Doc>),
    /// Members: key, whether the key is written with `\u` escapes, value.
    Object(Vec<(String, bool, Doc)>),
}

fn escaped(s: &str) -> String {
    let mut out = String::from("\"");
    for unit in s.encode_utf16() {
        out.push_str(&format!("\\u{unit:04x}"));
    }
    out.push('"');
    out
}

impl Doc {
    fn render(&self, pad: &str, out: &mut String) {
        match self {
            Doc::Scalar(v) => out.push_str(&v.to_string()),
            Doc::Escaped(s) => out.push_str(&escaped(s)),
            Doc::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(pad);
                    item.render(pad, out);
                }
                out.push_str(pad);
                out.push(']');
            }
            Doc::Object(members) => {
                out.push('{');
                for (i, (key, esc, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(pad);
                    if *esc {
                        out.push_str(&escaped(key));
                    } else {
                        out.push_str(&Value::from(key.as_str()).to_string());
                    }
                    out.push_str(pad);
                    out.push(':');
                    value.render(pad, out);
                }
                out.push_str(pad);
                out.push('}');
            }
        }
    }
}

/// Every member name of the bundled responses' bodies, the envelope's, and a few unknown.
fn key_pool() -> Vec<String> {
    fn collect(v: &Value, keys: &mut Vec<String>) {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    keys.push(k.clone());
                    collect(v, keys);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| collect(v, keys)),
            _ => {}
        }
    }
    let mut keys = Vec::new();
    for body in [bodies::large(2), bodies::small()] {
        collect(
            &serde_json::from_slice(&body).expect("a JSON body"),
            &mut keys,
        );
    }
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    for name in ["DescribeDtsJobDetail", "DescribeDtsJobs"] {
        let action = spec
            .actions
            .iter()
            .find(|a| a.name == name)
            .expect("bundled");
        let body = dts_emulator::default_response(action, "R-1");
        collect(&body, &mut keys);
    }
    keys.extend(
        [
            "Success",
            "ErrCode",
            "ErrMessage",
            "Code",
            "Message",
            "DynamicCode",
            "DynamicMessage",
            "HttpStatusCode",
            "HostId",
            "Recommend",
            "RequestId",
            "Item",
            "Unknown",
            "DtsJobList",
        ]
        .map(String::from),
    );
    keys.sort();
    keys.dedup();
    keys
}

fn scalar() -> impl Strategy<Value = Value> {
    let texts = [
        "true",
        "TRUE",
        "False",
        "200",
        " 42 ",
        "1.5",
        "-7",
        "0",
        "1e3",
        "",
        "x",
        "é😀",
        "9223372036854775808",
        " 2.0",
    ];
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-300i64..300).prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        (-1000i32..1000).prop_map(|n| Value::from(f64::from(n))),
        prop::sample::select(texts.to_vec()).prop_map(Value::from),
        "[a-z\"\\\\\n\u{1}é😀 ]{0,8}".prop_map(Value::from),
    ]
}

fn doc(keys: Vec<String>) -> impl Strategy<Value = Doc> {
    let leaf = prop_oneof![
        4 => scalar().prop_map(Doc::Scalar),
        1 => "[a-zé😀\n]{0,6}".prop_map(Doc::Escaped),
    ];
    let key = prop::sample::select(keys);
    leaf.prop_recursive(5, 96, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Doc::Array),
            prop::collection::vec((key.clone(), prop::bool::weighted(0.1), inner), 0..10)
                .prop_map(Doc::Object),
        ]
    })
}

/// Real response bodies: what the drifted documents start from.
fn templates() -> Vec<Value> {
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    let mut out = vec![serde_json::from_slice(&bodies::large(3)).expect("JSON")];
    for name in ["DescribeDtsJobDetail", "DescribeDtsJobs"] {
        let action = spec
            .actions
            .iter()
            .find(|a| a.name == name)
            .expect("bundled");
        out.push(dts_emulator::default_response(action, "R-1"));
    }
    out
}

/// A small deterministic generator for the drift applied to a template.
struct Drift(u64);

impl Drift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }

    /// `v` as a document, with drift: scalars replaced by `scalars`, members dropped,
    /// duplicated or renamed, keys escaped, arrays wrapped in an object or unwrapped.
    fn apply(&mut self, v: &Value, scalars: &[Value]) -> Doc {
        if self.one_in(9) {
            let s = &scalars[(self.next() % scalars.len() as u64) as usize];
            return Doc::Scalar(s.clone());
        }
        match v {
            Value::Array(items) => {
                let items: Vec<Doc> = items.iter().map(|i| self.apply(i, scalars)).collect();
                match self.next() % 8 {
                    0 => Doc::Object(vec![("Item".into(), false, Doc::Array(items))]),
                    1 if !items.is_empty() => items[0].clone(),
                    _ => Doc::Array(items),
                }
            }
            Value::Object(map) => {
                let mut members = Vec::new();
                for (k, v) in map {
                    if self.one_in(12) {
                        continue;
                    }
                    let key = if self.one_in(25) {
                        format!("{k}X")
                    } else {
                        k.clone()
                    };
                    let doc = self.apply(v, scalars);
                    if self.one_in(20) {
                        members.push((key.clone(), false, self.apply(v, scalars)));
                    }
                    members.push((key, self.one_in(15), doc));
                }
                Doc::Object(members)
            }
            Value::String(s) if self.one_in(10) => Doc::Escaped(s.clone()),
            other => Doc::Scalar(other.clone()),
        }
    }
}

/// A document: a real body drifted, or one drawn from the member names, rendered compactly
/// or padded, then perhaps mutated.
fn body() -> impl Strategy<Value = Vec<u8>> {
    let keys = key_pool();
    let top = prop::collection::vec(
        (prop::sample::select(keys.clone()), Just(false), doc(keys)),
        0..16,
    );
    let templates = templates();
    let drifted = (
        0..templates.len(),
        any::<u64>(),
        prop::collection::vec(scalar(), 1..8),
    )
        .prop_map(move |(t, seed, scalars)| Drift(seed | 1).apply(&templates[t], &scalars));
    let error_keys = vec![
        "Code",
        "ErrCode",
        "Message",
        "ErrMessage",
        "DynamicCode",
        "DynamicMessage",
        "HttpStatusCode",
        "HostId",
        "Recommend",
        "RequestId",
        "Success",
    ];
    let members = (
        prop::sample::select(error_keys).prop_map(String::from),
        prop::bool::weighted(0.1),
        scalar().prop_map(Doc::Scalar),
    );
    let errors = prop::collection::vec(members, 0..12).prop_map(Doc::Object);
    let doc = prop_oneof![
        3 => errors,
        5 => drifted,
        4 => top.prop_map(Doc::Object),
        1 => scalar().prop_map(Doc::Scalar),
    ];
    let pad = prop::sample::select(vec!["", " ", "\n\t ", "\r\n"]);
    let mutation = prop_oneof![
        6 => Just(None),
        1 => (any::<prop::sample::Index>(), Just(None)).prop_map(Some),
        1 => (any::<prop::sample::Index>(), any::<u8>().prop_map(Some)).prop_map(Some),
    ];
    (doc, pad, mutation).prop_map(|(doc, pad, mutation)| {
        let mut text = String::new();
        doc.render(pad, &mut text);
        let mut bytes = text.into_bytes();
        match mutation {
            Some((at, None)) => bytes.truncate(at.index(bytes.len() + 1)),
            Some((at, Some(byte))) if !bytes.is_empty() => {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
            _ => {}
        }
        bytes
    })
}

/// The new reading agrees with the old, and the kept body is the document.
fn same_reading<T: Decode + PartialEq + std::fmt::Debug>(
    bytes: &[u8],
    raw: impl Fn(&T) -> &Value,
) -> Result<(), TestCaseError> {
    let old = decode_slice_via_value::<T>(bytes);
    let new = decode_slice::<T>(bytes.to_vec());
    prop_assert_eq!(&new, &old, "{}", String::from_utf8_lossy(bytes));
    if let Some(Body::Object(Some(out))) = &new {
        let value: Value = serde_json::from_slice(bytes).expect("accepted, so JSON");
        prop_assert_eq!(raw(out), &value);
    }
    Ok(())
}

/// What an error says: kind, code, message, HTTP status, request id, host id, recommendation.
type Said = (
    ErrorKind,
    Option<String>,
    String,
    Option<u16>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn said(e: &Error) -> Said {
    let own = |s: Option<&str>| s.map(str::to_owned);
    (
        e.kind(),
        own(e.code()),
        e.message().to_owned(),
        e.http_status(),
        own(e.request_id()),
        own(e.host_id()),
        own(e.recommend()),
    )
}

/// What a call made of a response before: the `Value` classification, then the typed read.
#[allow(clippy::result_large_err)] // compared whole, never propagated
fn old_call<T: Decode>(status: u16, action: &str, bytes: &[u8]) -> Result<T, Said> {
    let body = classify_response(status, bytes).map_err(|e| said(&e))?;
    let request_id = body
        .get("RequestId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let (problem, request_id) = if body.is_object() {
        match T::decode_body(body) {
            Some(out) => return Ok(out),
            None => ("does not have the documented shape", request_id),
        }
    } else {
        ("is not a JSON object", None)
    };
    let message = format!("the response to {action} {problem}");
    Err((
        ErrorKind::Decode,
        None,
        message,
        None,
        request_id,
        None,
        None,
    ))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 768,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn describe_dts_jobs_reads_as_before(bytes in body()) {
        same_reading::<DescribeDtsJobsOutput>(&bytes, DescribeDtsJobsOutput::raw)?;
    }

    #[test]
    fn describe_dts_job_detail_reads_as_before(bytes in body()) {
        same_reading::<DescribeDtsJobDetailOutput>(&bytes, DescribeDtsJobDetailOutput::raw)?;
    }

    #[test]
    fn a_value_reads_as_before(bytes in body()) {
        let old = decode_slice_via_value::<Value>(&bytes);
        let new = decode_slice::<Value>(bytes.clone());
        prop_assert_eq!(new, old);
    }

    #[test]
    fn calls_make_the_same_outputs_and_errors(
        bytes in body(),
        status in prop::sample::select(vec![200u16, 204, 400, 403, 500, 503]),
    ) {
        let action = "DescribeDtsJobs";
        let old = old_call::<DescribeDtsJobsOutput>(status, action, &bytes);
        let new = classify_typed::<DescribeDtsJobsOutput>(status, action, &bytes)
            .map_err(|e| said(&e));
        prop_assert_eq!(new, old);
        let small = classify_typed::<StartSynchronizationJobOutput>(status, action, &bytes);
        let old_small = old_call::<StartSynchronizationJobOutput>(status, action, &bytes);
        prop_assert_eq!(small.is_ok(), old_small.is_ok());
    }
}

#[test]
fn the_benchmark_bodies_read_as_before() {
    let large = bodies::large(100);
    let new = decode_slice::<DescribeDtsJobsOutput>(large.clone());
    assert_eq!(new, decode_slice_via_value(&large));
    let Some(Body::Object(Some(out))) = new else {
        panic!("the large body reads");
    };
    assert_eq!(out.dts_job_list.len(), 100);
    assert!(out.dts_job_list.iter().all(|j| j.source_endpoint.is_some()));
}

#[test]
fn drifted_scalars_wrappers_and_duplicates_read_as_before() {
    let docs = [
        r#"{"RequestId":"R","TotalRecordCount":"12","PageNumber":2.0,"DtsJobList":{"DtsJob":[{"DtsJobId":"j","Delay":"7"}]}}"#,
        r#"{"DtsJobList":{"DtsJobId":"single"},"TotalRecordCount":1e2}"#,
        r#"{"DtsJobList":{"A":[1],"A":[{"DtsJobId":"last"}]}}"#,
        r#"{"DtsJobList":{"A":[1],"B":[{"DtsJobId":"two keys"}]}}"#,
        r#"{"DtsJobList":null,"PageNumber":"x","RequestId":7}"#,
        r#"{"DtsJobList":[null,1,"x",{"Delay":true}],"RequestId":"a","RequestId":"b"}"#,
        r#"{"\u0052equestId":"escaped key","DtsJobList":{}}"#,
        r#"{"Success":"false","ErrCode":"Throttling"}"#,
        r#"{"PageNumber":9223372036854775807,"TotalRecordCount":-9223372036854775809}"#,
    ];
    for doc in docs {
        let old = decode_slice_via_value::<DescribeDtsJobsOutput>(doc.as_bytes());
        assert!(matches!(old, Some(Body::Object(Some(_)))), "{doc}");
        assert_eq!(
            decode_slice::<DescribeDtsJobsOutput>(doc.as_bytes().to_vec()),
            old,
            "{doc}"
        );
    }
}

#[test]
fn the_documents_drawn_reach_nested_typed_fields() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = body();
    let (mut refused, mut jobs, mut endpoints) = (0, 0, 0);
    for _ in 0..400 {
        let bytes = strategy
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        match decode_slice::<DescribeDtsJobsOutput>(bytes) {
            None => refused += 1,
            Some(Body::Object(Some(out))) if !out.dts_job_list.is_empty() => {
                jobs += 1;
                let nested = |j: &&_| {
                    let j: &dts_client::operation::describe_dts_jobs::DtsJob = j;
                    j.source_endpoint.is_some() || j.data_synchronization_status.is_some()
                };
                endpoints += usize::from(out.dts_job_list.iter().any(|j| nested(&j)));
            }
            _ => {}
        }
    }
    assert!(refused >= 20, "{refused} documents of 400 were not JSON");
    assert!(jobs >= 20, "{jobs} documents of 400 listed jobs");
    assert!(
        endpoints >= 5,
        "{endpoints} documents of 400 had nested job members"
    );
}
