//! The command line, built from the client's table of operations (`dts_client::CATALOG`,
//! generated from the spec): one subcommand per action, one flag per parameter, so a new spec
//! entry is a new subcommand with no code change here.

use clap::{Arg, ArgAction, Command};
use dts_client::catalog::{ActionInfo, ParamInfo, Style, Type};

/// Builds the `dts` command: global flags, then one subcommand per action of `catalog` (`main`
/// adds `mcp`).
pub fn command(catalog: &'static [ActionInfo]) -> Command {
    let mut cmd = Command::new("dts")
        .version(env!("CARGO_PKG_VERSION"))
        .about("Call Alibaba Cloud Data Transmission Service (DTS) actions from the shell")
        .after_help(
            "Credentials come from the default chain: ALIBABA_CLOUD_ACCESS_KEY_ID / \
             ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN), then OIDC \
             (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, \
             ALIBABA_CLOUD_OIDC_TOKEN_FILE), then ~/.aliyun/config.json (every aliyun CLI mode), \
             then ~/.alibabacloud/credentials, then the ECS RAM role, then \
             ALIBABA_CLOUD_CREDENTIALS_URI.\nExit codes: 0 success, 1 service error, 2 usage error, \
             3 transport failure or timeout.\n--pager, --waiter and --cli-query (the aliyun CLI's) \
             go before or after the action. A --waiter that reaches a state from which its \
             value cannot be reached (PrecheckFailed, InitializeFailed, Failed, MigrationFailed, \
             or the spec's failure states) exits 1; one that times out exits 3. --region also \
             fills the action's RegionId (or Region) parameter unless it is given.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(global_args())
        .args(crate::aliyun::help_args());
    for action in catalog {
        cmd = cmd.subcommand(action_command(action));
    }
    cmd
}

fn global_args() -> [Arg; 7] {
    [
        Arg::new("endpoint")
            .long("endpoint")
            .value_name("URL")
            .help("Send requests to this URL instead of the regional endpoint (e.g. an emulator)"),
        Arg::new("region")
            .long("region")
            .value_name("ID")
            .help("Region whose endpoint to use, e.g. cn-hangzhou"),
        Arg::new("profile")
            .long("profile")
            .value_name("NAME")
            .help("Credentials profile (any aliyun CLI mode) from ~/.aliyun/config.json or ~/.alibabacloud/credentials"),
        Arg::new("retries")
            .long("retries")
            .value_name("N")
            .default_value("2")
            .value_parser(clap::value_parser!(u32).range(0..=20))
            .help("Retry a retryable failure up to N times after the first attempt"),
        Arg::new("timeout")
            .long("timeout")
            .value_name("SECS")
            .value_parser(parse_secs)
            .help("Give up on the whole call after this many seconds"),
        Arg::new("signature")
            .long("signature")
            .value_name("VERSION")
            .value_parser(["v1", "v3"])
            .default_value("v1")
            .help("Signature algorithm: v1 (HMAC-SHA1, the default) or v3 (ACS3-HMAC-SHA256)"),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("Print the signed request instead of sending it"),
    ]
}

fn parse_secs(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v > 0.0 && v.is_finite() && v <= 86_400.0 => Ok(v),
        _ => Err(format!(
            "`{s}` is not a number of seconds between 0 and 86400"
        )),
    }
}

/// The subcommand of `action`: its kebab-case name, with the wire name as an alias.
fn action_command(action: &'static ActionInfo) -> Command {
    let name = action.name();
    let mut about = action.summary.unwrap_or(name).to_owned();
    if action.deprecated {
        about.push_str(" (deprecated)");
    }
    let mut cmd = Command::new(subcommand(action)).alias(name).about(about);
    if !action.notes.is_empty() {
        cmd = cmd.after_help(action.notes.join("\n"));
    }
    for p in action.params {
        cmd = cmd.arg(param_arg(p));
    }
    cmd
}

/// An action's subcommand name: its client method's name in kebab case
/// (`start-synchronization-job`), as its flags are.
pub fn subcommand(action: &ActionInfo) -> String {
    action.method.replace('_', "-")
}

fn param_arg(p: &'static ParamInfo) -> Arg {
    let mut arg = Arg::new(p.name)
        .long(p.flag)
        .value_name(p.ty.as_str().to_uppercase())
        .required(p.required)
        .help(param_help(p));
    if p.flag != p.name {
        arg = arg.alias(p.name);
    }
    let repeated = p.ty == Type::Array && p.style != Style::Json;
    arg = if repeated {
        arg.action(ArgAction::Append)
    } else {
        arg.action(ArgAction::Set)
    };
    arg
}

/// One line per fact: type, required, valid values, default, then the description.
fn param_help(p: &ParamInfo) -> String {
    let mut ty = p.ty.as_str().to_owned();
    if let Some(items) = p.items {
        ty = format!("Array of {}", items.ty);
        if p.style != Style::Json {
            ty.push_str(", repeat the flag for each item");
        }
    }
    let json_items = p.style != Style::Json && p.items.is_some_and(|i| !i.ty.is_scalar());
    if json_items {
        ty.push_str(", each as JSON");
    } else if p.style == Style::Json || p.ty == Type::Object {
        ty.push_str(", as JSON");
    }
    let mut help = format!("[{ty}{}]", if p.required { ", required" } else { "" });
    if let Some(d) = p.description {
        help.push(' ');
        help.push_str(d);
    }
    if !p.enum_values.is_empty() {
        help.push_str(&format!(" Valid values: {}.", p.enum_values.join(", ")));
    }
    if let Some(d) = p.default {
        help.push_str(&format!(" Default: {d}."));
    }
    if p.deprecated {
        help.push_str(" Deprecated.");
    }
    help
}
