//! Starting and stopping an emulator: [`Emulator::builder`] and [`RunningEmulator`].

use std::collections::HashMap;
use std::fmt;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

use dts_spec::Spec;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::auth::Authenticator;
use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::faults::{FaultInjector, FaultSpec};
use crate::limits::Limits;
use crate::machine::{Machines, Timing};
use crate::seed::{Job, JobStatus, Seed, SeedError};
use crate::server;
use crate::service::{App, Model};
use crate::state::JobStore;
use crate::stats::Stats;

/// The AccessKey id accepted when no credentials are configured.
pub const DEMO_ACCESS_KEY_ID: &str = "demo-access-key-id";

/// The AccessKey secret of [`DEMO_ACCESS_KEY_ID`].
pub const DEMO_ACCESS_KEY_SECRET: &str = "demo-access-key-secret";

/// How many nonces are remembered by default (about 40 MB at most).
pub const DEFAULT_NONCE_CAPACITY: usize = 1 << 20;

/// Entry point: `Emulator::builder()...start().await`.
#[derive(Debug, Clone, Copy)]
pub struct Emulator;

impl Emulator {
    /// A builder listening on `127.0.0.1:0`, with the demo key pair, no jobs and no faults.
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            credentials: Vec::new(),
            tokens: Vec::new(),
            seed: Ok(Seed::default()),
            faults: FaultSpec::none(),
            clock: Arc::new(SystemClock),
            spec: None,
            nonce_capacity: DEFAULT_NONCE_CAPACITY,
            limits: Limits::default(),
            timing: Timing::default(),
            strict: false,
            model: None,
        }
    }
}

/// Configures an emulator before it starts.
pub struct EmulatorBuilder {
    listen: SocketAddr,
    credentials: Vec<(String, String)>,
    tokens: Vec<(String, String, String, Option<std::time::SystemTime>)>,
    seed: Result<Seed, SeedError>,
    faults: FaultSpec,
    clock: Arc<dyn Clock>,
    spec: Option<Spec>,
    nonce_capacity: usize,
    limits: Limits,
    timing: Timing,
    strict: bool,
    model: Option<dts_spec::emulator::EmulatorSpec>,
}

impl fmt::Debug for EmulatorBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ids: Vec<&str> = self.credentials.iter().map(|(id, _)| id.as_str()).collect();
        f.debug_struct("EmulatorBuilder")
            .field("listen", &self.listen)
            .field("access_key_ids", &ids)
            .field("seed", &self.seed)
            .field("faults", &self.faults)
            .field("limits", &self.limits)
            .field("timing", &self.timing)
            .field("strict", &self.strict)
            .finish_non_exhaustive()
    }
}

