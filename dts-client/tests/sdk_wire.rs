//! Wire parity with Alibaba's official Python SDK (`alibabacloud-dts20200101`): for a sample of
//! actions covering every encoding the catalog uses (flat scalars of every type, repeat lists of
//! scalars and of objects, flattened objects, JSON strings in the query and in a form body), the
//! SDK (`scripts/sdk_wire.py`) and the typed client send the same values to capture servers on
//! 127.0.0.1, and this test compares what arrived: the HTTP method and every name/value pair with
//! its placement (query string or form body).
//!
//! Left out of the comparison: `Signature`, `SignatureNonce` and `Timestamp`, which differ on
//! every request by design. One normalisation: the Python SDK writes booleans as `True`/`False`
//! (Python's `str(bool)`); its Go and Java twins and the documentation write `true`/`false`, as
//! the client does, so the SDK's `True`/`False` are compared lower-cased. And the common
//! parameter `Format` is compared without case: the Python SDK writes `json`, the client `JSON`
//! (the service reads either; the official signers' vectors carry both spellings of the
//! format, `json` and `XML`). Nothing else is normalised: numbers, JSON strings and
//! percent-decoding must agree as sent. The sample's floating-point values are not whole
//! numbers on purpose: for a whole `Double` the Python SDK writes `16.0` and the client `16`,
//! the same number to the service but not the same characters.
//!
//! Run with the interpreter of a virtual environment that has the SDK:
//! `DTS_PYTHON=/path/to/venv/bin/python cargo test -p dts-client --test sdk_wire -- --ignored`.

#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use dts_client::operation::configure_migration_job::ConfigureMigrationJobRequired;
use dts_client::types::SynchronizationDirection;
use dts_client::{Client, Credentials};
use serde_json::{json, Value};
use support::{Recorded, Reply, Server};

const ID: &str = "wire-parity-id";
const SECRET: &str = "wire-parity-secret";
const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scripts/sdk_wire.py");

/// Pairs that differ on every request, whoever sends it.
const PER_REQUEST: &[&str] = &["Signature", "SignatureNonce", "Timestamp"];

