//! Rust names derived from wire names, shared by validation and the generator so that both
//! agree on what a name becomes.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// The common request parameters of Alibaba Cloud's RPC API: every call carries them and the
/// client sets them itself (action, version, signature, credentials, time, nonce, format), so no
/// action may declare a parameter of the same name. This is the one list; the runtime keeps a
/// copy that its tests hold equal to it.
pub const COMMON_PARAMS: [&str; 10] = [
    "AccessKeyId",
    "Action",
    "Format",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureVersion",
    "Timestamp",
    "Version",
];

/// Whether `name` is one of the [`COMMON_PARAMS`].
pub fn is_common_param(name: &str) -> bool {
    COMMON_PARAMS.contains(&name)
}

/// The response envelope: the top-level members through which the service says whether a call
/// succeeded and, if not, why (`Success: false` with `ErrCode`/`ErrMessage`, the `%s` filler
/// `DynamicMessage`, `DynamicCode`, and the `HttpStatusCode` the body claims). The client reads
/// them itself and turns a failure into an error, so generated outputs leave them out: an
/// output holds data only (and `RequestId`). This is the one list; the runtime keeps a copy that
/// its tests hold equal to it.
///
/// `Code` and `Message` are not in it: the runtime reads them only from error bodies, and in
/// successful ones `Code` is sometimes data (`DescribePreCheckStatus` answers the sub-task
/// code, `01` to `04`).
pub const ENVELOPE: [&str; 6] = [
    "DynamicCode",
    "DynamicMessage",
    "ErrCode",
    "ErrMessage",
    "HttpStatusCode",
    "Success",
];

/// Whether `name` is one of the [`ENVELOPE`] members.
pub fn is_envelope(name: &str) -> bool {
    ENVELOPE.contains(&name)
}

/// Rust keywords that can be used as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers at all.
const RESERVED: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Whether `s` is a plain Rust identifier (ASCII letters, digits and `_`, not starting with a
/// digit). Keywords count as identifiers here; see [`is_reserved`].
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' => {}
        _ => return false,
    }
    chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s` can never be an identifier, not even a raw one.
pub fn is_reserved(s: &str) -> bool {
    RESERVED.contains(&s)
}

/// Whether `s` must be written as a raw identifier (`r#type`).
pub fn needs_raw(s: &str) -> bool {
    RAW_KEYWORDS.contains(&s)
}

/// The snake_case Rust name of a wire name: `SynchronizationJobId` -> `synchronization_job_id`,
/// `DTSIP` -> `dtsip`. Keywords are not escaped here; the generator does that.
pub fn snake(wire: &str) -> String {
    wire.to_snake_case()
}

/// The UpperCamelCase Rust name of a wire name: `synchronization_direction` ->
/// `SynchronizationDirection`, `Throttling.User` -> `ThrottlingUser`.
pub fn camel(wire: &str) -> String {
    wire.to_upper_camel_case()
}

/// The Rust variant name of an enum value (`Forward`, `cn-hangzhou` -> `CnHangzhou`), or
/// `None` when the value has no letters or digits to build one from. A value starting with a
/// digit gets a `V` prefix (`5.7` -> `V57`).
pub fn variant(value: &str) -> Option<String> {
    let cleaned: String = value
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if name.is_empty() {
        return None;
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    Some(name)
}

/// The snake_case method name of an action: `StartSynchronizationJob` ->
/// `start_synchronization_job`.
pub fn method(action: &str) -> String {
    snake(action)
}

/// The kebab-case CLI name of an action or parameter: `StartSynchronizationJob` ->
/// `start-synchronization-job`.
pub fn kebab(wire: &str) -> String {
    snake(wire).replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_follow_word_boundaries() {
        assert_eq!(snake("SynchronizationJobId"), "synchronization_job_id");
        assert_eq!(snake("DtsJobId"), "dts_job_id");
        assert_eq!(snake("DescribeDTSIP"), "describe_dtsip");
        assert_eq!(
            kebab("StartSynchronizationJob"),
            "start-synchronization-job"
        );
    }

    #[test]
    fn variants_are_identifiers() {
        assert_eq!(variant("Forward").as_deref(), Some("Forward"));
        assert_eq!(variant("cn-hangzhou").as_deref(), Some("CnHangzhou"));
        assert_eq!(variant("5.7").as_deref(), Some("V57"));
        assert_eq!(variant("--"), None);
        assert_eq!(camel("Throttling.User"), "ThrottlingUser");
    }

    #[test]
    fn identifiers_and_keywords() {
        assert!(is_identifier("type"));
        assert!(needs_raw("type"));
        assert!(is_reserved("self"));
        assert!(!is_identifier("Tag.1"));
        assert!(!is_identifier("1abc"));
    }
}
