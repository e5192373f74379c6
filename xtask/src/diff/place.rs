//! Where the diff is: a change's direction (request or response), its
//! scope (a body, a property, a parameter, ...), both words of the rule
//! ids built from parts, and the [`Place`] the schema walk carries for a
//! row's location and Rust item.

use crate::naming::{pascal_case, snake_case};

/// Request or response: the same schema change means opposite things.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    /// What the client sends.
    Request,
    /// What the server answers.
    Response,
}

impl Direction {
    /// Both, in the order of the rule table.
    pub const ALL: [Direction; 2] = [Direction::Request, Direction::Response];

    /// The first word of its rule ids: `request` or `response`.
    pub fn side(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// Where the schema walk is, for locations and Rust items.
#[derive(Clone)]
pub(super) struct Place {
    /// The operation it was reached from.
    pub(super) operation: String,
    /// `components.schemas.Thing` or `GET /things/{id} 200 response`.
    pub(super) anchor: String,
    /// Property names from the anchor; `[]` marks array items.
    pub(super) fields: Vec<String>,
    /// The generated type at the anchor (`Thing`), when known.
    pub(super) rust_type: Option<String>,
    /// The Rust item, when it is not a type's field (a method).
    pub(super) item: Option<String>,
    pub(super) direction: Direction,
    /// Whether the schema here is a property that is required (`None` at a
    /// body's root).
    pub(super) required: Option<bool>,
    /// Whether the body's media type is loosely typed (not JSON), where
    /// any value reads as a string, as oasdiff's isStronglyTyped says.
    pub(super) loose: bool,
    /// Whether the operation is a webhook: the API sends its request and
    /// the partner's service answers, so its bodies are judged from the
    /// receiver's side ([`Place::body_direction`]).
    pub(super) webhook: bool,
}

impl Place {
    pub(super) fn location(&self) -> String {
        if self.fields.is_empty() {
            return self.anchor.clone();
        }
        let fields = self.fields.join(".").replace(".[]", "[]");
        if self.anchor.starts_with("components.") {
            format!("{}.{fields}", self.anchor)
        } else {
            format!("{}: {fields}", self.anchor)
        }
    }

    /// The field's path in typify's naming: an inline object under
    /// `Thing.meta` is `ThingMeta`; array items add `Item`.
    pub(super) fn rust_item(&self) -> Option<String> {
        if self.item.is_some() {
            return self.item.clone();
        }
        let mut ty = self.rust_type.clone()?;
        let Some(last) = self.fields.iter().rposition(|f| f != "[]") else {
            return Some(format!("types::{ty}"));
        };
        for field in &self.fields[..last] {
            if field == "[]" {
                ty.push_str("Item");
            } else {
                ty.push_str(&pascal_case(field));
            }
        }
        Some(format!("types::{ty}::{}", snake_case(&self.fields[last])))
    }

    /// The direction a body's schema is judged in: a request's body is
    /// what the caller sends (`Request`) and a response's what the API
    /// sends (`Response`), but a webhook's request body is what the API
    /// sends the partner's service, judged as a response is (a value
    /// removed from an enum narrows what the receiver must accept; one
    /// added may break it), and its answer what the partner sends back,
    /// judged as a request is.
    pub(super) fn body_direction(&self, request_body: bool) -> Direction {
        match (request_body, self.webhook) {
            (true, false) | (false, true) => Direction::Request,
            (true, true) | (false, false) => Direction::Response,
        }
    }

    pub(super) fn is_root(&self) -> bool {
        self.required.is_none()
    }

    pub(super) fn field(&self, name: &str, required: bool) -> Place {
        let mut place = self.clone();
        place.fields.push(name.to_string());
        place.required = Some(required);
        place
    }

    pub(super) fn items(&self) -> Place {
        let mut place = self.clone();
        place.fields.push("[]".into());
        place
    }

    pub(super) fn component(&self, name: &str) -> Place {
        Place {
            operation: self.operation.clone(),
            anchor: format!("components.schemas.{name}"),
            fields: Vec::new(),
            rust_type: Some(pascal_case(name)),
            item: None,
            direction: self.direction,
            required: self.required,
            loose: self.loose,
            webhook: self.webhook,
        }
    }
}

words! {
/// What a rule built from parts is about: the word after the direction in
/// its id (`request-{scope}-...`), as oasdiff names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// A request or response body's root schema.
    Body = "body",
    /// A property of a body, at any depth.
    Property = "property",
    /// A parameter's schema.
    Parameter = "parameter",
    /// A header's schema.
    Header = "header",
    /// A property of an object parameter.
    ParameterProperty = "parameter-property",
    /// A property of an object header.
    HeaderProperty = "header-property",
    /// A request property the server sets (`readOnly`).
    ReadOnlyProperty = "read-only-property",
    /// A response property only clients write (`writeOnly`).
    WriteOnlyProperty = "write-only-property",
    /// A property that was required.
    RequiredProperty = "required-property",
    /// A property that was optional.
    OptionalProperty = "optional-property",
    /// A required `writeOnly` property.
    RequiredWriteOnlyProperty = "required-write-only-property",
    /// An optional `writeOnly` property.
    OptionalWriteOnlyProperty = "optional-write-only-property",
    /// A media type of a response.
    MediaType = "media-type",
    /// A response body's media type, in oasdiff's one-word spelling.
    Mediatype = "mediatype",
    /// A path parameter.
    PathParam = "path-param",
    /// A success status (2xx) of a response.
    SuccessStatus = "success-status",
    /// A status other than success.
    NonSuccessStatus = "non-success-status",
}
fn kebab;
}
