//! The aliyun CLI's own flags, taken out of the command line wherever they stand (before or
//! after the action) so the spec-built parser never sees them: `--pager [KEY=VALUE]...`,
//! `--waiter KEY=VALUE...` and `--cli-query EXPR`.

use std::ffi::OsString;

use clap::{Arg, ArgAction};

/// What `--pager` was given: each field overrides what the spec (or detection) says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PagerArgs {
    /// `path=`: dotted path of the response field holding a page's items.
    pub path: Option<String>,
    /// `PageNumber=`: the request parameter numbering pages.
    pub page_number: Option<String>,
    /// `PageSize=`: the request parameter sizing pages.
    pub page_size: Option<String>,
    /// `NextToken=`: the request (and response) field carrying the continuation token.
    pub next_token: Option<String>,
}

/// What `--waiter` was given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaiterArgs {
    /// `expr=`: JMESPath expression of the watched value (`Status`).
    pub expr: String,
    /// `to=`: the value that ends the wait.
    pub to: String,
    /// `timeout=`: seconds the whole wait may take.
    pub timeout: Option<f64>,
    /// `interval=`: seconds between two polls.
    pub interval: Option<f64>,
}

/// The aliyun CLI conventions one command line asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Conventions {
    /// `--pager`: merge every page into one document.
    pub pager: Option<PagerArgs>,
    /// `--waiter`: poll until a value is reached.
    pub waiter: Option<WaiterArgs>,
    /// `--cli-query`: JMESPath filter of the printed document.
    pub query: Option<String>,
}

impl Conventions {
    /// Whether none of the flags was given.
    pub fn is_empty(&self) -> bool {
        self.pager.is_none() && self.waiter.is_none() && self.query.is_none()
    }
}

/// The flags as the parser shows them in `--help`; [`extract`] removes them from the command
/// line first, so these entries only document them.
pub fn help_args() -> [Arg; 3] {
    [
        Arg::new("pager")
            .long("pager")
            .global(true)
            .num_args(0..)
            .action(ArgAction::Append)
            .value_name("KEY=VALUE")
            .help(
                "Call the action page after page and print one document holding every item; \
                 optional path=<items field> PageNumber=<param> PageSize=<param> \
                 NextToken=<param>",
            ),
        Arg::new("waiter")
            .long("waiter")
            .global(true)
            .num_args(1..)
            .action(ArgAction::Append)
            .value_name("KEY=VALUE")
            .help(
                "Poll the action until expr=<JMESPath> equals to=<value> (optional \
                 timeout=<secs>, default 180, and interval=<secs>, default 5); a state from \
                 which the value cannot be reached exits 1, a timeout exits 3",
            ),
        Arg::new("cli-query")
            .long("cli-query")
            .global(true)
            .value_name("JMESPATH")
            .help("Print only what this JMESPath expression selects from the response"),
    ]
}

/// Global flags that aliyun CLI users also put after the action (`--region cn-hangzhou`).
const MOVABLE: [&str; 2] = ["--region", "--profile"];

/// Splits `args` (program name first) into the command line for the parser and the
/// conventions; a malformed convention flag is a usage error.
///
/// `takes(token, flag)` is `None` when `token` is no action, else whether that action has a
/// parameter spelled `flag`: a [`MOVABLE`] global flag after the action that is not one of
/// its parameters moves before it.
pub fn extract(
    args: impl IntoIterator<Item = OsString>,
    takes: impl Fn(&str, &str) -> Option<bool>,
) -> Result<(Vec<OsString>, Conventions), String> {
    let (rest, conv) = take_conventions(args)?;
    Ok((move_globals(rest, takes), conv))
}

/// Moves each [`MOVABLE`] flag (with its value) found after the action to just before it,
/// unless the action has a parameter of that name.
fn move_globals(
    mut args: Vec<OsString>,
    takes: impl Fn(&str, &str) -> Option<bool>,
) -> Vec<OsString> {
    let text = |a: &OsString| a.to_str().unwrap_or_default().to_owned();
    let Some(at) = args.iter().skip(1).position(|a| {
        let t = text(a);
        !t.starts_with('-') && takes(&t, "--region").is_some()
    }) else {
        return args;
    };
    let action = at + 1;
    let name = text(&args[action]);
    let mut dest = action;
    let mut i = action + 1;
    while i < args.len() {
        let t = text(&args[i]);
        if t == "--" {
            break;
        }
        let flag = t.split_once('=').map_or(t.as_str(), |(f, _)| f);
        if !MOVABLE.contains(&flag) || takes(&name, flag) != Some(false) {
            i += 1;
            continue;
        }
        let len = if t.contains('=') {
            1
        } else {
            2.min(args.len() - i)
        };
        let moved: Vec<OsString> = args.drain(i..i + len).collect();
        let n = moved.len();
        args.splice(dest..dest, moved);
        dest += n;
        i += n;
    }
    args
}

