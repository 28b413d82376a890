//! Validation of an Open Badges 3.0 credential as JSON: every problem at once, each with the
//! JSON path of the offending member.

use serde_json::{Map, Value};

mod checker;

use checker::{Checker, type_names};

use super::terms::undefined_terms;
use super::{VC_V1_CONTEXT, VC_V2_CONTEXT};

/// One problem found in a credential.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ValidationError {
    /// JSON path of the offending member, e.g. `$.credentialSubject.achievement.name`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ValidationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The prefix of every Open Badges 3.0.x context URL.
const OB_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.";

impl Checker {
    fn context(&mut self, root: &Map<String, Value>) -> bool {
        let Some(Value::Array(ctx)) = root.get("@context") else {
            self.err("$.@context", "is required and must be an array");
            return false;
        };
        let first = ctx.first().and_then(Value::as_str);
        let v1 = first == Some(VC_V1_CONTEXT);
        if first != Some(VC_V2_CONTEXT) && !v1 {
            self.err("$.@context[0]", format!("must be {VC_V2_CONTEXT:?}"));
        }
        match ctx.iter().position(|c| c.as_str().is_some_and(|s| s.starts_with(OB_CONTEXT_PREFIX))) {
            Some(1) => {}
            Some(i) => self.err(format!("$.@context[{i}]"), "the Open Badges 3.0 context must come second, right after the VC context"),
            None => self.err("$.@context", "must include an Open Badges 3.0.x context (https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json)"),
        }
        v1
    }

    fn issuer(&mut self, root: &Map<String, Value>) {
        match root.get("issuer") {
            None => self.err("$.issuer", "is required"),
            Some(Value::String(s)) if s.contains(':') => {}
            Some(Value::String(_)) => self.err("$.issuer", "must be a URL or DID"),
            Some(Value::Object(p)) => {
                self.string(p, "$.issuer", "id");
                self.type_includes(p, "$.issuer", &["Profile"]);
                self.string(p, "$.issuer", "name");
                for key in ["url", "email", "phone", "description"] {
                    self.opt_string(p, "$.issuer", key);
                }
                if let Some(addr) = p.get("address") {
                    match addr.as_object() {
                        Some(a) => {
                            self.type_includes(a, "$.issuer.address", &["Address"]);
                            for (k, v) in a {
                                if k != "type" && k != "geo" && !v.is_string() {
                                    self.err(format!("$.issuer.address.{k}"), "must be a string");
                                }
                            }
                        }
                        None => self.err("$.issuer.address", "must be an object"),
                    }
                }
                self.image(p, "$.issuer");
            }
            Some(_) => self.err("$.issuer", "must be a URL or a Profile object"),
        }
    }

    fn achievement(&mut self, a: &Map<String, Value>, p: &str) {
        self.string(a, p, "id");
        self.type_includes(a, p, &["Achievement"]);
        self.string(a, p, "name");
        self.string(a, p, "description");
        if let Some(c) = self.object(a, p, "criteria")
            && !c.get("narrative").is_some_and(Value::is_string)
            && !c.get("id").is_some_and(Value::is_string)
        {
            self.err(format!("{p}.criteria"), "must have a narrative or an id");
        }
        for key in [
            "achievementType",
            "fieldOfStudy",
            "humanCode",
            "inLanguage",
            "version",
        ] {
            self.opt_string(a, p, key);
        }
        self.opt_number(a, p, "creditsAvailable");
        self.image(a, p);
        for (ap, al) in self.objects(a, p, "alignment") {
            self.type_includes(al, &ap, &["Alignment"]);
            self.string(al, &ap, "targetName");
            self.string(al, &ap, "targetUrl");
            for key in [
                "targetDescription",
                "targetCode",
                "targetFramework",
                "targetType",
            ] {
                self.opt_string(al, &ap, key);
            }
        }
        for (rp, rd) in self.objects(a, p, "resultDescription") {
            self.string(rd, &rp, "id");
            self.type_includes(rd, &rp, &["ResultDescription"]);
            self.string(rd, &rp, "name");
            self.string(rd, &rp, "resultType");
        }
    }

