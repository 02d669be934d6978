//! The documented job state rules, driven over HTTP and observed at `/__emulator/jobs`.

mod common;

use common::{call, jobs, ID, SECRET};
use dts_emulator::{Emulator, RunningEmulator};
use serde_json::{json, Value};

const ONEWAY: &str = "dtsl3m1213ye7l1234";
const TWOWAY: &str = "dtsk2w9876twoway01";
const FAILED: &str = "dtsf7a1000failed01";

async fn start() -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap()
}

async fn status(emu: &RunningEmulator, instance_id: &str) -> Value {
    let all = jobs(&emu.url()).await;
    all["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["instance_id"] == instance_id)
        .map(|j| j["status"].clone())
        .unwrap_or(Value::Null)
}

async fn sync_action(
    emu: &RunningEmulator,
    action: &str,
    id: &str,
    direction: Option<&str>,
) -> Value {
    let mut extra = vec![("SynchronizationJobId", id)];
    if let Some(d) = direction {
        extra.push(("SynchronizationDirection", d));
    }
    let a = call(&emu.url(), action, &extra).await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(common::is_request_id(a.body["RequestId"].as_str().unwrap()));
    a.body
}

fn ok_string(body: &Value) {
    assert_eq!(body["Success"], json!("true"), "{body}");
    assert!(body.get("ErrCode").is_none(), "{body}");
}

fn denied_string(body: &Value, code: &str, dynamic: &str) {
    assert_eq!(body["Success"], json!("false"), "{body}");
    assert_eq!(body["ErrCode"], code, "{body}");
    assert_eq!(body["DynamicMessage"], dynamic, "{body}");
}

#[tokio::test]
async fn the_seed_is_observable_in_its_own_shape() {
    let emu = start().await;
    let listed = jobs(&emu.url()).await;
    let mut seeded: Value = serde_json::from_str(common::SEED).unwrap();
    seeded["jobs"][1]["reverse_status"] = json!("NotStarted");
    assert_eq!(listed, seeded);
    assert_eq!(emu.jobs().len(), 4);
}

#[tokio::test]
async fn start_from_not_started_then_again_is_denied() {
    let emu = start().await;
    ok_string(&sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await);
    assert_eq!(status(&emu, ONEWAY).await, "Synchronizing");
    let body = sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await;
    // Documented for ModifyDtsJob: the job's status does not allow the change now.
    denied_string(&body, "OperationDenied.JobStatusModifying", "Synchronizing");
    assert_eq!(
        body["ErrMessage"],
        "jobs state is modifying, please wait sync subtask ends"
    );
    assert_eq!(status(&emu, ONEWAY).await, "Synchronizing");
    let stats = emu.stats();
    assert_eq!((stats.applied, stats.denied), (1, 1));
}

#[tokio::test]
async fn start_from_failed_is_allowed() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "StartSynchronizationJob",
        &[("SynchronizationJobId", FAILED), ("RegionId", "cn-beijing")],
    )
    .await;
    ok_string(&a.body);
    assert_eq!(status(&emu, FAILED).await, "Synchronizing");
}

#[tokio::test]
async fn suspend_only_from_synchronizing_and_start_resumes() {
    let emu = start().await;
    let body = sync_action(&emu, "SuspendSynchronizationJob", ONEWAY, None).await;
    denied_string(&body, "OperationDenied.JobStatusModifying", "NotStarted");
    assert_eq!(status(&emu, ONEWAY).await, "NotStarted");
    ok_string(&sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await);
    ok_string(&sync_action(&emu, "SuspendSynchronizationJob", ONEWAY, None).await);
    assert_eq!(status(&emu, ONEWAY).await, "Suspending");
    ok_string(&sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await);
    assert_eq!(status(&emu, ONEWAY).await, "Synchronizing");
}

#[tokio::test]
async fn reverse_is_refused_on_a_one_way_job() {
    let emu = start().await;
    let body = sync_action(&emu, "StartSynchronizationJob", ONEWAY, Some("Reverse")).await;
    // A one-way job has no reverse direction: the direction's value is not valid for it.
    denied_string(&body, "InvalidParameter", "SynchronizationDirection");
    assert_eq!(
        body["ErrMessage"],
        "The Value of Input Parameter %s is not valid."
    );
    assert_eq!(status(&emu, ONEWAY).await, "NotStarted");
}

#[tokio::test]
async fn a_two_way_job_keeps_a_status_per_direction() {
    let emu = start().await;
    ok_string(&sync_action(&emu, "StartSynchronizationJob", TWOWAY, Some("Reverse")).await);
    ok_string(&sync_action(&emu, "SuspendSynchronizationJob", TWOWAY, Some("Forward")).await);
    let listed = jobs(&emu.url()).await;
    let job = &listed["jobs"][1];
    assert_eq!(
        (job["status"].as_str(), job["reverse_status"].as_str()),
        (Some("Suspending"), Some("Synchronizing"))
    );
    // A value outside the documented ones is refused by the gateway before the action runs.
    let a = call(
        &emu.url(),
        "StartSynchronizationJob",
        &[
            ("SynchronizationJobId", TWOWAY),
            ("SynchronizationDirection", "Sideways"),
        ],
    )
    .await;
    assert_eq!(
        (a.status, a.code()),
        (400, "InvalidParameter"),
        "{}",
        a.body
    );
    assert_eq!(
        a.message(),
        "The specified parameter \"SynchronizationDirection\" is not valid."
    );
}

