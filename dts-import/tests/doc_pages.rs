//! Pages written for other DTS actions in the same layout: nesting, types, valid values,
//! defaults, request styles, error tables, and a Chinese page.

mod doc_common;

use doc_common::{field, import, items_type, names, validate, PAGES};
use dts_spec::{Style, Type};

#[test]
fn nested_arrays_and_objects_are_rebuilt_from_the_json_sample() {
    let imp = import(PAGES, "DescribeSynchronizationJobs.txt");
    assert!(imp.warnings.is_empty(), "{:#?}", imp.warnings);
    let a = &imp.action;
    assert_eq!(a.name, "DescribeSynchronizationJobs");
    assert_eq!(
        names(&a.response),
        [
            "PageNumber",
            "RequestId",
            "PageRecordCount",
            "TotalRecordCount",
            "SynchronizationInstances"
        ]
    );
    assert_eq!(field(a, "TotalRecordCount").ty, Type::Long);
    let instances = field(a, "SynchronizationInstances");
    assert_eq!(instances.ty, Type::Array);
    let items = instances.items.as_deref().unwrap();
    assert_eq!(items.ty, Type::Object);
    assert_eq!(
        items.struct_name.as_deref(),
        Some("SynchronizationInstance")
    );
    assert_eq!(items.fields.len(), 23);
    // Two levels of arrays of objects.
    let objects = field(a, "SynchronizationInstances.SynchronizationObjects");
    assert_eq!(items_type(objects), Type::Object);
    assert_eq!(
        names(&objects.items.as_ref().unwrap().fields),
        [
            "NewSchemaName",
            "SchemaName",
            "TableExcludes",
            "TableIncludes"
        ]
    );
    let includes = field(
        a,
        "SynchronizationInstances.SynchronizationObjects.TableIncludes",
    );
    assert_eq!(
        names(&includes.items.as_ref().unwrap().fields),
        ["TableName"]
    );
    // Objects inside array items, and an array inside such an object.
    let source = field(a, "SynchronizationInstances.SourceEndpoint");
    assert_eq!(source.ty, Type::Object);
    assert_eq!(
        names(&source.fields),
        [
            "InstanceId",
            "IP",
            "InstanceType",
            "Port",
            "UserName",
            "EngineName"
        ]
    );
    let detail = field(a, "SynchronizationInstances.PrecheckStatus.Detail");
    assert_eq!(items_type(detail), Type::Object);
    assert_eq!(names(&detail.items.as_ref().unwrap().fields).len(), 4);
    // The same name at several levels lands at each of them.
    for path in [
        "SynchronizationInstances.Status",
        "SynchronizationInstances.DataInitializationStatus.Status",
        "SynchronizationInstances.PrecheckStatus.Status",
        "SynchronizationInstances.StructureInitializationStatus.Status",
    ] {
        assert_eq!(field(a, path).ty, Type::String, "{path}");
    }
    let pay = field(a, "SynchronizationInstances.PayType");
    let values: Vec<&str> = pay.enum_values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["PrePaid", "PostPaid"]);
    assert!(validate(a).is_empty());
}

