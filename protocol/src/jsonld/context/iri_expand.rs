//! IRI expansion (JSON-LD 1.1 API 5.2) against an active context.

use super::ActiveContext;
use crate::jsonld::iri::{has_keyword_form, is_absolute_iri, is_keyword, resolve};

/// IRI expansion against a finished active context.
pub(crate) fn expand_iri_final(
    ctx: &ActiveContext,
    value: &str,
    document_relative: bool,
    vocab: bool,
) -> Option<String> {
    if is_keyword(value) {
        return Some(value.to_owned());
    }
    if has_keyword_form(value) {
        return None;
    }
    if let Some(def) = ctx.terms.get(value) {
        if let Some(iri) = def.iri.as_deref().filter(|i| is_keyword(i)) {
            return Some(iri.to_owned());
        }
        if vocab {
            return def.iri.as_deref().map(str::to_owned);
        }
    }
    expand_tail(ctx, value, document_relative, vocab)
}

/// Steps 6 to 9 of IRI expansion, once the prefix term (if any) is defined.
pub(crate) fn expand_tail(
    ctx: &ActiveContext,
    value: &str,
    document_relative: bool,
    vocab: bool,
) -> Option<String> {
    if let Some(colon) = value.get(1..).and_then(|v| v.find(':')).map(|i| i + 1) {
        let (prefix, suffix) = (&value[..colon], &value[colon + 1..]);
        if prefix == "_" || suffix.starts_with("//") {
            return Some(value.to_owned());
        }
        if let Some(def) = ctx.terms.get(prefix)
            && let (Some(iri), true) = (&def.iri, def.prefix)
        {
            return Some(format!("{iri}{suffix}"));
        }
        if is_absolute_iri(value) {
            return Some(value.to_owned());
        }
    }
    if vocab && let Some(v) = &ctx.vocab {
        return Some(format!("{v}{value}"));
    }
    if document_relative {
        return Some(resolve(value, ctx.base.as_deref()));
    }
    Some(value.to_owned())
}
