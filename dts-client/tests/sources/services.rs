//! The ECS metadata service (IMDSv2, role discovery, IMDSv1 fallback and its refusal), a
//! credentials URI and an external process.

use std::sync::Arc;
use std::time::Duration;

use dts_client::credentials::{
    CliProfile, DefaultChain, EcsRamRoleProvider, ExternalProcess, SourceSettings, UriProvider,
};
use dts_client::{ErrorKind, ProvideCredentials};

use crate::fake::Fake;
use crate::{
    assert_accepted_and_wrong_token_refused, creds_json, env, scratch, t0, write, TestClock,
};

const ROLE_PATH: &str = "/latest/meta-data/ram/security-credentials/";

/// A metadata service for role `role`; the token PUT answers `token_status`.
async fn metadata(role: &'static str, token_status: u16) -> Fake {
    Fake::start(move |req| match (req.method.as_str(), req.path.as_str()) {
        ("PUT", "/latest/api/token") if token_status == 200 => (200, "imds-token".into()),
        ("PUT", "/latest/api/token") => (token_status, "no".into()),
        ("GET", ROLE_PATH) => (200, format!("{role}\n")),
        ("GET", p) if p == format!("{ROLE_PATH}{role}") => (
            200,
            creds_json(
                "STS.ecs",
                "ecs-secret",
                "ecs-token",
                t0() + Duration::from_secs(6 * 3600),
            )
            .to_string(),
        ),
        _ => (404, "{}".into()),
    })
    .await
}

fn settings(vars: &[(&str, &str)]) -> SourceSettings {
    SourceSettings::new(env(&scratch(), vars)).clock(Arc::new(TestClock::new()))
}

#[tokio::test]
async fn ecs_role_with_a_metadata_token_and_role_discovery() {
    let imds = metadata("app-role", 200).await;
    let s = settings(&[]).metadata_endpoint(imds.url());
    let creds = EcsRamRoleProvider::new(s)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs");
    assert_eq!(
        creds.expiration(),
        Some(t0() + Duration::from_secs(6 * 3600))
    );
    let reqs = imds.requests();
    let steps: Vec<(&str, &str)> = reqs
        .iter()
        .map(|r| (r.method.as_str(), r.path.as_str()))
        .collect();
    assert_eq!(
        steps,
        [
            ("PUT", "/latest/api/token"),
            ("GET", ROLE_PATH),
            ("GET", "/latest/meta-data/ram/security-credentials/app-role"),
        ]
    );
    assert_eq!(
        reqs[0].header("x-aliyun-ecs-metadata-token-ttl-seconds"),
        Some("21600")
    );
    for get in &reqs[1..] {
        assert_eq!(
            get.header("x-aliyun-ecs-metadata-token"),
            Some("imds-token")
        );
    }
    assert_accepted_and_wrong_token_refused(&creds).await;
}

#[tokio::test]
async fn ecs_role_named_by_the_environment_skips_discovery_and_the_env_endpoint_is_used() {
    let imds = metadata("named", 200).await;
    let url = imds.url();
    let s = settings(&[
        ("ALIBABA_CLOUD_ECS_METADATA", "named"),
        ("ALIBABA_CLOUD_ECS_METADATA_SERVICE_ENDPOINT", &url),
    ]);
    let creds = EcsRamRoleProvider::new(s)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.security_token(), Some("ecs-token"));
    assert_eq!(imds.requests().len(), 2, "token, credentials; no discovery");
}

