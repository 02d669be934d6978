//! Workspace-level tests for dts.
