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
            // Note the members the client reads, as `members` does at the top level.
            let mut top = Reader {
                text: self.text,
                pos: start,
                depth: 0,
                failed: false,
                marks: [NONE; MARKED.len()],
            };
            top.skip_object();
            self.marks = top.marks;
        }
        Some(value)
    }

    /// Starts reading the next value as an object whose known members are `keys` (`table`
    /// is [`KeyTable::new`]`(keys)`): [`Members::next`] then hands out the position in `keys`
    /// of each known member in turn, with its value next in the reader, and skips the others.
    /// A value that is not an object is skipped and yields no member.
    ///
    /// At the top level it also notes where the members the client reads are (see
    /// [`marked`](Self::marked)).
    pub fn members<'k>(&mut self, keys: &'k [&'k str], table: &'k KeyTable) -> Members<'k> {
        let mut members = Members {
            keys,
            table,
            top: false,
            hint: 0,
            value_pending: false,
            done: None,
        };
        match self.ws() {
            Some(b'{') => {}
            Some(_) => {
                self.skip();
                members.done = Some(false);
                return members;
            }
            None => {
                self.fail::<()>();
                members.done = Some(false);
                return members;
            }
        }
        if self.enter().is_none() {
            members.done = Some(false);
            return members;
        }
        self.pos += 1;
        members.top = self.depth == 1;
        if self.ws() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            members.done = Some(true);
        }
        members
    }

    /// Skips the next value, noting the top-level members as [`members`](Self::members)
    /// does; whether it was an object.
    pub fn skip_object(&mut self) -> bool {
        const NO_KEYS: KeyTable = KeyTable::new(&[]);
        let mut members = self.members(&[], &NO_KEYS);
        while members.next(self).is_some() {}
        members.finished()
    }

    /// Calls `item` for each item of the next value read as a list (`item` must read exactly
    /// one value): each element of an array, nothing for `null`, the elements of an array an
    /// object wraps under its one key (`{"Item": [...]}`), or the value itself otherwise. The
    /// list logic is here, not generic, so that each item type adds only a small closure.
    pub fn items(&mut self, item: &mut dyn FnMut(&mut Self)) {
        match self.ws() {
            Some(b'n') => {
                self.literal("null");
            }
            Some(b'[') => self.array_items(item),
            Some(b'{') => {
                let at = self.pos;
                let wrapped = self.wrapped_array();
                if self.failed {
                    return;
                }
                match wrapped {
                    Some(inner) => {
                        self.pos = inner;
                        self.depth += 1;
                        self.array_items(item);
                        if self.next_token() != Some(b'}') {
                            self.fail::<()>();
                        }
                        self.depth -= 1;
                    }
                    None => {
                        self.pos = at;
                        item(self);
                    }
                }
            }
            _ => item(self),
        }
    }

    fn array_items(&mut self, item: &mut dyn FnMut(&mut Self)) {
        if self.enter().is_none() {
            return;
        }
        self.pos += 1;
        if self.ws() == Some(b']') {
            self.pos += 1;
            self.depth -= 1;
            return;
        }
        loop {
            item(self);
            match self.end_of_members(b']') {
                Some(true) => break,
                Some(false) => {}
                None => return,
            }
        }
        self.depth -= 1;
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

/// One object's members being read: see [`Reader::members`].
///
/// The reader is passed to each call rather than held, so that the caller reads each member's
/// value from it in between.
#[derive(Debug)]
pub struct Members<'k> {
    keys: &'k [&'k str],
    table: &'k KeyTable,
    /// Whether the object is the document's top-level value.
    top: bool,
    /// The member expected next (bodies often list members in the order of `keys`).
    hint: usize,
    /// A known member was handed out: its value is read before the next call.
    value_pending: bool,
    /// `Some(whether the value was an object read to its end)` once there is nothing left.
    done: Option<bool>,
}

impl Members<'_> {
    /// The position in `keys` of the next known member, whose value the caller must then
    /// read (exactly one value) from `r`; `None` at the end of the object, or when the value
    /// was not an object or not JSON.
    pub fn next(&mut self, r: &mut Reader<'_>) -> Option<usize> {
        if self.done.is_some() {
            return None;
        }
        if self.value_pending {
            self.value_pending = false;
            if !self.more(r) {
                return None;
            }
        }
        loop {
            let Some((raw, esc)) = r.key() else {
                self.done = Some(false);
                return None;
            };
            let unescaped;
            let key = if esc {
                unescaped = unescape(raw);
                unescaped.as_str()
            } else {
                raw
            };
            if self.top {
                r.note_envelope(key);
            }
            let found = match self.keys.get(self.hint) {
                Some(k) if *k == key => Some(self.hint),
                _ => self.table.find(self.keys, key),
            };
            if let Some(i) = found {
                self.hint = i + 1;
                self.value_pending = true;
                return Some(i);
            }
            r.skip();
            if !self.more(r) {
                return None;
            }
        }
    }

    /// After a member's value: whether another member follows (else the object, or the
    /// document, ended).
    fn more(&mut self, r: &mut Reader<'_>) -> bool {
        if r.failed {
            self.done = Some(false);
            return false;
        }
        match r.end_of_members(b'}') {
            Some(false) => true,
            Some(true) => {
                r.depth -= 1;
                self.done = Some(true);
                false
            }
            None => {
                self.done = Some(false);
                false
            }
        }
    }

    /// Once [`next`](Self::next) returned `None`: whether the value was an object, read to
    /// its end.
    pub fn finished(&self) -> bool {
        self.done == Some(true)
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