fn take_conventions(
    args: impl IntoIterator<Item = OsString>,
) -> Result<(Vec<OsString>, Conventions), String> {
    let mut rest = Vec::new();
    let mut conv = Conventions::default();
    let mut args = args.into_iter().peekable();
    while let Some(arg) = args.next() {
        let Some(text) = arg.to_str() else {
            rest.push(arg);
            continue;
        };
        let (flag, inline) = match text.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (text, None),
        };
        match flag {
            "--" => {
                rest.push(arg);
                rest.extend(args.by_ref());
            }
            "--pager" | "--waiter" => {
                let mut pairs: Vec<String> = inline.into_iter().collect();
                while let Some(next) = args.next_if(|a| a.to_str().is_some_and(is_pair)) {
                    pairs.push(next.to_string_lossy().into_owned());
                }
                if flag == "--pager" {
                    set_once(&mut conv.pager, pager(&pairs)?, flag)?;
                } else {
                    set_once(&mut conv.waiter, waiter(&pairs)?, flag)?;
                }
            }
            "--cli-query" => {
                let expr = match inline {
                    Some(v) => v,
                    None => args
                        .next()
                        .map(|a| a.to_string_lossy().into_owned())
                        .ok_or("--cli-query needs a JMESPath expression")?,
                };
                set_once(&mut conv.query, expr, flag)?;
            }
            _ => rest.push(arg),
        }
    }
    Ok((rest, conv))
}

/// `KEY=VALUE` with a key made of letters, digits and `_`: what follows `--pager` or
/// `--waiter` (an action name, a flag or a plain value ends the list).
fn is_pair(s: &str) -> bool {
    s.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn set_once<T>(slot: &mut Option<T>, value: T, flag: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("{flag} is given twice"));
    }
    *slot = Some(value);
    Ok(())
}

fn pager(pairs: &[String]) -> Result<PagerArgs, String> {
    let mut p = PagerArgs::default();
    for (key, value) in split(pairs, "--pager")? {
        let slot = match key.to_ascii_lowercase().as_str() {
            "path" => &mut p.path,
            "pagenumber" => &mut p.page_number,
            "pagesize" => &mut p.page_size,
            "nexttoken" => &mut p.next_token,
            _ => {
                return Err(format!(
                    "--pager: unknown key `{key}`, expected `path`, `PageNumber`, `PageSize` or `NextToken`"
                ))
            }
        };
        *slot = Some(value.to_owned());
    }
    if p.page_number.is_some() && p.next_token.is_some() {
        return Err("--pager: give `PageNumber` or `NextToken`, not both".into());
    }
    Ok(p)
}

fn waiter(pairs: &[String]) -> Result<WaiterArgs, String> {
    let (mut expr, mut to) = (None, None);
    let mut w = WaiterArgs::default();
    for (key, value) in split(pairs, "--waiter")? {
        match key {
            "expr" => expr = Some(value.to_owned()),
            "to" => to = Some(value.to_owned()),
            "timeout" => w.timeout = Some(secs(key, value)?),
            "interval" => w.interval = Some(secs(key, value)?),
            _ => {
                return Err(format!(
                    "--waiter: unknown key `{key}`, expected `expr`, `to`, `timeout` or `interval`"
                ))
            }
        }
    }
    match (expr, to) {
        (Some(expr), Some(to)) if !expr.is_empty() => {
            w.expr = expr;
            w.to = to;
            Ok(w)
        }
        _ => Err("--waiter needs expr=<JMESPath> and to=<value>".into()),
    }
}

fn split<'a>(pairs: &'a [String], flag: &str) -> Result<Vec<(&'a str, &'a str)>, String> {
    pairs
        .iter()
        .map(|p| {
            p.split_once('=')
                .ok_or_else(|| format!("{flag}: `{p}` is not KEY=VALUE"))
        })
        .collect()
}