#[tokio::test]
async fn without_a_token_ecs_falls_back_to_imdsv1_unless_disabled() {
    let imds = metadata("r", 403).await;
    let s = settings(&[]).metadata_endpoint(imds.url());
    let creds = EcsRamRoleProvider::new(s.clone())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs");
    let reqs = imds.requests();
    assert_eq!(reqs.len(), 3);
    assert!(reqs[1..]
        .iter()
        .all(|r| r.header("x-aliyun-ecs-metadata-token").is_none()));

    let imds = metadata("r", 403).await;
    let s = settings(&[("ALIBABA_CLOUD_IMDSV1_DISABLED", "true")]).metadata_endpoint(imds.url());
    let e = EcsRamRoleProvider::new(s)
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let msg = e.to_string();
    assert!(msg.contains("getting a metadata token: HTTP 403"), "{msg}");
    assert!(msg.contains("ALIBABA_CLOUD_IMDSV1_DISABLED"), "{msg}");
    assert_eq!(imds.requests().len(), 1, "no token-less request is made");

    // The same refusal through the builder, and an unreachable service.
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let e = EcsRamRoleProvider::new(settings(&[]).metadata_endpoint(closed))
        .disable_imdsv1(true)
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("could not connect"), "{e}");
}

#[tokio::test]
async fn a_metadata_answer_without_success_is_an_error_without_its_content() {
    let imds = Fake::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".into()),
        _ if req.path == ROLE_PATH => (200, "r".into()),
        _ => (
            200,
            r#"{"Code":"Failed","AccessKeySecret":"LeakedSecret"}"#.into(),
        ),
    })
    .await;
    let e = EcsRamRoleProvider::new(settings(&[]).metadata_endpoint(imds.url()))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("ECS RAM role `r`"), "{e}");
    assert!(!format!("{e} {e:?}").contains("LeakedSecret"));
}

#[tokio::test]
async fn a_credentials_uri_from_the_environment_and_a_cli_profile() {
    let uri = Fake::start(|req| {
        assert_eq!(req.query, "key=q");
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
    let full = format!("{}/creds?key=q", uri.url());
    let s = settings(&[("ALIBABA_CLOUD_CREDENTIALS_URI", &full)]);
    let provider = UriProvider::from_env(s).unwrap();
    assert!(
        !format!("{provider:?}").contains("key=q"),
        "the query may hold a secret"
    );
    let creds = provider.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.uri");
    assert_accepted_and_wrong_token_refused(&creds).await;

    let home = scratch();
    write(
        &home,
        ".aliyun/config.json",
        &format!(
            r#"{{"current": "u", "profiles": [{{"name": "u", "mode": "CredentialsURI", "credentials_uri": "{full}"}}]}}"#
        ),
    );
    let creds = CliProfile::new(env(&home, &[]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.security_token(), Some("uri-token"));
    assert_eq!(uri.requests().len(), 2);
}

#[tokio::test]
async fn ecs_and_oidc_and_external_cli_profile_modes() {
    let imds = metadata("profile-role", 200).await;
    let home = scratch();
    write(
        &home,
        ".aliyun/config.json",
        r#"{"current": "ecs", "profiles": [
            {"name": "ecs", "mode": "EcsRamRole", "ram_role_name": "profile-role"},
            {"name": "ext", "mode": "External", "process_command": "sh -c 'printf \"%s\" \"$0\"' '{\"mode\":\"StsToken\",\"access_key_id\":\"STS.ext\",\"access_key_secret\":\"ext-secret\",\"sts_token\":\"ext-token\",\"expiration\":\"2030-01-01T00:00:00Z\"}'"}
        ]}"#,
    );
    let chain = DefaultChain::new(env(&home, &[])).metadata_endpoint(imds.url());
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.ecs");
    assert_eq!(imds.requests().len(), 2, "the profile names the role");

    if cfg!(unix) {
        let creds = CliProfile::new(env(&home, &[]))
            .profile("ext")
            .provide_credentials()
            .await
            .unwrap();
        assert_eq!(creds.access_key_id(), "STS.ext");
        assert_accepted_and_wrong_token_refused(&creds).await;
        let e = ExternalProcess::new(settings(&[]), "false")
            .provide_credentials()
            .await
            .unwrap_err();
        assert!(
            e.to_string().contains("external process `false`: exited"),
            "{e}"
        );
    }
}
