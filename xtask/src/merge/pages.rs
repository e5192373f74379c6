//! Extraction: finds the OpenAPI documents in a docs page (fenced `json` or
//! `yaml` code blocks in Markdown) or takes a fragment file whole, and checks
//! each block against the `## METHOD /path` heading above it. Pages are read
//! with a CommonMark parser, so that every fence the format allows (tildes,
//! longer fences, info strings with attributes) is seen, and a fence inside
//! another block is that block's text.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;

use crate::error::{Source, SpecError};
use crate::merge::raw::{ComponentsText, TopLevel, offset_in, read_top_level};

/// One OpenAPI document found in an input file.
///
/// Its `components` are kept as their JSON text: the pages of a large API
/// repeat the components they share in every block, and the merge parses
/// only the entries it has not already seen byte for byte (on GitHub's API
/// split into pages, most of the input).
#[derive(Debug, Clone)]
pub struct Fragment {
    /// Where the document starts.
    pub source: Source,
    /// The `METHOD /path` that the heading above the block names, if any.
    pub heading: Option<String>,
    /// The document without its `components`.
    pub(crate) doc: Value,
    /// The document's `components`, unparsed (`None` if absent or not an
    /// object); the text starts on `source`'s line.
    pub(crate) components: Option<ComponentsText>,
}

impl Fragment {
    /// A fragment of a document that was parsed whole.
    pub fn new(source: Source, heading: Option<String>, mut doc: Value) -> Self {
        crate::merge::json::compact(&mut doc);
        let components = doc
            .as_object_mut()
            .and_then(|d| d.shift_remove("components"))
            .and_then(|c| ComponentsText::of_value(&c));
        Fragment {
            source,
            heading,
            doc,
            components,
        }
    }

    /// The document without its `components`: everything but the shared
    /// definitions.
    pub fn doc(&self) -> &Value {
        &self.doc
    }

    /// The document with the `components` the merge reads: those that are
    /// objects, each kind in name order (a kind that is not an object
    /// defines nothing, and is left out).
    pub fn into_document(self) -> Result<Value, SpecError> {
        let mut doc = self.doc;
        if let (Some(map), Some(components)) = (doc.as_object_mut(), &self.components) {
            let mut kinds = serde_json::Map::new();
            for (kind, entries) in components.entries() {
                let mut read = serde_json::Map::new();
                for (name, text) in entries {
                    let value = parse_within(&components.text, text, &self.source)?;
                    read.insert(name.to_string(), value);
                }
                kinds.insert(kind.to_string(), Value::Object(read));
            }
            map.insert("components".into(), Value::Object(kinds));
        }
        Ok(doc)
    }
}

