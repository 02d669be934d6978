//! Markdown pages, as API references are kept in documentation repositories: `#` headings
//! (with `{#anchor .section}` attributes), pipe tables whose cells run over several lines,
//! escapes (`\_`, `\*`), inline markup (`**bold**`, `` `code` ``, links, `<br>`), quotes and
//! fenced code blocks.
//!
//! The page becomes lines the other phases read, each keeping the number of the line it came
//! from: a table row becomes one [`Kind::Row`] line with its cells separated by tabs, the
//! further lines of its description cell become [`Kind::Cont`] lines, and code keeps its
//! text as written.

use super::inline::clean;
use super::lines::{self, Kind, Line};
use super::table::clip;
use super::Warnings;

/// One line of a markdown page after the markup is read.
#[derive(Debug, Clone)]
pub(crate) struct MdLine {
    /// The number of the page line it comes from.
    pub no: usize,
    pub text: String,
    pub kind: Kind,
}

impl MdLine {
    /// The line as the other phases take it.
    pub fn line(&self) -> Line<'_> {
        Line {
            no: self.no,
            raw: &self.text,
            text: self.text.trim(),
            kind: self.kind,
        }
    }
}

/// Whether a page is written in markdown: a `#` heading the importer knows, a pipe table
/// with its rule line, or a fenced code block.
pub(crate) fn is_markdown(text: &str) -> bool {
    let all = lines::split(text);
    all.iter().enumerate().any(|(i, l)| {
        atx(l.text).is_some_and(|(_, t)| lines::heading(&clean(&t)).is_some())
            || fence(l.text).is_some()
            || table_starts(&all, i)
    })
}

/// Reads a markdown page into lines.
pub(crate) fn normalize(text: &str, w: &mut Warnings) -> Vec<MdLine> {
    let raw = lines::split(text);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(line) = raw.get(i) {
        if let Some(f) = fence(line.text) {
            i = code_block(&raw, i, &f, &mut out, w);
        } else if let Some((level, title)) = atx(line.text) {
            let title = one_line(&clean(&title));
            let kind = if level == 1 && lines::heading(&title).is_none() {
                Kind::Prose
            } else {
                Kind::Heading(level)
            };
            out.push(MdLine {
                no: line.no,
                text: title,
                kind,
            });
            i += 1;
        } else if table_starts(&raw, i) {
            i = table(&raw, i, &mut out, w);
        } else {
            prose(line, &mut out);
            i += 1;
        }
    }
    out
}

fn prose(line: &Line<'_>, out: &mut Vec<MdLine>) {
    let text = line.text.trim_start_matches('>').trim();
    let cleaned = clean(text);
    let mut any = false;
    for seg in cleaned.split('\n').map(str::trim).filter(|s| !s.is_empty()) {
        any = true;
        out.push(MdLine {
            no: line.no,
            text: seg.to_owned(),
            kind: Kind::Prose,
        });
    }
    if !any {
        out.push(MdLine {
            no: line.no,
            text: String::new(),
            kind: Kind::Prose,
        });
    }
}

