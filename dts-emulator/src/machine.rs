//! Status machines: the statuses each kind of job passes through (from the spec's
//! `emulator.json`), and how long each phase of a run lasts on the emulator's clock.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use crate::seed::{JobKind, JobStatus};
use crate::state::Step;

/// How long each phase of a started job lasts before the next begins.
///
/// A started synchronization job passes `Prechecking` -> `Initializing` -> `Synchronizing`;
/// with [`Timing::realistic`] it reaches `Synchronizing` two phases (two seconds) after the
/// start, with [`Timing::instant`] at once. Time is the emulator's clock, so a
/// [`ManualClock`](crate::ManualClock) (or `POST /__emulator/clock?advance=...`) steps it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    /// The length of every phase but the last (where a running job stays).
    pub phase: Duration,
}

impl Timing {
    /// Every phase passes at once: a started job is running when the call returns.
    pub const fn instant() -> Timing {
        Timing {
            phase: Duration::ZERO,
        }
    }

    /// One second per phase, as a polling client would see a real job move.
    pub const fn realistic() -> Timing {
        Timing {
            phase: Duration::from_secs(1),
        }
    }
}

impl Default for Timing {
    /// [`Timing::instant`], what tests want; the binary defaults to [`Timing::realistic`].
    fn default() -> Timing {
        Timing::instant()
    }
}

/// The statuses of one kind of job, resolved from the spec's names.
#[derive(Debug, Clone)]
pub(crate) struct Machine {
    pub(crate) job_type: String,
    pub(crate) initial: JobStatus,
    pub(crate) configured: JobStatus,
    pub(crate) run: Vec<JobStatus>,
    pub(crate) failures: HashMap<JobStatus, JobStatus>,
    pub(crate) suspended: JobStatus,
    pub(crate) stopped: JobStatus,
}

/// The machines of every kind.
#[derive(Debug, Clone)]
pub(crate) struct Machines {
    kinds: Vec<(JobKind, Machine)>,
}

fn status(name: &str) -> Result<JobStatus, String> {
    JobStatus::from_name(name).ok_or_else(|| format!("emulator.json: unknown status `{name}`"))
}

impl Machines {
    /// Resolves the declared machines; every kind must be declared.
    pub(crate) fn new(spec: &dts_spec::emulator::EmulatorSpec) -> Result<Machines, String> {
        let mut kinds = Vec::new();
        for kind in [
            JobKind::Synchronization,
            JobKind::Migration,
            JobKind::Subscribe,
        ] {
            let m = spec
                .kinds
                .get(kind.as_str())
                .ok_or_else(|| format!("emulator.json: no machine for `{}`", kind.as_str()))?;
            let failures = m
                .failures
                .iter()
                .map(|(phase, to)| Ok((status(phase)?, status(to)?)))
                .collect::<Result<_, String>>()?;
            kinds.push((
                kind,
                Machine {
                    job_type: m.job_type.clone(),
                    initial: status(&m.initial)?,
                    configured: status(&m.configured)?,
                    run: m.run.iter().map(|s| status(s)).collect::<Result<_, _>>()?,
                    failures,
                    suspended: status(&m.suspended)?,
                    stopped: status(&m.stopped)?,
                },
            ));
        }
        Ok(Machines { kinds })
    }

    pub(crate) fn of(&self, kind: JobKind) -> &Machine {
        &self
            .kinds
            .iter()
            .find(|(k, _)| *k == kind)
            .unwrap_or(&self.kinds[0])
            .1
    }

    /// The kind whose `JobType` is `job_type` (case-insensitive).
    pub(crate) fn kind_of_type(&self, job_type: &str) -> Option<JobKind> {
        self.kinds
            .iter()
            .find(|(_, m)| m.job_type.eq_ignore_ascii_case(job_type))
            .map(|(k, _)| *k)
    }
}

impl Machine {
    /// The steps of a run starting at `now`; a run whose `fail` phase comes up ends in that
    /// phase's failure status one phase later.
    pub(crate) fn run_plan(
        &self,
        now: SystemTime,
        timing: Timing,
        reverse: bool,
        fail: Option<JobStatus>,
    ) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = now;
        for &phase in &self.run {
            steps.push(Step {
                at,
                reverse,
                status: phase,
            });
            at += timing.phase;
            if fail == Some(phase) {
                if let Some(&failed) = self.failures.get(&phase) {
                    steps.push(Step {
                        at,
                        reverse,
                        status: failed,
                    });
                }
                break;
            }
        }
        steps
    }

    /// Whether `status` is one of the phases of a run.
    pub(crate) fn is_phase(&self, status: JobStatus) -> bool {
        self.run.contains(&status)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_machines_resolve_and_plan_runs() {
        let m = Machines::new(dts_spec::emulator::bundled().unwrap()).unwrap();
        let sync = m.of(JobKind::Synchronization);
        let t0 = SystemTime::UNIX_EPOCH;
        let plan = sync.run_plan(t0, Timing::realistic(), false, None);
        let statuses: Vec<&str> = plan.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(statuses, ["Prechecking", "Initializing", "Synchronizing"]);
        assert_eq!(plan[2].at, t0 + Duration::from_secs(2));
        let failing = sync.run_plan(
            t0,
            Timing::realistic(),
            false,
            Some(JobStatus::Initializing),
        );
        let statuses: Vec<&str> = failing.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(
            statuses,
            ["Prechecking", "Initializing", "InitializeFailed"]
        );
        assert_eq!(m.kind_of_type("migration"), Some(JobKind::Migration));
        assert_eq!(m.kind_of_type("ETL"), None);
    }
}
