//! Shared test support: a scripted loopback HTTP server and client fixtures.

#![allow(dead_code, unused_imports)] // each test binary uses a different part of it

pub mod fixtures;
pub mod server;

pub use server::{refused_url, Recorded, Reply, Server};
