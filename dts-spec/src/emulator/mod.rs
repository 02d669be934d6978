//! What the emulator models, declared as data: `emulator.json` beside `service.json`.
//!
//! The file says, per job kind, the statuses a job passes through (its status machine), the
//! documented errors the emulator answers with, and per action which resource it names, the
//! transition it requests and which response fields come from the emulator's store. It is
//! kept apart from the action files so the catalog and the emulator's behaviour can change
//! independently; [`check`] validates it against the spec it describes.
//!
//! ```
//! let spec = dts_spec::bundled().unwrap();
//! let emulator = dts_spec::emulator::bundled().unwrap();
//! assert!(dts_spec::emulator::check(emulator, spec).is_empty());
//! assert!(emulator.actions.contains_key("StartDtsJob"));
//! ```

mod validate;

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, Diagnostics, Pointer};

pub use validate::check;

/// The file name of the emulator's declarations inside a spec directory.
pub const EMULATOR_FILE: &str = "emulator.json";

/// The store attributes a response field can be filled from (`response` and `item` values).
pub const ATTRIBUTES: &[&str] = &[
    "job_id",
    "instance_id",
    "name",
    "status",
    "job_type",
    "region",
    "create_time",
    "pay_type",
    "instance_class",
    "db_list",
    "reserve",
    "checkpoint",
    "delay",
    "structure_initialization",
    "data_initialization",
    "data_synchronization",
    "source.engine",
    "source.instance_type",
    "source.instance_id",
    "source.region",
    "source.ip",
    "source.port",
    "source.database",
    "source.user",
    "destination.engine",
    "destination.instance_type",
    "destination.instance_id",
    "destination.region",
    "destination.ip",
    "destination.port",
    "destination.database",
    "destination.user",
    "tags",
    "reverse.status",
    "reverse.job_id",
    "total",
    "page_number",
    "page_size",
    "page_count",
    "next_token",
    "tag.resource_id",
    "tag.resource_type",
    "tag.key",
    "tag.value",
];

/// Where a status machine's transition can lead, besides a concrete status.
pub const ROLES: &[&str] = &["run", "suspended", "stopped", "initial", "configured"];

/// The situations an action can be refused in; `errors` of an action maps them to entries
/// of [`EmulatorSpec::errors`].
pub const SITUATIONS: &[&str] = &["not_found", "wrong_status", "not_configured", "direction"];

/// `emulator.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmulatorSpec {
    /// The status machine of each job kind (`synchronization`, `migration`, `subscribe`).
    pub kinds: BTreeMap<String, Machine>,
    /// Named errors the actions refer to.
    pub errors: BTreeMap<String, EmulatedError>,
    /// Default situation-to-error mapping for every action.
    #[serde(default)]
    pub default_errors: BTreeMap<String, String>,
    /// The modelled actions, by name.
    pub actions: BTreeMap<String, Behaviour>,
}

/// The statuses one kind of job goes through.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Machine {
    /// The `JobType`/`Type` value naming the kind (`SYNC`, `MIGRATION`, `SUBSCRIBE`).
    pub job_type: String,
    /// Every status the documentation lists for the kind.
    pub documented: Vec<String>,
    /// Status of a created, unconfigured job.
    pub initial: String,
    /// Status once configured.
    pub configured: String,
    /// The phases a started job passes through, in order; the last is where it stays.
    pub run: Vec<String>,
    /// The status a failing phase ends in, by phase.
    #[serde(default)]
    pub failures: BTreeMap<String, String>,
    /// Status of a suspended job.
    pub suspended: String,
    /// Status of a stopped job.
    pub stopped: String,
}

/// A documented error the emulator answers with, in the body (HTTP 200, `Success` false).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmulatedError {
    /// `ErrCode`.
    pub code: String,
    /// `HttpStatusCode` in the body, where the action documents that field.
    pub http_status: u16,
    /// `ErrMessage`; `%s` stands for `DynamicMessage`.
    pub message: String,
    /// The action whose documentation lists the code, when it is not documented for every
    /// action using it (checked: that action must document it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub documented_by: Option<String>,
    /// What `DynamicMessage` carries.
    #[serde(default, skip_serializing_if = "is_param")]
    pub dynamic: Dynamic,
}

/// What an error's `DynamicMessage` (the `%s` of its message) carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dynamic {
    /// The name of the parameter at fault (`DtsJobId`).
    #[default]
    Param,
    /// The value at fault: the unknown id, or the job's status.
    Value,
}

