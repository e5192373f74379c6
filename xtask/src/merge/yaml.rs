//! The YAML writer: a JSON value as block-style YAML that YAML 1.1 readers
//! (PyYAML, js-yaml, so openapi-spec-validator, Redocly and Prism) and YAML
//! 1.2 readers (serde_norway) all read back as the same value.
//!
//! libyaml's emitter, through serde_norway, writes a string plain whenever a
//! YAML 1.2 reader would take it as a string, so `2026-03-10`, `no` and
//! `1:30` came out bare and a YAML 1.1 reader took them for a date, `false`
//! and 90 (GitHub's spec has dates in `example`s and its own extensions). Here
//! a string is plain only when it cannot be anything else in either version;
//! otherwise it is quoted. Writing straight into one buffer is also several
//! times faster than the libyaml emitter it replaces, which was a third of a
//! large merge's time.

use std::io;

use serde_json::{Map, Number, Value};

/// Longest key written as an implicit key; YAML allows 1,024 characters.
const LONGEST_IMPLICIT_KEY: usize = 1000;

/// How much text is gathered before it is handed to the sink.
const CHUNK: usize = 1 << 16;

/// Writes `value` as a YAML document (no `---`), ending with a newline.
pub fn to_string(value: &Value) -> String {
    let mut out = Out::buffer();
    write_document(&mut out, value);
    out.text
}

/// As [`to_string`], into `sink` a chunk at a time, so that a large
/// document's text is never held whole (on GitHub's API, 8 MB).
pub fn write(value: &Value, sink: &mut dyn io::Write) -> io::Result<()> {
    let mut out = Out {
        text: String::with_capacity(2 * CHUNK),
        sink: Some(sink),
        failed: None,
    };
    write_document(&mut out, value);
    out.spill(0);
    out.failed.map_or(Ok(()), Err)
}

/// Where the text goes: a buffer, handed to the sink (if any) at line ends.
struct Out<'a> {
    text: String,
    sink: Option<&'a mut dyn io::Write>,
    /// The first write that failed; nothing is written after it.
    failed: Option<io::Error>,
}

impl Out<'_> {
    fn buffer() -> Self {
        Out {
            text: String::with_capacity(1 << 12),
            sink: None,
            failed: None,
        }
    }

    /// At a line end: hands the text to the sink once there are at least
    /// `at_least` bytes of it. An empty buffer then reads as a line start,
    /// as the text it held ended with one.
    fn spill(&mut self, at_least: usize) {
        let Some(sink) = &mut self.sink else { return };
        if self.text.len() < at_least.max(1) {
            return;
        }
        if self.failed.is_none()
            && let Err(e) = sink.write_all(self.text.as_bytes())
        {
            self.failed = Some(e);
        }
        self.text.clear();
    }

    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with('\n')
    }
}

fn write_document(out: &mut Out<'_>, value: &Value) {
    match value {
        Value::Object(map) if !map.is_empty() => write_map(out, map, 0),
        Value::Array(items) if !items.is_empty() => write_seq(out, items, 0),
        scalar => {
            // A block scalar's lines are indented even at the top, where a
            // line of `---` would otherwise start a new document.
            write_inline(&mut out.text, scalar, 2);
            out.text.push('\n');
        }
    }
}

fn write_map(out: &mut Out<'_>, map: &Map<String, Value>, indent: usize) {
    for (i, (key, value)) in map.iter().enumerate() {
        // The first entry of a map that is a sequence item shares the `- ` line.
        if i > 0 || out.at_line_start() {
            pad(&mut out.text, indent);
        }
        let text = &mut out.text;
        // No more characters than bytes: most keys need no count.
        if key.len() > LONGEST_IMPLICIT_KEY && key.chars().count() > LONGEST_IMPLICIT_KEY {
            text.push_str("? ");
            write_string(text, key, indent + 2, true);
            text.push('\n');
            pad(text, indent);
        } else {
            write_string(text, key, indent, true);
        }
        text.push(':');
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                text.push('\n');
                write_map(out, inner, indent + 2);
            }
            // A sequence in a map sits at the map's own indentation, as
            // libyaml writes it.
            Value::Array(items) if !items.is_empty() => {
                text.push('\n');
                write_seq(out, items, indent);
            }
            scalar => {
                text.push(' ');
                write_inline(text, scalar, indent + 2);
                text.push('\n');
                out.spill(CHUNK);
            }
        }
    }
}

