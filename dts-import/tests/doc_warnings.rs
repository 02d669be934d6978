//! Lines the importer cannot place become warnings that name the page and the line.

use std::path::Path;

use dts_import::doc::import_page;

const PAGE: &str = "\
Starts a widget.

Request parameters

Some words before the table.
Parameter Type Required Example Description
Action String Yes StartWidget

The operation.

WidgetId String Yes w-1

The widget.

Shape Hexagon No round

The shape.

WidgetId String No w-2

Listed twice.

Response parameters

Parameter Type Example Description
RequestId String r-1

The request.

Examples

Sample requests

http(s)://dts.aliyuncs.com/?Action=StartWidget
&WidgetId=w-1

Some stray remark.

JSON format

{
  \"RequestId\": \"r-1\",
  \"Extra\": 1,
}

Error codes

Http status code Error code Error message Description
400 Widget.Busy The widget is busy. Try later.
Look elsewhere for more.

Nothing to see here.
";

fn warnings() -> Vec<(Option<usize>, String)> {
    let imp = import_page(Path::new("pages/StartWidget.txt"), PAGE).unwrap();
    imp.warnings
        .into_iter()
        .map(|w| (w.line, w.message))
        .collect()
}

fn at(line: usize) -> Vec<String> {
    warnings()
        .into_iter()
        .filter(|(l, _)| *l == Some(line))
        .map(|(_, m)| m)
        .collect()
}

#[test]
fn text_before_the_first_row_is_reported() {
    let w = at(5);
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("Some words before the table"), "{w:?}");
}

#[test]
fn a_row_with_an_unknown_type_is_kept_as_string_and_reported() {
    let w = at(15);
    assert!(w[0].contains("unknown type `Hexagon`"), "{w:?}");
    let imp = import_page(Path::new("StartWidget.txt"), PAGE).unwrap();
    assert_eq!(
        imp.action.param("Shape").unwrap().ty,
        dts_spec::Type::String
    );
}

#[test]
fn a_duplicate_row_is_reported() {
    assert!(
        at(19)[0].contains("duplicate row `WidgetId`"),
        "{:?}",
        at(19)
    );
}

#[test]
fn example_text_and_broken_json_are_reported() {
    assert!(
        at(37)[0].contains("example text not understood"),
        "{:?}",
        at(37)
    );
    assert!(
        at(41)[0].contains("JSON sample response does not parse"),
        "{:?}",
        at(41)
    );
}

#[test]
fn error_table_leftovers_are_reported() {
    // A line right below a row continues its description; a separate paragraph does not.
    assert!(at(50).is_empty());
    assert!(
        at(52)[0].contains("error codes text not understood"),
        "{:?}",
        at(52)
    );
    let imp = import_page(Path::new("StartWidget.txt"), PAGE).unwrap();
    let e = &imp.action.errors[0];
    assert_eq!(e.message.as_deref(), Some("The widget is busy."));
    assert_eq!(
        e.description.as_deref(),
        Some("Try later. Look elsewhere for more.")
    );
}

#[test]
fn every_warning_has_a_line_and_prints_with_the_page() {
    let imp = import_page(Path::new("pages/StartWidget.txt"), PAGE).unwrap();
    assert_eq!(imp.warnings.len(), 6, "{:#?}", imp.warnings);
    assert!(imp.warnings.iter().all(|w| w.line.is_some()));
    assert_eq!(
        imp.warnings[0].to_string(),
        "warning: pages/StartWidget.txt:5: text before the first parameter row ignored: `Some words before the table.`"
    );
}

#[test]
fn missing_sections_are_page_wide_warnings() {
    let imp = import_page(Path::new("DoX.txt"), "Does X.\n").unwrap();
    assert_eq!(imp.action.name, "DoX");
    let lines: Vec<Option<usize>> = imp.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [None, None]);
    assert!(imp.warnings[0]
        .to_string()
        .starts_with("warning: DoX.txt: the page has no"));
}

#[test]
fn sample_fields_without_rows_are_reported() {
    let page = "Does Y.\n\nRequest parameters\n\nAction String Yes DoY\n\nResponse parameters\n\n\
        RequestId String r\n\nThe request.\n\nExamples\n\n{\"RequestId\": \"r\", \"Hidden\": {\"A\": 1}}\n";
    let imp = import_page(Path::new("DoY.txt"), page).unwrap();
    let w: Vec<String> = imp.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(w, ["warning: DoY.txt:15: the JSON sample has `Hidden`, which has no row in the response table"]);
}
