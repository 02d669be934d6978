//! Reading a row's description: valid values (with their meanings), the default, deprecation
//! wording, JSON-string parameters, and the prose that remains.

use dts_spec::{names, validate::scalar_parses, EnumValue, Type};

use super::lines::{self, Line};
use super::table::clip;
use super::Warnings;

/// What a description says, beyond its prose.
#[derive(Debug, Default)]
pub(crate) struct Described {
    /// The prose, with extracted valid values and defaults removed.
    pub text: Option<String>,
    /// Documented valid values.
    pub values: Vec<EnumValue>,
    /// The default value and the line it was found on.
    pub default: Option<(usize, String)>,
    /// Whether the description says the parameter is going away.
    pub deprecated: bool,
    /// Whether the description says the value is a JSON string.
    pub json_string: bool,
}

enum Piece {
    Para(String),
    Bullet(String),
}

#[derive(Default)]
struct ValueList {
    /// Index in the prose where the list's bullets sit.
    slot: usize,
    /// The intro paragraph's index and its text without the intro phrase.
    intro: Option<(usize, String)>,
    bullets: Vec<String>,
    values: Vec<EnumValue>,
    first_line: usize,
    broken: Option<(usize, String)>,
}

/// Reads description lines. `enum_ty` is the scalar type valid values would have (the items'
/// type for arrays); `None` leaves value lists in the prose.
pub(crate) fn describe(desc: &[Line<'_>], enum_ty: Option<Type>, w: &mut Warnings) -> Described {
    let mut out = Described::default();
    let mut prose: Vec<Piece> = Vec::new();
    let mut list: Option<ValueList> = None;
    let mut expecting = false;
    let mut all_text = String::new();
    for line in desc.iter().filter(|l| !l.is_blank()) {
        all_text.push_str(line.text);
        all_text.push('\n');
        if let Some(b) = lines::bullet(line.text) {
            if expecting {
                if let Some(list) = list.as_mut() {
                    match value_bullet(b) {
                        Some((v, is_default)) => {
                            if is_default && out.default.is_none() {
                                out.default = Some((line.no, v.value.clone()));
                            }
                            list.values.push(v);
                            list.bullets.push(b.to_owned());
                            continue;
                        }
                        None => {
                            expecting = false;
                            if find_default(b).is_none() && list.broken.is_none() {
                                list.broken = Some((line.no, b.to_owned()));
                            }
                        }
                    }
                }
            }
            if !take_default(b, line.no, &mut out) {
                prose.push(Piece::Bullet(b.to_owned()));
            }
            continue;
        }
        expecting = false;
        let (text, is_note) = match lines::note(line.text) {
            Some("") => continue,
            Some(rest) => (rest, true),
            None => (line.text, false),
        };
        if take_default(text, line.no, &mut out) {
            continue;
        }
        if list.is_none() && enum_ty.is_some() {
            if let Some((before, after)) = values_intro(text) {
                let mut l = ValueList {
                    first_line: line.no,
                    ..ValueList::default()
                };
                if after.is_empty() {
                    expecting = true;
                    l.slot = prose.len() + 1;
                    l.intro = Some((prose.len(), before.to_owned()));
                } else {
                    l.values = inline_values(after);
                }
                list = Some(l);
            }
        }
        let text = match (is_note, line.text.starts_with(lines::is_cjk)) {
            (true, true) => format!("说明：{text}"),
            (true, false) => format!("Note: {text}"),
            _ => text.to_owned(),
        };
        prose.push(Piece::Para(text));
    }
    let lower = all_text.to_lowercase();
    out.deprecated = is_deprecated(&lower);
    out.json_string = is_json_string(&lower);
    if let (Some(list), Some(ty)) = (list, enum_ty) {
        settle_values(list, ty, &mut prose, &mut out, w);
    }
    out.text = render(&prose);
    out
}

/// Keeps a value list if every value is valid for `ty`; otherwise puts it back in the prose.
fn settle_values(
    list: ValueList,
    ty: Type,
    prose: &mut Vec<Piece>,
    out: &mut Described,
    w: &mut Warnings,
) {
    let problem = if let Some((no, text)) = &list.broken {
        Some(format!(
            "valid values list at line {} has an entry that is not a value (line {no}: `{}`)",
            list.first_line,
            clip(text)
        ))
    } else {
        check_values(&list.values, ty)
    };
    match problem {
        None => {
            if let Some((i, before)) = list.intro {
                if let Some(p) = prose.get_mut(i) {
                    *p = Piece::Para(before);
                }
            }
            out.values = list.values;
        }
        Some(why) => {
            if !list.values.is_empty() {
                w.push(
                    list.first_line,
                    format!("{why}; kept in the description only"),
                );
            }
            let at = list.slot.min(prose.len());
            for (k, b) in list.bullets.into_iter().enumerate() {
                prose.insert(at + k, Piece::Bullet(b));
            }
        }
    }
}

/// Why a list of values cannot become an enum of `ty`, if it cannot.
fn check_values(values: &[EnumValue], ty: Type) -> Option<String> {
    if values.is_empty() {
        return Some("empty valid values list".to_owned());
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut variants = std::collections::BTreeSet::new();
    for v in values {
        if !seen.insert(v.value.as_str()) {
            return Some(format!("valid value \"{}\" is listed twice", v.value));
        }
        if !scalar_parses(ty, &v.value) {
            return Some(format!("valid value \"{}\" is not a {ty}", v.value));
        }
        if ty == Type::String {
            match names::variant(&v.value) {
                Some(var) if variants.insert(var.clone()) => {}
                _ => {
                    return Some(format!(
                        "valid value \"{}\" cannot become an enum variant",
                        v.value
                    ))
                }
            }
        }
    }
    None
}

fn render(prose: &[Piece]) -> Option<String> {
    let mut out = String::new();
    let mut last_bullet = false;
    for p in prose {
        match p {
            Piece::Para(t) if t.trim().is_empty() => continue,
            Piece::Para(t) => {
                if !out.is_empty() {
                    out.push_str("\n\n");
                }
                out.push_str(t.trim());
                last_bullet = false;
            }
            Piece::Bullet(t) => {
                if !out.is_empty() {
                    out.push_str(if last_bullet { "\n" } else { "\n\n" });
                }
                out.push_str("- ");
                out.push_str(t.trim());
                last_bullet = true;
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

const INTROS: [&str; 10] = [
    "valid values",
    "valid value",
    "possible values",
    "enumerated values",
    "enumeration values",
    "returned values",
    "return values",
    "可选值",
    "枚举值",
    "取值",
];

/// Splits `... Valid values: rest` into the text before the phrase and `rest`.
fn values_intro(text: &str) -> Option<(&str, &str)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    for phrase in INTROS {
        let Some(at) = lower.find(phrase) else {
            continue;
        };
        let after = text.get(at + phrase.len()..)?;
        let after = after
            .trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '范' | '围' | '为'));
        let after = after
            .strip_prefix(':')
            .or_else(|| after.strip_prefix('：'))?;
        let before = text
            .get(..at)?
            .trim_end()
            .trim_end_matches([',', '，'])
            .trim_end();
        return Some((before, after.trim()));
    }
    None
}

/// Values written inline: `Forward and Reverse.`, `30, 50, and 100.`, `Forward、Reverse`.
fn inline_values(text: &str) -> Vec<EnumValue> {
    let sentence = first_sentence(text);
    let mut items = Vec::new();
    let normalized = sentence
        .replace(", and ", ",")
        .replace(", or ", ",")
        .replace(" and ", ",")
        .replace(" or ", ",")
        .replace(['、', '，', '|'], ",");
    for raw in normalized.split(',') {
        let v = clean_value(raw);
        if v.is_empty() || v.contains(char::is_whitespace) {
            return Vec::new();
        }
        items.push(EnumValue {
            value: v,
            description: None,
        });
    }
    items
}

fn first_sentence(text: &str) -> &str {
    let mut prev_dot = None;
    for (i, c) in text.char_indices() {
        if c == '。' || c == '；' || c == ';' {
            return text.get(..i).unwrap_or(text);
        }
        if let Some(d) = prev_dot {
            if c.is_whitespace() {
                return text.get(..d).unwrap_or(text);
            }
            prev_dot = None;
        }
        if c == '.' {
            prev_dot = Some(i);
        }
    }
    match prev_dot {
        Some(d) => text.get(..d).unwrap_or(text),
        None => text,
    }
}

/// Strips markup and punctuation around a value: `**Forward**.` -> `Forward`.
fn clean_value(raw: &str) -> String {
    raw.trim()
        .trim_matches(|c: char| matches!(c, '*' | '`' | '"' | '\'' | '“' | '”' | '‘' | '’'))
        .trim_end_matches(['.', '。', ';', '；', ',', '，'])
        .trim_matches(|c: char| matches!(c, '*' | '`' | '"' | '\'' | '“' | '”' | '‘' | '’'))
        .trim()
        .to_owned()
}

/// Parses a value bullet (`Forward`, `Forward: meaning`, `**Forward** (default)：含义`),
/// returning the value and whether the bullet marks it as the default.
fn value_bullet(text: &str) -> Option<(EnumValue, bool)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, ':' | '：' | '(' | '（'))
        .map_or(text.len(), |(i, _)| i);
    let value = clean_value(text.get(..end)?);
    let mut rest = text.get(end..)?.trim();
    if value.is_empty() || value.chars().count() > 64 {
        return None;
    }
    let mut is_default = false;
    for marker in [
        "(default)",
        "(Default)",
        "（默认）",
        "（默认值）",
        "(默认)",
        "(默认值)",
    ] {
        if let Some(r) = rest.strip_prefix(marker) {
            is_default = true;
            rest = r.trim();
        }
    }
    let description = if rest.is_empty() {
        None
    } else if let Some(d) = ["：", ":", "- ", "—", "–"]
        .iter()
        .find_map(|s| rest.strip_prefix(s))
    {
        let d = d.trim();
        (!d.is_empty()).then(|| d.to_owned())
    } else {
        return None;
    };
    Some((EnumValue { value, description }, is_default))
}

