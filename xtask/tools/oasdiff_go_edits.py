"""Reads the edits oasdiff's checker tests make to loaded specs in Go, as
JSON-pointer edits of the fixture documents.

oasdiff's tests often load one fixture twice and change a field in Go
(`s2.Spec.Paths.Value("/p").Post.RequestBody.Value.Content["application/json"]
.Schema.Value.Properties["name"].Value.MaxLength = &maxLength`). kin-openapi's
`.Value` follows a `$ref`, so the place is only known with the document in
hand: each edit is played on a copy of the fixture as it is read, and written
out as the concrete pointer it reached, so the Rust side applies plain
pointers.

`read(body, docs)` returns `[(side, pointer, value)]`, side `base` or
`revision`, value a JSON-able value or `REMOVE`; it raises `Unread` with the
statement it could not read, and the caller leaves that test for a hand port.
"""
import copy
import json
import re

REMOVE = object()


class Unread(Exception):
    """A statement this reader does not know."""


# kin-openapi's Go field names and the OpenAPI keys they stand for.
FIELDS = {
    "Type": "type", "Format": "format", "ReadOnly": "readOnly",
    "WriteOnly": "writeOnly", "MaxLength": "maxLength", "MinLength": "minLength",
    "Max": "maximum", "Min": "minimum", "MaxItems": "maxItems",
    "MinItems": "minItems", "Enum": "enum", "Required": "required",
    "Nullable": "nullable", "Const": "const", "Pattern": "pattern",
    "Default": "default", "OperationID": "operationId", "Tags": "tags",
    "Deprecated": "deprecated", "Description": "description",
    "AuthorizationURL": "authorizationUrl", "TokenURL": "tokenUrl",
    "RefreshURL": "refreshUrl", "Example": "example", "Title": "title",
    "UniqueItems": "uniqueItems", "MultipleOf": "multipleOf",
    "ExclusiveMin": "exclusiveMinimum", "ExclusiveMax": "exclusiveMaximum",
    "Explode": "explode", "Style": "style", "In": "in", "Name": "name",
    "AllowEmptyValue": "allowEmptyValue", "Summary": "summary",
    "MaxProps": "maxProperties", "MinProps": "minProperties", "Version": "version",
    "Items": "items", "OneOf": "oneOf", "AnyOf": "anyOf", "AllOf": "allOf",
    "Discriminator": "discriminator", "PropertyName": "propertyName",
}
# Fields whose zero value Go leaves out of the document.
OMIT_ZERO = {"operationId", "description", "format", "pattern", "title", "summary",
             "readOnly", "writeOnly", "nullable", "deprecated", "uniqueItems",
             "allowEmptyValue", "authorizationUrl", "tokenUrl"}
METHODS = {"Get", "Post", "Put", "Patch", "Delete", "Head", "Options", "Trace"}
FLOWS = {"Implicit": "implicit", "Password": "password",
         "ClientCredentials": "clientCredentials",
         "AuthorizationCode": "authorizationCode"}
EXTENSIONS = {"diff.SunsetExtension": "x-sunset", "diff.StabilityExtension": "x-stability-level",
              "diff.XStabilityLevelExtension": "x-stability-level"}
# checker's stability level constants.
STABILITY = {"checker.StabilityDraft": "draft", "checker.StabilityAlpha": "alpha",
             "checker.StabilityBeta": "beta", "checker.StabilityStable": "stable"}
STRING = r'"(?:[^"\\]|\\.)*"'


def statements(body):
    """The body's statements, a multi-line literal joined into one."""
    out, current, depth = [], "", 0
    for line in body.split("\n"):
        line = re.sub(r"\s//.*$", "", line).strip()
        if not line or line.startswith("//"):
            continue
        current = f"{current} {line}".strip() if current else line
        depth += line.count("{") + line.count("(") - line.count("}") - line.count(")")
        if depth <= 0:
            out.append(current)
            current, depth = "", 0
    return out


def split_top(text):
    """`text` split at its top-level commas."""
    parts, depth, current, quoted = [], 0, "", False
    for i, c in enumerate(text):
        if c == '"' and (i == 0 or text[i - 1] != "\\"):
            quoted = not quoted
        if not quoted:
            if c in "{([":
                depth += 1
            elif c in "})]":
                depth -= 1
            elif c == "," and depth == 0:
                parts.append(current.strip())
                current = ""
                continue
        current += c
    if current.strip():
        parts.append(current.strip())
    return parts