/// The calls, with their values as the wire names them; `typed_calls` sends the same.
fn calls() -> Value {
    json!([
        {"action": "CreateDtsInstance", "params": {
            "JobId": "dtsjob01", "InstanceClass": "small", "PayType": "PostPaid", "Period": "Month",
            "SyncArchitecture": "oneway", "AutoStart": true, "UsedTime": 3, "Quantity": 1,
            "AutoPay": false, "Type": "SYNC", "DatabaseCount": 2, "SourceRegion": "cn-hangzhou",
            "DestinationRegion": "cn-beijing", "SourceEndpointEngineName": "MySQL",
            "DestinationEndpointEngineName": "PolarDB", "ComputeUnit": 4, "RegionId": "cn-hangzhou",
            "FeeType": "ONLY_CONFIGURATION_FEE", "Du": 8, "ResourceGroupId": "rg-acfm",
            "MinDu": 1.5, "MaxDu": 16.25, "DtsRegion": "cn-hangzhou", "InsightModule": true}},
        {"action": "TagResources", "params": {
            "RegionId": "cn-hangzhou", "ResourceType": "ALIYUN::DTS::INSTANCE",
            "ResourceId": ["dtsa 1", "dtsb*2"],
            "Tag": [{"Key": "env", "Value": "a+b"}, {"Key": "team", "Value": "x/y=z&w"}],
            "ResourceGroupId": "rg-acfm"}},
        {"action": "ConfigureMigrationJob", "params": {
            "MigrationJobId": "dtsmig01", "MigrationJobName": "name with spaces",
            "SourceEndpoint": {"InstanceType": "RDS", "InstanceID": "rm-1", "Port": "3306",
                               "UserName": "u", "Password": "p@ss"},
            "DestinationEndpoint": {"InstanceType": "PolarDB", "DataBaseName": "d1"},
            "MigrationMode": {"StructureIntialization": true, "DataIntialization": false,
                              "DataSynchronization": true},
            "MigrationObject": "[{\"DBName\":\"db1\",\"AllTable\":true}]",
            "RegionId": "cn-hangzhou", "Checkpoint": "1610540493"}},
        {"action": "ModifyDtsJob", "params": {
            "DtsInstanceId": "dtsinst01", "DtsJobId": "job01", "RegionId": "cn-hangzhou",
            "SynchronizationDirection": "Reverse", "StructureInitialization": true,
            "DataSynchronization": false,
            "DbList": {"dtstestdata": {"all": true, "name": "dtstestdata"}}}},
        {"action": "DescribeSubscriptionMeta", "params": {
            "Sid": "sid01", "SubMigrationJobIds": ["sub1", "sub2"], "Topics": ["t1"],
            "DtsInstanceId": "dtsinst01", "RegionId": "cn-hangzhou"}},
        {"action": "ModifyDtsJobEndpoint", "params": {
            "Endpoint": "src", "EndpointInstanceType": "EXPRESS", "DtsJobId": "job01",
            "EndpointVpcId": "vpc-01", "EndpointPrimaryVswId": "vsw-01",
            "EndpointSecondaryVswId": "vsw-02", "ModifyAccount": false}},
        {"action": "DescribeDtsJobDetail", "params": {
            "DtsJobId": "job01", "DbObjectOutputType": "list", "SyncSubJobHistory": true}},
        {"action": "TransferInstanceClass", "params": {
            "OrderType": "UPGRADE", "InstanceClass": "large", "DtsJobId": "job01",
            "DatabaseCount": 3}},
        {"action": "ModifyDtsJobDuLimit", "params": {"DtsJobId": "job01", "DuLimit": 30}},
        {"action": "CountJobByCondition", "params": {
            "Region": "cn-hangzhou", "RegionId": "cn-hangzhou", "JobType": "SYNC"}},
        {"action": "ModifyDtsJobConfig", "params": {
            "DtsJobId": "job01", "Parameters": "[{\"module\":\"07\",\"name\":\"sink.batch\",\"value\":1}]"}},
        {"action": "ModifyDtsJobDedicatedCluster", "params": {
            "DtsJobIds": "job01,job02", "DedicatedClusterId": "dtscluster01"}},
    ])
}