    fn subject(&mut self, root: &Map<String, Value>) {
        let Some(s) = self.object(root, "$", "credentialSubject") else {
            return;
        };
        let p = "$.credentialSubject";
        self.type_includes(s, p, &["AchievementSubject"]);
        if s.get("id").is_none() && s.get("identifier").is_none() {
            self.err(
                format!("{p}.id"),
                "the subject needs an id or an identifier",
            );
        }
        self.opt_string(s, p, "id");
        for (ip, ident) in self.objects(s, p, "identifier") {
            self.type_includes(ident, &ip, &["IdentityObject"]);
            if !ident.get("hashed").is_some_and(Value::is_boolean) {
                self.err(format!("{ip}.hashed"), "is required and must be a boolean");
            }
            self.string(ident, &ip, "identityHash");
            self.string(ident, &ip, "identityType");
            self.opt_string(ident, &ip, "salt");
        }
        if let Some(a) = self.object(s, p, "achievement") {
            self.achievement(a, &format!("{p}.achievement"));
        }
        self.opt_number(s, p, "creditsEarned");
        let start = self.date(s, p, "activityStartDate", false);
        let end = self.date(s, p, "activityEndDate", false);
        if let (Some(start), Some(end)) = (start, end)
            && end < start
        {
            self.err(
                format!("{p}.activityEndDate"),
                "is before activityStartDate",
            );
        }
        for (rp, r) in self.objects(s, p, "result") {
            self.type_includes(r, &rp, &["Result"]);
        }
    }

    fn status(&mut self, root: &Map<String, Value>) {
        for (sp, st) in self.objects(root, "$", "credentialStatus") {
            let Some(t) = self.string(st, &sp, "type") else {
                continue;
            };
            if t == "BitstringStatusListEntry" {
                if let Some(purpose) = self.string(st, &sp, "statusPurpose")
                    && !matches!(
                        purpose.as_str(),
                        "revocation" | "suspension" | "refresh" | "message"
                    )
                {
                    self.err(
                        format!("{sp}.statusPurpose"),
                        format!("{purpose:?} is not a known status purpose"),
                    );
                }
                if let Some(i) = self.string(st, &sp, "statusListIndex")
                    && (!i.bytes().all(|b| b.is_ascii_digit()) || i.parse::<u64>().is_err())
                {
                    self.err(
                        format!("{sp}.statusListIndex"),
                        "must be a non-negative decimal integer string",
                    );
                }
                self.string(st, &sp, "statusListCredential");
            }
        }
    }
}

/// Validates an Open Badges 3.0 credential, with context documents from the embedded
/// registry. Returns every problem found (empty when valid).
pub fn validate(credential: &Value) -> Vec<ValidationError> {
    validate_with(credential, &|url| {
        crate::jsonld::embedded_context(url).cloned()
    })
}

/// Validates an Open Badges 3.0 credential, asking `load` for context documents (a context
/// it cannot provide is reported).
pub fn validate_with(
    credential: &Value,
    load: &dyn Fn(&str) -> Option<Value>,
) -> Vec<ValidationError> {
    let mut c = Checker::default();
    let Some(root) = credential.as_object() else {
        c.err("$", "the credential must be a JSON object");
        return c.errors;
    };
    let v1 = c.context(root);
    c.string(root, "$", "id");
    let types = type_names(root.get("type"));
    if !types.contains(&"VerifiableCredential") {
        c.err("$.type", "must include \"VerifiableCredential\"");
    }
    if !types
        .iter()
        .any(|t| *t == "OpenBadgeCredential" || *t == "AchievementCredential")
    {
        c.err(
            "$.type",
            "must include \"OpenBadgeCredential\" (or \"AchievementCredential\")",
        );
    }
    c.issuer(root);
    let (from_key, until_key) = if v1 {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    };
    let from = c.date(root, "$", from_key, true);
    let until = c.date(root, "$", until_key, false);
    if let (Some(from), Some(until)) = (from, until)
        && until < from
    {
        c.err(format!("$.{until_key}"), format!("is before {from_key}"));
    }
    c.date(root, "$", "awardedDate", false);
    for key in ["name", "description"] {
        c.opt_string(root, "$", key);
    }
    c.image(root, "$");
    c.subject(root);
    c.status(root);
    for (ep, e) in c.objects(root, "$", "evidence") {
        c.type_includes(e, &ep, &["Evidence"]);
    }
    for (ep, e) in c.objects(root, "$", "endorsement") {
        c.type_includes(e, &ep, &["EndorsementCredential"]);
    }
    let (undefined, missing) = undefined_terms(credential, load);
    for url in missing {
        c.err(
            "$.@context",
            format!("context {url:?} is not available offline; its terms cannot be checked"),
        );
    }
    for t in undefined {
        c.err(t.path, format!("{:?} is not defined by the credential's contexts (JSON-LD expansion would drop it)", t.term));
    }
    c.errors
}
