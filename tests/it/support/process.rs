//! Tests that need a process of their own (to set environment variables,
//! or to measure peak memory without other tests' allocations): run one
//! `#[ignore]`d test of this binary as a child, and the child's side.

use std::process::Command;

/// Runs one `#[ignore]`d test of this binary in a process of its own, with
/// `vars` set, and returns its standard output: for what a test cannot do
/// in a process shared with others (set environment variables, measure
/// peak memory).
pub fn in_own_process(test: &str, vars: &[(&str, &str)]) -> String {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "--exact",
        test,
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for name in [
        "XONE_CLIENT_ID",
        "XONE_CLIENT_SECRET",
        "XONE_BASE_URL",
        "XONE_TOKEN_URL",
        "XONE_PARTNER_ID",
    ] {
        command.env_remove(name);
    }
    command.env("XONE_PROBE", "1").envs(vars.iter().copied());
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{test} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "{test} did not run:\n{stdout}");
    stdout
}

/// Whether this process was started by [`in_own_process`].
pub fn is_probe() -> bool {
    std::env::var_os("XONE_PROBE").is_some()
}

/// Peak resident memory (`VmHWM`) in bytes.
#[cfg(target_os = "linux")]
pub fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap();
    kib * 1024
}
