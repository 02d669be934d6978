//! Runs a modelled action against the store, as the spec's `emulator.json` declares it: find
//! the resource, check the transition, change the store, fill the response from it.

use std::collections::BTreeMap;

use dts_spec::emulator::{Behaviour, IdKind, Op};
use serde_json::{Map, Value};

use crate::context::{Ctx, Denial};
use crate::params::Params;
use crate::seed::{Job, JobKind, Topology};
use crate::state::JobStore;
use crate::view::{self, Page};

/// The parameters never stored as configuration.
const SECRET_PARAMS: [&str; 2] = ["SourceEndpointPassword", "DestinationEndpointPassword"];

/// Runs `b` on the store and fills `body`; on a refusal the store is untouched.
pub(crate) fn apply(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &mut JobStore,
    body: &mut Map<String, Value>,
) -> Result<(), Denial> {
    store.advance(cx.now);
    match b.op {
        Op::Create => {
            let index = create(cx, b, params, store)?;
            view::fill(
                cx.machines,
                &b.response,
                store.get(index),
                &Page::default(),
                body,
            );
            Ok(())
        }
        Op::Configure => configure(cx, b, params, store, body),
        Op::List => {
            let (items, page) = list(cx, b, params, store)?;
            let jobs: Vec<&Job> = items.iter().map(|&i| store.get(i)).collect();
            view::fill_list(cx.machines, b, &jobs, &page, body);
            Ok(())
        }
        Op::Tag | Op::Untag | Op::ListTags => crate::tags::apply(cx, b, params, store, body),
        _ => {
            let index = find(cx, b, params, store)?.ok_or_else(|| first_missing(cx, b))?;
            change(cx, b, params, store, index)?;
            if b.op == Op::Delete {
                return Ok(());
            }
            let job = store.get(index);
            view::fill(cx.machines, &b.response, job, &Page::default(), body);
            Ok(())
        }
    }
}

fn first_missing(cx: &Ctx<'_>, b: &Behaviour) -> Denial {
    let param = b.find.first().map_or("DtsJobId", |f| f.param.as_str());
    cx.error(b, "not_found", param, "")
}

/// The job the call names: `Ok(None)` when no naming parameter was given. Every given
/// parameter must name the same visible job of the right kind.
pub(crate) fn find(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &JobStore,
) -> Result<Option<usize>, Denial> {
    let mut found: Option<usize> = None;
    for id in &b.find {
        let Some(value) = params.get(&id.param).filter(|v| !v.is_empty()) else {
            continue;
        };
        let index = match id.names {
            IdKind::Job => store.find_job(value),
            IdKind::Instance => store.find_instance(value),
        }
        .filter(|&i| {
            let job = store.get(i);
            cx.visible(job, params)
                && b.kind.as_deref().is_none_or(|k| k == job.kind.as_str())
                && found.is_none_or(|f| f == i)
        });
        match index {
            Some(i) => found = Some(i),
            None => return Err(cx.error(b, "not_found", &id.param, value)),
        }
    }
    Ok(found)
}

fn reverse(cx: &Ctx<'_>, b: &Behaviour, params: &Params, job: &Job) -> Result<bool, Denial> {
    const PARAM: &str = "SynchronizationDirection";
    match params.get(PARAM).map(String::as_str) {
        None | Some("") | Some("Forward") => Ok(false),
        Some("Reverse") if job.topology == Topology::Twoway => Ok(true),
        Some(value) => Err(cx.error(b, "direction", PARAM, value)),
    }
}

/// The state change of a transition, reset or delete.
fn change(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &mut JobStore,
    index: usize,
) -> Result<(), Denial> {
    let job = store.get(index);
    let machine = cx.machines.of(job.kind);
    let reverse = match b.op {
        Op::Transition | Op::Reset | Op::Delete => reverse(cx, b, params, job)?,
        _ => false,
    };
    let current = if reverse {
        job.reverse_status.unwrap_or(machine.configured)
    } else {
        job.status
    };
    match b.op {
        Op::Transition => {
            if !b.from.is_empty() && !b.from.iter().any(|s| s == current.as_str()) {
                let situation = if current == machine.initial {
                    "not_configured"
                } else {
                    "wrong_status"
                };
                return Err(cx.error(b, situation, "", current.as_str()));
            }
            let to = b.to.as_deref().unwrap_or("run");
            if to == "run" {
                let fail = store.get_mut(index).fail_phase.take();
                let plan = machine.run_plan(cx.now, cx.timing, reverse, fail);
                store.schedule(index, reverse, plan);
                store.advance(cx.now);
                return Ok(());
            }
            let target = match to {
                "suspended" => machine.suspended,
                "stopped" => machine.stopped,
                "initial" => machine.initial,
                "configured" => machine.configured,
                name => crate::seed::JobStatus::from_name(name).unwrap_or(machine.configured),
            };
            store.cancel(index, reverse);
            set_status(store.get_mut(index), reverse, target);
        }
        Op::Reset => {
            store.cancel(index, reverse);
            let job = store.get_mut(index);
            set_status(job, reverse, machine.initial);
            if !reverse {
                job.configuration.clear();
            }
        }
        Op::Delete if reverse => {
            store.cancel(index, true);
            let job = store.get_mut(index);
            job.topology = Topology::Oneway;
            job.reverse_status = None;
        }
        Op::Delete => store.remove(index),
        Op::Rename => {
            let name = params.get("DtsJobName").cloned().unwrap_or_default();
            store.get_mut(index).name = Some(name);
        }
        _ => {}
    }
    Ok(())
}

