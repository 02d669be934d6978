//! A new page becomes a new method: the entries `dts-codegen import-doc` writes from the
//! markdown pages in `dts-import/tests/markdown/pages` (committed in
//! `dts-import/tests/markdown/spec`; `dts-import`'s `doc_markdown` test checks that the
//! importer still writes exactly them) build into a client with `generate!`, whose methods
//! call the emulator serving the same entries and decode the nested responses.

use std::path::Path;
use std::time::Duration;

use dts_client::retry::RetryConfig;
use dts_client::Credentials;
use dts_emulator::{Emulator, FaultSpec, RunningEmulator};
use dts_spec::SourceFile;

dts_macros::generate!("../dts-import/tests/markdown/spec", module = imported);

const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../dts-import/tests/markdown/spec"
);
const ID: &str = "imported-key-id";
const SECRET: &str = "imported-key-secret";

/// The imported entries, as the emulator serves them.
fn spec() -> dts_spec::Spec {
    let root = Path::new(SPEC);
    let read = |rel: &str| SourceFile {
        path: rel.to_owned(),
        contents: std::fs::read_to_string(root.join(rel)).unwrap(),
    };
    let mut files = vec![read("service.json")];
    let mut names: Vec<String> = std::fs::read_dir(root.join("actions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    files.extend(names.iter().map(|n| read(&format!("actions/{n}"))));
    assert_eq!(names.len(), 4, "{names:?}");
    dts_spec::load_sources(&files)
        .unwrap_or_else(|d| panic!("the imported entries do not load: {d:?}"))
        .spec
}

async fn start() -> (RunningEmulator, imported::Client) {
    let emulator = Emulator::builder()
        .credentials(ID, SECRET)
        .spec(spec())
        .faults(FaultSpec::none())
        .start()
        .await
        .expect("the emulator starts");
    let runtime = dts_client::ClientBuilder::new(&imported::SERVICE)
        .endpoint_url(emulator.url())
        .credentials(Credentials::new(ID, SECRET))
        .retry(RetryConfig::new().with_backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .expect("the client builds");
    (emulator, imported::Client::from(runtime))
}

/// Chinese page: RepeatList `ResourceId.N` and `Tag.N.Key` parameters, and a list of objects
/// inside an object in the response.
#[tokio::test]
async fn list_tag_resources_sends_repeat_lists_and_decodes_three_levels() {
    let (emulator, client) = start().await;
    let out = client
        .list_tag_resources("cn-hangzhou", "ALIYUN::DTS::INSTANCE")
        .resource_id(["dtsntk10k6r12v****"])
        .tag([imported::operation::list_tag_resources::Tag {
            key: Some("testkey1".into()),
            value: Some("testvalue1".into()),
        }])
        .send()
        .await
        .expect("the call succeeds");
    assert!(succeeded(out.raw()), "{:?}", out.raw());
    let tagged = &out
        .tag_resources
        .as_ref()
        .expect("TagResources")
        .tag_resource;
    assert_eq!(tagged.len(), 1);
    assert_eq!(tagged[0].tag_key.as_deref(), Some("testkey1"));
    assert_eq!(tagged[0].resource_id.as_deref(), Some("dtsntk10k6r12v****"));
    assert_eq!(emulator.stats().applied, 1);
    emulator.shutdown().await;
}

/// English page: valid values became an enum, and the response nests three levels
/// (`SynchronizationObjects[].TableExcludes[].TableName`).
#[tokio::test]
async fn describe_synchronization_job_status_decodes_the_sample_tree() {
    let (emulator, client) = start().await;
    let out = client
        .describe_synchronization_job_status("dtsexjk1alb116****")
        .synchronization_direction(
            imported::types::DescribeSynchronizationJobStatusSynchronizationDirection::Forward,
        )
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(out.delay_millis, Some(506));
    let objects = &out.synchronization_objects;
    assert_eq!(objects[0].schema_name.as_deref(), Some("dtstestdatabase"));
    assert_eq!(
        objects[0].table_excludes[0].table_name.as_deref(),
        Some("order")
    );
    let precheck = out.precheck_status.as_ref().expect("PrecheckStatus");
    assert_eq!(
        precheck.detail[0].item_name.as_deref(),
        Some("CHECK_CONN_SRC")
    );
    let source = out.source_endpoint.as_ref().expect("SourceEndpoint");
    assert_eq!(source.port.as_deref(), Some("3306"));
    emulator.shutdown().await;
}

/// A page with an XML sample only, and an older-layout page (no Example column, tree marks,
/// a Java sample): both are methods whose responses decode.
#[tokio::test]
async fn xml_only_and_older_layout_pages_are_methods_too() {
    let (emulator, client) = start().await;
    let keys = client
        .describe_tag_keys()
        .category(imported::types::DescribeTagKeysCategory::Custom)
        .page_size(20)
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(keys.category.as_deref(), Some("Custom"));
    assert_eq!(keys.total_count, Some(10));
    let groups = client
        .describe_consumer_group("dtso5xx5t9u19e****")
        .page_size(30)
        .send()
        .await
        .expect("the call succeeds");
    assert!(groups.request_id.as_deref().is_some_and(|r| !r.is_empty()));
    let channels = groups.consumer_channels.as_ref().expect("ConsumerChannels");
    assert_eq!(channels.describe_consumer_channel.len(), 1);
    emulator.shutdown().await;
}

/// Whether a kept response body says `Success: true` (as a boolean or the string `"true"`).
fn succeeded(raw: &serde_json::Value) -> bool {
    match raw.get("Success") {
        Some(serde_json::Value::Bool(b)) => *b,
        Some(serde_json::Value::String(s)) => s == "true",
        _ => false,
    }
}
