//! The derives: `#[derive(Action)]` for an action the spec lacks and `#[derive(Decode)]` for
//! its response. Input is read into `ast` with `attr`, checked, then expanded; invalid input
//! expands to `fallback`.

pub(crate) mod action;
mod ast;
mod attr;
pub(crate) mod decode;
mod fallback;
mod params;
mod ty;