class Reader:
    def __init__(self, docs, roots):
        self.docs = {side: copy.deepcopy(doc) for side, doc in docs.items()}
        self.roots = roots
        self.aliases = {}
        self.values = {}
        self.edits = []

    # -- places ---------------------------------------------------------

    def walk(self, chain):
        """(side, pointer keys) a chain such as `s2.Spec.Paths.Value("/p")
        .Post` reaches, following `$ref`s where Go reads `.Value`."""
        m = re.match(r"(\w+)", chain)
        root, rest = m.group(1), chain[m.end():]
        if root in self.aliases:
            side, keys = self.aliases[root]
            keys = list(keys)
        elif root in self.roots:
            side, keys = self.roots[root], []
            if not rest.startswith(".Spec"):
                raise Unread(chain)
            rest = rest[len(".Spec"):]
        else:
            raise Unread(chain)
        doc = self.docs[side]
        token = re.compile(
            r"\.Paths\.(?:Value|Find)\((?P<path>" + STRING + r"|\w+)\)"
            r"|\.Responses\.Value\((?P<status>" + STRING + r")\)"
            r"|\.Parameters\.GetByInAndName\(openapi3\.ParameterIn(?P<pin>\w+), (?P<pname>" + STRING + r")\)"
            r"|\.Components\.(?P<ckind>Schemas|SecuritySchemes|Parameters|Responses|RequestBodies|Headers)\[(?P<cname>" + STRING + r")\]"
            r"|\.(?P<mapfield>Content|Properties|Headers|Scopes|Extensions|Callbacks|Mapping)\[(?P<mapkey>" + STRING + r"|[\w.]+)\]"
            r"|\.Flows\.(?P<flow>\w+)"
            r"|\[(?P<index>\d+)\]"
            r"|\[(?P<key>" + STRING + r")\]"
            r"|\.(?P<field>\w+)"
        )
        pos = 0
        while pos < len(rest):
            t = token.match(rest, pos)
            if not t:
                raise Unread(chain)
            pos = t.end()
            g = t.groupdict()
            if g["path"]:
                keys += ["paths", self.string(g["path"])]
            elif g["status"]:
                keys += ["responses", self.string(g["status"])]
            elif g["pin"]:
                keys = self.deref(doc, keys)
                params = self.get(doc, keys + ["parameters"])
                name, where = self.string(g["pname"]), g["pin"].lower()
                found = [i for i, p in enumerate(params)
                         if self.resolve(doc, p).get("name") == name
                         and self.resolve(doc, p).get("in") == where]
                if not found:
                    raise Unread(f"{chain}: no {where} parameter {name}")
                keys += ["parameters", found[0]]
                keys = self.deref(doc, keys)
            elif g["ckind"]:
                kind = g["ckind"][0].lower() + g["ckind"][1:]
                keys += ["components", kind, self.string(g["cname"])]
            elif g["mapfield"]:
                field = g["mapfield"]
                key = g["mapkey"]
                if field == "Extensions":
                    keys.append(EXTENSIONS.get(key) or self.string(key))
                else:
                    keys += [field[0].lower() + field[1:], self.string(key)]
            elif g["flow"]:
                keys += ["flows", FLOWS[g["flow"]]]
            elif g["index"]:
                keys.append(int(g["index"]))
            elif g["key"]:
                keys.append(self.string(g["key"]))
            elif g["field"] == "Spec":
                continue
            elif g["field"] == "Value":
                keys = self.deref(doc, keys)
            elif g["field"] in METHODS:
                keys.append(g["field"].lower())
            elif g["field"] in ("RequestBody", "Schema", "Items", "Not",
                                "AdditionalProperties", "Responses", "Parameters",
                                "Paths", "Security", "Webhooks", "Info", "Headers",
                                "Links", "Callbacks", "Extensions", "Components", "Schemas"):
                keys.append(g["field"][0].lower() + g["field"][1:])
            elif g["field"] in FIELDS:
                keys.append(FIELDS[g["field"]])
            else:
                raise Unread(f"{chain}: field {g['field']}")
        return side, keys

    def string(self, literal):
        if literal.startswith('"'):
            return json.loads(literal)
        if literal in self.values and isinstance(self.values[literal], str):
            return self.values[literal]
        consts = {"installCommandPath": "/api/{domain}/{project}/install-command",
                  "securityScorePath": "/api/{domain}/{project}/badges/security-score"}
        if literal in consts:
            return consts[literal]
        raise Unread(literal)

    @staticmethod
    def get(doc, keys):
        node = doc
        for k in keys:
            node = node[k]
        return node

    def resolve(self, doc, node):
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 32:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise Unread(ref)
            node = self.get(doc, [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")])
            seen += 1
        return node

    def deref(self, doc, keys):
        """`keys`, moved to the target where they reach a `$ref`."""
        try:
            node = self.get(doc, keys)
        except (KeyError, IndexError, TypeError):
            return keys
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not ref.startswith("#/"):
                raise Unread(ref)
            keys = [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
            node = self.get(doc, keys)
        return keys

    # -- values ---------------------------------------------------------

    def value(self, expr):
        expr = expr.strip()
        if expr == "nil":
            return REMOVE
        if re.fullmatch(STRING, expr):
            return json.loads(expr)
        if expr in STABILITY:
            return STABILITY[expr]
        if expr in ("true", "false"):
            return expr == "true"
        if re.fullmatch(r"-?\d+(\.\d+)?", expr):
            return json.loads(expr)
        m = re.fullmatch(r"(?:u?int(?:64|32)?|float64|openapi3\.Float64Ptr|openapi3\.Uint64Ptr)\((.*)\)", expr)
        if m:
            return self.value(m.group(1))
        # kin-openapi's schema constructors.
        constructors = {"NewStringSchema": "string", "NewIntegerSchema": "integer",
                        "NewInt64Schema": "integer", "NewInt32Schema": "integer",
                        "NewFloat64Schema": "number", "NewBoolSchema": "boolean",
                        "NewObjectSchema": "object", "NewArraySchema": "array"}
        m = re.fullmatch(r"openapi3\.(\w+)\(\)", expr)
        if m and m.group(1) in constructors:
            return {"type": constructors[m.group(1)]}
        m = re.fullmatch(r'openapi3\.NewSchemaRef\("", (.*)\)', expr)
        if m:
            return self.value(m.group(1))
        m = re.fullmatch(r"openapi3\.SchemaRefs\{(.*)\}", expr)
        if m:
            return [self.value(p) for p in split_top(m.group(1))]
        # A copy of what a chain reaches: `item := *queryParam.Schema.Value`.
        if expr.startswith("*"):
            return self.value(expr[1:])
        m = re.fullmatch(r"&?(\w+)", expr)
        if m and m.group(1) in self.values:
            return copy.deepcopy(self.values[m.group(1)])
        m = re.fullmatch(r"toJson\(t, (.*)\)", expr)
        if m:
            return self.value(m.group(1))
        m = re.fullmatch(r"&openapi3\.Types\{(.*)\}", expr)
        if m:
            types = [self.value(p) for p in split_top(m.group(1))]
            return types[0] if len(types) == 1 else types
        m = re.fullmatch(r"\[\](?:string|any|interface\{\}|float64|int)\{(.*)\}", expr)
        if m:
            return [self.value(p) for p in split_top(m.group(1))]
        m = re.fullmatch(r"&?openapi3\.SchemaRef\{\s*Value:\s*(.*)\}", expr)
        if m:
            return self.value(m.group(1).strip().rstrip(","))
        m = re.fullmatch(r"&?openapi3\.(?:Schema|Discriminator)\{(.*)\}", expr)
        if m:
            out = {}
            for part in split_top(m.group(1)):
                field, _, v = part.partition(":")
                field = field.strip()
                if field not in FIELDS:
                    raise Unread(part)
                v = self.value(v)
                if v is not REMOVE:
                    out[FIELDS[field]] = v
            return out
        # kin-openapi's `NewOperation()` is an empty `&Operation{}`.
        if expr == "openapi3.NewOperation()":
            return {}
        m = re.fullmatch(r"&openapi3\.RequestBodyRef\{\s*Value:\s*openapi3\.NewRequestBody\(\)(?:\.WithRequired\((true|false)\))?,?\s*\}", expr)
        if m:
            return {"required": True} if m.group(1) == "true" else {}
        m = re.fullmatch(r"map\[string\](?:any|interface\{\})\{(.*)\}", expr)
        if m:
            out = {}
            for part in split_top(m.group(1)):
                key, _, v = part.partition(":")
                key = key.strip()
                out[EXTENSIONS.get(key) or self.string(key)] = self.value(v)
            return out
        # `append(chain, "v", ..)`: the list the chain reaches, extended.
        m = re.fullmatch(r"append\((.*)\)", expr)
        if m:
            first, *rest = split_top(m.group(1))
            base = self.value(first)
            return (base if isinstance(base, list) else []) + [self.value(p) for p in rest]
        m = re.fullmatch(r"openapi3\.NewPaths\(\)", expr)
        if m:
            return {}
        m = re.fullmatch(r"(\w+(?:\.\w+|\[[^\]]*\]|\([^)]*\))*?)(?:\[:(\d+)\])?", expr)
        if m and m.group(1).split(".")[0] in {**self.roots, **self.aliases}:
            side, keys = self.walk(m.group(1))
            node = copy.deepcopy(self.get(self.docs[side], keys))
            if m.group(2):
                node = node[: int(m.group(2))]
            return node
        raise Unread(expr)

    # -- statements -----------------------------------------------------

    def assign(self, side, keys, value):
        doc = self.docs[side]
        parent = doc
        for i, k in enumerate(keys[:-1]):
            if isinstance(parent, dict) and k not in parent:
                # An intermediate Go creates in place: written as its own edit.
                parent[k] = {}
                self.edits.append((side, pointer(keys[: i + 1]), {}))
            parent = parent[k]
        last = keys[-1]
        if value is not REMOVE and last in OMIT_ZERO and value in ("", False):
            value = REMOVE
        if value is REMOVE:
            if isinstance(parent, dict):
                if last not in parent:
                    return
                del parent[last]
            else:
                del parent[last]
        elif isinstance(parent, list):
            parent[last] = value
        else:
            parent[last] = value
        self.edits.append((side, pointer(keys), value))

    def statement(self, s):
        m = re.fullmatch(r"(\w+) := (.*)", s)
        if m:
            name, expr = m.groups()
            if expr.split(".")[0] in self.roots:
                self.aliases[name] = self.walk(expr)
            else:
                self.values[name] = self.value(expr)
            return
        # `for k := range M { delete(M, k) }`: M emptied.
        m = re.fullmatch(r"for (\w+) := range (\S+) \{ delete\(\2, \1\) \}", s)
        if m:
            side, keys = self.walk(m.group(2))
            self.assign(side, keys, {})
            return
        m = re.fullmatch(r"deleteResponseHeader\((.*), (" + STRING + r")\)", s)
        if m:
            s = f"delete({m.group(1)}.Headers, {m.group(2)})"
        m = re.fullmatch(r"(.*)\.SetOperation\((" + STRING + r"), nil\)", s)
        if m:
            side, keys = self.walk(m.group(1))
            self.assign(side, keys + [self.string(m.group(2)).lower()], REMOVE)
            return
        m = re.fullmatch(r"delete\((.*), (" + STRING + r")\)", s)
        if m:
            side, keys = self.walk(m.group(1))
            self.assign(side, keys + [self.string(m.group(2))], REMOVE)
            return
        m = re.fullmatch(r"(.*)\.Delete\((" + STRING + r")\)", s)
        if m:
            side, keys = self.walk(m.group(1))
            self.assign(side, keys + [self.string(m.group(2))], REMOVE)
            return
        m = re.fullmatch(r"(.*)\.Set\((" + STRING + r"), (.*)\)", s)
        if m:
            value = self.value(m.group(3))
            side, keys = self.walk(m.group(1))
            self.assign(side, keys + [self.string(m.group(2))], value)
            return
        m = re.fullmatch(r"deleteParam\((.*), openapi3\.ParameterIn(\w+), (" + STRING + r")\)", s)
        if m:
            side, keys = self.walk(m.group(1) + ".Parameters.GetByInAndName(openapi3.ParameterIn"
                                   + m.group(2) + ", " + m.group(3) + ")")
            # The parameter's own place, not its $ref's target.
            side, op = self.walk(m.group(1))
            params = self.get(self.docs[side], op + ["parameters"])
            name, where = self.string(m.group(3)), m.group(2).lower()
            doc = self.docs[side]
            index = next(i for i, p in enumerate(params)
                         if self.resolve(doc, p).get("name") == name
                         and self.resolve(doc, p).get("in") == where)
            self.assign(side, op + ["parameters", index], REMOVE)
            return
        m = re.fullmatch(r"([\w.]+(?:\.\w+|\[[^\]]*\]|\([^)]*\))*) = (.*)", s)
        if m:
            value = self.value(m.group(2))
            side, keys = self.walk(m.group(1))
            self.assign(side, keys, value)
            return
        raise Unread(s)


def pointer(keys):
    return "".join("/" + str(k).replace("~", "~0").replace("/", "~1") for k in keys)


def helpers(sources):
    """oasdiff's one-statement test helpers that take a spec, by name:
    `(parameters, statement)` for `func f(t, s, types) { s.X = types }`,
    `(parameters, "return EXPR")` for `func f(s) *T { return s.X }`."""
    out = {}
    for src in sources:
        for m in re.finditer(r"\nfunc ([a-z]\w*)\(([^)]*)\)[^{\n]*\{\n(.*?)\n\}\n", src, re.S):
            name, params, body = m.groups()
            if "*load.SpecInfo" not in params:
                continue
            lines = [x for x in statements(body) if x != "t.Helper()"]
            if len(lines) == 1:
                names = [p.split()[0] for p in split_top(params)]
                out[name] = (names, lines[0])
    return out


def inline(s, known):
    """`s` with calls of the `known` helpers replaced by their bodies."""
    for name, (params, body) in known.items():
        m = re.search(r"\b" + name + r"\(", s)
        if not m:
            continue
        depth, end = 0, m.end() - 1
        for end in range(m.end() - 1, len(s)):
            depth += {"(": 1, ")": -1}.get(s[end], 0)
            if depth == 0:
                break
        args = split_top(s[m.end():end])
        if len(args) != len(params):
            raise Unread(s)
        # Parameters replaced outside string literals.
        parts = re.split(r"(" + STRING + r")", body)
        for i in range(0, len(parts), 2):
            for p, a in zip(params, args):
                parts[i] = re.sub(r"\b" + re.escape(p) + r"\b", lambda _: a, parts[i])
        body_in = "".join(parts)
        if body_in.startswith("return "):
            s = s[:m.start()] + body_in[len("return "):] + s[end + 1:]
        elif m.start() == 0 and end == len(s) - 1:
            s = body_in
        else:
            raise Unread(s)
        return inline(s, known)
    return s


def read(body, docs, roots, known=None):
    """The edits `body` makes to `docs` ({"base": .., "revision": ..}), in
    order; `roots` names the Go variable of each side (`{"s1": "base"}`),
    `known` the helpers (see `helpers`) whose calls are read as their bodies.
    `Unread` where a statement that touches a spec is not understood."""
    reader = Reader(docs, roots)
    loading = re.compile(r"(\w+)(, err)? :=\s*(open|loadFrom|l)\(")
    for s in statements(body):
        s = inline(s, known or {})
        if loading.match(s):
            continue
        m = re.fullmatch(r"(\w+) := (.*)", s)
        if m and not re.search(r"\b(" + "|".join(roots) + r")\.", m.group(2)):
            # A value a later edit may use; other definitions (`errs :=
            # checker...`) are not values and are passed over.
            try:
                reader.values[m.group(1)] = reader.value(m.group(2))
            except Unread:
                pass
            continue
        root = re.match(r"\w*", s).group(0)
        if m or root in roots or root in ("delete", "deleteParam", "deleteResponseHeader") or (root == "for" and "delete(" in s) or root in reader.aliases:
            reader.statement(s)
        elif re.search(r"\b(" + "|".join(roots) + r")\.(Spec|Paths)\b", s):
            raise Unread(s)
        elif (re.search(r"\b(" + "|".join(roots) + r")\b", s)
              and "GetWithOperationsSourcesMap(" not in s and not s.startswith("require.")):
            # A spec handed to a helper (`setRequestBodyType(t, s1, ..)`,
            # `responseHeaderSchema(s1).Nullable = ..`) may be edited there.
            raise Unread(s)
    return reader.edits
