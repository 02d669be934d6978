//! Tags on instances: `TagResources`, `UntagResources`, `ListTagResources` (paged with
//! `NextToken`, which is present only when another page follows).

use std::collections::BTreeMap;

use dts_spec::emulator::{Behaviour, Op};
use serde_json::{Map, Value};

use crate::context::{Ctx, Denial};
use crate::params::Params;
use crate::state::JobStore;
use crate::view::{self, Page};

/// How many tags `ListTagResources` answers per page.
pub(crate) const TAG_PAGE: usize = 20;

/// The values of a flattened list parameter: `Name.1`, `Name.2`... in index order.
pub(crate) fn list_values(params: &Params, name: &str) -> Vec<String> {
    indexed(params, name, "")
}

fn indexed(params: &Params, name: &str, suffix: &str) -> Vec<String> {
    let prefix = format!("{name}.");
    let mut found: Vec<(u32, String)> = params
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .filter_map(|(k, v)| {
            let rest = &k[prefix.len()..];
            let (n, tail) = rest.split_once('.').unwrap_or((rest, ""));
            let tail = if tail.is_empty() { "" } else { tail };
            (tail == suffix).then(|| Some((n.parse().ok()?, v.clone())))?
        })
        .collect();
    found.sort();
    found.into_iter().map(|(_, v)| v).collect()
}

/// The `Tag.N.Key` / `Tag.N.Value` pairs (or a JSON `Tag` list).
fn tag_pairs(params: &Params) -> Vec<(String, String)> {
    let prefix = "Tag.";
    let mut by_index: BTreeMap<u32, (String, String)> = BTreeMap::new();
    for (k, v) in params.range(prefix.to_owned()..) {
        let Some(rest) = k.strip_prefix(prefix) else {
            break;
        };
        let Some((n, field)) = rest.split_once('.') else {
            continue;
        };
        let Ok(n) = n.parse() else { continue };
        let entry = by_index.entry(n).or_default();
        match field {
            "Key" => entry.0 = v.clone(),
            "Value" => entry.1 = v.clone(),
            _ => {}
        }
    }
    if by_index.is_empty() {
        if let Some(json) = params.get("Tag") {
            return view::parse_tag_filter(json)
                .into_iter()
                .map(|(k, v)| (k, v.unwrap_or_default()))
                .collect();
        }
    }
    by_index
        .into_values()
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// The instances named by `ResourceId.N`, or the not-found refusal for the first unknown.
fn resources(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &JobStore,
) -> Result<Vec<usize>, Denial> {
    const PARAM: &str = "ResourceId";
    list_values(params, PARAM)
        .iter()
        .map(|id| {
            store
                .find_instance(id)
                .filter(|&i| cx.visible(store.get(i), params))
                .ok_or_else(|| cx.error(b, "not_found", PARAM, id))
        })
        .collect()
}

/// Runs a tag action.
pub(crate) fn apply(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &mut JobStore,
    body: &mut Map<String, Value>,
) -> Result<(), Denial> {
    match b.op {
        Op::Tag => {
            let targets = resources(cx, b, params, store)?;
            let pairs = tag_pairs(params);
            for i in targets {
                let job = store.get_mut(i);
                for (k, v) in &pairs {
                    job.tags.insert(k.clone(), v.clone());
                }
            }
            Ok(())
        }
        Op::Untag => {
            let targets = resources(cx, b, params, store)?;
            let keys = list_values(params, "TagKey");
            let all = params
                .get("All")
                .is_some_and(|a| a.eq_ignore_ascii_case("true"));
            for i in targets {
                let tags = &mut store.get_mut(i).tags;
                if all {
                    tags.clear();
                }
                for k in &keys {
                    tags.remove(k);
                }
            }
            Ok(())
        }
        _ => list(cx, b, params, store, body),
    }
}

fn list(
    cx: &Ctx<'_>,
    b: &Behaviour,
    params: &Params,
    store: &JobStore,
    body: &mut Map<String, Value>,
) -> Result<(), Denial> {
    let targets = if list_values(params, "ResourceId").is_empty() {
        (0..store.jobs().len())
            .filter(|&i| cx.visible(store.get(i), params))
            .collect()
    } else {
        resources(cx, b, params, store)?
    };
    let wanted: Vec<(String, String)> = tag_pairs(params);
    let resource_type = params
        .get("ResourceType")
        .cloned()
        .unwrap_or_else(|| "ALIYUN::DTS::INSTANCE".to_owned());
    let mut all = Vec::new();
    for i in targets {
        let job = store.get(i);
        for (k, v) in &job.tags {
            let keep = wanted.is_empty()
                || wanted
                    .iter()
                    .any(|(wk, wv)| wk == k && (wv.is_empty() || wv == v));
            if keep {
                all.push(BTreeMap::from([
                    ("tag.resource_id", job.instance_id.clone()),
                    ("tag.resource_type", resource_type.clone()),
                    ("tag.key", k.clone()),
                    ("tag.value", v.clone()),
                ]));
            }
        }
    }
    let start = match params.get("NextToken").filter(|t| !t.is_empty()) {
        None => 0,
        Some(token) => token
            .parse::<usize>()
            .ok()
            .filter(|&n| n <= all.len())
            .ok_or_else(|| Denial {
                code: "InvalidParameter".to_owned(),
                message: "The Value of Input Parameter %s is not valid.".to_owned(),
                dynamic: "NextToken".to_owned(),
                status: 400,
            })?,
    };
    let total = all.len();
    let items: Vec<_> = all.into_iter().skip(start).take(TAG_PAGE).collect();
    let next = start + items.len();
    let page = Page {
        total,
        number: 1,
        size: TAG_PAGE,
        count: items.len(),
        next_token: (next < total).then(|| next.to_string()),
    };
    view::fill_items(b, items, &page, cx.machines, body);
    Ok(())
}
