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
    Generate {
        /// The spec directory (holding `service.json` and `actions/`).
        spec_dir: PathBuf,
        /// Write the source to this file instead of standard output.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
    },
    /// Validate a spec directory and print every problem with its file and JSON pointer.
    Check {
        /// The spec directory (holding `service.json` and `actions/`).
        spec_dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate { spec_dir, output } => generate(&spec_dir, output.as_deref()),
        Command::Check { spec_dir } => check(&spec_dir),
    }
}

fn generate(dir: &std::path::Path, output: Option<&std::path::Path>) -> ExitCode {
    let source = match dts_codegen::generate_dir(dir, &dts_codegen::Options::in_crate()) {
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
    match output {
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
