//! Memory of recently used signature nonces, bounded in time and in size.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Remembers `(AccessKeyId, SignatureNonce)` pairs for `ttl`, at most `capacity` of them (the
/// oldest are forgotten first). Pairs are kept as 64-bit hashes, 16 bytes each in the queue
/// plus the set's share, so a million nonces take a few tens of megabytes.
pub(crate) struct NonceCache {
    ttl: Duration,
    capacity: usize,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    seen: HashSet<u64>,
    order: VecDeque<(u64, SystemTime)>,
}

impl NonceCache {
    pub(crate) fn new(ttl: Duration, capacity: usize) -> NonceCache {
        NonceCache {
            ttl,
            capacity: capacity.max(1),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// Records the pair; `false` if it was already seen within the time window.
    pub(crate) fn insert(&self, access_key_id: &str, nonce: &str, now: SystemTime) -> bool {
        let key = fingerprint(access_key_id, nonce);
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        inner.expire(now, self.ttl);
        if inner.seen.contains(&key) {
            return false;
        }
        while inner.order.len() >= self.capacity {
            inner.forget_oldest();
        }
        inner.seen.insert(key);
        inner.order.push_back((key, now));
        true
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .order
            .len()
    }
}

impl Inner {
    fn expire(&mut self, now: SystemTime, ttl: Duration) {
        while let Some(&(_, at)) = self.order.front() {
            let age = now.duration_since(at).unwrap_or(Duration::ZERO);
            if age < ttl {
                break;
            }
            self.forget_oldest();
        }
    }

    fn forget_oldest(&mut self) {
        if let Some((key, _)) = self.order.pop_front() {
            self.seen.remove(&key);
        }
    }
}

fn fingerprint(access_key_id: &str, nonce: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (access_key_id, nonce).hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_a_reused_nonce_until_it_expires() {
        let cache = NonceCache::new(Duration::from_secs(60), 100);
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert!(cache.insert("id", "n1", t0));
        assert!(!cache.insert("id", "n1", t0 + Duration::from_secs(59)));
        assert!(
            cache.insert("other-id", "n1", t0),
            "nonces are per access key"
        );
        assert!(cache.insert("id", "n1", t0 + Duration::from_secs(61)));
    }

    #[test]
    fn stays_within_capacity() {
        let cache = NonceCache::new(Duration::from_secs(3600), 3);
        let t = SystemTime::UNIX_EPOCH;
        for n in ["a", "b", "c", "d"] {
            assert!(cache.insert("id", n, t));
        }
        assert_eq!(cache.len(), 3);
        assert!(cache.insert("id", "a", t), "the oldest was forgotten");
        assert!(!cache.insert("id", "d", t));
    }
}
