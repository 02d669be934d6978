//! `wait_until_*`: success, failure state, timeout and "gone", against the emulator, whose
//! job clock the waiter's clock hook steps (`POST /__emulator/clock?advance=`).

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use dts_client::waiter::{WaitClock, WaitError};
use dts_emulator::{JobStatus, RunningEmulator};

use crate::{client, create_instances, emulator};

/// A clock that never sleeps: each sleep moves the emulator's job clock and its own reading.
#[derive(Clone)]
struct EmulatorClock {
    url: String,
    start: Instant,
    slept: Arc<Mutex<Vec<Duration>>>,
}

impl EmulatorClock {
    fn new(emu: &RunningEmulator) -> Self {
        EmulatorClock {
            url: format!("{}/__emulator/clock", emu.url()),
            start: Instant::now(),
            slept: Arc::default(),
        }
    }

    fn slept(&self) -> Vec<Duration> {
        self.slept.lock().unwrap().clone()
    }
}

impl WaitClock for EmulatorClock {
    fn now(&self) -> Instant {
        self.start + self.slept().iter().sum::<Duration>()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        self.slept.lock().unwrap().push(duration);
        let url = format!("{}?advance={}ms", self.url, duration.as_millis());
        Box::pin(async move {
            let answer = reqwest::Client::new().post(url).send().await;
            assert!(
                answer.is_ok_and(|a| a.status().is_success()),
                "the clock moves"
            );
        })
    }
}

/// A configured synchronization job in cn-hangzhou: its job id.
async fn configured_job(client: &dts_client::Client) -> String {
    let instance = create_instances(client, 1).await.remove(0);
    let required = dts_client::operation::configure_dts_job::ConfigureDtsJobRequired {
        dts_job_name: "orders".into(),
        source_endpoint_instance_type: "RDS".into(),
        destination_endpoint_instance_type: "RDS".into(),
        structure_initialization: true,
        data_initialization: true,
        data_synchronization: true,
        job_type: "SYNC".into(),
    };
    client
        .configure_dts_job(required)
        .dts_instance_id(instance)
        .region_id("cn-hangzhou")
        .send()
        .await
        .expect("the job is configured")
        .dts_job_id
        .expect("a job id")
}

