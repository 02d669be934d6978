//! The store behind the modelled actions, over HTTP: views by either id, older APIs, tags with
//! `NextToken`, XML answers, unmodelled actions, the admin clock and failures, faults after
//! the action is applied, callers kept apart.

mod common;

use common::{call, jobs, ID, SECRET};
use dts_emulator::{
    Emulator, FaultSpec, JobStatus, ManualClock, RunningEmulator, Timing, UNMODELLED_HEADER,
};
use serde_json::{json, Value};

const JOB: &str = "l3m1213ye7l1234";
const INSTANCE: &str = "dtsl3m1213ye7l1234";
const MIGRATION: &str = "dtsm1g2000migrate1";

async fn start() -> RunningEmulator {
    Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap()
}

/// A signed call whose `Format` is `format`.
fn with_format(action: &str, format: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut params = common::common(action, ID);
    for (k, v) in &mut params {
        if k == "Format" {
            *v = format.to_owned();
        }
    }
    params.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    common::sign("POST", params, SECRET)
}

async fn raw_post(url: &str, params: &[(String, String)]) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{url}/?{}", common::encode(params)))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_job_is_described_by_its_instance_id_alone_and_unknown_ids_are_invalid_job_ids() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "DescribeDtsJobDetail",
        &[("DtsInstanceID", INSTANCE)],
    )
    .await;
    assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    assert_eq!(a.body["DtsJobId"], JOB);
    assert_eq!(a.body["DtsInstanceID"], INSTANCE);
    assert_eq!(a.body["Status"], "NotStarted");
    let a = call(
        &emu.url(),
        "DescribeDtsJobDetail",
        &[("DtsJobId", "gone00000000000")],
    )
    .await;
    assert_eq!(a.body["Success"], json!(false));
    assert_eq!(a.body["ErrCode"], "InvalidJobId");
    assert_eq!(
        a.body["ErrMessage"],
        "The specified dts job id %s is not exists."
    );
    assert_eq!(a.body["DynamicMessage"], "gone00000000000");
    // Both ids given must name the same job.
    let a = call(
        &emu.url(),
        "DescribeDtsJobDetail",
        &[("DtsJobId", JOB), ("DtsInstanceID", MIGRATION)],
    )
    .await;
    assert_eq!(a.body["ErrCode"], "InvalidJobId");
}

#[tokio::test]
async fn the_older_apis_are_views_of_the_same_jobs() {
    let emu = start().await;
    let a = call(
        &emu.url(),
        "StartMigrationJob",
        &[("MigrationJobId", MIGRATION)],
    )
    .await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
    let a = call(
        &emu.url(),
        "DescribeMigrationJobStatus",
        &[("MigrationJobId", MIGRATION)],
    )
    .await;
    assert_eq!(a.body["MigrationJobStatus"], "Migrating", "{}", a.body);
    let a = call(&emu.url(), "DescribeDtsJobs", &[("JobType", "MIGRATION")]).await;
    assert_eq!(a.body["TotalRecordCount"], json!(1), "{}", a.body);
    assert_eq!(a.body["DtsJobList"][0]["Status"], "Migrating");
    // A synchronization id is not a migration job.
    let a = call(
        &emu.url(),
        "StartMigrationJob",
        &[("MigrationJobId", INSTANCE)],
    )
    .await;
    assert_eq!(a.body["ErrCode"], "InvalidParameter");
    assert_eq!(a.body["DynamicMessage"], "MigrationJobId");
    let a = call(
        &emu.url(),
        "DeleteSynchronizationJob",
        &[("SynchronizationJobId", INSTANCE)],
    )
    .await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
    let a = call(&emu.url(), "StartDtsJob", &[("DtsJobId", JOB)]).await;
    assert_eq!(
        a.body["DynamicMessage"], "DtsJobId",
        "deleted through the old API"
    );
    assert_eq!(emu.jobs().len(), 3);
}

