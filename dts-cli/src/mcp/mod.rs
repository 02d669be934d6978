//! `dts mcp`: the Model Context Protocol over stdio, one tool per action of the spec.
//!
//! Messages are JSON-RPC 2.0, one per line on stdin and stdout (the protocol's stdio
//! transport); nothing else is written to stdout. The server answers `initialize`, `ping`,
//! `tools/list` and `tools/call`, and lists only the tools the mode allows: read-only actions
//! by default, writes with `--allow-write`, destructive actions with `--allow-destructive`
//! (which implies writes). Calls go through the same client as the command line.

mod args;
pub mod schema;

use std::io::{BufRead, Write};
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use dts_client::catalog::{self, Access, ActionInfo};
use dts_client::rt::CallOptions;
use dts_client::{Client, Error, ErrorKind};
use serde_json::{json, Map, Value};

/// Protocol revisions the server speaks, newest first.
const PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

/// The `mcp` subcommand.
pub fn command() -> Command {
    Command::new("mcp")
        .about("Serve every action as a Model Context Protocol tool over stdio (read-only by default)")
        .arg(
            Arg::new("allow-write")
                .long("allow-write")
                .action(ArgAction::SetTrue)
                .help("Also serve actions that change resources (create, configure, modify, start, suspend, tag)"),
        )
        .arg(
            Arg::new("allow-destructive")
                .long("allow-destructive")
                .action(ArgAction::SetTrue)
                .help("Also serve actions that remove or interrupt resources (delete, reset, stop, release); implies --allow-write"),
        )
}

/// Which access classes a server serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mode {
    /// Serve writes.
    pub write: bool,
    /// Serve destructive actions.
    pub destructive: bool,
}

impl Mode {
    /// What the mode serves, for the start-up line on stderr.
    fn describe(self) -> &'static str {
        match (self.write, self.destructive) {
            (_, true) => "read-only, write and destructive actions",
            (true, false) => "read-only and write actions",
            (false, false) => "read-only actions",
        }
    }

    /// Whether an action of this class is listed and callable.
    pub fn allows(self, access: Access) -> bool {
        match access {
            Access::ReadOnly => true,
            Access::Write => self.write || self.destructive,
            Access::Destructive => self.destructive,
        }
    }
}

/// Runs the server until stdin closes. `global` holds the global flags, `sub` the `mcp` ones.
pub fn serve(catalog: &'static [ActionInfo], global: &ArgMatches, sub: &ArgMatches) -> ExitCode {
    let mode = Mode {
        write: sub.get_flag("allow-write"),
        destructive: sub.get_flag("allow-destructive"),
    };
    let client = match crate::run::build_client(global) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    let mut server = Server {
        catalog,
        mode,
        client,
        runtime,
    };
    eprintln!(
        "dts mcp: serving {} tools over stdio ({})",
        server.served().count(),
        mode.describe()
    );
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout().lock();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        if let Some(reply) = server.handle_line(&line) {
            let sent = writeln!(stdout, "{reply}").and_then(|()| stdout.flush());
            if sent.is_err() {
                break;
            }
        }
    }
    ExitCode::SUCCESS
}

struct Server {
    catalog: &'static [ActionInfo],
    mode: Mode,
    client: Client,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    /// The reply to one line, `None` for a notification.
    fn handle_line(&mut self, line: &str) -> Option<Value> {
        let msg: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => return Some(rpc_error(Value::Null, -32700, &format!("parse error: {e}"))),
        };
        if !msg.is_object() {
            return Some(rpc_error(
                Value::Null,
                -32600,
                "invalid request: not an object",
            ));
        }
        let id = msg.get("id").cloned();
        let Some(method) = msg.get("method").and_then(Value::as_str) else {
            // A response from the client (the server sends no requests) or garbage.
            return id.map(|id| rpc_error(id, -32600, "invalid request: no `method`"));
        };
        let params = msg.get("params").cloned().unwrap_or(Value::Null);
        let id = id?;
        let result = match method {
            "initialize" => Ok(initialize(&params)),
            "ping" => Ok(json!({})),
            "tools/list" => Ok(self.list()),
            "tools/call" => self.call(&params),
            other => Err((-32601, format!("method `{other}` not found"))),
        };
        Some(match result {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err((code, message)) => rpc_error(id, code, &message),
        })
    }

    fn served(&self) -> impl Iterator<Item = &'static ActionInfo> + '_ {
        let mode = self.mode;
        self.catalog
            .iter()
            .filter(move |a| mode.allows(schema::access(a)))
    }

    fn list(&self) -> Value {
        let tools: Vec<Value> = self.served().map(schema::tool).collect();
        json!({ "tools": tools })
    }

    fn call(&mut self, params: &Value) -> Result<Value, (i64, String)> {
        let Some(name) = params.get("name").and_then(Value::as_str) else {
            return Err((-32602, "tools/call needs a `name`".to_owned()));
        };
        let empty = Map::new();
        let args = match params.get("arguments") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(map)) => map,
            Some(_) => return Ok(tool_error("`arguments` must be an object".to_owned())),
        };
        let Some(action) = catalog::find(self.catalog, name) else {
            return Ok(tool_error(format!("no tool `{name}`")));
        };
        let access = schema::access(action);
        if !self.mode.allows(access) {
            let flag = if access == Access::Destructive {
                "--allow-destructive"
            } else {
                "--allow-write"
            };
            return Ok(tool_error(format!(
                "`{name}` is a {access} action, not served in this mode: start the server with {flag}"
            )));
        }
        let wire = match args::encode(action, args) {
            Ok(p) => p,
            Err(e) => return Ok(tool_error(format!("invalid arguments: {e}"))),
        };
        let sent = self.runtime.block_on(self.client.invoke(
            action.operation,
            wire,
            CallOptions::default(),
        ));
        Ok(match sent {
            Ok(body) => {
                let text = serde_json::to_string_pretty(&body).unwrap_or_else(|_| body.to_string());
                let structured = if body.is_object() {
                    body
                } else {
                    json!({ "value": body })
                };
                json!({
                    "content": [{"type": "text", "text": text}],
                    "structuredContent": structured,
                    "isError": false,
                })
            }
            Err(e) => tool_error(describe(&e)),
        })
    }
}

fn initialize(params: &Value) -> Value {
    let asked = params.get("protocolVersion").and_then(Value::as_str);
    let version = asked
        .filter(|v| PROTOCOL_VERSIONS.contains(v))
        .unwrap_or(PROTOCOL_VERSIONS[0]);
    json!({
        "protocolVersion": version,
        "capabilities": {"tools": {"listChanged": false}},
        "serverInfo": {"name": "dts", "version": env!("CARGO_PKG_VERSION")},
        "instructions": "One tool per Alibaba Cloud DTS action, named as the action; arguments by wire name.",
    })
}

/// A service error as the command line prints it: code, message and request id.
fn describe(e: &Error) -> String {
    match e.kind() {
        ErrorKind::Service => format!(
            "{}: {} (request id {})",
            e.code().unwrap_or("Unknown"),
            e.message(),
            e.request_id().unwrap_or("none")
        ),
        _ => e.to_string(),
    }
}

fn tool_error(text: String) -> Value {
    json!({"content": [{"type": "text", "text": text}], "isError": true})
}

fn rpc_error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
mod tests;
