//! Parameter tables: rows (`Name Type [Yes|No] [Example]`) and the description lines that
//! follow each row.

use dts_spec::Type;

use super::lines::{self, Kind, Line};
use super::types::{looks_like_type, parse_type, parse_type_in, repeat_list};
pub(crate) use super::types::{Elem, RowType};
use super::Warnings;

/// Which table a row comes from: request rows have a Required column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TableKind {
    Request,
    Response,
}

/// One row of a parameter table with its description lines.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    pub line: usize,
    pub name: String,
    pub ty: RowType,
    pub required: bool,
    pub example: Option<String>,
    pub desc: Vec<Line<'a>>,
    /// How many tree marks (`└`) put the row below the rows above.
    pub depth: usize,
}

/// Which cell holds what, as the table header says; used for rows given as cells.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    ty: usize,
    required: Option<usize>,
    example: Option<usize>,
    description: usize,
}

impl Columns {
    fn default_for(kind: TableKind) -> Self {
        match kind {
            TableKind::Request => Columns {
                name: 0,
                ty: 1,
                required: Some(2),
                example: Some(3),
                description: 4,
            },
            TableKind::Response => Columns {
                name: 0,
                ty: 1,
                required: None,
                example: Some(2),
                description: 3,
            },
        }
    }

    /// Reads the column order from a header line, keeping the default when it is unclear.
    fn from_header(text: &str, kind: TableKind) -> Self {
        let lower = text.to_lowercase();
        let heads: Vec<&str> = match lines::cells(&lower) {
            Some(c) => c,
            None => lower.split_whitespace().collect(),
        };
        let find = |keys: &[&str]| {
            heads
                .iter()
                .position(|h| keys.iter().any(|k| h.starts_with(k)))
        };
        let default = Columns::default_for(kind);
        let (Some(name), Some(ty)) = (
            find(&["parameter", "name", "field", "名称", "参数", "字段"]),
            find(&["type", "类型"]),
        ) else {
            return default;
        };
        let required = find(&["required", "是否必", "必选", "必填", "必须"]);
        let description = find(&["description", "描述", "说明", "备注", "含义"]);
        Columns {
            name,
            ty,
            required,
            // Older tables have no Example column.
            example: find(&["example", "示例", "样例"]),
            description: description.unwrap_or(default.description),
        }
    }
}

/// Parses a table section into rows. Text before the first row is reported; every other
/// line becomes part of the description of the row above it.
pub(crate) fn rows<'a>(lines: &[Line<'a>], kind: TableKind, w: &mut Warnings) -> Vec<Row<'a>> {
    let mut rows: Vec<Row<'a>> = Vec::new();
    let mut columns = Columns::default_for(kind);
    let mut in_code = false;
    for line in lines {
        if line.kind != Kind::Text {
            markdown_line(line, kind, &mut columns, &mut rows, &mut in_code, w);
            continue;
        }
        if line.is_blank() || lines::is_rule(line.text) {
            continue;
        }
        if lines::is_table_header(line.text) {
            columns = Columns::from_header(line.text, kind);
            if columns.example.is_some_and(|e| columns.description < e)
                && lines::cells(line.raw).is_none()
            {
                w.push(line.no, "the header puts Description before Example: in rows written as plain text the rest of a row is taken as its example");
            }
            continue;
        }
        match parse_row(line, kind, columns, w) {
            Parsed::Row(row) => rows.push(row),
            Parsed::Skip => {}
            Parsed::No => match rows.last_mut() {
                Some(last) => last.desc.push(*line),
                None if is_nothing(line.text) => {}
                None => w.push(
                    line.no,
                    format!(
                        "text before the first parameter row ignored: `{}`",
                        clip(line.text)
                    ),
                ),
            },
        }
    }
    rows
}

