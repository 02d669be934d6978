//! Keeping temporary credentials and refreshing them ahead of expiry.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use super::{Credentials, ProvideCredentials, ProvideFuture};
use crate::sources::{Clock, SystemClock};
use crate::Error;

/// How long before they expire credentials are refreshed (as in Alibaba's credentials-go).
pub const REFRESH_AHEAD: Duration = Duration::from_secs(180);

/// Caches what another provider returns and asks it again only when needed.
///
/// Credentials without an [`expiration`](Credentials::expiration) are kept for good. Within
/// [`REFRESH_AHEAD`] of their expiry, one refresh starts in the background (on the current
/// tokio runtime) while every caller keeps getting the current credentials; a failed refresh
/// is logged (`tracing` warning) and the current credentials are kept until they expire. With
/// nothing cached, or once the cached credentials have expired, callers wait for one fetch
/// together; if it fails after expiry the call fails with a
/// [`Credentials`](crate::ErrorKind::Credentials) error saying so.
///
/// Expiry is judged by a [`Clock`] ([`with_clock`](Self::with_clock)), so tests step time
/// instead of sleeping.
#[derive(Clone)]
pub struct CachedProvider {
    shared: Arc<Shared>,
}

struct Shared {
    source: Arc<dyn ProvideCredentials>,
    clock: Arc<dyn Clock>,
    current: Mutex<Option<Credentials>>,
    refresh: Arc<tokio::sync::Mutex<()>>,
}

/// What the cached credentials are good for at some instant.
enum Freshness {
    Fresh(Credentials),
    Stale(Credentials),
    Expired(SystemTime),
    Missing,
}

impl CachedProvider {
    /// Caches the answers of `source`, judging expiry by the system clock.
    pub fn new(source: impl ProvideCredentials + 'static) -> Self {
        CachedProvider::from_parts(Arc::new(source), Arc::new(SystemClock))
    }

    pub(crate) fn from_parts(source: Arc<dyn ProvideCredentials>, clock: Arc<dyn Clock>) -> Self {
        CachedProvider {
            shared: Arc::new(Shared {
                source,
                clock,
                current: Mutex::new(None),
                refresh: Arc::new(tokio::sync::Mutex::new(())),
            }),
        }
    }

    /// A cache of the same source judging expiry by `clock` (it starts empty).
    pub fn with_clock(self, clock: impl Clock + 'static) -> Self {
        CachedProvider::from_parts(self.shared.source.clone(), Arc::new(clock))
    }

    /// The credentials held now, if any (expired or not).
    pub fn cached(&self) -> Option<Credentials> {
        self.shared.current()
    }

    async fn provide(&self) -> Result<Credentials, Error> {
        match self.shared.freshness() {
            Freshness::Fresh(c) => return Ok(c),
            Freshness::Stale(c) => {
                self.refresh_in_background();
                return Ok(c);
            }
            Freshness::Expired(_) | Freshness::Missing => {}
        }
        let _turn = self.shared.refresh.lock().await;
        // Whoever held the lock before may have refreshed already.
        let expired = match self.shared.freshness() {
            Freshness::Fresh(c) | Freshness::Stale(c) => return Ok(c),
            Freshness::Expired(at) => Some(at),
            Freshness::Missing => None,
        };
        match self.shared.source.provide_credentials().await {
            Ok(creds) => {
                self.shared.store(&creds);
                Ok(creds)
            }
            Err(e) => Err(match expired {
                Some(at) => Error::credentials(format!(
                    "the temporary credentials expired at {} and could not be refreshed: {}",
                    humantime::format_rfc3339_seconds(at),
                    e.message()
                ))
                .with_source(e),
                None => e,
            }),
        }
    }

    /// Starts one refresh unless one is in flight or there is no runtime to run it on.
    fn refresh_in_background(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let Ok(turn) = self.shared.refresh.clone().try_lock_owned() else {
            return;
        };
        let shared = self.shared.clone();
        runtime.spawn(async move {
            let _turn = turn;
            match shared.source.provide_credentials().await {
                Ok(creds) => shared.store(&creds),
                Err(e) => tracing::warn!(
                    error = %e,
                    "refreshing temporary credentials failed; the current ones are used until they expire"
                ),
            }
        });
    }
}

impl Shared {
    fn current(&self) -> Option<Credentials> {
        self.current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    fn store(&self, creds: &Credentials) {
        *self
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(creds.clone());
    }

    fn freshness(&self) -> Freshness {
        let Some(creds) = self.current() else {
            return Freshness::Missing;
        };
        let Some(expires) = creds.expiration() else {
            return Freshness::Fresh(creds);
        };
        let now = self.clock.now();
        if now >= expires {
            Freshness::Expired(expires)
        } else if now + REFRESH_AHEAD >= expires {
            Freshness::Stale(creds)
        } else {
            Freshness::Fresh(creds)
        }
    }
}

impl ProvideCredentials for CachedProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.provide())
    }
}

impl fmt::Debug for CachedProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedProvider")
            .field("source", &self.shared.source)
            .field("cached", &self.shared.current())
            .finish()
    }
}
