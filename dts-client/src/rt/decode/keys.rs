//! Finding a member of a generated struct by name.

/// Where each member name of a struct lives, for [`Reader::members`](super::Reader::members):
/// an open-addressing table of 256 slots built at compile time
/// (`const TABLE: KeyTable = KeyTable::new(KEYS)`), so that finding a member costs one hash
/// of a few bytes and, nearly always, one comparison.
#[derive(Debug)]
pub struct KeyTable([u8; 256]);

const EMPTY: u8 = u8::MAX;

/// The slot a member name starts probing from: its length and three of its bytes.
const fn slot(key: &[u8]) -> usize {
    let n = key.len();
    if n == 0 {
        return 0;
    }
    let h = (n as u32).wrapping_mul(0x9E37)
        ^ (key[0] as u32).wrapping_mul(31)
        ^ (key[n - 1] as u32).wrapping_mul(131)
        ^ (key[n / 2] as u32).wrapping_mul(7919);
    ((h ^ (h >> 8)) & 0xFF) as usize
}

impl KeyTable {
    /// The table of `keys` (at most 255; panics at compile time beyond).
    pub const fn new(keys: &[&str]) -> KeyTable {
        assert!(
            keys.len() <= EMPTY as usize,
            "at most 255 members per struct"
        );
        let mut table = [EMPTY; 256];
        let mut i = 0;
        while i < keys.len() {
            let mut at = slot(keys[i].as_bytes());
            while table[at] != EMPTY {
                at = (at + 1) & 0xFF;
            }
            table[at] = i as u8;
            i += 1;
        }
        KeyTable(table)
    }

    /// The position of `key` in the `keys` the table was built from.
    #[inline]
    pub fn find(&self, keys: &[&str], key: &str) -> Option<usize> {
        let mut at = slot(key.as_bytes());
        loop {
            let i = self.0[at];
            if i == EMPTY {
                return None;
            }
            let i = usize::from(i);
            if keys.get(i).is_some_and(|k| *k == key) {
                return Some(i);
            }
            at = (at + 1) & 0xFF;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_tables_find_every_key_and_no_other() {
        const KEYS: &[&str] = &[
            "",
            "A",
            "Ab",
            "DtsJobId",
            "DtsJobName",
            "Z",
            "\u{e9}t\u{e9}",
        ];
        const TABLE: KeyTable = KeyTable::new(KEYS);
        for (i, k) in KEYS.iter().enumerate() {
            assert_eq!(TABLE.find(KEYS, k), Some(i), "{k}");
        }
        for k in ["B", "DtsJobIdX", "a", "Dts"] {
            assert_eq!(TABLE.find(KEYS, k), None, "{k}");
        }
        let many: Vec<String> = (0..255).map(|i| format!("K{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let table = KeyTable::new(&many);
        assert!(many
            .iter()
            .enumerate()
            .all(|(i, k)| table.find(&many, k) == Some(i)));
        assert_eq!(table.find(&many, "K255"), None);
    }
}
