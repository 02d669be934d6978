//! The `dts` binary against a live emulator: output, exit codes, aliases, dry runs, retries.

use std::process::{Command, Output};
use std::time::Duration;

use dts_emulator::{Emulator, FaultSpec, JobStatus, RunningEmulator};

const SEED: &str = r#"{"jobs": [
  {"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
    home: std::path::PathBuf,
}

impl Fixture {
    fn new(faults: FaultSpec) -> Fixture {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime
            .block_on(
                Emulator::builder()
                    .credentials("testid", "testsecret")
                    .seed_json(SEED)
                    .faults(faults)
                    .start(),
            )
            .unwrap();
        let home = std::env::temp_dir().join(format!(
            "dts-cli-home-{}-{}",
            std::process::id(),
            emulator.addr().port()
        ));
        std::fs::create_dir_all(&home).unwrap();
        Fixture {
            runtime,
            emulator: Some(emulator),
            home,
        }
    }

    fn emulator(&self) -> &RunningEmulator {
        self.emulator.as_ref().unwrap()
    }

    /// Runs `dts --endpoint <emulator> <args>` (unless `args` name an endpoint) with the test credentials and an empty home.
    fn dts(&self, args: &[&str]) -> Output {
        self.dts_with_secret("testsecret", args)
    }

    fn dts_with_secret(&self, secret: &str, args: &[&str]) -> Output {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_dts"));
        cmd.env_clear()
            .env("HOME", &self.home)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", secret);
        if !args.contains(&"--endpoint") {
            cmd.arg("--endpoint").arg(self.emulator().url());
        }
        cmd.args(args);
        cmd.output().unwrap()
    }

