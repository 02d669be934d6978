//! Typed async client for Alibaba Cloud Data Transmission Service (DTS).

pub mod rt;