fn is_param(d: &Dynamic) -> bool {
    *d == Dynamic::Param
}

/// How the emulator runs one action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Behaviour {
    /// What the action does to the store.
    pub op: Op,
    /// The parameters naming the resource, tried in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub find: Vec<IdParam>,
    /// Only jobs of this kind are found (the older per-kind APIs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Statuses the transition is allowed from (empty: any).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<String>,
    /// Where the transition leads: a status or one of [`ROLES`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Parameters the spec marks required that the service does not enforce.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_enforced: Vec<String>,
    /// Response field (dotted path) to store attribute.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub response: BTreeMap<String, String>,
    /// For lists: the array field (dotted path) the items go into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub list: Option<String>,
    /// For lists: item field (dotted path) to store attribute.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub item: BTreeMap<String, String>,
    /// Situation to error name, over [`EmulatorSpec::default_errors`].
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub errors: BTreeMap<String, String>,
}

/// A parameter naming a resource.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdParam {
    /// The request parameter (`DtsJobId`; a list parameter names each of its items).
    pub param: String,
    /// What it names.
    pub names: IdKind,
}

/// Which id a parameter carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// The job id (`DtsJobId`).
    Job,
    /// The instance id (`DtsInstanceId`, `SynchronizationJobId`).
    Instance,
}

/// What an action does to the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Creates an instance with its job (`CreateDtsInstance`).
    Create,
    /// Stores a job's configuration and makes it startable.
    Configure,
    /// Describes one job.
    Describe,
    /// Lists jobs with filters and paging.
    List,
    /// Moves a job's status (`to`), from the statuses in `from`.
    Transition,
    /// Releases a job's configuration.
    Reset,
    /// Deletes a job (or its reverse direction).
    Delete,
    /// Renames a job (`DtsJobName`).
    Rename,
    /// Adds tags to instances.
    Tag,
    /// Removes tags from instances.
    Untag,
    /// Lists tags, paged with `NextToken`.
    ListTags,
}

impl Behaviour {
    /// The error name for `situation`, this action's own or the default.
    pub fn error_for<'a>(&'a self, spec: &'a EmulatorSpec, situation: &str) -> Option<&'a str> {
        self.errors
            .get(situation)
            .or_else(|| spec.default_errors.get(situation))
            .map(String::as_str)
    }
}

/// Parses `emulator.json`'s text; a shape error is a located diagnostic.
pub fn parse(contents: &str) -> Result<EmulatorSpec, Vec<Diagnostic>> {
    let mut de = serde_json::Deserializer::from_str(contents);
    match serde_path_to_error::deserialize::<_, EmulatorSpec>(&mut de) {
        Ok(spec) => Ok(spec),
        Err(err) => {
            let mut pointer = Pointer::root();
            for segment in err.path().iter() {
                use serde_path_to_error::Segment;
                pointer = match segment {
                    Segment::Seq { index } => pointer.join(index),
                    Segment::Map { key } => pointer.join(key),
                    Segment::Enum { variant } => pointer.join(variant),
                    Segment::Unknown => pointer,
                };
            }
            let message = err.into_inner().to_string();
            let message = match message.rfind(" at line ") {
                Some(i) => message[..i].to_owned(),
                None => message,
            };
            let mut diags = Diagnostics::new();
            diags.error(EMULATOR_FILE, &pointer, message);
            Err(diags.into_vec())
        }
    }
}

/// Reads `emulator.json` from a spec directory: `Ok(None)` when the directory has none.
pub fn load_dir(dir: &std::path::Path) -> Result<Option<EmulatorSpec>, Vec<Diagnostic>> {
    match std::fs::read_to_string(dir.join(EMULATOR_FILE)) {
        Ok(text) => parse(&text).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(vec![Diagnostic::error(
            EMULATOR_FILE,
            "",
            format!("cannot read file: {e}"),
        )]),
    }
}

const BUNDLED: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/specs/emulator.json"));

/// The bundled `emulator.json`, parsed once.
pub fn bundled() -> Result<&'static EmulatorSpec, &'static [Diagnostic]> {
    static PARSED: OnceLock<Result<EmulatorSpec, Vec<Diagnostic>>> = OnceLock::new();
    PARSED
        .get_or_init(|| parse(BUNDLED))
        .as_ref()
        .map_err(Vec::as_slice)
}
