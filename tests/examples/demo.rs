//! The README's main job: a synchronization job's whole life against the bundled emulator, no
//! cloud account.
//!
//! Starts the emulator on a free loopback port (phases of 300 ms, so a started job is
//! synchronizing in under a second), then, with the typed client generated from
//! `dts-spec/specs`: creates an instance, configures a synchronization job on it, starts it,
//! waits until it synchronizes (a waiter), lists the region's jobs (a paginator), suspends it
//! and waits for that, deletes it and waits until it is gone, and shows a typed error. One
//! progress line per step.
//!
//! ```sh
//! cargo run -p dts-tests --example demo
//! ```

use std::process::ExitCode;
use std::time::{Duration, Instant};

use dts_client::operation::configure_dts_job::ConfigureDtsJobRequired;
use dts_client::prelude::*;
use dts_emulator::{Emulator, Timing};

const REGION: &str = "cn-hangzhou";
/// Jobs already in the region, so that the listing has several pages.
const OTHER_JOBS: usize = 11;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match demo().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("demo failed: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn demo() -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    let emulator = Emulator::builder()
        .credentials("demo-id", "demo-secret")
        .seed_json(&seed())
        .timing(Timing {
            phase: Duration::from_millis(300),
        })
        .start()
        .await?;
    println!("emulator listening on {}", emulator.url());
    let client = Client::builder()
        .endpoint_url(emulator.url())
        .region(REGION)
        .credentials(Credentials::new("demo-id", "demo-secret"))
        .build()?;

    let instance = client
        .create_dts_instance()
        .r#type("SYNC")
        .pay_type("PostPaid")
        .region_id(REGION)
        .send()
        .await?
        .instance_id
        .ok_or("CreateDtsInstance named no instance")?;
    step(1, "create instance", &instance);

    let required = ConfigureDtsJobRequired {
        dts_job_name: "orders-sync".into(),
        source_endpoint_instance_type: "RDS".into(),
        destination_endpoint_instance_type: "RDS".into(),
        structure_initialization: true,
        data_initialization: true,
        data_synchronization: true,
        job_type: "SYNC".into(),
    };
    let job = client
        .configure_dts_job(required)
        .dts_instance_id(&instance)
        .region_id(REGION)
        .send()
        .await?
        .dts_job_id
        .ok_or("ConfigureDtsJob named no job")?;
    step(2, "configure job", &format!("{job} (NotStarted)"));

    client.start_dts_job().dts_job_id(&job).send().await?;
    step(3, "start", "Prechecking -> Initializing -> Synchronizing");

    let waited = Instant::now();
    let running = client
        .wait_until_dts_job_synchronizing(&job)
        .min_delay(Duration::from_millis(200))
        .max_delay(Duration::from_millis(400))
        .max_wait(Duration::from_secs(10))
        .send()
        .await?;
    step(
        4,
        "wait",
        &format!(
            "{} after {} ms",
            running.status.as_deref().unwrap_or("?"),
            waited.elapsed().as_millis()
        ),
    );

    let mut pages = client
        .describe_dts_jobs()
        .region_id(REGION)
        .job_type("SYNC")
        .page_size(5)
        .into_paginator()
        .send();
    let (mut listed, mut sizes) = (0, Vec::new());
    while let Some(page) = pages.next().await {
        let page = page?;
        listed += page.dts_job_list.len();
        sizes.push(page.dts_job_list.len().to_string());
    }
    step(
        5,
        "list region",
        &format!("{listed} jobs in pages of {}", sizes.join(" + ")),
    );

    client.suspend_dts_job().dts_job_id(&job).send().await?;
    let suspended = client
        .wait_until_dts_job_suspended(&job)
        .min_delay(Duration::from_millis(100))
        .send()
        .await?;
    step(6, "suspend", suspended.status.as_deref().unwrap_or("?"));

    client.delete_dts_job().dts_job_id(&job).send().await?;
    let gone = client
        .wait_until_dts_job_gone(&job)
        .min_delay(Duration::from_millis(100))
        .send()
        .await?;
    step(
        7,
        "delete",
        if gone.is_none() {
            "gone (InvalidJobId)"
        } else {
            "Finished"
        },
    );

    match client.start_dts_job().dts_job_id(&job).send().await {
        Ok(_) => return Err("starting a deleted job should have been refused".into()),
        Err(e) => step(
            8,
            "start again",
            &format!(
                "typed error {}::{} ({}), retryable: {}",
                std::any::type_name_of_val(&e)
                    .rsplit("::")
                    .next()
                    .unwrap_or("?"),
                e.code().unwrap_or("?"),
                e.message(),
                e.is_retryable()
            ),
        ),
    }

    emulator.shutdown().await;
    println!(
        "done in {} ms: every call was signed with signature V1 and checked by the emulator",
        started.elapsed().as_millis()
    );
    Ok(())
}

fn step(n: usize, what: &str, result: &str) {
    println!("  [{n}/8] {what:<16} -> {result}");
}

/// `OTHER_JOBS` synchronization jobs already running in the region.
fn seed() -> String {
    let jobs: Vec<String> = (0..OTHER_JOBS)
        .map(|i| {
            format!(
                r#"{{"job_id": "seedjob{i:08}", "instance_id": "dtsseedjob{i:08}",
                    "kind": "synchronization", "status": "Synchronizing",
                    "topology": "oneway", "region": "{REGION}"}}"#
            )
        })
        .collect();
    format!(r#"{{"jobs": [{}]}}"#, jobs.join(","))
}
