//! How the client reads a response: classification of `(status, body)` into a body or an
//! error, the typed decoders of every action's output, and the typed error conversion.
//!
//! The first two bytes are the HTTP status (big-endian), the rest the body.

#![no_main]

use dts_client::operation::{
    delete_dts_job, reset_dts_job, reset_synchronization_job, start_synchronization_job,
    suspend_synchronization_job,
};
use dts_client::rt::decode::Decode;
use dts_client::{ActionError, ErrorKind};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fn decode_all(value: &Value) {
    let _ = delete_dts_job::DeleteDtsJobOutput::decode(value);
    let _ = reset_dts_job::ResetDtsJobOutput::decode(value);
    let _ = reset_synchronization_job::ResetSynchronizationJobOutput::decode(value);
    let _ = start_synchronization_job::StartSynchronizationJobOutput::decode(value);
    let _ = suspend_synchronization_job::SuspendSynchronizationJobOutput::decode(value);
    let _ = dts_client::types::SynchronizationDirection::decode(value);
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let status = u16::from_be_bytes([data[0], data[1]]);
    let body = &data[2..];
    match dts_client::classify_response(status, body) {
        Ok(value) => {
            assert!((200..300).contains(&status));
            decode_all(&value);
            if let Some(obj) = value.as_object() {
                for v in obj.values() {
                    decode_all(v);
                }
            }
        }
        Err(e) => {
            assert!(matches!(e.kind(), ErrorKind::Service | ErrorKind::Decode));
            let shown = e.to_string();
            assert!(!shown.is_empty());
            let typed = start_synchronization_job::StartSynchronizationJobError::from(e);
            assert_eq!(typed.to_string(), shown);
            let _ = typed.inner().is_retryable();
        }
    }
});