#[tokio::test]
async fn list_tag_resources_pages_with_a_token_only_while_more_follow() {
    let emu = start().await;
    for (instance, prefix) in [(INSTANCE, "a"), (MIGRATION, "b")] {
        let mut extra = vec![
            ("RegionId".to_owned(), "cn-hangzhou".to_owned()),
            (
                "ResourceType".to_owned(),
                "ALIYUN::DTS::INSTANCE".to_owned(),
            ),
            ("ResourceId.1".to_owned(), instance.to_owned()),
        ];
        for i in 1..=13 {
            extra.push((format!("Tag.{i}.Key"), format!("{prefix}{i:02}")));
            extra.push((format!("Tag.{i}.Value"), format!("v{i}")));
        }
        let extra: Vec<(&str, &str)> = extra
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let a = call(&emu.url(), "TagResources", &extra).await;
        assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    }
    let list = [
        ("RegionId", "cn-hangzhou"),
        ("ResourceType", "ALIYUN::DTS::INSTANCE"),
    ];
    let a = call(&emu.url(), "ListTagResources", &list).await;
    let first = a.body["TagResources"]["TagResource"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(first.len(), 20);
    assert_eq!(first[0]["ResourceId"], INSTANCE);
    assert_eq!(
        (first[0]["TagKey"].as_str(), first[0]["TagValue"].as_str()),
        (Some("a01"), Some("v1"))
    );
    let token = a.body["NextToken"].as_str().unwrap().to_owned();
    let mut next = list.to_vec();
    next.push(("NextToken", &token));
    let a = call(&emu.url(), "ListTagResources", &next).await;
    assert_eq!(
        a.body["TagResources"]["TagResource"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert!(a.body.get("NextToken").is_none(), "{}", a.body);
    let stored = jobs(&emu.url()).await;
    assert_eq!(stored["jobs"][0]["tags"]["a13"], "v13");
    let a = call(
        &emu.url(),
        "UntagResources",
        &[
            ("RegionId", "cn-hangzhou"),
            ("ResourceId.1", INSTANCE),
            ("All", "true"),
        ],
    )
    .await;
    assert_eq!(a.body["Success"], json!(true), "{}", a.body);
    assert!(jobs(&emu.url()).await["jobs"][0].get("tags").is_none());
}

#[tokio::test]
async fn format_xml_answers_xml() {
    let emu = start().await;
    let resp = raw_post(&emu.url(), &with_format("DescribeDtsJobs", "XML", &[])).await;
    assert_eq!(resp.status(), 200);
    let kind = resp.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(kind.starts_with("application/xml"), "{kind}");
    let text = resp.text().await.unwrap();
    assert!(text.contains("<DescribeDtsJobsResponse>"), "{text}");
    let body = common::xml_to_json(&text).unwrap();
    assert_eq!(body["TotalRecordCount"], "4");
    assert_eq!(body["DtsJobList"].as_array().unwrap().len(), 4);
    let mut params = with_format("DescribeDtsJobs", "XML", &[]);
    params.retain(|(k, _)| k != "Signature");
    params.push(("Signature".to_owned(), "bad".to_owned()));
    let text = raw_post(&emu.url(), &params).await.text().await.unwrap();
    let error = common::xml_to_json(&text).unwrap();
    assert_eq!(error["Code"], "SignatureDoesNotMatch", "{text}");
}

#[tokio::test]
async fn unmodelled_actions_say_so_and_strict_refuses_them() {
    let emu = start().await;
    let sample = raw_post(&emu.url(), &with_format("DescribeTagKeys", "JSON", &[])).await;
    assert_eq!(sample.status(), 200);
    assert_eq!(sample.headers()[UNMODELLED_HEADER], "DescribeTagKeys");
    let modelled = raw_post(&emu.url(), &with_format("DescribeDtsJobs", "JSON", &[])).await;
    assert!(modelled.headers().get(UNMODELLED_HEADER).is_none());
    let listed: Value = reqwest::get(format!("{}/__emulator/actions", emu.url()))
        .await
        .unwrap()
        .text()
        .await
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    let names: Vec<&str> = listed["modelled"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(names.contains(&"StartDtsJob") && !names.contains(&"DescribeTagKeys"));
    assert_eq!(names, emu.modelled_actions());

    let strict = Emulator::builder()
        .credentials(ID, SECRET)
        .strict(true)
        .start()
        .await
        .unwrap();
    let a = call(&strict.url(), "DescribeTagKeys", &[]).await;
    assert_eq!((a.status, a.code()), (501, "Emulator.NotModelled"));
    let a = call(&strict.url(), "DescribeDtsJobs", &[]).await;
    assert_eq!(a.status, 200, "{}", a.body);
}

#[tokio::test]
async fn the_admin_clock_steps_a_run_and_a_phase_can_be_made_to_fail() {
    let emu = Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(common::SEED)
        .clock(ManualClock::new(std::time::SystemTime::now()))
        .timing(Timing::realistic())
        .start()
        .await
        .unwrap();
    let admin = reqwest::Client::new();
    let post = |path: String| {
        admin
            .post(format!("{}/__emulator/{path}", emu.url()))
            .send()
    };
    let r = post(format!("fail?job={JOB}&phase=Initializing"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        post("fail?job=nope&phase=Initializing".into())
            .await
            .unwrap()
            .status(),
        404
    );
    assert_eq!(
        post("fail?job=x&phase=Later".into())
            .await
            .unwrap()
            .status(),
        400
    );
    let a = call(
        &emu.url(),
        "StartSynchronizationJob",
        &[("SynchronizationJobId", INSTANCE)],
    )
    .await;
    assert_eq!(a.body["Success"], "true", "{}", a.body);
    let status = || async {
        let a = call(
            &emu.url(),
            "DescribeSynchronizationJobStatus",
            &[("SynchronizationJobId", INSTANCE)],
        )
        .await;
        a.body["Status"].as_str().unwrap().to_owned()
    };
    assert_eq!(status().await, "Prechecking");
    assert_eq!(post("clock?advance=1s".into()).await.unwrap().status(), 200);
    assert_eq!(status().await, "Initializing");
    assert_eq!(
        post("clock?advance=soon".into()).await.unwrap().status(),
        400
    );
    post("clock?advance=1s".into()).await.unwrap();
    assert_eq!(status().await, "InitializeFailed");
    assert_eq!(emu.jobs()[0].status, JobStatus::InitializeFailed);
}

#[tokio::test]
async fn faults_after_apply_change_the_store_and_lose_the_answer() {
    for (faults, dropped) in [("drop_after=1", true), ("fail_after=1", false)] {
        let emu = Emulator::builder()
            .credentials(ID, SECRET)
            .seed_json(common::SEED)
            .faults(faults.parse::<FaultSpec>().unwrap())
            .start()
            .await
            .unwrap();
        let params = common::signed(
            "POST",
            "StartSynchronizationJob",
            &[("SynchronizationJobId", INSTANCE)],
        );
        let sent = reqwest::Client::new()
            .post(format!("{}/?{}", emu.url(), common::encode(&params)))
            .send()
            .await;
        match sent {
            Err(e) => assert!(dropped, "{faults}: {e}"),
            Ok(resp) => {
                assert!(!dropped, "{faults}: answered {}", resp.status());
                assert_eq!(resp.status(), 500);
                let body: Value = serde_json::from_str(&resp.text().await.unwrap()).unwrap();
                assert_eq!(body["Code"], "InternalError");
            }
        }
        assert_eq!(
            emu.jobs()[0].status,
            JobStatus::Synchronizing,
            "{faults}: applied"
        );
        assert_eq!(emu.stats().applied, 1);
    }
}

#[tokio::test]
async fn callers_see_only_their_own_instances_and_the_seed() {
    let emu = Emulator::builder()
        .credentials(ID, SECRET)
        .credentials("other-id", "other-secret")
        .seed_json(common::SEED)
        .start()
        .await
        .unwrap();
    let a = call(&emu.url(), "CreateDtsInstance", &[("Type", "SUBSCRIBE")]).await;
    let instance = a.body["InstanceId"].as_str().unwrap().to_owned();
    let job = a.body["JobId"].as_str().unwrap().to_owned();
    assert_eq!(instance, format!("dts{job}"));
    let mut params = common::common("DescribeDtsJobs", "other-id");
    params.push(("JobType".into(), "SUBSCRIBE".into()));
    let other = common::post_query(&emu.url(), &common::sign("POST", params, "other-secret")).await;
    assert_eq!(other.body["TotalRecordCount"], json!(0), "{}", other.body);
    let mine = call(&emu.url(), "DescribeDtsJobs", &[("JobType", "SUBSCRIBE")]).await;
    assert_eq!(mine.body["TotalRecordCount"], json!(1));
    assert_eq!(mine.body["DtsJobList"][0]["Status"], "NotConfigured");
    let seeded = jobs(&emu.url()).await;
    assert_eq!(seeded["jobs"][4]["kind"], "subscribe");
    assert_eq!(seeded["jobs"][4]["account"], ID);
}

#[tokio::test]
async fn a_seed_with_names_tags_and_configuration_round_trips() {
    let seed = json!({"jobs": [{"job_id": "t1", "instance_id": "dtst1", "kind": "subscription",
        "status": "Normal", "topology": "oneway", "region": "cn-beijing", "name": "feed",
        "tags": {"team": "data"}, "configuration": {"DbList": "{}"}, "fail_phase": "Starting"}]});
    let emu = Emulator::builder()
        .credentials(ID, SECRET)
        .seed_json(&seed.to_string())
        .start()
        .await
        .unwrap();
    let mut expected = seed.clone();
    expected["jobs"][0]["kind"] = json!("subscribe");
    assert_eq!(jobs(&emu.url()).await, expected);
    let a = call(
        &emu.url(),
        "DescribeDtsJobs",
        &[
            ("RegionId", "cn-beijing"),
            ("Tags", r#"[{"key":"team","value":"data"}]"#),
        ],
    )
    .await;
    assert_eq!(a.body["DtsJobList"][0]["DtsJobName"], "feed", "{}", a.body);
    assert_eq!(
        a.body["DtsJobList"][0]["TagList"],
        json!([{"TagKey": "team", "TagValue": "data"}])
    );
    let a = call(
        &emu.url(),
        "DescribeDtsJobs",
        &[("Tags", r#"[{"key":"team","value":"ops"}]"#)],
    )
    .await;
    assert_eq!(a.body["TotalRecordCount"], json!(0));
}

/// The README's table of modelled actions is the list the emulator models.
#[tokio::test]
async fn the_readme_lists_the_modelled_actions() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let section = readme
        .split("## Modelled actions")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .unwrap();
    let mut listed: Vec<String> = section
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_owned)
        .collect();
    listed.sort();
    let emu = start().await;
    assert_eq!(listed, emu.modelled_actions());
}
