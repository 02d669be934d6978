//! What a rule of the stateful model works with: its context and the refusal it can answer.

use std::time::SystemTime;

use dts_spec::emulator::{Behaviour, Dynamic, EmulatorSpec};

use crate::machine::{Machines, Timing};
use crate::params::Params;
use crate::seed::Job;

/// Why an action was refused: DTS answers these with HTTP 200 and `Success` false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Denial {
    /// `ErrCode`.
    pub(crate) code: String,
    /// `ErrMessage`; `%s` stands for `dynamic`.
    pub(crate) message: String,
    /// `DynamicMessage`.
    pub(crate) dynamic: String,
    /// `HttpStatusCode` in the body, for actions that document it.
    pub(crate) status: u16,
}

/// Everything a rule needs besides the store.
pub(crate) struct Ctx<'a> {
    pub(crate) spec: &'a EmulatorSpec,
    pub(crate) machines: &'a Machines,
    pub(crate) timing: Timing,
    pub(crate) now: SystemTime,
    /// The caller's AccessKey id.
    pub(crate) account: &'a str,
}

impl Ctx<'_> {
    pub(crate) fn error(&self, b: &Behaviour, situation: &str, param: &str, value: &str) -> Denial {
        let found = b
            .error_for(self.spec, situation)
            .and_then(|name| self.spec.errors.get(name));
        match found {
            Some(e) => Denial {
                code: e.code.clone(),
                dynamic: match (e.dynamic, value.is_empty(), param.is_empty()) {
                    (Dynamic::Value, false, _) | (Dynamic::Param, _, true) => value.to_owned(),
                    _ => param.to_owned(),
                },
                message: e.message.clone(),
                status: e.http_status,
            },
            None => Denial {
                code: "InvalidParameter".to_owned(),
                message: "The Value of Input Parameter %s is not valid.".to_owned(),
                dynamic: param.to_owned(),
                status: 400,
            },
        }
    }

    pub(crate) fn visible(&self, job: &Job, params: &Params) -> bool {
        let region = params
            .get("RegionId")
            .filter(|r| !r.is_empty())
            .map(String::as_str);
        region.is_none_or(|r| r == job.region)
            && job.account.as_deref().is_none_or(|a| a == self.account)
    }
}
