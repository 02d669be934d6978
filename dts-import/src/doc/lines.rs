//! Lines of a page and the vocabulary that classifies them: section headings, table headers,
//! note markers and bullets, in English and Chinese.

/// One line of a page, numbered from 1.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Line<'a> {
    /// 1-based line number in the page.
    pub no: usize,
    /// The line without its line break and trailing whitespace.
    pub raw: &'a str,
    /// The line trimmed on both sides.
    pub text: &'a str,
    /// What the line is, as far as the page's markup says.
    pub kind: Kind,
}

/// What a line is, as far as the page's markup says: plain-text pages leave every line
/// [`Kind::Text`]; markdown pages mark headings, table parts and code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A line of a plain-text page: its role is read from its words.
    Text,
    /// Prose of a markdown page, outside tables and code.
    Prose,
    /// A markdown heading (`## 请求参数`) and its level, marks removed.
    Heading(u8),
    /// The header row of a markdown table, cells separated by tabs.
    TableHeader,
    /// A row of a markdown table, cells separated by tabs.
    Row,
    /// More text of the row above's last cell (a cell that runs over several lines).
    Cont,
    /// A line of a code block, as written.
    Code,
}

impl Line<'_> {
    pub fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Splits a page into numbered lines (`\n`, `\r\n` and `\r` all end a line).
pub(crate) fn split(text: &str) -> Vec<Line<'_>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let sep = if text.contains('\n') { '\n' } else { '\r' };
    text.split(sep)
        .enumerate()
        .map(|(i, raw)| {
            let raw = raw.trim_end();
            Line {
                no: i + 1,
                raw,
                text: raw.trim(),
                kind: Kind::Text,
            }
        })
        .collect()
}

/// A top-level section of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Heading {
    /// Usage notes about the operation.
    Notes,
    /// The request parameter table.
    Request,
    /// The response parameter table.
    Response,
    /// Sample request and responses.
    Examples,
    /// The error code table.
    Errors,
    /// A section with nothing for the spec (debugging, authorization, change history).
    Ignored,
}

/// A subheading of the examples section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SampleHeading {
    Request,
    Success,
    Error,
    Xml,
    Json,
}

/// Lowercases ASCII and drops a trailing colon, for comparing a line with a vocabulary.
fn key(text: &str) -> String {
    text.trim()
        .trim_end_matches([':', '：'])
        .trim()
        .to_ascii_lowercase()
}

/// The section a line starts, if it is a section heading.
pub(crate) fn heading(text: &str) -> Option<Heading> {
    let k = key(text);
    let h = match k.as_str() {
        "request parameters" | "request parameter" | "request params" | "请求参数"
        | "请求参数说明" | "输入参数" => Heading::Request,
        "response parameters"
        | "response parameter"
        | "response elements"
        | "response"
        | "返回参数"
        | "返回数据"
        | "响应参数"
        | "返回结果"
        | "返回参数说明"
        | "输出参数" => Heading::Response,
        "examples" | "example" | "示例" | "调用示例" => Heading::Examples,
        "error codes" | "error code" | "errors" | "common errors" | "错误码" | "错误代码"
        | "常见错误" => Heading::Errors,
        "operation description"
        | "description"
        | "usage notes"
        | "api description"
        | "接口说明"
        | "接口描述"
        | "使用说明"
        | "api描述"
        | "api 描述"
        | "功能描述"
        | "限制说明"
        | "描述" => Heading::Notes,
        "debugging"
        | "debug"
        | "authorization information"
        | "authorization"
        | "qps limits"
        | "qps limit"
        | "change history"
        | "request syntax"
        | "sdk"
        | "调试"
        | "授权信息"
        | "qps限制"
        | "qps 限制"
        | "变更历史"
        | "请求语法"
        | "request header"
        | "request headers"
        | "response syntax"
        | "请求头"
        | "返回结构"
        | "sdk examples"
        | "sdk example"
        | "sdk 示例"
        | "sdk示例" => Heading::Ignored,
        _ => return sample_heading(text).map(|_| Heading::Examples),
    };
    Some(h)
}

