//! The one error type of the spec pipeline: every variant names the file
//! and, where it has one, the line that a maintainer has to look at.

use std::fmt;

/// A place in an input file: the file's path as given, and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Source {
    /// The path of the page or fragment, as the caller named it.
    pub file: String,
    /// The 1-based line; for a fenced block, the line where its content starts.
    pub line: usize,
}

impl Source {
    /// A place in `file` at `line`.
    pub fn new(file: impl Into<String>, line: usize) -> Self {
        Self {
            file: file.into(),
            line,
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// Why a merge (or one of its inputs) was refused. Each message says what is
/// wrong and where; none is recoverable by retrying.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// A fenced block or fragment file is not valid JSON or YAML.
    #[error("{at}: malformed {format}: {message}")]
    Malformed {
        /// Where the bad text is (the error's own line, not the block's).
        at: Source,
        /// `JSON` or `YAML`.
        format: &'static str,
        /// The parser's description of the problem.
        message: String,
    },
    /// A page held no OpenAPI document at all.
    #[error(
        "{file}: no OpenAPI document found (expected a ```json or ```yaml block with an `openapi` key)"
    )]
    NoDocument {
        /// The page.
        file: String,
    },
    /// The input folder held no page or fragment file.
    #[error("{dir}: no pages found (expected .md, .json, .yaml or .yml files)")]
    NoPages {
        /// The folder.
        dir: String,
    },
    /// The document is not OpenAPI 3.0.x.
    #[error("{at}: unsupported version {version}: only OpenAPI 3.0.x documents can be merged")]
    UnsupportedVersion {
        /// The block or file.
        at: Source,
        /// The version it declares (`swagger: 2.0` or `openapi: 3.1.0`).
        version: String,
    },
    /// The document's shape is wrong in a way the merge cannot repair.
    #[error("{at}: {message}")]
    Invalid {
        /// The block or file.
        at: Source,
        /// What is wrong, with the JSON pointer where it is.
        message: String,
    },
    /// The `## METHOD /path` heading above a block names another operation.
    #[error("{at}: the heading says `{heading}` but the block defines `{block}`")]
    HeadingMismatch {
        /// The block.
        at: Source,
        /// The operation the heading names.
        heading: String,
        /// The operation(s) the block defines.
        block: String,
    },
    /// Two places define one operation differently.
    #[error(
        "operation `{operation}` is defined twice, differently: at {first} and at {second} (first difference at {pointer})"
    )]
    DuplicateOperation {
        /// `METHOD /path`.
        operation: String,
        /// The first definition.
        first: Source,
        /// The second definition.
        second: Source,
        /// The first JSON pointer, relative to the operation, where they differ.
        pointer: String,
    },
    /// Two pages document one operation: which is current is the
    /// maintainer's call, not the merge's.
    #[error(
        "operation `{operation}` is documented by two pages, at {first} and at {second}: keep one \
         (remove the other from spec/sources.toml and spec/pages/)"
    )]
    OperationOnTwoPages {
        /// `METHOD /path`.
        operation: String,
        /// The first page's block.
        first: Source,
        /// The second page's block.
        second: Source,
    },
    /// Two pages document one endpoint (the same method and summary) on
    /// different paths: the docs disagree about where it is.
    #[error(
        "`{summary}` is documented on two paths by two pages: {first} and {second}; keep one: \
         add to spec/overlay.yaml\n{actions}\nor remove one page from spec/sources.toml and spec/pages/"
    )]
    SummaryOnTwoPaths {
        /// The summary both give.
        summary: String,
        /// `` `METHOD /path` at page:line `` of the first.
        first: String,
        /// The same of the second.
        second: String,
        /// The two overlay actions, each keeping one, joined by "or".
        actions: String,
    },
    /// The merged spec does not generate a client with progenitor, as
    /// build.rs would run it: the crate would not build.
    #[error(
        "{}: `{operation}` does not generate a client (the crate would not build): {message}\n{proposal}",
        at.as_ref().map_or_else(|| "the merged spec".to_string(), Source::to_string)
    )]
    Generation {
        /// Where the operation is documented, when one operation fails alone.
        at: Option<Source>,
        /// `METHOD /path`, or "the spec as a whole".
        operation: String,
        /// What progenitor said.
        message: String,
        /// The overlay action proposed, as text to paste.
        proposal: String,
    },
    /// Two places define one component name differently.
    #[error(
        "component `{name}` is defined twice, differently: at {first} and at {second} (first difference at {pointer})"
    )]
    ComponentConflict {
        /// `schemas/Booking`, `securitySchemes/Oauth`, ...
        name: String,
        /// The first definition.
        first: Source,
        /// The second definition.
        second: Source,
        /// The first JSON pointer, relative to the component, where they differ.
        pointer: String,
    },
    /// Two operations ended up with one operationId.
    #[error(
        "operationId `{id}` is used by {first} and {second}; give one of them its own `operationId` in {overlay}"
    )]
    DuplicateOperationId {
        /// The id.
        id: String,
        /// The overlay that was read, or how to give one.
        overlay: String,
        /// The first operation and where it is defined: `` `GET /x` (page:line) ``.
        first: String,
        /// The second operation and where it is defined.
        second: String,
    },
    /// A `$ref` points at nothing.
    #[error("{at}: dangling $ref `{reference}` at {pointer}")]
    DanglingRef {
        /// The block, file or overlay.
        at: Source,
        /// The reference as written.
        reference: String,
        /// Where the `$ref` is.
        pointer: String,
    },
    /// Schemas that are declared one concept cannot be reconciled.
    #[error(
        "cannot unify the schemas named `{name}` at {pointer}: {left}, but {right}; settle it with an overlay action or split the named type in two"
    )]
    Unify {
        /// The named type being built.
        name: String,
        /// Where below both places they disagree.
        pointer: String,
        /// What the first place has there, and the place (pointer and page).
        left: String,
        /// What the second place has there, and the place.
        right: String,
    },
    /// The type-naming or overlay file is wrong.
    #[error("{at}: {message}")]
    Config {
        /// The file and, where known, the entry's line.
        at: Source,
        /// What is wrong.
        message: String,
    },
    /// Some pages could not be downloaded; nothing was written.
    #[error(
        "{failed} of {total} pages could not be downloaded, so nothing was written:\n{details}"
    )]
    Download {
        /// How many failed.
        failed: usize,
        /// How many were listed.
        total: usize,
        /// One line per failure: the page, its URL and why.
        details: String,
    },
    /// An input or output named on the command line is unusable: a spec to
    /// compare that cannot be read or is not OpenAPI, an output with an
    /// unknown extension.
    #[error("{input}: {message}")]
    BadInput {
        /// The argument as given (a path or `REV:PATH`).
        input: String,
        /// What is wrong.
        message: String,
    },
    /// A tool the review runs (cargo, tar, cargo-semver-checks) could not
    /// do its part; its own words are kept.
    #[error("`{command}` failed: {message}")]
    Tool {
        /// The command as a person would type it.
        command: String,
        /// What went wrong: the tool's error output, or why it did not start.
        message: String,
    },
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}
