//! One page to one action: the phases put together, plus the summary, notes and name.

use std::path::Path;

use dts_spec::{Action, Examples};

use super::lines::{self, Line};
use super::sample::{self, QueryHints, Sample};
use super::table::{self, Row, TableKind};
use super::{
    error_codes, examples, fields::Convert, markdown, sections, tree, ImportError, Warnings,
};

/// Parses a page into an action and the warnings found on the way.
pub(crate) fn page(path: &Path, text: &str, w: &mut Warnings) -> Result<Action, ImportError> {
    let md = markdown::is_markdown(text).then(|| markdown::normalize(text, w));
    let all = match &md {
        Some(md) => md.iter().map(markdown::MdLine::line).collect(),
        None => lines::split(text),
    };
    let s = sections::split(&all, w);
    let lead = lead(&s.lead, &s.notes);
    let samples = examples::parse(&s.examples, w);
    let json_sample = samples
        .json
        .as_ref()
        .map(|(_, v)| Sample::from_json(v))
        .or_else(|| {
            let v = samples.xml.as_deref().and_then(sample::xml_value)?;
            Some(Sample::from_json(&v))
        });
    let (query_sample, hints) = match &samples.request {
        Some((_, r)) => {
            let (s, h) = sample::from_query(r);
            (Some(s), h)
        }
        None => (None, QueryHints::default()),
    };
    if s.request.is_empty() {
        w.push(0, "the page has no request parameters section");
    }
    if s.response.is_empty() {
        w.push(0, "the page has no response parameters section");
    }
    let mut req_rows = table::rows(&s.request, TableKind::Request, w);
    let row_name = req_rows
        .iter()
        .find(|r| r.name == "Action")
        .and_then(action_from_row);
    req_rows.retain(|r| !dts_spec::names::is_common_param(&r.name));
    let name = choose_name(path, row_name, hints.action.clone(), lead.title.clone(), w)?;
    let resp_rows = table::rows(&s.response, TableKind::Response, w);
    let req_tree = tree::build(req_rows, query_sample.as_ref(), tree::Side::Request, w);
    let resp_tree = tree::build(resp_rows, json_sample.as_ref(), tree::Side::Response, w);
    if let (Some(q), Some((line, _))) = (&query_sample, &samples.request) {
        for p in tree::undocumented(&req_tree, q) {
            if !dts_spec::names::is_common_param(&p) {
                w.push(
                    *line,
                    format!(
                        "the sample request sends `{p}`, which has no row in the request table"
                    ),
                );
            }
        }
    }
    if let (Some(j), Some((line, _))) = (&json_sample, &samples.json) {
        for p in tree::undocumented(&resp_tree, j) {
            w.push(
                *line,
                format!("the JSON sample has `{p}`, which has no row in the response table"),
            );
        }
    }
    let convert = Convert::new(&hints, &[&req_tree, &resp_tree]);
    let request = convert.params(&req_tree, w);
    let response = convert.fields(&resp_tree, w);
    let errors = error_codes::parse(&s.errors, w);
    let deprecated = lead
        .notes
        .iter()
        .chain(&lead.summary)
        .any(|n| action_deprecated(n));
    Ok(Action {
        name,
        summary: lead.summary,
        notes: lead.notes,
        methods: vec![dts_spec::HttpMethod::Post, dts_spec::HttpMethod::Get],
        idempotent: false,
        deprecated,
        access: None,
        request,
        response,
        errors,
        examples: Examples {
            request: samples.request.map(|(_, r)| r),
            response_json: samples.json.map(|(_, v)| v),
            response_xml: samples.xml,
        },
        paginator: None,
        waiters: Vec::new(),
    })
}

#[derive(Default)]
struct Lead {
    title: Option<String>,
    summary: Option<String>,
    notes: Vec<String>,
}