#[tokio::test]
async fn reset_synchronization_job_releases_the_configuration() {
    let emu = start().await;
    ok_string(&sync_action(&emu, "ResetSynchronizationJob", ONEWAY, None).await);
    assert_eq!(status(&emu, ONEWAY).await, "NotConfigured");
    let body = sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await;
    // Documented for ModifyDtsJob: the task must be configured first.
    denied_string(&body, "CheckStatus.InvalidInitStatus", "NotConfigured");
}

#[tokio::test]
async fn dts_job_actions_answer_boolean_success_and_numeric_status() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "ResetDtsJob",
        &[("DtsJobId", "l3m1213ye7l1234"), ("DtsInstanceId", ONEWAY)],
    )
    .await;
    assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    assert_eq!(a.body["HttpStatusCode"], json!(200));
    assert!(a.body.get("ErrCode").is_none());
    assert_eq!(status(&emu, ONEWAY).await, "NotConfigured");

    let a = call(&emu.url(), "ResetDtsJob", &[("DtsJobId", "nope")]).await;
    assert_eq!(a.status, 200);
    assert_eq!(a.body["Success"], json!(false));
    assert_eq!(a.body["HttpStatusCode"], json!(400));
    assert_eq!(a.body["ErrCode"], "InvalidParameter");
    assert_eq!(
        a.body["ErrMessage"],
        "The Value of Input Parameter %s is not valid."
    );
    assert_eq!(a.body["DynamicMessage"], "DtsJobId");
}

#[tokio::test]
async fn delete_removes_the_job() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "DeleteDtsJob",
        &[("DtsJobId", "l3m1213ye7l1234")],
    )
    .await;
    assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    assert_eq!(status(&emu, ONEWAY).await, Value::Null);
    assert_eq!(emu.jobs().len(), 3);
    let a = call(
        &emu.url(),
        "DeleteDtsJob",
        &[("DtsJobId", "l3m1213ye7l1234")],
    )
    .await;
    assert_eq!(a.body["Success"], json!(false));
    let body = sync_action(&emu, "StartSynchronizationJob", ONEWAY, None).await;
    denied_string(&body, "InvalidParameter", "SynchronizationJobId");
}

#[tokio::test]
async fn delete_reverse_keeps_the_forward_direction() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "DeleteDtsJob",
        &[
            ("DtsJobId", "k2w9876twoway01"),
            ("SynchronizationDirection", "Reverse"),
        ],
    )
    .await;
    assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    let listed = jobs(&emu.url()).await;
    assert_eq!(listed["jobs"][1]["topology"], "oneway");
    assert!(listed["jobs"][1].get("reverse_status").is_none());
    let a = call(
        &emu.url(),
        "DeleteDtsJob",
        &[
            ("DtsJobId", "l3m1213ye7l1234"),
            ("SynchronizationDirection", "Reverse"),
        ],
    )
    .await;
    assert_eq!(a.body["ErrCode"], "InvalidParameter");
    assert_eq!(a.body["DynamicMessage"], "SynchronizationDirection");
    assert_eq!(a.body["HttpStatusCode"], json!(400));
    assert_eq!(emu.jobs().len(), 4);
}

#[tokio::test]
async fn unknown_ids_wrong_kind_and_wrong_region_are_invalid_parameters() {
    let emu = start().await;
    for (id, region) in [
        ("dtsunknown", None),
        ("dtsm1g2000migrate1", None),
        (ONEWAY, Some("cn-beijing")),
    ] {
        let mut extra = vec![("SynchronizationJobId", id)];
        if let Some(r) = region {
            extra.push(("RegionId", r));
        }
        let a = call(&emu.url(), "StartSynchronizationJob", &extra).await;
        assert_eq!(a.status, 200);
        denied_string(&a.body, "InvalidParameter", "SynchronizationJobId");
        assert_eq!(
            a.body["ErrMessage"],
            "The Value of Input Parameter %s is not valid."
        );
    }
    let a = call(
        &emu.url(),
        "DeleteDtsJob",
        &[
            ("DtsJobId", "l3m1213ye7l1234"),
            ("DtsInstanceId", "dtsother"),
        ],
    )
    .await;
    assert_eq!(a.body["DynamicMessage"], "DtsInstanceId");
    assert_eq!(emu.jobs().len(), 4);
    assert_eq!(emu.stats().denied, 4);
}
