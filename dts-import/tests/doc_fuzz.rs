//! The importer never panics: random bytes, token soup, shuffled, truncated and spliced pages,
//! in the plain-text layout and in markdown.
//! Whatever it imports validates, and every warning points at a line of the page. The run is
//! deterministic (a fixed seed), so a failure reproduces.

mod doc_common;
mod markdown_common;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use doc_common::{PAGES, SEEDS};
use dts_import::doc::import_page;

const WORDS: &[&str] = &[
    "Request parameters",
    "Response parameters",
    "Examples",
    "Error codes",
    "请求参数",
    "返回数据",
    "Parameter Type Required Example Description",
    "Action",
    "String",
    "Integer",
    "Long",
    "Boolean",
    "Array",
    "of",
    "Object",
    "Array of Tag",
    "array<object>",
    "Yes",
    "No",
    "是",
    "否",
    "Valid values:",
    "取值：",
    "Default value:",
    "默认值为",
    "Note",
    "说明",
    "  • ",
    "- ",
    "Tag.N.Key",
    "Id.N",
    "{",
    "}",
    "[",
    "]",
    "\"Id\":",
    "\"Tag\": [{",
    "<A>",
    "</A>",
    "&Id=1",
    "?Action=X",
    "http(s)://dts.aliyuncs.com/",
    "400",
    "Throttling.User",
    "JSON format",
    "XML format",
    "Sample requests",
    "Sample error responses",
    "Forward",
    "Reverse",
    "true",
    "false",
    "30",
    "JSON string",
    "will be removed in the future",
    "Success",
    "HttpStatusCode",
    "self",
    "Self",
    "N",
    "1",
    ".",
    ":",
    "：",
    "(default)",
    "\t",
    " ",
    " ",
    "\n",
    "\n",
    "\n\n",
    "x",
    "é",
    "中",
];

fn pages() -> Vec<String> {
    let mut out = Vec::new();
    for dir in [SEEDS, PAGES] {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        out.extend(paths.iter().map(|p| std::fs::read_to_string(p).unwrap()));
    }
    assert!(out.len() >= 10);
    out
}

fn random_bytes(rng: &mut fastrand::Rng) -> String {
    let n = rng.usize(0..600);
    let bytes: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

fn soup(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(0..300))
        .map(|_| WORDS[rng.usize(..WORDS.len())])
        .collect()
}

/// At most 120 consecutive lines of a page, so that big pages do not dominate the run time.
fn window<'a>(rng: &mut fastrand::Rng, page: &'a str) -> Vec<&'a str> {
    let lines: Vec<&str> = page.lines().collect();
    let start = rng.usize(..=lines.len().saturating_sub(120));
    lines.into_iter().skip(start).take(120).collect()
}

fn shuffled(rng: &mut fastrand::Rng, page: &str) -> String {
    let mut lines = window(rng, page);
    rng.shuffle(&mut lines);
    lines.join("\n")
}

fn truncated(rng: &mut fastrand::Rng, page: &str) -> String {
    let cut = rng.usize(0..=page.len());
    String::from_utf8_lossy(&page.as_bytes()[..cut]).into_owned()
}

fn mutated(rng: &mut fastrand::Rng, page: &str, other: &str) -> String {
    let mut lines = window(rng, page);
    let others: Vec<&str> = other.lines().collect();
    for _ in 0..rng.usize(1..12) {
        if lines.is_empty() {
            break;
        }
        let (i, j) = (rng.usize(..lines.len()), rng.usize(..lines.len()));
        match rng.u8(0..4) {
            0 => {
                lines.remove(i);
            }
            1 => lines.insert(i, lines[j]),
            2 if !others.is_empty() => lines.insert(i, others[rng.usize(..others.len())]),
            _ => lines.swap(i, j),
        }
    }
    lines.join("\n")
}

const NAMES: &[&str] = &[
    "A",
    "B",
    "Items",
    "Item",
    "Status",
    "Tag",
    "Tag.N.Key",
    "Tag.1.Value",
    "Id.N",
    "A.B.C",
    "Self",
    "self",
    "Type",
    "X1",
    "Action",
    "Version",
    "Success",
    "HttpStatusCode",
    "DynamicCode",
    "IP",
    "Ip",
];
const TYPES: &[&str] = &[
    "String",
    "Integer",
    "Long",
    "Boolean",
    "Double",
    "Array of String",
    "Array of Item",
    "Array of Integer",
    "Object",
    "Array",
    "Map",
    "array<object>",
    "Hexagon",
];
const DESC: &[&str] = &[
    "Valid values:",
    "  • A",
    "  • A: first",
    "  • 1",
    "  • true：是",
    "  • B (default): second",
    "Default value: A.",
    "Default value: 7.",
    "Note",
    "A JSON string.",
    "This parameter will be removed in the future.",
    "取值：A、B。",
    "Valid values: 1, 2, and 3.",
    "Plain words.",
    "",
];

fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn json(rng: &mut fastrand::Rng, depth: usize) -> serde_json::Value {
    use serde_json::Value;
    match rng.u8(0..if depth > 3 { 3 } else { 6 }) {
        0 => Value::from(rng.i64(..)),
        1 => Value::from(rng.bool()),
        2 => Value::from(pick(rng, NAMES)),
        3 | 4 => Value::Object(
            (0..rng.usize(0..5))
                .map(|_| (pick(rng, NAMES).to_owned(), json(rng, depth + 1)))
                .collect(),
        ),
        _ => Value::Array((0..rng.usize(0..3)).map(|_| json(rng, depth + 1)).collect()),
    }
}

/// A page in the documented layout with random rows, descriptions, samples and errors.
fn tableish(rng: &mut fastrand::Rng) -> String {
    let mut out = vec![
        "Does things.".to_owned(),
        "Request parameters".into(),
        "Parameter Type Required Example Description".into(),
    ];
    for side in 0..2 {
        if side == 1 {
            out.push("Response parameters".into());
        }
        for _ in 0..rng.usize(0..25) {
            let (name, ty) = (pick(rng, NAMES), pick(rng, TYPES));
            let flag = if side == 0 {
                pick(rng, &[" Yes", " No", " 是", ""])
            } else {
                ""
            };
            let example = pick(rng, &["", " 1", " x y", " {\"a\":1}", " true", " A"]);
            out.push(format!("{name} {ty}{flag}{example}"));
            for _ in 0..rng.usize(0..4) {
                out.push(pick(rng, DESC).to_owned());
            }
        }
    }
    out.push("Examples".into());
    out.push(format!(
        "http(s)://dts.aliyuncs.com/?Action=X&{}=1",
        pick(rng, NAMES)
    ));
    out.push("JSON format".into());
    out.push(json(rng, 0).to_string());
    out.push("Error codes".into());
    for _ in 0..rng.usize(0..4) {
        out.push(format!(
            "{} {} Message here. The error message returned because.",
            pick(rng, &["400", "503", "99", "abc"]),
            pick(rng, NAMES)
        ));
    }
    out.join("\n")
}

/// Imports `text`, checks the result, and says whether the entry has parameters or fields.
fn check(text: &str) -> bool {
    let result = catch_unwind(AssertUnwindSafe(|| {
        import_page(Path::new("Fuzz.txt"), text)
    }));
    let Ok(result) = result else {
        panic!("import panicked on:\n{text}")
    };
    let Ok(imported) = result else { return false };
    let filled = !imported.action.request.is_empty() || !imported.action.response.is_empty();
    let lines = text.split('\n').count();
    for w in &imported.warnings {
        assert!(
            w.line.is_none_or(|l| l >= 1 && l <= lines),
            "{w} on:\n{text}"
        );
    }
    let mut diags = dts_spec::diagnostic::Diagnostics::new();
    let file = format!("actions/{}.json", imported.action.name);
    dts_spec::validate::actions(&[(file, imported.action)], &mut diags);
    if diags.has_errors() {
        panic!(
            "imported entry does not validate: {:#?}\non:\n{text}",
            diags.into_vec()
        );
    }
    filled
}

#[test]
fn random_input_never_panics_and_imports_validate() {
    let pages = pages();
    let mut rng = fastrand::Rng::with_seed(0x0d75_1a2b);
    for i in 0..2500 {
        let page = &pages[rng.usize(..pages.len())];
        let other = &pages[rng.usize(..pages.len())];
        let text = match i % 6 {
            0 => random_bytes(&mut rng),
            1 => soup(&mut rng),
            2 => shuffled(&mut rng, page),
            3 => truncated(&mut rng, page),
            4 => tableish(&mut rng),
            _ => mutated(&mut rng, page, other),
        };
        check(&text);
    }
}

