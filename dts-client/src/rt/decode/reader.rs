//! A borrowed-token JSON reader: typed outputs are read straight from the body's bytes, with
//! no `serde_json::Value` tree in between.
//!
//! The reader accepts exactly the documents `serde_json::from_slice::<Value>` accepts (strict
//! JSON, UTF-8, escapes and surrogate pairs checked, at most 127 nested containers, numbers
//! `serde_json` can represent, nothing after the value but whitespace), so that an output's
//! [`raw`](super::super::RawBody) body, parsed lazily from the same bytes, always parses.
//! Values are read with the leniency of [`Decode`](super::Decode): a value that cannot be read
//! as the type asked for is skipped (and is `None`), never an error; only a document that is
//! not JSON is.

use std::borrow::Cow;

use serde_json::{Number, Value};

use super::escape::{escape_end, unescape};
use super::keys::KeyTable;

/// The deepest nesting of arrays and objects `serde_json` accepts (its recursion limit).
const MAX_DEPTH: u32 = 127;

/// A cursor over one JSON document: it accepts exactly the documents
/// `serde_json::from_slice::<Value>` accepts, and reads values with the leniency of
/// [`Decode`](super::Decode).
///
/// Once the document turns out not to be JSON the reader is *failed*: every read from then on
/// returns `None` and [`Reader::finish`] reports it.
#[derive(Debug)]
pub struct Reader<'a> {
    text: &'a str,
    pub(super) pos: usize,
    pub(super) depth: u32,
    pub(super) failed: bool,
    /// Where the value of each [`MARKED`] member of the top-level object starts (its last
    /// occurrence, as in a `Value`), `NONE` when absent.
    marks: [usize; MARKED.len()],
}

/// The top-level members the client reads itself: the envelope, `RequestId` and the members
/// of an error body. The reader notes where they are as it passes them, so that a failure is
/// read from the same pass.
const MARKED: [&str; 11] = [
    "Code",
    "DynamicCode",
    "DynamicMessage",
    "ErrCode",
    "ErrMessage",
    "HostId",
    "HttpStatusCode",
    "Message",
    "Recommend",
    "RequestId",
    "Success",
];

const NONE: usize = usize::MAX;

/// One scalar as it appears in the document, not yet converted.
pub(crate) enum Scalar<'a> {
    /// A string: its raw contents between the quotes, and whether they hold escapes.
    Str(&'a str, bool),
    /// An integer that fits in `i64` and is written without fraction or exponent.
    Int(i64),
    /// Any other number, as `serde_json` reads it.
    Num(Number),
    /// `true` or `false`.
    Bool(bool),
    /// `null`, an array or an object (already skipped).
    Other,
}

impl<'a> Scalar<'a> {
    /// The text of a string scalar, unescaped.
    pub(crate) fn text(&self) -> Option<Cow<'a, str>> {
        match *self {
            Scalar::Str(raw, false) => Some(Cow::Borrowed(raw)),
            Scalar::Str(raw, true) => Some(Cow::Owned(unescape(raw))),
            _ => None,
        }
    }
}

