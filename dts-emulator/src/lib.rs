//! A local Alibaba Cloud DTS server for tests and demos.
//!
//! The emulator answers every action of the spec (`dts_spec::bundled()` unless another is
//! given) over real HTTP/1.1: `POST /` or `GET /`, parameters in the query string or an
//! `application/x-www-form-urlencoded` body (merged; a name in both keeps the body's value).
//! It judges RPC signature V1 ([`auth::v1`]) and signature V3 (`ACS3-HMAC-SHA256`,
//! [`auth::v3`]) like Alibaba Cloud's gateway, keeps job state with DTS's documented rules,
//! keeps one store of instances and jobs that the actions modelled in the spec's
//! `emulator.json` read and change, and injects faults on demand. Answers are JSON, or XML
//! when the call says `Format=XML`. [`Limits`] bound what a hostile client can make it hold.
//! The crate's `README.md` lists the modelled actions, the admin endpoints and the evidence
//! behind each error code.
//!
//! ```
//! use dts_emulator::auth::v1;
//! use dts_emulator::{Emulator, JobStatus};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::builder()
//!     .credentials("my-id", "my-secret")
//!     .seed_json(r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234",
//!         "kind": "synchronization", "status": "NotStarted", "topology": "oneway",
//!         "region": "cn-hangzhou"}]}"#)
//!     .start()
//!     .await?;
//!
//! let now = humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string();
//! let mut params = vec![
//!     ("Action", "StartSynchronizationJob"),
//!     ("Version", "2020-01-01"),
//!     ("SynchronizationJobId", "dtsl3m1213ye7l1234"),
//!     ("AccessKeyId", "my-id"),
//!     ("SignatureMethod", "HMAC-SHA1"),
//!     ("SignatureVersion", "1.0"),
//!     ("SignatureNonce", "5f1b7a0e-0d8c-4d8e-9a57-3e1d2c3b4a59"),
//!     ("Timestamp", now.as_str()),
//! ];
//! let string_to_sign = v1::string_to_sign("POST", &v1::canonicalize(params.iter().copied()));
//! let signature = v1::sign("my-secret", &string_to_sign);
//! params.push(("Signature", &signature));
//! let query: Vec<String> = params
//!     .iter()
//!     .map(|(k, v)| format!("{}={}", v1::percent_encode(k), v1::percent_encode(v)))
//!     .collect();
//! let url = format!("{}/?{}", emulator.url(), query.join("&"));
//! let body = reqwest::Client::new().post(url).send().await?.text().await?;
//!
//! // `Success` is a String on this action's page, so it is answered as one.
//! assert!(body.contains(r#""Success":"true""#), "{body}");
//! assert_eq!(emulator.jobs()[0].status, JobStatus::Synchronizing);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! # Command line
//!
//! `dts-emulator [--listen 127.0.0.1:PORT] [--credentials ID:SECRET]... [--seed JOBS.json]
//! [--faults SPEC] [--phase-duration 1s] [--strict]`. `--phase-duration` is how long each
//! phase of a started job lasts (`0s`: at once); `--strict` refuses actions the emulator does
//! not model. `--listen` defaults to `127.0.0.1:0` (port 0 picks a free port). The
//! first line on stdout is `listening on http://HOST:PORT`; without `--credentials` the second
//! is `demo credentials: demo-access-key-id:demo-access-key-secret` ([`DEMO_ACCESS_KEY_ID`],
//! [`DEMO_ACCESS_KEY_SECRET`]). Ctrl-C or SIGTERM stop it cleanly (exit 0); a bad flag, seed
//! file or fault spec exits 2 with a message on stderr, an address that cannot be bound exits 1.
//!
//! # Gateway checks
//!
//! Checked in this order; each failure is an HTTP error with the body
//! `{"RequestId","HostId","Code","Message","Recommend"}`. A call whose `Authorization` header
//! starts with `ACS3-` is judged by signature V3, any other by V1:
//!
//! | Check | HTTP | `Code` | `Message` |
//! |---|---|---|---|
//! | more than 1024 query and form pairs (`MAX_PARAMS`) | 400 | `InvalidParameter` | `The request has more than 1024 parameters.` |
//! | V1: `Signature` absent | 400 | `IncompleteSignature` | `The request signature does not conform to Aliyun standards. …` |
//! | V1: `AccessKeyId`, `SignatureMethod`, `SignatureVersion`, `SignatureNonce` or `Timestamp` absent | 400 | `MissingParameter` | `The input parameter "<Name>" that is mandatory for processing this request is not supplied.` |
//! | V1: `SignatureMethod` not `HMAC-SHA1`, `SignatureVersion` not `1.0` | 400 | `IncompleteSignature` | as above, naming the value |
//! | V3: an algorithm other than `ACS3-HMAC-SHA256`, or `Credential`, `SignedHeaders` or `Signature` absent or empty | 400 | `IncompleteSignature` | as above, saying which |
//! | V3: `x-acs-date` or `x-acs-signature-nonce` header absent | 400 | `MissingParameter` | naming the header |
//! | V3: `host` or an `x-acs-*` header sent but not in `SignedHeaders` | 400 | `IncompleteSignature` | naming the header |
//! | `Timestamp` (V3: `x-acs-date`) not `YYYY-MM-DDThh:mm:ssZ` | 400 | `InvalidTimeStamp.Format` | `Specified time stamp or date value is not well formatted.` |
//! | `Timestamp` more than 15 minutes from the emulator's clock | 400 | `InvalidTimeStamp.Expired` | `Specified time stamp or date value is expired.` |
//! | unknown `AccessKeyId` (V3: `Credential`) | 404 | `InvalidAccessKeyId.NotFound` | `Specified access key is not found.` |
//! | wrong signature | 400 | `SignatureDoesNotMatch` | `Specified signature is not matched with our calculation. server string to sign is:<StringToSign>` |
//! | nonce (V3: `x-acs-signature-nonce`) seen in the last 30 minutes for this key | 400 | `SignatureNonceUsed` | `Specified signature nonce was used already.` |
//! | `Version` absent / not the spec's | 400 | `MissingParameter` / `InvalidVersion` | `Specified parameter Version is not valid.` |
//! | `Action` absent | 400 | `MissingParameter` | naming `Action` |
//! | unknown action, a method the action does not accept, a path other than `/` | 404 | `InvalidAction.NotFound` | `Specified api is not found, please check your url and method.` |
//! | a parameter the spec marks `required` absent or empty (not the documentation-only `doc_required` ones) | 400 | `MissingParameter` | naming the parameter |
//! | a value not of its type, not a documented valid value, out of range or too long; a list with too many items | 400 | `InvalidParameter` | `The specified parameter "<Name>" is not valid.` |
//! | `--strict` and an action `emulator.json` does not model | 501 | `Emulator.NotModelled` | naming the action |
//!
//! Signature V3 is computed as [`auth::v3`] describes, by the server, from the request as it
//! arrived: the query's pairs (decoded, then RFC 3986 re-encoded, sorted), the headers named
//! in `SignedHeaders` (the `host` header's value as the client sent it, whatever the real
//! address), and the SHA-256 of the body as received (so a signed `x-acs-content-sha256`
//! must match the body). `x-acs-action` and `x-acs-version` stand for `Action` and
//! `Version`; action parameters come from the query and a form body as for V1.
//!
//! Missing action parameters use the common `MissingParameter` code (the one the spec's
//! `common_errors` lists) rather than a per-parameter `Missing<Name>` code; the message names
//! the parameter. `SecurityToken` is accepted with any value (it is signed like any other
//! parameter). Every answer carries a fresh `RequestId` (`8-4-4-4-12` upper-case hex from a
//! seeded generator), also sent as the `x-acs-request-id` header.
//!
//! # Job state
//!
//! One store holds every instance with its job (kind `synchronization`, `migration` or
//! `subscribe`, status per direction, configuration, tags, region, the AccessKey that created
//! it). Jobs come from the seed ([`Seed`]) and from `CreateDtsInstance`/`ConfigureDtsJob`;
//! `GET /__emulator/jobs` returns them in the seed's shape. The DTS-job actions and the older
//! `Synchronization*`/`Migration*`/`Subscription*` actions are views of the same store, as
//! `emulator.json` declares: which parameter names the resource (`DtsJobId` a job id,
//! `DtsInstanceId`/`SynchronizationJobId` an instance id), the statuses a transition is
//! allowed from and where it leads, which response fields come from the store. A `RegionId`
//! other than the job's, or a caller other than its creator, makes the job unknown.
//!
//! A started job runs through its kind's phases (`Prechecking` -> `Initializing` ->
//! `Synchronizing` for synchronization) on the emulator's clock; [`Timing`] sets the length
//! of a phase (instant by default in the library, one second in the binary), and
//! [`RunningEmulator::advance`] or `POST /__emulator/clock?advance=5s` steps the clock.
//! [`RunningEmulator::fail_next`] or `POST /__emulator/fail?job=ID&phase=Prechecking` makes a
//! phase of the next run fail (`PrecheckFailed`, `InitializeFailed`...).
//!
//! Refusals are DTS-style: HTTP 200 with `Success` false plus `ErrCode`, `ErrMessage` (`%s`
//! stands for `DynamicMessage`) and `DynamicMessage`, and `HttpStatusCode` where the action
//! documents it; every code is one Alibaba documents (see the README):
//!
//! | Case | `ErrCode` | `DynamicMessage` |
//! |---|---|---|
//! | unknown job (or wrong kind, region or caller), `DtsInstanceId` not the job's | `InvalidParameter` | the parameter |
//! | an unknown job in `DescribeDtsJobDetail`, `DescribeSynchronizationJobStatus`, `DeleteSynchronizationJob`, `DescribeMigrationJobStatus` or `DeleteMigrationJob` | `InvalidJobId` | the id |
//! | `Reverse` on a one-way job | `InvalidParameter` | `SynchronizationDirection` |
//! | a transition from `NotConfigured` | `CheckStatus.InvalidInitStatus` | the status |
//! | a transition from any other status it is not allowed from | `OperationDenied.JobStatusModifying` | the status |
//!
//! Field types follow each action's page: `Success` is the string `"true"`/`"false"` where the
//! spec types it String and a boolean where it is Boolean; `HttpStatusCode` is a number. An
//! action `emulator.json` does not model answers [`default_response`] with the header
//! [`UNMODELLED_HEADER`] naming it (and one line on stderr), so a new spec entry is served
//! with no code change.
//!
//! # Limits
//!
//! Set with [`EmulatorBuilder::limits`]; the defaults suit tests and demos:
//!
//! | [`Limits`] field | Default | Beyond it |
//! |---|---|---|
//! | `max_body_bytes` | 1 MiB | HTTP 413 `RequestEntityTooLarge` (gateway-shaped body, by `Content-Length` before reading or as the body arrives), connection closed |
//! | `max_header_bytes` | 16 KiB | HTTP 431 with an empty body (answered by the HTTP layer), connection closed |
//! | `max_headers` | 100 | HTTP 431, as above |
//! | `header_read_timeout` | 30 s | connection closed without an answer; also bounds an idle keep-alive connection |
//! | `body_read_timeout` | 30 s | HTTP 408 `RequestTimeout`, connection closed |
//! | `max_connections` | 512 | further connections wait, unaccepted, in the listen backlog until one closes (they are not refused) |
//!
//! A client that shuts down its sending side after a complete request still gets the answer.
//! Parameters are parsed by `params::parse_params`, a pure function of the raw query and
//! form body that never panics (property-tested on random bytes).
//!
//! `examples/load.rs` measures throughput: `cargo run --release -p dts-emulator --example load
//! -- --requests 20000 --concurrency 16 [--signature v3] [--url URL --credentials ID:SECRET]`.
//!
//! # Faults
//!
//! See [`FaultSpec`]: `throttle=0.2,unavailable=0.1,latency=50ms,drop=0.05,seed=42`. These
//! faults are decided when a call arrives, before anything else, so such a call changes
//! nothing (not even the nonce memory). Throttling answers HTTP 400 `Throttling.User`,
//! unavailability HTTP 503 `ServiceUnavailable`, a drop closes the connection without an
//! answer. `drop_after` and `fail_after` run the call first, then drop the connection or
//! answer HTTP 500 `InternalError`: the client cannot know the action happened.

#![deny(missing_docs)]

mod admin;
pub mod auth;
pub mod clock;
mod context;
mod emulator;
mod error;
pub mod faults;
mod limits;
mod machine;
#[doc(hidden)]
pub mod params;
mod reject;
mod reply;
mod response;
mod rules;
pub mod seed;
mod server;
mod service;
mod state;
mod stats;
mod tags;
mod validate;
mod view;
mod xml;

pub use clock::{Clock, ManualClock, SystemClock};
pub use emulator::{
    Emulator, EmulatorBuilder, RunningEmulator, DEFAULT_NONCE_CAPACITY, DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
};
pub use error::Error;
pub use faults::{FaultSpec, FaultSpecError};
pub use limits::{
    Limits, DEFAULT_BODY_READ_TIMEOUT, DEFAULT_HEADER_READ_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEADERS, DEFAULT_MAX_HEADER_BYTES,
};
pub use machine::Timing;
pub use reply::UNMODELLED_HEADER;
pub use response::default_response;
pub use seed::{Instance, Job, JobKind, JobStatus, Seed, SeedError, Topology};
pub use stats::{FaultCounts, Stats};