const DEFAULT_MARKERS: [&str; 9] = [
    "default value:",
    "default value is",
    "the default value is",
    "default:",
    "defaults to",
    "默认值：",
    "默认值:",
    "默认值为",
    "默认为",
];

/// Finds a default value statement: the value, and whether the text says nothing else.
fn find_default(text: &str) -> Option<(String, bool)> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        return None;
    }
    let (at, marker) = DEFAULT_MARKERS
        .iter()
        .filter_map(|m| lower.find(m).map(|i| (i, *m)))
        .min_by_key(|(i, m)| (*i, usize::MAX - m.len()))?;
    let after = text.get(at + marker.len()..)?.trim_start();
    let after = after.trim_start_matches([':', '：', ' ']);
    let mut end = after.len();
    let mut chars = after.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_digit = chars.peek().is_some_and(|(_, n)| n.is_ascii_digit());
        let stop = c.is_whitespace()
            || matches!(c, ',' | ';' | '。' | '，' | '；' | ')' | '）')
            || (c == '.' && !next_is_digit);
        if stop {
            end = i;
            break;
        }
    }
    let value = clean_value(after.get(..end)?);
    if value.is_empty() {
        return None;
    }
    let tail = after.get(end..).unwrap_or_default();
    let head = text.get(..at).unwrap_or_default();
    let only = head.trim().is_empty() && tail.chars().all(|c| !c.is_alphanumeric());
    Some((value, only))
}

