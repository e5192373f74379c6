//! `cargo xtask`: the maintainers' commands for the xone crate. This file
//! only parses flags, calls each command's `run` in the library beside it
//! (each command's flags are declared with it), and turns the outcome into
//! an exit code.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use xtask::files::repo_root;
use xtask::{diff, drift, merge, pull};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer tasks for the xone crate")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Merge(merge::Args),
    Diff(diff::Args),
    Pull(pull::Args),
    Rules(diff::RulesArgs),
    Drift(drift::Args),
}

fn main() -> ExitCode {
    let root = repo_root();
    let mut stdout = std::io::stdout().lock();
    let outcome = match Cli::parse().command {
        Command::Merge(args) => args.run(&root, &mut stdout),
        Command::Diff(args) => args.run(&mut stdout),
        Command::Pull(args) => args.run(&root, &mut stdout),
        Command::Rules(args) => args.run(&root, &mut stdout),
        Command::Drift(args) => args.run(&root, &mut stdout),
    };
    outcome.unwrap_or_else(|err| {
        eprintln!("error: {err}");
        ExitCode::from(2)
    })
}
