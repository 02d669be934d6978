//! Code that uses the client can be tested without a service: outputs and errors are built by
//! hand, as the README's "Testing code that uses the client" shows.

use dts_client::operation::describe_dts_job_detail::{
    DescribeDtsJobDetailError, DescribeDtsJobDetailOutput,
};
use dts_client::{ActionError, CommonError, Error, ErrorKind};
use serde_json::json;

/// Code under test: what a job's state means to its caller.
fn describe(result: Result<DescribeDtsJobDetailOutput, DescribeDtsJobDetailError>) -> String {
    match result {
        Ok(job) => {
            let name = job.dts_job_name.as_deref().unwrap_or("(unnamed)");
            let status = job.status.as_deref().unwrap_or("unknown");
            // A member the spec does not list, read from the body the output keeps.
            match job.raw().get("Preview").and_then(|v| v.as_str()) {
                Some(preview) => format!("{name}: {status} ({preview})"),
                None => format!("{name}: {status}"),
            }
        }
        Err(DescribeDtsJobDetailError::Common(CommonError::ThrottlingUser(_))) => {
            "try again later".to_owned()
        }
        Err(e) => format!("failed: {}", e.code().unwrap_or("no code")),
    }
}

#[test]
fn an_output_built_by_hand_is_what_the_code_under_test_reads() {
    let mut job = DescribeDtsJobDetailOutput::default();
    job.dts_job_name = Some("orders".into());
    job.status = Some("Synchronizing".into());
    assert_eq!(describe(Ok(job.clone())), "orders: Synchronizing");

    let body = json!({"DtsJobName": "orders", "Status": "Synchronizing", "Preview": "beta"});
    let with_body = job.clone().with_raw(body.clone());
    assert_eq!(
        describe(Ok(with_body.clone())),
        "orders: Synchronizing (beta)"
    );
    assert_eq!(with_body.raw(), &body);
    // Outputs compare by their typed fields; the body they keep is not compared.
    assert_eq!(with_body, job);
    let mut other = job.clone();
    other.status = Some("Suspending".into());
    assert_ne!(other, job);
}

#[test]
fn an_error_built_by_hand_is_classified_like_a_response() {
    let throttled = DescribeDtsJobDetailError::from(Error::service("Throttling.User", "slow"));
    assert!(matches!(
        throttled,
        DescribeDtsJobDetailError::Common(CommonError::ThrottlingUser(_))
    ));
    assert_eq!(describe(Err(throttled)), "try again later");

    let other = DescribeDtsJobDetailError::from(Error::service("Brand.New", "what"));
    assert_eq!(other.inner().kind(), ErrorKind::Service);
    assert_eq!(other.message(), "what");
    assert_eq!(describe(Err(other)), "failed: Brand.New");
}