/// The kinds of input file the merge reads, by extension.
pub fn is_input_file(name: &str) -> bool {
    [".md", ".json", ".yaml", ".yml"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

/// Extracts every OpenAPI document from one input file.
///
/// Markdown pages yield one fragment per fenced `json` / `yaml` block that
/// holds an `openapi` (or `swagger`) key; other fenced blocks are examples and
/// are skipped, but a `json` block that does not parse is an error, since it
/// may be the endpoint. JSON and YAML files are one fragment each.
pub fn extract(file: &str, text: &str) -> Result<Vec<Fragment>, SpecError> {
    let mut fragments = Vec::new();
    extract_each(file, text, &mut |fragment| {
        fragments.push(fragment);
        Ok(())
    })?;
    Ok(fragments)
}

/// As [`extract`], handing each fragment to `each` as soon as it is parsed,
/// so that a large page's documents need not all be held at once.
pub fn extract_each(
    file: &str,
    text: &str,
    each: &mut dyn FnMut(Fragment) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    let mut found = 0;
    let mut checked = |fragment: Fragment| {
        check_heading(&fragment)?;
        found += 1;
        each(fragment)
    };
    if file.ends_with(".md") {
        extract_markdown(file, text, &mut checked)?;
    } else {
        let format = if file.ends_with(".json") {
            Format::Json
        } else {
            Format::Yaml
        };
        if let Some(fragment) = parse(format, text, Source::new(file, 1), None)? {
            checked(fragment)?;
        }
    }
    if found == 0 {
        return Err(SpecError::NoDocument { file: file.into() });
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Format {
    Json,
    Yaml,
}

fn extract_markdown(
    file: &str,
    text: &str,
    each: &mut dyn FnMut(Fragment) -> Result<(), SpecError>,
) -> Result<(), SpecError> {
    // The page's blocks are found first and parsed after: the parser's tree
    // (for a page of 2 MB, 3.6 MB) is gone before the documents are built.
    for block in code_blocks(text) {
        let body = match &block.body {
            Body::Slice(range) => &text[range.clone()],
            Body::Copied(body) => body,
        };
        if let Some(fragment) = parse(
            block.format,
            body,
            Source::new(file, block.line),
            block.heading,
        )? {
            each(fragment)?;
        }
    }
    Ok(())
}

/// A fenced `json` or `yaml` code block of a page.
struct Block {
    format: Format,
    /// The page line its text starts on.
    line: usize,
    /// The `METHOD /path` of the H2 heading above it, if any.
    heading: Option<String>,
    body: Body,
}

/// A block's text: a slice of the page where it stands as written, a copy
/// where the parser took something out of it (a block in a list or a quote
/// loses the container's indentation or `>`).
enum Body {
    Slice(std::ops::Range<usize>),
    Copied(String),
}

impl Body {
    fn push(&mut self, text: &str, part: &str) {
        if let Body::Slice(range) = self {
            match offset_in(text, part) {
                Some(start) if range.start == range.end => *range = start..start + part.len(),
                Some(start) if start == range.end => range.end += part.len(),
                _ => *self = Body::Copied(text[range.clone()].to_string()),
            }
        }
        if let Body::Copied(body) = self {
            body.push_str(part);
        }
    }
}

/// The fenced `json` and `yaml` code blocks of a page, in order; blocks in
/// other languages are examples.
fn code_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut heading: Option<String> = None;
    // The text of the H2 or the fenced block being read, if any.
    let mut in_heading: Option<String> = None;
    let mut in_block: Option<Block> = None;
    // Lines are counted from where the last count stopped: counting from the
    // top for every block would be quadratic in a page of many endpoints.
    let (mut counted_to, mut lines_before) = (0, 0);
    for (event, range) in Parser::new(text).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => in_heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => {
                heading = in_heading
                    .take()
                    .and_then(|title| operation_heading(&title));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                // `json title="..."`: the language is the info string's first word.
                let language = info
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let format = match language.as_str() {
                    "json" => Some(Format::Json),
                    "yaml" | "yml" => Some(Format::Yaml),
                    _ => None,
                };
                lines_before += text[counted_to..range.start].matches('\n').count();
                counted_to = range.start;
                in_block = format.map(|format| Block {
                    format,
                    // The block's text starts on the line after its opening fence.
                    line: lines_before + 2,
                    heading: heading.clone(),
                    body: Body::Slice(0..0),
                });
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(in_block.take()),
            Event::Text(part) | Event::Code(part) => {
                if let Some(block) = &mut in_block {
                    block.body.push(text, &part);
                } else if let Some(title) = &mut in_heading {
                    title.push_str(&part);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// `GET /api/partners/{partner\_id}` gives `GET /api/partners/{partner_id}`;
/// a heading that is not an operation gives `None`.
fn operation_heading(title: &str) -> Option<String> {
    let (method, path) = title.trim().split_once(' ')?;
    let method = method.to_ascii_uppercase();
    let known = [
        "GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE",
    ];
    if !known.contains(&method.as_str()) || !path.trim().starts_with('/') {
        return None;
    }
    Some(format!("{method} {}", unescape_markdown(path.trim())))
}

/// Removes Markdown's backslash escapes (`\_` is `_`).
fn unescape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out
}

/// The OpenAPI document in a block or file, or `None` if it holds some other
/// value (an example). A JSON document's `components` are not parsed.
fn parse(
    format: Format,
    text: &str,
    at: Source,
    heading: Option<String>,
) -> Result<Option<Fragment>, SpecError> {
    if let Format::Json = format
        && let Some(TopLevel { values, components }) = read_top_level(text)
    {
        // Only the top level is read here, each value kept as its text, and
        // the components down to their entries; a block whose top level is
        // not an object (an example) or that is malformed is read whole
        // below, which gives its error.
        if !values.contains_key("openapi") && !values.contains_key("swagger") {
            return Ok(None);
        }
        let doc = values
            .into_iter()
            .map(|(key, raw)| Ok((key, parse_within(text, raw.get(), &at)?)))
            .collect::<Result<_, SpecError>>()?;
        return Ok(Some(Fragment {
            source: at,
            heading,
            doc: Value::Object(doc),
            components,
        }));
    }
    let doc = parse_value(format, text, &at)?;
    Ok(is_openapi(&doc).then(|| Fragment::new(at, heading, doc)))
}

fn parse_value(format: Format, text: &str, at: &Source) -> Result<Value, SpecError> {
    match format {
        Format::Json => {
            refuse_wide_integer(text, text, at)?;
            serde_json::from_str(text).map_err(|e| malformed_json(at, e))
        }
        Format::Yaml => serde_norway::from_str(text).map_err(|e| {
            let line = e.location().map_or(0, |l| l.line().saturating_sub(1));
            SpecError::Malformed {
                at: Source::new(at.file.clone(), at.line + line),
                format: "YAML",
                message: strip_position(&e.to_string()),
            }
        }),
    }
}

/// Parses `part`, a slice of `text` (whose first line is `at`'s), as JSON;
/// an error names the page line. Text already read as raw JSON can still
/// fail here: reading it raw does not limit how deep it nests.
pub(crate) fn parse_within(text: &str, part: &str, at: &Source) -> Result<Value, SpecError> {
    refuse_wide_integer(text, part, at)?;
    crate::merge::json::from_str(part).map_err(|e| {
        let offset = offset_in(text, part).expect("`part` is a slice of `text`");
        let before = text[..offset].matches('\n').count();
        malformed_json(&Source::new(at.file.clone(), at.line + before), e)
    })
}

/// An integer in `part` (a slice of `text`, whose first line is `at`'s)
/// that the merge could keep only as the nearest `f64` is an error at its
/// line: the merge never writes another number than the page's.
fn refuse_wide_integer(text: &str, part: &str, at: &Source) -> Result<(), SpecError> {
    let Some((offset, literal)) = crate::merge::json::wide_integer(part) else {
        return Ok(());
    };
    let offset = offset_in(text, part).expect("`part` is a slice of `text`") + offset;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    Err(SpecError::Malformed {
        at: Source::new(
            at.file.clone(),
            at.line + text[..offset].matches('\n').count(),
        ),
        format: "JSON",
        message: format!(
            "the integer {literal} (column {}) does not fit in 64 bits, and an f64 would keep \
             only its first 17 digits: write it as a string, or as a float if an approximation is meant",
            text[line_start..offset].chars().count() + 1
        ),
    })
}

fn malformed_json(at: &Source, e: serde_json::Error) -> SpecError {
    SpecError::Malformed {
        at: Source::new(at.file.clone(), at.line + e.line().saturating_sub(1)),
        format: "JSON",
        message: strip_position(&e.to_string()),
    }
}

/// Parsers append "at line L column C" relative to the block; the error
/// already names the page line, so keep only the column.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => {
            let (text, position) = message.split_at(i);
            match position.find("column") {
                Some(c) => format!("{text} ({})", &position[c..]),
                None => text.to_string(),
            }
        }
        None => message.to_string(),
    }
}

fn is_openapi(doc: &Value) -> bool {
    doc.get("openapi").is_some() || doc.get("swagger").is_some()
}

fn check_heading(fragment: &Fragment) -> Result<(), SpecError> {
    let Some(heading) = &fragment.heading else {
        return Ok(());
    };
    let operations: Vec<String> = crate::openapi::operations(&fragment.doc)
        .into_iter()
        .map(|(path, method, _)| format!("{} {path}", method.to_ascii_uppercase()))
        .collect();
    if operations.len() == 1 && &operations[0] == heading {
        return Ok(());
    }
    Err(SpecError::HeadingMismatch {
        at: fragment.source.clone(),
        heading: heading.clone(),
        block: if operations.is_empty() {
            "no operation".into()
        } else {
            operations.join(", ")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = include_str!("../../tests/fixtures/pages/two-endpoints.md");

    /// The line and heading of each block found in a page.
    fn blocks(file: &str, text: &str) -> Vec<(usize, String)> {
        extract(file, text)
            .unwrap()
            .into_iter()
            .map(|f| (f.source.line, f.heading.unwrap()))
            .collect()
    }

    #[test]
    fn finds_each_endpoint_block_with_its_heading_and_line() {
        assert_eq!(
            blocks("two-endpoints.md", PAGE),
            [
                (12, "GET /things/{thing_id}".to_string()),
                (26, "POST /things".to_string())
            ]
        );
    }

    #[test]
    fn every_fence_style_commonmark_allows_is_seen() {
        let text = include_str!("../../tests/fixtures/pages/fence-styles.md");
        assert_eq!(
            blocks("fence-styles.md", text),
            [
                (6, "GET /tilde".to_string()),
                (12, "GET /four-backticks".to_string()),
                (18, "GET /attributes".to_string()),
                // The block inside the four-backtick example is its text.
                (31, "GET /nested".to_string()),
            ]
        );
    }

    #[test]
    fn a_block_in_a_list_or_a_quote_is_read_without_the_container() {
        // The parser takes out the list's indentation and the quote's `>`:
        // the block's text is then not one slice of the page.
        let block = "```json\n{\"openapi\": \"3.0.3\",\n \"paths\": {\"/a\": {\"get\": {}}}}\n```";
        let listed = format!(
            "## GET /a\n\n- The endpoint:\n\n  {}\n",
            block.replace('\n', "\n  ")
        );
        let quoted = format!("## GET /a\n\n> {}\n", block.replace('\n', "\n> "));
        for page in [listed, quoted] {
            let fragments = extract("p.md", &page).unwrap_or_else(|e| panic!("{e}\n{page}"));
            assert_eq!(fragments.len(), 1, "{page}");
            assert_eq!(
                fragments[0].doc()["paths"]["/a"]["get"],
                serde_json::json!({})
            );
        }
    }

    #[test]
    fn skips_example_blocks_that_are_not_openapi() {
        let page = "# P\n\n```json\n{\"example\": true}\n```\n\n## GET /a\n\n```json\n{\"openapi\":\"3.0.0\",\"paths\":{\"/a\":{\"get\":{}}}}\n```\n";
        let fragments = extract("p.md", page).unwrap();
        assert_eq!(fragments.len(), 1);
        assert_eq!(fragments[0].source.line, 10);
    }

    #[test]
    fn malformed_json_names_the_page_line() {
        let text = include_str!("../../tests/fixtures/bad/malformed-json.md");
        let err = extract("malformed-json.md", text).unwrap_err().to_string();
        assert!(
            err.starts_with("malformed-json.md:8: malformed JSON"),
            "{err}"
        );
    }

    #[test]
    fn malformed_yaml_names_the_page_line() {
        let page = "## GET /a\n\n```yaml\nopenapi: 3.0.0\npaths: [\n```\n";
        let err = extract("y.md", page).unwrap_err().to_string();
        assert!(err.starts_with("y.md:"), "{err}");
        assert!(err.contains("malformed YAML"), "{err}");
    }

    #[test]
    fn a_page_without_a_document_is_an_error() {
        let text = include_str!("../../tests/fixtures/bad/no-block.md");
        let err = extract("no-block.md", text).unwrap_err().to_string();
        assert_eq!(
            err,
            "no-block.md: no OpenAPI document found (expected a ```json or ```yaml block with an `openapi` key)"
        );
    }

    #[test]
    fn a_heading_that_disagrees_with_its_block_is_an_error() {
        let text = include_str!("../../tests/fixtures/bad/heading-mismatch.md");
        let err = extract("heading-mismatch.md", text)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "heading-mismatch.md:8: the heading says `GET /things` but the block defines `POST /things`"
        );
    }

    #[test]
    fn headings_are_unescaped() {
        assert_eq!(
            operation_heading("PATCH /api/partners/{partner\\_id}/x").as_deref(),
            Some("PATCH /api/partners/{partner_id}/x")
        );
        assert_eq!(operation_heading("Overview"), None);
    }

    #[test]
    fn yaml_and_json_fragment_files_are_whole_documents() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n";
        assert_eq!(extract("f.yaml", yaml).unwrap().len(), 1);
        let json = r#"{"openapi":"3.0.3","paths":{}}"#;
        assert_eq!(extract("f.json", json).unwrap().len(), 1);
    }
}
