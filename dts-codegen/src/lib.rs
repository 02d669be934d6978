//! The DTS client generator: spec -> IR -> tokens -> formatted Rust source.
//!
//! `dts-client`'s build script, the `dts-macros` proc-macros and the `dts-codegen` command are
//! thin front ends over this library.

#![deny(missing_docs)]
