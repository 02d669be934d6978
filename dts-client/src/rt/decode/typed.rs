//! The reads of typed values: what the [`Reader`] does for [`Decode`], kept apart from the
//! token reader itself so that the reader does not depend on the trait.

use super::reader::Reader;
use super::{bool_of, Decode};

impl<'a> Reader<'a> {
    /// The top-level object's `Success` member read as a boolean, once the reader passed it.
    pub fn success(&self) -> Option<bool> {
        self.marked_scalar("Success").and_then(bool_of)
    }

    /// The top-level member `key` (one the reader notes: the envelope, `RequestId` and the
    /// members of error bodies) read as `T`, once the reader passed it.
    pub fn marked<T: Decode>(&self, key: &str) -> Option<T> {
        self.at_mark(key)?.option()
    }

    /// Reads the next value as an optional `T`: `null` is `None`.
    pub fn option<T: Decode>(&mut self) -> Option<T> {
        if self.ws() == Some(b'n') {
            self.literal("null");
            return None;
        }
        T::read(self)
    }

    /// Reads the next value as a list of `T`, with the leniency of
    /// [`list_value`](super::list_value): an array (unreadable elements skipped), `null`
    /// (empty), an object wrapping an array under its one key, or a single value.
    pub fn list<T: Decode>(&mut self) -> Vec<T> {
        let mut items = Vec::new();
        self.items(&mut |r| {
            if let Some(item) = T::read(r) {
                items.push(item);
            }
        });
        items
    }
}