/// The same calls through the typed client, in the same order.
async fn typed_calls(client: &Client) {
    client
        .create_dts_instance()
        .job_id("dtsjob01")
        .instance_class("small")
        .pay_type("PostPaid")
        .period("Month")
        .sync_architecture("oneway")
        .auto_start(true)
        .used_time(3)
        .quantity(1)
        .auto_pay(false)
        .r#type("SYNC")
        .database_count(2)
        .source_region("cn-hangzhou")
        .destination_region("cn-beijing")
        .source_endpoint_engine_name("MySQL")
        .destination_endpoint_engine_name("PolarDB")
        .compute_unit(4)
        .region_id("cn-hangzhou")
        .fee_type("ONLY_CONFIGURATION_FEE")
        .du(8)
        .resource_group_id("rg-acfm")
        .min_du(1.5)
        .max_du(16.25)
        .dts_region("cn-hangzhou")
        .insight_module(true)
        .send()
        .await
        .expect("CreateDtsInstance");
    let tag = |key: &str, value: &str| dts_client::operation::tag_resources::Tag {
        key: Some(key.into()),
        value: Some(value.into()),
    };
    let tags = [tag("env", "a+b"), tag("team", "x/y=z&w")];
    client
        .tag_resources("cn-hangzhou", ["dtsa 1", "dtsb*2"], tags)
        .resource_type("ALIYUN::DTS::INSTANCE")
        .resource_group_id("rg-acfm")
        .send()
        .await
        .expect("TagResources");
    client
        .configure_migration_job(ConfigureMigrationJobRequired {
            migration_job_id: "dtsmig01".into(),
            migration_job_name: "name with spaces".into(),
            source_endpoint_instance_type: "RDS".into(),
            destination_endpoint_instance_type: "PolarDB".into(),
            migration_mode_structure_intialization: true,
            migration_mode_data_intialization: false,
            migration_mode_data_synchronization: true,
            migration_object: "[{\"DBName\":\"db1\",\"AllTable\":true}]".into(),
        })
        .source_endpoint_instance_id("rm-1")
        .source_endpoint_port("3306")
        .source_endpoint_user_name("u")
        .source_endpoint_password("p@ss")
        .destination_endpoint_data_base_name("d1")
        .region_id("cn-hangzhou")
        .checkpoint("1610540493")
        .send()
        .await
        .expect("ConfigureMigrationJob");
    client
        .modify_dts_job("dtsinst01")
        .dts_job_id("job01")
        .region_id("cn-hangzhou")
        .synchronization_direction(SynchronizationDirection::Reverse)
        .structure_initialization(true)
        .data_synchronization(false)
        .db_list(json!({"dtstestdata": {"all": true, "name": "dtstestdata"}}))
        .send()
        .await
        .expect("ModifyDtsJob");
    client
        .describe_subscription_meta("sid01")
        .sub_migration_job_ids(json!(["sub1", "sub2"]))
        .topics(json!(["t1"]))
        .dts_instance_id("dtsinst01")
        .region_id("cn-hangzhou")
        .send()
        .await
        .expect("DescribeSubscriptionMeta");
    client
        .modify_dts_job_endpoint("src", "EXPRESS")
        .dts_job_id("job01")
        .endpoint_vpc_id("vpc-01")
        .endpoint_primary_vsw_id("vsw-01")
        .endpoint_secondary_vsw_id("vsw-02")
        .modify_account(false)
        .send()
        .await
        .expect("ModifyDtsJobEndpoint");
    client
        .describe_dts_job_detail()
        .dts_job_id("job01")
        .db_object_output_type("list")
        .sync_sub_job_history(true)
        .send()
        .await
        .expect("DescribeDtsJobDetail");
    client
        .transfer_instance_class("UPGRADE", "large", "job01")
        .database_count(3)
        .send()
        .await
        .expect("TransferInstanceClass");
    client
        .modify_dts_job_du_limit("job01", 30)
        .send()
        .await
        .expect("ModifyDtsJobDuLimit");
    client
        .count_job_by_condition("cn-hangzhou", "cn-hangzhou")
        .job_type("SYNC")
        .send()
        .await
        .expect("CountJobByCondition");
    client
        .modify_dts_job_config()
        .dts_job_id("job01")
        .parameters("[{\"module\":\"07\",\"name\":\"sink.batch\",\"value\":1}]")
        .send()
        .await
        .expect("ModifyDtsJobConfig");
    client
        .modify_dts_job_dedicated_cluster()
        .dts_job_ids("job01,job02")
        .dedicated_cluster_id("dtscluster01")
        .send()
        .await
        .expect("ModifyDtsJobDedicatedCluster");
}

/// Form-urlencoded decoding: `+` is a space (the Python SDK writes spaces as `+`, the client as
/// `%20`; a literal `+` is `%2B` from both).
fn form_decode(s: &str) -> String {
    support::server::decode(&s.replace('+', " "))
}

fn form_pairs(s: &str) -> Vec<(String, String)> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect()
}

