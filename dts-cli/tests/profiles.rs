//! `dts` takes credentials from the same chain as the library: profile modes that need a
//! network source, `--profile` and `ALIBABA_CLOUD_PROFILE`, against an emulator that checks
//! security tokens.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use dts_emulator::Emulator;

/// A credentials URI on 127.0.0.1 that answers every request with one set of temporary
/// credentials; the thread ends with the test process.
fn credentials_uri() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/creds", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let expires =
                humantime::format_rfc3339_seconds(SystemTime::now() + Duration::from_secs(3600));
            let body = format!(
                r#"{{"Code":"Success","AccessKeyId":"STS.cli","AccessKeySecret":"cli-secret","SecurityToken":"cli-token","Expiration":"{expires}"}}"#
            );
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    url
}

fn dts(home: &std::path::Path, vars: &[(&str, &str)], args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dts"))
        .env_clear()
        .env("HOME", home)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .envs(vars.iter().copied())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn profile_modes_resolve_through_the_default_chain() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let emu = runtime
        .block_on(
            Emulator::builder()
                .credentials_with_token("STS.cli", "cli-secret", "cli-token", None)
                .start(),
        )
        .unwrap();
    let home = std::env::temp_dir().join(format!("dts-cli-profiles-{}", std::process::id()));
    std::fs::create_dir_all(home.join(".aliyun")).unwrap();
    let uri = credentials_uri();
    std::fs::write(
        home.join(".aliyun/config.json"),
        format!(
            r#"{{"current": "broken", "profiles": [
              {{"name": "broken", "mode": "CloudSSO"}},
              {{"name": "uri", "mode": "CredentialsURI", "credentials_uri": "{uri}", "region_id": "cn-hangzhou"}},
              {{"name": "stale", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "cli-secret", "sts_token": "old-token"}}
            ]}}"#
        ),
    )
    .unwrap();
    let url = emu.url();
    let call = |vars: &[(&str, &str)], profile: Option<&str>| {
        let mut args = vec!["--endpoint", url.as_str()];
        if let Some(p) = profile {
            args.extend(["--profile", p]);
        }
        args.push("describe-synchronization-jobs");
        dts(&home, vars, &args)
    };
    let text = |o: &Output| String::from_utf8_lossy(&o.stderr).into_owned();

    let out = call(&[], Some("uri"));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = call(&[("ALIBABA_CLOUD_PROFILE", "uri")], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    let out = call(&[], Some("stale"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("InvalidSecurityToken.Mismatch"),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("cli-secret") && !text(&out).contains("old-token"));

    // The current profile uses an unsupported mode and nothing else is configured: a
    // credentials error naming it, exit 2.
    let out = call(&[], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("mode `CloudSSO`"), "{}", text(&out));

    runtime.block_on(emu.shutdown());
    let _ = std::fs::remove_dir_all(&home);
}
