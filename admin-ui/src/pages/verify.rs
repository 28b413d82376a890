//! The public verify page: a form (paste, file or URL) and, after a submission, the
//! verification report with every check named in the page language.

use serde::Serialize;
use serde_json::Value as Json;

use super::{Pages, RenderError, text};
use crate::i18n::{Lang, long_date};

/// What the verify page shows: the empty form, an input error, or a report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyView {
    /// The verification report from the node's verifier: `verified` (bool), `status`
    /// (`valid`, `invalid`, `revoked`, `suspended`, `expired`, `status_unknown`), `checks`
    /// (`[{check, outcome, detail}]`) and `credential` (`{name, issuer, validFrom,
    /// validUntil}`).
    pub report: Option<Json>,
    /// A problem with the input itself (e.g. "not JSON").
    pub error: Option<String>,
    /// The URL that was asked for, to prefill the form.
    pub url: Option<String>,
}

const STATUSES: [&str; 6] = [
    "valid",
    "invalid",
    "revoked",
    "suspended",
    "expired",
    "status_unknown",
];
const OUTCOMES: [&str; 4] = ["pass", "fail", "unknown", "skipped"];

#[derive(Serialize)]
struct CheckModel {
    id: String,
    name: String,
    outcome: &'static str,
    outcome_label: String,
    detail: String,
}

#[derive(Serialize)]
struct SummaryModel {
    name: Option<String>,
    issuer: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
}

#[derive(Serialize)]
struct ReportModel {
    verified: bool,
    status: String,
    status_label: String,
    checks: Vec<CheckModel>,
    credential: Option<SummaryModel>,
}

#[derive(Serialize)]
struct VerifyPage<'a> {
    v: &'a VerifyView,
    report: Option<ReportModel>,
}

fn string(value: Option<&Json>) -> Option<String> {
    match value? {
        Json::String(s) => Some(s.clone()),
        Json::Null => None,
        other => Some(other.to_string()),
    }
}

/// The name shown for a check id: its translation, or the id itself.
fn check_name(lang: Lang, id: &str) -> String {
    text(lang, &format!("check_{}", id.replace(':', "_")))
        .map_or_else(|| id.to_owned(), str::to_owned)
}

fn report_model(lang: Lang, report: &Json) -> ReportModel {
    let verified = report
        .get("verified")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    let raw_status = string(report.get("status")).unwrap_or_default();
    // unknown words from the report never become CSS classes or translation keys
    let status = STATUSES
        .iter()
        .find(|s| **s == raw_status)
        .map_or(if verified { "valid" } else { "invalid" }, |s| s);
    let status_label = text(lang, &format!("vstatus_{status}"))
        .unwrap_or(status)
        .to_owned();
    let checks = report
        .get("checks")
        .and_then(Json::as_array)
        .map(|checks| {
            checks
                .iter()
                .map(|c| {
                    let id = string(c.get("check")).unwrap_or_default();
                    let raw = string(c.get("outcome")).unwrap_or_default();
                    let outcome = OUTCOMES
                        .iter()
                        .find(|o| **o == raw)
                        .copied()
                        .unwrap_or("unknown");
                    CheckModel {
                        name: check_name(lang, &id),
                        id,
                        outcome,
                        outcome_label: text(lang, &format!("outcome_{outcome}"))
                            .unwrap_or(outcome)
                            .to_owned(),
                        detail: string(c.get("detail")).unwrap_or_default(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let credential = report.get("credential").filter(|c| c.is_object()).map(|c| {
        let issuer = match c.get("issuer") {
            Some(Json::Object(o)) => string(o.get("name")).or_else(|| string(o.get("id"))),
            other => string(other),
        };
        let date = |key| string(c.get(key)).map(|d| long_date(lang, &d));
        SummaryModel {
            name: string(c.get("name")),
            issuer,
            valid_from: date("validFrom"),
            valid_until: date("validUntil"),
        }
    });
    ReportModel {
        verified,
        status: status.to_owned(),
        status_label,
        checks,
        credential,
    }
}

impl Pages {
    /// The verify page: the form, then the report or the input error when there is one.
    pub fn verify(&self, lang: Lang, view: &VerifyView) -> Result<String, RenderError> {
        let page = VerifyPage {
            v: view,
            report: view.report.as_ref().map(|r| report_model(lang, r)),
        };
        self.render("verify.html", lang, &page)
    }
}
