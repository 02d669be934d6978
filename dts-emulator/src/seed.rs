//! The seed file: the jobs the emulator starts with, in the shape `GET /__emulator/jobs` returns.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// The jobs the emulator starts with: `{"jobs": [...]}`, and optionally `"instances"`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seed {
    /// The jobs, in the order they are listed back.
    pub jobs: Vec<Job>,
    /// Instances bought but not configured yet; each is stored as a `NotConfigured` job
    /// (job id: the instance id without its `dts` prefix), listed back among the jobs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub instances: Vec<Instance>,
}

/// An instance without a configured task, as a seed lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instance {
    /// The instance id (`dtsl3m1213ye7l1234`).
    pub instance_id: String,
    /// What its task will do.
    pub kind: JobKind,
    /// The region it lives in.
    pub region: String,
    /// Its tags, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Instance {
    fn into_job(self) -> Job {
        Job {
            job_id: self
                .instance_id
                .strip_prefix("dts")
                .filter(|rest| !rest.is_empty())
                .unwrap_or(&self.instance_id)
                .to_owned(),
            instance_id: self.instance_id,
            kind: self.kind,
            status: JobStatus::NotConfigured,
            topology: Topology::Oneway,
            region: self.region,
            reverse_status: None,
            name: None,
            tags: self.tags,
            configuration: BTreeMap::new(),
            created: None,
            account: None,
            fail_phase: None,
        }
    }
}

/// One DTS job as the emulator keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// The task id, what `DtsJobId` names (`l3m1213ye7l1234`).
    pub job_id: String,
    /// The instance id, what `SynchronizationJobId` and `DtsInstanceId` name
    /// (`dtsl3m1213ye7l1234`).
    pub instance_id: String,
    /// What the job does.
    pub kind: JobKind,
    /// The status of the job, of its forward direction for a two-way job.
    pub status: JobStatus,
    /// One-way or two-way synchronization.
    pub topology: Topology,
    /// The region the job lives in (`cn-hangzhou`).
    pub region: String,
    /// The status of the reverse direction; present exactly when the topology is two-way
    /// (a two-way job seeded without it starts with a `NotStarted` reverse direction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reverse_status: Option<JobStatus>,
    /// The job's name (`DtsJobName`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The instance's tags, by key.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// What `ConfigureDtsJob` stored: its parameters by name (passwords left out).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub configuration: BTreeMap<String, String>,
    /// When the instance was created (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The AccessKey id that created the job; seeded jobs without one are every caller's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account: Option<String>,
    /// A phase of the next run that fails (`Prechecking`, `Initializing`...): the job then
    /// ends in that phase's failure status (`PrecheckFailed`, `InitializeFailed`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_phase: Option<JobStatus>,
}

/// What a job does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JobKind {
    /// Data synchronization (`SYNC`).
    Synchronization,
    /// Data migration (`MIGRATION`).
    Migration,
    /// Change tracking (`SUBSCRIBE`); `subscription` is read as the same.
    #[serde(alias = "subscription")]
    Subscribe,
}

/// Whether data flows one way or both ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Topology {
    /// Source to destination only.
    Oneway,
    /// Both directions, each with its own status (`Forward` and `Reverse`).
    Twoway,
}

/// The status of a job (or of one direction of a two-way job), as DTS spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JobStatus {
    /// The configuration was released (after a reset); the job must be configured again.
    NotConfigured,
    /// Configured but never started.
    NotStarted,
    /// The precheck is running.
    Prechecking,
    /// The precheck failed.
    PrecheckFailed,
    /// Initial synchronization is running.
    Initializing,
    /// Initial synchronization failed.
    InitializeFailed,
    /// Data is flowing.
    Synchronizing,
    /// The job failed.
    Failed,
    /// The job is paused.
    Suspending,
    /// The job's objects are being changed.
    Modifying,
    /// The job completed (or was stopped).
    Finished,
    /// The precheck passed.
    PreCheckPass,
    /// A migration is running.
    Migrating,
    /// A migration failed.
    MigrationFailed,
    /// A change-tracking job is starting.
    Starting,
    /// A change-tracking job runs.
    Normal,
    /// A change-tracking job failed or is paused.
    Abnormal,
    /// The job is retrying after an error.
    Retrying,
}

