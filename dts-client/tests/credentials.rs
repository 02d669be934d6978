//! Credential sources and the default chain, over temporary home directories; no test reads
//! the real environment or home.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use dts_client::credentials::{CliProfile, DefaultChain, EnvVars, Environment, IniProfile};
use dts_client::{Credentials, ErrorKind, ProvideCredentials};

const SECRET: &str = "S3cretValueNeverShown";
const TOKEN: &str = "StsTokenNeverShown";

/// A fresh, empty home directory under Cargo's per-target scratch space.
fn home() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "dts-client-creds-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(home: &Path, rel: &str, text: &str) {
    let path = home.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn cli_config(current: &str) -> String {
    format!(
        r#"{{
  "current": "{current}",
  "profiles": [
    {{"name": "default", "mode": "AK", "access_key_id": "cli-default", "access_key_secret": "{SECRET}", "region_id": "cn-hangzhou"}},
    {{"name": "sts", "mode": "StsToken", "access_key_id": "cli-sts", "access_key_secret": "{SECRET}", "sts_token": "{TOKEN}"}},
    {{"name": "sso", "mode": "CloudSSO", "access_key_id": "x", "access_key_secret": "{SECRET}"}}
  ],
  "meta_path": ""
}}"#
    )
}

fn ini() -> String {
    format!(
        "# shared credentials\n[default]\ntype = access_key\naccess_key_id = ini-default\naccess_key_secret = {SECRET}\n\n\
         [project]\ntype = sts\naccess_key_id = ini-sts\naccess_key_secret = {SECRET}\nsecurity_token = {TOKEN}\n\n\
         [rsa]\ntype = rsa_key_pair\npublic_key_id = r\n"
    )
}

/// `vars` and `home`, with the ECS metadata source off (no test leaves the loopback).
fn env(home: &Path, vars: &[(&str, &str)]) -> Environment {
    Environment::fixed(
        vars.iter()
            .copied()
            .chain([("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")]),
    )
    .with_home(home)
}

fn assert_no_secret(text: &str) {
    assert!(
        !text.contains(SECRET) && !text.contains(TOKEN),
        "secret shown: {text}"
    );
}

const ENV_VARS: [(&str, &str); 3] = [
    ("ALIBABA_CLOUD_ACCESS_KEY_ID", "env-id"),
    ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET),
    ("ALIBABA_CLOUD_SECURITY_TOKEN", TOKEN),
];

#[tokio::test]
async fn environment_variables_give_static_or_sts_credentials() {
    let h = home();
    let c = EnvVars::new(env(&h, &ENV_VARS))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        ("env-id", SECRET, Some(TOKEN))
    );
    let c = EnvVars::new(env(&h, &ENV_VARS[..2]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.security_token(), None);
    let e = EnvVars::new(env(&h, &ENV_VARS[..1]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(
        e.to_string(),
        "credentials: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
    );
}

#[tokio::test]
async fn the_chain_prefers_environment_then_cli_profile_then_ini_file() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("default"));
    write(&h, ".alibabacloud/credentials", &ini());
    let id = |vars: &[(&str, &str)]| {
        let chain = DefaultChain::new(env(&h, vars));
        async move {
            chain
                .provide_credentials()
                .await
                .unwrap()
                .access_key_id()
                .to_owned()
        }
    };
    assert_eq!(id(&ENV_VARS).await, "env-id");
    assert_eq!(
        id(&ENV_VARS[1..]).await,
        "cli-default",
        "a half-set pair passes"
    );
    assert_eq!(id(&[]).await, "cli-default");
    assert_eq!(
        id(&[("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")]).await,
        "ini-default"
    );
    std::fs::remove_file(h.join(".aliyun/config.json")).unwrap();
    assert_eq!(id(&[]).await, "ini-default");
    assert_eq!(id(&[("ALIBABA_CLOUD_PROFILE", "project")]).await, "ini-sts");
}

