//! The `dts-codegen` command: generate, check, import and diff DTS spec directories.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
    }
}

fn generate(args: &GenerateArgs) -> ExitCode {
    let source = match dts_codegen::generate_dir(&args.spec_dir, &args.options()) {
        Ok(source) => source,
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{errors} problems");
            return ExitCode::FAILURE;
        }
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
        Err(diags) => {
            for d in &diags {
                eprintln!("{d}");
            }
            let errors = diags.iter().filter(|d| d.is_error()).count();
            eprintln!("{errors} problems");
            ExitCode::FAILURE
        }
    }
}
