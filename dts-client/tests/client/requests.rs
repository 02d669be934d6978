//! What goes on the wire: method, path, exactly the documented common parameters, and a
//! signature the receiver can verify.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use dts_client::credentials::{Environment, ProvideFuture};
use dts_client::rt::decode::{field, Decode};
use dts_client::rt::{CallOptions, Params, ServiceInfo};
use dts_client::{Client, Credentials, Error, ErrorKind, ProvideCredentials};
use serde_json::Value;

use crate::support::{Reply, Server};
use crate::{
    assert_signature_verifies, builder, timestamp, DESCRIBE, ID, SECRET, START_SYNC, TOKEN,
};

fn start_params() -> Params {
    let mut p = Params::with_capacity(2);
    p.push("SynchronizationJobId", "dtsf19100l2186****");
    p.push("SynchronizationDirection", "Forward");
    p
}

#[tokio::test]
async fn signed_request_carries_exactly_the_documented_common_parameters() {
    let server = Server::start(vec![Reply::ok("R-1")]).await;
    let client = builder(&server).build().unwrap();
    let body = client
        .invoke(&START_SYNC, start_params(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(body["RequestId"], "R-1");

    let reqs = server.requests();
    assert_eq!(reqs.len(), 1);
    let req = &reqs[0];
    assert_eq!(req.method, "POST");
    assert_eq!(req.path, "/");
    let names: BTreeSet<&str> = req.query.iter().map(|(k, _)| k.as_str()).collect();
    let expected: BTreeSet<&str> = [
        "AccessKeyId",
        "Action",
        "Format",
        "Signature",
        "SignatureMethod",
        "SignatureNonce",
        "SignatureVersion",
        "SynchronizationDirection",
        "SynchronizationJobId",
        "Timestamp",
        "Version",
    ]
    .into();
    assert_eq!(names, expected);
    assert_eq!(req.query.len(), expected.len(), "no parameter twice");
    assert_eq!(req.param("Action"), Some("StartSynchronizationJob"));
    assert_eq!(req.param("Version"), Some("2020-01-01"));
    assert_eq!(req.param("Format"), Some("JSON"));
    assert_eq!(req.param("AccessKeyId"), Some(ID));
    assert_eq!(req.param("SignatureMethod"), Some("HMAC-SHA1"));
    assert_eq!(req.param("SignatureVersion"), Some("1.0"));
    assert_eq!(req.param("SignatureNonce"), Some("nonce-1"));
    assert_eq!(req.param("Timestamp"), Some(timestamp(0).as_str()));
    assert_eq!(req.param("Timestamp"), Some("2026-01-02T03:04:05Z"));
    assert_eq!(
        req.param("SynchronizationJobId"),
        Some("dtsf19100l2186****")
    );
    assert!(req
        .raw_query
        .contains("SynchronizationJobId=dtsf19100l2186%2A%2A%2A%2A"));
    assert_signature_verifies(req, SECRET);
    assert!(req.header("user-agent").unwrap().starts_with("dts-client/"));
    assert_eq!(req.header("accept"), Some("application/json"));
}

#[tokio::test]
async fn sts_credentials_send_the_security_token_and_get_methods_are_honoured() {
    let server = Server::start(vec![Reply::ok("R-1")]).await;
    let client = builder(&server)
        .credentials(Credentials::new(ID, SECRET).with_security_token(TOKEN))
        .build()
        .unwrap();
    let mut p = Params::default();
    p.push("DtsJobId", "job 1/ü");
    client
        .invoke(&DESCRIBE, p, CallOptions::new())
        .await
        .unwrap();
    let req = &server.requests()[0];
    assert_eq!(req.method, "GET");
    assert_eq!(req.param("SecurityToken"), Some(TOKEN));
    assert_eq!(req.param("DtsJobId"), Some("job 1/ü"));
    assert!(req.raw_query.contains("DtsJobId=job%201%2F%C3%BC"));
    assert_signature_verifies(req, SECRET);
}

#[tokio::test]
async fn calls_reuse_one_connection() {
    let server = Server::start(vec![Reply::ok("R-1"), Reply::ok("R-2"), Reply::ok("R-3")]).await;
    let client = builder(&server).build().unwrap();
    let clone = client.clone();
    for c in [&client, &clone, &client] {
        c.call(
            "StartSynchronizationJob",
            start_params(),
            CallOptions::new(),
        )
        .await
        .unwrap();
    }
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(server.connections(), 1);
    let nonces: BTreeSet<_> = reqs
        .iter()
        .map(|r| r.param("SignatureNonce").unwrap().to_owned())
        .collect();
    assert_eq!(nonces.len(), 3, "a fresh nonce per call");
}

#[derive(Debug, PartialEq)]
struct StartOut {
    request_id: String,
    success: bool,
}

impl Decode for StartOut {
    fn decode(value: &Value) -> Option<Self> {
        Some(StartOut {
            request_id: field(value, "RequestId")?,
            success: field(value, "Success").unwrap_or(false),
        })
    }
}

#[tokio::test]
async fn invoke_decode_reads_the_body_or_reports_a_decode_error() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"RequestId":"R-9","Success":"true"}"#),
        Reply::json(200, r#"{"Success":true}"#),
        Reply::json(200, r#"[1,2]"#),
    ])
    .await;
    let client = builder(&server).build().unwrap();
    let out: StartOut = client
        .invoke_decode(&START_SYNC, start_params(), CallOptions::new())
        .await
        .unwrap();
    assert_eq!(
        out,
        StartOut {
            request_id: "R-9".into(),
            success: true
        }
    );
    for _ in 0..2 {
        let e = client
            .invoke_decode::<StartOut>(&START_SYNC, start_params(), CallOptions::new())
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.message().contains("StartSynchronizationJob"), "{e}");
    }
}

