//! What the crate changes in progenitor's output, on the syntax tree: each
//! patch finds its place by the shape of the code (a method's name and
//! signature, a call's path and arguments), never by the spacing of its
//! text, and counts what it changed against what the spec says there must
//! be, so that a progenitor whose output moved fails the build with a
//! message naming the patch instead of leaving a place unpatched.

use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Expr, ImplItem, Item, Token, parse_quote};

/// Patches the client: private constructors, every path value checked by
/// `crate::path::segment`, and every `send` returning the crate's `Error`
/// through `crate::call::run`. `operations` and `path_values` are how
/// many operations and path parameters the spec has.
pub fn client(file: &mut syn::File, operations: usize, path_values: usize) -> Result<(), String> {
    private_constructors(&mut file.items)?;
    let mut checked = CheckPathValues(0);
    checked.visit_file_mut(file);
    if checked.0 != path_values {
        return Err(format!(
            "the client's path encoding changed shape ({} of {path_values} path parameters checked); \
             update CheckPathValues in build/patches.rs for this progenitor version",
            checked.0
        ));
    }
    let wrapped = crate_errors(&mut file.items)?;
    if wrapped != operations {
        return Err(format!(
            "the client's send methods changed shape ({wrapped} of {operations} operations wrapped); \
             update crate_errors in build/patches.rs for this progenitor version"
        ));
    }
    Ok(())
}

/// Patches the typed mocks: every path value matched exactly as the client
/// encodes it, and `MockServerExt` sealed.
pub fn mock(file: &mut syn::File) -> Result<(), String> {
    sealed_mock_trait(&mut file.items)?;
    let mut escaped = EscapeMockPathValues {
        escaped: 0,
        matchers: 0,
    };
    escaped.visit_file_mut(file);
    if escaped.escaped != escaped.matchers {
        return Err(format!(
            "the mock helpers' path matching changed shape ({} of {} path parameters escaped); \
             update EscapeMockPathValues in build/patches.rs for this progenitor version",
            escaped.escaped, escaped.matchers
        ));
    }
    Ok(())
}

/// `MockServerExt` gains a method for every new operation of the spec:
/// were it open, that would break any implementation of it outside this
/// crate, and cargo-semver-checks rightly calls each new operation a
/// major release. Sealed (a supertrait no other crate can name,
/// `crate::mock::Sealed`), it is the extension trait it is meant to be,
/// and a new operation adds to it without breaking anyone.
fn sealed_mock_trait(items: &mut [Item]) -> Result<(), String> {
    let mut sealed = 0;
    each_item(items, &mut |item| {
        if let Item::Trait(tr) = item
            && tr.ident == "MockServerExt"
        {
            tr.supertraits.push(parse_quote!(crate::mock::Sealed));
            sealed += 1;
        }
        Ok(())
    })?;
    if sealed != 1 {
        return Err(format!(
            "the mock helpers changed shape ({sealed} traits named MockServerExt, not 1); \
             update sealed_mock_trait in build/patches.rs for this progenitor version"
        ));
    }
    Ok(())
}

/// Every item of `items`, modules' items included, to `each`.
fn each_item(
    items: &mut [Item],
    each: &mut impl FnMut(&mut Item) -> Result<(), String>,
) -> Result<(), String> {
    for item in items {
        if let Item::Mod(module) = item
            && let Some((_, inner)) = &mut module.content
        {
            each_item(inner, each)?;
        }
        each(item)?;
    }
    Ok(())
}

/// progenitor makes `Client::new` and `Client::new_with_client` public: with
/// them anyone could make a client that skips the builder's checks (https
/// only, no redirects). They become `pub(crate)`, for the builder alone.
fn private_constructors(items: &mut [Item]) -> Result<(), String> {
    let mut found = [0usize; 2];
    each_item(items, &mut |item| {
        let Item::Impl(block) = item else {
            return Ok(());
        };
        let is_client = matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        if !is_client || block.trait_.is_some() {
            return Ok(());
        }
        for member in &mut block.items {
            if let ImplItem::Fn(method) = member
                && let Some(at) = ["new", "new_with_client"]
                    .iter()
                    .position(|name| method.sig.ident == name)
                && matches!(method.vis, syn::Visibility::Public(_))
            {
                method.vis = parse_quote!(pub(crate));
                found[at] += 1;
            }
        }
        Ok(())
    })?;
    if found != [1, 1] {
        return Err(format!(
            "the generated client's constructors changed shape (found `new` {} and `new_with_client` {} times); \
             update private_constructors in build/patches.rs for this progenitor version",
            found[0], found[1]
        ));
    }
    Ok(())
}

/// Every path value goes through `crate::path::segment` instead of
/// progenitor's `encode_path`, so that an empty, `.` or `..` value is
/// refused instead of being normalized by the URL parser into another
/// resource's path, and every other value is encoded to stay in its own
/// segment (progenitor leaves `\`, which the URL parser turns into `/`):
/// `encode_path(&name.to_string())` becomes
/// `crate::path::segment("name", &name.to_string()).map_err(Error::InvalidRequest)?`.
struct CheckPathValues(usize);