fn secs(key: &str, value: &str) -> Result<f64, String> {
    match value.parse::<f64>() {
        Ok(v) if (0.0..=86_400.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "--waiter: {key}=`{value}` is not a number of seconds between 0 and 86400"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two actions: `describe-dts-jobs` (with a `--region` parameter) and `x`.
    fn takes(token: &str, flag: &str) -> Option<bool> {
        match token {
            "describe-dts-jobs" => Some(flag == "--region"),
            "x" => Some(false),
            _ => None,
        }
    }

    fn run(args: &[&str]) -> Result<(Vec<String>, Conventions), String> {
        let (rest, conv) = extract(args.iter().map(OsString::from), takes)?;
        Ok((
            rest.into_iter().map(|a| a.into_string().unwrap()).collect(),
            conv,
        ))
    }

    #[test]
    fn flags_after_the_action_are_taken_out_with_their_pairs() {
        let (rest, conv) = run(&[
            "dts",
            "describe-dts-jobs",
            "--page-size",
            "10",
            "--pager",
            "path=DtsJobList",
            "PageNumber=PageNumber",
            "--region-id",
            "cn-hangzhou",
            "--cli-query",
            "DtsJobList[].DtsJobId",
        ])
        .unwrap();
        assert_eq!(
            rest,
            [
                "dts",
                "describe-dts-jobs",
                "--page-size",
                "10",
                "--region-id",
                "cn-hangzhou"
            ]
        );
        let pager = conv.pager.unwrap();
        assert_eq!(pager.path.as_deref(), Some("DtsJobList"));
        assert_eq!(pager.page_number.as_deref(), Some("PageNumber"));
        assert_eq!(conv.query.as_deref(), Some("DtsJobList[].DtsJobId"));
    }

    #[test]
    fn a_bare_pager_before_the_action_leaves_the_action_alone() {
        let (rest, conv) = run(&["dts", "--pager", "describe-dts-jobs"]).unwrap();
        assert_eq!(rest, ["dts", "describe-dts-jobs"]);
        assert_eq!(conv.pager, Some(PagerArgs::default()));
    }

    #[test]
    fn waiter_pairs_are_parsed_and_checked() {
        let (_, conv) = run(&[
            "dts",
            "x",
            "--waiter",
            "expr=Status",
            "to=Synchronizing",
            "timeout=0",
            "interval=0.5",
        ])
        .unwrap();
        let w = conv.waiter.unwrap();
        assert_eq!(
            (w.expr.as_str(), w.to.as_str()),
            ("Status", "Synchronizing")
        );
        assert_eq!((w.timeout, w.interval), (Some(0.0), Some(0.5)));
        for bad in [
            &["dts", "x", "--waiter", "expr=Status"][..],
            &["dts", "x", "--waiter", "expr=Status", "to=A", "timeout=-1"],
            &["dts", "x", "--waiter", "expr=Status", "to=A", "every=1"],
            &["dts", "x", "--pager", "size=1"],
            &["dts", "x", "--pager", "--pager"],
            &["dts", "x", "--cli-query"],
        ] {
            assert!(run(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn inline_values_and_the_end_of_flags_marker() {
        let (rest, conv) = run(&["dts", "--cli-query=a.b", "x", "--", "--pager"]).unwrap();
        assert_eq!(conv.query.as_deref(), Some("a.b"));
        assert_eq!(conv.pager, None);
        assert_eq!(rest, ["dts", "x", "--", "--pager"]);
    }

    #[test]
    fn global_flags_after_the_action_move_before_it_unless_they_are_parameters() {
        let (rest, _) = run(&[
            "dts",
            "--endpoint",
            "u",
            "x",
            "--a",
            "1",
            "--region",
            "cn-hangzhou",
            "--profile=p",
        ])
        .unwrap();
        assert_eq!(
            rest,
            [
                "dts",
                "--endpoint",
                "u",
                "--region",
                "cn-hangzhou",
                "--profile=p",
                "x",
                "--a",
                "1"
            ]
        );
        let (rest, _) = run(&[
            "dts",
            "describe-dts-jobs",
            "--region",
            "r",
            "--profile",
            "p",
        ])
        .unwrap();
        assert_eq!(
            rest,
            [
                "dts",
                "--profile",
                "p",
                "describe-dts-jobs",
                "--region",
                "r"
            ]
        );
        let (rest, _) = run(&["dts", "x", "--", "--region", "r"]).unwrap();
        assert_eq!(rest, ["dts", "x", "--", "--region", "r"]);
        let (rest, _) = run(&["dts", "x", "--region"]).unwrap();
        assert_eq!(rest, ["dts", "--region", "x"]);
    }
}
