//! How calls arrive (query, form body, GET) and how actions without state rules are answered.

mod common;

use common::{get, post_form, post_query, signed, ID, SECRET};
use dts_emulator::{default_response, Emulator, FaultSpec, JobStatus};
use serde_json::{json, Value};

const JOB: (&str, &str) = ("SynchronizationJobId", "dtsl3m1213ye7l1234");

async fn start() -> dts_emulator::RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn parameters_in_a_form_body() {
    let emu = start().await;
    let params = signed("POST", "StartSynchronizationJob", &[JOB]);
    let a = post_form(&emu.url(), &[], &params).await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
    assert_eq!(emu.jobs()[0].status, JobStatus::Synchronizing);
}

#[tokio::test]
async fn query_and_form_body_are_merged() {
    let emu = start().await;
    let params = signed("POST", "StartSynchronizationJob", &[JOB]);
    let (query, form): (Vec<_>, Vec<_>) = params
        .into_iter()
        .partition(|(k, _)| k.starts_with("Sig") || k == "Action");
    let a = post_form(&emu.url(), &query, &form).await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
}

#[tokio::test]
async fn a_body_without_the_form_content_type_is_ignored() {
    let emu = start().await;
    let params = signed("POST", "StartSynchronizationJob", &[JOB]);
    let resp = reqwest::Client::new()
        .post(format!("{}/", emu.url()))
        .header("content-type", "text/plain")
        .body(common::encode(&params))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 400);
    assert!(resp.text().await.unwrap().contains("IncompleteSignature"));
}

#[tokio::test]
async fn get_with_a_get_signature() {
    let emu = start().await;
    let a = get(
        &emu.url(),
        &signed("GET", "StartSynchronizationJob", &[JOB]),
    )
    .await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
}

#[tokio::test]
async fn answers_are_json_with_the_request_id_header() {
    let emu = start().await;
    let query = common::encode(&signed("POST", "StartSynchronizationJob", &[JOB]));
    let resp = reqwest::Client::new()
        .post(format!("{}/?{query}", emu.url()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        resp.headers()["content-type"],
        "application/json;charset=utf-8"
    );
    let header = resp.headers()["x-acs-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
    assert_eq!(body["RequestId"], header.as_str());
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["RequestId", "Success"],
        "the fields StartSynchronizationJob documents"
    );
}

#[tokio::test]
async fn stats_count_what_happened() {
    let emu = start().await;
    post_query(
        &emu.url(),
        &signed("POST", "StartSynchronizationJob", &[JOB]),
    )
    .await;
    post_query(
        &emu.url(),
        &signed("POST", "StartSynchronizationJob", &[JOB]),
    )
    .await;
    post_query(&emu.url(), &signed("POST", "NoSuchAction", &[])).await;
    let stats = emu.stats();
    assert_eq!(
        (stats.requests, stats.applied, stats.denied, stats.rejected),
        (3, 1, 1, 1)
    );
    assert_eq!(stats.faults.total(), 0);
    let text = reqwest::get(format!("{}/__emulator/stats", emu.url()))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let listed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(listed["requests"], 3);
    assert_eq!(listed["faults"]["dropped"], 0);
}

/// An action with nested arrays of objects, objects in objects and type drift in its example.
fn describe_things() -> dts_spec::Action {
    serde_json::from_value(json!({
        "name": "DescribeThings",
        "request": [
            {"name": "ThingId", "type": "String", "required": true},
            {"name": "PageSize", "type": "Integer"}
        ],
        "response": [
            {"name": "RequestId", "type": "String"},
            {"name": "Success", "type": "Boolean"},
            {"name": "HttpStatusCode", "type": "Integer"},
            {"name": "ErrCode", "type": "String"},
            {"name": "TotalRecordCount", "type": "Long", "example": "12"},
            {"name": "Ratio", "type": "Double"},
            {"name": "Label", "type": "String"},
            {"name": "Things", "type": "Array", "items": {"type": "Object", "fields": [
                {"name": "Id", "type": "String", "example": "t-1"},
                {"name": "Size", "type": "Integer"},
                {"name": "Tags", "type": "Array", "items": {"type": "Object", "fields": [
                    {"name": "Key", "type": "String"},
                    {"name": "Value", "type": "String"}
                ]}},
                {"name": "Owner", "type": "Object", "fields": [
                    {"name": "Name", "type": "String", "example": "ops"},
                    {"name": "Enabled", "type": "Boolean"}
                ]}
            ]}},
            {"name": "Matrix", "type": "Array", "items": {"type": "Array", "items": {"type": "Integer"}}}
        ],
        "examples": {"response_json": {
            "RequestId": "X", "Success": "true", "ErrCode": "InternalError",
            "Label": 42, "Ratio": "0.5",
            "Things": [{"Id": "a", "Size": "3", "Tags": [{"Key": "k", "Value": 1}], "Extra": true}]
        }}
    }))
    .unwrap()
}

#[test]
fn default_response_is_schema_valid_for_nested_shapes() {
    let body = default_response(&describe_things(), "REQ-1");
    assert_eq!(
        body,
        json!({
            "RequestId": "REQ-1",
            "Success": true,
            "HttpStatusCode": 200,
            "TotalRecordCount": 12,
            "Ratio": 0.5,
            "Label": "42",
            "Things": [{
                "Id": "a",
                "Size": 3,
                "Tags": [{"Key": "k", "Value": "1"}],
                "Owner": {"Name": "ops", "Enabled": false}
            }],
            "Matrix": [[0]]
        })
    );
    let keys: Vec<&str> = body
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys[0], "RequestId", "documentation order is kept");
}

