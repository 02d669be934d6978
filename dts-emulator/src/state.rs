//! The jobs the emulator keeps, indexed by both of their ids.

use std::collections::HashMap;

use crate::seed::{Job, Seed};

/// The current jobs in seed order, with lookups by `job_id` and by `instance_id`.
#[derive(Debug, Default)]
pub(crate) struct JobStore {
    jobs: Vec<Job>,
    by_job_id: HashMap<String, usize>,
    by_instance_id: HashMap<String, usize>,
}

impl JobStore {
    /// A store holding the seed's jobs (a validated seed has unique ids).
    pub(crate) fn new(seed: Seed) -> JobStore {
        let mut store = JobStore {
            jobs: seed.jobs.into_iter().map(Job::normalized).collect(),
            ..JobStore::default()
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
        self.jobs.remove(index);
        self.reindex();
    }
}