#[test]
fn integer_params_valid_values_defaults_and_tag_lists() {
    let a = import(PAGES, "DescribeSynchronizationJobs.txt").action;
    let request: Vec<&str> = a.request.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        request,
        [
            "RegionId",
            "PageSize",
            "PageNum",
            "SynchronizationJobName",
            "ClientToken",
            "AccountId",
            "Tag",
            "ResourceGroupId"
        ]
    );
    let size = a.param("PageSize").unwrap();
    assert_eq!(size.ty, Type::Integer);
    let values: Vec<&str> = size.enum_values.iter().map(|v| v.value.as_str()).collect();
    assert_eq!(values, ["30", "50", "100"]);
    assert_eq!(size.default.as_deref(), Some("30"));
    let num = a.param("PageNum").unwrap();
    assert_eq!((num.ty, num.default.as_deref()), (Type::Integer, Some("1")));
    assert!(a.param("AccountId").unwrap().deprecated);
    let tag = a.param("Tag").unwrap();
    assert_eq!((tag.ty, tag.style), (Type::Array, Style::RepeatList));
    let items = tag.items.as_deref().unwrap();
    assert_eq!(items.ty, Type::Object);
    assert_eq!(names(&items.fields), ["Key", "Value"]);
    assert!(items.fields[0]
        .description
        .as_deref()
        .unwrap()
        .contains("Required."));
    assert_eq!(a.param("ResourceGroupId").unwrap().example, None);
    assert_eq!(a.errors.len(), 3);
    assert_eq!(a.errors[2].code, "ServiceUnavailable");
    assert_eq!(a.errors[2].http_status, 500);
    assert_eq!(
        a.errors[2].message.as_deref(),
        Some("The request has failed due to a temporary failure of the server.")
    );
    assert!(a
        .examples
        .request
        .as_deref()
        .unwrap()
        .contains("&Tag.1.Key=testkey1"));
    assert!(a
        .examples
        .response_xml
        .as_deref()
        .unwrap()
        .starts_with("<DescribeSynchronizationJobsResponse>"));
    assert_eq!(
        a.examples.response_json.as_ref().unwrap()["TotalRecordCount"],
        100
    );
}

#[test]
fn long_and_boolean_params_and_a_field_missing_from_the_sample() {
    let imp = import(PAGES, "DescribeDtsServiceLog.txt");
    let a = &imp.action;
    let ty = |n: &str| a.param(n).unwrap().ty;
    assert_eq!(ty("PageSize"), Type::Integer);
    assert_eq!(ty("StartTime"), Type::Long);
    assert_eq!(ty("EndTime"), Type::Long);
    assert_eq!(ty("ZeroEtlJob"), Type::Boolean);
    let zero = a.param("ZeroEtlJob").unwrap();
    assert_eq!(zero.default.as_deref(), Some("false"));
    assert_eq!(zero.enum_values.len(), 2);
    let size = a.param("PageSize").unwrap();
    assert_eq!(size.enum_values.len(), 5);
    assert_eq!(size.default.as_deref(), Some("20"));
    assert_eq!(a.param("PageNumber").unwrap().default.as_deref(), Some("1"));
    let sub = a.param("SubJobType").unwrap();
    assert_eq!(sub.enum_values[2].value, "SYNC_WRITER");
    assert_eq!(
        sub.enum_values[2].description.as_deref(),
        Some("incremental synchronization.")
    );
    // `State` is not in the JSON sample: it stays with the rows around it, with a warning.
    let logs = field(a, "ServiceLogContexts");
    assert_eq!(
        names(&logs.items.as_ref().unwrap().fields),
        ["Context", "Time", "State"]
    );
    assert_eq!(imp.warnings.len(), 1, "{:#?}", imp.warnings);
    assert_eq!(imp.warnings[0].line, Some(121));
    assert!(imp.warnings[0].message.contains("`State`"));
    // Documented drift is accepted whatever the sample shows.
    assert_eq!(field(a, "HttpStatusCode").accepts, [Type::String]);
    assert_eq!(field(a, "Success").accepts, [Type::String]);
    assert_eq!(field(a, "DynamicCode").accepts, [Type::Integer]);
    assert_eq!(field(a, "TotalRecordCount").ty, Type::Long);
    assert!(validate(a).is_empty());
}

