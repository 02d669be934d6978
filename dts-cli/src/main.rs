//! `dts`: call Alibaba Cloud DTS actions from the shell.
//!
//! ```text
//! dts [--endpoint URL] [--region ID] [--profile NAME] [--retries N] [--timeout SECS] [--dry-run]
//!     [--signature v1|v3] <action> [--<param> VALUE]...
//! ```
//!
//! The subcommands and their flags come from the client's table of operations
//! (`dts_client::CATALOG`), generated from the spec bundled with `dts-spec`. Output is the
//! response as JSON on stdout (exit 0); a service error prints `error: <Code>: <message>
//! (request id <id>)` on stderr (exit 1); a usage error exits 2; a transport failure or timeout
//! exits 3.
//!
//! `dts [global flags] mcp [--allow-write] [--allow-destructive]` serves every action as a Model
//! Context Protocol tool over stdio instead.

mod app;
mod mcp;
mod params;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let catalog = dts_client::CATALOG;
    let command = app::command(catalog).subcommand(mcp::command());
    let matches = match command.try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Some(("mcp", sub)) = matches.subcommand() {
        return mcp::serve(catalog, &matches, sub);
    }
    run::run(catalog, &matches)
}