#[tokio::test]
async fn cli_profiles_are_chosen_by_override_variable_or_current() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("sts"));
    let c = CliProfile::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-sts", Some(TOKEN))
    );
    let c = CliProfile::new(env(&h, &[("ALIBABA_CLOUD_PROFILE", "default")]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-default", None)
    );
    let c = CliProfile::new(env(&h, &[("ALIBABA_CLOUD_PROFILE", "sts")]))
        .profile("default")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "cli-default", "an explicit profile wins");
}

#[tokio::test]
async fn unsupported_cli_modes_are_clear_errors_and_the_chain_passes_them() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("sso"));
    let e = DefaultChain::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(msg.contains("profile `sso`"), "{msg}");
    assert!(
        msg.contains(&h.join(".aliyun/config.json").display().to_string()),
        "{msg}"
    );
    assert!(
        msg.contains("mode `CloudSSO`, which is not supported; supported modes are AK, StsToken"),
        "{msg}"
    );
    assert_no_secret(&msg);
}

#[tokio::test]
async fn malformed_files_name_file_and_line_but_not_their_content() {
    let h = home();
    write(&h, ".aliyun/config.json", &format!("{{\n  \"current\": \"default\",\n  \"profiles\": [\n    {{\"access_key_secret\": \"{SECRET}\" \"x\": 1}}\n  ]\n}}"));
    let e = CliProfile::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains(&format!(
            "`{}` line 4, column",
            h.join(".aliyun/config.json").display()
        )),
        "{msg}"
    );
    assert!(msg.contains("invalid JSON"), "{msg}");
    assert_no_secret(&msg);
    assert_no_secret(&format!("{e:?}"));

    write(
        &h,
        ".alibabacloud/credentials",
        &format!("[default]\ntype = access_key\n{SECRET}\n"),
    );
    let e = IniProfile::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    let msg = e.to_string();
    let path = h.join(".alibabacloud/credentials");
    assert_eq!(
        msg,
        format!(
            "credentials: `{}` line 3: expected `key = value` or `[section]`",
            path.display()
        )
    );
    assert_no_secret(&format!("{e:?}"));
}

#[tokio::test]
async fn ini_profiles_by_type() {
    let h = home();
    write(&h, ".alibabacloud/credentials", &ini());
    let c = IniProfile::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        ("ini-default", SECRET, None)
    );
    let c = IniProfile::new(env(&h, &[]))
        .profile("project")
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("ini-sts", Some(TOKEN))
    );
    let e = IniProfile::new(env(&h, &[]))
        .profile("rsa")
        .provide_credentials()
        .await
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("profile `rsa`"), "{msg}");
    assert!(msg.contains("(line 13)"), "{msg}");
    assert!(
        msg.contains("type `rsa_key_pair`, which is not supported"),
        "{msg}"
    );

    let elsewhere = home().join("my-credentials");
    std::fs::write(
        &elsewhere,
        "[default]\naccess_key_id = moved\naccess_key_secret = s\n",
    )
    .unwrap();
    let vars = [(
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        elsewhere.to_str().unwrap(),
    )];
    let c = IniProfile::new(env(&h, &vars))
        .provide_credentials()
        .await
        .unwrap();
    assert_eq!(c.access_key_id(), "moved");

    write(
        &h,
        ".alibabacloud/credentials",
        "[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = b\n",
    );
    let e = IniProfile::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(e.to_string().ends_with("has no `security_token`"), "{e}");
}

#[tokio::test]
async fn an_empty_chain_names_every_place_it_looked() {
    let h = home();
    let e = DefaultChain::new(env(&h, &[]))
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let msg = e.to_string();
    assert!(
        msg.starts_with("credentials: no source in the chain gave credentials: "),
        "{msg}"
    );
    assert!(msg.contains("ALIBABA_CLOUD_ACCESS_KEY_ID and"), "{msg}");
    assert!(
        msg.contains(&h.join(".aliyun/config.json").display().to_string()),
        "{msg}"
    );
    assert!(
        msg.contains(&h.join(".alibabacloud/credentials").display().to_string()),
        "{msg}"
    );
    assert!(
        !msg.contains("ECS"),
        "the metadata source is disabled: {msg}"
    );

    let e = DefaultChain::new(Environment::fixed([(
        "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
        "TRUE",
    )]))
    .provide_credentials()
    .await
    .unwrap_err();
    assert!(e.to_string().contains("no home directory"), "{e}");
}

