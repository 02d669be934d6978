//! Bounds on what one client can make the emulator hold: body and header sizes, read
//! timeouts, concurrent connections.

use std::time::Duration;

/// Limits that keep a hostile or broken client from exhausting the emulator.
///
/// Start from [`Limits::default`] and change fields, then pass it to
/// [`EmulatorBuilder::limits`](crate::EmulatorBuilder::limits):
///
/// ```
/// let mut limits = dts_emulator::Limits::default();
/// limits.max_connections = 64;
/// let builder = dts_emulator::Emulator::builder().limits(limits);
/// # let _ = builder;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The largest request body read, in bytes: a larger one (by `Content-Length` or as it
    /// arrives) is answered HTTP 413 `RequestEntityTooLarge` and the connection is closed.
    pub max_body_bytes: usize,
    /// The largest request head (request line and headers), in bytes: a larger one is
    /// answered HTTP 431 with an empty body and the connection is closed.
    pub max_header_bytes: usize,
    /// The most header fields one request may carry (HTTP 431 beyond).
    pub max_headers: usize,
    /// How long a client has to send a complete request head, counted from when the server
    /// starts waiting for it (so this also bounds an idle keep-alive connection); the
    /// connection is closed without an answer when it runs out.
    pub header_read_timeout: Duration,
    /// How long a client has to send the whole body once the head has arrived: HTTP 408
    /// `RequestTimeout` and the connection is closed when it runs out.
    pub body_read_timeout: Duration,
    /// How many connections are served at once. Excess connections are not refused: they
    /// wait, unaccepted, in the listen backlog until a served one closes.
    pub max_connections: usize,
}

/// [`Limits::max_body_bytes`] by default: 1 MiB.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1 << 20;

/// [`Limits::max_header_bytes`] by default: 16 KiB.
pub const DEFAULT_MAX_HEADER_BYTES: usize = 16 << 10;

/// [`Limits::max_headers`] by default.
pub const DEFAULT_MAX_HEADERS: usize = 100;

/// [`Limits::header_read_timeout`] by default.
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// [`Limits::body_read_timeout`] by default.
pub const DEFAULT_BODY_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// [`Limits::max_connections`] by default (below the usual 1024 open-file limit).
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_header_bytes: DEFAULT_MAX_HEADER_BYTES,
            max_headers: DEFAULT_MAX_HEADERS,
            header_read_timeout: DEFAULT_HEADER_READ_TIMEOUT,
            body_read_timeout: DEFAULT_BODY_READ_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

impl Limits {
    /// The limits with zero counts raised to one (a server that accepts nothing would hang
    /// its clients) and zero timeouts to one millisecond.
    pub(crate) fn sanitized(self) -> Limits {
        Limits {
            max_headers: self.max_headers.max(1),
            max_connections: self.max_connections.max(1),
            header_read_timeout: self.header_read_timeout.max(Duration::from_millis(1)),
            body_read_timeout: self.body_read_timeout.max(Duration::from_millis(1)),
            ..self
        }
    }
}
