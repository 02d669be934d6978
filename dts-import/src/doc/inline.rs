//! Inline markdown in a line or a cell: escapes (`\_`, `\*`), `**bold**`, `` `code` ``,
//! links (their text stays), HTML tags (`<br>` and `<li>` become line breaks) and entities.

/// Removes inline markup: escapes, `**`, backticks, links (their text stays), HTML tags
/// (`<br>` and `<li>` become line breaks) and entities.
pub(crate) fn clean(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        let next = chars.get(i + 1).copied();
        match c {
            '\\' if next.is_some_and(|n| n.is_ascii_punctuation()) => {
                out.extend(next);
                i += 2;
            }
            '*' if next == Some('*') => i += 2,
            '`' => i += 1,
            '!' if next == Some('[') && link(&chars, i + 1).is_some() => i += 1,
            '[' => match link(&chars, i) {
                Some((label, end)) => {
                    out.push_str(&clean(&label));
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '<' => match tag(&chars, i) {
                Some((replacement, end)) => {
                    out.push_str(replacement);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            '&' => match entity(&chars, i) {
                Some((ch, end)) => {
                    out.push(ch);
                    i = end;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            },
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `[label](target)` at `i`: the label and the index after the link.
fn link(chars: &[char], i: usize) -> Option<(String, usize)> {
    // Bounded scans keep long lines linear and nesting (labels are cleaned in turn) shallow.
    const LABEL: usize = 300;
    const TARGET: usize = 2000;
    let mut depth = 0usize;
    let mut j = i;
    let close = loop {
        if j - i > LABEL {
            return None;
        }
        match chars.get(j)? {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break j;
                }
            }
            '\n' => return None,
            _ => {}
        }
        j += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end =
        (close + 2..chars.len().min(close + 2 + TARGET)).find(|&k| chars.get(k) == Some(&')'))?;
    let label: String = chars.get(i + 1..close)?.iter().collect();
    Some((label, end + 1))
}

const TAGS: [&str; 17] = [
    "br", "p", "ul", "ol", "li", "b", "strong", "i", "em", "code", "span", "div", "a", "sup",
    "sub", "font", "u",
];

/// A known HTML tag at `i`: what replaces it and the index after it.
fn tag(chars: &[char], i: usize) -> Option<(&'static str, usize)> {
    let end = (i + 1..chars.len().min(i + 200)).find(|&k| chars.get(k) == Some(&'>'))?;
    let inner: String = chars.get(i + 1..end)?.iter().collect();
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if !TAGS.contains(&name.as_str()) {
        return None;
    }
    let replacement = match (name.as_str(), closing) {
        ("br", _) | ("p" | "div" | "ul" | "ol", true) => "\n",
        ("li", false) => "\n- ",
        ("li", true) => "\n",
        _ => "",
    };
    Some((replacement, end + 1))
}

fn entity(chars: &[char], i: usize) -> Option<(char, usize)> {
    let end = (i + 1..chars.len().min(i + 8)).find(|&k| chars.get(k) == Some(&';'))?;
    let name: String = chars.get(i + 1..end)?.iter().collect();
    let c = match name.as_str() {
        "lt" => '<',
        "gt" => '>',
        "amp" => '&',
        "quot" => '"',
        "nbsp" => ' ',
        "#124" => '|',
        "#42" => '*',
        "#95" => '_',
        _ => return None,
    };
    Some((c, end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_markup() {
        assert_eq!(clean(r"ModifyTime\_Year"), "ModifyTime_Year");
        assert_eq!(clean(r"dtsl3m\*\*\*\*"), "dtsl3m****");
        assert_eq!(clean("**Forward**: `a`"), "Forward: a");
        assert_eq!(
            clean("see [DescribeRegions](~~25609~~)."),
            "see DescribeRegions."
        );
        assert_eq!(clean("a<br>b<br/>c"), "a\nb\nc");
        assert_eq!(clean("a &lt; b [x] <Common>"), "a < b [x] <Common>");
    }

    #[test]
    fn long_and_nested_markup_stays_cheap() {
        let nested = format!("{}x{}(y)", "[".repeat(5000), "]".repeat(5000));
        assert_eq!(clean(&nested).len(), nested.len());
        let open = "[".repeat(20000);
        assert_eq!(clean(&open), open);
        assert_eq!(clean("[a [b](c) d](e)"), "a b d");
    }
}
