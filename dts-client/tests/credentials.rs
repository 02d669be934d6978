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
    {{"name": "role", "mode": "RamRoleArn", "access_key_id": "x", "access_key_secret": "{SECRET}", "ram_role_arn": "acs:ram::1:role/r"}}
  ],
  "meta_path": ""
}}"#
    )
}

fn ini() -> String {
    format!(
        "# shared credentials\n[default]\ntype = access_key\naccess_key_id = ini-default\naccess_key_secret = {SECRET}\n\n\
         [project]\ntype = sts\naccess_key_id = ini-sts\naccess_key_secret = {SECRET}\nsecurity_token = {TOKEN}\n\n\
         [ecs]\ntype = ecs_ram_role\nrole_name = r\n"
    )
}

fn env(home: &Path, vars: &[(&str, &str)]) -> Environment {
    Environment::fixed(vars.iter().copied()).with_home(home)
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

#[test]
fn environment_variables_give_static_or_sts_credentials() {
    let h = home();
    let c = EnvVars::new(env(&h, &ENV_VARS))
        .provide_credentials()
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        ("env-id", SECRET, Some(TOKEN))
    );
    let c = EnvVars::new(env(&h, &ENV_VARS[..2]))
        .provide_credentials()
        .unwrap();
    assert_eq!(c.security_token(), None);
    let e = EnvVars::new(env(&h, &ENV_VARS[..1]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert_eq!(
        e.to_string(),
        "credentials: ALIBABA_CLOUD_ACCESS_KEY_ID is set but ALIBABA_CLOUD_ACCESS_KEY_SECRET is not"
    );
}

#[test]
fn the_chain_prefers_environment_then_cli_profile_then_ini_file() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("default"));
    write(&h, ".alibabacloud/credentials", &ini());
    let id = |vars: &[(&str, &str)]| {
        DefaultChain::new(env(&h, vars))
            .provide_credentials()
            .unwrap()
            .access_key_id()
            .to_owned()
    };
    assert_eq!(id(&ENV_VARS), "env-id");
    assert_eq!(id(&[]), "cli-default");
    std::fs::remove_file(h.join(".aliyun/config.json")).unwrap();
    assert_eq!(id(&[]), "ini-default");
    assert_eq!(id(&[("ALIBABA_CLOUD_PROFILE", "project")]), "ini-sts");
}

#[test]
fn cli_profiles_are_chosen_by_override_variable_or_current() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("sts"));
    let c = CliProfile::new(env(&h, &[])).provide_credentials().unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-sts", Some(TOKEN))
    );
    let c = CliProfile::new(env(&h, &[("ALIBABA_CLOUD_PROFILE", "default")]))
        .provide_credentials()
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("cli-default", None)
    );
    let c = CliProfile::new(env(&h, &[("ALIBABA_CLOUD_PROFILE", "sts")]))
        .profile("default")
        .provide_credentials()
        .unwrap();
    assert_eq!(c.access_key_id(), "cli-default", "an explicit profile wins");
}

#[test]
fn unsupported_cli_modes_are_clear_errors() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("role"));
    let e = DefaultChain::new(env(&h, &[]))
        .provide_credentials()
        .unwrap_err();
    let msg = e.to_string();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    assert!(msg.contains("profile `role`"), "{msg}");
    assert!(
        msg.contains(&h.join(".aliyun/config.json").display().to_string()),
        "{msg}"
    );
    assert!(
        msg.contains(
            "mode `RamRoleArn`, which is not supported; supported modes are AK and StsToken"
        ),
        "{msg}"
    );
    assert_no_secret(&msg);
}

#[test]
fn malformed_files_name_file_and_line_but_not_their_content() {
    let h = home();
    write(&h, ".aliyun/config.json", &format!("{{\n  \"current\": \"default\",\n  \"profiles\": [\n    {{\"access_key_secret\": \"{SECRET}\" \"x\": 1}}\n  ]\n}}"));
    let e = CliProfile::new(env(&h, &[]))
        .provide_credentials()
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

#[test]
fn ini_profiles_support_access_key_and_sts_types_only() {
    let h = home();
    write(&h, ".alibabacloud/credentials", &ini());
    let c = IniProfile::new(env(&h, &[])).provide_credentials().unwrap();
    assert_eq!(
        (c.access_key_id(), c.access_key_secret(), c.security_token()),
        ("ini-default", SECRET, None)
    );
    let c = IniProfile::new(env(&h, &[]))
        .profile("project")
        .provide_credentials()
        .unwrap();
    assert_eq!(
        (c.access_key_id(), c.security_token()),
        ("ini-sts", Some(TOKEN))
    );
    let e = IniProfile::new(env(&h, &[]))
        .profile("ecs")
        .provide_credentials()
        .unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("profile `ecs`"), "{msg}");
    assert!(msg.contains("(line 13)"), "{msg}");
    assert!(
        msg.contains("type `ecs_ram_role`, which is not supported"),
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
        .unwrap();
    assert_eq!(c.access_key_id(), "moved");

    write(
        &h,
        ".alibabacloud/credentials",
        "[default]\ntype = sts\naccess_key_id = a\naccess_key_secret = b\n",
    );
    let e = IniProfile::new(env(&h, &[]))
        .provide_credentials()
        .unwrap_err();
    assert!(e.to_string().ends_with("has no `security_token`"), "{e}");
}

#[test]
fn an_empty_chain_names_every_place_it_looked() {
    let h = home();
    let e = DefaultChain::new(env(&h, &[]))
        .provide_credentials()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let msg = e.to_string();
    assert!(
        msg.starts_with("credentials: no credentials found; looked in: "),
        "{msg}"
    );
    assert!(msg.contains("ALIBABA_CLOUD_ACCESS_KEY_ID"), "{msg}");
    assert!(
        msg.contains(&h.join(".aliyun/config.json").display().to_string()),
        "{msg}"
    );
    assert!(
        msg.contains(&h.join(".alibabacloud/credentials").display().to_string()),
        "{msg}"
    );

    let e = DefaultChain::new(Environment::fixed([("X", "1")]))
        .provide_credentials()
        .unwrap_err();
    assert!(e.to_string().contains("no home directory"), "{e}");
}

#[test]
fn a_named_profile_skips_the_environment_and_searches_both_files() {
    let h = home();
    write(&h, ".aliyun/config.json", &cli_config("default"));
    write(&h, ".alibabacloud/credentials", &ini());
    let chain = |name: &str| {
        DefaultChain::new(env(&h, &ENV_VARS))
            .profile(name)
            .provide_credentials()
    };
    assert_eq!(chain("sts").unwrap().access_key_id(), "cli-sts");
    assert_eq!(chain("project").unwrap().access_key_id(), "ini-sts");
    let e = chain("nope").unwrap_err();
    assert!(e.to_string().contains("aliyun CLI profile `nope`"), "{e}");
    assert!(e.to_string().contains("profile `nope` in"), "{e}");
    assert!(
        !e.to_string().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"),
        "{e}"
    );
}

#[test]
fn debug_output_never_shows_secrets() {
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
