//! Importing the two real metadata snapshots.

#[path = "meta/common.rs"]
mod common;

use common::{api_names, import, load, Scratch, SNAPSHOT_2024, SNAPSHOT_2025};
use dts_import::meta::{run_import, ImportOptions};
use dts_spec::{HttpMethod, Location, Style, Type};

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

#[test]
fn the_2024_snapshot_imports_110_valid_actions() {
    let dir = Scratch::new("import-2024");
    let report = import(&[SNAPSHOT_2024], dir.path());
    assert_eq!(report.created.len(), 110);
    assert!(report.service_written);
    let spec = load(dir.path());
    assert_eq!(spec.actions.len(), 110);
    let names: Vec<String> = spec.actions.iter().map(|a| a.name.clone()).collect();
    assert_eq!(names, api_names(SNAPSHOT_2024));

    let warned: Vec<(Option<&str>, &str)> = report
        .warnings
        .iter()
        .map(|w| (w.api.as_deref(), w.pointer.as_str()))
        .collect();
    assert_eq!(
        warned,
        [
            (
                Some("ConfigureDtsJob"),
                "/apis/ConfigureDtsJob/parameters/42/schema/isFileTransferUrl"
            ),
            (
                Some("ModifyDtsJob"),
                "/apis/ModifyDtsJob/parameters/8/allowEmptyValue"
            ),
            (
                Some("ModifyDtsJob"),
                "/apis/ModifyDtsJob/parameters/8/schema/isFileTransferUrl"
            ),
            (
                Some("SummaryJobDetail"),
                "/apis/SummaryJobDetail/parameters/5/schema/enum"
            ),
        ]
    );
    assert_eq!(report.doc_only_required.len(), 23);
    assert_eq!(
        report.summary(),
        "110 actions (110 new, 0 updated, 0 unchanged), 4 warnings, 23 parameters required only through docRequired"
    );
    assert!(report
        .doc_only_required
        .contains(&("ResetDtsJob".to_owned(), "DtsJobId".to_owned())));

    let service = &spec.service;
    assert_eq!(
        (service.product.as_str(), service.version.as_str()),
        ("Dts", "2020-01-01")
    );
    assert_eq!(service.default_endpoint, "dts.aliyuncs.com");
    assert_eq!(service.endpoints.len(), 56);
    assert_eq!(
        service.endpoints["cn-hangzhou"],
        "dts.cn-hangzhou.aliyuncs.com"
    );
    let common: Vec<&str> = service
        .common_errors
        .iter()
        .map(|e| e.code.as_str())
        .collect();
    assert_eq!(
        common,
        [
            "Throttling.User",
            "InvalidSecurityToken.Expired",
            "ServiceUnavailable"
        ]
    );
}

#[test]
fn the_2024_entries_carry_facts_not_prose() {
    let dir = Scratch::new("import-facts");
    import(&[SNAPSHOT_2024], dir.path());
    let spec = load(dir.path());
    for action in &spec.actions {
        assert!(
            action.summary.is_none() && action.notes.is_empty(),
            "{}",
            action.name
        );
        assert!(
            action.request.iter().all(|p| p.description.is_none()),
            "{}",
            action.name
        );
        let text =
            std::fs::read_to_string(dir.join(&format!("actions/{}.json", action.name))).unwrap();
        assert!(
            !text.contains("\"description\""),
            "{} has a description",
            action.name
        );
        assert!(
            text.ends_with("}\n") && text.starts_with("{\n  \"name\""),
            "{} layout",
            action.name
        );
    }

    let reset = spec.action("ResetDtsJob").unwrap();
    let job = reset.param("DtsJobId").unwrap();
    assert!(
        !job.required && job.doc_required,
        "docRequired alone: documented as required, not enforced"
    );
    assert_eq!(job.example.as_deref(), Some("l3m1213ye7l****"));
    assert!(!reset.idempotent, "tagged as an update");
    let success = reset.response.iter().find(|f| f.name == "Success").unwrap();
    assert_eq!(
        (success.ty, success.accepts.as_slice()),
        (Type::Boolean, &[Type::String][..])
    );

    let jobs = spec.action("DescribeDtsJobs").unwrap();
    assert!(jobs.idempotent);
    let page = jobs.param("PageSize").unwrap();
    assert_eq!(page.ty, Type::Integer);
    let region = jobs.param("RegionId").unwrap();
    assert!(region.enum_values.iter().any(|v| v.value == "cn-hangzhou"));

    let tags = spec.action("ListTagResources").unwrap();
    let resource = tags.param("ResourceId").unwrap();
    assert_eq!(
        (resource.ty, resource.style),
        (Type::Array, Style::RepeatList)
    );
    assert_eq!(resource.items.as_ref().unwrap().ty, Type::String);
    assert_eq!(resource.constraints.max_items, Some(51));
    let tag = tags.param("Tag").unwrap();
    let items = tag.items.as_ref().unwrap();
    assert_eq!(
        (items.ty, items.struct_name.as_deref()),
        (Type::Object, Some("Tag"))
    );
    assert_eq!(
        items
            .fields
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>(),
        ["Key", "Value"]
    );

    let modify = spec.action("ModifyDtsJob").unwrap();
    let db_list = modify.param("DbList").unwrap();
    assert_eq!((db_list.ty, db_list.style), (Type::Any, Style::Json));
    assert!(modify.request.iter().any(|p| p.location == Location::Body));

    let configure = spec.action("ConfigureMigrationJob").unwrap();
    let dotted = configure.param("SourceEndpoint.InstanceType").unwrap();
    assert_eq!(
        dotted.rust_name.as_deref(),
        Some("source_endpoint_instance_type")
    );

    let count = spec.action("CountJobByCondition").unwrap();
    assert_eq!(count.methods, [HttpMethod::Post, HttpMethod::Get]);
    let limits = spec
        .action("DescribeInitializationStatus")
        .unwrap()
        .param("PageSize")
        .unwrap();
    assert_eq!(
        (limits.constraints.minimum, limits.constraints.maximum),
        (Some(1.0), Some(300.0))
    );
    assert_eq!(limits.default.as_deref(), Some("30"));
}