#[tokio::test]
async fn a_started_job_is_waited_for_until_it_synchronizes() {
    let emu = emulator(Duration::from_secs(2)).await;
    let client = client(&emu);
    let job = configured_job(&client).await;
    client
        .start_dts_job()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    let clock = EmulatorClock::new(&emu);
    let out = client
        .wait_until_dts_job_synchronizing(&job)
        .min_delay(Duration::from_secs(1))
        .max_delay(Duration::from_secs(2))
        .clock(clock.clone())
        .send()
        .await
        .expect("the job synchronizes");
    assert_eq!(out.status.as_deref(), Some("Synchronizing"));
    assert_eq!(out.dts_job_id.as_deref(), Some(job.as_str()));
    let slept = clock.slept();
    let total: Duration = slept.iter().sum();
    assert!(
        total >= Duration::from_secs(4),
        "two phases of 2 s: {slept:?}"
    );
    assert!(slept
        .iter()
        .all(|d| *d >= Duration::from_secs(1) && *d <= Duration::from_secs(2)));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_failed_precheck_ends_the_wait_naming_the_state() {
    let emu = emulator(Duration::from_secs(1)).await;
    let client = client(&emu);
    let job = configured_job(&client).await;
    assert!(emu.fail_next(&job, JobStatus::Prechecking));
    client
        .start_dts_job()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    let e = client
        .wait_until_dts_job_synchronizing(&job)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect_err("the precheck fails");
    assert_eq!(e.failure_state(), Some("PrecheckFailed"), "{e}");
    assert!(e.to_string().contains("PrecheckFailed"), "{e}");
    assert!(matches!(e, WaitError::FailureState { path: "Status", .. }));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_job_that_never_starts_times_out() {
    let emu = emulator(Duration::from_secs(1)).await;
    let client = client(&emu);
    let job = configured_job(&client).await;
    let clock = EmulatorClock::new(&emu);
    let e = client
        .wait_until_dts_job_synchronizing(&job)
        .max_wait(Duration::from_secs(30))
        .clock(clock.clone())
        .send()
        .await
        .expect_err("NotStarted never becomes Synchronizing");
    assert!(e.is_timeout(), "{e}");
    let WaitError::Timeout {
        waited,
        attempts,
        last_state,
        ..
    } = e
    else {
        unreachable!()
    };
    assert_eq!(
        waited,
        Duration::from_secs(30),
        "the last sleep is cut to the deadline"
    );
    assert_eq!(attempts as usize, clock.slept().len() + 1);
    assert!(
        attempts >= 4,
        "3 s, then up to 10 s between calls: {attempts}"
    );
    assert_eq!(last_state.as_deref(), Some("NotStarted"));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_deleted_job_is_gone_by_its_error_code() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    let job = configured_job(&client).await;
    client
        .delete_dts_job()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    let gone = client
        .wait_until_dts_job_gone(&job)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect("InvalidJobId means gone");
    assert!(gone.is_none());

    // Any other error ends the wait as the action's error.
    let e = client
        .wait_until_dts_job_synchronizing(&job)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect_err("the job does not exist");
    let service = e.service_error().expect("a service error");
    assert_eq!(dts_client::ActionError::code(service), Some("InvalidJobId"));
    emu.shutdown().await;
}

#[tokio::test]
async fn the_older_apis_deleted_jobs_are_gone_by_their_error_code() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    let sync = create_instances(&client, 1).await.remove(0);
    client
        .delete_synchronization_job(&sync)
        .send()
        .await
        .unwrap();
    let gone = client
        .wait_until_synchronization_job_gone(&sync)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect("InvalidJobId means gone");
    assert!(gone.is_none());

    let migration = client
        .create_dts_instance()
        .r#type("MIGRATION")
        .region_id("cn-hangzhou")
        .pay_type("PostPaid")
        .send()
        .await
        .unwrap()
        .instance_id
        .expect("an instance id");
    client
        .delete_migration_job(&migration)
        .send()
        .await
        .unwrap();
    let gone = client
        .wait_until_migration_job_finished(&migration)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect("InvalidJobId means gone");
    assert!(gone.is_none());

    // Deleting again names the same code, as Terraform's provider expects of these actions.
    let e = client
        .delete_synchronization_job(&sync)
        .send()
        .await
        .expect_err("the job is gone");
    assert_eq!(dts_client::ActionError::code(&e), Some("InvalidJobId"));
    emu.shutdown().await;
}

#[tokio::test]
async fn a_stopped_job_is_gone_with_its_last_output() {
    let emu = emulator(Duration::ZERO).await;
    let client = client(&emu);
    let job = configured_job(&client).await;
    client
        .start_dts_job()
        .dts_job_id(&job)
        .send()
        .await
        .unwrap();
    client.stop_dts_job().dts_job_id(&job).send().await.unwrap();
    let out = client
        .wait_until_dts_job_gone(&job)
        .clock(EmulatorClock::new(&emu))
        .send()
        .await
        .expect("Finished counts as gone")
        .expect("the job is still readable");
    assert_eq!(out.status.as_deref(), Some("Finished"));
    emu.shutdown().await;
}

/// A clock whose sleeps return at once and only move its own reading.
#[derive(Clone, Default)]
struct StepClock(Arc<Mutex<Duration>>);

impl WaitClock for StepClock {
    fn now(&self) -> Instant {
        static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
        *START.get_or_init(Instant::now) + *self.0.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> {
        *self.0.lock().unwrap() += duration;
        Box::pin(std::future::ready(()))
    }
}

/// A declaration of its own: polls through a status-change refusal.
static THROUGH_REFUSALS: dts_client::rt::WaiterInfo = dts_client::rt::WaiterInfo {
    name: "through_refusals",
    path: "Status",
    success: &["Synchronizing"],
    failure: &[],
    success_errors: &[],
    retry_errors: &["OperationDenied.JobStatusModifying"],
    min_delay_secs: 2,
    max_delay_secs: 8,
    max_wait_secs: 60,
};

#[tokio::test]
async fn retry_errors_are_polled_through_and_others_end_the_wait() {
    use crate::support::fixtures::builder;
    use crate::support::{Reply, Server};

    let refusal = || Reply::error(403, "OperationDenied.JobStatusModifying", "r-busy");
    let status = |s: &str| Reply::json(200, &format!(r#"{{"RequestId":"r","Status":"{s}"}}"#));
    let server = Server::start(vec![
        refusal(),
        status("Initializing"),
        refusal(),
        status("Synchronizing"),
    ])
    .await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let clock = StepClock::default();
    let out = dts_client::rt::Waiter::new(
        client.describe_dts_job_detail().dts_job_id("j1"),
        &THROUGH_REFUSALS,
    )
    .clock(clock.clone())
    .send()
    .await
    .expect("the refusals are polled through");
    assert_eq!(out.status.as_deref(), Some("Synchronizing"));
    assert_eq!(server.requests().len(), 4);
    let waited = *clock.0.lock().unwrap();
    assert!(
        waited >= Duration::from_secs(6) && waited <= Duration::from_secs(2 + 4 + 8),
        "three delays from 2 s, doubling bounds: {waited:?}"
    );

    let server = Server::start(vec![Reply::error(400, "InvalidParameter", "r-bad")]).await;
    let client = builder(&server).max_attempts(1).build().unwrap();
    let e = client
        .wait_until_dts_job_synchronizing("j1")
        .clock(StepClock::default())
        .send()
        .await
        .expect_err("an unexpected code ends the wait");
    assert_eq!(
        e.service_error().and_then(dts_client::ActionError::code),
        Some("InvalidParameter")
    );
}
