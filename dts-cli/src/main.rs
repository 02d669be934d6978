//! `dts`: call Alibaba Cloud DTS actions from the shell.
//!
//! ```text
//! dts [--endpoint URL] [--region ID] [--profile NAME] [--retries N] [--timeout SECS] [--dry-run]
//!     [--signature v1|v3] <action> [--<param> VALUE]...
//! ```
//!
//! The subcommands and their flags come from the spec bundled with `dts-spec`. Output is the
//! response as JSON on stdout (exit 0); a service error prints `error: <Code>: <message>
//! (request id <id>)` on stderr (exit 1); a usage error exits 2; a transport failure or timeout
//! exits 3.

mod app;
mod params;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let spec = match dts_spec::bundled() {
        Ok(spec) => spec,
        Err(diags) => {
            for d in diags {
                eprintln!("error: bundled spec: {d}");
            }
            return ExitCode::from(2);
        }
    };
    let matches = match app::command(spec).try_get_matches() {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    run::run(spec, &matches)
}