/// One line of a markdown page's table section: only table rows are rows, and text outside
/// the table is reported, not taken as a description.
fn markdown_line<'a>(
    line: &Line<'a>,
    kind: TableKind,
    columns: &mut Columns,
    rows: &mut Vec<Row<'a>>,
    in_code: &mut bool,
    w: &mut Warnings,
) {
    let was_code = std::mem::replace(in_code, line.kind == Kind::Code);
    match line.kind {
        Kind::TableHeader => *columns = Columns::from_header(line.text, kind),
        Kind::Row => {
            let cells: Vec<&str> = line.raw.split('\t').map(str::trim).collect();
            match parse_cells(line, &cells, kind, *columns, w) {
                Parsed::Row(row) => rows.push(row),
                Parsed::Skip => {}
                Parsed::No => w.push(
                    line.no,
                    format!("table row not understood; ignored: `{}`", clip(line.text)),
                ),
            }
        }
        Kind::Cont => match rows.last_mut() {
            Some(last) => last.desc.push(*line),
            None => w.push(
                line.no,
                format!("cell text without a row ignored: `{}`", clip(line.text)),
            ),
        },
        Kind::Code if !was_code => w.push(
            line.no,
            "code block in a parameter section ignored".to_owned(),
        ),
        Kind::Prose
            if !line.is_blank()
                && !lines::is_boilerplate(line.text)
                && !mentions_common_parameters(line.text) =>
        {
            w.push(
                line.no,
                format!("text outside the table ignored: `{}`", clip(line.text)),
            );
        }
        _ => {}
    }
}

/// Whether prose only points to the common parameters every call takes.
fn mentions_common_parameters(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("common request parameters")
        || lower.contains("common parameters")
        || lower.contains("公共请求参数")
        || lower.contains("公共参数")
}

enum Parsed<'a> {
    Row(Row<'a>),
    /// A line with nothing to keep: the unnamed item row some tables put under an array.
    Skip,
    No,
}

fn is_nothing(text: &str) -> bool {
    matches!(text, "None" | "none" | "N/A" | "-" | "无" | "无。")
}

/// Shortens a line for a warning message.
pub(crate) fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if out.len() < text.len() {
        out.push_str("...");
    }
    out
}

fn parse_row<'a>(
    line: &Line<'a>,
    kind: TableKind,
    columns: Columns,
    w: &mut Warnings,
) -> Parsed<'a> {
    if let Some(cells) = lines::cells(line.raw) {
        // A tab inside a space-separated row's example is not a cell boundary.
        match parse_cells(line, &cells, kind, columns, w) {
            Parsed::No => {}
            parsed => return parsed,
        }
    }
    match parse_text_row(line, kind, w) {
        Some(row) => Parsed::Row(row),
        None => Parsed::No,
    }
}

fn parse_text_row<'a>(line: &Line<'a>, kind: TableKind, w: &mut Warnings) -> Option<Row<'a>> {
    let text = lines::strip_tree_marks(line.text);
    let line = &Line { text, ..*line };
    let toks = lines::tokens(line.text);
    let name = toks.first()?.1;
    if toks.len() < 2 || !is_row_name(name) {
        return None;
    }
    let rest = |i: usize| -> Option<String> {
        let (off, _) = toks.get(i)?;
        let s = line.text.get(*off..)?.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    let words: Vec<&str> = toks.iter().map(|(_, t)| *t).collect();
    let depth = lines::tree_depth(line.text);
    let row = |ty, required, example| Row {
        depth,
        line: line.no,
        name: name.to_owned(),
        ty,
        required,
        example,
        desc: Vec::new(),
    };
    if kind == TableKind::Request {
        let flag = (2..words.len().min(5)).find_map(|j| yes_no(words[j]).map(|b| (j, b)));
        if let Some((j, required)) = flag {
            let ty = match parse_type(&words[1..j]) {
                Some((ty, n)) if n == j - 1 => ty,
                _ if j == 2 && looks_like_type(words[1]) => {
                    w.push(
                        line.no,
                        format!(
                            "unknown type `{}` of `{name}`; imported as String",
                            words[1]
                        ),
                    );
                    RowType::Scalar(Type::String)
                }
                _ => return None,
            };
            return Some(row(ty, required, rest(j + 1)));
        }
        let (ty, n) = parse_type(&words[1..])?;
        w.push(
            line.no,
            format!("row `{name}` has no Yes/No in the Required column; imported as optional"),
        );
        return Some(row(ty, false, rest(n + 1)));
    }
    let (ty, n) = parse_type(&words[1..])?;
    Some(row(ty, false, rest(n + 1)))
}

