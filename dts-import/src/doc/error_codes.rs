//! The error codes section: a table `Http status code | Error code | Error message |
//! Description`, or a pointer to the error center.

use dts_spec::{names, ErrorCode};

use super::lines::{self, is_cjk, Kind, Line};
use super::table::clip;
use super::Warnings;

/// Reads the error code rows. A line right below a row continues its description.
pub(crate) fn parse(lines: &[Line<'_>], w: &mut Warnings) -> Vec<ErrorCode> {
    let mut out: Vec<ErrorCode> = Vec::new();
    let mut last_was_row = false;
    for line in lines {
        let text = line.text;
        if line.is_blank() {
            last_was_row = false;
            continue;
        }
        if lines::is_error_header(text)
            || lines::is_error_center_pointer(text)
            || lines::is_rule(text)
        {
            last_was_row = false;
            continue;
        }
        match row(line) {
            Some(e) if out.iter().any(|o| o.code == e.code) => {
                w.push(
                    line.no,
                    format!(
                        "error code `{}` is listed twice; the later row is ignored",
                        e.code
                    ),
                );
                last_was_row = false;
            }
            Some(e) if names::variant(&e.code).is_none() => {
                w.push(
                    line.no,
                    format!("error code `{}` cannot name an error; row ignored", e.code),
                );
                last_was_row = false;
            }
            Some(e) => {
                out.push(e);
                last_was_row = true;
            }
            None if matches!(line.kind, Kind::Prose | Kind::Code | Kind::Heading(_)) => {
                // Prose around a markdown table (a pointer to the error center, say).
                last_was_row = false;
            }
            None => match out.last_mut() {
                Some(prev) if last_was_row || line.kind == Kind::Cont => {
                    let d = prev.description.get_or_insert_with(String::new);
                    if !d.is_empty() {
                        d.push(' ');
                    }
                    d.push_str(text);
                }
                _ => w.push(
                    line.no,
                    format!("error codes text not understood: `{}`", clip(text)),
                ),
            },
        }
    }
    out
}

fn row(line: &Line<'_>) -> Option<ErrorCode> {
    lines::cells(line.raw)
        .and_then(|cells| cell_row(&cells))
        .or_else(|| text_row(line))
}

/// `400 | Code | Message | Description` as tab-separated or pipe-table cells; older tables
/// put the status after the code and message (`Code | Message | 400 | Description`).
fn cell_row(cells: &[&str]) -> Option<ErrorCode> {
    let cells: Vec<&str> = cells.iter().copied().filter(|c| !c.is_empty()).collect();
    let at = cells.iter().position(|c| parse_status(c).is_some())?;
    let status = parse_status(cells.get(at)?)?;
    let mut rest = cells
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != at)
        .map(|(_, c)| *c);
    let c = rest.next()?;
    if c.contains(char::is_whitespace) {
        return None;
    }
    let message = rest.next().map(str::to_owned);
    let description = rest.collect::<Vec<_>>().join(" ");
    let description = (!description.is_empty()).then_some(description);
    Some(error(status, c, message, description))
}

/// `400 Code Message. Description.` as plain text.
fn text_row(line: &Line<'_>) -> Option<ErrorCode> {
    let toks = lines::tokens(line.text);
    let (_, s) = toks.first()?;
    let (_, code) = toks.get(1)?;
    let rest = toks
        .get(2)
        .and_then(|(off, _)| line.text.get(*off..))
        .unwrap_or_default();
    let status = parse_status(s)?;
    let (message, description) = split_message(rest);
    Some(error(status, code, message, description))
}

fn error(
    http_status: u16,
    code: &str,
    message: Option<String>,
    description: Option<String>,
) -> ErrorCode {
    let retryable = code.starts_with("Throttling")
        || code == "ServiceUnavailable"
        || http_status == 429
        || http_status >= 500;
    ErrorCode {
        code: code.to_owned(),
        http_status,
        message,
        description,
        retryable: Some(retryable),
    }
}

