// Every supported field type and attribute, and the wire form each one takes.

use dts_macros::Action;

#[derive(Action)]
#[dts(action = "DescribeWidgets", output = serde_json::Value, method = "GET", idempotent)]
struct DescribeWidgets<'a> {
    dts_job_id: String,
    #[dts(rename = "DTSInstanceID")]
    instance: &'a str,
    page_size: i32,
    offset: Option<i64>,
    verbose: bool,
    ratio: Option<f32>,
    precise: f64,
    region_id: Option<String>,
    owner: Option<&'a str>,
    job_ids: Vec<String>,
    #[dts(style = "simple")]
    names: Vec<&'a str>,
    #[dts(style = "json")]
    levels: Vec<i32>,
    #[dts(style = "json")]
    empty_levels: Vec<i32>,
    tags: Option<Vec<u32>>,
    filter: Option<serde_json::Value>,
    #[dts(optional)]
    keyword: String,
    #[dts(optional)]
    limit: i64,
    #[dts(required)]
    r#type: String,
    #[dts(skip)]
    _note: std::marker::PhantomData<u8>,
}

fn main() {
    let request = DescribeWidgets {
        dts_job_id: "job-1".into(),
        instance: "dts-1",
        page_size: 20,
        offset: None,
        verbose: false,
        ratio: Some(0.1),
        precise: 2.5,
        region_id: Some("cn-hangzhou".into()),
        owner: None,
        job_ids: vec!["a".into(), "b".into()],
        names: vec!["x", "y z"],
        levels: vec![1, 2],
        empty_levels: vec![],
        tags: Some(vec![7]),
        filter: Some(serde_json::json!({"k": ["v"]})),
        keyword: String::new(),
        limit: 5,
        r#type: "sync".into(),
        _note: std::marker::PhantomData,
    };
    let params = request.params();
    let pairs: Vec<(&str, &str)> = params
        .pairs()
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("DtsJobId", "job-1"),
            ("DTSInstanceID", "dts-1"),
            ("PageSize", "20"),
            ("Verbose", "false"),
            ("Ratio", "0.1"),
            ("Precise", "2.5"),
            ("RegionId", "cn-hangzhou"),
            ("JobIds.1", "a"),
            ("JobIds.2", "b"),
            ("Names", "x,y z"),
            ("Levels", "[1,2]"),
            ("Tags.1", "7"),
            ("Filter", r#"{"k":["v"]}"#),
            ("Limit", "5"),
            ("Type", "sync"),
        ]
    );
    let op = DescribeWidgets::OPERATION;
    assert_eq!(
        (op.action, op.method, op.idempotent),
        ("DescribeWidgets", "GET", true)
    );
}
