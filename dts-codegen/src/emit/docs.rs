//! Rustdoc from spec prose: one `#[doc]` attribute per line, with the prose made safe for
//! rustdoc (no accidental links, HTML tags, bare URLs or doctests).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ir::{ParamIr, ValueDoc};

/// `#[doc = "..."]` attributes, one per line; tabs (which spec values may hold) become spaces.
pub(crate) fn attrs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|l| {
        if l.is_empty() {
            Literal::string("")
        } else {
            raw(&format!(" {}", l.replace('\t', "    ")))
        }
    });
    quote!(#(#[doc = #lines])*)
}

/// `text` as a raw string literal: the formatted output is the same as with an escaped one, and
/// a raw string costs nothing to escape when generated nor to unescape when parsed again.
fn raw(text: &str) -> Literal {
    let mut hashes = String::new();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// `#[doc]` attributes for one line of text written by the generator.
pub(crate) fn line(text: impl Into<String>) -> TokenStream {
    attrs(&[text.into()])
}

/// Spec prose as doc lines.
pub(crate) fn prose(text: &str) -> Vec<String> {
    text.lines().map(|l| sanitize(l.trim())).collect()
}

/// Spec prose joined on one line, for list items.
pub(crate) fn inline(text: &str) -> String {
    prose(text).join(" ")
}

/// `s` as inline code, whatever backticks it holds.
pub(crate) fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

/// Escapes what rustdoc would read as links or HTML outside code spans, marks bare URLs as
/// links, and turns unlabelled code fences into text blocks.
fn sanitize(line: &str) -> String {
    if let Some(rest) = line.strip_prefix("```") {
        return if rest.trim().is_empty() {
            "```text".to_owned()
        } else {
            line.to_owned()
        };
    }
    let mut out = String::with_capacity(line.len());
    let mut fence = 0;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '`' {
            let mut run = 1;
            while chars.next_if(|&(_, c)| c == '`').is_some() {
                run += 1;
            }
            fence = match fence {
                0 => run,
                f if f == run => 0,
                f => f,
            };
            out.extend(std::iter::repeat_n('`', run));
            continue;
        }
        if fence == 0 {
            let rest = &line[i..];
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ')']);
                out.push_str(&format!("<{url}>"));
                for _ in url.chars().skip(1) {
                    chars.next();
                }
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
            }
        }
        out.push(c);
    }
    out
}

/// The doc lines of a parameter or field: its description, then its facts as a list. Without a
/// description, the first line says what the list would start with: wire name, type, example.
pub(crate) fn value(wire: &str, doc: &ValueDoc) -> Vec<String> {
    let mut lines = Vec::new();
    let mut facts = values(&doc.values);
    if let Some(default) = &doc.default {
        facts.push(format!("- Default: {}", code(default)));
    }
    match &doc.description {
        Some(d) => {
            lines.extend(prose(d));
            lines.push(String::new());
            lines.push(format!("- Wire name: {} ({})", code(wire), doc.wire_type));
            if let Some(example) = &doc.example {
                facts.push(format!("- Example: {}", code(example)));
            }
        }
        None => {
            let example = doc
                .example
                .as_ref()
                .map(|e| format!(", for example {}", code(e)))
                .unwrap_or_default();
            lines.push(format!("{} ({}){example}.", code(wire), doc.wire_type));
        }
    }
    if !doc.constraints.is_empty() {
        facts.push(format!(
            "- Limits: {}",
            sanitize(&doc.constraints.join(", "))
        ));
    }
    if doc.doc_required {
        facts.push(
            "- Documented as required; the API accepts a call without it (another parameter can name the same resource)"
                .to_owned(),
        );
    }
    if let Some(encoding) = &doc.encoding {
        facts.push(format!("- {encoding}"));
    }
    if doc.description.is_none() && !facts.is_empty() {
        lines.push(String::new());
    }
    lines.extend(facts);
    lines
}

fn values(values: &[(String, Option<String>)]) -> Vec<String> {
    if values.is_empty() {
        return Vec::new();
    }
    if values.iter().all(|(_, d)| d.is_none()) {
        let list: Vec<String> = values.iter().map(|(v, _)| code(v)).collect();
        return vec![format!("- Valid values: {}", list.join(", "))];
    }
    let mut lines = vec!["- Valid values:".to_owned()];
    for (v, d) in values {
        lines.push(match d {
            Some(d) => format!("  - {}: {}", code(v), inline(d)),
            None => format!("  - {}", code(v)),
        });
    }
    lines
}

/// One list item describing an argument of a client method.
pub(crate) fn argument(p: &ParamIr) -> String {
    let mut item = format!("- {} ({})", code(&p.ident), code(&p.wire));
    if let Some(d) = &p.doc.description {
        item.push_str(": ");
        item.push_str(&inline(d));
    }
    if let Some(e) = &p.doc.example {
        item.push_str(&format!(" Example: {}.", code(e)));
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_is_made_safe_outside_code() {
        assert_eq!(sanitize("see [Foo] and <b>"), r"see \[Foo\] and \<b\>");
        assert_eq!(sanitize("keep `[a]<b>` as is"), "keep `[a]<b>` as is");
        assert_eq!(sanitize("``a`b`` [x]"), r"``a`b`` \[x\]");
        assert_eq!(sanitize("go to https://a.b/c."), "go to <https://a.b/c>.");
        assert_eq!(sanitize("```"), "```text");
        assert_eq!(sanitize("```json"), "```json");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("a"), "`a`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
