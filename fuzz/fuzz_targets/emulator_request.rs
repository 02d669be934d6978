//! The emulator's request parsing: query and form parameters, the V3 `Authorization` header
//! and canonicalization, fault specs and seed files.
//!
//! The first byte picks what is parsed; for parameters the second byte splits the rest into
//! query and body.

#![no_main]

use dts_emulator::auth::v3;
use dts_emulator::params::{parse_params, MAX_PARAMS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    match which % 4 {
        0 => {
            let Some((&cut, rest)) = rest.split_first() else {
                return;
            };
            let at = usize::from(cut).min(rest.len());
            let (query, body) = rest.split_at(at);
            if let Ok(params) = parse_params(query, body) {
                assert!(params.len() <= MAX_PARAMS);
                assert!(params.query_pairs().len() <= MAX_PARAMS);
                let _ = v3::canonical_query(
                    params
                        .query_pairs()
                        .iter()
                        .map(|(k, v)| (k.as_slice(), v.as_slice())),
                );
            }
        }
        1 => {
            let header = String::from_utf8_lossy(rest);
            if let Ok(auth) = v3::parse_authorization(&header) {
                let lines: Vec<(&str, &[u8])> = header
                    .split('\n')
                    .filter_map(|l| l.split_once(':'))
                    .map(|(n, v)| (n, v.as_bytes()))
                    .collect();
                let headers = v3::canonical_headers(&auth.signed_headers, lines);
                let request = v3::canonical_request("POST", "", &headers, &auth.signed_headers, "");
                let _ = v3::sign(auth.credential, &v3::string_to_sign(&request));
            }
        }
        2 => {
            let text = String::from_utf8_lossy(rest);
            if let Ok(spec) = text.parse::<dts_emulator::FaultSpec>() {
                assert!(spec.validate().is_ok());
                assert_eq!(
                    spec.to_string().parse::<dts_emulator::FaultSpec>(),
                    Ok(spec)
                );
            }
        }
        _ => {
            let text = String::from_utf8_lossy(rest);
            if let Ok(seed) = dts_emulator::Seed::from_json(&text) {
                let again = dts_emulator::Seed::from_json(&seed.to_json());
                assert!(again.is_ok(), "a seed's own JSON does not load");
            }
        }
    }
});
