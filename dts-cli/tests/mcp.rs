//! `dts mcp` spoken to over its stdio as an MCP client would, against a live emulator: the
//! tools each mode lists, read calls, refusals, a start and a delete that change the
//! emulator's job, a bad argument followed by a good call, and no secret in any output.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use dts_emulator::{Emulator, JobStatus, RunningEmulator};
use dts_spec::Access;
use serde_json::{json, Value};

const SEED: &str = r#"{"jobs": [
  {"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234", "kind": "synchronization",
   "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;
const SECRET: &str = "mcp-test-secret-9f3b";

struct Fixture {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
    home: std::path::PathBuf,
}

impl Fixture {
    fn new() -> Fixture {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime
            .block_on(
                Emulator::builder()
                    .credentials("testid", SECRET)
                    .seed_json(SEED)
                    .start(),
            )
            .unwrap();
        let home = std::env::temp_dir().join(format!(
            "dts-mcp-home-{}-{}",
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

    fn server(&self, flags: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dts"))
            .env_clear()
            .env("HOME", &self.home)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", "testid")
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
            .args([
                "--endpoint",
                &self.emulator().url(),
                "--retries",
                "0",
                "mcp",
            ])
            .args(flags)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut s = Session {
            child,
            stdin: Some(stdin),
            stdout,
            next_id: 1,
            transcript: String::new(),
        };
        let init = s.request(
            "initialize",
            json!({"protocolVersion": "2025-06-18", "capabilities": {},
                   "clientInfo": {"name": "test", "version": "0"}}),
        );
        assert_eq!(init["result"]["protocolVersion"], "2025-06-18");
        assert!(init["result"]["capabilities"]["tools"].is_object());
        s.notify("notifications/initialized");
        s
    }

    fn status(&self) -> Option<JobStatus> {
        self.emulator().jobs().first().map(|j| j.status)
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

struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    next_id: u64,
    transcript: String,
}

impl Session {
    fn send(&mut self, msg: &Value) {
        let stdin = self.stdin.as_mut().unwrap();
        writeln!(stdin, "{msg}").unwrap();
        stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str) {
        self.send(&json!({"jsonrpc": "2.0", "method": method}));
    }

    /// Sends a request and reads the next line, which must be its JSON-RPC response.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        self.transcript.push_str(&line);
        let reply: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("stdout carries only JSON-RPC: {e}: {line:?}"));
        assert_eq!(reply["jsonrpc"], "2.0");
        assert_eq!(reply["id"], id);
        reply
    }

    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let reply = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        reply["result"].clone()
    }

    fn tools(&mut self) -> Vec<String> {
        let reply = self.request("tools/list", json!({}));
        let mut names: Vec<String> = reply["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_owned())
            .collect();
        names.sort();
        names
    }

    /// Closes stdin, waits for the server to exit, and returns everything it wrote.
    fn finish(mut self) -> String {
        drop(self.stdin.take());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stdout, &mut rest).unwrap();
        assert!(rest.is_empty(), "unexpected output: {rest}");
        let mut err = String::new();
        std::io::Read::read_to_string(self.child.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(self.child.wait().unwrap().success());
        assert!(err.starts_with("dts mcp: serving "), "{err}");
        format!("{}{err}", self.transcript)
    }
}

fn names_of(classes: &[Access]) -> Vec<String> {
    let spec = dts_spec::bundled().unwrap();
    let mut names: Vec<String> = spec
        .actions
        .iter()
        .filter(|a| classes.contains(&a.access.unwrap()))
        .map(|a| a.name.clone())
        .collect();
    names.sort();
    names
}

fn text(result: &Value) -> &str {
    result["content"][0]["text"].as_str().unwrap_or_default()
}

#[test]
fn each_mode_lists_exactly_its_classes() {
    let f = Fixture::new();
    let modes: [(&[&str], &[Access]); 3] = [
        (&[], &[Access::ReadOnly]),
        (&["--allow-write"], &[Access::ReadOnly, Access::Write]),
        (&["--allow-destructive"], &Access::ALL),
    ];
    for (flags, classes) in modes {
        let mut s = f.server(flags);
        let listed = s.tools();
        assert_eq!(listed, names_of(classes), "{flags:?}");
        s.finish();
    }
}

#[test]
fn read_only_mode_reads_and_refuses_writes() {
    let f = Fixture::new();
    let mut s = f.server(&[]);
    let read = s.call(
        "DescribeDtsJobDetail",
        json!({"DtsJobId": "l3m1213ye7l1234"}),
    );
    assert_eq!(read["isError"], false, "{read}");
    assert!(read["structuredContent"]["RequestId"].is_string(), "{read}");
    let body: Value = serde_json::from_str(text(&read)).unwrap();
    assert_eq!(body, read["structuredContent"]);

    let refused = s.call(
        "StartSynchronizationJob",
        json!({"SynchronizationJobId": "dtsl3m1213ye7l1234"}),
    );
    assert_eq!(refused["isError"], true);
    assert!(text(&refused).contains("--allow-write"), "{refused}");
    assert_eq!(f.status(), Some(JobStatus::NotStarted));
    let output = s.finish();
    assert!(!output.contains(SECRET), "the secret leaked: {output}");
}

#[test]
fn writes_and_deletes_change_the_emulator() {
    let f = Fixture::new();
    let mut s = f.server(&["--allow-write"]);
    let bad = s.call(
        "StartSynchronizationJob",
        json!({"SynchronizationJobId": 7}),
    );
    assert_eq!(bad["isError"], true);
    assert!(text(&bad).contains("`SynchronizationJobId`"), "{bad}");
    let bad = s.call(
        "StartSynchronizationJob",
        json!({"SynchronizationJobId": "dtsl3m1213ye7l1234", "SynchronizationDirection": "Up"}),
    );
    assert!(text(&bad).contains("`SynchronizationDirection`"), "{bad}");
    assert_eq!(f.status(), Some(JobStatus::NotStarted), "nothing was sent");

    let started = s.call(
        "StartSynchronizationJob",
        json!({"SynchronizationJobId": "dtsl3m1213ye7l1234"}),
    );
    assert_eq!(started["isError"], false, "{started}");
    assert_eq!(f.status(), Some(JobStatus::Synchronizing));
    let again = s.call(
        "StartSynchronizationJob",
        json!({"SynchronizationJobId": "dtsl3m1213ye7l1234"}),
    );
    assert_eq!(again["isError"], true, "a service error: {again}");
    assert!(
        text(&again).contains("OperationDenied") && text(&again).contains("request id"),
        "{again}"
    );
    let refused = s.call("DeleteDtsJob", json!({"DtsJobId": "l3m1213ye7l1234"}));
    assert!(text(&refused).contains("--allow-destructive"), "{refused}");
    let write_output = s.finish();

    let mut s = f.server(&["--allow-destructive"]);
    let deleted = s.call("DeleteDtsJob", json!({"DtsJobId": "l3m1213ye7l1234"}));
    assert_eq!(deleted["isError"], false, "{deleted}");
    assert_eq!(f.status(), None, "the job is gone");
    let output = s.finish();
    for out in [write_output, output] {
        assert!(!out.contains(SECRET), "the secret leaked: {out}");
    }
}

#[test]
fn protocol_errors_keep_the_server_serving() {
    let f = Fixture::new();
    let mut s = f.server(&[]);
    s.send(&json!([{"jsonrpc": "2.0", "id": 99, "method": "ping"}]));
    let mut line = String::new();
    s.stdout.read_line(&mut line).unwrap();
    let batch: Value = serde_json::from_str(&line).unwrap();
    assert_eq!(batch["error"]["code"], -32600, "{line}");
    let unknown = s.request("resources/list", json!({}));
    assert_eq!(unknown["error"]["code"], -32601);
    let missing = s.call("NoSuchAction", json!({}));
    assert_eq!(missing["isError"], true);
    assert_eq!(s.request("ping", json!({}))["result"], json!({}));
    let read = s.call(
        "DescribeDtsJobDetail",
        json!({"DtsJobId": "l3m1213ye7l1234"}),
    );
    assert_eq!(read["isError"], false, "{read}");
    s.finish();
}