impl VisitMut for CheckPathValues {
    /// The URL is built in a `format!`, whose arguments are tokens to syn:
    /// they are parsed as expressions, visited, and printed back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        let before = self.0;
        if mac.path.is_ident("format")
            && let Ok(mut parts) =
                mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        {
            for part in parts.iter_mut() {
                self.visit_expr_mut(part);
            }
            if self.0 != before {
                mac.tokens = quote_tokens(&parts);
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let Expr::Call(call) = expr else { return };
        let Expr::Path(function) = &*call.func else {
            return;
        };
        let last = function.path.segments.last();
        if last.is_none_or(|s| s.ident != "encode_path") || call.args.len() != 1 {
            return;
        }
        let Some(name) = to_string_of_a_name(&call.args[0]) else {
            return;
        };
        let label = name.to_string();
        *expr = parse_quote!(
            crate::path::segment(#label, &#name.to_string()).map_err(Error::InvalidRequest)?
        );
        self.0 += 1;
    }
}

/// `name` of `&name.to_string()`.
fn to_string_of_a_name(expr: &Expr) -> Option<syn::Ident> {
    let Expr::Reference(reference) = expr else {
        return None;
    };
    let Expr::MethodCall(call) = &*reference.expr else {
        return None;
    };
    if call.method != "to_string" || !call.args.is_empty() {
        return None;
    }
    let Expr::Path(receiver) = &*call.receiver else {
        return None;
    };
    receiver.path.get_ident().cloned()
}

/// Every operation's `send` returns the crate's `Error`: progenitor's body
/// becomes a private `send_generated`, and `send` runs it through
/// `crate::call::run` with the operation's id, which gives the error
/// everything the call saw. Returns how many were wrapped.
fn crate_errors(items: &mut [Item]) -> Result<usize, String> {
    let mut wrapped = 0;
    each_item(items, &mut |item| {
        let Item::Impl(block) = item else {
            return Ok(());
        };
        let mut added = Vec::new();
        for member in &mut block.items {
            let ImplItem::Fn(method) = member else {
                continue;
            };
            if method.sig.ident != "send" || method.sig.asyncness.is_none() {
                continue;
            }
            let shape =
                || "a generated `send` has no `Result<T, Error<E>>` or no operation id".to_string();
            let value = success_type(&method.sig.output).ok_or_else(shape)?;
            let mut id = OperationId(None);
            id.visit_block_mut(&mut method.block);
            let id = id.0.ok_or_else(shape)?;
            method.sig.ident = parse_quote!(send_generated);
            method.vis = syn::Visibility::Inherited;
            added.push(ImplItem::Fn(parse_quote! {
                pub async fn send(self) -> Result<#value, crate::Error> {
                    crate::call::run(#id, self.send_generated()).await
                }
            }));
            wrapped += 1;
        }
        block.items.extend(added);
        Ok(())
    })?;
    Ok(wrapped)
}

/// `T` of `-> Result<T, Error<E>>`.
fn success_type(output: &syn::ReturnType) -> Option<syn::Type> {
    let syn::ReturnType::Type(_, ty) = output else {
        return None;
    };
    let syn::Type::Path(path) = &**ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &last.arguments else {
        return None;
    };
    let mut types = arguments.args.iter().filter_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t.clone()),
        _ => None,
    });
    let (value, error) = (types.next()?, types.next()?);
    let syn::Type::Path(error) = error else {
        return None;
    };
    error
        .path
        .segments
        .last()
        .is_some_and(|s| s.ident == "Error")
        .then_some(value)
}

/// The string given to a struct literal's `operation_id` field.
struct OperationId(Option<syn::LitStr>);

impl VisitMut for OperationId {
    fn visit_field_value_mut(&mut self, field: &mut syn::FieldValue) {
        if let syn::Member::Named(name) = &field.member
            && name == "operation_id"
            && let Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(id),
                ..
            }) = &field.expr
        {
            self.0.get_or_insert_with(|| id.clone());
        }
        syn::visit_mut::visit_field_value_mut(self, field);
    }
}

/// progenitor's mock helpers put a path parameter's value into a regular
/// expression as is, so a partner id such as `a.b` matches `axb` too, and
/// one with `(` panics. The value is escaped, and percent-encoded the way
/// the client encodes it on the wire, so that a mock matches exactly the
/// request the client sends for that value: in each `format!` of a
/// `Regex::new`, the argument `value.to_string()` becomes
/// `::regex::escape(&crate::path::encode(&value.to_string()))`.
struct EscapeMockPathValues {
    escaped: usize,
    /// `path_matches(re)` calls: one per path parameter's matcher.
    matchers: usize,
}

