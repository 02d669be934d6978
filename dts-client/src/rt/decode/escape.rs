//! JSON string escapes: checking them as `serde_json` does, and decoding them.

/// Where the escape starting at `i` (just after the backslash) ends, if it is valid: a
/// `\uXXXX` leading surrogate must be followed by a trailing one.
pub(super) fn escape_end(b: &[u8], i: usize) -> Option<usize> {
    match *b.get(i)? {
        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(i + 1),
        b'u' => {
            let n = hex4(b, i + 1)?;
            match n {
                0xDC00..=0xDFFF => None,
                0xD800..=0xDBFF => {
                    if b.get(i + 5..i + 7) != Some(b"\\u") {
                        return None;
                    }
                    let n2 = hex4(b, i + 7)?;
                    (0xDC00..=0xDFFF).contains(&n2).then_some(i + 11)
                }
                _ => Some(i + 5),
            }
        }
        _ => None,
    }
}

fn hex4(b: &[u8], i: usize) -> Option<u32> {
    let digits = b.get(i..i + 4)?;
    let mut n = 0;
    for &d in digits {
        n = n * 16 + char::from(d).to_digit(16)?;
    }
    Some(n)
}

/// The text of a string's raw contents whose escapes were checked by [`escape_end`].
pub(super) fn unescape(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    // Byte by byte: the escapes of the bodies DTS sends come close together (JSON quoted in
    // a string, stack traces), where copying the runs between them costs more.
    while let Some(&c) = b.get(i) {
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let c = b.get(i + 1).copied().unwrap_or(b'\\');
        i += 2;
        let simple = match c {
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            b'u' => 0,
            other => other,
        };
        if c != b'u' {
            out.push(simple);
        } else {
            let n = hex4(b, i).unwrap_or(0xFFFD);
            i += 4;
            let code = if (0xD800..=0xDBFF).contains(&n) {
                let n2 = hex4(b, i + 2).unwrap_or(0xDC00);
                i += 6;
                0x1_0000 + ((n - 0xD800) << 10) + (n2 - 0xDC00)
            } else {
                n
            };
            let ch = char::from_u32(code).unwrap_or('\u{FFFD}');
            out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
        }
    }
    // Valid UTF-8 in, whole characters out: this never replaces anything.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `raw` unescaped by `serde_json`, the reference.
    fn reference(raw: &str) -> String {
        serde_json::from_str(&format!("\"{raw}\"")).expect("a valid JSON string")
    }

    #[test]
    fn unescaping_agrees_with_serde_json_around_word_boundaries() {
        let pieces = [
            "a",
            "\\\"",
            "\\\\",
            "\\/",
            "\\n",
            "\\t",
            "\\u00e9",
            "\\ud83d\\ude00",
            "é",
            "\\b\\f\\r",
            "0123456789",
            "{\\\"k\\\":true}",
        ];
        // Every pair and triple of pieces, after every prefix length up to 9: escapes and
        // multi-byte characters land at each offset of an eight-byte word.
        for pad in 0..10 {
            for a in pieces {
                for b in pieces {
                    for c in ["", "x", "\\\"", "yz"] {
                        let raw = format!("{}{a}{b}{c}", "p".repeat(pad));
                        assert_eq!(unescape(&raw), reference(&raw), "{raw:?}");
                    }
                }
            }
        }
        assert_eq!(unescape(""), "");
    }
}
