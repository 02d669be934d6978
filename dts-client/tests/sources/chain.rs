//! The default chain's order, its fall-through past every kind of failure, the errors it
//! reports when all fail, and its stickiness once a source has answered.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dts_client::credentials::DefaultChain;
use dts_client::{Client, ErrorKind, ProvideCredentials};

use crate::fake::Fake;
use crate::{
    assert_accepted_and_wrong_token_refused, creds_json, emulator, env, scratch, t0, write,
    TestClock,
};

#[tokio::test]
async fn every_failing_source_passes_to_the_next_and_all_failures_are_reported() {
    let imds_up = Arc::new(AtomicBool::new(false));
    let up = imds_up.clone();
    let imds = Fake::start(move |req| {
        if !up.load(Ordering::SeqCst) {
            return (500, "down".into());
        }
        match req.method.as_str() {
            "PUT" => (200, "t".into()),
            _ if req.path.ends_with('/') => (200, "r".into()),
            _ => (
                200,
                creds_json(
                    "STS.ecs",
                    "ecs-secret",
                    "ecs-token",
                    t0() + Duration::from_secs(3600),
                )
                .to_string(),
            ),
        }
    })
    .await;
    let uri = Fake::start(|_| {
        (
            200,
            creds_json(
                "STS.uri",
                "uri-secret",
                "uri-token",
                t0() + Duration::from_secs(3600),
            )
            .to_string(),
        )
    })
    .await;
    let home = scratch();
    let config = write(
        &home,
        "elsewhere/config.json",
        r#"{"current": "x", "profiles": [{"name": "x", "mode": "CloudSSO"}]}"#,
    );
    write(
        &home,
        ".alibabacloud/credentials",
        "[default]\ntype = access_key\naccess_key_id = only-id\n",
    );
    let uri_url = uri.url();
    let vars = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "half-set"),
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/not-all-three"),
        ("ALIBABA_CLOUD_CONFIG_FILE", config.to_str().unwrap()),
        ("ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT", &imds.url()),
        ("ALIBABA_CLOUD_CREDENTIALS_URI", &uri_url),
    ];
    let chain = DefaultChain::new(env(&home, &vars)).clock(Arc::new(TestClock::new()));
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.uri", "the last source answers");
    assert_eq!(
        imds.requests().len(),
        2,
        "token refused, then IMDSv1 discovery refused"
    );

    // Sticky: the metadata service is back, but the chain keeps asking the URI source (whose
    // credentials are cached).
    imds_up.store(true, Ordering::SeqCst);
    let again = chain.provide_credentials().await.unwrap();
    assert_eq!(again.access_key_id(), "STS.uri");
    assert_eq!(imds.requests().len(), 2);
    assert_eq!(uri.requests().len(), 1);
    assert_accepted_and_wrong_token_refused(&creds).await;

    // A fresh chain now stops at the metadata service, before the URI.
    let creds = DefaultChain::new(env(&home, &vars))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs");

    // With the metadata service off and no URI, every reason is reported, located.
    let vars = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "half-set"),
        ("ALIBABA_CLOUD_CONFIG_FILE", config.to_str().unwrap()),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let e = DefaultChain::new(env(&home, &vars))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let msg = e.to_string();
    for part in [
        "ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not",
        &format!("profile `x` in `{}` uses mode `CloudSSO`", config.display()),
        "credentials` (line 1) has no `access_key_secret`",
    ] {
        assert!(msg.contains(part), "missing {part:?} in {msg}");
    }
    assert!(!msg.contains("ECS"), "{msg}");
}

#[tokio::test]
async fn the_environment_comes_first_and_the_client_uses_the_chain_lazily() {
    let emu = emulator("STS.env", "env-secret", "env-token").await;
    let home = scratch();
    write(
        &home,
        ".aliyun/config.json",
        r#"{"current": "p", "profiles": [{"name": "p", "mode": "AK", "access_key_id": "cli", "access_key_secret": "s", "region_id": "cn-shanghai"}]}"#,
    );
    let vars = [
        ("ALIBABA_CLOUD_ACCESS_KEY_ID", "STS.env"),
        ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret"),
        ("ALIBABA_CLOUD_SECURITY_TOKEN", "env-token"),
    ];
    let client = Client::builder()
        .environment(env(&home, &vars))
        .endpoint_url(emu.url())
        .build()
        .unwrap();
    assert_eq!(
        client.config().region(),
        Some("cn-shanghai"),
        "the profile's region_id"
    );
    let mut params = dts_client::rt::Params::default();
    params.push("RegionId", "cn-hangzhou");
    client
        .call(
            "DescribeSynchronizationJobs",
            params,
            dts_client::rt::CallOptions::new(),
        )
        .await
        .unwrap();
    let creds = DefaultChain::new(env(&home, &vars))
        .provide_credentials()
        .await
        .unwrap();
    assert_accepted_and_wrong_token_refused(&creds).await;
    emu.shutdown().await;
}