/// Whether a byte ends the fast scan of a string: a quote, a backslash or a control byte.
const fn stops_string(b: u8) -> bool {
    b == b'"' || b == b'\\' || b < 0x20
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`, or `None` when they are not UTF-8 (and so not JSON).
    pub fn new(bytes: &'a [u8]) -> Option<Self> {
        let text = std::str::from_utf8(bytes).ok()?;
        Some(Reader {
            text,
            pos: 0,
            depth: 0,
            failed: false,
            marks: [NONE; MARKED.len()],
        })
    }

    /// Whether the document turned out not to be JSON.
    pub fn failed(&self) -> bool {
        self.failed
    }

    /// The top-level object's `RequestId` member when it is a string, once the reader
    /// passed it.
    pub fn request_id(&self) -> Option<Cow<'a, str>> {
        self.marked_scalar("RequestId")?.text()
    }

    pub(super) fn marked_scalar(&self, key: &str) -> Option<Scalar<'a>> {
        self.at_mark(key)?.scalar()
    }

    /// A reader at the value of the marked member `key`.
    pub(super) fn at_mark(&self, key: &str) -> Option<Reader<'a>> {
        let i = MARKED.iter().position(|k| *k == key)?;
        let pos = self.marks[i];
        (pos != NONE).then_some(Reader {
            text: self.text,
            pos,
            depth: 1,
            failed: false,
            marks: [NONE; MARKED.len()],
        })
    }

    /// Whether the next value is an object.
    pub fn peek_object(&mut self) -> bool {
        self.ws() == Some(b'{')
    }

    /// Checks that nothing but whitespace follows the value read; `false` when the document
    /// is not JSON.
    pub fn finish(&mut self) -> bool {
        if self.ws().is_some() {
            self.fail::<()>();
        }
        !self.failed
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    pub(super) fn fail<T>(&mut self) -> Option<T> {
        self.failed = true;
        self.pos = self.text.len();
        None
    }

    /// Skips whitespace and returns the next byte, without consuming it.
    #[inline]
    pub(super) fn ws(&mut self) -> Option<u8> {
        let b = self.bytes();
        while let Some(&c) = b.get(self.pos) {
            if !matches!(c, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(c);
            }
            self.pos += 1;
        }
        None
    }

    /// The byte after whitespace, consumed.
    pub(super) fn next_token(&mut self) -> Option<u8> {
        let c = self.ws()?;
        self.pos += 1;
        Some(c)
    }

    pub(super) fn literal(&mut self, word: &str) -> Option<()> {
        if self.text[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            self.fail()
        }
    }

    pub(super) fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return self.fail();
        }
        Some(())
    }

    /// After an opening quote: the raw contents up to the closing quote, and whether they
    /// hold escapes (each checked as `serde_json` checks them).
    fn string_raw(&mut self) -> Option<(&'a str, bool)> {
        let b = self.bytes();
        let start = self.pos;
        let mut i = start;
        let mut escaped = false;
        loop {
            // Eight bytes at a time while none of them is a quote, backslash or control byte.
            while let Some(chunk) = b.get(i..i + 8) {
                let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
                const ONES: u64 = 0x0101_0101_0101_0101;
                const HIGH: u64 = 0x8080_8080_8080_8080;
                let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
                let hit = zero(x ^ (ONES * u64::from(b'"')))
                    | zero(x ^ (ONES * u64::from(b'\\')))
                    | (x.wrapping_sub(ONES * 0x20) & !x & HIGH);
                if hit != 0 {
                    // The lowest flagged byte is a true match (a borrow only flags bytes
                    // above one).
                    i += (hit.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            while b.get(i).is_some_and(|&c| !stops_string(c)) {
                i += 1;
            }
            match b.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Some((&self.text[start..i], escaped));
                }
                Some(b'\\') => {
                    escaped = true;
                    i = match escape_end(b, i + 1) {
                        Some(end) => end,
                        None => return self.fail(),
                    };
                }
                _ => return self.fail(),
            }
        }
    }

    /// A number token, converted: `Int` for plain integers that fit, else as `serde_json`
    /// reads it (failing where it fails, on `1e400` say).
    fn number(&mut self) -> Option<Scalar<'a>> {
        let b = self.bytes();
        let start = self.pos;
        let mut i = start + usize::from(b.get(start) == Some(&b'-'));
        let digits = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        let int_end = i;
        while b
            .get(i)
            .is_some_and(|c| matches!(c, b'0'..=b'9' | b'.' | b'e' | b'E' | b'+' | b'-'))
        {
            i += 1;
        }
        self.pos = i;
        let token = &self.text[start..i];
        let n = int_end - digits;
        let plain = i == int_end && (1..=18).contains(&n) && (b[digits] != b'0' || n == 1);
        if plain && token != "-0" {
            if let Ok(v) = token.parse::<i64>() {
                return Some(Scalar::Int(v));
            }
        }
        match serde_json::from_str::<Number>(token) {
            Ok(n) => Some(Scalar::Num(n)),
            Err(_) => self.fail(),
        }
    }

    /// Reads the next value as a scalar; arrays and objects are skipped (`Other`).
    pub(crate) fn scalar(&mut self) -> Option<Scalar<'a>> {
        let Some(next) = self.ws() else {
            return self.fail();
        };
        match next {
            b'"' => {
                self.pos += 1;
                let (raw, esc) = self.string_raw()?;
                Some(Scalar::Str(raw, esc))
            }
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal("true").map(|()| Scalar::Bool(true)),
            b'f' => self.literal("false").map(|()| Scalar::Bool(false)),
            b'n' => self.literal("null").map(|()| Scalar::Other),
            b'[' | b'{' => self.skip().map(|()| Scalar::Other),
            _ => self.fail(),
        }
    }

    /// Skips the next value, checking that it is JSON.
    pub fn skip(&mut self) -> Option<()> {
        match self.ws() {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                if self.ws() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.key()?;
                        self.skip()?;
                        if self.end_of_members(b'}')? {
                            break;
                        }
                    }
                }
                self.depth -= 1;
                Some(())
            }
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                if self.ws() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        self.skip()?;
                        if self.end_of_members(b']')? {
                            break;
                        }
                    }
                }
                self.depth -= 1;
                Some(())
            }
            Some(_) => self.scalar().map(drop),
            None => self.fail(),
        }
    }

    /// A member's key and its colon: the key's raw text and whether it holds escapes.
    fn key(&mut self) -> Option<(&'a str, bool)> {
        if self.next_token() != Some(b'"') {
            return self.fail();
        }
        let key = self.string_raw()?;
        if self.next_token() != Some(b':') {
            return self.fail();
        }
        Some(key)
    }

    /// After a member or element: `Some(false)` after a comma, `Some(true)` at `close`.
    pub(super) fn end_of_members(&mut self, close: u8) -> Option<bool> {
        match self.next_token() {
            Some(b',') => Some(false),
            Some(c) if c == close => Some(true),
            _ => self.fail(),
        }
    }

    /// The next value parsed by `serde_json` (for types read through a `Value`).
    ///
    /// At the top level it also notes where the members the client reads are.
    pub fn value(&mut self) -> Option<Value> {
        if self.ws().is_none() {
            return self.fail();
        }
        let start = self.pos;
        self.skip()?;
        let value: Value = match serde_json::from_str(&self.text[start..self.pos]) {
            Ok(v) => v,
            Err(_) => return self.fail(),
        };
        if self.depth == 0 && value.is_object() {
            // Note the members the client reads, as `object` does at the top level.
            let mut top = Reader {
                text: self.text,
                pos: start,
                depth: 0,
                failed: false,
                marks: [NONE; MARKED.len()],
            };
            const NO_KEYS: KeyTable = KeyTable::new(&[]);
            top.object(&[], &NO_KEYS, &mut |_, _| {});
            self.marks = top.marks;
        }
        Some(value)
    }

    /// Reads the next value as an object: calls `member(self, i)` for each member whose key
    /// is `keys[i]` (`table` is [`KeyTable::new`]`(keys)`; `member` must read exactly one
    /// value) and skips the others. `false` when the value is not an object (it is skipped)
    /// or not JSON.
    ///
    /// At the top level it also notes where the members the client reads are (see
    /// [`marked`](Self::marked)).
    pub fn object(
        &mut self,
        keys: &[&str],
        table: &KeyTable,
        member: &mut dyn FnMut(&mut Self, usize),
    ) -> bool {
        match self.ws() {
            Some(b'{') => {}
            Some(_) => {
                self.skip();
                return false;
            }
            None => return self.fail::<()>().is_some(),
        }
        if self.enter().is_none() {
            return false;
        }
        self.pos += 1;
        let top = self.depth == 1;
        if self.ws() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return true;
        }
        let mut hint = 0;
        loop {
            let Some((raw, esc)) = self.key() else {
                return false;
            };
            let unescaped;
            let key = if esc {
                unescaped = unescape(raw);
                unescaped.as_str()
            } else {
                raw
            };
            if top {
                self.note_envelope(key);
            }
            let found = match keys.get(hint) {
                Some(k) if *k == key => Some(hint),
                _ => table.find(keys, key),
            };
            match found {
                Some(i) => {
                    hint = i + 1;
                    member(self, i);
                }
                None => {
                    self.skip();
                }
            }
            if self.failed {
                return false;
            }
            match self.end_of_members(b'}') {
                Some(true) => break,
                Some(false) => {}
                None => return false,
            }
        }
        self.depth -= 1;
        true
    }

    /// Notes where the value of a top-level member the client reads starts.
    fn note_envelope(&mut self, key: &str) {
        if let Some(i) = MARKED.iter().position(|k| *k == key) {
            if self.ws().is_some() {
                self.marks[i] = self.pos;
            }
        }
    }

    /// Scans the object at the position: where its array value starts when all its keys are
    /// the same one (a map of one member; the last value wins, as in a `Value`) and that
    /// value is an array. Leaves the position after the object.
    pub(super) fn wrapped_array(&mut self) -> Option<usize> {
        self.enter()?;
        self.pos += 1;
        if self.ws() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return None;
        }
        let mut first: Option<Cow<'a, str>> = None;
        let mut same = true;
        let mut last;
        loop {
            let (raw, esc) = self.key()?;
            let key = Scalar::Str(raw, esc).text()?;
            match &first {
                None => first = Some(key),
                Some(f) => same &= *f == key,
            }
            last = self.ws().map_or(0, |_| self.pos);
            self.skip()?;
            if self.end_of_members(b'}')? {
                break;
            }
        }
        self.depth -= 1;
        (same && self.bytes().get(last) == Some(&b'[')).then_some(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skips(doc: &str) -> bool {
        let mut r = Reader::new(doc.as_bytes()).expect("UTF-8");
        r.skip().is_some() && r.finish()
    }

    #[test]
    fn the_reader_accepts_what_serde_json_accepts() {
        let docs = [
            r#"{"a":[1,-2,3.5,1e3,-0,0,true,false,null,"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"]}"#,
            " [ ] ",
            "{}",
            "\"\"",
            "123456789012345678901234567890",
            "1e400",
            "01",
            "1.",
            "-",
            "[1,]",
            "{\"a\" 1}",
            "\"\\ud800\"",
            "\"\\udc00\"",
            "\"\\ud800\\u0041\"",
            "\"a\u{1}\"",
            "\"\\x\"",
            "tru",
            "nul",
            "[1] x",
            "{\"a\":1,}",
            "-0.0e-5",
            "1E+2",
        ];
        for doc in docs {
            let serde = serde_json::from_str::<Value>(doc).is_ok();
            assert_eq!(skips(doc), serde, "{doc:?}");
        }
    }

    #[test]
    fn nesting_is_limited_as_in_serde_json() {
        for depth in [126, 127, 128, 129] {
            let doc = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
            let serde = serde_json::from_str::<Value>(&doc).is_ok();
            assert_eq!(skips(&doc), serde, "depth {depth}");
        }
    }

    #[test]
    fn strings_are_unescaped() {
        let mut r = Reader::new(br#""a\u00e9\ud83d\ude00\n\"b""#).expect("UTF-8");
        let s = r.scalar().and_then(|s| s.text().map(Cow::into_owned));
        assert_eq!(s.as_deref(), Some("aé😀\n\"b"));
    }
}