#[tokio::test]
async fn presign_returns_the_request_call_would_send() {
    let server = Server::start(vec![]).await;
    let client = builder(&server).build().unwrap();
    let signed = client
        .presign("StartSynchronizationJob", start_params())
        .unwrap();
    assert_eq!(signed.method(), "POST");
    assert!(signed.url().starts_with(&format!(
        "{}/?AccessKeyId={ID}&Action=StartSynchronizationJob&",
        server.url()
    )));
    let (last_name, signature) = signed.params().last().unwrap();
    assert_eq!(last_name, "Signature");
    assert!(signed.url().ends_with(&format!(
        "&Signature={}",
        dts_client::signing::percent_encode(signature)
    )));
    let names: Vec<&str> = signed.params().iter().map(|(k, _)| k.as_str()).collect();
    let mut sorted = names[..names.len() - 1].to_vec();
    sorted.sort();
    assert_eq!(names[..names.len() - 1], sorted[..]);
    assert!(server.requests().is_empty(), "nothing sent");
    assert_eq!(signed.to_string(), format!("POST {}", signed.url()));
}

#[tokio::test]
async fn invalid_input_is_rejected_before_sending() {
    let server = Server::start(vec![]).await;
    let client = builder(&server).build().unwrap();
    let e = client
        .call("Start Sync&x=1", Params::default(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(e.to_string().contains("`Start Sync&x=1`"), "{e}");
    let mut p = Params::default();
    p.push("Timestamp", "2000-01-01T00:00:00Z");
    let e = client
        .call("StartSynchronizationJob", p, CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    assert!(
        e.to_string().contains("`Timestamp` is set by the client"),
        "{e}"
    );
    assert_eq!(e.attempts(), 0);
    assert!(server.requests().is_empty());
}

#[derive(Debug, Default)]
struct Counting {
    calls: AtomicUsize,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move { Ok::<_, Error>(Credentials::new(format!("rotated-{n}"), SECRET)) })
    }
}

#[tokio::test]
async fn a_custom_provider_is_asked_at_every_call() {
    let server = Server::start(vec![Reply::ok("R-1"), Reply::ok("R-2")]).await;
    let provider = Arc::new(Counting::default());
    let client = builder(&server)
        .credentials_provider(provider.clone())
        .build()
        .unwrap();
    for _ in 0..2 {
        client
            .invoke(&START_SYNC, start_params(), CallOptions::new())
            .await
            .unwrap();
    }
    let ids: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.param("AccessKeyId").unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["rotated-0", "rotated-1"]);
    assert_eq!(provider.calls.load(Ordering::SeqCst), 2);
}

static TEST_SERVICE: ServiceInfo = ServiceInfo {
    version: "2020-01-01",
    default_endpoint: "dts.aliyuncs.com",
    endpoints: &[
        ("cn-hangzhou", "dts.cn-hangzhou.aliyuncs.com"),
        ("cn-edge-1", "dts.aliyuncs.com"),
    ],
};

#[test]
fn endpoints_come_from_the_region_table_unless_overridden() {
    let none = || Environment::fixed::<[(&str, &str); 0], _, _>([]);
    let base = || {
        Client::builder()
            .service(&TEST_SERVICE)
            .environment(none())
            .credentials(Credentials::new(ID, SECRET))
    };
    let c = base().region("cn-hangzhou").build().unwrap();
    assert_eq!(
        c.config().endpoint(),
        "https://dts.cn-hangzhou.aliyuncs.com/"
    );
    assert_eq!(c.config().region(), Some("cn-hangzhou"));
    assert_eq!(c.config().version(), "2020-01-01");
    let c = base().region("mars-north-1").build().unwrap();
    assert_eq!(
        c.config().endpoint(),
        "https://dts.mars-north-1.aliyuncs.com/",
        "an unknown region gets the product's regional host, not the central one"
    );
    let c = base().region("cn-hangzhou").vpc(true).build().unwrap();
    assert_eq!(
        c.config().endpoint(),
        "https://dts-vpc.cn-hangzhou.aliyuncs.com/"
    );
    let c = Client::builder()
        .service(&TEST_SERVICE)
        .environment(Environment::fixed([(
            "ALIBABA_CLOUD_REGION_ID",
            "cn-hangzhou",
        )]))
        .credentials(Credentials::new(ID, SECRET))
        .build()
        .unwrap();
    assert_eq!(
        c.config().region(),
        Some("cn-hangzhou"),
        "from the environment"
    );
    let c = base().build().unwrap();
    assert_eq!(c.config().endpoint(), "https://dts.aliyuncs.com/");
    let c = base()
        .region("cn-hangzhou")
        .endpoint_url("http://127.0.0.1:1234")
        .build()
        .unwrap();
    assert_eq!(c.config().endpoint(), "http://127.0.0.1:1234/");
    let c = Client::builder()
        .environment(none())
        .credentials(Credentials::new(ID, SECRET))
        .build()
        .unwrap();
    assert_eq!(c.config().endpoint(), "https://dts.aliyuncs.com/");
    let c = Client::builder()
        .credentials(Credentials::new(ID, SECRET))
        .region("cn-hangzhou")
        .build()
        .unwrap();
    assert_eq!(
        c.config().endpoint(),
        "https://dts.cn-hangzhou.aliyuncs.com/",
        "the spec's table"
    );
    assert_eq!(
        c.config().connect_timeout(),
        std::time::Duration::from_secs(5)
    );
    assert_eq!(c.config().timeout(), std::time::Duration::from_secs(30));
    assert_eq!(c.config().retry().max_attempts(), 3);
}

