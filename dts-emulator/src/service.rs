//! One API call from parameters to answer: authentication, version and action lookup, required
//! parameters and their values, then the action as the spec's `emulator.json` models it, or
//! its spec-built sample response when it is not modelled.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use dts_spec::emulator::{Behaviour, EmulatorSpec};
use dts_spec::{Action, HttpMethod, Spec, Type};
use serde_json::{Map, Value};

use crate::auth::{Authenticator, SignedRequest};
use crate::clock::Clock;
use crate::context::{Ctx, Denial};
use crate::faults::FaultInjector;
use crate::machine::{Machines, Timing};
use crate::params::ParsedParams;
use crate::reject::Rejection;
use crate::response::{field_type, success_template, typed_value};
use crate::seed::Job;
use crate::state::JobStore;
use crate::stats::Counters;
use crate::validate;

/// What the emulator knows about one action, computed once at start.
struct ActionEntry {
    name: String,
    methods: Vec<HttpMethod>,
    required: Vec<String>,
    rules: Vec<validate::Rule>,
    behaviour: Option<Behaviour>,
    success: Map<String, Value>,
    success_type: Type,
    status_code_type: Option<Type>,
}

impl ActionEntry {
    fn new(action: &Action, behaviour: Option<&Behaviour>) -> ActionEntry {
        let relaxed =
            |name: &str| behaviour.is_some_and(|b| b.not_enforced.iter().any(|n| n == name));
        ActionEntry {
            name: action.name.clone(),
            methods: action.methods.clone(),
            required: action
                .request
                .iter()
                .filter(|p| p.required && !relaxed(&p.name))
                .map(|p| p.name.clone())
                .collect(),
            rules: validate::rules(action),
            behaviour: behaviour.cloned(),
            success: success_template(action),
            success_type: field_type(action, "Success").unwrap_or(Type::Boolean),
            status_code_type: field_type(action, "HttpStatusCode"),
        }
    }
}

/// An API call as the server received it.
pub(crate) struct ApiCall<'a> {
    pub(crate) method: HttpMethod,
    pub(crate) params: &'a ParsedParams,
    pub(crate) authorization: Option<&'a str>,
    pub(crate) headers: &'a [(&'a str, &'a [u8])],
    pub(crate) body: &'a [u8],
}

/// An answer: HTTP status and JSON body.
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) request_id: String,
    pub(crate) body: Value,
    /// The action, when it answered its spec sample because the emulator does not model it.
    pub(crate) unmodelled: Option<String>,
    /// The XML root element when the call asked for `Format=XML`.
    pub(crate) xml_root: Option<String>,
}

/// How the emulator models actions and moves jobs through their statuses.
pub(crate) struct Model {
    pub(crate) spec: EmulatorSpec,
    pub(crate) machines: Machines,
    pub(crate) timing: Timing,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) strict: bool,
}

/// Everything shared by the connections of one emulator.
pub(crate) struct App {
    actions: HashMap<String, ActionEntry>,
    version: String,
    auth: Authenticator,
    store: Mutex<JobStore>,
    model: Model,
    skew: Mutex<Duration>,
    warned: Mutex<std::collections::HashSet<String>>,
    pub(crate) faults: FaultInjector,
    ids: Mutex<fastrand::Rng>,
    pub(crate) counters: Counters,
}

impl App {
    pub(crate) fn new(
        spec: &Spec,
        auth: Authenticator,
        store: JobStore,
        model: Model,
        faults: FaultInjector,
        id_seed: u64,
    ) -> App {
        App {
            actions: spec
                .actions
                .iter()
                .map(|a| {
                    let entry = ActionEntry::new(a, model.spec.actions.get(&a.name));
                    (a.name.clone(), entry)
                })
                .collect(),
            version: spec.service.version.clone(),
            auth,
            store: Mutex::new(store),
            model,
            skew: Mutex::new(Duration::ZERO),
            warned: Mutex::new(std::collections::HashSet::new()),
            faults,
            ids: Mutex::new(fastrand::Rng::with_seed(id_seed)),
            counters: Counters::default(),
        }
    }

    /// A fresh request id, `8-4-4-4-12` upper-case hex from the seeded generator.
    pub(crate) fn request_id(&self) -> String {
        let (a, b) = {
            let mut rng = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
            (rng.u64(..), rng.u64(..))
        };
        format!(
            "{:08X}-{:04X}-{:04X}-{:04X}-{:012X}",
            a >> 32,
            (a >> 16) & 0xFFFF,
            a & 0xFFFF,
            b >> 48,
            b & 0xFFFF_FFFF_FFFF
        )
    }

    pub(crate) fn jobs(&self) -> Vec<Job> {
        let now = self.now();
        let mut store = self.store();
        store.advance(now);
        store.jobs().to_vec()
    }

