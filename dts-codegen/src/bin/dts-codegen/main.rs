//! The `dts-codegen` command: generate, check, import and diff DTS spec directories.
//!
//! ```text
//! dts-codegen generate <SPEC_DIR> [-o FILE]
//! dts-codegen check <SPEC_DIR>
//! dts-codegen import-doc <PAGE>... -o <SPEC_DIR> [--force] [--allow-empty]
//! dts-codegen import-meta <API_DOCS.json>... -o <SPEC_DIR> [--overrides FILE]
//! dts-codegen diff <OLD_SPEC_DIR> <NEW_SPEC_DIR> [--json]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod import;

/// Generates typed DTS clients from spec directories and keeps specs healthy.
#[derive(Parser)]
#[command(name = "dts-codegen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the Rust source of the client for a spec directory, formatted.
    Generate(GenerateArgs),
    /// Validate a spec directory and print every problem with its file and JSON pointer.
    Check {
        /// The spec directory (holding `service.json` and `actions/`).
        spec_dir: PathBuf,
    },
    /// Import documentation pages (markdown or flattened text) as spec entries `actions/<Action>.json`.
    ImportDoc {
        /// The pages, one action each.
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// The spec directory to write into.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Overwrite entries that exist and differ (the changes are listed).
        #[arg(long)]
        force: bool,
        /// Write an entry for a page that yields no parameter and no response field (with a
        /// warning) instead of failing.
        #[arg(long)]
        allow_empty: bool,
    },
    /// Import API metadata (api-docs JSON) as spec entries, applying `<SPEC_DIR>/overrides.json`.
    ImportMeta {
        /// Metadata files, oldest first: later files are newer snapshots of the same API.
        #[arg(required = true)]
        metadata: Vec<PathBuf>,
        /// The spec directory to write (created if needed; existing entries win).
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// The override file (default: `<SPEC_DIR>/overrides.json` when it exists).
        #[arg(long)]
        overrides: Option<PathBuf>,
        /// Write `service.json` from the metadata even if the directory has one.
        #[arg(long)]
        replace_service: bool,
    },
    /// What changed between two spec directories for users of the generated client; exits 1
    /// when a change is breaking.
    Diff {
        /// The old spec directory.
        old: PathBuf,
        /// The new spec directory.
        new: PathBuf,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(clap::Args)]
struct GenerateArgs {
    /// The spec directory (holding `service.json` and `actions/`).
    spec_dir: PathBuf,
    /// Write the source to this file instead of standard output.
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// `in-crate` adds the methods to the runtime's `Client` (what `dts-client` compiles);
    /// `wrapper` emits a `Client` struct wrapping it, for a downstream crate.
    #[arg(long, value_enum, default_value_t = TargetArg::InCrate)]
    target: TargetArg,
    /// The runtime's path in the generated code (default: `crate` for in-crate,
    /// `::dts_client` for wrapper).
    #[arg(long)]
    runtime: Option<String>,
    /// Wrap the output in `pub mod NAME { ... }`.
    #[arg(long)]
    module: Option<String>,
    /// Generate only this action (repeat for several).
    #[arg(long = "action", value_name = "ACTION")]
    actions: Vec<String>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TargetArg {
    InCrate,
    Wrapper,
}

impl GenerateArgs {
    fn options(&self) -> dts_codegen::Options {
        let mut options = match self.target {
            TargetArg::InCrate => dts_codegen::Options::in_crate(),
            TargetArg::Wrapper => dts_codegen::Options::wrapper(),
        };
        if let Some(runtime) = &self.runtime {
            options = options.with_runtime(runtime.as_str());
        }
        if let Some(module) = &self.module {
            options = options.with_module(module.as_str());
        }
        if !self.actions.is_empty() {
            options = options.with_actions(self.actions.iter().map(String::as_str));
        }
        options
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Check { spec_dir } => check(&spec_dir),
        Command::ImportDoc {
            pages,
            output,
            force,
            allow_empty,
        } => import::doc(
            &pages,
            &output,
            &dts_import::doc::DocOptions { force, allow_empty },
        ),
        Command::ImportMeta {
            metadata,
            output,
            overrides,
            replace_service,
        } => import::meta(&metadata, &output, overrides, replace_service),
        Command::Diff { old, new, json } => import::diff(&old, &new, json),
    }
}

fn generate(args: &GenerateArgs) -> ExitCode {
    let source = match dts_codegen::generate_dir(&args.spec_dir, &args.options()) {
        Ok(source) => source,
        Err(diags) => return report_problems(&diags),
    };
    match &args.output {
        None => {
            print!("{source}");
            ExitCode::SUCCESS
        }
        Some(path) => match std::fs::write(path, source) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", path.display());
                ExitCode::FAILURE
            }
        },
    }
}

fn check(dir: &std::path::Path) -> ExitCode {
    match dts_spec::load_dir(dir) {
        Ok(loaded) => {
            let emulator = match dts_spec::emulator::load_dir(dir) {
                Ok(Some(emulator)) => dts_spec::emulator::check(&emulator, &loaded.spec),
                Ok(None) => Vec::new(),
                Err(diags) => diags,
            };
            if !emulator.is_empty() {
                return report_problems(&emulator);
            }
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            println!(
                "{} actions, 0 problems{}",
                loaded.spec.actions.len(),
                match loaded.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warnings"),
                }
            );
            ExitCode::SUCCESS
        }
        Err(diags) => report_problems(&diags),
    }
}

/// Prints every diagnostic, then the number of errors; exit 1.
fn report_problems(diags: &[dts_spec::Diagnostic]) -> ExitCode {
    for d in diags {
        eprintln!("{d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    eprintln!("{errors} problems");
    ExitCode::FAILURE
}