/// A row given as cells, in the order of the table header (by default `Name | Type | Yes |
/// Example | Description`, no Required cell in response tables). The description cell
/// becomes the first description line; cells beyond the known columns join it.
fn parse_cells<'a>(
    line: &Line<'a>,
    cells: &[&'a str],
    kind: TableKind,
    col: Columns,
    w: &mut Warnings,
) -> Parsed<'a> {
    let cell = |i: usize| cells.get(i).copied().unwrap_or_default();
    let name = lines::strip_tree_marks(cell(col.name));
    let type_cell = cell(col.ty);
    let words: Vec<&str> = type_cell.split_whitespace().collect();
    let parsed = repeat_list(&words, cell(col.name))
        .or_else(|| parse_type_in(&words, true).filter(|(_, n)| *n == words.len()));
    if name.is_empty() && parsed.is_some() {
        return Parsed::Skip;
    }
    if !is_row_name(name) {
        return Parsed::No;
    }
    let ty = match parsed {
        Some((ty, _)) => ty,
        None if words.is_empty() && line.kind == Kind::Row => {
            w.push(
                line.no,
                format!("row `{name}` has no type; imported as Object"),
            );
            RowType::Object
        }
        None if (kind == TableKind::Request || line.kind == Kind::Row)
            && words.len() == 1
            && looks_like_type(type_cell) =>
        {
            w.push(
                line.no,
                format!("unknown type `{type_cell}` of `{name}`; imported as String"),
            );
            RowType::Scalar(Type::String)
        }
        None => return Parsed::No,
    };
    let required = match col.required {
        Some(i) => {
            let r = yes_no(cell(i));
            if r.is_none() {
                w.push(
                    line.no,
                    format!(
                        "row `{name}` has no Yes/No in the Required column; imported as optional"
                    ),
                );
            }
            r.unwrap_or(false)
        }
        None => false,
    };
    let example = col
        .example
        .map(cell)
        .filter(|e| !e.is_empty())
        .map(str::to_owned);
    let last = [
        Some(col.name),
        Some(col.ty),
        col.required,
        col.example,
        Some(col.description),
    ]
    .into_iter()
    .flatten()
    .max()
    .unwrap_or(0);
    let extra = cells.get(last + 1..).unwrap_or_default();
    let desc = std::iter::once(cell(col.description))
        .chain(extra.iter().copied())
        .filter(|c| !c.is_empty())
        .map(|c| Line {
            no: line.no,
            raw: c,
            text: c,
            kind: Kind::Cont,
        })
        .collect();
    Parsed::Row(Row {
        depth: lines::tree_depth(cell(col.name)),
        line: line.no,
        name: name.to_owned(),
        ty,
        required,
        example,
        desc,
    })
}

fn yes_no(word: &str) -> Option<bool> {
    match word.to_ascii_lowercase().as_str() {
        "yes" | "required" | "true" | "是" | "必选" | "必填" | "必须" => Some(true),
        "no" | "optional" | "false" | "否" | "可选" | "非必填" | "选填" => Some(false),
        _ => None,
    }
}