#[tokio::test]
async fn build_reports_configuration_and_credential_problems() {
    let creds = || Credentials::new(ID, SECRET);
    let e = Client::builder()
        .credentials(creds())
        .endpoint_url("127.0.0.1:80")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(
        e.to_string()
            .starts_with("invalid configuration: invalid endpoint url `127.0.0.1:80`"),
        "{e}"
    );
    let e = Client::builder()
        .credentials(creds())
        .timeout(std::time::Duration::ZERO)
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("timeout"), "{e}");

    // The chain is asked at the first call: nothing configured fails that call.
    let c = Client::builder()
        .environment(Environment::fixed([(
            "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
            "true",
        )]))
        .endpoint_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    let e = c
        .call("DescribeRegions", Params::default(), CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(
        e.to_string()
            .contains("no source in the chain gave credentials"),
        "{e}"
    );
    assert_eq!(e.attempts(), 0);

    let env = Environment::fixed([
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "s"),
    ]);
    let c = Client::builder().environment(env).build().unwrap();
    let signed = c
        .presign_async("DescribeRegions", Params::default())
        .await
        .unwrap();
    assert!(signed.url().contains("AccessKeyId=env-id"), "{signed}");
}

#[test]
fn client_is_send_sync_and_cheap_to_clone() {
    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}
    assert_send_sync::<Client>();
    assert_eq!(std::mem::size_of::<Client>(), std::mem::size_of::<usize>());
}

/// Parameters the spec places in the body (`start_body`) travel in a form body; the query
/// keeps the rest, and the V1 signature covers both, as Alibaba's gateway computes it.
#[tokio::test]
async fn body_parameters_travel_in_a_signed_form_body() {
    use crate::support::server::decode;
    let server = Server::start(vec![Reply::ok("R-1")]).await;
    let client = builder(&server).build().unwrap();
    let mut params = Params::with_capacity(3);
    params.push("SynchronizationJobId", "dtsf19100l2186****");
    params.start_body();
    params.push(
        "SynchronizationObjects",
        r#"[{"DBName":"db 1","AllTable":true}]"#,
    );
    params.push("Note", "a+b&c=d");
    assert_eq!(params.query_pairs().len(), 1);
    assert_eq!(params.body_pairs().len(), 2);
    client
        .invoke(&START_SYNC, params, CallOptions::new())
        .await
        .unwrap();

    let req = &server.requests()[0];
    assert_eq!(
        req.param("SynchronizationJobId"),
        Some("dtsf19100l2186****")
    );
    assert_eq!(
        req.param("SynchronizationObjects"),
        None,
        "not in the query"
    );
    assert_eq!(
        req.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let body: Vec<(String, String)> = req
        .body
        .split('&')
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect();
    assert_eq!(
        body,
        [
            (
                "SynchronizationObjects".to_owned(),
                r#"[{"DBName":"db 1","AllTable":true}]"#.to_owned()
            ),
            ("Note".to_owned(), "a+b&c=d".to_owned())
        ]
    );
    // The signature is over query and body together.
    let sent = req.param("Signature").unwrap();
    let all = req
        .query
        .iter()
        .filter(|(k, _)| k != "Signature")
        .chain(&body)
        .map(|(k, v)| (k.as_str(), v.as_str()));
    assert_eq!(
        sent,
        dts_client::signing::v1::sign("POST", all, SECRET).signature
    );

    // `presign` shows the same split.
    let mut params = Params::with_capacity(2);
    params.push("SynchronizationJobId", "j");
    params.start_body();
    params.push("SynchronizationObjects", "[]");
    let signed = client
        .presign("ModifySynchronizationObject", params)
        .unwrap();
    assert_eq!(signed.body(), Some("SynchronizationObjects=%5B%5D"));
    assert!(!signed.url().contains("SynchronizationObjects"));
    assert!(signed
        .to_string()
        .ends_with("\n\nSynchronizationObjects=%5B%5D"));
}
