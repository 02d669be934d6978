//! The table of operations says what the spec says: every action in order, with its
//! operation, method, access class, paginator, waiters and every parameter's facts; and the
//! texts only with the `descriptions` feature.

use dts_client::catalog::{self, Access, ActionInfo, ItemInfo, PaginationStyle, Style, Type};
use dts_client::CATALOG;
use dts_spec::names;

fn spec() -> &'static dts_spec::Spec {
    dts_spec::bundled().expect("the bundled spec validates")
}

fn style(s: dts_spec::Style) -> Style {
    match s {
        dts_spec::Style::Flat => Style::Flat,
        dts_spec::Style::RepeatList => Style::RepeatList,
        dts_spec::Style::Simple => Style::Simple,
        dts_spec::Style::Json => Style::Json,
    }
}

fn access(a: dts_spec::Access) -> Access {
    match a {
        dts_spec::Access::ReadOnly => Access::ReadOnly,
        dts_spec::Access::Write => Access::Write,
        dts_spec::Access::Destructive => Access::Destructive,
    }
}

fn values(v: &[dts_spec::EnumValue]) -> Vec<&str> {
    v.iter().map(|e| e.value.as_str()).collect()
}

fn same_items(at: &str, got: Option<&ItemInfo>, want: Option<&dts_spec::Items>) {
    match (got, want) {
        (None, None) => {}
        (Some(got), Some(want)) => {
            assert_eq!(got.ty.as_str(), want.ty.as_str(), "{at}: items type");
            assert_eq!(
                got.enum_values,
                values(&want.enum_values),
                "{at}: items values"
            );
            let fields: Vec<&str> = got.fields.iter().map(|f| f.name).collect();
            let want_fields: Vec<&str> = want.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(fields, want_fields, "{at}: items fields");
            same_items(&format!("{at}[]"), got.items, want.items.as_deref());
        }
        (got, want) => panic!("{at}: items {got:?} against {want:?}"),
    }
}

#[test]
fn every_action_and_parameter_is_in_the_table_as_the_spec_has_it() {
    let spec = spec();
    let names_in_table: Vec<&str> = CATALOG.iter().map(ActionInfo::name).collect();
    let names_in_spec: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names_in_table, names_in_spec);
    for a in &spec.actions {
        let info = catalog::find(CATALOG, &a.name).expect("listed");
        let name = &a.name;
        assert_eq!(info.method, names::method(name), "{name}");
        assert_eq!(
            info.operation.method,
            a.preferred_method().as_str(),
            "{name}"
        );
        assert_eq!(info.operation.idempotent, a.idempotent, "{name}");
        assert_eq!(info.deprecated, a.deprecated, "{name}");
        assert_eq!(info.access, a.access.map(access), "{name}");
        assert_eq!(info.params.len(), a.request.len(), "{name}");
        for (got, want) in info.params.iter().zip(&a.request) {
            let at = format!("{name}.{}", want.name);
            assert_eq!(got.name, want.name, "{at}");
            assert_eq!(got.flag, names::kebab(&want.name), "{at}");
            let rust = want
                .rust_name
                .clone()
                .unwrap_or_else(|| names::snake(&want.name));
            assert_eq!(got.rust_name, rust, "{at}");
            assert_eq!(got.ty.as_str(), want.ty.as_str(), "{at}");
            assert_eq!(got.style, style(want.style), "{at}");
            assert_eq!(
                got.in_body,
                want.location == dts_spec::Location::Body,
                "{at}"
            );
            assert_eq!(got.required, want.required, "{at}");
            assert_eq!(got.doc_required, want.doc_required, "{at}");
            assert_eq!(got.deprecated, want.deprecated, "{at}");
            assert_eq!(got.enum_values, values(&want.enum_values), "{at}");
            assert_eq!(got.default, want.default.as_deref(), "{at}");
            assert_eq!(got.example, want.example.as_deref(), "{at}");
            let c = &want.constraints;
            assert_eq!(got.constraints.minimum, c.minimum, "{at}");
            assert_eq!(got.constraints.maximum, c.maximum, "{at}");
            assert_eq!(got.constraints.max_length, c.max_length, "{at}");
            assert_eq!(got.constraints.pattern, c.pattern.as_deref(), "{at}");
            let fields: Vec<&str> = got.fields.iter().map(|f| f.name).collect();
            let want_fields: Vec<&str> = want.fields.iter().map(|f| f.name.as_str()).collect();
            assert_eq!(fields, want_fields, "{at}: fields");
            same_items(&at, got.items, want.items.as_deref());
            if cfg!(feature = "descriptions") {
                assert_eq!(got.description, want.description.as_deref(), "{at}");
            } else {
                assert_eq!(got.description, None, "{at}: texts need the feature");
            }
        }
        match (info.paginator, &a.paginator) {
            (None, None) => {}
            (Some(got), Some(want)) => {
                let style = match want.style {
                    dts_spec::PaginationStyle::PageNumber => PaginationStyle::PageNumber,
                    dts_spec::PaginationStyle::NextToken => PaginationStyle::NextToken,
                };
                assert_eq!(got.style, style, "{name}");
                assert_eq!(got.input_token, want.input_token, "{name}");
                assert_eq!(got.output_token, want.output_token.as_deref(), "{name}");
                assert_eq!(got.page_size, want.page_size.as_deref(), "{name}");
                assert_eq!(got.total, want.total.as_deref(), "{name}");
                assert_eq!(got.items, want.items, "{name}");
            }
            (got, want) => panic!("{name}: paginator {got:?} against {want:?}"),
        }
        assert_eq!(info.waiters.len(), a.waiters.len(), "{name}");
        for (got, want) in info.waiters.iter().zip(&a.waiters) {
            assert_eq!(got.name, want.name, "{name}");
            assert_eq!(got.path, want.path, "{name}");
            assert_eq!(got.success, want.success, "{name}");
            assert_eq!(got.failure, want.failure, "{name}");
            assert_eq!(got.success_errors, want.success_errors, "{name}");
            assert_eq!(got.retry_errors, want.retry_errors, "{name}");
            assert_eq!(got.min_delay_secs, want.min_delay(), "{name}");
            assert_eq!(got.max_delay_secs, want.max_delay(), "{name}");
            assert_eq!(got.max_wait_secs, want.max_wait(), "{name}");
        }
        if cfg!(feature = "descriptions") {
            assert_eq!(info.summary, a.summary.as_deref(), "{name}");
            assert_eq!(info.notes, a.notes, "{name}");
        } else {
            assert_eq!((info.summary, info.notes.len()), (None, 0), "{name}");
        }
    }
}

#[test]
fn the_table_holds_each_kind_of_parameter() {
    let tag = catalog::find(CATALOG, "TagResources").expect("TagResources");
    let tags = tag.param("Tag").expect("its Tag parameter");
    assert_eq!(tags.ty, Type::Array);
    let item = tags.items.expect("an array has items");
    assert_eq!(item.ty, Type::Object);
    let fields: Vec<&str> = item.fields.iter().map(|f| f.name).collect();
    assert_eq!(fields, ["Key", "Value"]);
    assert!(
        CATALOG
            .iter()
            .flat_map(|a| a.params)
            .any(|p| p.style == Style::Json),
        "some parameter is sent as one JSON document"
    );
    assert!(catalog::find(CATALOG, "NoSuchAction").is_none());
}
