//! The documented state rules of the actions that change jobs.

use crate::params::Params;
use crate::seed::{Job, JobKind, JobStatus, Topology};
use crate::state::JobStore;

/// An action with state rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rule {
    /// `StartSynchronizationJob`.
    StartSync,
    /// `SuspendSynchronizationJob`.
    SuspendSync,
    /// `ResetSynchronizationJob`.
    ResetSync,
    /// `ResetDtsJob`.
    ResetDts,
    /// `DeleteDtsJob`.
    DeleteDts,
}

/// Why an action was refused: DTS answers these with HTTP 200 and `Success` false.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Denial {
    /// `ErrCode`.
    pub(crate) code: &'static str,
    /// `ErrMessage`; `%s` stands for `dynamic`.
    pub(crate) message: &'static str,
    /// `DynamicMessage`.
    pub(crate) dynamic: String,
    /// `HttpStatusCode` in the body, for actions that document it.
    pub(crate) status: u16,
}

pub(crate) const INVALID_PARAMETER: &str = "InvalidParameter";
pub(crate) const INVALID_PARAMETER_MESSAGE: &str = "The Value of Input Parameter %s is not valid.";
pub(crate) const STATUS_DENIED: &str = "OperationDenied.JobStatusModifyError";
pub(crate) const STATUS_DENIED_MESSAGE: &str =
    "The operation is not allowed when the job status is %s.";
pub(crate) const NOT_TWO_WAY: &str = "OperationDenied.TopologyNotTwoWay";
pub(crate) const NOT_TWO_WAY_MESSAGE: &str =
    "The synchronization direction %s is only allowed for a two-way synchronization topology.";

