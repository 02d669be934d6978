//! The network credential sources: the ECS metadata service, STS (`AssumeRole`, chained
//! roles, `AssumeRoleWithOIDC`), credentials URIs and external processes, each succeeding and
//! failing, with the secret, the security token, the metadata token and the OIDC token all
//! set to the forbidden values. Their providers, credentials, errors and traces stay clean.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use dts_client::credentials::{
    CachedProvider, CliProfile, DefaultChain, EcsRamRoleProvider, ExternalProcess,
    OidcRoleProvider, RamRoleProvider, SourceSettings, UriProvider,
};
use dts_client::{Credentials, ErrorKind, ProvideCredentials};

use super::reliability_support::{scripted_server, Reply};
use super::{home, logs, write, Seen, SECRET, TOKEN, WRONG_SECRET};

/// A successful answer with the forbidden secret and token, valid for an hour.
fn answer(wrapped: bool) -> Vec<u8> {
    let expires = humantime::format_rfc3339_seconds(SystemTime::now() + Duration::from_secs(3600));
    let creds = serde_json::json!({"Code": "Success", "AccessKeyId": "STS.id",
        "AccessKeySecret": SECRET, "SecurityToken": TOKEN, "Expiration": expires.to_string()});
    let body = if wrapped {
        serde_json::json!({"RequestId": "R", "Credentials": creds})
    } else {
        creds
    };
    body.to_string().into_bytes()
}

fn ok(wrapped: bool) -> Reply {
    Reply::Answer(200, answer(wrapped))
}

fn settings() -> SourceSettings {
    SourceSettings::new(super::no_vars(&home()))
}

async fn check(seen: &mut Seen, what: &str, provider: &dyn ProvideCredentials, succeeds: bool) {
    seen.debug(&format!("{what} provider before"), provider);
    match provider.provide_credentials().await {
        Ok(creds) => {
            assert!(succeeds, "{what} succeeded");
            seen.debug(&format!("{what} credentials"), &creds);
        }
        Err(e) => {
            assert!(!succeeds, "{what}: {e}");
            assert_eq!(e.kind(), ErrorKind::Credentials, "{what}: {e}");
            seen.error(what, &e);
        }
    }
    seen.debug(&format!("{what} provider after"), provider);
}

#[tokio::test]
async fn network_sources_never_show_secrets_or_tokens() {
    logs();
    let mut seen = Seen::default();

    // ECS: the metadata token is the forbidden token too.
    let token = Reply::Answer(200, TOKEN.as_bytes().to_vec());
    let imds = scripted_server(vec![
        token.clone(),
        Reply::Answer(200, b"r".to_vec()),
        ok(false),
    ]);
    let ecs = EcsRamRoleProvider::new(settings().metadata_endpoint(imds)).cached();
    check(&mut seen, "ecs", &ecs, true).await;
    let failing = serde_json::json!({"Code": "Failed", "AccessKeySecret": SECRET}).to_string();
    let imds = scripted_server(vec![
        token.clone(),
        Reply::EchoRequest(500),
        token,
        Reply::Answer(200, failing.into_bytes()),
    ]);
    let ecs = EcsRamRoleProvider::new(settings().metadata_endpoint(imds));
    check(&mut seen, "ecs echoing its request", &ecs, false).await;
    check(&mut seen, "ecs failing answer", &ecs.role_name("r"), false).await;

    // AssumeRole signed with the forbidden secret, chained from a source carrying the token;
    // then a gateway error page quoting the signed request.
    let source: Arc<dyn ProvideCredentials> =
        Arc::new(Credentials::new("LTAI.src", SECRET).with_security_token(TOKEN));
    let sts = scripted_server(vec![
        ok(true),
        Reply::EchoRequest(400),
        Reply::EchoRequest(400),
    ]);
    let role = RamRoleProvider::new(
        settings().sts_endpoint(&sts),
        source.clone(),
        "acs:ram::1:role/r",
    )
    .external_id(WRONG_SECRET);
    check(&mut seen, "assume role", &role.clone().cached(), true).await;
    check(&mut seen, "assume role refused", &role, false).await;

    // AssumeRoleWithOIDC with the forbidden token as the OIDC token.
    let dir = home();
    let token_file = write(&dir, "oidc-token", TOKEN.as_bytes());
    let sts = scripted_server(vec![ok(true), Reply::EchoRequest(400)]);
    let oidc = OidcRoleProvider::new(
        settings().sts_endpoint(&sts),
        "acs:ram::1:role/r",
        "acs:ram::1:oidc-provider/p",
        token_file.to_str().unwrap(),
    );
    check(&mut seen, "oidc", &oidc, true).await;
    check(&mut seen, "oidc refused", &oidc, false).await;

    // A credentials URI with the secret in its query.
    let uri = scripted_server(vec![ok(false), Reply::EchoRequest(500)]);
    let uri = UriProvider::new(settings(), format!("{uri}/c?key={SECRET}"));
    check(&mut seen, "uri", &uri, true).await;
    check(&mut seen, "uri refused", &uri, false).await;

    // An external process printing the secrets with an unsupported mode.
    if cfg!(unix) {
        let printed = format!(
            r#"{{"mode":"RsaKeyPair","access_key_id":"a","access_key_secret":"{SECRET}","sts_token":"{TOKEN}"}}"#
        );
        let command = format!("sh -c 'printf \"%s\" \"$0\"' '{printed}'");
        let external = ExternalProcess::new(settings(), command);
        check(&mut seen, "external", &external, false).await;
    }

    // The chain over a profile file whose every profile fails, then a cache whose refresh
    // fails after expiry.
    let h = home();
    write(
        &h,
        ".aliyun/config.json",
        format!(
            r#"{{"current": "c", "profiles": [{{"name": "c", "mode": "ChainableRamRoleArn",
                "source_profile": "s", "ram_role_arn": "r", "external_id": "{WRONG_SECRET}"}},
                {{"name": "s", "mode": "StsToken", "access_key_id": "a",
                "access_key_secret": "{SECRET}", "sts_token": "{TOKEN}",
                "sts_endpoint": "http://127.0.0.1:9"}}]}}"#
        )
        .as_bytes(),
    );
    let chain = DefaultChain::new(super::no_vars(&h)).sts_endpoint("http://127.0.0.1:9");
    check(&mut seen, "chain", &chain, false).await;
    let cli = CliProfile::new(super::no_vars(&h));
    check(&mut seen, "chained profile", &cli, false).await;

    let expired = Credentials::new("STS.old", SECRET)
        .with_security_token(TOKEN)
        .with_expiration(SystemTime::now() - Duration::from_secs(1));
    let cache = CachedProvider::new(FailingAfter(expired));
    check(&mut seen, "cache first", &cache, true).await;
    check(&mut seen, "cache expired", &cache, false).await;
    seen.assert_clean();
}

/// Gives `0` once, then fails with an error that names nothing secret.
#[derive(Debug)]
struct FailingAfter(Credentials);

impl ProvideCredentials for FailingAfter {
    fn provide_credentials(&self) -> dts_client::credentials::ProvideFuture<'_> {
        static ONCE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
        let first = !ONCE.swap(true, std::sync::atomic::Ordering::SeqCst);
        let creds = self.0.clone();
        Box::pin(async move {
            if first {
                Ok(creds)
            } else {
                Err(dts_client::Error::credentials("the vault is sealed"))
            }
        })
    }
}
