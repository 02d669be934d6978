//! Generator time on the bundled spec (`dts-spec/specs`), by phase.
//!
//! ```text
//! cargo bench -p dts-codegen --bench generate
//! ```
//!
//! - `load_dir`: reading and validating the spec directory (what `dts-codegen generate` and
//!   `dts-client`'s build script do first);
//! - `tokens`: spec -> IR -> tokens;
//! - `generate`: tokens and `prettyplease` formatting, the whole of [`dts_codegen::generate`];
//! - `generate_dir`: both, what the build script runs.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion};
use dts_codegen::Options;

/// The bundled spec directory, `dts-spec/specs`.
const SPEC_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../dts-spec/specs");

fn generator(c: &mut Criterion) {
    let dir = Path::new(SPEC_DIR);
    let spec = dts_spec::bundled().expect("the bundled spec loads");
    let options = Options::in_crate();
    eprintln!("bundled spec: {} actions", spec.actions.len());
    let mut g = c.benchmark_group("codegen");
    g.bench_function("load_dir", |b| {
        b.iter(|| dts_spec::load_dir(black_box(dir)))
    });
    g.bench_function("tokens", |b| {
        b.iter(|| dts_codegen::generate_tokens(black_box(spec), &options))
    });
    g.bench_function("generate", |b| {
        b.iter(|| dts_codegen::generate(black_box(spec), &options))
    });
    g.bench_function("generate_dir", |b| {
        b.iter(|| dts_codegen::generate_dir(black_box(dir), &options))
    });
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .sample_size(20)
}

criterion_group! {
    name = benches;
    config = config();
    targets = generator
}
criterion_main!(benches);
