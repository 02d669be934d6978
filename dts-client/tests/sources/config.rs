//! Configuration the way users set it: user-agent suffix, response size cap, proxy, extra
//! roots, an injected HTTP client, and clock-skew correction against the emulator.

use std::time::Duration;

use dts_client::rt::{CallOptions, Params};
use dts_client::{Client, Credentials, ErrorKind};
use dts_emulator::Emulator;

use crate::fake::Fake;
use crate::{t0, TestClock};

fn builder() -> dts_client::ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("id", "secret"))
        .max_attempts(1)
}

async fn call(client: &Client) -> Result<serde_json::Value, dts_client::Error> {
    client
        .call(
            "DescribeSynchronizationJobs",
            Params::default(),
            CallOptions::new(),
        )
        .await
}

#[tokio::test]
async fn user_agent_suffix_and_response_size_cap() {
    let fake = Fake::start(|req| {
        let size = if req.query.contains("Big") { 5000 } else { 10 };
        (200, format!(r#"{{"RequestId":"{}"}}"#, "x".repeat(size)))
    })
    .await;
    let client = builder()
        .endpoint_url(fake.url())
        .user_agent_suffix("my-app/2.1")
        .max_response_bytes(1000)
        .build()
        .unwrap();
    call(&client).await.unwrap();
    let ua = fake.requests()[0].header("user-agent").unwrap().to_owned();
    assert!(
        ua.starts_with("dts-client/") && ua.ends_with(" my-app/2.1"),
        "{ua}"
    );
    assert_eq!(client.config().max_response_bytes(), 1000);
    let mut params = Params::default();
    params.push("Big", "1");
    let e = client
        .call("DescribeSynchronizationJobs", params, CallOptions::new())
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Transport);
    assert!(
        e.to_string()
            .contains("larger than the limit of 1000 bytes"),
        "{e}"
    );
}

#[tokio::test]
async fn a_proxy_receives_the_requests_and_bad_settings_are_config_errors() {
    let proxy = Fake::start(|_| (200, r#"{"RequestId":"via-proxy"}"#.into())).await;
    let client = builder()
        .endpoint_url("http://dts.example.invalid")
        .proxy(proxy.url())
        .build()
        .unwrap();
    let body = call(&client).await.unwrap();
    assert_eq!(body["RequestId"], "via-proxy");
    assert_eq!(proxy.requests().len(), 1);

    let e = builder()
        .add_root_certificate("not a certificate")
        .build()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);
    assert!(e.to_string().contains("root certificate #1"), "{e}");
    let e = builder().proxy("::nonsense::").build().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Config);

    // An injected client is used as it is (here: its own user agent).
    let fake = Fake::start(|_| (200, r#"{"RequestId":"R"}"#.into())).await;
    let http = reqwest::Client::builder()
        .user_agent("injected/1")
        .build()
        .unwrap();
    let client = builder()
        .endpoint_url(fake.url())
        .http_client(http)
        .build()
        .unwrap();
    call(&client).await.unwrap();
    assert_eq!(fake.requests()[0].header("user-agent"), Some("injected/1"));
}

#[tokio::test]
async fn a_refused_timestamp_corrects_the_clock_from_the_date_header_and_retries_once() {
    let emu = Emulator::builder()
        .credentials("id", "secret")
        .start()
        .await
        .unwrap();
    // The client's clock is months behind the emulator's (the system clock, which also
    // stamps its `Date` header).
    let clock = TestClock::new();
    clock.set(t0() - Duration::from_secs(3600));
    let client = builder()
        .endpoint_url(emu.url())
        .clock(clock.clone())
        .build()
        .unwrap();
    let mut params = Params::default();
    params.push("RegionId", "cn-hangzhou");
    client
        .call("DescribeSynchronizationJobs", params, CallOptions::new())
        .await
        .unwrap();
    assert!(
        client.clock_skew_seconds() > 3600,
        "{}",
        client.clock_skew_seconds()
    );
    emu.shutdown().await;

    // A refusal without a `Date` header is reported as it is, once.
    let fake = Fake::start(|_| {
        (
            400,
            r#"{"Code":"InvalidTimeStamp.Expired","Message":"expired","RequestId":"R"}"#.into(),
        )
    })
    .await;
    let client = builder().endpoint_url(fake.url()).build().unwrap();
    let e = call(&client).await.unwrap_err();
    assert_eq!(e.code(), Some("InvalidTimeStamp.Expired"));
    assert_eq!(fake.requests().len(), 1);
}