/// The summary (first line), an optional title line naming the action, and the notes.
fn lead(lead: &[Line<'_>], notes_section: &[Line<'_>]) -> Lead {
    let mut out = Lead::default();
    let useful = |l: &&Line<'_>| !l.is_blank() && !lines::is_boilerplate(l.text);
    let mut rest = lead.iter().filter(useful).peekable();
    if let Some(first) = rest.peek() {
        if is_action_name(first.text) {
            out.title = Some(first.text.to_owned());
            rest.next();
        } else if let Some((t, summary)) = titled(first.text) {
            out.title = Some(t.to_owned());
            out.summary = Some(summary.to_owned());
            rest.next();
        }
    }
    if out.summary.is_none() {
        if let Some(first) =
            rest.next_if(|l| lines::note(l.text).is_none() && lines::bullet(l.text).is_none())
        {
            out.summary = Some(first.text.to_owned());
        }
    }
    for l in rest.chain(notes_section.iter().filter(useful)) {
        let text = match (lines::note(l.text), lines::bullet(l.text)) {
            _ if l.kind == lines::Kind::Code => continue,
            // A table in the notes: its cells as one line each.
            _ if matches!(l.kind, lines::Kind::Row | lines::Kind::TableHeader) => {
                out.notes
                    .push(l.text.split('\t').collect::<Vec<_>>().join(" | "));
                continue;
            }
            (Some(n), _) => n,
            (None, Some(b)) => b,
            (None, None) => l.text,
        };
        if !text.is_empty() {
            out.notes.push(text.to_owned());
        }
    }
    out
}

/// `ResetDtsJob - Resets a task` or `ResetDtsJob：重置任务`: the title and the summary.
fn titled(text: &str) -> Option<(&str, &str)> {
    for sep in [" - ", " – ", " — ", "：", ": "] {
        if let Some((t, s)) = text.split_once(sep) {
            if is_action_name(t.trim()) && !s.trim().is_empty() {
                return Some((t.trim(), s.trim()));
            }
        }
    }
    None
}

fn is_action_name(s: &str) -> bool {
    s.len() <= 128
        && s.starts_with(|c: char| c.is_ascii_uppercase())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_lowercase())
}

/// The action named by the `Action` row: its example, or `Set the value to X` in its text.
fn action_from_row(row: &Row<'_>) -> Option<String> {
    if let Some(e) = row
        .example
        .as_deref()
        .and_then(|e| e.split_whitespace().next())
    {
        return Some(e.to_owned());
    }
    row.desc.iter().find_map(|l| {
        let lower = l.text.to_ascii_lowercase();
        let at = ["value to ", "取值：", "取值:"]
            .iter()
            .find_map(|m| lower.find(m).map(|i| i + m.len()))?;
        let word: String = l
            .text
            .get(at..)?
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        is_action_name(&word).then_some(word)
    })
}

fn choose_name(
    path: &Path,
    from_row: Option<String>,
    from_query: Option<String>,
    from_title: Option<String>,
    w: &mut Warnings,
) -> Result<String, ImportError> {
    if let (Some(a), Some(b)) = (&from_row, &from_query) {
        if a != b {
            w.push(
                0,
                format!(
                    "the `Action` row names `{a}` but the sample request calls `{b}`; using `{a}`"
                ),
            );
        }
    }
    // `DescribeFooJob.en.md` names `DescribeFooJob`: language and layout tags are not part
    // of the name.
    let from_file = path.file_name().map(|s| {
        let s = s.to_string_lossy();
        s.split('.').next().unwrap_or_default().to_owned()
    });
    [from_row, from_query, from_title, from_file]
        .into_iter()
        .flatten()
        .find(|n| is_action_name(n))
        .ok_or_else(|| ImportError::NoActionName {
            page: path.to_path_buf(),
        })
}

fn action_deprecated(text: &str) -> bool {
    let lower = text.to_lowercase();
    const PHRASES: [&str; 8] = [
        "this operation is deprecated",
        "this operation has been deprecated",
        "this api is deprecated",
        "this api has been deprecated",
        "is no longer maintained",
        "该接口已下线",
        "该接口已废弃",
        "已不再维护",
    ];
    PHRASES.iter().any(|p| lower.contains(p))
}
