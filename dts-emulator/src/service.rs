//! One API call from parameters to answer: authentication, version and action lookup, required
//! parameters, then the action's state rule or its spec-built default response.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use dts_spec::{Action, HttpMethod, Spec, Type};
use serde_json::{Map, Value};

use crate::auth::{Authenticator, SignedRequest};
use crate::faults::FaultInjector;
use crate::params::ParsedParams;
use crate::reject::Rejection;
use crate::response::{field_type, success_template, typed_value};
use crate::rules::{Denial, Rule};
use crate::seed::Job;
use crate::state::JobStore;
use crate::stats::Counters;

/// What the emulator knows about one action, computed once at start.
struct ActionEntry {
    methods: Vec<HttpMethod>,
    required: Vec<String>,
    rule: Option<Rule>,
    success: Map<String, Value>,
    success_type: Type,
    status_code_type: Option<Type>,
}

impl ActionEntry {
    fn new(action: &Action) -> ActionEntry {
        ActionEntry {
            methods: action.methods.clone(),
            required: action
                .request
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.clone())
                .collect(),
            rule: Rule::for_action(&action.name),
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
}

/// Everything shared by the connections of one emulator.
pub(crate) struct App {
    actions: HashMap<String, ActionEntry>,
    version: String,
    auth: Authenticator,
    store: Mutex<JobStore>,
    pub(crate) faults: FaultInjector,
    ids: Mutex<fastrand::Rng>,
    pub(crate) counters: Counters,
}

impl App {
    pub(crate) fn new(
        spec: &Spec,
        auth: Authenticator,
        store: JobStore,
        faults: FaultInjector,
        id_seed: u64,
    ) -> App {
        App {
            actions: spec
                .actions
                .iter()
                .map(|a| (a.name.clone(), ActionEntry::new(a)))
                .collect(),
            version: spec.service.version.clone(),
            auth,
            store: Mutex::new(store),
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
        self.store().jobs().to_vec()
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
        }
    }

    /// Answers one authenticated-or-not API call.
    pub(crate) fn call(&self, call: &ApiCall<'_>, host: &str) -> Reply {
        match self.dispatch(call) {
            Ok(reply) => reply,
            Err(rejection) => {
                Counters::bump(&self.counters.rejected);
                self.reject(&rejection, host)
            }
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
        let request_id = self.request_id();
        let outcome = match entry.rule {
            Some(rule) => rule.apply(&call.params.params, &mut self.store()),
            None => Ok(()),
        };
        let body = match outcome {
            Ok(()) => {
                Counters::bump(&self.counters.applied);
                let mut body = entry.success.clone();
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
        ("ErrCode", denial.code),
        ("ErrMessage", denial.message),
        ("DynamicMessage", denial.dynamic.as_str()),
    ] {
        body.insert(name.to_owned(), Value::String(value.to_owned()));
    }
    body
}
