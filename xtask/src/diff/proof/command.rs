//! Running the tools the proof needs (cargo, tar, cargo-semver-checks):
//! a tool that cannot start, or fails, becomes an error that names the
//! command and keeps the tool's own words.

use std::process::{Command, Output};

use crate::error::SpecError;

/// The command line as a person would type it: `cargo package --no-verify`.
pub(super) fn shown(command: &Command) -> String {
    std::iter::once(command.get_program())
        .chain(command.get_args())
        .map(|part| part.to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `command` to its end and returns what it printed, whatever its
/// exit status; an error only when it cannot start.
pub(super) fn output(command: &mut Command) -> Result<Output, SpecError> {
    command.output().map_err(|e| SpecError::Tool {
        command: shown(command),
        message: format!("cannot start it: {e}"),
    })
}

/// Runs `command` and fails, with the end of its error output, unless it
/// succeeds.
pub(super) fn checked(command: &mut Command) -> Result<Output, SpecError> {
    let out = output(command)?;
    if out.status.success() {
        return Ok(out);
    }
    Err(SpecError::Tool {
        command: shown(command),
        message: format!("{}: {}", out.status, tail(&out.stderr)),
    })
}

/// The last lines of a tool's error output: where its reason is, without
/// pages of progress above it.
pub(super) fn tail(stderr: &[u8]) -> String {
    const LINES: usize = 40;
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let start = lines.len().saturating_sub(LINES);
    lines[start..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tool_that_cannot_start_is_named() {
        let err = output(Command::new("no-such-tool-xone").arg("--flag")).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("`no-such-tool-xone --flag` failed: cannot start it"),
            "{message}"
        );
    }

    #[test]
    fn a_failing_tool_keeps_its_own_words() {
        let err = checked(
            Command::new("sh").args(["-c", "echo progress; echo 'the reason' >&2; exit 3"]),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.contains("exit status: 3: the reason"), "{message}");
    }

    #[test]
    fn the_tail_keeps_the_last_forty_lines() {
        let text: String = (1..=50).map(|n| format!("line {n}\n")).collect();
        let tail = tail(text.as_bytes());
        assert!(
            tail.starts_with("line 11\n") && tail.ends_with("line 50"),
            "{tail}"
        );
    }
}
