//! The cache: refresh ahead of expiry without blocking callers, one refresh in flight, a
//! failed refresh keeps valid credentials, expired ones fail with a credentials error.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use dts_client::credentials::{CachedProvider, SourceSettings, UriProvider, REFRESH_AHEAD};
use dts_client::{ErrorKind, ProvideCredentials};
use tokio::sync::Semaphore;

use crate::fake::Fake;
use crate::{assert_accepted_and_wrong_token_refused, creds_json, env, scratch, t0, TestClock};

const LIFETIME: Duration = Duration::from_secs(3600);

/// A credentials URI whose n-th answer (from 0) is token `token-n`, expiring an hour after
/// the n-th hour; answers after the first wait for a permit from `gate`; status 500 while
/// `failing` is above zero.
async fn rotating(gate: Arc<Semaphore>, failing: Arc<AtomicUsize>) -> Fake {
    let served = Arc::new(AtomicUsize::new(0));
    Fake::start_async(move |_req| {
        let gate = gate.clone();
        let failing = failing.clone();
        let n = served.fetch_add(1, Ordering::SeqCst);
        Box::pin(async move {
            if n > 0 {
                gate.acquire().await.unwrap().forget();
            }
            if failing.load(Ordering::SeqCst) > 0 {
                return (500, "{}".to_owned());
            }
            let expires = t0() + LIFETIME * (n as u32 + 1);
            let body = creds_json(
                &format!("STS.{n}"),
                "secret",
                &format!("token-{n}"),
                expires,
            );
            (200, body.to_string())
        })
    })
    .await
}

fn provider(uri: &Fake, clock: &TestClock) -> CachedProvider {
    let s = SourceSettings::new(env(&scratch(), &[])).clock(Arc::new(clock.clone()));
    UriProvider::new(s, uri.url()).cached()
}

#[tokio::test]
async fn one_background_refresh_while_every_caller_keeps_the_current_credentials() {
    let gate = Arc::new(Semaphore::new(0));
    let uri = rotating(gate.clone(), Arc::new(AtomicUsize::new(0))).await;
    let clock = TestClock::new();
    let cache = provider(&uri, &clock);
    let first = cache.provide_credentials().await.unwrap();
    assert_eq!(first.security_token(), Some("token-0"));

    // Still fresh: no request.
    clock.set(t0() + LIFETIME - REFRESH_AHEAD - Duration::from_secs(1));
    assert_eq!(cache.provide_credentials().await.unwrap(), first);
    assert_eq!(uri.requests().len(), 1);

    // Inside the refresh window: 50 concurrent callers get the current credentials at once
    // while the one refresh waits at the gate.
    clock.set(t0() + LIFETIME - Duration::from_secs(100));
    let calls = (0..50).map(|_| {
        let cache = cache.clone();
        tokio::spawn(async move { cache.provide_credentials().await })
    });
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap(), first);
    }
    tokio::time::timeout(Duration::from_secs(5), async {
        while uri.requests().len() < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap();
    assert_eq!(uri.requests().len(), 2, "one refresh in flight");
    gate.add_permits(1);
    let second = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            let now = cache.provide_credentials().await.unwrap();
            if now != first {
                return now;
            }
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap();
    assert_eq!(second.security_token(), Some("token-1"));
    assert_eq!(uri.requests().len(), 2);
    assert_accepted_and_wrong_token_refused(&second).await;
}

#[tokio::test]
async fn a_failed_refresh_keeps_valid_credentials_and_expired_ones_fail() {
    let gate = Arc::new(Semaphore::new(100));
    let failing = Arc::new(AtomicUsize::new(0));
    let uri = rotating(gate, failing.clone()).await;
    let clock = TestClock::new();
    let cache = provider(&uri, &clock);
    let first = cache.provide_credentials().await.unwrap();

    failing.store(1, Ordering::SeqCst);
    clock.set(t0() + LIFETIME - Duration::from_secs(10));
    assert_eq!(cache.provide_credentials().await.unwrap(), first);
    tokio::time::timeout(Duration::from_secs(5), async {
        while uri.requests().len() < 2 {
            tokio::task::yield_now().await;
        }
    })
    .await
    .unwrap();
    // The failed refresh has landed (or is landing); the credentials are still served.
    assert_eq!(cache.provide_credentials().await.unwrap(), first);
    assert_eq!(cache.cached(), Some(first.clone()));

    clock.set(t0() + LIFETIME);
    let e = cache.provide_credentials().await.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Credentials);
    let msg = e.to_string();
    assert!(
        msg.contains(
            "the temporary credentials expired at 2026-01-02T04:04:05Z and could not be refreshed"
        ),
        "{msg}"
    );
    assert!(msg.contains("HTTP 500"), "{msg}");
    assert!(!msg.contains("secret") && !msg.contains("token-0"), "{msg}");

    failing.store(0, Ordering::SeqCst);
    let fresh = cache.provide_credentials().await.unwrap();
    assert_ne!(fresh, first);
    assert!(fresh.expiration().unwrap() > clock_now(&clock));
}

fn clock_now(clock: &TestClock) -> std::time::SystemTime {
    use dts_client::sources::Clock;
    clock.now()
}
