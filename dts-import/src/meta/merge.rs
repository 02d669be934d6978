//! Combining sources: two metadata snapshots into one catalog, and imported actions into
//! entries already in the target directory. The precedence is documented in [`super`].

use std::collections::{BTreeMap, BTreeSet};

use dts_spec::{Action, ErrorCode, Field, Items, Type};

use super::Import;

/// Merges two snapshots of the same product into one catalog: every action of either, with
/// the request side (parameters, methods, deprecation) from `newer` and the response side
/// (fields, error codes) from `older` unless `newer` carries responses itself.
///
/// Facts the newer snapshot's format does not carry are filled in from the older one for the
/// parameters both have: examples, defaults, and requirement documented only as `docRequired`
/// (when `newer` has no `docRequired` at all). An action both call idempotent stays so; the
/// access class is the newer one's when it has one.
pub fn merge_catalog(newer: &Import, older: &Import) -> Import {
    let mut service = newer.service.clone();
    if service.endpoints.is_empty() {
        service.endpoints = older.service.endpoints.clone();
    }
    if service.common_errors.is_empty() {
        service.common_errors = older.service.common_errors.clone();
    }
    let old: BTreeMap<&str, &Action> = older.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut doc_only_required: BTreeSet<(String, String)> = newer.doc_only_required.clone();
    let mut actions = Vec::new();
    for action in &newer.actions {
        let Some(prev) = old.get(action.name.as_str()) else {
            actions.push(action.clone());
            continue;
        };
        let mut merged = action.clone();
        merged.idempotent = action.idempotent && prev.idempotent;
        merged.access = action.access.or(prev.access);
        if !newer.carries_responses {
            merged.response = prev.response.clone();
            merged.errors = prev.errors.clone();
        }
        for param in &mut merged.request {
            let Some(before) = prev.param(&param.name).filter(|p| p.ty == param.ty) else {
                continue;
            };
            param.example = param.example.take().or_else(|| before.example.clone());
            param.default = param.default.take().or_else(|| before.default.clone());
            let key = (action.name.clone(), param.name.clone());
            if !newer.carries_doc_required
                && older.doc_only_required.contains(&key)
                && !param.required
            {
                param.doc_required = true;
                doc_only_required.insert(key);
            }
        }
        actions.push(merged);
    }
    let known: BTreeSet<&str> = newer.actions.iter().map(|a| a.name.as_str()).collect();
    for action in older
        .actions
        .iter()
        .filter(|a| !known.contains(a.name.as_str()))
    {
        actions.push(action.clone());
        doc_only_required.extend(
            older
                .doc_only_required
                .iter()
                .filter(|(a, _)| *a == action.name)
                .cloned(),
        );
    }
    actions.sort_by(|a, b| a.name.cmp(&b.name));
    let mut warnings = older.warnings.clone();
    warnings.extend(newer.warnings.iter().cloned());
    Import {
        source: format!("{} + {}", older.source, newer.source),
        service,
        actions,
        doc_only_required,
        carries_responses: newer.carries_responses || older.carries_responses,
        carries_doc_required: newer.carries_doc_required || older.carries_doc_required,
        warnings,
    }
}

/// Merges an imported action into an entry already in the spec directory. The entry wins
/// everywhere (required flags, valid values, defaults, prose, names, methods); the import
/// only adds the request parameters, response fields (at any depth) and error codes the entry
/// lacks, after the entry's own, and the access class when the entry has none.
pub fn merge_into_existing(existing: &Action, imported: &Action) -> Action {
    let mut merged = existing.clone();
    merged.access = existing.access.or(imported.access);
    for param in &imported.request {
        if merged.param(&param.name).is_none() {
            merged.request.push(param.clone());
        }
    }
    add_fields(&mut merged.response, &imported.response);
    add_errors(&mut merged.errors, &imported.errors);
    merged
}

fn add_fields(into: &mut Vec<Field>, from: &[Field]) {
    for field in from {
        match into.iter_mut().find(|f| f.name == field.name) {
            None => into.push(field.clone()),
            Some(have) if have.ty == field.ty => {
                add_fields(&mut have.fields, &field.fields);
                if let (Some(a), Some(b)) = (have.items.as_deref_mut(), field.items.as_deref()) {
                    add_item_fields(a, b);
                }
            }
            Some(_) => {}
        }
    }
}

fn add_item_fields(into: &mut Items, from: &Items) {
    if into.ty != from.ty {
        return;
    }
    if into.ty == Type::Object {
        add_fields(&mut into.fields, &from.fields);
    }
    if let (Some(a), Some(b)) = (into.items.as_deref_mut(), from.items.as_deref()) {
        add_item_fields(a, b);
    }
}

fn add_errors(into: &mut Vec<ErrorCode>, from: &[ErrorCode]) {
    for e in from {
        if !into.iter().any(|have| have.code == e.code) {
            into.push(e.clone());
        }
    }
}