impl JobStatus {
    /// The status as DTS spells it (`NotStarted`).
    pub fn as_str(self) -> &'static str {
        match self {
            JobStatus::NotConfigured => "NotConfigured",
            JobStatus::NotStarted => "NotStarted",
            JobStatus::Prechecking => "Prechecking",
            JobStatus::PrecheckFailed => "PrecheckFailed",
            JobStatus::Initializing => "Initializing",
            JobStatus::InitializeFailed => "InitializeFailed",
            JobStatus::Synchronizing => "Synchronizing",
            JobStatus::Failed => "Failed",
            JobStatus::Suspending => "Suspending",
            JobStatus::Modifying => "Modifying",
            JobStatus::Finished => "Finished",
            JobStatus::PreCheckPass => "PreCheckPass",
            JobStatus::Migrating => "Migrating",
            JobStatus::MigrationFailed => "MigrationFailed",
            JobStatus::Starting => "Starting",
            JobStatus::Normal => "Normal",
            JobStatus::Abnormal => "Abnormal",
            JobStatus::Retrying => "Retrying",
        }
    }

    /// Every status, in declaration order.
    pub const ALL: [JobStatus; 18] = [
        JobStatus::NotConfigured,
        JobStatus::NotStarted,
        JobStatus::Prechecking,
        JobStatus::PrecheckFailed,
        JobStatus::Initializing,
        JobStatus::InitializeFailed,
        JobStatus::Synchronizing,
        JobStatus::Failed,
        JobStatus::Suspending,
        JobStatus::Modifying,
        JobStatus::Finished,
        JobStatus::PreCheckPass,
        JobStatus::Migrating,
        JobStatus::MigrationFailed,
        JobStatus::Starting,
        JobStatus::Normal,
        JobStatus::Abnormal,
        JobStatus::Retrying,
    ];

    /// The status DTS spells `name`, if the emulator knows it.
    pub fn from_name(name: &str) -> Option<JobStatus> {
        JobStatus::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

impl JobKind {
    /// The kind's key in the spec's `emulator.json` (`synchronization`, `migration`,
    /// `subscribe`).
    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Synchronization => "synchronization",
            JobKind::Migration => "migration",
            JobKind::Subscribe => "subscribe",
        }
    }
}

impl fmt::Display for JobStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a seed was rejected.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SeedError {
    /// The text is not JSON of the seed's shape.
    #[error("malformed seed json: {0}")]
    Json(#[from] serde_json::Error),
    /// A job has an empty id or region.
    #[error("job {index}: `{field}` is empty")]
    EmptyField {
        /// Position of the job in `jobs`.
        index: usize,
        /// The empty field.
        field: &'static str,
    },
    /// Two jobs share a `job_id` or an `instance_id`.
    #[error("job {index}: duplicate `{field}` \"{value}\"")]
    Duplicate {
        /// Position of the second job in `jobs`.
        index: usize,
        /// `job_id` or `instance_id`.
        field: &'static str,
        /// The repeated value.
        value: String,
    },
    /// A one-way job carries a `reverse_status`.
    #[error("job {index}: `reverse_status` is only allowed with topology \"twoway\"")]
    ReverseOnOneway {
        /// Position of the job in `jobs`.
        index: usize,
    },
}

impl Seed {
    /// Parses and validates a seed file's text.
    pub fn from_json(text: &str) -> Result<Seed, SeedError> {
        let seed: Seed = serde_json::from_str(text)?;
        seed.validate()?;
        Ok(seed)
    }

    /// Checks ids are present and unique and reverse statuses fit the topology.
    pub fn validate(&self) -> Result<(), SeedError> {
        let mut job_ids = HashSet::new();
        let mut instance_ids = HashSet::new();
        let all = self.clone().into_jobs();
        for (index, job) in all.iter().enumerate() {
            for (field, value) in [
                ("job_id", &job.job_id),
                ("instance_id", &job.instance_id),
                ("region", &job.region),
            ] {
                if value.is_empty() {
                    return Err(SeedError::EmptyField { index, field });
                }
            }
            if !job_ids.insert(job.job_id.as_str()) {
                return Err(duplicate(index, "job_id", &job.job_id));
            }
            if !instance_ids.insert(job.instance_id.as_str()) {
                return Err(duplicate(index, "instance_id", &job.instance_id));
            }
            if job.topology == Topology::Oneway && job.reverse_status.is_some() {
                return Err(SeedError::ReverseOnOneway { index });
            }
        }
        Ok(())
    }