fn parse_status(s: &str) -> Option<u16> {
    let n: u16 = s.parse().ok()?;
    (s.len() == 3 && (100..=599).contains(&n)).then_some(n)
}

/// Splits the text after the code into the message the service sends and the page's
/// explanation of it.
fn split_message(rest: &str) -> (Option<String>, Option<String>) {
    let rest = rest.trim();
    if rest.is_empty() {
        return (None, None);
    }
    let some = |s: &str| {
        let s = s.trim();
        (!s.is_empty()).then(|| s.to_owned())
    };
    // An English message with a Chinese explanation.
    if let Some((at, _)) = rest.char_indices().find(|(_, c)| is_cjk(*c)) {
        if at > 0 {
            return (
                some(rest.get(..at).unwrap_or(rest)),
                some(rest.get(at..).unwrap_or_default()),
            );
        }
        if let Some(end) = rest.find('。') {
            let cut = end + '。'.len_utf8();
            return (
                some(rest.get(..cut).unwrap_or(rest)),
                some(rest.get(cut..).unwrap_or_default()),
            );
        }
        return (some(rest), None);
    }
    const MARKERS: [&str; 6] = [
        " The error message returned",
        " The error message is returned",
        " The error code returned",
        " The error is returned",
        " The error occurs",
        " This error ",
    ];
    if let Some(at) = MARKERS.iter().filter_map(|m| rest.find(m)).min() {
        return (
            some(rest.get(..at).unwrap_or(rest)),
            some(rest.get(at..).unwrap_or_default()),
        );
    }
    // Otherwise the first sentence is the message.
    let bytes: Vec<(usize, char)> = rest.char_indices().collect();
    for win in bytes.windows(3) {
        if let [(i, '.'), (_, ' '), (_, c)] = win {
            if c.is_ascii_uppercase() {
                let cut = i + 1;
                return (
                    some(rest.get(..cut).unwrap_or(rest)),
                    some(rest.get(cut..).unwrap_or_default()),
                );
            }
        }
    }
    (some(rest), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> (Vec<ErrorCode>, Warnings) {
        let lines = super::super::lines::split(text);
        let mut w = Warnings::default();
        (parse(&lines, &mut w), w)
    }

    #[test]
    fn table_rows() {
        let (e, w) = parse_text(
            "Http status code Error code Error message Description\n400 Throttling.User Request was denied due to user flow control. The error message returned because of too many calls.\n404 Job.NotFound The job %s does not exist. Check the ID.\nFor a list of error codes, visit the API Error Center.",
        );
        assert!(w.items.is_empty());
        assert_eq!(e.len(), 2);
        assert_eq!(
            e[0].message.as_deref(),
            Some("Request was denied due to user flow control.")
        );
        assert_eq!(e[0].retryable, Some(true));
        assert_eq!(e[1].message.as_deref(), Some("The job %s does not exist."));
        assert_eq!(e[1].description.as_deref(), Some("Check the ID."));
        assert_eq!(e[1].retryable, Some(false));
    }

    #[test]
    fn cells() {
        let (e, w) = parse_text("| HTTP status code | Error code | Error message |\n|---|---|---|\n| 404 | A.NotFound | Not here. | Look again. |\n400\tB\tBad.");
        assert!(w.items.is_empty(), "{:?}", w.items);
        assert_eq!(e[0].description.as_deref(), Some("Look again."));
        assert_eq!(
            (e[1].code.as_str(), e[1].message.as_deref()),
            ("B", Some("Bad."))
        );
    }

    #[test]
    fn chinese_and_duplicates() {
        let (e, w) = parse_text("HttpCode 错误码 错误信息 描述\n400 A.B Bad thing. 请求参数错误。\n400 A.B Again.\nstray text");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].description.as_deref(), Some("请求参数错误。"));
        let nos: Vec<usize> = w.items.iter().map(|(n, _)| *n).collect();
        assert_eq!(nos, [3, 4]);
    }
}
