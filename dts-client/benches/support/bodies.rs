//! Response bodies for the decode benchmarks.

use serde_json::{json, Value};

/// What the emulator answers to `StartSynchronizationJob`: the typical small body.
pub fn small() -> Vec<u8> {
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    let action = spec
        .actions
        .iter()
        .find(|a| a.name == "StartSynchronizationJob")
        .expect("the bundled spec has StartSynchronizationJob");
    let body = dts_emulator::default_response(action, "2C3E5C8B-2F5A-4E4B-9C43-31B5C1A2****");
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

/// A `DescribeDtsJobs`-shaped body listing `jobs` jobs, each with the nested objects and
/// arrays the documentation shows (endpoints, statuses, migration mode, precheck details,
/// tags): about 2 KB per job.
pub fn large(jobs: usize) -> Vec<u8> {
    let list: Vec<Value> = (0..jobs).map(job).collect();
    let body = json!({
        "HttpStatusCode": 200,
        "RequestId": "621BB4F8-3016-4FAA-8D5A-5D3163CC****",
        "Success": true,
        "PageRecordCount": jobs,
        "TotalRecordCount": jobs,
        "PageNumber": 1,
        "DtsJobList": list,
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

fn endpoint(instance: &str) -> Value {
    json!({
        "SslSolutionEnum": "DISABLE", "OracleSID": "", "Region": "cn-hangzhou",
        "DatabaseName": "dtstestdata", "Ip": "172.16.88.***", "InstanceID": instance,
        "Port": "3306", "InstanceType": "RDS", "UserName": "dtstest", "EngineName": "MySQL"
    })
}

fn status(percent: u64) -> Value {
    json!({"Status": "Finished", "Percent": percent.to_string(), "Progress": "44755",
           "ErrorMessage": "", "NeedUpgrade": false})
}

fn job(i: usize) -> Value {
    let id = format!("i03e3zty{i:06}");
    json!({
        "DtsJobId": id, "DtsInstanceID": format!("dts{id}"), "DtsJobName": format!("job-{i}"),
        "Status": "Synchronizing", "DtsJobDirection": "Forward", "DtsJobClass": "large",
        "PayType": "PostPaid", "Delay": i % 7, "ErrorMessage": "",
        "CreateTime": "2021-03-16T08:01:19Z", "ExpireTime": "2022-03-16T08:01:19Z",
        "BeginTimestamp": "2021-03-15T08:25:34Z", "EndTimestamp": "", "Checkpoint": "1616899019",
        "DbObject": r#"{"dtstestdata":{"name":"dtstestdata","all":true}}"#,
        "Reserved": r#"{"srcHostPorts":"","whitelist.dms.online.ddl.enable":"false"}"#,
        "SourceEndpoint": endpoint("rm-bp1imrtn6fq7h****"),
        "DestinationEndpoint": endpoint("rm-bp1162kryivb8****"),
        "DataInitializationStatus": status(100),
        "DataSynchronizationStatus": status(95),
        "StructureInitializationStatus": status(100),
        "MigrationMode": {"DataInitialization": true, "DataSynchronization": true,
                          "StructureInitialization": true},
        "Performance": {"Rps": "100", "Flow": "1"},
        "PrecheckStatus": {
            "Status": "Finished", "Percent": "100", "ErrorMessage": "",
            "Detail": (0..3).map(|k| json!({
                "CheckItem": format!("CHECK_CONN_SRC_{k}"), "CheckResult": "Success",
                "CheckItemDescription": "CHECK_CONN_SRC_DETAIL", "FailedReason": "",
                "RepairMethod": ""
            })).collect::<Vec<_>>()
        },
        "TagList": [{"TagKey": "team", "TagValue": "data"}, {"TagKey": "env", "TagValue": "prod"}]
    })
}
