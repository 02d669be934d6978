//! Request parameters: the query string merged with an `application/x-www-form-urlencoded` body.

use std::collections::BTreeMap;

/// The parameters of one call, by name; a name given twice keeps its last value (body after
/// query).
pub(crate) type Params = BTreeMap<String, String>;

/// Decodes `a=1&b=2` pairs into `params`, later pairs overriding earlier ones.
pub(crate) fn merge_urlencoded(params: &mut Params, input: &[u8]) {
    for pair in input.split(|&b| b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|&b| b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &[][..]),
        };
        params.insert(decode(name), decode(value));
    }
}

/// Whether a `Content-Type` header value names a form body.
pub(crate) fn is_form(content_type: &str) -> bool {
    content_type.split(';').next().is_some_and(|m| {
        m.trim()
            .eq_ignore_ascii_case("application/x-www-form-urlencoded")
    })
}

/// Form decoding: `+` is a space, `%XX` a byte; malformed escapes stay as they are and invalid
/// UTF-8 becomes U+FFFD.
fn decode(input: &[u8]) -> String {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'+' => out.push(b' '),
            b'%' => match (
                input.get(i + 1).and_then(|&b| hex(b)),
                input.get(i + 2).and_then(|&b| hex(b)),
            ) {
                (Some(hi), Some(lo)) => {
                    out.push(hi << 4 | lo);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Params {
        let mut p = Params::new();
        merge_urlencoded(&mut p, s.as_bytes());
        p
    }

    #[test]
    fn decodes_plus_percent_and_bare_names() {
        let p = parse("a=x+y%20z&b=%2A%7e&c&d=&%E6%95%B0=%F0%9F%9A%80");
        assert_eq!(p["a"], "x y z");
        assert_eq!(p["b"], "*~");
        assert_eq!(p["c"], "");
        assert_eq!(p["d"], "");
        assert_eq!(p["数"], "🚀");
    }

    #[test]
    fn keeps_malformed_escapes_and_replaces_bad_utf8() {
        let p = parse("a=100%&b=%zz&c=%4&d=%FF");
        assert_eq!(p["a"], "100%");
        assert_eq!(p["b"], "%zz");
        assert_eq!(p["c"], "%4");
        assert_eq!(p["d"], "\u{FFFD}");
    }

    #[test]
    fn later_values_override() {
        let mut p = parse("a=1&b=2");
        merge_urlencoded(&mut p, b"a=3");
        assert_eq!((p["a"].as_str(), p["b"].as_str()), ("3", "2"));
    }

    #[test]
    fn recognises_form_content_types() {
        assert!(is_form("application/x-www-form-urlencoded"));
        assert!(is_form("Application/X-WWW-Form-Urlencoded; charset=UTF-8"));
        assert!(!is_form("application/json"));
    }
}
