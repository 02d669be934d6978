// A derived response reads the drift the service is known for: numbers and booleans as
// strings, a single value or a wrapped array where a list is documented, unknown members.

use dts_client::rt::decode::Decode;
use dts_macros::Decode;

#[derive(Debug, Default, PartialEq, Decode)]
struct Output {
    request_id: Option<String>,
    success: Option<bool>,
    #[dts(rename = "HttpStatusCode")]
    status: Option<i32>,
    total: i64,
    jobs: Vec<Job>,
    names: Vec<String>,
    last: Option<Job>,
    extra: Option<serde_json::Value>,
    #[dts(skip)]
    local: u8,
}

#[derive(Debug, Default, PartialEq, Decode)]
struct Job {
    job_id: Option<String>,
    progress: Option<f64>,
}

#[derive(Debug, PartialEq, Decode)]
struct Empty;

#[derive(Debug, PartialEq, Decode)]
struct Page<T> {
    total: Option<i64>,
    items: Vec<T>,
}

fn main() {
    let body = serde_json::json!({
        "RequestId": "r-1",
        "Success": "true",
        "HttpStatusCode": "200",
        "Jobs": {"Job": [{"JobId": "j1", "Progress": "0.5"}, {"JobId": 2}]},
        "Names": "only",
        "Last": {"JobId": "j9", "Unknown": 1},
        "Extra": [1, {"a": null}],
        "Local": 9
    });
    let out = Output::decode(&body).expect("an object decodes");
    assert_eq!(
        out,
        Output {
            request_id: Some("r-1".into()),
            success: Some(true),
            status: Some(200),
            total: 0,
            jobs: vec![
                Job {
                    job_id: Some("j1".into()),
                    progress: Some(0.5)
                },
                Job {
                    job_id: Some("2".into()),
                    progress: None
                },
            ],
            names: vec!["only".into()],
            last: Some(Job {
                job_id: Some("j9".into()),
                progress: None
            }),
            extra: Some(serde_json::json!([1, {"a": null}])),
            local: 0,
        }
    );
    assert_eq!(Output::decode(&serde_json::json!("not an object")), None);
    assert_eq!(Empty::decode(&serde_json::json!({})), Some(Empty));
    let page = Page::<Job>::decode(&serde_json::json!({"Total": 1, "Items": [{"JobId": "j"}]}));
    assert_eq!(
        page,
        Some(Page {
            total: Some(1),
            items: vec![Job {
                job_id: Some("j".into()),
                progress: None,
            }],
        })
    );
}
