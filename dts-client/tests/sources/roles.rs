//! STS: `AssumeRole` signed with V1 by the source credentials (RamRoleArn,
//! ChainableRamRoleArn, ini `ram_role_arn`), `AssumeRoleWithOIDC` unsigned with the token
//! file read at each refresh, and the endpoint settings.

use std::sync::Arc;
use std::time::Duration;

use dts_client::credentials::{
    CliProfile, DefaultChain, IniProfile, OidcRoleProvider, SourceSettings,
};
use dts_client::{ErrorKind, ProvideCredentials};
use serde_json::json;

use crate::fake::{Fake, Request};
use crate::{
    assert_accepted_and_wrong_token_refused, creds_json, env, scratch, t0, v1_signature_ok, write,
    TestClock,
};

/// The keys the fake STS knows: id, secret, token.
const KEYS: [(&str, &str, Option<&str>); 2] = [
    ("LTAI.source", "source-secret", None),
    ("STS.first", "first-secret", Some("first-token")),
];

/// Answers `AssumeRole` (signature checked) and `AssumeRoleWithOIDC` (must be unsigned).
fn sts(req: &Request) -> (u16, String) {
    let refuse = |code: &str| {
        (
            400,
            json!({"Code": code, "Message": "refused", "RequestId": "R"}).to_string(),
        )
    };
    assert_eq!(req.method, "POST");
    assert_eq!(req.param("Version").as_deref(), Some("2015-04-01"));
    let role = req.param("RoleArn").unwrap_or_default();
    let (id, secret, token) = match req.param("Action").as_deref() {
        Some("AssumeRole") => {
            let who = req.param("AccessKeyId").unwrap_or_default();
            let Some((_, secret, token)) = KEYS.iter().find(|(id, _, _)| *id == who) else {
                return refuse("InvalidAccessKeyId.NotFound");
            };
            if !v1_signature_ok(req, secret) {
                return refuse("SignatureDoesNotMatch");
            }
            if req.param("SecurityToken").as_deref() != *token {
                return refuse("InvalidSecurityToken.Mismatch");
            }
            match role.as_str() {
                "acs:ram::1:role/first" => ("STS.first", "first-secret", "first-token".to_owned()),
                _ => ("STS.second", "second-secret", format!("second-by-{who}")),
            }
        }
        Some("AssumeRoleWithOIDC") => {
            if req.param("Signature").is_some() || req.param("AccessKeyId").is_some() {
                return refuse("UnexpectedSignature");
            }
            let oidc = req.param("OIDCToken").unwrap_or_default();
            ("STS.oidc", "oidc-secret", format!("for-{oidc}"))
        }
        _ => return refuse("InvalidAction.NotFound"),
    };
    let expires = t0() + Duration::from_secs(3600);
    (
        200,
        json!({"RequestId": "R", "AssumedRoleUser": {"Arn": role, "AssumedRoleId": "1"},
               "Credentials": creds_json(id, secret, &token, expires)})
        .to_string(),
    )
}

fn config(sts_url: &str) -> String {
    format!(
        r#"{{"current": "role", "profiles": [
        {{"name": "base", "mode": "AK", "access_key_id": "LTAI.source", "access_key_secret": "source-secret"}},
        {{"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAI.source", "access_key_secret": "source-secret",
          "ram_role_arn": "acs:ram::1:role/first", "ram_session_name": "s1", "expired_seconds": 1800,
          "external_id": "ext-1", "sts_endpoint": "{sts_url}"}},
        {{"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
          "ram_role_arn": "acs:ram::1:role/second", "ram_session_name": "s2"}},
        {{"name": "loop", "mode": "ChainableRamRoleArn", "source_profile": "loop", "ram_role_arn": "x"}},
        {{"name": "short", "mode": "RamRoleArn", "access_key_id": "a", "access_key_secret": "b",
          "ram_role_arn": "r", "expired_seconds": 60}}
    ]}}"#
    )
}

#[tokio::test]
async fn ram_role_arn_profiles_assume_the_role_with_a_v1_signature() {
    let stsd = Fake::start(sts).await;
    let home = scratch();
    write(&home, ".aliyun/config.json", &config(&stsd.url()));
    let creds = CliProfile::new(env(&home, &[]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.first");
    assert_eq!(creds.expiration(), Some(t0() + Duration::from_secs(3600)));
    let req = &stsd.requests()[0];
    assert!(v1_signature_ok(req, "source-secret"));
    assert_eq!(req.param("RoleSessionName").as_deref(), Some("s1"));
    assert_eq!(req.param("DurationSeconds").as_deref(), Some("1800"));
    assert_eq!(req.param("ExternalId").as_deref(), Some("ext-1"));
    assert!(
        req.body.contains("RoleArn="),
        "action parameters travel in the form body"
    );
    assert!(req.query.contains("Signature="));
    assert_accepted_and_wrong_token_refused(&creds).await;
}

#[tokio::test]
async fn chainable_roles_sign_with_the_source_role_and_its_token() {
    let stsd = Fake::start(sts).await;
    let home = scratch();
    write(&home, ".aliyun/config.json", &config(&stsd.url()));
    // The chained profile has no `sts_endpoint`; the environment variable gives a URL.
    let e = env(
        &home,
        &[
            ("ALIBABA_CLOUD_PROFILE", "chained"),
            ("ALIBABA_CLOUD_STS_ENDPOINT", &stsd.url()),
        ],
    );
    let creds = CliProfile::new(e).provide_credentials().await.unwrap();
    assert_eq!(creds.access_key_id(), "STS.second");
    assert_eq!(creds.security_token(), Some("second-by-STS.first"));
    let reqs = stsd.requests();
    assert_eq!(reqs.len(), 2);
    assert!(v1_signature_ok(&reqs[1], "first-secret"));
    assert_eq!(
        reqs[1].param("SecurityToken").as_deref(),
        Some("first-token")
    );
    assert_accepted_and_wrong_token_refused(&creds).await;

    let errors = [
        ("loop", "nest more than 8 deep"),
        ("short", "at least 900 seconds"),
    ];
    for (name, expected) in errors {
        let e = CliProfile::new(env(&home, &[]))
            .profile(name)
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Credentials);
        assert!(e.to_string().contains(expected), "{name}: {e}");
    }
}

#[tokio::test]
async fn a_refused_assume_role_is_a_located_error() {
    let stsd = Fake::start(sts).await;
    let home = scratch();
    write(
        &home,
        ".alibabacloud/credentials",
        "[default]\ntype = ram_role_arn\naccess_key_id = LTAI.source\naccess_key_secret = wrong-secret\nrole_arn = acs:ram::1:role/first\n",
    );
    let s = SourceSettings::new(env(&home, &[])).sts_endpoint(stsd.url());
    let e = IniProfile::with_settings(s)
        .provide_credentials()
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("AssumeRole of `acs:ram::1:role/first`"),
        "{msg}"
    );
    assert!(msg.contains("SignatureDoesNotMatch"), "{msg}");
    assert!(!msg.contains("wrong-secret"), "{msg}");

    write(
        &home,
        ".alibabacloud/credentials",
        "[default]\ntype = ram_role_arn\naccess_key_id = LTAI.source\naccess_key_secret = source-secret\nrole_arn = acs:ram::1:role/first\n",
    );
    let s = SourceSettings::new(env(&home, &[])).sts_endpoint(stsd.url());
    let creds = IniProfile::with_settings(s)
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.first");
}