impl VisitMut for EscapeMockPathValues {
    fn visit_expr_method_call_mut(&mut self, call: &mut syn::ExprMethodCall) {
        // A path parameter's matcher: `path_matches(re)` on the regex its
        // value was put in (the operation's own matcher takes a literal).
        if call.method == "path_matches"
            && matches!(call.args.first(), Some(Expr::Path(p)) if p.path.is_ident("re"))
        {
            self.matchers += 1;
        }
        syn::visit_mut::visit_expr_method_call_mut(self, call);
    }

    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let Expr::Path(function) = &*call.func else {
            return;
        };
        let segments: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if !segments.ends_with(&["Regex".to_string(), "new".to_string()]) {
            return;
        }
        for argument in &mut call.args {
            let Expr::Reference(reference) = argument else {
                continue;
            };
            let Expr::Macro(format) = &mut *reference.expr else {
                continue;
            };
            if !format.mac.path.is_ident("format") {
                continue;
            }
            let Ok(mut parts) = format
                .mac
                .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
            else {
                continue;
            };
            let mut changed = false;
            for part in parts.iter_mut() {
                if let Expr::MethodCall(to_string) = part
                    && to_string.method == "to_string"
                    && matches!(&*to_string.receiver, Expr::Path(p) if p.path.is_ident("value"))
                {
                    *part = parse_quote!(::regex::escape(&crate::path::encode(&value.to_string())));
                    changed = true;
                }
            }
            if changed {
                format.mac.tokens = quote_tokens(&parts);
                self.escaped += 1;
            }
        }
    }
}

/// `parts` as the tokens of a macro's body.
fn quote_tokens(parts: &Punctuated<Expr, Token![,]>) -> proc_macro2::TokenStream {
    quote::ToTokens::to_token_stream(parts)
}

/// Each typed mock's answer (`ListBookingsThen`, ...) gets `fault(..)` and
/// `script(..)` (`src/mock/script.rs`), so
/// that an answer the spec does not document is one call, as on a raw
/// mock, rather than `then.into_inner().fault(..)`. On the syntax tree:
/// the impl blocks of types named `...Then` that have `into_inner`.
pub fn fault_on_typed_answers(items: &mut [syn::Item]) -> Result<(), String> {
    let fault: syn::ImplItem = syn::parse_str(
        "/// Answers with `fault` (a status the spec does not document, a \
         /// replay, a delay, a body that is not JSON).\n\
         pub fn fault(self, fault: crate::fault::Fault) -> Self {\n\
             Self(crate::mock::ThenFaultExt::fault(self.0, fault))\n\
         }",
    )
    .map_err(|e| e.to_string())?;
    let script: syn::ImplItem = syn::parse_str(
        "/// Answers with `script`'s answers in order (\"503, then 200\"), \
         /// keeping each request it answered.\n\
         pub fn script(self, script: &crate::mock::Script) -> Self {\n\
             Self(crate::mock::ThenScriptExt::script(self.0, script))\n\
         }",
    )
    .map_err(|e| e.to_string())?;
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &mut module.content {
                    fault_on_typed_answers(inner)?;
                }
            }
            syn::Item::Impl(block) => {
                let named_then = matches!(&*block.self_ty, syn::Type::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident.to_string().ends_with("Then")));
                let unwraps = block
                    .items
                    .iter()
                    .any(|m| matches!(m, syn::ImplItem::Fn(f) if f.sig.ident == "into_inner"));
                if named_then && unwraps && block.trait_.is_none() {
                    block.items.push(fault.clone());
                    block.items.push(script.clone());
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// progenitor names the setter of the `x-idempotency-key` header after the
/// header (`x_idempotency_key`), on every keyed builder and typed mock;
/// raw calls name it `idempotency_key`. Each such setter gets that name
/// too, and the generated one stays as a deprecated alias, so that code
/// written against it builds with a warning that says what to write.
/// Works on the syntax tree: nothing depends on progenitor's spacing.
pub fn idempotency_key_named_as_raw_calls(items: &mut [syn::Item]) -> Result<(), String> {
    use syn::parse::Parser;
    let deprecated = syn::Attribute::parse_outer
        .parse_str(
            "#[deprecated(note = \"renamed `idempotency_key`, the name raw calls use; this alias goes in the next breaking release\")]",
        )
        .map_err(|e| e.to_string())?;
    let doc = syn::Attribute::parse_outer
        .parse_str("/// The `x-idempotency-key` header (a UUID v4 per call when not given; see the crate's docs on idempotency).")
        .map_err(|e| e.to_string())?;
    for item in items.iter_mut() {
        match item {
            syn::Item::Mod(module) => {
                if let Some((_, inner)) = &mut module.content {
                    idempotency_key_named_as_raw_calls(inner)?;
                }
            }
            syn::Item::Impl(block) => {
                let mut renamed = Vec::new();
                for member in &mut block.items {
                    if let syn::ImplItem::Fn(method) = member
                        && method.sig.ident == "x_idempotency_key"
                    {
                        let mut new = method.clone();
                        new.sig.ident = syn::Ident::new("idempotency_key", method.sig.ident.span());
                        new.attrs.extend(doc.iter().cloned());
                        renamed.push(syn::ImplItem::Fn(new));
                        method.attrs.extend(deprecated.iter().cloned());
                    }
                }
                block.items.extend(renamed);
            }
            _ => {}
        }
    }
    Ok(())
}