    fn status(&self) -> JobStatus {
        self.emulator().jobs()[0].status
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        if let Some(e) = self.emulator.take() {
            self.runtime.block_on(e.shutdown());
        }
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn success_prints_the_response_as_json() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "start-synchronization-job",
        "--synchronization-job-id",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(body["Success"], "true");
    assert!(body["RequestId"].as_str().is_some_and(|id| !id.is_empty()));
    assert_eq!(f.status(), JobStatus::Synchronizing);
}

#[test]
fn pascal_case_action_and_parameter_are_accepted() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "StartSynchronizationJob",
        "--SynchronizationJobId",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = f.dts(&[
        "SuspendSynchronizationJob",
        "--SynchronizationJobId",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(f.status(), JobStatus::Suspending);
}

#[test]
fn service_error_exits_1_with_code_message_and_request_id() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "suspend-synchronization-job",
        "--synchronization-job-id",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    let err = text(&out.stderr);
    assert!(
        err.starts_with(
            "error: OperationDenied.JobStatusModifying: jobs state is modifying, please wait sync subtask ends (request id "
        ),
        "{err}"
    );
    assert_eq!(f.status(), JobStatus::NotStarted);
}

#[test]
fn wrong_secret_is_signature_does_not_match() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts_with_secret(
        "wrong",
        &["reset-dts-job", "--dts-job-id", "l3m1213ye7l1234"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.starts_with("error: SignatureDoesNotMatch: "), "{err}");
    assert!(!err.contains("wrong"), "the secret leaked: {err}");
}

#[test]
fn usage_errors_exit_2() {
    let f = Fixture::new(FaultSpec::none());
    let missing = f.dts(&["start-synchronization-job"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(text(&missing.stderr).contains("--synchronization-job-id"));
    let unknown = f.dts(&["no-such-action"]);
    assert_eq!(unknown.status.code(), Some(2));
    let bad_retries = f.dts(&["--retries", "many", "reset-dts-job", "--dts-job-id", "x"]);
    assert_eq!(bad_retries.status.code(), Some(2));
    assert_eq!(f.status(), JobStatus::NotStarted);
}

#[test]
fn transport_failure_exits_3() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "--endpoint",
        &format!("http://127.0.0.1:{port}"),
        "--retries",
        "0",
        "reset-dts-job",
        "--dts-job-id",
        "x",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[test]
fn timeout_exits_3() {
    let f = Fixture::new(FaultSpec {
        latency: Duration::from_secs(3),
        ..FaultSpec::none()
    });
    let out = f.dts(&[
        "--timeout",
        "0.3",
        "reset-dts-job",
        "--dts-job-id",
        "l3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[test]
fn dry_run_prints_the_signed_request_and_sends_nothing() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "--dry-run",
        "start-synchronization-job",
        "--synchronization-job-id",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let line = text(&out.stdout);
    assert!(
        line.starts_with(&format!("POST {}/?", f.emulator().url())),
        "{line}"
    );
    for part in [
        "Action=StartSynchronizationJob",
        "SynchronizationJobId=dtsl3m1213ye7l1234",
        "&Signature=",
    ] {
        assert!(line.contains(part), "{part} missing from {line}");
    }
    assert!(!line.contains("testsecret"));
    assert_eq!(f.status(), JobStatus::NotStarted);
    assert_eq!(f.emulator().stats().requests, 0);
}

/// The parameters the official SDK sends and the metadata predates are flags, and reach the
/// query string as the SDK sends them; an action that accepts GET and POST is sent as POST.
#[test]
fn parameters_from_the_official_sdk_are_flags_sent_as_it_sends_them() {
    let f = Fixture::new(FaultSpec::none());
    let cases: &[(&[&str], &[&str])] = &[
        (
            &[
                "create-dts-instance",
                "--insight-module",
                "true",
                "--database-count",
                "2",
            ],
            &["InsightModule=true", "DatabaseCount=2"],
        ),
        (
            &[
                "describe-dts-job-detail",
                "--dts-job-id",
                "j1",
                "--db-object-output-type",
                "list",
            ],
            &["DbObjectOutputType=list"],
        ),
        (
            &[
                "modify-dts-job-endpoint",
                "--endpoint",
                "src",
                "--endpoint-instance-type",
                "EXPRESS",
                "--endpoint-vpc-id",
                "vpc-1",
                "--EndpointPrimaryVswId",
                "vsw-1",
                "--endpoint-secondary-vsw-id",
                "vsw-2",
            ],
            &[
                "EndpointVpcId=vpc-1",
                "EndpointPrimaryVswId=vsw-1",
                "EndpointSecondaryVswId=vsw-2",
            ],
        ),
        (
            &[
                "transfer-instance-class",
                "--order-type",
                "UPGRADE",
                "--instance-class",
                "large",
                "--dts-job-id",
                "j1",
                "--database-count",
                "3",
            ],
            &["DatabaseCount=3"],
        ),
        (
            &[
                "modify-dts-job-du-limit",
                "--dts-job-id",
                "j1",
                "--du-limit",
                "4",
            ],
            &["DuLimit=4"],
        ),
    ];
    for (args, parts) in cases {
        let out = f.dts(&[&["--dry-run"], *args].concat());
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let line = text(&out.stdout);
        assert!(line.starts_with("POST "), "{line}");
        for part in *parts {
            assert!(
                line.contains(&format!("&{part}&")),
                "{part} missing from {line}"
            );
        }
    }
    assert_eq!(f.emulator().stats().requests, 0);
}

#[test]
fn retries_flag_bounds_attempts_on_throttling() {
    let f = Fixture::new(FaultSpec {
        throttle: 1.0,
        ..FaultSpec::none()
    });
    let out = f.dts(&[
        "--retries",
        "0",
        "reset-dts-job",
        "--dts-job-id",
        "l3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("error: Throttling.User: "),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(f.emulator().stats().requests, 1);
    let out = f.dts(&[
        "--retries",
        "2",
        "reset-dts-job",
        "--dts-job-id",
        "l3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(f.emulator().stats().requests, 4);
}

#[test]
fn help_shows_types_valid_values_defaults_and_required() {
    let out = Command::new(env!("CARGO_BIN_EXE_dts"))
        .args(["start-synchronization-job", "--help"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("--synchronization-job-id <STRING>"), "{help}");
    assert!(help.contains("[String, required]"), "{help}");
    assert!(help.contains("Valid values: Forward, Reverse."), "{help}");
    assert!(help.contains("Default: Forward."), "{help}");
    let top = Command::new(env!("CARGO_BIN_EXE_dts"))
        .arg("--help")
        .output()
        .unwrap();
    let top = text(&top.stdout);
    for action in [
        "start-synchronization-job",
        "suspend-synchronization-job",
        "reset-synchronization-job",
        "reset-dts-job",
        "delete-dts-job",
    ] {
        assert!(top.contains(action), "{action} missing from {top}");
    }
}

#[test]
fn signature_v3_is_selectable() {
    let f = Fixture::new(FaultSpec::none());
    let out = f.dts(&[
        "--signature",
        "v3",
        "start-synchronization-job",
        "--synchronization-job-id",
        "dtsl3m1213ye7l1234",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(f.status(), JobStatus::Synchronizing);
    let dry = f.dts(&[
        "--signature",
        "v3",
        "--dry-run",
        "reset-dts-job",
        "--dts-job-id",
        "x",
    ]);
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
    assert!(
        text(&dry.stdout).contains("ACS3-HMAC-SHA256"),
        "{}",
        text(&dry.stdout)
    );
}

/// A value of `p`'s type for the command line: its first valid value, else its example when it
/// parses, else a plain value of the type.
fn sample_value(p: &dts_spec::Param) -> String {
    use dts_spec::{validate::scalar_parses, Type};
    if let Some(v) = p.enum_values.first() {
        return v.value.clone();
    }
    let ty = match (&p.ty, &p.items) {
        (Type::Array, Some(items)) if p.style != dts_spec::Style::Json => items.ty,
        (ty, _) => *ty,
    };
    let example = p.example.as_deref().filter(|e| !e.is_empty());
    match ty {
        // An object with each documented field set (a flattened empty object sends nothing).
        Type::Object | Type::Any | Type::Array => {
            let fields = p.items.as_ref().map_or(&p.fields, |i| &i.fields);
            let object: serde_json::Map<String, serde_json::Value> = fields
                .iter()
                .map(|f| (f.name.clone(), serde_json::Value::from("x")))
                .collect();
            serde_json::Value::Object(object).to_string()
        }
        ty => match example {
            Some(e) if ty.is_scalar() && scalar_parses(ty, e) && !e.contains('\n') => e.to_owned(),
            _ => match ty {
                Type::Integer | Type::Long => "1".to_owned(),
                Type::Float | Type::Double => "1.5".to_owned(),
                Type::Boolean => "true".to_owned(),
                _ => "x".to_owned(),
            },
        },
    }
}

/// Every action of the bundled catalog is a subcommand, and the emulator answers it when called
/// with its required parameters: a schema-valid success, or (for the five actions with job
/// state rules, called on a job that does not exist) a DTS error naming the job.
#[test]
fn every_catalog_action_is_a_subcommand_the_emulator_answers() {
    let spec = dts_spec::bundled().unwrap();
    let f = Fixture::new(FaultSpec::none());
    let mut answered = 0;
    let mut refused = Vec::new();
    for action in &spec.actions {
        // The service-wide flags go before the subcommand, so an action's own parameter of
        // the same name (`ModifyDtsJobEndpoint --endpoint`, `DescribeDtsJobs --region`) is
        // the subcommand's.
        let mut args = vec![
            "--endpoint".to_owned(),
            f.emulator().url(),
            dts_spec::names::kebab(&action.name),
        ];
        for p in action.request.iter().filter(|p| p.required) {
            args.push(format!("--{}", dts_spec::names::kebab(&p.name)));
            args.push(sample_value(p));
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = f.dts(&args);
        let stdout = text(&out.stdout);
        match out.status.code() {
            Some(0) => {
                let body: serde_json::Value = serde_json::from_str(&stdout)
                    .unwrap_or_else(|e| panic!("{}: {e}: {stdout}", action.name));
                assert!(
                    body["RequestId"].as_str().is_some_and(|id| !id.is_empty()),
                    "{}: {body}",
                    action.name
                );
                answered += 1;
            }
            Some(1) => refused.push(action.name.as_str()),
            code => panic!(
                "{} {args:?}: exit {code:?}\n{}",
                action.name,
                text(&out.stderr)
            ),
        }
    }
    // The modelled actions that name a resource refuse the sample ids, which name nothing
    // the emulator holds (`ConfigureDtsJob` without an instance buys one); every other
    // action answers with its documented response.
    let model = dts_spec::emulator::bundled().unwrap();
    let naming: Vec<&str> = model
        .actions
        .iter()
        .filter(|(_, b)| !b.find.is_empty() && b.op != dts_spec::emulator::Op::Configure)
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(refused, naming);
    assert!(refused.contains(&"StartSynchronizationJob"), "{refused:?}");
    assert_eq!(answered + refused.len(), spec.actions.len());
}