#[tokio::test]
async fn oidc_from_the_environment_is_unsigned_and_rereads_its_token_file() {
    let stsd = Fake::start(sts).await;
    let dir = scratch();
    let token_file = write(&dir, "token", "oidc-one\n");
    let clock = TestClock::new();
    let vars = [
        ("ALIBABA_CLOUD_ROLE_ARN", "acs:ram::1:role/oidc"),
        (
            "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
            "acs:ram::1:oidc-provider/ack",
        ),
        (
            "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
            token_file.to_str().unwrap(),
        ),
        ("ALIBABA_CLOUD_ROLE_SESSION_NAME", "pod-1"),
        ("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true"),
    ];
    let s = SourceSettings::new(env(&dir, &vars))
        .clock(Arc::new(clock.clone()))
        .sts_endpoint(stsd.url());
    let chain = DefaultChain::with_settings(s.clone());
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(creds.security_token(), Some("for-oidc-one"));
    let req = &stsd.requests()[0];
    assert_eq!(
        req.param("OIDCProviderArn").as_deref(),
        Some("acs:ram::1:oidc-provider/ack")
    );
    assert_eq!(req.param("RoleSessionName").as_deref(), Some("pod-1"));
    assert!(req.param("Signature").is_none());
    assert_accepted_and_wrong_token_refused(&creds).await;

    // After expiry the chain (sticky on OIDC) fetches again with the rotated token.
    std::fs::write(&token_file, "oidc-two").unwrap();
    clock.set(t0() + Duration::from_secs(3600));
    let creds = chain.provide_credentials().await.unwrap();
    assert_eq!(creds.security_token(), Some("for-oidc-two"));

    // Only two of the three variables: no OIDC source.
    assert!(OidcRoleProvider::from_env(SourceSettings::new(env(&dir, &vars[1..]))).is_none());
}

#[tokio::test]
async fn oidc_profile_mode_and_ini_oidc_and_ecs_types() {
    let stsd = Fake::start(sts).await;
    let dir = scratch();
    let token_file = write(&dir, "token", "from-profile");
    write(
        &dir,
        ".aliyun/config.json",
        &format!(
            r#"{{"current": "o", "profiles": [{{"name": "o", "mode": "OIDC",
            "ram_role_arn": "acs:ram::1:role/o", "oidc_provider_arn": "acs:ram::1:oidc-provider/p",
            "oidc_token_file": "{}", "ram_session_name": "prof", "expired_seconds": "1200"}}]}}"#,
            token_file.display()
        ),
    );
    let s = SourceSettings::new(env(&dir, &[])).sts_endpoint(stsd.url());
    let creds = CliProfile::with_settings(s.clone())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.security_token(), Some("for-from-profile"));
    let req = &stsd.requests()[0];
    assert_eq!(req.param("RoleSessionName").as_deref(), Some("prof"));
    assert_eq!(req.param("DurationSeconds").as_deref(), Some("1200"));
    assert_accepted_and_wrong_token_refused(&creds).await;

    write(
        &dir,
        ".alibabacloud/credentials",
        &format!(
            "[default]\ntype = oidc_role_arn\nrole_arn = acs:ram::1:role/o\noidc_provider_arn = p\noidc_token_file_path = {}\n\n[ecs]\ntype = ecs_ram_role\nrole_name = ini-role\n",
            token_file.display()
        ),
    );
    let creds = IniProfile::with_settings(s.clone())
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.oidc");

    let imds = Fake::start(|req| match req.method.as_str() {
        "PUT" => (200, "t".into()),
        _ if req.path.ends_with("/ini-role") => (
            200,
            creds_json("STS.ini-ecs", "s", "tok", t0() + Duration::from_secs(3600)).to_string(),
        ),
        _ => (404, "{}".into()),
    })
    .await;
    let creds = IniProfile::with_settings(s.metadata_endpoint(imds.url()))
        .profile("ecs")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(creds.access_key_id(), "STS.ini-ecs");
    assert_eq!(imds.requests().len(), 2, "the section names the role");
}
