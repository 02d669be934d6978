//! The examples section: the sample request URL and the XML and JSON sample responses.

use serde_json::Value;

use super::lines::{sample_heading, Line, SampleHeading};
use super::table::clip;
use super::Warnings;

/// The samples a page shows.
#[derive(Debug, Default)]
pub(crate) struct Samples {
    /// The sample request as written, one line per parameter, and its first line number.
    pub request: Option<(usize, String)>,
    /// The JSON sample response and its first line number.
    pub json: Option<(usize, Value)>,
    /// The XML sample response as text.
    pub xml: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Request,
    Success,
    Error,
}

/// Reads the examples section. Sample error responses are recognised but not kept.
pub(crate) fn parse(lines: &[Line<'_>], w: &mut Warnings) -> Samples {
    let mut out = Samples::default();
    let mut mode = Mode::Success;
    let mut i = 0;
    while let Some(line) = lines.get(i) {
        let text = line.text;
        let rest = lines.get(i..).unwrap_or_default();
        if line.is_blank() || is_http_header(text) || text.starts_with("```") {
            i += 1;
            continue;
        }
        if let Some(h) = sample_heading(text) {
            match h {
                SampleHeading::Request => mode = Mode::Request,
                SampleHeading::Success => mode = Mode::Success,
                SampleHeading::Error => mode = Mode::Error,
                SampleHeading::Xml | SampleHeading::Json => {}
            }
            i += 1;
            continue;
        }
        let used = if text.starts_with(['{', '[']) {
            json_block(rest, mode, &mut out, w)
        } else if text.starts_with('<')
            && !text.starts_with("<Common")
            && !text.starts_with("<公共")
        {
            xml_block(rest, mode, &mut out, w)
        } else if is_request_start(text) || (mode == Mode::Request && out.request.is_none()) {
            request_block(rest, &mut out, w)
        } else {
            w.push(
                line.no,
                format!("example text not understood: `{}`", clip(text)),
            );
            1
        };
        i += used.max(1);
    }
    out
}

fn is_http_header(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("http/1") || lower.starts_with("http/2") || lower.starts_with("content-type")
}

fn is_request_start(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.starts_with("http")
        || lower.contains("?action=")
        || text.starts_with('&')
        || lower.starts_with("get ")
        || lower.starts_with("post ")
}

/// The contiguous non-blank lines of a block.
fn block<'b, 'a>(lines: &'b [Line<'a>]) -> &'b [Line<'a>] {
    let n = lines
        .iter()
        .position(|l| l.is_blank() || l.text.starts_with("```") || sample_heading(l.text).is_some())
        .unwrap_or(lines.len());
    lines.get(..n).unwrap_or_default()
}

fn request_block(lines: &[Line<'_>], out: &mut Samples, w: &mut Warnings) -> usize {
    let b = block(lines);
    let Some(first) = b.first() else { return 1 };
    let text: Vec<&str> = b.iter().map(|l| l.text).collect();
    if out.request.is_some() {
        w.push(first.no, "second sample request ignored");
    } else {
        out.request = Some((first.no, text.join("\n")));
    }
    b.len()
}

fn xml_block(lines: &[Line<'_>], mode: Mode, out: &mut Samples, w: &mut Warnings) -> usize {
    let Some(first) = lines.first() else { return 1 };
    let root_line = lines
        .iter()
        .find(|l| !l.text.starts_with("<?"))
        .map_or(first.text, |l| l.text);
    let root: String = root_line
        .trim_start_matches('<')
        .chars()
        .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
        .collect();
    let close = format!("</{root}>");
    let n = match lines
        .iter()
        .position(|l| !root.is_empty() && l.text.contains(&close))
    {
        Some(end)
            if lines
                .get(..end)
                .is_some_and(|b| b.iter().all(|l| sample_heading(l.text).is_none())) =>
        {
            end + 1
        }
        _ => block(lines).len(),
    };
    let b = lines.get(..n).unwrap_or_default();
    match mode {
        Mode::Error => w.push(
            first.no,
            "sample error response not kept (the spec has no place for it)",
        ),
        _ if out.xml.is_some() => w.push(first.no, "second XML sample response ignored"),
        _ => out.xml = Some(dedent(b)),
    }
    n
}

/// The block's raw lines without their common indentation.
fn dedent(lines: &[Line<'_>]) -> String {
    let indent = lines
        .iter()
        .filter(|l| !l.is_blank())
        .map(|l| l.raw.len() - l.raw.trim_start().len())
        .min()
        .unwrap_or(0);
    let text: Vec<&str> = lines
        .iter()
        .map(|l| l.raw.get(indent..).unwrap_or(l.text))
        .collect();
    text.join("\n").trim().to_owned()
}

fn json_block(lines: &[Line<'_>], mode: Mode, out: &mut Samples, w: &mut Warnings) -> usize {
    let Some(first) = lines.first() else { return 1 };
    let joined: String = lines.iter().map(|l| l.raw).collect::<Vec<_>>().join("\n");
    let mut stream = serde_json::Deserializer::from_str(&joined).into_iter::<Value>();
    let (value, n) = match stream.next() {
        Some(Ok(v)) => {
            let end = stream.byte_offset();
            let n = joined.get(..end).map_or(1, |s| s.matches('\n').count() + 1);
            (Some(v), n)
        }
        Some(Err(e)) => {
            w.push(
                first.no,
                format!("JSON sample response does not parse: {e}"),
            );
            let n = lines
                .iter()
                .position(|l| l.text == "}" || l.text == "]" || sample_heading(l.text).is_some())
                .map_or(lines.len(), |p| p + 1);
            (None, n)
        }
        None => (None, 1),
    };
    match (mode, value) {
        (_, None) => {}
        (Mode::Error, Some(_)) => w.push(
            first.no,
            "sample error response not kept (the spec has no place for it)",
        ),
        (_, Some(_)) if out.json.is_some() => {
            w.push(first.no, "second JSON sample response ignored")
        }
        (_, Some(v)) => out.json = Some((first.no, v)),
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_xml_and_json() {
        let text = "Sample requests\n\nhttp(s)://x/?Action=A\n&B=1\n&<Common request parameters>\n\nSample success responses\n\nXML format\n\nHTTP/1.1 200 OK\nContent-Type:application/xml\n\n<AResponse>\n  <B>1</B>\n</AResponse>\n\nJSON format\n\n{\n  \"B\": 1\n}\n";
        let lines = super::super::lines::split(text);
        let mut w = Warnings::default();
        let s = parse(&lines, &mut w);
        assert!(w.items.is_empty(), "{:?}", w.items);
        assert_eq!(
            s.request.unwrap().1,
            "http(s)://x/?Action=A\n&B=1\n&<Common request parameters>"
        );
        assert_eq!(s.xml.unwrap(), "<AResponse>\n  <B>1</B>\n</AResponse>");
        assert_eq!(s.json.unwrap().1, serde_json::json!({"B": 1}));
    }

    #[test]
    fn broken_json_is_reported() {
        let lines = super::super::lines::split("JSON format\n\n{\n  \"B\": ,\n}\nstray");
        let mut w = Warnings::default();
        let s = parse(&lines, &mut w);
        assert!(s.json.is_none());
        let nos: Vec<usize> = w.items.iter().map(|(n, _)| *n).collect();
        assert_eq!(nos, [3, 6]);
    }
}
