//! Markdown API reference pages, as documentation repositories keep them, import to entries
//! fact for fact. The pages under `tests/markdown/pages` are written for these tests from the
//! facts of the API metadata, in both languages and in the older layout; what each imports to
//! (facts and warnings, no prose) is committed in `tests/markdown/expected`, and the entries
//! themselves in `tests/markdown/spec` (the `dts-tests` crate builds a client from them).
//!
//! `UPDATE_EXPECT=1 cargo test -p dts-import --test doc_markdown` rewrites both after a
//! deliberate change; review the diff.

mod markdown_common;

use std::path::{Path, PathBuf};

use dts_import::doc::{import_page, run_import, run_import_with, DocOptions, ImportError};
use markdown_common::{facts, import, pages, render, Fact, DIR};

fn update() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some()
}

fn stem(page: &Path) -> String {
    let name = page.file_name().unwrap().to_string_lossy();
    name.trim_end_matches(".md").to_owned()
}

#[test]
fn pages_import_to_their_committed_facts() {
    let expected = Path::new(DIR).join("expected");
    let mut failures = Vec::new();
    for page in pages() {
        let got = render(&import(&page));
        let file = expected.join(format!("{}.facts", stem(&page)));
        if update() {
            std::fs::create_dir_all(&expected).unwrap();
            std::fs::write(&file, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&file).unwrap_or_default();
        if want != got {
            failures.push(format!("{}:\n{got}", file.display()));
        }
    }
    assert!(
        failures.is_empty(),
        "imports differ from the committed facts (UPDATE_EXPECT=1 rewrites them):\n{}",
        failures.join("\n")
    );
}

/// A temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::SeqCst);
        let dir =
            std::env::temp_dir().join(format!("dts-import-md-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn entries(dir: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir.join("actions"))
        .map(|d| {
            d.map(|e| {
                let p = e.unwrap().path();
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// `import-doc` of every page into a directory holding the committed `service.json` writes
/// exactly the committed entries, which the `dts-tests` crate turns into a client.
#[test]
fn the_committed_spec_directory_is_what_import_doc_writes() {
    let spec = Path::new(DIR).join("spec");
    let out = TempDir::new("spec");
    std::fs::copy(spec.join("service.json"), out.0.join("service.json")).unwrap();
    let report = run_import(&pages(), &out.0, false).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.entries.len(), pages().len());
    let got = entries(&out.0);
    if update() {
        let _ = std::fs::remove_dir_all(spec.join("actions"));
        std::fs::create_dir_all(spec.join("actions")).unwrap();
        for (name, text) in &got {
            std::fs::write(spec.join("actions").join(name), text).unwrap();
        }
        return;
    }
    let want = entries(&spec);
    let names = |v: &[(String, String)]| v.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(names(&got), names(&want));
    for ((name, got), (_, want)) in got.iter().zip(&want) {
        assert_eq!(
            got, want,
            "{name} differs from the committed entry (UPDATE_EXPECT=1 rewrites it)"
        );
    }
}

const EMPTY: &str = "# DescribeNothing\n\nA page whose tables are pictures.\n\n## 请求参数\n\n![table](request.png)\n\n## 返回数据\n\nSee the console.\n";

#[test]
fn a_page_without_parameters_or_fields_is_an_error_naming_it() {
    let dir = TempDir::new("empty");
    let page = dir.0.join("DescribeNothing.md");
    std::fs::write(&page, EMPTY).unwrap();
    let out = dir.0.join("spec");
    let err = run_import(std::slice::from_ref(&page), &out, false).unwrap_err();
    assert!(matches!(&err, ImportError::Empty { page: p } if *p == page));
    assert!(err.to_string().contains("DescribeNothing.md"), "{err}");
    assert!(!out.join("actions").exists(), "nothing is written");

    let options = DocOptions {
        allow_empty: true,
        ..DocOptions::default()
    };
    let report = run_import_with(std::slice::from_ref(&page), &out, &options).unwrap();
    let warned: Vec<String> = report.warnings().map(|w| w.message.clone()).collect();
    assert!(
        warned
            .iter()
            .any(|m| m.contains("no request parameters and no response fields")),
        "{warned:?}"
    );
    assert!(out.join("actions/DescribeNothing.json").exists());
}

fn lines_of(imp: &dts_import::doc::Imported) -> Vec<(Option<usize>, String)> {
    imp.warnings
        .iter()
        .map(|w| (w.line, w.message.clone()))
        .collect()
}

fn fact<'a>(all: &'a [Fact], path: &str) -> &'a Fact {
    all.iter()
        .find(|f| f.side == "response" && f.path == path)
        .unwrap_or_else(|| panic!("no response fact `{path}` in {all:#?}"))
}

/// The JSON sample decides nesting: rows the table lists flat become siblings or members as
/// the sample shows, a row typed as a value that the sample shows with members follows the
/// sample with a warning, and a row the sample lacks is placed by document order with a
/// warning; every warning names its line.
#[test]
fn the_sample_is_the_authority_on_nesting() {
    let page = "# DescribeThing\n\nReads a thing.\n\n## Response parameters\n\n\
        |Parameter|Type|Example|Description|\n|--|--|--|--|\n\
        |Items|List| |The items.|\n\
        |Name|String|a|An item's name.|\n\
        |Owner|String| |Who owns it.|\n\
        |Id|String|i-1|The owner's ID.|\n\
        |Age|Integer|3|Not in the sample.|\n\
        |RequestId|String|r-1|The request.|\n\n\
        Some words after the table.\n\n\
        ## Examples\n\n```json\n{\"Items\": [{\"Name\": \"a\"}], \"Owner\": {\"Id\": \"i-1\"}, \"RequestId\": \"r-1\"}\n```\n";
    let imp = import_page(Path::new("DescribeThing.md"), page).unwrap();
    let all = facts(&imp.action);
    let paths: Vec<&str> = all.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "Items",
            "Items[].Name",
            "Owner",
            "Owner.Id",
            "Age",
            "RequestId"
        ]
    );
    assert_eq!(fact(&all, "Owner").ty, "Object");
    assert_eq!(fact(&all, "Items").ty, "Array<Object>");
    assert_eq!(
        lines_of(&imp),
        [
            (None, "the page has no request parameters section".to_owned()),
            (Some(11), "`Owner` is documented as String but the sample shows an object; imported as the sample shows".to_owned()),
            (Some(13), "`Age` is not in the sample; placed under the top level by document order".to_owned()),
            (Some(16), "text outside the table ignored: `Some words after the table.`".to_owned()),
        ]
    );
}

/// Cells that run over several lines keep their bullets (valid values), escapes and `<br>`
/// are read, RepeatList rows become lists, and a row the table cannot read is reported.
#[test]
fn multi_line_cells_escapes_and_repeat_lists() {
    let page = "# TagThings\n\n## 请求参数\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n\
        |Mode|String|否|Fast|模式。取值：\n\n-   **Fast**：快\n-   **Slow**：慢\n\n 默认值：Fast\n\n |\n\
        |Thing\\_Id.N|RepeatList|是|t-1\\*\\*\\*\\*|对象ID。<br>最多20个。 |\n\
        |Tag.N.Key|String|否|k|标签键。 |\n\
        |名称|String|否|x|不是参数名。 |\n\n\
        ## 返回数据\n\n|名称|类型|示例值|描述|\n|--|--|---|--|\n|RequestId|String|r-1|请求ID。 |\n";
    let imp = import_page(Path::new("TagThings.md"), page).unwrap();
    let a = &imp.action;
    let mode = a.param("Mode").unwrap();
    let values: Vec<&str> = mode.enum_values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["Fast", "Slow"]);
    assert_eq!(mode.default.as_deref(), Some("Fast"));
    let ids = a.param("Thing_Id").unwrap();
    assert!(ids.required);
    assert_eq!(ids.example.as_deref(), Some("t-1****"));
    assert_eq!(ids.style, dts_spec::Style::RepeatList);
    assert_eq!(ids.items.as_ref().unwrap().ty, dts_spec::Type::String);
    assert!(ids.description.as_deref().unwrap().contains("最多20个"));
    assert_eq!(a.param("Tag").unwrap().ty, dts_spec::Type::Array);
    assert_eq!(
        lines_of(&imp),
        [(
            Some(17),
            "table row not understood; ignored: `名称\tString\t否\tx\t不是参数名。`".to_owned()
        )]
    );
}

/// Without a title or an `Action` row, the file name names the action, less its language tag.
#[test]
fn the_file_name_names_the_action_without_its_language_tag() {
    let page = "## Response parameters\n\n|Parameter|Type|Example|Description|\n|--|--|--|--|\n|RequestId|String|r-1|The request. |\n";
    let imp = import_page(Path::new("pages/DescribeFoo.zh.md"), page).unwrap();
    assert_eq!(imp.action.name, "DescribeFoo");
    assert_eq!(imp.action.response.len(), 1);
}
