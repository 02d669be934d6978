//! Every API of the 2024-08 metadata, rendered as a markdown reference page the way
//! documentation repositories lay them out, in Chinese and English by turns (upstream suite): pipe tables whose description
//! cells are the metadata's own multi-line markdown, escaped examples, `Name.N` RepeatList
//! rows and `Tag.N.Key` rows, response rows flattened depth first with the JSON sample as the
//! only guide to nesting, and the error-code table. Each page must import recalling at least
//! 95 % of the metadata's parameters and fields, agree on at least 95 % of their types and
//! required flags, and invent none.

mod markdown_common;

use std::path::{Path, PathBuf};

use dts_import::doc::import_page;
use markdown_common::{facts, metadata_facts, wire_type};
use serde_json::Value;

fn metadata() -> Value {
    let dir = std::env::var_os("DTS_UPSTREAM_DIR").expect(
        "DTS_UPSTREAM_DIR must name the shared directory (the one holding metadata/) for the upstream suite",
    );
    let path = PathBuf::from(dir)
        .join("metadata")
        .join("dts-2020-01-01.api-docs.2024-08.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The type column as reference pages write it.
fn column(s: &Value) -> String {
    let scalar = |s: &Value| match (s["type"].as_str(), s["format"].as_str()) {
        (Some("integer"), Some("int64")) => "Long",
        (Some("integer"), _) => "Integer",
        (Some("boolean"), _) => "Boolean",
        (Some("number"), Some("float")) => "Float",
        (Some("number"), _) => "Double",
        (Some("object"), _) => "Object",
        (Some("any"), _) => "Map",
        _ => "String",
    };
    match s["type"].as_str() {
        Some("array") => match s["items"]["type"].as_str() {
            Some("object") => "Array of Object".to_owned(),
            Some("array") => "Array".to_owned(),
            _ => format!("Array of {}", scalar(&s["items"])),
        },
        _ => scalar(s).to_owned(),
    }
}

/// A cell's text with the markdown escapes pages use.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if matches!(c, '*' | '_' | '|' | '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn example(s: &Value) -> String {
    let e = s["example"].as_str().unwrap_or_default().trim();
    escape(&e.replace(['\n', '\r', '\t'], " "))
}

/// A description cell: the metadata's markdown, over several lines, pipes escaped.
fn description(s: &Value) -> String {
    let d = s["description"].as_str().unwrap_or("-").trim();
    let d = if d.is_empty() { "-" } else { d };
    format!("{}\n\n |", d.replace('|', "\\|"))
}

fn row(cells: &[&str]) -> String {
    format!("|{}", cells.join("|"))
}

fn request(api: &Value, w: &Words, out: &mut Vec<String>, sample: &mut Vec<String>) {
    for p in api["parameters"].as_array().into_iter().flatten() {
        let (name, s) = (p["name"].as_str().unwrap_or_default(), &p["schema"]);
        let flag = w.yes_no[usize::from(s["required"] != true)];
        let repeat = p["style"] == "repeatList";
        let members = s["items"]["properties"].as_object();
        let ex = example(s);
        match (repeat, members) {
            (true, Some(members)) => {
                for (child, cs) in members {
                    let cex = example(cs);
                    out.push(row(&[
                        &format!("{name}.N.{child}"),
                        &column(cs),
                        flag,
                        &cex,
                        &description(cs),
                    ]));
                    if !cex.is_empty() {
                        sample.push(format!("&{name}.1.{child}={cex}"));
                    }
                }
            }
            (true, None) => {
                out.push(row(&[
                    &format!("{name}.N"),
                    "RepeatList",
                    flag,
                    &ex,
                    &description(s),
                ]));
                if !ex.is_empty() {
                    sample.push(format!("&{name}.1={ex}"));
                }
            }
            _ => {
                out.push(row(&[name, &column(s), flag, &ex, &description(s)]));
                for (child, cs) in members.into_iter().flatten() {
                    let child = format!("└{child}");
                    out.push(row(&[
                        &child,
                        &column(cs),
                        w.yes_no[1],
                        &example(cs),
                        &description(cs),
                    ]));
                }
                if !ex.is_empty() && members.is_none() {
                    sample.push(format!("&{name}={ex}"));
                }
            }
        }
    }
}

/// Response rows depth first, unmarked: the JSON sample is the guide to their nesting.
fn response(props: &serde_json::Map<String, Value>, out: &mut Vec<String>) {
    for (name, s) in props {
        out.push(row(&[name, &column(s), &example(s), &description(s)]));
        let members = match s["type"].as_str() {
            Some("array") => s["items"]["properties"].as_object(),
            _ => s["properties"].as_object(),
        };
        if let Some(m) = members {
            response(m, out);
        }
    }
}

fn errors(api: &Value, out: &mut Vec<String>) {
    for (status, list) in api["errorCodes"].as_object().into_iter().flatten() {
        for e in list.as_array().into_iter().flatten() {
            let code = e["errorCode"].as_str().unwrap_or_default();
            let message = escape(e["errorMessage"].as_str().unwrap_or_default());
            out.push(format!("|{status}|{code}|{message}|-|"));
        }
    }
}

/// The words of a page in one language.
struct Words {
    request: &'static str,
    request_header: &'static str,
    yes_no: [&'static str; 2],
    response: &'static str,
    response_header: &'static str,
    examples: &'static str,
    sample_request: &'static str,
    sample_response: &'static str,
    json: &'static str,
    errors: &'static str,
    error_header: &'static str,
}

const ZH: Words = Words {
    request: "## 请求参数 {#parameters .section}",
    request_header: "|名称|类型|是否必选|示例值|描述|",
    yes_no: ["是", "否"],
    response: "## 返回数据 {#resultMapping .section}",
    response_header: "|名称|类型|示例值|描述|",
    examples: "## 示例 {#demo .section}",
    sample_request: "请求示例",
    sample_response: "正常返回示例",
    json: "`JSON` 格式",
    errors: "## 错误码 { .section}",
    error_header: "|HttpCode|错误码|错误信息|描述|",
};

const EN: Words = Words {
    request: "## Request parameters",
    request_header: "|Parameter|Type|Required|Example|Description|",
    yes_no: ["Yes", "No"],
    response: "## Response parameters",
    response_header: "|Parameter|Type|Example|Description|",
    examples: "## Examples",
    sample_request: "Sample requests",
    sample_response: "Sample success responses",
    json: "`JSON` format",
    errors: "## Error codes",
    error_header: "|HTTP status code|Error code|Error message|Description|",
};

fn page(name: &str, api: &Value, w: &Words) -> Option<String> {
    let demos: Vec<Value> = serde_json::from_str(api["responseDemo"].as_str()?).ok()?;
    let json = demos.iter().find(|d| d["type"] == "json")?["example"].as_str()?;
    let sample: Value = serde_json::from_str(json).ok()?;
    let mut out = vec![
        format!("# {name} {{#doc_api_Dts_{name} .reference}}"),
        String::new(),
        api["summary"].as_str().unwrap_or("-").to_owned(),
        String::new(),
        w.request.into(),
        String::new(),
        w.request_header.into(),
        "|--|--|----|---|--|".into(),
        row(&[
            "Action",
            "String",
            w.yes_no[0],
            name,
            &format!("要执行的操作，取值：**{name}**。 |"),
        ]),
    ];
    let mut sample_request = vec![format!("http(s)://dts.aliyuncs.com/?Action={name}")];
    request(api, w, &mut out, &mut sample_request);
    out.extend([
        String::new(),
        w.response.into(),
        String::new(),
        w.response_header.into(),
        "|--|--|---|--|".into(),
    ]);
    response(
        api["responses"]["200"]["schema"]["properties"].as_object()?,
        &mut out,
    );
    out.extend([
        String::new(),
        w.examples.into(),
        String::new(),
        w.sample_request.into(),
        String::new(),
        "``` {#request_demo}".into(),
    ]);
    out.extend(sample_request.into_iter().map(|l| l.replace('\\', "")));
    out.extend([
        "&<公共请求参数>".into(),
        "```".into(),
        String::new(),
        w.sample_response.into(),
        String::new(),
        w.json.into(),
        String::new(),
        "``` {#json_return_success_demo}".into(),
        serde_json::to_string_pretty(&sample).ok()?,
        "```".into(),
        String::new(),
        w.errors.into(),
        String::new(),
        w.error_header.into(),
        "|--------|---|----|--|".into(),
    ]);
    errors(api, &mut out);
    out.extend([
        String::new(),
        "访问[错误中心](https://error-center.aliyun.com/status/product/Dts)查看更多错误码。".into(),
    ]);
    Some(out.join("\n"))
}

#[test]
#[ignore = "upstream suite: set DTS_UPSTREAM_DIR to the shared directory and run with --ignored"]
fn every_metadata_api_as_a_markdown_page_imports_its_facts() {
    let meta = metadata();
    let apis = meta["apis"].as_object().expect("apis");
    let (mut pages, mut failures, mut warnings) = (0, Vec::new(), Vec::new());
    let (mut all_want, mut all_found, mut all_agree) = (0, 0, 0);
    for (i, (name, api)) in apis.iter().enumerate() {
        let words = if i % 2 == 0 { &ZH } else { &EN };
        let Some(text) = page(name, api, words) else {
            continue;
        };
        pages += 1;
        let path = Path::new("metadata").join(format!("{name}.md"));
        let imp = match import_page(&path, &text) {
            Ok(imp) => imp,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        warnings.extend(imp.warnings.iter().map(|w| w.message.clone()));
        let want = metadata_facts(api);
        let got: Vec<(String, String, String, bool)> = facts(&imp.action)
            .into_iter()
            .filter(|f| f.side != "error")
            .map(|f| (f.side.to_owned(), f.path.clone(), wire_type(&f), f.required))
            .collect();
        let key = |f: &(String, String, String, bool)| (f.0.clone(), f.1.clone());
        let found: Vec<_> = want
            .iter()
            .filter_map(|w| got.iter().find(|g| key(g) == key(w)).map(|g| (w, g)))
            .collect();
        let agree = found
            .iter()
            .filter(|(w, g)| w.2 == g.2 && w.3 == g.3)
            .count();
        let invented: Vec<&String> = got
            .iter()
            .filter(|g| !want.iter().any(|w| key(w) == key(g)))
            .map(|g| &g.1)
            .collect();
        all_want += want.len();
        all_found += found.len();
        all_agree += agree;
        let recall = found.len() as f64 / want.len().max(1) as f64;
        let agreement = agree as f64 / found.len().max(1) as f64;
        if recall < 0.95 || agreement < 0.95 || !invented.is_empty() {
            let missing: Vec<&String> = want
                .iter()
                .filter(|w| !got.iter().any(|g| key(g) == key(w)))
                .map(|w| &w.1)
                .collect();
            let differ: Vec<String> = found
                .iter()
                .filter(|(w, g)| !(w.2 == g.2 && w.3 == g.3))
                .map(|(w, g)| format!("{} {}/{} vs {}/{}", w.1, w.2, w.3, g.2, g.3))
                .collect();
            failures.push(format!(
                "{name}: recall {recall:.2}, agreement {agreement:.2}; missing {missing:?}; invented {invented:?}; differ {differ:?}"
            ));
        }
    }
    println!(
        "{pages} pages: {all_found}/{all_want} facts recalled, {all_agree} agreeing; {} pages below the bar; {} warnings",
        failures.len(),
        warnings.len()
    );
    assert!(pages >= 100, "only {pages} pages could be rendered");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