fn write_seq(out: &mut Out<'_>, items: &[Value], indent: usize) {
    for item in items {
        pad(&mut out.text, indent);
        out.text.push_str("- ");
        match item {
            Value::Object(inner) if !inner.is_empty() => write_map(out, inner, indent + 2),
            Value::Array(inner) if !inner.is_empty() => {
                // `- - a`: the inner sequence's first item shares the line.
                let mut first = Out::buffer();
                write_seq(&mut first, inner, indent + 2);
                out.text.push_str(first.text.trim_start_matches(' '));
                out.spill(CHUNK);
            }
            scalar => {
                write_inline(&mut out.text, scalar, indent + 2);
                out.text.push('\n');
                out.spill(CHUNK);
            }
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar, or an empty map or sequence, after `key: ` or `- `. A block
/// scalar's lines are indented by `indent`.
fn write_inline(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_string(out, s, indent, false),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

/// Integers as they are; floats so that YAML 1.1 also reads a float
/// (`1e20` is a string there: it wants a dot and a signed exponent).
fn write_number(out: &mut String, n: &Number) {
    let text = n.to_string();
    if n.is_f64() && !text.contains('.') {
        if let Some((mantissa, exponent)) = text.split_once('e') {
            let signed = if exponent.starts_with(['-', '+']) {
                exponent.to_string()
            } else {
                format!("+{exponent}")
            };
            out.push_str(&format!("{mantissa}.0e{signed}"));
            return;
        }
        out.push_str(&text);
        out.push_str(".0");
        return;
    }
    out.push_str(&text);
}

fn write_string(out: &mut String, s: &str, indent: usize, key: bool) {
    if is_plain_safe(s) {
        out.push_str(s);
    } else if !key && s.contains('\n') && is_literal_safe(s) {
        write_literal(out, s, indent);
    } else if s.chars().all(|c| is_printable(c) && c != '\n') {
        out.push('\'');
        out.push_str(&s.replace('\'', "''"));
        out.push('\'');
    } else {
        write_double_quoted(out, s);
    }
}

/// `|-`, `|` or `|+` by how many line breaks end the string.
fn write_literal(out: &mut String, s: &str, indent: usize) {
    let trailing = s.len() - s.trim_end_matches('\n').len();
    out.push('|');
    // Content whose first line starts with a space needs its indentation
    // stated: a reader would otherwise take the space for indentation.
    if s.starts_with(' ') {
        out.push('2');
    }
    out.push_str(match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    });
    let body = s.strip_suffix('\n').unwrap_or(s);
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            pad(out, indent);
            out.push_str(line);
        }
    }
}

fn write_double_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if !is_printable(c) => {
                let code = c as u32;
                if code <= 0xFF {
                    out.push_str(&format!("\\x{code:02X}"));
                } else if code <= 0xFFFF {
                    out.push_str(&format!("\\u{code:04X}"));
                } else {
                    out.push_str(&format!("\\U{code:08X}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Characters every YAML reader takes as they are, in any scalar style.
fn is_printable(c: char) -> bool {
    matches!(c, ' '..='~' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// A string with line breaks that a literal block keeps exactly: printable,
/// no carriage returns, no line of only blanks (a reader may take it for an
/// indentation line), neither its first nor its last line empty, and no tab
/// where a reader looks for the block's indentation.
fn is_literal_safe(s: &str) -> bool {
    let body = s.trim_end_matches('\n');
    let lines: Vec<&str> = body.split('\n').collect();
    s.chars().all(|c| c == '\n' || c == '\t' || is_printable(c))
        && lines
            .first()
            .is_some_and(|l| !l.is_empty() && !l.starts_with('\t'))
        && lines.last().is_some_and(|l| !l.is_empty())
        && lines
            .iter()
            .all(|l| l.is_empty() || !l.chars().all(|c| c == ' ' || c == '\t'))
}

/// A string that may be written bare: not empty, no leading or trailing
/// blank, no character that starts or ends a YAML construct, and nothing a
/// YAML 1.1 or 1.2 reader would take for another type.
fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if "-?:,[]{}#&*!|>'\"%@`=<.~ \t".contains(first) {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    if !s.chars().all(|c| is_printable(c) && c != '\t') {
        return false;
    }
    !looks_like_another_type(s)
}

/// Null, booleans (YAML 1.1 has `yes`, `no`, `on`, `off`, `y` and `n`),
/// numbers in any base or with `_` or `:` (sexagesimal), and dates.
fn looks_like_another_type(s: &str) -> bool {
    const WORDS: [&str; 11] = [
        "null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf",
    ];
    if WORDS.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return true;
    }
    let first = s.as_bytes()[0];
    let numeric_start = first.is_ascii_digit() || first == b'+';
    // Anything that starts like a number and is made of what numbers are
    // made of (`0x1F`, `1_000`, `1:30`, `6.02e+23`, `0o17`, `3.0.3`).
    let numeric_chars = s.bytes().all(|b| {
        b.is_ascii_hexdigit()
            || matches!(
                b,
                b'+' | b'-' | b'.' | b'_' | b':' | b'x' | b'o' | b'e' | b'E'
            )
    });
    if numeric_start && numeric_chars {
        return true;
    }
    is_timestamp_like(s)
}

/// `YYYY-M-D...`: YAML 1.1's timestamp starts so.
fn is_timestamp_like(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        b.get(range)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(digits(0..4) && b.get(4) == Some(&b'-')) {
        return false;
    }
    let month = b[5..].iter().take_while(|c| c.is_ascii_digit()).count();
    (1..=2).contains(&month)
        && b.get(5 + month) == Some(&b'-')
        && b.get(6 + month).is_some_and(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trips(value: &Value) {
        let text = to_string(value);
        let back: Value = serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(&back, value, "{text}");
    }

    #[test]
    fn strings_a_yaml_1_1_reader_would_retype_are_quoted() {
        let doc = json!({
            "version": "2026-03-10",
            "at": "2019-01-26T19:01:12Z",
            "answer": "no",
            "switch": "On",
            "time": "1:30",
            "hex": "0x1F",
            "semver": "3.0.3",
            "float": "6.02e+23",
            "tilde": "~",
            "empty": "",
            "merge": "<<",
        });
        let text = to_string(&doc);
        for line in text.lines() {
            let (_, value) = line.split_once(": ").unwrap();
            assert!(value.starts_with('\''), "{line}");
        }
        round_trips(&doc);
    }

    #[test]
    fn ordinary_strings_stay_plain() {
        let doc = json!({"/api/partners/{partner_id}": {"summary": "List bookings", "format": "date-time", "x": "2026-03 plan"}});
        assert_eq!(
            to_string(&doc),
            "/api/partners/{partner_id}:\n  summary: List bookings\n  format: date-time\n  x: 2026-03 plan\n"
        );
    }

    #[test]
    fn block_style_matches_what_libyaml_wrote() {
        let doc = json!({
            "tags": ["a", "b"],
            "params": [{"name": "id", "in": "path"}, {"name": "q"}],
            "nested": [[1, 2], []],
            "empty": {},
            "description": "First line.\n\nSecond: line.",
            "kept": "ends\n\n",
            "clip": "ends\n",
            "indented": "  code\nmore",
            "status": {"200": {}, "4XX": {}},
            "numbers": [1, -2.5, 1e20, true, null],
        });
        let expected = "tags:\n- a\n- b\nparams:\n- name: id\n  in: path\n- name: q\nnested:\n- - 1\n  - 2\n- []\nempty: {}\ndescription: |-\n  First line.\n\n  Second: line.\nkept: |+\n  ends\n\nclip: |\n  ends\nindented: |2-\n    code\n  more\nstatus:\n  '200': {}\n  4XX: {}\nnumbers:\n- 1\n- -2.5\n- 1.0e+20\n- true\n- null\n";
        assert_eq!(to_string(&doc), expected);
        round_trips(&doc);
    }

    #[test]
    fn strings_no_block_can_hold_are_double_quoted() {
        for s in [
            "tab\there",
            "cr\r\nlf",
            "bell\u{7}",
            "line\u{2028}sep",
            " \nblank first",
            "last blank\n  ",
            "\nleading break",
            "bom\u{FEFF}",
        ] {
            let doc = json!({ "k": s, s: 1 });
            let text = to_string(&doc);
            assert!(text.contains('"'), "{s:?}: {text}");
            round_trips(&doc);
        }
    }

    #[test]
    fn a_key_too_long_to_be_implicit_is_explicit() {
        let long = "k".repeat(LONGEST_IMPLICIT_KEY + 1);
        let doc = json!({ long.clone(): {"a": 1} });
        assert!(to_string(&doc).starts_with("? "));
        round_trips(&doc);
    }

    /// A document several chunks long, with every shape a chunk can end after.
    fn long_document() -> Value {
        let entries: Map<String, Value> = (0..3000)
            .map(|i| {
                let entry = json!({
                    "summary": format!("entry {i}"),
                    "nested": [[i, "no"], []],
                    "items": [{"name": "id", "in": "path"}, "plain"],
                    "description": "First line.\n\nSecond.",
                });
                (format!("/things/{i}"), entry)
            })
            .collect();
        json!({ "paths": entries, "tail": ["x"] })
    }

    #[test]
    fn written_a_chunk_at_a_time_it_is_the_same_text() {
        let doc = long_document();
        let whole = to_string(&doc);
        assert!(whole.len() > 3 * CHUNK, "{}", whole.len());
        let mut sink = Vec::new();
        write(&doc, &mut sink).unwrap();
        assert_eq!(String::from_utf8(sink).unwrap(), whole);
    }

    /// Takes `room` bytes, then fails as a full disk does.
    struct FullAfter {
        room: usize,
    }

    impl io::Write for FullAfter {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if buf.len() > self.room {
                return Err(io::Error::new(io::ErrorKind::StorageFull, "disk full"));
            }
            self.room -= buf.len();
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sink_that_fails_midway_is_reported() {
        let err = write(&long_document(), &mut FullAfter { room: CHUNK * 2 }).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::StorageFull);
    }

    #[test]
    fn scalars_at_the_top_and_inside_sequences_round_trip() {
        for doc in [
            json!("no"),
            json!(3),
            json!([]),
            json!([["x"]]),
            json!([{"a": [1]}]),
        ] {
            round_trips(&doc);
        }
    }
}