/// The examples subsection a line starts, if it is one of their headings.
pub(crate) fn sample_heading(text: &str) -> Option<SampleHeading> {
    let k = key(text);
    let h = match k.as_str() {
        "sample requests" | "sample request" | "request example" | "request examples"
        | "请求示例" => SampleHeading::Request,
        "sample success responses"
        | "sample success response"
        | "sample responses"
        | "sample response"
        | "response example"
        | "response examples"
        | "success response"
        | "normal response example"
        | "normal return example"
        | "success response example"
        | "正常返回示例"
        | "返回示例"
        | "正确返回示例" => SampleHeading::Success,
        "sample error responses"
        | "sample error response"
        | "error response examples"
        | "error response example"
        | "exception return example"
        | "error response"
        | "异常返回示例"
        | "错误返回示例" => SampleHeading::Error,
        "xml format" | "xml 格式" | "xml格式" | "xml" => SampleHeading::Xml,
        "json format" | "json 格式" | "json格式" | "json" => SampleHeading::Json,
        _ => return None,
    };
    Some(h)
}

/// Whether a line is the header of a parameter table (`Parameter Type Required Example
/// Description`, `名称 类型 是否必选 示例值 描述`).
pub(crate) fn is_table_header(text: &str) -> bool {
    if is_rule(text) {
        return true;
    }
    let lower = text.to_ascii_lowercase().replace('|', " ");
    let mut words = lower.split_whitespace();
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    matches!(
        first,
        "parameter" | "name" | "field" | "名称" | "参数" | "参数名" | "字段"
    ) && matches!(second, "type" | "类型")
}

/// Whether a line is a table rule (`|---|:---|`, `-----`).
pub(crate) fn is_rule(text: &str) -> bool {
    text.contains("---")
        && text
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | '+' | ' ' | '\t'))
}

/// The cells of a tab-separated or pipe-table line (`| a | b |`), if it is one.
pub(crate) fn cells(raw: &str) -> Option<Vec<&str>> {
    let trimmed = raw.trim();
    let cells: Vec<&str> = if trimmed.contains('\t') {
        trimmed.split('\t').map(str::trim).collect()
    } else if trimmed.len() > 1 && trimmed.starts_with('|') && trimmed.ends_with('|') {
        trimmed
            .get(1..trimmed.len() - 1)?
            .split('|')
            .map(str::trim)
            .collect()
    } else {
        return None;
    };
    (cells.len() >= 2).then_some(cells)
}

/// Strips the tree-drawing prefix some renderings put before nested names (`└ Key`).
pub(crate) fn strip_tree_marks(text: &str) -> &str {
    text.trim_start_matches(['└', '├', '│', '─', '|', ' ', '\u{3000}'])
}

/// How deep the tree-drawing prefix puts a name (`└└ Key` is 2; plain names are 0).
pub(crate) fn tree_depth(text: &str) -> usize {
    let marks = text.len() - strip_tree_marks(text).len();
    text.get(..marks)
        .unwrap_or_default()
        .chars()
        .filter(|c| matches!(c, '└' | '├'))
        .count()
}

/// Whether a line is the header of an error code table.
pub(crate) fn is_error_header(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let has_code =
        lower.contains("error code") || lower.contains("错误码") || lower.contains("错误代码");
    let has_status = lower.contains("http") || lower.contains("status") || lower.contains("状态码");
    has_code && has_status
}

/// Whether a line only points to the error center instead of listing codes.
pub(crate) fn is_error_center_pointer(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("error center")
        || lower.contains("错误中心")
        || (lower.contains("错误码") && lower.contains("查看"))
        || (lower.contains("error code") && (lower.contains("visit") || lower.contains("see ")))
}

