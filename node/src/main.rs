//! The `mochila` command line: run a node, initialise its configuration, migrate its
//! database, and manage its API tokens and keys.

mod cli;
mod vc_cli;

use std::process::ExitCode;

use clap::Parser as _;

/// mimalloc: JSON-LD processing allocates many small objects; signing takes about 30% less
/// time than with the system allocator (docs/benchmarks.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(args)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
