//! The review's compiled sections: cargo-semver-checks' verdict beside the
//! Rust lens's, with every disagreement; which dependents still build,
//! each new compile error with its place and the diff row that caused it,
//! and the breaking rows none of them uses. Text, Markdown and JSON, as
//! the diff itself is printed.

use serde_json::json;

use super::semver_checks::{Finding, SemverReport};
use super::{Blamed, DependentsReport, Outcome};
use crate::diff::{Change, Output};
use crate::naming::plural;

/// The section for `report`, whose rows index `changes`.
pub fn render(report: &DependentsReport, changes: &[Change], output: Output) -> String {
    match output {
        Output::Text => text(report, changes),
        Output::Markdown => markdown(report, changes),
        Output::Json => {
            let mut out = serde_json::to_string_pretty(&json(report, changes)).expect("serializes");
            out.push('\n');
            out
        }
    }
}

/// The report as JSON: `{"dependents": [...], "unused_breaking": [...]}`,
/// rows named by their rule and location.
pub fn json(report: &DependentsReport, changes: &[Change]) -> serde_json::Value {
    let row = |&i: &usize| row_json(&changes[i]);
    let dependents: Vec<_> = report
        .dependents
        .iter()
        .map(|d| {
            let mut entry = json!({"name": d.name, "already_failing": d.already});
            match &d.outcome {
                Outcome::Builds => entry["builds"] = json!(true),
                Outcome::Breaks(errors) => {
                    entry["builds"] = json!(false);
                    entry["errors"] = errors
                        .iter()
                        .map(|b| {
                            json!({
                                "file": b.error.file, "line": b.error.line, "column": b.error.column,
                                "code": b.error.code, "message": b.error.message,
                                "caused_by": b.rows.iter().map(row).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                }
                Outcome::Unchecked { reason } => entry["unchecked"] = json!(reason),
            }
            entry
        })
        .collect();
    json!({
        "dependents": dependents,
        "unused_breaking": report.unused_breaking.iter().map(row).collect::<Vec<_>>(),
    })
}

/// A diff row as the JSON sections name it: its rule, place and Rust item.
fn row_json(change: &Change) -> serde_json::Value {
    json!({"id": change.id, "location": change.location, "rust_item": change.rust_item})
}

/// One line for a dependent: `builds`, `2 errors`, or why it was not checked.
fn verdict(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Builds => "builds".into(),
        Outcome::Breaks(errors) => format!("**{}**", plural(errors.len(), "error")),
        Outcome::Unchecked { reason } => format!("not checked: {reason}"),
    }
}

/// A row as the reader finds it in the tables above: its Rust item, where
/// it is, and its rule.
fn cause(change: &Change) -> String {
    match &change.rust_item {
        Some(item) => format!("`{item}`: {} ({})", change.location, change.id),
        None => format!("{} ({})", change.location, change.id),
    }
}

fn causes(blamed: &Blamed, changes: &[Change]) -> String {
    if blamed.rows.is_empty() {
        return "no diff row names it: a cause the diff missed".into();
    }
    blamed
        .rows
        .iter()
        .map(|&i| cause(&changes[i]))
        .collect::<Vec<_>>()
        .join("; ")
}

fn error_line(blamed: &Blamed) -> String {
    let e = &blamed.error;
    match &e.code {
        Some(code) => format!("{code} {}", e.message),
        None => e.message.clone(),
    }
}

fn markdown(report: &DependentsReport, changes: &[Change]) -> String {
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let mut out = String::from("\n### Dependents built against the new client\n\n");
    out.push_str("| Dependent | Against the new client |\n|---|---|\n");
    for d in &report.dependents {
        let already = match d.already {
            0 => String::new(),
            n => format!(
                " ({} it had against the old client not counted)",
                plural(n, "error")
            ),
        };
        out.push_str(&format!(
            "| `{}` | {}{already} |\n",
            d.name,
            cell(&verdict(&d.outcome))
        ));
    }
    let errors: Vec<&Blamed> = report
        .dependents
        .iter()
        .filter_map(|d| match &d.outcome {
            Outcome::Breaks(errors) => Some(errors),
            _ => None,
        })
        .flatten()
        .collect();
    if !errors.is_empty() {
        out.push_str("\n| Where | Error | Caused by |\n|---|---|---|\n");
        for b in errors {
            out.push_str(&format!(
                "| `{}:{}` | {} | {} |\n",
                b.error.file,
                b.error.line,
                cell(&error_line(b)),
                cell(&causes(b, changes))
            ));
        }
    }
    if !report.unused_breaking.is_empty() {
        out.push_str("\nBreaking for Rust code, but none of these dependents uses it:\n\n");
        for &i in &report.unused_breaking {
            out.push_str(&format!("- {}\n", cause(&changes[i])));
        }
    }
    out
}

fn text(report: &DependentsReport, changes: &[Change]) -> String {
    let mut out = String::from("\nDependents built against the new client:\n");
    for d in &report.dependents {
        out.push_str(&format!(
            "  {}: {}\n",
            d.name,
            verdict(&d.outcome).replace("**", "")
        ));
        if d.already > 0 {
            out.push_str(&format!(
                "    ({} it had against the old client not counted)\n",
                plural(d.already, "error")
            ));
        }
        if let Outcome::Breaks(errors) = &d.outcome {
            for b in errors {
                out.push_str(&format!(
                    "    {}:{}:{}: {}\n      caused by: {}\n",
                    b.error.file,
                    b.error.line,
                    b.error.column,
                    error_line(b),
                    causes(b, changes)
                ));
            }
        }
    }
    if !report.unused_breaking.is_empty() {
        out.push_str("Breaking for Rust code, but none of these dependents uses it:\n");
        for &i in &report.unused_breaking {
            out.push_str(&format!("  {}\n", cause(&changes[i])));
        }
    }
    out
}

/// The item as a reader needs it: without the machine path of the file
/// the tool found it in (`field status of struct Booking`).
fn item(finding: &Finding) -> &str {
    super::semver_checks::without_file(&finding.item)
}

/// What stands between the two verdicts, one line each.
fn disagreements(report: &SemverReport, changes: &[Change]) -> Vec<String> {
    let mut lines = Vec::new();
    if report.verdict != report.lens {
        lines.push(format!(
            "cargo-semver-checks asks for a {} release, the Rust lens for a {} one",
            report.verdict.label(),
            report.lens.label()
        ));
    }
    for f in report.findings.iter().filter(|f| !f.agrees) {
        let why = if f.rows.is_empty() {
            "no diff row names it: the Rust lens missed it".to_string()
        } else {
            let rows: Vec<String> = f.rows.iter().map(|&i| cause(&changes[i])).collect();
            format!("the Rust lens rates it lower: {}", rows.join("; "))
        };
        let known = super::semver_checks::known_reason(&f.lint)
            .map(|reason| format!(" ({reason})"))
            .unwrap_or_default();
        lines.push(format!(
            "`{}` ({}) on {}: {why}{known}",
            f.lint,
            f.level.label(),
            item(f)
        ));
    }
    for &(i, why) in &report.unseen {
        lines.push(format!(
            "{}: breaking for the Rust lens, unseen by cargo-semver-checks: {why}",
            cause(&changes[i])
        ));
    }
    lines
}

/// cargo-semver-checks' section, as text or Markdown (JSON: [`semver_json`]).
pub fn semver(report: &SemverReport, changes: &[Change], output: Output) -> String {
    let disagree = disagreements(report, changes);
    let headline = format!(
        "{} asks for a {} release; the Rust lens asks for a {} one: {}",
        report.tool,
        report.verdict.label(),
        report.lens.label(),
        if disagree.is_empty() {
            "they agree"
        } else {
            "they disagree"
        }
    );
    let rows = |f: &Finding| {
        if f.rows.is_empty() {
            "none".to_string()
        } else {
            f.rows
                .iter()
                .map(|&i| cause(&changes[i]))
                .collect::<Vec<_>>()
                .join("; ")
        }
    };
    match output {
        Output::Markdown => {
            let cell = |text: &str| text.replace('|', "\\|");
            let mut out =
                format!("\n### cargo-semver-checks beside the Rust lens\n\n{headline}.\n");
            if !report.findings.is_empty() {
                out.push_str("\n| Lint | Item | Diff row |\n|---|---|---|\n");
                for f in &report.findings {
                    out.push_str(&format!(
                        "| `{}` ({}) | {} | {} |\n",
                        f.lint,
                        f.level.label(),
                        cell(item(f)),
                        cell(&rows(f))
                    ));
                }
            }
            if !disagree.is_empty() {
                out.push_str("\nWhere they disagree:\n\n");
                for line in &disagree {
                    out.push_str(&format!("- {line}\n"));
                }
            }
            out
        }
        _ => {
            let mut out = format!("\ncargo-semver-checks beside the Rust lens:\n  {headline}\n");
            for f in &report.findings {
                out.push_str(&format!(
                    "  {} ({}): {}\n    diff row: {}\n",
                    f.lint,
                    f.level.label(),
                    item(f),
                    rows(f)
                ));
            }
            for line in &disagree {
                out.push_str(&format!("  disagreement: {}\n", line.replace('`', "")));
            }
            out
        }
    }
}

/// cargo-semver-checks' section as JSON: the tool, both verdicts, each
/// finding with its rows, and the disagreements.
pub fn semver_json(report: &SemverReport, changes: &[Change]) -> serde_json::Value {
    let row = |&i: &usize| row_json(&changes[i]);
    json!({
        "tool": report.tool,
        "verdict": report.verdict,
        "rust_lens": report.lens,
        "agree": report.agrees(),
        "findings": report.findings.iter().map(|f| json!({
            "lint": f.lint, "level": f.level, "item": item(f),
            "rows": f.rows.iter().map(row).collect::<Vec<_>>(), "agrees": f.agrees,
        })).collect::<Vec<_>>(),
        "disagreements": disagreements(report, changes),
    })
}
