//! The README's main job: the whole pipeline against the bundled emulator, no cloud account.
//!
//! Starts the emulator on a free loopback port with one synchronization job, then walks the job
//! through start -> suspend -> start -> reset -> delete with the typed client generated from
//! `dts-spec/specs`, shows a typed error, and prints what happened.
//!
//! ```sh
//! cargo run -p dts-tests --example demo
//! ```

use std::process::ExitCode;

use dts_client::prelude::*;
use dts_client::types::SynchronizationDirection;
use dts_emulator::{Emulator, RunningEmulator};

const JOB_ID: &str = "l3m1213ye7l1234";
const INSTANCE_ID: &str = "dtsl3m1213ye7l1234";
const SEED: &str = r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
    "kind": "synchronization", "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;

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
    let emulator = Emulator::builder()
        .credentials("demo-id", "demo-secret")
        .seed_json(SEED)
        .start()
        .await?;
    println!("emulator listening on {}", emulator.url());
    let client = Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new("demo-id", "demo-secret"))
        .build()?;
    println!(
        "job {JOB_ID} (instance {INSTANCE_ID}): {}",
        status(&emulator)
    );

    let out = client
        .start_synchronization_job(INSTANCE_ID)
        .synchronization_direction(SynchronizationDirection::Forward)
        .send()
        .await?;
    step("start", &out.request_id, &emulator);
    let out = client
        .suspend_synchronization_job(INSTANCE_ID)
        .send()
        .await?;
    step("suspend", &out.request_id, &emulator);
    let out = client.start_synchronization_job(INSTANCE_ID).send().await?;
    step("start again", &out.request_id, &emulator);

    // Suspending twice is refused by the service's state rules: a typed error, not a panic.
    client
        .suspend_synchronization_job(INSTANCE_ID)
        .send()
        .await?;
    match client.suspend_synchronization_job(INSTANCE_ID).send().await {
        Ok(_) => return Err("a second suspend should have been refused".into()),
        Err(e) => println!(
            "  suspend twice  -> typed error {} ({}), retryable: {}\n                     {e}",
            e.code().unwrap_or("?"),
            std::any::type_name_of_val(&e)
                .rsplit("::")
                .next()
                .unwrap_or("?"),
            e.is_retryable(),
        ),
    }

    let out = client.reset_dts_job().dts_job_id(JOB_ID).send().await?;
    step("reset", &out.request_id, &emulator);
    let out = client.delete_dts_job().dts_job_id(JOB_ID).send().await?;
    println!(
        "  delete         -> ok (request {}); jobs left: {}",
        out.request_id.as_deref().unwrap_or("?"),
        emulator.jobs().len()
    );

    let wrong = Client::builder()
        .endpoint_url(emulator.url())
        .credentials(Credentials::new("demo-id", "not-the-secret"))
        .build()?;
    if let Err(e) = wrong.reset_dts_job().dts_job_id(JOB_ID).send().await {
        let message = e.message();
        let short = message.split(". ").next().unwrap_or(message);
        println!("  wrong secret   -> {}: {short}", e.code().unwrap_or("?"));
    }
    emulator.shutdown().await;
    println!("done: every call was signed with signature V1 and checked by the emulator");
    Ok(())
}

fn status(emulator: &RunningEmulator) -> String {
    emulator
        .jobs()
        .first()
        .map_or_else(|| "gone".to_owned(), |j| format!("{:?}", j.status))
}

fn step(what: &str, request_id: &Option<String>, emulator: &RunningEmulator) {
    println!(
        "  {what:<14} -> ok (request {}); status now {}",
        request_id.as_deref().unwrap_or("?"),
        status(emulator)
    );
}
