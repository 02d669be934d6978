//! The emulator as a user's test double, through the typed client: an instance's whole life
//! (create, list, describe, configure, start and poll, rename, tags, suspend and restart,
//! paging, delete) against an emulator started empty, on a clock the test steps.

use std::time::{Duration, SystemTime};

use dts_client::operation::configure_dts_job::ConfigureDtsJobRequired;
use dts_client::operation::tag_resources::Tag;
use dts_client::prelude::*;
use dts_client::types::SynchronizationDirection;
use dts_emulator::{Emulator, ManualClock, RunningEmulator, Timing};

const REGION: &str = "cn-hangzhou";
const INSTANCE: &str = "ALIYUN::DTS::INSTANCE";

/// The statuses the documentation lists for synchronization jobs.
const DOCUMENTED: [&str; 16] = [
    "NotStarted",
    "Prechecking",
    "PrecheckFailed",
    "PreCheckPass",
    "NotConfigured",
    "Initializing",
    "InitializeFailed",
    "Synchronizing",
    "Failed",
    "Suspending",
    "Modifying",
    "Finished",
    "Retrying",
    "Upgrade",
    "Locked",
    "Downgrade",
];

async fn start() -> (RunningEmulator, Client) {
    let emu = Emulator::builder()
        .credentials("acc-id", "acc-secret")
        .clock(ManualClock::new(SystemTime::now()))
        .timing(Timing::realistic())
        .start()
        .await
        .unwrap();
    let client = Client::builder()
        .endpoint_url(emu.url())
        .region(REGION)
        .credentials(Credentials::new("acc-id", "acc-secret"))
        .build()
        .unwrap();
    (emu, client)
}

async fn create(c: &Client) -> (String, String) {
    let out = c
        .create_dts_instance()
        .r#type("SYNC")
        .region_id(REGION)
        .auto_pay(false)
        .auto_start(true)
        .send()
        .await
        .unwrap();
    (out.job_id.unwrap(), out.instance_id.unwrap())
}

async fn status(c: &Client, job: &str) -> String {
    let out = c
        .describe_dts_job_detail()
        .dts_job_id(job)
        .send()
        .await
        .unwrap();
    out.status.unwrap()
}

/// Polls (stepping the emulator's clock a second each time) until `target`; returns every
/// status seen on the way.
async fn poll_until(emu: &RunningEmulator, c: &Client, job: &str, target: &str) -> Vec<String> {
    let mut seen = Vec::new();
    for _ in 0..10 {
        let now = status(c, job).await;
        if seen.last() != Some(&now) {
            seen.push(now.clone());
        }
        if now == target {
            return seen;
        }
        emu.advance(Duration::from_secs(1));
    }
    panic!("{job} never reached {target}: {seen:?}");
}

#[tokio::test]
async fn an_instance_lives_its_documented_life() {
    let (emu, c) = start().await;
    let (job, instance) = create(&c).await;
    assert_eq!(instance, format!("dts{job}"));

    let listed = c
        .describe_dts_jobs()
        .region_id(REGION)
        .job_type("SYNC")
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_record_count, Some(1));
    assert_eq!(listed.dts_job_list.len(), 1);
    assert_eq!(listed.dts_job_list[0].dts_job_id.as_deref(), Some(&*job));
    assert_eq!(
        listed.dts_job_list[0].status.as_deref(),
        Some("NotConfigured")
    );
    let detail = c
        .describe_dts_job_detail()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(detail.dts_instance_id.as_deref(), Some(&*instance));

    let configured = c
        .configure_dts_job(ConfigureDtsJobRequired {
            dts_job_name: "orders-sync".into(),
            source_endpoint_instance_type: "RDS".into(),
            destination_endpoint_instance_type: "RDS".into(),
            structure_initialization: true,
            data_initialization: true,
            data_synchronization: true,
            job_type: "SYNC".into(),
        })
        .db_list(r#"{"orders":{"name":"orders","all":true}}"#)
        .dts_instance_id(&instance)
        .source_endpoint_engine_name("MySQL")
        .destination_endpoint_engine_name("MySQL")
        .send()
        .await
        .unwrap();
    assert_eq!(configured.dts_job_id.as_deref(), Some(&*job));
    assert_eq!(status(&c, &job).await, "NotStarted");

    c.start_dts_job().dts_job_id(&job).send().await.unwrap();
    let seen = poll_until(&emu, &c, &job, "Synchronizing").await;
    assert_eq!(seen, ["Prechecking", "Initializing", "Synchronizing"]);
    assert!(seen.iter().all(|s| DOCUMENTED.contains(&s.as_str())));

    c.modify_dts_job_name(&job, "orders-sync-2")
        .send()
        .await
        .unwrap();
    let detail = c
        .describe_dts_job_detail()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    assert_eq!(detail.dts_job_name.as_deref(), Some("orders-sync-2"));
    assert_eq!(
        detail
            .source_endpoint
            .as_ref()
            .and_then(|e| e.engine_name.as_deref()),
        Some("MySQL")
    );

    let tag = |key: &str, value: &str| Tag {
        key: Some(key.to_owned()),
        value: Some(value.to_owned()),
    };
    let tags = [tag("team", "data"), tag("env", "test")];
    c.tag_resources(REGION, [&instance], tags)
        .resource_type(INSTANCE)
        .send()
        .await
        .unwrap();
    c.untag_resources(REGION, [&instance])
        .resource_type(INSTANCE)
        .tag_key(["env"])
        .send()
        .await
        .unwrap();
    let listed = c
        .list_tag_resources(REGION, INSTANCE)
        .resource_id([&instance])
        .send()
        .await
        .unwrap();
    let pairs: Vec<(Option<String>, Option<String>)> = listed
        .tag_resources
        .unwrap()
        .tag_resource
        .into_iter()
        .map(|t| (t.tag_key, t.tag_value))
        .collect();
    assert_eq!(pairs, [(Some("team".into()), Some("data".into()))]);
    assert_eq!(listed.next_token, None, "one page, so no token");

    c.suspend_dts_job().dts_job_id(&job).send().await.unwrap();
    assert_eq!(status(&c, &job).await, "Suspending");
    c.start_dts_job().dts_job_id(&job).send().await.unwrap();
    poll_until(&emu, &c, &job, "Synchronizing").await;

    c.delete_dts_job().dts_job_id(&job).send().await.unwrap();
    let gone = c
        .describe_dts_job_detail()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap_err();
    assert_eq!(gone.code(), Some("InvalidJobId"), "{gone}");
    let listed = c
        .describe_dts_jobs()
        .region_id(REGION)
        .send()
        .await
        .unwrap();
    assert_eq!(listed.total_record_count, Some(0));
    assert!(listed.dts_job_list.is_empty());
    emu.shutdown().await;
}