/// What one request carried: its method and its `(placement, name, value)` triples.
#[derive(Debug, PartialEq)]
struct Wire {
    action: String,
    method: String,
    pairs: BTreeSet<(&'static str, String, String)>,
}

fn wire(req: &Recorded, python: bool) -> Wire {
    let mut pairs = BTreeSet::new();
    let placed = [
        ("query", form_pairs(&req.raw_query)),
        ("body", form_pairs(&req.body)),
    ];
    for (placement, list) in placed {
        for (name, value) in list {
            if PER_REQUEST.contains(&name.as_str()) {
                continue;
            }
            let value = match value.as_str() {
                "True" | "False" if python => value.to_ascii_lowercase(),
                _ if name == "Format" => value.to_ascii_lowercase(),
                _ => value,
            };
            assert!(
                pairs.insert((placement, name.clone(), value)),
                "{name} sent twice"
            );
        }
    }
    let action = pairs
        .iter()
        .find(|(_, k, _)| k == "Action")
        .map(|(_, _, v)| v.clone())
        .unwrap_or_default();
    Wire {
        action,
        method: req.method.clone(),
        pairs,
    }
}

fn python() -> String {
    std::env::var("DTS_PYTHON").expect(
        "DTS_PYTHON is not set: point it to a python with alibabacloud-dts20200101 installed",
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the official Python SDK: set DTS_PYTHON to a python with alibabacloud-dts20200101 and run with --ignored"]
async fn the_official_sdk_and_the_typed_client_send_the_same_pairs() {
    let calls = calls();
    let count = calls.as_array().unwrap().len();
    let replies = || (0..count).map(|i| Reply::ok(&format!("req-{i}"))).collect();

    let sdk_server = Server::start(replies()).await;
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let calls_file = dir.join(format!("sdk-wire-calls-{}.json", std::process::id()));
    std::fs::write(&calls_file, calls.to_string()).unwrap();
    let url = sdk_server.url();
    let file = calls_file.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python())
            .arg(SCRIPT)
            .arg(&url)
            .args([ID, SECRET])
            .arg(&file)
            .output()
            .expect("run DTS_PYTHON")
    })
    .await
    .unwrap();
    let _ = std::fs::remove_file(&calls_file);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "sdk_wire.py failed:\n{stdout}{stderr}"
    );
    assert_eq!(stdout.lines().count(), count, "{stdout}");

    let client_server = Server::start(replies()).await;
    let client = Client::builder()
        .endpoint_url(client_server.url())
        .credentials(Credentials::new(ID, SECRET))
        .build()
        .unwrap();
    typed_calls(&client).await;

    let theirs: Vec<Wire> = sdk_server
        .requests()
        .iter()
        .map(|r| wire(r, true))
        .collect();
    let ours: Vec<Wire> = client_server
        .requests()
        .iter()
        .map(|r| wire(r, false))
        .collect();
    assert_eq!(theirs.len(), count);
    assert_eq!(ours.len(), count);
    let mut compared = 0;
    for (call, (t, o)) in calls
        .as_array()
        .unwrap()
        .iter()
        .zip(theirs.iter().zip(&ours))
    {
        assert_eq!(
            t.action, call["action"],
            "the SDK's requests are in call order"
        );
        assert_eq!(
            o.action, t.action,
            "the client's requests are in call order"
        );
        assert_eq!(o.method, t.method, "{}: method", t.action);
        let only_sdk: Vec<_> = t.pairs.difference(&o.pairs).collect();
        let only_client: Vec<_> = o.pairs.difference(&t.pairs).collect();
        assert!(
            only_sdk.is_empty() && only_client.is_empty(),
            "{}: only the SDK sent {only_sdk:?}; only the client sent {only_client:?}",
            t.action
        );
        compared += t.pairs.len();
    }
    // Every call is POST, as every official SDK sends; the sample reached the body and the
    // indexed, dotted and JSON encodings.
    assert!(ours.iter().all(|w| w.method == "POST"));
    let names: BTreeSet<&str> = ours
        .iter()
        .flat_map(|w| {
            w.pairs
                .iter()
                .map(|(p, k, _)| if *p == "body" { "<body>" } else { k.as_str() })
        })
        .collect();
    for name in [
        "Tag.2.Value",
        "ResourceId.2",
        "SourceEndpoint.Port",
        "MigrationMode.DataIntialization",
        "Topics",
        "<body>",
        "InsightModule",
        "EndpointVpcId",
        "DbObjectOutputType",
        "DatabaseCount",
    ] {
        assert!(names.contains(name), "the sample sends no {name}");
    }
    assert!(compared > 100, "{compared} pairs compared");
}
