//! A user's crate: a client generated from its own spec directory (`specs/`, one action the
//! bundled spec lacks) and an action declared by hand with `#[derive(Action)]`.

#![deny(missing_docs)]

dts_macros::generate!("specs", module = service_log);

pub mod precheck;