fn set_status(job: &mut Job, reverse: bool, status: crate::seed::JobStatus) {
    if reverse {
        job.reverse_status = Some(status);
    } else {
        job.status = status;
    }
}

fn create(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &mut JobStore,
) -> Result<usize, Denial> {
    let kind = kind_param(cx, b, params, "Type")?.unwrap_or(JobKind::Synchronization);
    let get = |name: &str| params.get(name).filter(|v| !v.is_empty()).cloned();
    let region = get("RegionId")
        .or_else(|| get("SourceRegion"))
        .unwrap_or_else(|| "cn-hangzhou".to_owned());
    let (job_id, instance_id) = store.fresh_ids();
    let mut configuration = BTreeMap::new();
    for name in [
        "PayType",
        "InstanceClass",
        "SourceEndpointEngineName",
        "DestinationEndpointEngineName",
        "SourceRegion",
        "DestinationRegion",
    ] {
        if let Some(v) = get(name) {
            configuration.insert(name.to_owned(), v);
        }
    }
    Ok(store.insert(Job {
        job_id,
        instance_id,
        kind,
        status: cx.machines.of(kind).initial,
        topology: Topology::Oneway,
        region,
        reverse_status: None,
        name: None,
        tags: BTreeMap::new(),
        configuration,
        created: Some(humantime::format_rfc3339_seconds(cx.now).to_string()),
        account: Some(cx.account.to_owned()),
        fail_phase: None,
    }))
}

fn kind_param(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    name: &str,
) -> Result<Option<JobKind>, Denial> {
    match params.get(name).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => cx
            .machines
            .kind_of_type(v)
            .map(Some)
            .ok_or_else(|| cx.error(b, "not_found", name, v)),
    }
}

fn configure(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &mut JobStore,
    body: &mut Map<String, Value>,
) -> Result<(), Denial> {
    let kind = kind_param(cx, b, params, "JobType")?;
    let index = match find(cx, b, params, store)? {
        Some(i) => i,
        // Without an instance, the service buys a pay-as-you-go one for the task.
        None => create(cx, b, params, store)?,
    };
    let machine = cx.machines.of(store.get(index).kind);
    if machine.is_phase(store.get(index).status) {
        let status = store.get(index).status;
        return Err(cx.error(b, "wrong_status", "", status.as_str()));
    }
    let job = store.get_mut(index);
    if let Some(kind) = kind {
        job.kind = kind;
    }
    for (name, value) in params {
        let common = crate::validate::is_common(name);
        if !common && !SECRET_PARAMS.contains(&name.as_str()) {
            job.configuration.insert(name.clone(), value.clone());
        }
    }
    if let Some(name) = params.get("DtsJobName") {
        job.name = Some(name.clone());
    }
    let configured = cx.machines.of(job.kind).configured;
    job.status = configured;
    store.cancel(index, false);
    view::fill(
        cx.machines,
        &b.response,
        store.get(index),
        &Page::default(),
        body,
    );
    Ok(())
}

/// The positions of the jobs on the asked page, and the paging figures.
fn list(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &JobStore,
) -> Result<(Vec<usize>, Page), Denial> {
    let get = |name: &str| {
        params
            .get(name)
            .filter(|v| !v.is_empty())
            .map(String::as_str)
    };
    let kind = kind_param(cx, b, params, "JobType")?;
    let tag_filter = get("Tags").map(view::parse_tag_filter).unwrap_or_default();
    let matching: Vec<usize> = (0..store.jobs().len())
        .filter(|&i| {
            let job = store.get(i);
            cx.visible(job, params)
                && kind.is_none_or(|k| k == job.kind)
                && get("Status").is_none_or(|s| s == job.status.as_str())
                && get("DtsJobId").is_none_or(|id| id == job.job_id)
                && get("DtsInstanceId").is_none_or(|id| id == job.instance_id)
                && get("Region").is_none_or(|r| r == job.region)
                && tag_filter.iter().all(|(k, v)| {
                    job.tags
                        .get(k)
                        .is_some_and(|t| v.as_ref().is_none_or(|v| v == t))
                })
        })
        .collect();
    let size = get("PageSize")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(20)
        .max(1);
    let number = get("PageNumber")
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let items: Vec<usize> = matching
        .iter()
        .copied()
        .skip((number - 1).saturating_mul(size))
        .take(size)
        .collect();
    let page = Page {
        total: matching.len(),
        number,
        size,
        count: items.len(),
        next_token: None,
    };
    Ok((items, page))
}