#[tokio::test]
async fn a_named_profile_skips_the_environment_and_searches_both_files() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("default"));
    write(&h, ".alibabacloud/credentials", &ini());
    let chain = |name: &str| DefaultChain::new(env(&h, &ENV_VARS)).profile(name);
    let id = |name: &str| {
        let chain = chain(name);
        async move {
            chain
                .provide_credentials()
                .await
                .map(|c| c.access_key_id().to_owned())
        }
    };
    assert_eq!(id("sts").await.unwrap(), "cli-sts");
    assert_eq!(id("project").await.unwrap(), "ini-sts");
    let e = id("nope").await.unwrap_err();
    assert!(e.to_string().contains("aliyun CLI profile `nope`"), "{e}");
    assert!(e.to_string().contains("profile `nope` in"), "{e}");
    assert!(
        !e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{e}"
    );
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let c = Credentials::new("LTAI-id", SECRET).with_security_token(TOKEN);
    let shown = format!("{c:?}");
    assert!(shown.contains("LTAI-id"), "{shown}");
    assert_no_secret(&shown);
    let h = home();
    let e = env(&h, &ENV_VARS);
    assert_no_secret(&format!("{e:?}"));
    assert_no_secret(&format!("{:?}", DefaultChain::new(e.clone())));
    assert_no_secret(&format!("{:?}", EnvVars::new(e)));
}

/// A provider counting how often it is asked, answering with fixed credentials.
#[derive(Debug)]
struct Counting {
    creds: Credentials,
    asked: std::sync::Arc<AtomicUsize>,
}

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> dts_client::credentials::ProvideFuture<'_> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        let creds = self.creds.clone();
        Box::pin(async move { Ok(creds) })
    }
}

#[tokio::test]
async fn the_last_of_credentials_and_credentials_provider_is_the_one_used() {
    let emulator = dts_emulator::Emulator::builder()
        .credentials("right-id", "right-secret")
        .start()
        .await
        .expect("the emulator starts");
    let asked = std::sync::Arc::new(AtomicUsize::new(0));
    let provider = |id: &str, secret: &str| Counting {
        creds: Credentials::new(id, secret),
        asked: asked.clone(),
    };
    let call = |client: dts_client::Client| async move {
        client
            .describe_dts_jobs()
            .region_id("cn-hangzhou")
            .send()
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    };
    let base = || dts_client::Client::builder().endpoint_url(emulator.url());

    // Fixed credentials given last: the provider given before is not asked.
    let fixed_last = base()
        .credentials_provider(provider("wrong-id", "wrong-secret"))
        .credentials(Credentials::new("right-id", "right-secret"))
        .build()
        .unwrap();
    call(fixed_last).await.expect("the fixed credentials sign");
    assert_eq!(asked.load(Ordering::SeqCst), 0);

    // A provider given last replaces the fixed credentials, and is asked at every call.
    let provider_last = base()
        .credentials(Credentials::new("wrong-id", "wrong-secret"))
        .credentials_provider(provider("right-id", "right-secret"))
        .build()
        .unwrap();
    call(provider_last.clone())
        .await
        .expect("the provider's credentials sign");
    call(provider_last).await.expect("and again");
    assert_eq!(asked.load(Ordering::SeqCst), 2);

    // Wrong fixed credentials fail, so the checks above could fail.
    let wrong = base()
        .credentials(Credentials::new("wrong-id", "wrong-secret"))
        .build()
        .unwrap();
    let error = call(wrong)
        .await
        .expect_err("the emulator refuses an unknown key");
    assert!(error.contains("InvalidAccessKeyId"), "{error}");
    emulator.shutdown().await;
}
