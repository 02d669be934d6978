//! Random and truncated input: the importer never panics, and whenever it accepts a document
//! the spec it builds validates.

#[path = "meta/common.rs"]
mod common;

use std::collections::BTreeMap;

use dts_import::meta::{build, parse_metadata};
use serde_json::{json, Map, Value};

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Imports `text`; if the importer accepts it, the built spec must validate.
fn check(text: &str, case: &str) {
    let Ok(import) = parse_metadata(text, "fuzz.json") else {
        return;
    };
    let built = build(&import, None, &BTreeMap::new(), None);
    if built.actions.is_empty() {
        return;
    }
    if let Err(diags) = dts_spec::load_sources(&built.sources()) {
        panic!("{case}: accepted input built an invalid spec: {diags:#?}\n{text}");
    }
}

/// The first `n` APIs of the 2024 snapshot, as a smaller document.
fn sample(n: usize) -> Value {
    let text = std::fs::read_to_string(common::SNAPSHOT_2024).unwrap();
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    let apis: Map<String, Value> = doc["apis"]
        .as_object()
        .unwrap()
        .iter()
        .take(n)
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    doc["apis"] = Value::Object(apis);
    doc
}

#[test]
fn truncated_snapshots_never_panic() {
    let text = std::fs::read_to_string(common::SNAPSHOT_2025).unwrap();
    let mut rng = Rng(0x5EED_0001);
    for i in 0..120 {
        let mut cut = if i < 60 {
            text.len() * i / 60
        } else {
            rng.below(text.len())
        };
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        check(&text[..cut], &format!("cut at {cut}"));
    }
    check(&text, "whole file");
}

#[test]
fn byte_mutations_never_panic() {
    let text = sample(6).to_string();
    let alphabet = b"{}[]\":,0123456789-.eE truefalsnul\\xyzABC";
    let mut rng = Rng(0x5EED_0002);
    for i in 0..200 {
        let mut bytes = text.clone().into_bytes();
        for _ in 0..1 + rng.below(8) {
            let at = rng.below(bytes.len());
            match rng.below(3) {
                0 => bytes[at] = alphabet[rng.below(alphabet.len())],
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.insert(at, alphabet[rng.below(alphabet.len())]),
            }
        }
        let mutated = String::from_utf8_lossy(&bytes);
        check(&mutated, &format!("byte mutation {i}"));
    }
}

/// A random JSON value shaped to hit the importer's type checks.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    let keys = [
        "type",
        "format",
        "items",
        "properties",
        "enum",
        "required",
        "name",
        "in",
        "style",
        "schema",
        "200",
        "default",
        "minimum",
        "Id",
        "",
    ];
    match rng.below(if depth > 3 { 6 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.below(1000) as i64 - 500),
        3 => json!(
            [
                "string",
                "integer",
                "int64",
                "array",
                "object",
                "repeatList",
                "json",
                "-",
                "1",
                "Forward"
            ][rng.below(10)]
        ),
        4 => json!(f64::from(rng.below(100) as u32) / 7.0),
        5 => json!(""),
        6 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| {
                    (
                        keys[rng.below(keys.len())].to_owned(),
                        random_value(rng, depth + 1),
                    )
                })
                .collect(),
        ),
    }
}

/// Replaces one randomly chosen node of `v` (counting down `target`) with a random value.
fn replace_node(v: &mut Value, target: &mut usize, rng: &mut Rng) -> bool {
    if *target == 0 {
        *v = random_value(rng, 0);
        return true;
    }
    *target -= 1;
    match v {
        Value::Object(m) => m.values_mut().any(|c| replace_node(c, target, rng)),
        Value::Array(a) => a.iter_mut().any(|c| replace_node(c, target, rng)),
        _ => false,
    }
}

fn count_nodes(v: &Value) -> usize {
    1 + match v {
        Value::Object(m) => m.values().map(count_nodes).sum(),
        Value::Array(a) => a.iter().map(count_nodes).sum(),
        _ => 0,
    }
}

#[test]
fn structural_mutations_never_panic_and_accepted_input_validates() {
    let base = sample(4);
    let nodes = count_nodes(&base);
    let mut rng = Rng(0x5EED_0003);
    for i in 0..200 {
        let mut doc = base.clone();
        for _ in 0..1 + rng.below(4) {
            let mut target = rng.below(nodes);
            replace_node(&mut doc, &mut target, &mut rng);
        }
        check(&doc.to_string(), &format!("structural mutation {i}"));
    }
}

#[test]
fn deeply_nested_schemas_are_cut_off_not_overflowed() {
    let mut schema = json!({"type": "string"});
    for _ in 0..50 {
        schema = json!({"type": "object", "properties": {"Next": schema}});
    }
    let doc = json!({
        "info": {"product": "Dts", "version": "2020-01-01", "style": "RPC"},
        "apis": {"DescribeDeep": {"methods": ["post"], "responses": {"200": {"schema": {"type": "object", "properties": {"Root": schema}}}}}},
    });
    let import = parse_metadata(&doc.to_string(), "deep.json").unwrap();
    assert!(import
        .warnings
        .iter()
        .any(|w| w.message.contains("nested deeper than 32 levels")));
    check(&doc.to_string(), "deep nesting");

    let mut too_deep = String::new();
    for _ in 0..10_000 {
        too_deep.push_str("{\"a\":");
    }
    let err = parse_metadata(&too_deep, "deeper.json").unwrap_err();
    assert!(
        err.to_string().contains("recursion limit exceeded"),
        "{err}"
    );
}
