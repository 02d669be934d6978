//! The store: every instance with its job, indexed by both ids, and the status changes each
//! job has scheduled on the emulator's clock.

use std::collections::{HashMap, VecDeque};
use std::time::SystemTime;

use crate::seed::{Job, JobStatus, Seed};

/// One scheduled status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    pub(crate) at: SystemTime,
    pub(crate) reverse: bool,
    pub(crate) status: JobStatus,
}

/// The current jobs in creation order, with lookups by `job_id` and by `instance_id`.
#[derive(Debug)]
pub(crate) struct JobStore {
    jobs: Vec<Job>,
    plans: Vec<VecDeque<Step>>,
    by_job_id: HashMap<String, usize>,
    by_instance_id: HashMap<String, usize>,
    pending: usize,
    ids: fastrand::Rng,
}

impl JobStore {
    /// A store holding the seed's jobs (a validated seed has unique ids); `id_seed` seeds the
    /// generator of new ids.
    pub(crate) fn new(seed: Seed, id_seed: u64) -> JobStore {
        let jobs: Vec<Job> = seed.into_jobs().into_iter().map(Job::normalized).collect();
        let mut store = JobStore {
            plans: vec![VecDeque::new(); jobs.len()],
            jobs,
            by_job_id: HashMap::new(),
            by_instance_id: HashMap::new(),
            pending: 0,
            ids: fastrand::Rng::with_seed(id_seed),
        };
        store.reindex();
        store
    }

    fn reindex(&mut self) {
        self.by_job_id.clear();
        self.by_instance_id.clear();
        for (i, job) in self.jobs.iter().enumerate() {
            self.by_job_id.insert(job.job_id.clone(), i);
            self.by_instance_id.insert(job.instance_id.clone(), i);
        }
    }

    pub(crate) fn jobs(&self) -> &[Job] {
        &self.jobs
    }

    /// Position of the job with this `job_id`.
    pub(crate) fn find_job(&self, job_id: &str) -> Option<usize> {
        self.by_job_id.get(job_id).copied()
    }

    /// Position of the job with this `instance_id`.
    pub(crate) fn find_instance(&self, instance_id: &str) -> Option<usize> {
        self.by_instance_id.get(instance_id).copied()
    }

    pub(crate) fn get(&self, index: usize) -> &Job {
        &self.jobs[index]
    }

    pub(crate) fn get_mut(&mut self, index: usize) -> &mut Job {
        &mut self.jobs[index]
    }

    /// Removes the job at `index` (a position from `find_*`).
    pub(crate) fn remove(&mut self, index: usize) {
        self.pending -= self.plans[index].len();
        self.jobs.remove(index);
        self.plans.remove(index);
        self.reindex();
    }

    /// Adds a job; returns its position.
    pub(crate) fn insert(&mut self, job: Job) -> usize {
        self.by_job_id.insert(job.job_id.clone(), self.jobs.len());
        self.by_instance_id
            .insert(job.instance_id.clone(), self.jobs.len());
        self.jobs.push(job);
        self.plans.push(VecDeque::new());
        self.jobs.len() - 1
    }

    /// A job id no job has (15 lower-case letters and digits, like DTS's), and its instance
    /// id (`dts` + job id).
    pub(crate) fn fresh_ids(&mut self) -> (String, String) {
        const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
        loop {
            let job_id: String = (0..15)
                .map(|_| char::from(ALPHABET[self.ids.usize(..ALPHABET.len())]))
                .collect();
            let instance_id = format!("dts{job_id}");
            if self.find_job(&job_id).is_none() && self.find_instance(&instance_id).is_none() {
                return (job_id, instance_id);
            }
        }
    }

    /// Replaces the scheduled changes of one direction of a job.
    pub(crate) fn schedule(&mut self, index: usize, reverse: bool, steps: Vec<Step>) {
        self.cancel(index, reverse);
        self.pending += steps.len();
        self.plans[index].extend(steps);
    }

    /// Drops the scheduled changes of one direction of a job.
    pub(crate) fn cancel(&mut self, index: usize, reverse: bool) {
        let plan = &mut self.plans[index];
        let before = plan.len();
        plan.retain(|s| s.reverse != reverse);
        self.pending -= before - plan.len();
    }

    /// Applies every scheduled change due at `now`.
    pub(crate) fn advance(&mut self, now: SystemTime) {
        if self.pending == 0 {
            return;
        }
        for (job, plan) in self.jobs.iter_mut().zip(&mut self.plans) {
            while plan.front().is_some_and(|s| s.at <= now) {
                let Some(step) = plan.pop_front() else { break };
                self.pending -= 1;
                if step.reverse {
                    job.reverse_status = Some(step.status);
                } else {
                    job.status = step.status;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn one_job() -> JobStore {
        let seed = Seed::from_json(
            r#"{"jobs":[{"job_id":"j1","instance_id":"dtsj1","kind":"synchronization",
            "status":"NotStarted","topology":"oneway","region":"cn-hangzhou"}]}"#,
        )
        .unwrap();
        JobStore::new(seed, 1)
    }

    #[test]
    fn scheduled_steps_apply_when_due_and_in_order() {
        let mut s = one_job();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1000);
        let step = |secs, status| Step {
            at: t0 + Duration::from_secs(secs),
            reverse: false,
            status,
        };
        s.schedule(
            0,
            false,
            vec![
                step(0, JobStatus::Prechecking),
                step(2, JobStatus::Initializing),
                step(4, JobStatus::Synchronizing),
            ],
        );
        s.advance(t0);
        assert_eq!(s.get(0).status, JobStatus::Prechecking);
        s.advance(t0 + Duration::from_secs(3));
        assert_eq!(s.get(0).status, JobStatus::Initializing);
        s.cancel(0, false);
        s.advance(t0 + Duration::from_secs(10));
        assert_eq!(s.get(0).status, JobStatus::Initializing);
        assert_eq!(s.pending, 0);
    }

    #[test]
    fn fresh_ids_are_new_and_shaped_like_dts_ids() {
        let mut s = one_job();
        let (job, instance) = s.fresh_ids();
        assert_eq!(job.len(), 15);
        assert_eq!(instance, format!("dts{job}"));
        assert!(s.find_job(&job).is_none());
    }
}