    /// Every job: the seed's jobs, then its instances as `NotConfigured` jobs.
    pub fn into_jobs(self) -> Vec<Job> {
        let mut jobs = self.jobs;
        jobs.extend(self.instances.into_iter().map(Instance::into_job));
        jobs
    }

    /// The seed as pretty-printed JSON, the format [`Seed::from_json`] reads.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| String::from("{\"jobs\":[]}"))
    }
}

fn duplicate(index: usize, field: &'static str, value: &str) -> SeedError {
    SeedError::Duplicate {
        index,
        field,
        value: value.to_owned(),
    }
}

impl Job {
    /// The job with its two-way reverse direction filled in (`NotStarted` when absent).
    pub(crate) fn normalized(mut self) -> Job {
        if self.topology == Topology::Twoway && self.reverse_status.is_none() {
            self.reverse_status = Some(JobStatus::NotStarted);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = r#"{"jobs": [{"job_id": "l3m1213ye7l1234", "instance_id": "dtsl3m1213ye7l1234", "kind": "synchronization",
           "status": "NotStarted", "topology": "oneway", "region": "cn-hangzhou"}]}"#;

    #[test]
    fn contract_example_parses_and_round_trips() {
        let seed = Seed::from_json(CONTRACT).unwrap();
        assert_eq!(seed.jobs[0].status, JobStatus::NotStarted);
        assert_eq!(seed.jobs[0].topology, Topology::Oneway);
        let back: serde_json::Value = serde_json::from_str(&seed.to_json()).unwrap();
        let orig: serde_json::Value = serde_json::from_str(CONTRACT).unwrap();
        assert_eq!(back, orig);
    }

    #[test]
    fn rejects_unknown_status_and_fields() {
        let bad = CONTRACT.replace("NotStarted", "Running");
        assert!(matches!(Seed::from_json(&bad), Err(SeedError::Json(_))));
        let extra = CONTRACT.replace("\"region\"", "\"regoin\"");
        let err = Seed::from_json(&extra).unwrap_err().to_string();
        assert!(err.contains("regoin"), "{err}");
    }

    #[test]
    fn rejects_duplicates_empty_ids_and_reverse_on_oneway() {
        let two = r#"{"jobs":[
            {"job_id":"a","instance_id":"dtsa","kind":"synchronization","status":"NotStarted","topology":"oneway","region":"r"},
            {"job_id":"a","instance_id":"dtsb","kind":"synchronization","status":"NotStarted","topology":"oneway","region":"r"}]}"#;
        let err = Seed::from_json(two).unwrap_err();
        assert_eq!(err.to_string(), "job 1: duplicate `job_id` \"a\"");
        let empty = CONTRACT.replace("l3m1213ye7l1234\"", "\"");
        assert_eq!(
            Seed::from_json(&empty).unwrap_err().to_string(),
            "job 0: `job_id` is empty"
        );
        let rev = CONTRACT.replace(
            "\"oneway\"",
            "\"oneway\", \"reverse_status\": \"NotStarted\"",
        );
        assert!(matches!(
            Seed::from_json(&rev),
            Err(SeedError::ReverseOnOneway { index: 0 })
        ));
    }

    #[test]
    fn instances_become_not_configured_jobs_and_share_the_id_space() {
        let text = CONTRACT.replace(
            "]}",
            r#"], "instances": [{"instance_id": "dtsinst0000000001", "kind": "migration",
                "region": "cn-beijing", "tags": {"team": "data"}}]}"#,
        );
        let jobs = Seed::from_json(&text).unwrap().into_jobs();
        assert_eq!(jobs.len(), 2);
        assert_eq!(jobs[1].job_id, "inst0000000001");
        assert_eq!(jobs[1].status, JobStatus::NotConfigured);
        assert_eq!(jobs[1].tags["team"], "data");
        let clash = text.replace("dtsinst0000000001", "dtsl3m1213ye7l1234");
        assert!(matches!(
            Seed::from_json(&clash),
            Err(SeedError::Duplicate { index: 1, .. })
        ));
    }

    #[test]
    fn twoway_jobs_get_a_reverse_direction() {
        let seed = Seed::from_json(&CONTRACT.replace("oneway", "twoway")).unwrap();
        let job = seed.jobs[0].clone().normalized();
        assert_eq!(job.reverse_status, Some(JobStatus::NotStarted));
    }
}
