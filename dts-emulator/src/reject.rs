//! Gateway-level rejections: the `{"RequestId","HostId","Code","Message","Recommend"}` errors
//! Alibaba Cloud's API gateway answers before an action runs.

use serde_json::{json, Value};

/// A call refused before its action ran, with the HTTP status and Alibaba's code and message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rejection {
    pub(crate) status: u16,
    pub(crate) code: &'static str,
    pub(crate) message: String,
}

impl Rejection {
    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Rejection {
        Rejection {
            status,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn incomplete_signature(detail: &str) -> Rejection {
        let mut message =
            String::from("The request signature does not conform to Aliyun standards.");
        if !detail.is_empty() {
            message.push(' ');
            message.push_str(detail);
        }
        Rejection::new(400, "IncompleteSignature", message)
    }

    pub(crate) fn missing_parameter(name: &str) -> Rejection {
        Rejection::new(
            400,
            "MissingParameter",
            format!(
                "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
            ),
        )
    }

    pub(crate) fn access_key_not_found() -> Rejection {
        Rejection::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )
    }

    pub(crate) fn signature_mismatch(string_to_sign: &str) -> Rejection {
        Rejection::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{string_to_sign}"
            ),
        )
    }

    pub(crate) fn timestamp_format() -> Rejection {
        Rejection::new(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        )
    }

    pub(crate) fn timestamp_expired() -> Rejection {
        Rejection::new(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        )
    }

    pub(crate) fn nonce_used() -> Rejection {
        Rejection::new(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        )
    }

    pub(crate) fn invalid_version() -> Rejection {
        Rejection::new(
            400,
            "InvalidVersion",
            "Specified parameter Version is not valid.",
        )
    }

    pub(crate) fn action_not_found() -> Rejection {
        Rejection::new(
            404,
            "InvalidAction.NotFound",
            "Specified api is not found, please check your url and method.",
        )
    }

    pub(crate) fn invalid_parameter(name: &str) -> Rejection {
        Rejection::new(
            400,
            "InvalidParameter",
            format!("The specified parameter \"{name}\" is not valid."),
        )
    }

    pub(crate) fn not_modelled(action: &str) -> Rejection {
        Rejection::new(
            501,
            "Emulator.NotModelled",
            format!("The emulator does not model {action} and runs with --strict."),
        )
    }

    pub(crate) fn internal_error() -> Rejection {
        Rejection::new(
            500,
            "InternalError",
            "The request processing has failed due to some unknown error.",
        )
    }

    pub(crate) fn throttled() -> Rejection {
        Rejection::new(
            400,
            "Throttling.User",
            "Request was denied due to user flow control.",
        )
    }

    pub(crate) fn unavailable() -> Rejection {
        Rejection::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )
    }

    pub(crate) fn body_too_large(limit: usize) -> Rejection {
        Rejection::new(
            413,
            "RequestEntityTooLarge",
            format!("The request body is larger than {limit} bytes."),
        )
    }

    pub(crate) fn body_timeout() -> Rejection {
        Rejection::new(
            408,
            "RequestTimeout",
            "The request body did not arrive in time.",
        )
    }

    pub(crate) fn unparsable(error: &crate::params::ParseError) -> Rejection {
        Rejection::new(400, "InvalidParameter", sentence(error))
    }

    /// The JSON body, in the gateway's field order.
    pub(crate) fn body(&self, request_id: &str, host_id: &str) -> Value {
        json!({
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": format!(
                "https://api.aliyun.com/troubleshoot?q={}&product=Dts&requestId={request_id}",
                self.code
            ),
        })
    }
}

/// A lower-case error message as a sentence: capitalized, with a full stop.
pub(crate) fn sentence(error: &dyn std::fmt::Display) -> String {
    let message = error.to_string();
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).chain(['.']).collect(),
        None => message,
    }
}