/// Records a default statement; returns whether the text was only that.
fn take_default(text: &str, line: usize, out: &mut Described) -> bool {
    match find_default(text) {
        Some((value, only)) => {
            if out.default.is_none() {
                out.default = Some((line, value));
            }
            only
        }
        None => false,
    }
}

fn is_deprecated(lower: &str) -> bool {
    const PHRASES: [&str; 12] = [
        "will be removed in the future",
        "will be removed in later",
        "will be deprecated",
        "is deprecated",
        "has been deprecated",
        "is no longer supported",
        "is no longer used",
        "即将下线",
        "已下线",
        "已废弃",
        "即将废弃",
        "不再支持",
    ];
    PHRASES.iter().any(|p| lower.contains(p))
}

fn is_json_string(lower: &str) -> bool {
    const PHRASES: [&str; 8] = [
        "json string",
        "json-formatted",
        "json format",
        "json array",
        "json object",
        "json字符串",
        "json 字符串",
        "json格式",
    ];
    PHRASES.iter().any(|p| lower.contains(p)) || lower.contains("json 格式")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line<'_>> {
        super::super::lines::split(text)
    }

    #[test]
    fn bullets_become_values_and_default() {
        let text = "The direction. Valid values:\n\n  • Forward: ahead\n  • Reverse\nNote\n  • Default value: Forward.\n  • Only for two-way.";
        let d = describe(&lines(text), Some(Type::String), &mut Warnings::default());
        let vals: Vec<_> = d.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(vals, ["Forward", "Reverse"]);
        assert_eq!(d.values[0].description.as_deref(), Some("ahead"));
        assert_eq!(d.default.map(|(_, v)| v).as_deref(), Some("Forward"));
        assert_eq!(
            d.text.as_deref(),
            Some("The direction.\n\n- Only for two-way.")
        );
    }

    #[test]
    fn chinese_values_and_default() {
        let text =
            "同步方向，取值：\n  • Forward：正向。\n  • Reverse：反向。\n说明 默认值为Forward。";
        let d = describe(&lines(text), Some(Type::String), &mut Warnings::default());
        assert_eq!(d.values.len(), 2);
        assert_eq!(d.values[1].description.as_deref(), Some("反向。"));
        assert_eq!(d.default.map(|(_, v)| v).as_deref(), Some("Forward"));
    }

    #[test]
    fn inline_values_and_numbers() {
        let text = "Entries per page. Valid values: 30, 50, and 100. Default value: 30.";
        let d = describe(&lines(text), Some(Type::Integer), &mut Warnings::default());
        let vals: Vec<_> = d.values.iter().map(|v| v.value.as_str()).collect();
        assert_eq!(vals, ["30", "50", "100"]);
        assert_eq!(d.default.map(|(_, v)| v).as_deref(), Some("30"));
        assert!(d.text.is_some());
    }

    #[test]
    fn broken_lists_stay_prose() {
        let text = "Kinds. Valid values:\n  • A: first\n  • this one is prose";
        let mut w = Warnings::default();
        let d = describe(&lines(text), Some(Type::String), &mut w);
        assert!(d.values.is_empty());
        assert_eq!(w.items.len(), 1);
        assert!(d.text.unwrap().contains("- A: first"));
    }

    #[test]
    fn deprecation_and_json() {
        let d = describe(
            &lines("Not needed; this parameter will be removed in the future."),
            Some(Type::String),
            &mut Warnings::default(),
        );
        assert!(d.deprecated);
        let d = describe(
            &lines("The objects, as a JSON string."),
            None,
            &mut Warnings::default(),
        );
        assert!(d.json_string);
    }
}