#[test]
fn default_response_without_examples_shows_every_nested_field() {
    let mut action = describe_things();
    action.examples = Default::default();
    let body = default_response(&action, "R");
    assert_eq!(
        body["Things"][0]["Tags"][0],
        json!({"Key": "", "Value": ""})
    );
    assert_eq!(body["Things"][0]["Id"], "t-1");
    assert_eq!(body["TotalRecordCount"], 12);
    assert_eq!(body["Label"], "");
}

#[tokio::test]
async fn a_spec_action_without_rules_is_answered_from_its_schema() {
    let mut spec = dts_spec::bundled().unwrap().clone();
    spec.actions.push(describe_things());
    let emu = Emulator::builder()
        .credentials(ID, SECRET)
        .spec(spec)
        .start()
        .await
        .unwrap();
    let a = post_query(
        &emu.url(),
        &signed("POST", "DescribeThings", &[("ThingId", "t")]),
    )
    .await;
    assert_eq!(a.status, 200);
    let rid = a.body["RequestId"].as_str().unwrap().to_owned();
    assert_eq!(a.body, default_response(&describe_things(), &rid));
    let a = post_query(&emu.url(), &signed("POST", "DescribeThings", &[])).await;
    assert_eq!(a.code(), "MissingParameter");
    assert!(a.message().contains("\"ThingId\""));
}

#[tokio::test]
async fn request_ids_come_from_the_seeded_generator() {
    let ids = |seed: u64| async move {
        let emu = Emulator::builder()
            .credentials(ID, SECRET)
            .faults(FaultSpec {
                seed,
                ..FaultSpec::none()
            })
            .start()
            .await
            .unwrap();
        let mut ids = Vec::new();
        for _ in 0..3 {
            let a = post_query(&emu.url(), &signed("POST", "NoSuchAction", &[])).await;
            ids.push(a.body["RequestId"].as_str().unwrap().to_owned());
        }
        ids
    };
    let first = ids(5).await;
    assert_eq!(first, ids(5).await);
    assert_ne!(first, ids(6).await);
    assert!(first.iter().all(|id| common::is_request_id(id)));
    assert_ne!(first[0], first[1]);
}