#[test]
fn the_2025_snapshot_imports_123_request_only_actions() {
    let dir = Scratch::new("import-2025");
    let report = import(&[SNAPSHOT_2025], dir.path());
    assert_eq!(report.created.len(), 123);
    assert_eq!(report.warnings.len(), 1, "{:#?}", report.warnings);
    assert!(
        report.doc_only_required.is_empty(),
        "the 2025 snapshot has no docRequired"
    );
    let spec = load(dir.path());
    assert_eq!(spec.actions.len(), 123);
    assert!(spec
        .actions
        .iter()
        .all(|a| a.response.is_empty() && a.errors.is_empty()));
    assert!(spec.service.common_errors.is_empty());
    let reset = spec.action("ResetDtsJob").unwrap();
    assert!(!reset.param("DtsJobId").unwrap().required);
}

#[test]
fn the_catalog_merges_requests_from_2025_with_responses_from_2024() {
    let dir = Scratch::new("import-catalog");
    let report = import(&[SNAPSHOT_2024, SNAPSHOT_2025], dir.path());
    assert_eq!(report.created.len(), 123);
    let spec = load(dir.path());
    let old = api_names(SNAPSHOT_2024);
    for action in &spec.actions {
        let had_response = old.contains(&action.name);
        assert_eq!(!action.response.is_empty(), had_response, "{}", action.name);
    }
    let reset = spec.action("ResetDtsJob").unwrap();
    let job = reset.param("DtsJobId").unwrap();
    assert!(
        !job.required && job.doc_required,
        "docRequired carried over from 2024"
    );
    assert_eq!(
        job.example.as_deref(),
        Some("l3m1213ye7l****"),
        "example carried over from 2024"
    );
    let password = spec.action("ModifyDtsJobPassword").unwrap();
    assert!(
        !password.param("DtsJobId").unwrap().required,
        "the 2025 `required: false` wins"
    );
    assert!(
        password.param("SynchronizationDirection").is_some(),
        "added in 2025"
    );
    assert_eq!(
        spec.service.common_errors.len(),
        3,
        "common errors from 2024"
    );
}

/// The corrections proposed for the bundled catalog.
/// The five entries written by hand from their documentation pages.
const SEEDS: [&str; 5] = [
    "DeleteDtsJob",
    "ResetDtsJob",
    "ResetSynchronizationJob",
    "StartSynchronizationJob",
    "SuspendSynchronizationJob",
];

