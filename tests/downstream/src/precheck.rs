//! `DescribePreCheckStatus`, declared by hand: no spec file describes it.

use dts_macros::{Action, Decode};

/// Asks how far a task's precheck has got.
#[derive(Debug, Clone, Action)]
#[dts(action = "DescribePreCheckStatus", output = PreCheckStatus, idempotent)]
pub struct DescribePreCheckStatus {
    /// The task (`DtsJobId`).
    pub dts_job_id: String,
    /// The step to report (`JobCode`): `01` for the precheck.
    pub job_code: String,
    /// The page, from 1 (`PageNo`).
    pub page_no: Option<u32>,
    /// Items per page (`PageSize`).
    pub page_size: Option<u32>,
    /// The task's region (`RegionId`).
    pub region_id: Option<String>,
}

/// The same action with `JobCode` left out, which the service refuses.
#[derive(Debug, Clone, Action)]
#[dts(action = "DescribePreCheckStatus", output = PreCheckStatus)]
pub struct IncompletePreCheck<'a> {
    /// The task (`DtsJobId`).
    #[dts(rename = "DtsJobId")]
    pub job: &'a str,
}

/// The answer to [`DescribePreCheckStatus`].
#[derive(Debug, Clone, Default, Decode)]
pub struct PreCheckStatus {
    /// The request's id.
    pub request_id: Option<String>,
    /// State of the step (`Finished`...).
    pub state: Option<String>,
    /// Items the step checks (0 when absent).
    pub total: i32,
    /// Items that failed.
    pub error_item: Option<i32>,
    /// One entry per item checked.
    pub job_progress: Vec<ProgressItem>,
}

/// One item of a precheck.
#[derive(Debug, Clone, Default, Decode)]
pub struct ProgressItem {
    /// What is checked.
    pub item: Option<String>,
    /// The outcome.
    pub state: Option<String>,
    /// Whether the check may be skipped.
    pub can_skip: Option<bool>,
    /// Position of the check.
    pub order_num: Option<i64>,
    /// What the check reported.
    pub logs: Vec<ProgressLog>,
}

/// One message of a precheck item.
#[derive(Debug, Clone, Default, Decode)]
pub struct ProgressLog {
    /// Severity.
    pub log_level: Option<String>,
    /// Kind of problem (`ErrType`).
    #[dts(rename = "ErrType")]
    pub kind: Option<String>,
    /// The message.
    pub err_msg: Option<String>,
}