#[tokio::test]
async fn twenty_six_instances_page_ten_at_a_time() {
    let (emu, c) = start().await;
    let mut created = Vec::new();
    for _ in 0..26 {
        created.push(create(&c).await.0);
    }
    let mut seen = Vec::new();
    for page in 1..=3 {
        let out = c
            .describe_dts_jobs()
            .region_id(REGION)
            .job_type("SYNC")
            .page_size(10)
            .page_number(page)
            .send()
            .await
            .unwrap();
        assert_eq!(out.total_record_count, Some(26));
        assert_eq!(out.page_number, Some(page));
        let expected = if page < 3 { 10 } else { 6 };
        assert_eq!(out.page_record_count, Some(expected));
        assert_eq!(out.dts_job_list.len(), expected as usize);
        seen.extend(out.dts_job_list.into_iter().filter_map(|j| j.dts_job_id));
    }
    assert_eq!(seen, created, "every instance once, in creation order");
    let other_type = c
        .describe_dts_jobs()
        .region_id(REGION)
        .job_type("MIGRATION")
        .send()
        .await
        .unwrap();
    assert_eq!(other_type.total_record_count, Some(0));
    emu.shutdown().await;
}

#[tokio::test]
async fn unknown_ids_and_bad_values_are_refused() {
    let (emu, c) = start().await;
    let e = c
        .start_dts_job()
        .dts_job_id("nosuchjob000000")
        .send()
        .await
        .unwrap_err();
    assert_eq!(e.code(), Some("InvalidParameter"), "{e}");
    assert!(e.message().contains("DtsJobId"), "{e}");

    let (job, _) = create(&c).await;
    let e = c
        .start_dts_job()
        .dts_job_id(&job)
        .synchronization_direction(SynchronizationDirection::from("Sideways"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (Some("InvalidParameter"), Some(400))
    );
    assert!(e.message().contains("SynchronizationDirection"), "{e}");

    let e = c
        .describe_dts_jobs()
        .region_id(REGION)
        .page_size(5000)
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.http_status()),
        (Some("InvalidParameter"), Some(400))
    );
    assert!(e.message().contains("PageSize"), "{e}");

    // Starting a job that was never configured is refused with a documented code.
    let e = c.start_dts_job().dts_job_id(&job).send().await.unwrap_err();
    assert_eq!(e.code(), Some("CheckStatus.InvalidInitStatus"), "{e}");
    emu.shutdown().await;
}

#[tokio::test]
async fn a_failing_precheck_ends_in_precheck_failed() {
    let (emu, c) = start().await;
    let (job, instance) = create(&c).await;
    c.configure_dts_job(ConfigureDtsJobRequired {
        dts_job_name: "n".into(),
        source_endpoint_instance_type: "RDS".into(),
        destination_endpoint_instance_type: "RDS".into(),
        structure_initialization: true,
        data_initialization: true,
        data_synchronization: true,
        job_type: "SYNC".into(),
    })
    .dts_instance_id(&instance)
    .send()
    .await
    .unwrap();
    assert!(emu.fail_next(&job, dts_emulator::JobStatus::Prechecking));
    c.start_dts_job().dts_job_id(&job).send().await.unwrap();
    let seen = poll_until(&emu, &c, &job, "PrecheckFailed").await;
    assert_eq!(seen, ["Prechecking", "PrecheckFailed"]);
    // The failure is spent: the next start runs through.
    c.start_dts_job().dts_job_id(&job).send().await.unwrap();
    poll_until(&emu, &c, &job, "Synchronizing").await;
    emu.shutdown().await;
}