/// The rest of a line that opens a note (`Note`, `Note If ...`, `说明`), if it does.
pub(crate) fn note(text: &str) -> Option<&str> {
    const MARKERS: [&str; 9] = [
        "Notes",
        "Note",
        "Notice",
        "Important",
        "Warning",
        "说明",
        "注意",
        "重要",
        "警告",
    ];
    for m in MARKERS {
        if let Some(rest) = text.strip_prefix(m) {
            if rest.is_empty() {
                return Some("");
            }
            let rest_trimmed = rest.trim_start_matches([':', '：']);
            let separated = rest_trimmed.len() != rest.len()
                || rest.starts_with(char::is_whitespace)
                || !m.is_ascii();
            if separated {
                return Some(rest_trimmed.trim());
            }
        }
    }
    None
}

/// The text of a bullet (`• Forward`, `- Forward`), if the line is one.
pub(crate) fn bullet(text: &str) -> Option<&str> {
    for m in ['•', '·', '●', '◦', '○', '▪', '■'] {
        if let Some(rest) = text.strip_prefix(m) {
            return Some(rest.trim());
        }
    }
    for m in ["- ", "* ", "\u{2013} "] {
        if let Some(rest) = text.strip_prefix(m) {
            return Some(rest.trim());
        }
    }
    None
}

/// Whether a paragraph is the debugging boilerplate every page carries.
pub(crate) fn is_boilerplate(text: &str) -> bool {
    text.contains("OpenAPI Explorer")
        || text.contains("API Explorer")
        || text == "Debugging"
        || text == "调试"
}

/// Splits a line into whitespace-separated tokens, each with its byte offset.
pub(crate) fn tokens(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                if let Some(t) = text.get(s..i) {
                    out.push((s, t));
                }
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        if let Some(t) = text.get(s..) {
            out.push((s, t));
        }
    }
    out
}

/// Whether a character is CJK (Chinese text starts there in mixed-language cells).
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_in_both_languages() {
        assert_eq!(heading("Request parameters"), Some(Heading::Request));
        assert_eq!(heading("请求参数"), Some(Heading::Request));
        assert_eq!(heading("返回数据"), Some(Heading::Response));
        assert_eq!(heading("Error codes"), Some(Heading::Errors));
        assert_eq!(heading("Sample requests"), Some(Heading::Examples));
        assert_eq!(heading("The ID of the request."), None);
    }

    #[test]
    fn notes_and_bullets() {
        assert_eq!(note("Note"), Some(""));
        assert_eq!(note("Note If you clear"), Some("If you clear"));
        assert_eq!(note("说明 重置后"), Some("重置后"));
        assert_eq!(note("Notebook String"), None);
        assert_eq!(bullet("• Forward"), Some("Forward"));
        assert_eq!(bullet("Forward"), None);
    }

    #[test]
    fn tokens_keep_offsets() {
        let t = tokens("  Ab  c d ");
        assert_eq!(t, vec![(2, "Ab"), (6, "c"), (8, "d")]);
    }

    #[test]
    fn table_headers() {
        assert!(is_table_header(
            "Parameter Type Required Example Description"
        ));
        assert!(is_table_header("名称 类型 是否必选 示例值 描述"));
        assert!(is_error_header(
            "Http status code Error code Error message Description"
        ));
        assert!(!is_table_header("Parameters are described below"));
        assert!(is_table_header("| Parameter | Type | Required |"));
        assert!(is_table_header("|---|:---|"));
        assert_eq!(cells("| a | b |"), Some(vec!["a", "b"]));
        assert_eq!(cells("a\t\tc"), Some(vec!["a", "", "c"]));
        assert_eq!(cells("a b"), None);
        assert_eq!(strip_tree_marks("└ Key String"), "Key String");
        assert_eq!(tree_depth("└└Key"), 2);
        assert_eq!(tree_depth("Key"), 0);
    }
}
