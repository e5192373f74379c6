//! Where each node of a YAML file starts, from the parser's own marks, so
//! that a message about the third overlay action or the second place of a
//! named type points at that line, not at the first line that happens to
//! contain the same text.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// One step from a node to a child: a mapping key or a sequence index.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The value under this key of a mapping.
    Key(&'a str),
    /// This item of a sequence.
    Index(usize),
}

/// The line of every node of a YAML document.
#[derive(Debug, Clone, Default)]
pub struct Positions {
    root: Option<Node>,
}

#[derive(Debug, Clone)]
struct Node {
    line: usize,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Scalar(String),
    Sequence(Vec<Node>),
    /// Keys with their values; a key whose value is still being read has none.
    Mapping(Vec<(Node, Option<Node>)>),
}

impl Positions {
    /// The positions of `text`'s first document; none if it does not parse
    /// (the file's own parser reports that, with its line).
    pub fn parse(text: &str) -> Self {
        let mut builder = Builder::default();
        match Parser::new_from_str(text).load(&mut builder, false) {
            Ok(()) => Self { root: builder.root },
            Err(_) => Self::default(),
        }
    }

    /// The line (from 1) where the node at `path` starts, if there is one.
    pub fn line(&self, path: &[Step]) -> Option<usize> {
        let mut node = self.root.as_ref()?;
        for step in path {
            node = match (step, &node.kind) {
                (Step::Key(key), Kind::Mapping(entries)) => entries
                    .iter()
                    .find(|(k, _)| matches!(&k.kind, Kind::Scalar(s) if s == key))
                    .and_then(|(_, v)| v.as_ref())?,
                (Step::Index(i), Kind::Sequence(items)) => items.get(*i)?,
                _ => return None,
            };
        }
        Some(node.line)
    }
}

/// Builds the node tree from the parser's events.
#[derive(Default)]
struct Builder {
    /// Open sequences and mappings, innermost last.
    open: Vec<Node>,
    root: Option<Node>,
}

impl Builder {
    fn close(&mut self, node: Node) {
        let Some(parent) = self.open.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut parent.kind {
            Kind::Sequence(items) => items.push(node),
            // Keys and values alternate.
            Kind::Mapping(entries) => match entries.last_mut() {
                Some((_, value @ None)) => *value = Some(node),
                _ => entries.push((node, None)),
            },
            Kind::Scalar(_) => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let line = mark.line();
        match event {
            Event::Scalar(value, ..) => self.close(Node {
                line,
                kind: Kind::Scalar(value),
            }),
            Event::Alias(_) => self.close(Node {
                line,
                kind: Kind::Scalar(String::new()),
            }),
            Event::SequenceStart(..) => self.open.push(Node {
                line,
                kind: Kind::Sequence(Vec::new()),
            }),
            Event::MappingStart(..) => self.open.push(Node {
                line,
                kind: Kind::Mapping(Vec::new()),
            }),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(node) = self.open.pop() {
                    self.close(node);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "\
# a comment
overlay: 1.0.0
actions:
  - target: $.a.properties
    remove: true

  - target: $.a.properties.errors
    update:
      x: 1
  - {target: $.b, remove: true}
types:
  - name: T
    at:
      - $.one
      - $.two
";

    #[test]
    fn every_node_has_the_line_it_starts_on() {
        let positions = Positions::parse(TEXT);
        let action = |i| positions.line(&[Step::Key("actions"), Step::Index(i)]);
        assert_eq!(action(0), Some(4));
        assert_eq!(action(1), Some(7));
        assert_eq!(action(2), Some(10));
        assert_eq!(action(3), None);
        assert_eq!(
            positions.line(&[Step::Key("actions"), Step::Index(1), Step::Key("update")]),
            Some(9)
        );
        let at = |i| {
            positions.line(&[
                Step::Key("types"),
                Step::Index(0),
                Step::Key("at"),
                Step::Index(i),
            ])
        };
        assert_eq!((at(0), at(1)), (Some(14), Some(15)));
        assert_eq!(positions.line(&[Step::Key("missing")]), None);
    }

    #[test]
    fn text_that_does_not_parse_has_no_positions() {
        assert_eq!(Positions::parse("a: [").line(&[Step::Key("a")]), None);
    }
}
