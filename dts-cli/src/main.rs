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
//! The aliyun CLI's `--pager [path=...] [PageNumber=...] [PageSize=...] [NextToken=...]`,
//! `--waiter expr=<JMESPath> to=<value> [timeout=<secs>] [interval=<secs>]` and
//! `--cli-query <JMESPath>` are accepted before or after the action; `--region` also fills the
//! action's `RegionId` (or `Region`) parameter when the user did not set it, and `--region`
//! or `--profile` after the action count as given before it unless the action has a parameter
//! of that name (`DescribeDtsJobs --region` is its `Region` filter). A wait that
//! reaches a state from which its value cannot be reached exits 1; one that times out exits 3.
//!
//! `dts [global flags] mcp [--allow-write] [--allow-destructive]` serves every action as a Model
//! Context Protocol tool over stdio instead.

mod aliyun;
mod app;
mod mcp;
mod params;
mod run;

use std::process::ExitCode;

fn main() -> ExitCode {
    let catalog = dts_client::CATALOG;
    let takes = |token: &str, flag: &str| aliyun::facts::takes_flag(catalog, token, flag);
    let (args, conv) = match aliyun::extract(std::env::args_os(), takes) {
        Ok(split) => split,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let command = app::command(catalog).subcommand(mcp::command());
    let matches = match command.try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    if let Some(("mcp", sub)) = matches.subcommand() {
        if !conv.is_empty() {
            eprintln!("error: --pager, --waiter and --cli-query apply to actions, not to `mcp`");
            return ExitCode::from(2);
        }
        return mcp::serve(catalog, &matches, sub);
    }
    run::run(catalog, &matches, &conv)
}
