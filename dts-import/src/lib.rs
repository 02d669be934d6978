//! Importers that turn Alibaba Cloud DTS documentation pages and API metadata into spec
//! entries (`dts-spec` actions). Kept apart from the generator so that building a client never
//! compiles them.

#![deny(missing_docs)]

pub mod diff;
pub mod doc;
pub mod meta;