#[test]
fn dotted_request_names_and_an_object_wrapping_an_array() {
    let imp = import(PAGES, "ListTagResources.txt");
    let a = &imp.action;
    assert_eq!(
        a.summary
            .as_deref()
            .map(|s| s.starts_with("Lists the tags")),
        Some(true)
    );
    let ids = a.param("ResourceId").unwrap();
    assert_eq!((ids.ty, ids.style), (Type::Array, Style::RepeatList));
    assert_eq!(ids.items.as_ref().unwrap().ty, Type::String);
    let tag = a.param("Tag").unwrap();
    assert_eq!(names(&tag.items.as_ref().unwrap().fields), ["Key", "Value"]);
    let wrapper = field(a, "TagResources");
    assert_eq!(wrapper.ty, Type::Object);
    let inner = field(a, "TagResources.TagResource");
    assert_eq!(items_type(inner), Type::Object);
    assert_eq!(
        names(&inner.items.as_ref().unwrap().fields),
        ["TagValue", "ResourceType", "ResourceId", "TagKey"]
    );
    let quota = a
        .errors
        .iter()
        .find(|e| e.code == "QuotaExceed.TagsPerResource")
        .unwrap();
    assert_eq!(quota.http_status, 419);
    // The sample error response is recognised, reported, and not mistaken for the success one.
    assert_eq!(imp.warnings.len(), 1, "{:#?}", imp.warnings);
    assert!(imp.warnings[0].message.contains("sample error response"));
    assert!(a
        .examples
        .response_json
        .as_ref()
        .unwrap()
        .get("TagResources")
        .is_some());
    assert!(validate(a).is_empty());
}