    /// The time job statuses move by: the clock plus whatever it was advanced by.
    pub(crate) fn now(&self) -> SystemTime {
        self.model.clock.now() + *self.skew.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves the job clock forward (the request-timestamp clock is not moved).
    pub(crate) fn advance(&self, by: Duration) {
        *self.skew.lock().unwrap_or_else(PoisonError::into_inner) += by;
    }

    /// Makes `phase` of the job's next run fail; false when there is no such job.
    pub(crate) fn fail_next(&self, job_id: &str, phase: crate::seed::JobStatus) -> bool {
        let mut store = self.store();
        let index = store
            .find_job(job_id)
            .or_else(|| store.find_instance(job_id));
        match index {
            Some(i) => {
                store.get_mut(i).fail_phase = Some(phase);
                true
            }
            None => false,
        }
    }

    /// The names of the actions the emulator models, sorted.
    pub(crate) fn modelled(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .actions
            .values()
            .filter(|e| e.behaviour.is_some())
            .map(|e| e.name.clone())
            .collect();
        names.sort();
        names
    }

    fn store(&self) -> MutexGuard<'_, JobStore> {
        self.store.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The gateway's error answer (counted as rejected unless it is an injected fault).
    pub(crate) fn reject(&self, rejection: &Rejection, host: &str) -> Reply {
        let request_id = self.request_id();
        Reply {
            status: rejection.status,
            body: rejection.body(&request_id, host),
            request_id,
            unmodelled: None,
            xml_root: None,
        }
    }

    /// Answers one authenticated-or-not API call.
    pub(crate) fn call(&self, call: &ApiCall<'_>, host: &str) -> Reply {
        let mut reply = match self.dispatch(call) {
            Ok(reply) => reply,
            Err(rejection) => {
                Counters::bump(&self.counters.rejected);
                self.reject(&rejection, host)
            }
        };
        if call
            .params
            .get("Format")
            .is_some_and(|f| f.eq_ignore_ascii_case("XML"))
        {
            let action = call.params.get("Action").unwrap_or("");
            reply.xml_root = Some(match reply.status {
                200 => format!("{action}Response"),
                _ => "Error".to_owned(),
            });
        }
        reply
    }

    fn caller<'a>(call: &'a ApiCall<'_>) -> &'a str {
        match call
            .authorization
            .and_then(|a| a.split("Credential=").nth(1))
        {
            Some(rest) => rest.split([',', ' ']).next().unwrap_or(""),
            None => call.params.get("AccessKeyId").unwrap_or(""),
        }
    }

    fn log_unmodelled(&self, name: &str) {
        let first = self
            .warned
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name.to_owned());
        if first {
            eprintln!("dts-emulator: {name} is not modelled; answering its documented sample");
        }
    }

    fn dispatch(&self, call: &ApiCall<'_>) -> Result<Reply, Rejection> {
        self.auth.authenticate(&SignedRequest {
            method: call.method.as_str(),
            params: call.params,
            authorization: call.authorization,
            headers: call.headers,
            body: call.body,
        })?;
        let param = |name: &str| call.params.get(name);
        match param("Version").filter(|v| !v.is_empty()) {
            None => return Err(Rejection::missing_parameter("Version")),
            Some(v) if v != self.version => return Err(Rejection::invalid_version()),
            Some(_) => {}
        }
        let name = param("Action")
            .filter(|a| !a.is_empty())
            .ok_or_else(|| Rejection::missing_parameter("Action"))?;
        let entry = self
            .actions
            .get(name)
            .filter(|e| e.methods.contains(&call.method))
            .ok_or_else(Rejection::action_not_found)?;
        if let Some(missing) = entry.required.iter().find(|p| !call.params.is_given(p)) {
            return Err(Rejection::missing_parameter(missing));
        }
        validate::check(&entry.rules, &call.params.params)?;
        if entry.behaviour.is_none() {
            if self.model.strict {
                return Err(Rejection::not_modelled(name));
            }
            self.log_unmodelled(name);
        }
        let request_id = self.request_id();
        let mut body = entry.success.clone();
        let outcome = match &entry.behaviour {
            Some(b) => {
                let cx = Ctx {
                    spec: &self.model.spec,
                    machines: &self.model.machines,
                    timing: self.model.timing,
                    now: self.now(),
                    account: Self::caller(call),
                };
                crate::rules::apply(&cx, b, &call.params.params, &mut self.store(), &mut body)
            }
            None => Ok(()),
        };
        let body = match outcome {
            Ok(()) => {
                Counters::bump(&self.counters.applied);
                body.insert("RequestId".to_owned(), Value::String(request_id.clone()));
                body
            }
            Err(denial) => {
                Counters::bump(&self.counters.denied);
                failure_body(entry, &denial, &request_id)
            }
        };
        Ok(Reply {
            status: 200,
            request_id,
            body: Value::Object(body),
            unmodelled: entry.behaviour.is_none().then(|| entry.name.clone()),
            xml_root: None,
        })
    }
}

/// DTS's in-body failure: HTTP 200, `Success` false (typed as the action documents it),
/// `ErrCode`, `ErrMessage` and `DynamicMessage`.
fn failure_body(entry: &ActionEntry, denial: &Denial, request_id: &str) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("RequestId".to_owned(), Value::String(request_id.to_owned()));
    if let Some(ty) = entry.status_code_type {
        body.insert(
            "HttpStatusCode".to_owned(),
            typed_value(ty, &denial.status.to_string()),
        );
    }
    body.insert(
        "Success".to_owned(),
        typed_value(entry.success_type, "false"),
    );
    for (name, value) in [
        ("ErrCode", denial.code.as_str()),
        ("ErrMessage", denial.message.as_str()),
        ("DynamicMessage", denial.dynamic.as_str()),
    ] {
        body.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    body
}
