//! The view of a document that a proof covers — the document without `proof` (for a
//! chain, with the proofs `previousProof` names; for jcs, with the proof's `@context`) —
//! canonicalised without copying the document where possible.

use serde_json::{Map, Value};

use crate::jcs;
use crate::jsonld::Input;

/// The members a proof covers, borrowed from the secured document.
#[derive(Debug, Clone)]
pub(crate) struct Unsecured<'a> {
    doc: &'a Map<String, Value>,
    drop_proof: bool,
    proof: Option<Value>,
    context: Option<&'a Value>,
}

impl<'a> Unsecured<'a> {
    /// The document exactly as given.
    pub(crate) fn as_given(doc: &'a Map<String, Value>) -> Self {
        Self {
            doc,
            drop_proof: false,
            proof: None,
            context: None,
        }
    }

    /// The document a proof with `previousProof` = `previous` covers: without `proof`, or
    /// with `proof` set to the array of the proofs `previous` names.
    pub(crate) fn for_proof(doc: &'a Map<String, Value>, previous: Option<&Value>) -> Self {
        Self {
            doc,
            drop_proof: true,
            proof: chained_proofs(doc, previous),
            context: None,
        }
    }

    /// Calls `f` with the document as covered, as JSON-LD to RDF input: the document
    /// itself without `proof` when nothing else changes (no copy), else an owned copy.
    pub(crate) fn with_rdf_input<R>(&self, f: impl FnOnce(Input<'_>) -> R) -> R {
        if self.proof.is_none() && self.context.is_none() {
            f(Input::Object(self.doc, self.drop_proof.then_some("proof")))
        } else {
            f(Input::Value(&self.to_value()))
        }
    }

    /// Uses `context` as the document's `@context` (jcs verification).
    pub(crate) fn with_context(mut self, context: &'a Value) -> Self {
        if self.doc.get("@context") != Some(context) {
            self.context = Some(context);
        }
        self
    }

    /// The document's `@context` as covered.
    pub(crate) fn context(&self) -> Option<&Value> {
        self.context.or_else(|| self.doc.get("@context"))
    }

    fn members(&self) -> Vec<(&str, &Value)> {
        let mut out: Vec<(&str, &Value)> = Vec::with_capacity(self.doc.len() + 1);
        if let (Some(ctx), false) = (self.context, self.doc.contains_key("@context")) {
            out.push(("@context", ctx));
        }
        for (k, v) in self.doc {
            match (k.as_str(), self.context) {
                ("proof", _) if self.drop_proof => {}
                ("@context", Some(ctx)) => out.push(("@context", ctx)),
                _ => out.push((k.as_str(), v)),
            }
        }
        if let Some(p) = &self.proof {
            out.push(("proof", p));
        }
        out
    }

    /// An owned copy of the covered document.
    pub(crate) fn to_value(&self) -> Value {
        Value::Object(
            self.members()
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.clone()))
                .collect(),
        )
    }

    /// The JCS canonical form of the covered document.
    pub(crate) fn jcs(&self) -> String {
        jcs::canonicalize_members(&self.members())
    }
}

/// For a chain, the array of the proofs `previous` names; `None` without `previousProof`.
fn chained_proofs(doc: &Map<String, Value>, previous: Option<&Value>) -> Option<Value> {
    let wanted: Vec<&str> = match previous {
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
        _ => return None,
    };
    let proofs: Vec<&Value> = match doc.get("proof") {
        Some(Value::Array(set)) => set.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    Some(Value::Array(
        proofs
            .into_iter()
            .filter(|p| {
                p.get("id")
                    .and_then(Value::as_str)
                    .is_some_and(|id| wanted.contains(&id))
            })
            .cloned()
            .collect(),
    ))
}