#[test]
fn json_string_params_boolean_values_and_sample_drift() {
    let imp = import(PAGES, "ModifyDtsJob.txt");
    assert!(imp.warnings.is_empty(), "{:#?}", imp.warnings);
    let a = &imp.action;
    let db = a.param("DbList").unwrap();
    assert_eq!((db.ty, db.style), (Type::Any, Style::Json));
    assert_eq!(
        db.example.as_deref(),
        Some(r#"{"dtstest":{"name":"dtstest","all":true}}"#)
    );
    assert_eq!(a.param("Reserved").unwrap().style, Style::Json);
    assert_eq!(a.param("ClientToken").unwrap().ty, Type::String);
    let dir = a.param("SynchronizationDirection").unwrap();
    assert_eq!(dir.default.as_deref(), Some("Forward"));
    let structure = a.param("StructureInitialization").unwrap();
    assert_eq!(structure.ty, Type::Boolean);
    assert_eq!(structure.enum_values[0].value, "true");
    assert!(a.param("DtsInstanceId").unwrap().required);
    // The sample sends `Status` as a number although the page says String.
    assert_eq!(field(a, "Status").accepts, [Type::Integer]);
    assert_eq!(a.notes.len(), 2);
    assert_eq!(a.errors.len(), 2);
    assert!(a
        .errors
        .iter()
        .all(|e| e.http_status == 403 && e.retryable == Some(false)));
    assert!(validate(a).is_empty());
}

#[test]
fn chinese_page() {
    let imp = import(PAGES, "DescribeDTSIP.zh.txt");
    assert!(imp.warnings.is_empty(), "{:#?}", imp.warnings);
    let a = &imp.action;
    assert_eq!(a.name, "DescribeDTSIP");
    assert_eq!(
        a.summary.as_deref(),
        Some("查询需要加入源库和目标库白名单的DTS服务器IP地址段。")
    );
    assert_eq!(a.notes, ["白名单未放通这些地址段时，DTS无法连接数据库。"]);
    let src = a.param("SourceEndpointRegion").unwrap();
    assert!(src.required);
    assert!(src
        .description
        .as_deref()
        .unwrap()
        .contains("说明：自建数据库"));
    assert!(!a.param("RegionId").unwrap().required);
    let success = field(a, "Success");
    assert_eq!(
        (success.ty, success.accepts.as_slice()),
        (Type::String, &[Type::Boolean][..])
    );
    assert_eq!(
        success.enum_values[1].description.as_deref(),
        Some("失败。")
    );
    assert_eq!(field(a, "DynamicCode").accepts, [Type::Integer]);
    assert_eq!(a.errors.len(), 2);
    assert_eq!(
        a.errors[0].message.as_deref(),
        Some("Request was denied due to user flow control.")
    );
    assert_eq!(
        a.errors[0].description.as_deref(),
        Some("请求过于频繁，请稍后重试。")
    );
    assert_eq!(
        a.examples.request.as_deref().unwrap().lines().last(),
        Some("&<公共请求参数>")
    );
    assert!(a.examples.response_xml.is_some());
    assert!(validate(a).is_empty());
}

/// The same page with rows written as space-separated text, tab-separated cells and a pipe
/// table imports to the same entry.
#[test]
fn table_renderings_import_alike() {
    let spaced =
        "Stops a task.\n\nRequest parameters\n\nParameter Type Required Example Description\n\
        Action String Yes StopTask\n\nThe operation.\n\n\
        TaskId String Yes t-1\n\nThe task.\n\n\
        Ids Array of String No\n\nMore tasks.\n\n\
        Response parameters\n\nParameter Type Example Description\n\
        RequestId String r-1\n\nThe request.\n\n\
        Success Boolean true\n\nWhether it worked.\n\n\
        Error codes\n\nHttp status code Error code Error message Description\n\
        400 Task.Busy The task is busy. Try again.\n";
    let tabbed =
        "Stops a task.\n\nRequest parameters\n\nParameter\tType\tRequired\tExample\tDescription\n\
        Action\tString\tYes\tStopTask\tThe operation.\n\
        TaskId\tString\tYes\tt-1\tThe task.\n\
        Ids\tArray of String\tNo\t\tMore tasks.\n\
        Response parameters\n\nParameter\tType\tExample\tDescription\n\
        RequestId\tString\tr-1\tThe request.\n\
        Success\tBoolean\ttrue\tWhether it worked.\n\
        Error codes\n\nHttp status code\tError code\tError message\tDescription\n\
        400\tTask.Busy\tThe task is busy.\tTry again.\n";
    let piped = "Stops a task.\n\nRequest parameters\n\n| Parameter | Type | Required | Example | Description |\n\
        |---|---|---|---|---|\n\
        | Action | String | Yes | StopTask | The operation. |\n\
        | TaskId | String | Yes | t-1 | The task. |\n\
        | Ids | Array of String | No | | More tasks. |\n\
        Response parameters\n\n| Parameter | Type | Example | Description |\n|---|---|---|---|\n\
        | RequestId | String | r-1 | The request. |\n\
        | Success | Boolean | true | Whether it worked. |\n\
        Error codes\n\n| Http status code | Error code | Error message | Description |\n|---|---|---|---|\n\
        | 400 | Task.Busy | The task is busy. | Try again. |\n";
    let import = |text: &str| {
        let imp = dts_import::doc::import_page(std::path::Path::new("StopTask.txt"), text).unwrap();
        assert!(imp.warnings.is_empty(), "{:#?}", imp.warnings);
        imp.action
    };
    let a = import(spaced);
    assert_eq!(a.request.len(), 2);
    assert_eq!(a.param("Ids").unwrap().style, Style::RepeatList);
    assert_eq!(a.errors[0].description.as_deref(), Some("Try again."));
    assert_eq!(import(tabbed), a);
    assert_eq!(import(piped), a);
}

/// `SourceEndpoint.InstanceType` is one wire parameter: kept whole (with a Rust name) it
/// keeps its Required flag; `Tag.N.Key` is a list of objects.
#[test]
fn dotted_names_without_an_index_stay_whole() {
    let page = "Creates a job.\n\nRequest parameters\n\n\
        Action String Yes CreateJob\n\n\
        SourceEndpoint.InstanceType String Yes RDS\n\nKind of source.\n\n\
        SourceEndpoint.Port String No 3306\n\nPort of the source.\n\n\
        Tag.N.Key String No k\n\nKey of tag N.\n\n\
        Examples\n\nhttp(s)://dts.aliyuncs.com/?Action=CreateJob\n&SourceEndpoint.InstanceType=RDS\n&Tag.1.Key=k\n";
    let imp = dts_import::doc::import_page(std::path::Path::new("CreateJob.txt"), page).unwrap();
    let warnings: Vec<&str> = imp.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(warnings, ["the page has no response parameters section"]);
    let a = &imp.action;
    let kind = a.param("SourceEndpoint.InstanceType").unwrap();
    assert!(kind.required);
    assert_eq!(
        kind.rust_name.as_deref(),
        Some("source_endpoint_instance_type")
    );
    assert!(!a.param("SourceEndpoint.Port").unwrap().required);
    assert_eq!(a.param("Tag").unwrap().ty, Type::Array);
    validate(a);
}