fn invalid(param: &str) -> Denial {
    Denial {
        code: INVALID_PARAMETER,
        message: INVALID_PARAMETER_MESSAGE,
        dynamic: param.to_owned(),
        status: 400,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Forward,
    Reverse,
}

impl Rule {
    /// The rule of the action with this name, if it has one.
    pub(crate) fn for_action(name: &str) -> Option<Rule> {
        Some(match name {
            "StartSynchronizationJob" => Rule::StartSync,
            "SuspendSynchronizationJob" => Rule::SuspendSync,
            "ResetSynchronizationJob" => Rule::ResetSync,
            "ResetDtsJob" => Rule::ResetDts,
            "DeleteDtsJob" => Rule::DeleteDts,
            _ => return None,
        })
    }

    /// Applies the action to the store, or says why it is refused (the store is then
    /// untouched).
    pub(crate) fn apply(self, params: &Params, store: &mut JobStore) -> Result<(), Denial> {
        let index = self.find(params, store)?;
        let direction = direction(params, store.get(index))?;
        match self {
            Rule::StartSync => transition(
                store.get_mut(index),
                direction,
                &[
                    JobStatus::NotStarted,
                    JobStatus::Failed,
                    JobStatus::Suspending,
                ],
                JobStatus::Synchronizing,
            ),
            Rule::SuspendSync => transition(
                store.get_mut(index),
                direction,
                &[JobStatus::Synchronizing],
                JobStatus::Suspending,
            ),
            Rule::ResetSync | Rule::ResetDts => {
                *status_mut(store.get_mut(index), direction) = JobStatus::NotConfigured;
                Ok(())
            }
            Rule::DeleteDts => {
                match direction {
                    Direction::Forward => store.remove(index),
                    Direction::Reverse => {
                        let job = store.get_mut(index);
                        job.topology = Topology::Oneway;
                        job.reverse_status = None;
                    }
                }
                Ok(())
            }
        }
    }

    /// The job the call names, honouring `RegionId` and `DtsInstanceId` when given.
    fn find(self, params: &Params, store: &JobStore) -> Result<usize, Denial> {
        let get = |name: &str| params.get(name).map(String::as_str);
        let (param, found) = match self {
            Rule::StartSync | Rule::SuspendSync | Rule::ResetSync => {
                let param = "SynchronizationJobId";
                let found = get(param)
                    .and_then(|id| store.find_instance(id))
                    .filter(|&i| store.get(i).kind == JobKind::Synchronization);
                (param, found)
            }
            // `DtsJobId` is documented as required but not enforced: the instance id alone
            // names the job too.
            Rule::ResetDts | Rule::DeleteDts => match get("DtsJobId").filter(|id| !id.is_empty()) {
                Some(id) => ("DtsJobId", store.find_job(id)),
                None => {
                    let param = "DtsInstanceId";
                    (param, get(param).and_then(|id| store.find_instance(id)))
                }
            },
        };
        let index = found.ok_or_else(|| invalid(param))?;
        let job = store.get(index);
        if get("RegionId").is_some_and(|r| !r.is_empty() && r != job.region) {
            return Err(invalid(param));
        }
        if get("DtsInstanceId").is_some_and(|d| !d.is_empty() && d != job.instance_id) {
            return Err(invalid("DtsInstanceId"));
        }
        Ok(index)
    }
}

fn direction(params: &Params, job: &Job) -> Result<Direction, Denial> {
    match params.get("SynchronizationDirection").map(String::as_str) {
        None | Some("") | Some("Forward") => Ok(Direction::Forward),
        Some("Reverse") if job.topology == Topology::Twoway => Ok(Direction::Reverse),
        Some("Reverse") => Err(Denial {
            code: NOT_TWO_WAY,
            message: NOT_TWO_WAY_MESSAGE,
            dynamic: "Reverse".to_owned(),
            status: 403,
        }),
        Some(_) => Err(invalid("SynchronizationDirection")),
    }
}

fn status_mut(job: &mut Job, direction: Direction) -> &mut JobStatus {
    match direction {
        Direction::Reverse => job.reverse_status.get_or_insert(JobStatus::NotStarted),
        Direction::Forward => &mut job.status,
    }
}

fn transition(
    job: &mut Job,
    direction: Direction,
    from: &[JobStatus],
    to: JobStatus,
) -> Result<(), Denial> {
    let status = status_mut(job, direction);
    if !from.contains(status) {
        return Err(Denial {
            code: STATUS_DENIED,
            message: STATUS_DENIED_MESSAGE,
            dynamic: status.as_str().to_owned(),
            status: 403,
        });
    }
    *status = to;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::Seed;

    fn store(status: &str, topology: &str) -> JobStore {
        let json = format!(
            r#"{{"jobs":[{{"job_id":"j1","instance_id":"dtsj1","kind":"synchronization","status":"{status}","topology":"{topology}","region":"cn-hangzhou"}},
            {{"job_id":"m1","instance_id":"dtsm1","kind":"migration","status":"NotStarted","topology":"oneway","region":"cn-hangzhou"}}]}}"#
        );
        JobStore::new(Seed::from_json(&json).unwrap())
    }

    fn params(pairs: &[(&str, &str)]) -> Params {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn start_runs_from_each_allowed_status_only() {
        for (from, ok) in [
            ("NotStarted", true),
            ("Failed", true),
            ("Suspending", true),
            ("Synchronizing", false),
            ("NotConfigured", false),
            ("Finished", false),
        ] {
            let mut s = store(from, "oneway");
            let r = Rule::StartSync.apply(&params(&[("SynchronizationJobId", "dtsj1")]), &mut s);
            assert_eq!(r.is_ok(), ok, "{from}");
            let expected = if ok { "Synchronizing" } else { from };
            assert_eq!(s.get(0).status.as_str(), expected);
            if let Err(d) = r {
                assert_eq!((d.code, d.dynamic.as_str()), (STATUS_DENIED, from));
            }
        }
    }

    #[test]
    fn lookups_respect_kind_region_and_instance() {
        let mut s = store("NotStarted", "oneway");
        let start = |s: &mut JobStore, p: &[(&str, &str)]| Rule::StartSync.apply(&params(p), s);
        let d = start(&mut s, &[("SynchronizationJobId", "dtsm1")]).unwrap_err();
        assert_eq!(
            d.dynamic, "SynchronizationJobId",
            "a migration is no sync job"
        );
        let d = start(
            &mut s,
            &[
                ("SynchronizationJobId", "dtsj1"),
                ("RegionId", "cn-beijing"),
            ],
        )
        .unwrap_err();
        assert_eq!(d.dynamic, "SynchronizationJobId");
        let d = Rule::ResetDts
            .apply(
                &params(&[("DtsJobId", "j1"), ("DtsInstanceId", "dtsx")]),
                &mut s,
            )
            .unwrap_err();
        assert_eq!(d.dynamic, "DtsInstanceId");
        let d = start(
            &mut s,
            &[
                ("SynchronizationJobId", "dtsj1"),
                ("SynchronizationDirection", "Up"),
            ],
        )
        .unwrap_err();
        assert_eq!(d.dynamic, "SynchronizationDirection");
    }

    #[test]
    fn reverse_direction_has_its_own_status() {
        let mut s = store("Synchronizing", "twoway");
        let rev = params(&[
            ("SynchronizationJobId", "dtsj1"),
            ("SynchronizationDirection", "Reverse"),
        ]);
        Rule::StartSync.apply(&rev, &mut s).unwrap();
        assert_eq!(s.get(0).reverse_status, Some(JobStatus::Synchronizing));
        Rule::SuspendSync.apply(&rev, &mut s).unwrap();
        assert_eq!(s.get(0).reverse_status, Some(JobStatus::Suspending));
        assert_eq!(s.get(0).status, JobStatus::Synchronizing);
        let del = params(&[("DtsJobId", "j1"), ("SynchronizationDirection", "Reverse")]);
        Rule::DeleteDts.apply(&del, &mut s).unwrap();
        assert_eq!(s.get(0).topology, Topology::Oneway);
        assert_eq!(s.get(0).reverse_status, None);
        let d = Rule::DeleteDts.apply(&del, &mut s).unwrap_err();
        assert_eq!(d.code, NOT_TWO_WAY);
    }

    #[test]
    fn delete_forward_removes_and_reindexes() {
        let mut s = store("NotStarted", "oneway");
        Rule::DeleteDts
            .apply(&params(&[("DtsJobId", "j1")]), &mut s)
            .unwrap();
        assert_eq!(s.jobs().len(), 1);
        assert_eq!(s.find_job("m1"), Some(0));
        assert_eq!(s.find_job("j1"), None);
    }
}