impl EmulatorBuilder {
    /// The address to listen on; port 0 picks a free port.
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// Accepts calls signed with this key pair (call again for more pairs). Once any pair is
    /// given, the demo pair is no longer accepted.
    pub fn credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.credentials.push((access_key_id.into(), secret.into()));
        self
    }

    /// Accepts calls signed with this temporary key pair that carry exactly `token` as their
    /// security token, until `expires` (by the emulator's clock) if given; other tokens get
    /// `InvalidSecurityToken.Mismatch`, none `MissingSecurityToken`, late ones
    /// `InvalidSecurityToken.Expired`. Like [`credentials`](Self::credentials), it replaces
    /// the demo pair.
    pub fn credentials_with_token(
        mut self,
        access_key_id: impl Into<String>,
        secret: impl Into<String>,
        token: impl Into<String>,
        expires: Option<std::time::SystemTime>,
    ) -> Self {
        self.tokens
            .push((access_key_id.into(), secret.into(), token.into(), expires));
        self
    }

    /// The jobs to start with.
    pub fn seed(mut self, seed: Seed) -> Self {
        self.seed = Ok(seed);
        self
    }

    /// The jobs to start with, as seed-file JSON; a parse error surfaces from [`start`].
    ///
    /// [`start`]: EmulatorBuilder::start
    pub fn seed_json(mut self, json: &str) -> Self {
        self.seed = Seed::from_json(json);
        self
    }

    /// The faults to inject.
    pub fn faults(mut self, faults: FaultSpec) -> Self {
        self.faults = faults;
        self
    }

    /// How long each phase of a started job lasts ([`Timing::instant`] unless set).
    pub fn timing(mut self, timing: Timing) -> Self {
        self.timing = timing;
        self
    }

    /// Refuses actions the emulator does not model (HTTP 501 `Emulator.NotModelled`)
    /// instead of answering their documented sample.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// The emulator declarations (`emulator.json`) to use instead of the bundled ones.
    pub fn model(mut self, model: dts_spec::emulator::EmulatorSpec) -> Self {
        self.model = Some(model);
        self
    }

    /// The clock request timestamps are judged against and job statuses move by.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// The spec to serve instead of the bundled one; its actions answer their samples unless
    /// [`model`](EmulatorBuilder::model) declares how to run them.
    pub fn spec(mut self, spec: Spec) -> Self {
        self.spec = Some(spec);
        self
    }

    /// How many signature nonces to remember at most (the oldest are forgotten first).
    pub fn nonce_capacity(mut self, capacity: usize) -> Self {
        self.nonce_capacity = capacity;
        self
    }

    /// The limits on body and header sizes, read timeouts and concurrent connections
    /// (see [`Limits`]; zero counts are taken as one).
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Binds the socket and starts serving on the current tokio runtime.
    pub async fn start(self) -> Result<RunningEmulator, Error> {
        let custom_spec = self.spec.is_some();
        let seed = self.seed?;
        seed.validate()?;
        self.faults.validate()?;
        let spec = match self.spec {
            Some(spec) => spec,
            None => dts_spec::bundled()
                .map_err(|d| Error::Spec(join(d)))?
                .clone(),
        };
        let model = match self.model {
            Some(model) => {
                let problems = dts_spec::emulator::check(&model, &spec);
                if !problems.is_empty() {
                    return Err(Error::Spec(join(&problems)));
                }
                model
            }
            // The bundled declarations are checked against the bundled spec by the test
            // suite. Another spec is another catalog: none of its actions is modelled unless
            // declarations for it are given (`model`), so each answers its sample.
            None => {
                let mut model = dts_spec::emulator::bundled()
                    .map_err(|d| Error::Spec(join(d)))?
                    .clone();
                if custom_spec {
                    model.actions.clear();
                }
                model
            }
        };
        let machines = Machines::new(&model).map_err(Error::Spec)?;
        let mut keys: HashMap<String, String> = self.credentials.into_iter().collect();
        if keys.is_empty() && self.tokens.is_empty() {
            keys.insert(
                DEMO_ACCESS_KEY_ID.to_owned(),
                DEMO_ACCESS_KEY_SECRET.to_owned(),
            );
        }
        let bind_error = |source| Error::Bind {
            addr: self.listen,
            source,
        };
        let listener = TcpListener::bind(self.listen).await.map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let id_seed = self.faults.seed ^ 0x9E37_79B9_7F4A_7C15;
        let app = Arc::new(App::new(
            &spec,
            Authenticator::new(keys, self.clock.clone(), self.nonce_capacity)
                .with_security_tokens(self.tokens),
            JobStore::new(seed, id_seed.rotate_left(17)),
            Model {
                spec: model,
                machines,
                timing: self.timing,
                clock: self.clock,
                strict: self.strict,
            },
            FaultInjector::new(self.faults),
            id_seed,
        ));
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::serve(
            listener,
            app.clone(),
            self.limits.sanitized(),
            stopped,
        ));
        Ok(RunningEmulator {
            addr,
            app,
            stop,
            task: Some(task),
        })
    }
}

/// A started emulator; it stops on [`shutdown`](RunningEmulator::shutdown) or when dropped.
pub struct RunningEmulator {
    addr: SocketAddr,
    app: Arc<App>,
    stop: watch::Sender<bool>,
    task: Option<JoinHandle<()>>,
}

impl fmt::Debug for RunningEmulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunningEmulator")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

impl RunningEmulator {
    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The current jobs, in seed order (deleted jobs are gone).
    pub fn jobs(&self) -> Vec<Job> {
        self.app.jobs()
    }

    /// Moves the job clock forward by `by`: scheduled status changes that fall due happen.
    /// Request timestamps are still judged against the clock itself.
    pub fn advance(&self, by: std::time::Duration) {
        self.app.advance(by);
    }

    /// Makes `phase` (`Prechecking`, `Initializing`...) of the next run of the job fail; the
    /// job is named by job id or instance id. False when there is no such job.
    pub fn fail_next(&self, job: &str, phase: JobStatus) -> bool {
        self.app.fail_next(job, phase)
    }

    /// The actions this emulator models, sorted; every other action answers its sample.
    pub fn modelled_actions(&self) -> Vec<String> {
        self.app.modelled()
    }

    /// The counters since start.
    pub fn stats(&self) -> Stats {
        self.app.counters.snapshot()
    }

    /// Stops accepting connections, lets calls in progress finish (up to 5 seconds) and
    /// waits for the server to stop.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

fn join(diags: &[dts_spec::Diagnostic]) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}