#[test]
fn seed_entries_win_and_catalog_overrides_apply_cleanly() {
    let dir = Scratch::new("import-seeds");
    copy_seeds(std::path::Path::new(SPEC_DIR), dir.path());
    let seeds = load(dir.path());
    let service_before = std::fs::read(dir.join("service.json")).unwrap();

    // `overrides.json` in the spec directory applies by default.
    let options = ImportOptions::default();
    let inputs = [SNAPSHOT_2024.into(), SNAPSHOT_2025.into()];
    let report = run_import(&inputs, dir.path(), &options).unwrap();
    let from_overrides: Vec<_> = report
        .warnings
        .iter()
        .filter(|w| w.source.contains("overrides"))
        .collect();
    assert!(from_overrides.is_empty(), "{from_overrides:#?}");
    assert_eq!(report.created.len(), 118);
    assert_eq!(report.updated.len() + report.unchanged.len(), 5);
    assert!(!report.service_written);
    assert_eq!(
        std::fs::read(dir.join("service.json")).unwrap(),
        service_before
    );

    let spec = load(dir.path());
    assert_eq!(spec.actions.len(), 123);
    for seed in &seeds.actions {
        let merged = spec.action(&seed.name).unwrap();
        assert_eq!(
            &merged.request[..seed.request.len()],
            &seed.request[..],
            "{}",
            seed.name
        );
        assert_eq!(
            &merged.response[..seed.response.len()],
            &seed.response[..],
            "{}",
            seed.name
        );
        assert_eq!(
            (&merged.summary, &merged.notes),
            (&seed.summary, &seed.notes)
        );
        assert_eq!(merged.methods, seed.methods);
        assert_eq!(&merged.errors[..seed.errors.len()], &seed.errors[..]);
    }
    let suspend = spec.action("SuspendSynchronizationJob").unwrap();
    let added: Vec<&str> = suspend.request[4..]
        .iter()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(added, ["ResourceGroupId"], "ResourceGroupId is new in 2025");

    let start = spec
        .action("StartDtsJob")
        .unwrap()
        .param("SynchronizationDirection")
        .unwrap();
    assert_eq!(
        (start.enum_values.len(), start.default.as_deref()),
        (2, Some("Forward"))
    );
    let summary = spec
        .action("SummaryJobDetail")
        .unwrap()
        .param("SynchronizationDirection")
        .unwrap();
    assert_eq!(
        (
            summary.required,
            summary.doc_required,
            summary.enum_values.len(),
            summary.default.as_deref()
        ),
        (false, true, 2, None)
    );
    let status = spec.action("DescribeConnectionStatus").unwrap();
    let sid = status.param("DestinationEndpointOracleSID").unwrap();
    assert!(
        !sid.required && !sid.doc_required,
        "the override drops the metadata's docRequired"
    );
    assert_eq!(
        status
            .param("SourceEndpointArchitecture")
            .unwrap()
            .enum_values
            .len(),
        2
    );

    let again = run_import(&inputs, dir.path(), &options).unwrap();
    assert!(
        again.created.is_empty() && again.updated.is_empty(),
        "{again:?}"
    );
    assert_eq!(again.unchanged.len(), 123);
}

/// Copies the service, the override file and the five hand-written entries of a spec directory.
fn copy_seeds(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to.join("actions")).unwrap();
    for file in ["service.json", "overrides.json"] {
        std::fs::copy(from.join(file), to.join(file)).unwrap();
    }
    for action in SEEDS {
        let file = format!("actions/{action}.json");
        std::fs::copy(from.join(&file), to.join(&file)).unwrap();
    }
}

/// The committed catalog is what the documented rebuild gives: the five hand-written entries,
/// `import-meta` of both snapshots, and the response envelope for the actions the metadata
/// gives no response (`dts-spec/README.md`, "Regenerating the catalog").
#[test]
fn committed_catalog_is_the_documented_rebuild() {
    let dir = Scratch::new("rebuild");
    copy_seeds(std::path::Path::new(SPEC_DIR), dir.path());
    let inputs = [SNAPSHOT_2024.into(), SNAPSHOT_2025.into()];
    run_import(&inputs, dir.path(), &ImportOptions::default()).unwrap();
    let mut rebuilt = load(dir.path());
    let envelope: Vec<dts_spec::Field> = serde_json::from_value(serde_json::json!([
        {"name": "RequestId", "type": "String"},
        {"name": "Success", "type": "String", "accepts": ["Boolean"]},
        {"name": "ErrCode", "type": "String"},
        {"name": "ErrMessage", "type": "String"}
    ]))
    .unwrap();
    let mut enveloped = Vec::new();
    for action in &mut rebuilt.actions {
        if action.response.is_empty() {
            action.response = envelope.clone();
            enveloped.push(action.name.clone());
        }
    }
    assert_eq!(enveloped.len(), 13, "{enveloped:?}");
    let committed = dts_spec::bundled().unwrap();
    assert_eq!(rebuilt.actions.len(), committed.actions.len());
    // `enum_name`s are the catalog's own naming decisions, made by hand: the importer names no
    // enum, since a name chosen by looking at other actions would change when one is added.
    let mut named = 0;
    for (got, want) in rebuilt.actions.iter_mut().zip(&committed.actions) {
        for (g, w) in got.request.iter_mut().zip(&want.request) {
            if g.name == w.name && g.enum_name.is_none() && w.enum_name.is_some() {
                g.enum_name = w.enum_name.clone();
                named += 1;
            }
        }
    }
    assert_eq!(
        named, 20,
        "25 declared, 5 of them in the seed entries copied as they are"
    );
    // Paginators and waiters are declared by hand too: the metadata does not say how an action
    // pages or what a caller waits for.
    let mut declared = 0;
    for (got, want) in rebuilt.actions.iter_mut().zip(&committed.actions) {
        if got.paginator.is_none() && got.waiters.is_empty() {
            declared += usize::from(want.paginator.is_some()) + want.waiters.len();
            got.paginator = want.paginator.clone();
            got.waiters = want.waiters.clone();
        }
    }
    assert_eq!(declared, 17 + 11, "17 paginators and 11 waiters");
    for (got, want) in rebuilt.actions.iter().zip(&committed.actions) {
        assert_eq!(got, want, "{}", want.name);
    }
    assert_eq!(&rebuilt, committed);

    // Importing again into the committed catalog changes nothing.
    let again = run_import(&inputs, dir.path(), &ImportOptions::default()).unwrap();
    assert!(
        again.created.is_empty() && again.updated.is_empty(),
        "{again:?}"
    );
}