const MD_WORDS: &[&str] = &[
    "# ",
    "## ",
    "### ",
    "## 请求参数",
    "## Response parameters",
    "## 返回数据 {#resultMapping .section}",
    "## 错误码",
    "## 示例",
    "|",
    "| ",
    "\\|",
    "|--|--|",
    "|---|---|---|---|---|",
    "|名称|类型|是否必选|示例值|描述|",
    "|Parameter|Type|Example|Description|",
    "|HttpCode|错误码|错误信息|描述|",
    "\\_",
    "\\*",
    "\\",
    "<br>",
    "<br/>",
    "<li>",
    "</p>",
    "<Common>",
    "&lt;",
    "&#124;",
    "&",
    "`",
    "**",
    "[x](~~1~~)",
    "![",
    "[",
    "](",
    ")",
    "```",
    "```java",
    "``` {#json_demo}",
    "~~~",
    "└",
    "└└",
    "> ",
    "-   ",
    "RepeatList",
    "Tag.N.Key",
    "Id.N",
    "String",
    "Struct",
    "List",
    "Array of Item",
    "是",
    "否",
    "Yes",
    "{",
    "}",
    "[",
    "]",
    "\"A\":",
    "<A>",
    "</A>",
    "<A/>",
    "400",
    "Throttling.User",
    "请求示例",
    "正常返回示例",
    "`JSON` 格式",
    "http(s)://dts.aliyuncs.com/?Action=X",
    "\n",
    "\n",
    "\n\n",
    " ",
    "\t",
    "中",
    "x",
];

fn md_soup(rng: &mut fastrand::Rng) -> String {
    (0..rng.usize(0..300))
        .map(|_| MD_WORDS[rng.usize(..MD_WORDS.len())])
        .collect()
}

/// A markdown page with random table rows whose cells may run over several lines.
fn markdownish(rng: &mut fastrand::Rng) -> String {
    let mut out = vec!["# X".to_owned(), "Does things.".into()];
    for (heading, header, rule) in [
        (
            "## 请求参数",
            "|名称|类型|是否必选|示例值|描述|",
            "|--|--|----|---|--|",
        ),
        ("## 返回数据", "|名称|类型|示例值|描述|", "|--|--|---|--|"),
    ] {
        out.push(heading.into());
        out.push(header.into());
        out.push(rule.into());
        for _ in 0..rng.usize(0..20) {
            let marks = pick(rng, &["", "└", "└└"]);
            let (name, ty) = (pick(rng, NAMES), pick(rng, TYPES));
            let flag = pick(rng, &["是|", "否|", "", "Yes|"]);
            let mut row = format!(
                "|{marks}{name}|{ty}|{flag}{}|{}",
                pick(rng, &["", "1", "a\\*\\*"]),
                pick(rng, DESC)
            );
            for _ in 0..rng.usize(0..3) {
                row.push_str(pick(
                    rng,
                    &["\n\n", "\n-   **A**：a", "<br>", "\n 默认值：A", "|"],
                ));
            }
            row.push_str(pick(rng, &[" |", "", "\n\n |"]));
            out.push(row);
        }
    }
    out.push("## 示例".into());
    out.push("```".into());
    out.push(json(rng, 0).to_string());
    out.push(pick(rng, &["```", ""]).into());
    out.push("## 错误码".into());
    out.push("|HttpCode|错误码|错误信息|描述|".into());
    out.push("|--|--|--|--|".into());
    for _ in 0..rng.usize(0..4) {
        out.push(format!(
            "|{}|{}|m|d|",
            pick(rng, &["400", "abc", ""]),
            pick(rng, NAMES)
        ));
    }
    out.join("\n")
}

#[test]
fn markdown_input_never_panics_and_imports_validate() {
    let pages: Vec<String> = markdown_common::pages()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut rng = fastrand::Rng::with_seed(0x3d_0c5);
    let mut tables_read = 0;
    for i in 0..2000 {
        let page = &pages[rng.usize(..pages.len())];
        let other = &pages[rng.usize(..pages.len())];
        let text = match i % 5 {
            0 => md_soup(&mut rng),
            1 => shuffled(&mut rng, page),
            2 => truncated(&mut rng, page),
            3 => markdownish(&mut rng),
            _ => mutated(&mut rng, page, other),
        };
        let filled = check(&text);
        if i % 5 == 3 && filled {
            tables_read += 1;
        }
    }
    // The generated tables are mostly readable: the run exercises rows, not only errors.
    assert!(
        tables_read > 200,
        "only {tables_read} of 400 generated pages had rows"
    );
}