/// Whether a word can be a parameter name (`SynchronizationJobId`, `Tag.N.Key`).
pub(crate) fn is_row_name(s: &str) -> bool {
    const NOT_NAMES: [&str; 7] = [
        "Note", "Notes", "Default", "Valid", "Example", "Examples", "If",
    ];
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
    first_ok
        && s.len() <= 128
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        && !s.ends_with('.')
        && !s.contains("..")
        && !NOT_NAMES.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, kind: TableKind) -> Option<Row<'_>> {
        let line = Line {
            no: 1,
            raw: text,
            text,
            kind: Kind::Text,
        };
        match parse_row(
            &line,
            kind,
            Columns::default_for(kind),
            &mut Warnings::default(),
        ) {
            Parsed::Row(r) => Some(r),
            _ => None,
        }
    }

    #[test]
    fn header_order_and_lowercase_cells() {
        let page = "Parameter\tType\tRequired\tDescription\tExample\nTaskId\tstring\tYes\tThe task.\tt-1\n\tobject\t\t\t\nIds\tarray<string>\tNo\tMore.\t\n";
        let lines = super::super::lines::split(page);
        let mut w = Warnings::default();
        let r = rows(&lines, TableKind::Request, &mut w);
        assert!(w.items.is_empty(), "{:?}", w.items);
        assert_eq!(r.len(), 2);
        assert_eq!(
            (r[0].example.as_deref(), r[0].desc[0].text),
            (Some("t-1"), "The task.")
        );
        assert_eq!(r[1].ty, RowType::Array(Elem::Scalar(Type::String)));
    }
    #[test]
    fn request_rows() {
        let r = one("DtsJobId String Yes l3m1213ye7l****", TableKind::Request).unwrap();
        assert_eq!(r.name, "DtsJobId");
        assert!(r.required);
        assert_eq!(r.example.as_deref(), Some("l3m1213ye7l****"));
        let r = one("Ids Array of String No", TableKind::Request).unwrap();
        assert_eq!(r.ty, RowType::Array(Elem::Scalar(Type::String)));
        assert_eq!(r.example, None);
        let r = one("Msg String 否 a b  c", TableKind::Request).unwrap();
        assert_eq!(r.example.as_deref(), Some("a b  c"));
        assert!(one("The ID of the task.", TableKind::Request).is_none());
        assert!(one("A JSON string.", TableKind::Request).is_none());
        let r = one("Ids\tArray of String\tYes\t\tThe IDs.", TableKind::Request).unwrap();
        assert_eq!(
            (r.name.as_str(), r.required, r.example.as_deref()),
            ("Ids", true, None)
        );
        assert_eq!(r.desc[0].text, "The IDs.");
        let r = one("| Port | String | 3306 | The port. |", TableKind::Response).unwrap();
        assert_eq!((r.example.as_deref(), r.desc.len()), (Some("3306"), 1));
        let r = one("Calc String { \t\"cells\": 1 }", TableKind::Response).unwrap();
        assert_eq!(r.example.as_deref(), Some("{ \t\"cells\": 1 }"));
        let r = one("└ Key String k", TableKind::Response).unwrap();
        assert_eq!(r.name, "Key");
        let r = one("Extra Integer 5", TableKind::Request).unwrap();
        assert_eq!((r.required, r.example.as_deref()), (false, Some("5")));
    }

    #[test]
    fn response_rows() {
        let r = one("ErrMessage String The Value of %s", TableKind::Response).unwrap();
        assert_eq!(r.example.as_deref(), Some("The Value of %s"));
        let r = one(
            "Items Array of SynchronizationInstance",
            TableKind::Response,
        )
        .unwrap();
        assert_eq!(
            r.ty,
            RowType::Array(Elem::Object(Some("SynchronizationInstance".into())))
        );
        assert!(one("Note If the value", TableKind::Response).is_none());
        assert!(one("Forward: Data is synchronized", TableKind::Response).is_none());
        assert!(one("Largest number of rows a page shows.", TableKind::Response).is_none());
        let r = one("Items array<object>", TableKind::Response).unwrap();
        assert_eq!(r.ty, RowType::Array(Elem::Object(None)));
    }
}
