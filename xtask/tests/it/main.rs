//! The xtask's one integration test binary: its commands run as processes
//! (`cli`, one module per command), whole-pipeline properties and round
//! trips through the library (`property`, `roundtrip`), the crate's
//! build-time generation (`codegen`), and the review's compiled proof
//! (`dependents`, `semver_checks`, sharing `review`).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod auth_contract;
mod cli;
mod codegen;
mod dependents;
mod drift;
mod features;
mod numbers;
mod oasdiff;
mod pointers;
mod property;
mod review;
mod roundtrip;
mod rust_lens;
mod semver_checks;

/// The xtask's test fixtures folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Runs `xtask <command> <args>`.
pub fn xtask(command: &str, args: &[&str]) -> Output {
    xtask_in(Path::new(env!("CARGO_MANIFEST_DIR")), command, args)
}

/// Runs `xtask <command> <args>` in `dir`.
pub fn xtask_in(dir: &Path, command: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg(command)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the xtask binary runs")
}
