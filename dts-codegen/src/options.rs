//! What the caller of the generator chooses: where the runtime is, where client methods go,
//! which actions to generate, and whether to wrap the output in a module.

/// Where the generated per-action client methods go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Target {
    /// `impl <runtime>::Client { ... }`: for code compiled inside the runtime crate itself
    /// (`dts-client`'s build script).
    #[default]
    InCrate,
    /// A `pub struct Client` wrapping the runtime client, with `From<runtime::Client>` and
    /// `inner()`: for downstream crates, which cannot add methods to the runtime's type.
    Wrapper,
}

/// Choices for one run of the generator.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Path of the runtime crate as generated code names it: `crate` inside `dts-client`,
    /// `::dts_client` elsewhere.
    pub runtime: String,
    /// Where client methods go.
    pub target: Target,
    /// Wire names of the actions to generate, or `None` for every action of the spec.
    pub actions: Option<Vec<String>>,
    /// When set, the output is wrapped in `pub mod <module> { ... }`.
    pub module: Option<String>,
    /// The path users write to name the client type in doc examples (`dts_client::Client`);
    /// when `None` the examples are marked `ignore`, since they could not compile.
    pub example_client: Option<String>,
    /// Whether to generate the table of operations (`CATALOG`, the runtime's
    /// `catalog::ActionInfo` per action) that tools offering every action read.
    pub catalog: bool,
}

impl Options {
    /// Options for `dts-client`'s own build script: runtime at `crate`, methods on
    /// `crate::Client`, examples through `dts_client::Client`.
    pub fn in_crate() -> Self {
        Options {
            runtime: "crate".to_owned(),
            target: Target::InCrate,
            actions: None,
            module: None,
            example_client: Some("dts_client::Client".to_owned()),
            catalog: true,
        }
    }

    /// Options for a downstream crate: runtime at `::dts_client`, a wrapping `Client` struct,
    /// examples not compiled.
    pub fn wrapper() -> Self {
        Options {
            runtime: "::dts_client".to_owned(),
            target: Target::Wrapper,
            actions: None,
            module: None,
            example_client: None,
            catalog: false,
        }
    }

    /// Sets the runtime's path (`crate`, `::dts_client`, `::my_crate::dts`).
    pub fn with_runtime(mut self, path: impl Into<String>) -> Self {
        self.runtime = path.into();
        self
    }

    /// Generates only the actions with these wire names.
    pub fn with_actions<I, S>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.actions = Some(actions.into_iter().map(Into::into).collect());
        self
    }

    /// Wraps the output in `pub mod <name> { ... }`.
    pub fn with_module(mut self, name: impl Into<String>) -> Self {
        self.module = Some(name.into());
        self
    }

    /// Generates the table of operations (`CATALOG`), or not.
    pub fn with_catalog(mut self, catalog: bool) -> Self {
        self.catalog = catalog;
        self
    }

    /// Sets the client type's path for doc examples, or `None` to mark them `ignore`.
    pub fn with_example_client(mut self, path: Option<String>) -> Self {
        self.example_client = path;
        self
    }
}

impl Default for Options {
    fn default() -> Self {
        Options::in_crate()
    }
}
