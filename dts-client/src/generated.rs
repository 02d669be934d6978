//! The per-action code generated from the bundled spec by `build.rs`: the `operation` modules
//! (input, request builder, output and error of each action), the `types` enums, the
//! `Client` methods and [`SERVICE`].
//!
//! The same source is committed as `dts-codegen/tests/snapshots/client.rs`; the tests below
//! keep the two identical, and compile and exercise the generator's other snapshots.

#![deny(warnings, missing_docs)]

include!(concat!(env!("OUT_DIR"), "/generated.rs"));

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::rt::decode::Decode;
    use crate::rt::Params;
    use crate::{ActionError, Client, Credentials, Error, ErrorKind};

    /// The generator's fixture with every feature, generated for this crate.
    #[allow(
        dead_code,
        reason = "compiled to prove the snapshot compiles; exercised in part"
    )]
    mod rich {
        include!("../../dts-codegen/tests/snapshots/rich.rs");
    }

    /// The same fixture generated for a downstream crate, with its wrapping `Client`.
    #[allow(
        dead_code,
        reason = "compiled to prove the snapshot compiles; exercised in part"
    )]
    mod rich_wrapper {
        include!("../../dts-codegen/tests/snapshots/rich_wrapper.rs");
    }

    use rich::operation::describe_jobs::{
        DescribeJobsError, DescribeJobsInput, DescribeJobsOutput, Tags,
    };
    use rich::types::{DescribeJobsStatus, Mode, Status, Type};

    fn client() -> Client {
        Client::builder()
            .credentials(Credentials::new("id", "secret"))
            .endpoint_url("http://127.0.0.1:9/")
            .build()
            .expect("a client with static credentials builds")
    }

    fn pairs(p: &Params) -> Vec<(&str, &str)> {
        p.pairs()
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect()
    }

    /// The committed snapshot is exactly what this crate compiles, so the snapshot compiles.
    #[test]
    fn build_output_is_the_committed_snapshot() {
        let built = include_str!(concat!(env!("OUT_DIR"), "/generated.rs"));
        let committed = include_str!("../../dts-codegen/tests/snapshots/client.rs");
        assert!(
            built == committed,
            "the generated client differs from dts-codegen/tests/snapshots/client.rs; \
             refresh it with `UPDATE_EXPECT=1 cargo test -p dts-codegen`"
        );
    }

    #[test]
    fn service_table_comes_from_the_spec() {
        assert_eq!(super::SERVICE.version, "2020-01-01");
        assert_eq!(
            super::SERVICE.endpoint_for("cn-hangzhou"),
            "dts.cn-hangzhou.aliyuncs.com"
        );
        assert_eq!(rich::SERVICE.endpoint_for("mars-1"), "demo.example.com");
        assert_eq!(rich_wrapper::SERVICE.version, "2024-01-01");
    }

    #[test]
    fn required_parameters_are_arguments_and_optional_ones_setters() {
        let request = client()
            .start_synchronization_job("dtsf19100l2186****")
            .synchronization_direction("Reverse")
            .region_id("cn-hangzhou");
        let input = &request.input;
        assert_eq!(input.synchronization_job_id, "dtsf19100l2186****");
        assert_eq!(
            input.synchronization_direction,
            Some(super::types::SynchronizationDirection::Reverse)
        );
        let mut p = Params::default();
        input.write(&mut p);
        assert_eq!(
            pairs(&p),
            [
                ("SynchronizationJobId", "dtsf19100l2186****"),
                ("RegionId", "cn-hangzhou"),
                ("SynchronizationDirection", "Reverse"),
            ]
        );
    }

    #[test]
    fn every_encoding_writes_the_documented_pairs() {
        let input = DescribeJobsInput {
            job_ids: vec!["a".into(), "b".into()],
            r#match: "m*".into(),
            mode: Mode::Safe,
            r#type: Some(Type::Sync),
            status: Some(Status::Unknown),
            page_size: Some(5),
            offset: Some(1 << 40),
            verbose: Some(false),
            ratio: Some(0.1),
            precise: Some(0.25),
            level: Some(2),
            filter: Some(json!({"Name": "x"})),
            tags: vec![
                Tags {
                    key: Some("k".into()),
                    value: Some("v".into()),
                },
                Tags {
                    key: Some("k2".into()),
                    ..Tags::default()
                },
            ],
            names: vec!["n1".into(), "n2".into()],
            levels: vec![1, 2],
            modes: vec![Mode::Fast, Mode::from("turbo")],
            limits: vec![3],
            options: Some(json!({"x": true})),
        };
        let mut p = Params::default();
        input.write(&mut p);
        assert_eq!(
            pairs(&p),
            [
                ("JobIds.1", "a"),
                ("JobIds.2", "b"),
                ("Match", "m*"),
                ("Mode", "safe"),
                ("Type", "sync"),
                ("Status", "Unknown"),
                ("PageSize", "5"),
                ("Offset", "1099511627776"),
                ("Verbose", "false"),
                ("Ratio", "0.1"),
                ("Precise", "0.25"),
                ("Level", "2"),
                ("Filter", r#"{"Name":"x"}"#),
                ("Tags.1.Key", "k"),
                ("Tags.1.Value", "v"),
                ("Tags.2.Key", "k2"),
                ("Names", "n1,n2"),
                ("Levels", "[1,2]"),
                ("Modes.1", "fast"),
                ("Modes.2", "turbo"),
                ("Limits.1", "3"),
                ("Options", r#"{"x":true}"#),
            ]
        );
    }

    #[test]
    fn nested_responses_decode_leniently() {
        let body = json!({
            "RequestId": "r-1",
            "Success": "true",
            "Total": "12",
            "Jobs": [{
                "JobId": "j-1",
                "Type": "sync",
                "Status": "Paused",
                "Tasks": [{"TaskId": "t-1", "Steps": {"Step": [{"Name": "copy", "Progress": "0.5"}]}}],
                "Meta": {"a": 1}
            }],
            "LastJob": {"JobId": "j-0"},
            "Matrix": [[1, 2], [3]],
            "NotInTheSpec": true
        });
        let out = DescribeJobsOutput::decode(&body).expect("an object decodes");
        assert_eq!(out.request_id.as_deref(), Some("r-1"));
        assert_eq!(out.total, Some(12));
        assert_eq!(out.raw()["NotInTheSpec"], json!(true));
        assert_eq!(out.raw()["Success"], json!("true"));
        let mut by_hand = DescribeJobsOutput::default();
        assert_eq!(by_hand.raw(), &json!(null));
        by_hand.request_id = Some("r-1".into());
        by_hand.total = Some(12);
        by_hand.jobs = out.jobs.clone();
        by_hand.last_job = out.last_job.clone();
        by_hand.matrix = out.matrix.clone();
        assert_eq!(
            by_hand, out,
            "equal fields make equal outputs, whatever the body"
        );
        by_hand.total = Some(13);
        assert_ne!(by_hand, out);
        let with_raw = by_hand.with_raw(json!({"Extra": 1}));
        assert_eq!(with_raw.raw()["Extra"], json!(1));
        let job = &out.jobs[0];
        assert_eq!(job.r#type.as_deref(), Some("sync"));
        assert_eq!(job.status, Some(DescribeJobsStatus::from("Paused")));
        assert!(
            matches!(&job.status, Some(DescribeJobsStatus::Unknown(v)) if v.as_str() == "Paused")
        );
        assert_eq!(job.tasks[0].steps[0].progress, Some(0.5));
        assert_eq!(job.meta, Some(json!({"a": 1})));
        assert_eq!(out.last_job.and_then(|j| j.job_id).as_deref(), Some("j-0"));
        assert_eq!(out.matrix, [vec![1, 2], vec![3]]);
        assert!(DescribeJobsOutput::decode(&json!("not an object")).is_none());
        let kept = DescribeJobsOutput::decode_body(body.clone()).expect("an object decodes");
        assert_eq!(kept.raw(), &body);
    }

    #[test]
    fn enums_round_trip_and_keep_unknown_values() {
        assert_eq!(Status::from("Running"), Status::Running);
        assert_eq!(Status::from("Unknown"), Status::Unknown);
        assert!(matches!(Status::from("Later"), Status::UnknownValue(v) if v.as_str() == "Later"));
        // A documented value never reads as the fallback, so equal values compare equal.
        assert!(!matches!(Status::from("Running"), Status::UnknownValue(_)));
        assert_eq!(Status::from(String::from("Running")), Status::Running);
        assert_eq!(Status::from("Later").to_string(), "Later");
        assert_eq!(Mode::decode(&json!("fast")), Some(Mode::Fast));
    }

    fn service_error(code: &str) -> Error {
        Error::new(ErrorKind::Service, "failed").with_code(Some(code.to_owned()))
    }

    #[test]
    fn error_codes_map_to_variants() {
        let own = DescribeJobsError::from(service_error("Job.NotFound"));
        assert!(matches!(own, DescribeJobsError::JobNotFound(_)));
        assert_eq!(own.code(), Some("Job.NotFound"));
        let common = DescribeJobsError::from(service_error("InternalError"));
        assert!(matches!(
            common,
            DescribeJobsError::Common(rich::CommonError::InternalError(_))
        ));
        assert_eq!(common.code(), Some("InternalError"));
        assert!(matches!(
            rich::CommonError::classify(service_error("Job.NotFound")),
            Err(e) if e.code() == Some("Job.NotFound")
        ));
        let other = DescribeJobsError::from(service_error("Brand.New"));
        assert!(matches!(other, DescribeJobsError::Unhandled(_)));
        assert_eq!(other.to_string(), other.inner().to_string());
        let transport = DescribeJobsError::from(Error::new(ErrorKind::Transport, "refused"));
        assert!(matches!(transport, DescribeJobsError::Unhandled(_)));
    }

    #[test]
    fn object_parameters_are_typed_structs_the_runtime_flattens() {
        use crate::operation::tag_resources::Tag;
        let tags = [
            Tag {
                key: Some("env".into()),
                value: Some("prod".into()),
            },
            Tag {
                key: Some("team".into()),
                ..Tag::default()
            },
        ];
        let request = client().tag_resources("cn-hangzhou", ["dts-1"], tags);
        let mut p = Params::default();
        request.input.write(&mut p);
        assert_eq!(
            pairs(&p),
            [
                ("RegionId", "cn-hangzhou"),
                ("ResourceId.1", "dts-1"),
                ("Tag.1.Key", "env"),
                ("Tag.1.Value", "prod"),
                ("Tag.2.Key", "team"),
            ]
        );
    }

    #[test]
    fn the_wrapper_client_forwards_to_the_runtime() {
        let wrapped = rich_wrapper::Client::from(client());
        assert_eq!(wrapped.inner().config().version(), "2020-01-01");
        let request = wrapped.describe_jobs(["a"], "m", "fast").page_size(3);
        assert_eq!(request.input.page_size, Some(3));
        assert_eq!(request.input.mode, rich_wrapper::types::Mode::Fast);
    }
}