/// `## Title {#anchor .section}`: the level and the title without marks and attributes.
fn atx(text: &str) -> Option<(u8, String)> {
    let level = text.chars().take_while(|&c| c == '#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = text.get(level..)?;
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let mut title = rest.trim();
    if title.ends_with('}') {
        if let Some(at) = title.rfind('{') {
            title = title.get(..at).unwrap_or(title).trim_end();
        }
    }
    let title = title.trim_end_matches('#').trim_end();
    Some((u8::try_from(level).unwrap_or(6), title.to_owned()))
}

/// An opening code fence: its marker (three or more backticks or tildes) and the language.
struct Fence {
    marker: String,
    lang: String,
}

fn fence(text: &str) -> Option<Fence> {
    let c = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = text.chars().take_while(|&x| x == c).count();
    if n < 3 {
        return None;
    }
    let info = text.get(n..).unwrap_or_default();
    let info = info.split('{').next().unwrap_or_default().trim();
    Some(Fence {
        marker: c.to_string().repeat(n),
        lang: info
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase(),
    })
}

const PROGRAM_LANGS: [&str; 16] = [
    "java",
    "python",
    "py",
    "go",
    "golang",
    "php",
    "csharp",
    "c#",
    "cs",
    "javascript",
    "js",
    "typescript",
    "ts",
    "ruby",
    "cpp",
    "c++",
];

const PROGRAM_STARTS: [&str; 11] = [
    "import ",
    "package ",
    "public ",
    "using ",
    "from ",
    "#include",
    "//",
    "const ",
    "require(",
    "DefaultProfile",
    "IAcsClient",
];

/// Copies a code block; a block of program code (a Java sample, say) is left out with a
/// warning, since the spec takes samples as request URLs, XML and JSON only.
fn code_block(
    raw: &[Line<'_>],
    start: usize,
    f: &Fence,
    out: &mut Vec<MdLine>,
    w: &mut Warnings,
) -> usize {
    let body_start = start + 1;
    let end = raw
        .iter()
        .skip(body_start)
        .position(|l| l.text.starts_with(f.marker.as_str()))
        .map(|p| body_start + p);
    let body = raw
        .get(body_start..end.unwrap_or(raw.len()))
        .unwrap_or_default();
    let first_no = raw.get(start).map_or(0, |l| l.no);
    let first_text = body.iter().find(|l| !l.is_blank()).map(|l| l.text);
    let program = PROGRAM_LANGS.contains(&f.lang.as_str())
        || first_text.is_some_and(|t| PROGRAM_STARTS.iter().any(|p| t.starts_with(p)));
    if program {
        let lang = if f.lang.is_empty() {
            "program"
        } else {
            &f.lang
        };
        w.push(
            first_no,
            format!("{lang} code sample ignored ({} lines): the spec reads samples from request URLs, XML and JSON", body.len()),
        );
    } else {
        let fence_line = |no| MdLine {
            no,
            text: "```".to_owned(),
            kind: Kind::Code,
        };
        out.push(fence_line(first_no));
        out.extend(body.iter().map(|l| MdLine {
            no: l.no,
            text: l.raw.to_owned(),
            kind: Kind::Code,
        }));
        if let Some(close) = end.and_then(|e| raw.get(e)) {
            out.push(fence_line(close.no));
        }
    }
    end.map_or(raw.len(), |e| e + 1)
}

/// `|--|:---:|`: a table's rule line.
fn is_md_rule(text: &str) -> bool {
    text.contains('-')
        && (text.contains('|') || text.contains("---"))
        && text
            .chars()
            .all(|c| matches!(c, '|' | '-' | ':' | '+' | ' ' | '\t'))
}

fn table_starts(raw: &[Line<'_>], i: usize) -> bool {
    rule_after(raw, i).is_some()
}

/// The index of the rule line under a table header starting at `i`. A header's cells can
/// run over several lines (`|Error code` / blank / `|Error message` / ...), each cell
/// starting with `|`.
fn rule_after(raw: &[Line<'_>], i: usize) -> Option<usize> {
    let head = raw.get(i)?;
    if is_md_rule(head.text) || pipes(head.text) == 0 {
        return None;
    }
    let mut j = i + 1;
    while let Some(l) = raw.get(j) {
        if is_md_rule(l.text) {
            return Some(j);
        }
        let more = l.is_blank() || (l.text.starts_with('|') && head.text.starts_with('|'));
        if !more || j - i > 24 {
            return None;
        }
        j += 1;
    }
    None
}

/// The positions of the pipes that separate cells (not `\|`).
fn pipe_offsets(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '|' if !escaped => out.push(i),
            _ => escaped = false,
        }
        if c != '\\' {
            escaped = false;
        }
    }
    out
}

fn pipes(text: &str) -> usize {
    pipe_offsets(text).len()
}

/// The cells of a row's text, each with its byte offset.
fn split_cells(text: &str) -> Vec<(usize, &str)> {
    let mut cells = Vec::new();
    let mut from = 0;
    for p in pipe_offsets(text) {
        cells.push((from, text.get(from..p).unwrap_or_default()));
        from = p + 1;
    }
    cells.push((from, text.get(from..).unwrap_or_default()));
    if text.trim_start().starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if text.trim_end().ends_with('|') {
        cells.pop();
    }
    cells
}

struct Table {
    columns: usize,
    /// The column whose text may run over several lines (the description).
    long: usize,
}

/// Reads a table: its header, its rule and its rows, however many lines each takes.
fn table(raw: &[Line<'_>], start: usize, out: &mut Vec<MdLine>, w: &mut Warnings) -> usize {
    let (Some(head), Some(rule)) = (raw.get(start), rule_after(raw, start)) else {
        return start + 1;
    };
    let head_text: Vec<&str> = raw
        .get(start..rule)
        .unwrap_or_default()
        .iter()
        .map(|l| l.text)
        .collect();
    let head_text = head_text.join(" ");
    let heads: Vec<String> = split_cells(&head_text)
        .into_iter()
        .map(|(_, c)| one_line(&clean(c)))
        .collect();
    let columns = heads.len().max(1);
    let long = heads
        .iter()
        .position(|h| {
            let h = h.to_lowercase();
            ["description", "描述", "说明", "备注", "含义"]
                .iter()
                .any(|k| h.starts_with(k))
        })
        .unwrap_or(columns - 1);
    out.push(MdLine {
        no: head.no,
        text: heads.join("\t"),
        kind: Kind::TableHeader,
    });
    let t = Table { columns, long };
    let mut buf: Vec<Line<'_>> = Vec::new();
    // Pipes in `buf`, kept as lines are added so a long row costs linear time.
    let mut seen = 0;
    let mut i = rule + 1;
    while let Some(line) = raw.get(i) {
        let ends_table = fence(line.text).is_some() || atx(line.text).is_some();
        if buf.is_empty() {
            if line.is_blank() {
                // Blank lines between rows: the table goes on if a row follows them.
                let skip = raw.iter().skip(i).position(|l| !l.is_blank());
                let next = skip.and_then(|k| raw.get(i + k));
                let row_next = next.is_some_and(|n| {
                    pipes(n.text) > 0 && fence(n.text).is_none() && atx(n.text).is_none()
                });
                if row_next {
                    i += skip.unwrap_or(1);
                    continue;
                }
                break;
            }
            if ends_table || pipes(line.text) == 0 {
                break;
            }
        } else if ends_table {
            row(&buf, &t, out, w, false);
            buf.clear();
            break;
        } else if line.text.starts_with('|') && line.text != "|" && seen >= t.columns {
            row(&buf, &t, out, w, false);
            buf.clear();
            seen = 0;
        }
        buf.push(*line);
        seen += pipes(line.text);
        i += 1;
        let needed = t.columns + usize::from(buf.first().is_some_and(|f| f.text.starts_with('|')));
        if line.text.ends_with('|') && seen >= needed {
            row(&buf, &t, out, w, true);
            buf.clear();
            seen = 0;
        }
    }
    if !buf.is_empty() {
        row(&buf, &t, out, w, false);
    }
    i
}

/// Emits one table row (its lines in `buf`) as a row line and its continuation lines.
fn row(buf: &[Line<'_>], t: &Table, out: &mut Vec<MdLine>, w: &mut Warnings, closed: bool) {
    let Some(first) = buf.first() else { return };
    let mut joined = String::new();
    let mut starts = Vec::new();
    for l in buf {
        if !joined.is_empty() {
            joined.push('\n');
        }
        starts.push((joined.len(), l.no));
        joined.push_str(l.text);
    }
    let line_at = |off: usize| {
        let k = starts.partition_point(|(s, _)| *s <= off);
        starts
            .get(k.saturating_sub(1))
            .map_or(first.no, |(_, no)| *no)
    };
    let mut cells = split_cells(&joined);
    if cells.len() > t.columns {
        // Unescaped pipes in the last cell (`true|false`) belong to its text.
        let from = cells.get(t.columns - 1).map_or(0, |(o, _)| *o);
        let tail = joined.get(from..).unwrap_or_default();
        let tail = tail.strip_suffix('|').unwrap_or(tail);
        cells.truncate(t.columns - 1);
        cells.push((from, tail));
    }
    let mut texts = Vec::with_capacity(t.columns);
    let mut more = Vec::new();
    for (k, (off, cell)) in cells.iter().enumerate() {
        let mut segs = Vec::new();
        let mut at = *off;
        for part in cell.split('\n') {
            let no = line_at(at);
            at += part.len() + 1;
            for seg in clean(part).split('\n') {
                let seg = seg.trim().replace('\t', " ");
                if !seg.is_empty() {
                    segs.push((no, seg));
                }
            }
        }
        if k == t.long {
            let mut it = segs.into_iter();
            texts.push(it.next().map(|(_, s)| s).unwrap_or_default());
            more.extend(it);
        } else {
            let words: Vec<String> = segs.into_iter().map(|(_, s)| s).collect();
            texts.push(words.join(" "));
        }
    }
    if !closed {
        w.push(
            first.no,
            format!(
                "table row not closed by `|`; read up to line {}",
                buf.last().map_or(first.no, |l| l.no)
            ),
        );
    }
    let name = texts
        .first()
        .map(|n| lines::strip_tree_marks(n))
        .unwrap_or("");
    if name.is_empty() {
        if texts.iter().any(|c| !c.is_empty()) {
            w.push(
                first.no,
                format!(
                    "table row without a name ignored: `{}`",
                    clip(&texts.join(" | "))
                ),
            );
        }
        return;
    }
    out.push(MdLine {
        no: first.no,
        text: texts.join("\t"),
        kind: Kind::Row,
    });
    out.extend(more.into_iter().map(|(no, text)| MdLine {
        no,
        text,
        kind: Kind::Cont,
    }));
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(usize, Kind, String)> {
        let mut w = Warnings::default();
        let out = normalize(text, &mut w);
        assert!(w.items.is_empty(), "{:?}", w.items);
        out.into_iter().map(|l| (l.no, l.kind, l.text)).collect()
    }

    #[test]
    fn multi_line_cells() {
        let page = "## 请求参数 {#parameters .section}\n\n|名称|类型|是否必选|示例值|描述|\n|--|--|----|---|--|\n\
            |Ids.N|RepeatList|是|a\\*\\*|第一行。\n\n -   **true**：是\n-   false|否\n\n |\n|B\\_C|String|否|x|短。 |\n\nAfter.\n";
        let got = kinds(page);
        let texts: Vec<(usize, Kind, &str)> =
            got.iter().map(|(n, k, t)| (*n, *k, t.as_str())).collect();
        assert_eq!(
            texts,
            [
                (1, Kind::Heading(2), "请求参数"),
                (2, Kind::Prose, ""),
                (3, Kind::TableHeader, "名称\t类型\t是否必选\t示例值\t描述"),
                (5, Kind::Row, "Ids.N\tRepeatList\t是\ta**\t第一行。"),
                (7, Kind::Cont, "-   true：是"),
                (8, Kind::Cont, "-   false|否"),
                (11, Kind::Row, "B_C\tString\t否\tx\t短。"),
                (12, Kind::Prose, ""),
                (13, Kind::Prose, "After."),
                (14, Kind::Prose, ""),
            ]
        );
    }

    #[test]
    fn code_blocks_and_headings() {
        let page = "# DescribeX {#doc_api_1 .reference}\n\n``` {#json_demo}\n{\n  \"A\": 1\n}\n```\n\n```java\nimport x;\n```\n";
        let mut w = Warnings::default();
        let out = normalize(page, &mut w);
        let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "DescribeX",
                "",
                "```",
                "{",
                "  \"A\": 1",
                "}",
                "```",
                "",
                ""
            ]
        );
        assert_eq!(w.items.len(), 1);
        assert_eq!(w.items[0].0, 9);
        assert!(is_markdown(page));
        assert!(!is_markdown("Request parameters\n\nAction String Yes X\n"));
    }
}
