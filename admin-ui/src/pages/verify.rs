//! The public verify page: a form (paste, file or URL) and, after a submission, the
//! verification report with every check named in the page language.

use mochila_protocol::credential::vocabulary::Scheme;
use serde::{Deserialize, Serialize};
use serde_json::Value as Json;

use super::{Pages, RenderError, text};
use crate::i18n::{
    Lang, Locale, Term, achievement_type_label, country_name, date_range, long_date, term_label,
};

/// What the verify page shows: the empty form, an input error, or a report.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VerifyView {
    /// The verification report from the node's verifier: `verified` (bool), `status`
    /// (`valid`, `invalid`, `revoked`, `suspended`, `expired`, `status_unknown`), `checks`
    /// (`[{check, outcome, detail}]`) and `credential` (what the credential says: `name`,
    /// `learner`, `issuer`, `issuerName`, `issuerCountry`, dates, `result` and `achievement`).
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
    /// What the outcome means, in the page language.
    explanation: String,
    /// The verifier's own words (English), for specialists.
    detail: String,
}

/// The report's `credential` member as the node's verifier writes it (every member optional:
/// a report from another verifier may have fewer).
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct Reported {
    name: Option<String>,
    issuer: Option<Json>,
    issuer_name: Option<String>,
    issuer_country: Option<String>,
    learner: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    activity_start_date: Option<String>,
    activity_end_date: Option<String>,
    result: Vec<String>,
    achievement: Option<ReportedAchievement>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct ReportedAchievement {
    achievement_type: Option<String>,
    workload: Option<String>,
    levels: Vec<String>,
    participation_form: Option<Term>,
    quality_assurance: Vec<Term>,
}

#[derive(Serialize)]
struct SummaryModel {
    name: Option<String>,
    learner: Option<String>,
    issuer: Option<String>,
    country: Option<String>,
    achievement_type: Option<String>,
    workload: Option<String>,
    level: Option<String>,
    participation: Option<String>,
    quality_assurance: Vec<String>,
    grade: Option<String>,
    activity_dates: Option<String>,
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
    membership: Option<MembershipModel>,
}

/// Whether the issuer belongs to the node's networks, for people.
#[derive(Serialize)]
struct MembershipModel {
    outcome: &'static str,
    label: String,
    network: Option<String>,
    at_issuance: Option<String>,
    detail: String,
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

/// What `outcome` of check `id` means, in `lang`: the check's own sentence, else the one
/// for any status entry, else the one for any check.
fn explanation(lang: Lang, id: &str, outcome: &str) -> String {
    let own = format!("detail_{}_{outcome}", id.replace(':', "_"));
    let status = id
        .starts_with("status:")
        .then(|| format!("detail_status_{outcome}"));
    [Some(own), status, Some(format!("detail_any_{outcome}"))]
        .into_iter()
        .flatten()
        .find_map(|key| text(lang, &key))
        .unwrap_or_default()
        .to_owned()
}

fn check_model(lang: Lang, c: &Json) -> CheckModel {
    let id = string(c.get("check")).unwrap_or_default();
    let raw = string(c.get("outcome")).unwrap_or_default();
    let outcome = OUTCOMES
        .iter()
        .find(|o| **o == raw)
        .copied()
        .unwrap_or("unknown");
    CheckModel {
        name: check_name(lang, &id),
        explanation: explanation(lang, &id, outcome),
        id,
        outcome,
        outcome_label: text(lang, &format!("outcome_{outcome}"))
            .unwrap_or(outcome)
            .to_owned(),
        detail: string(c.get("detail")).unwrap_or_default(),
    }
}

fn summary_model(lang: Lang, c: Reported) -> SummaryModel {
    let issuer_id = match &c.issuer {
        Some(Json::Object(o)) => string(o.get("name")).or_else(|| string(o.get("id"))),
        other => string(other.as_ref()),
    };
    let a = c.achievement.unwrap_or_default();
    let date = |d: Option<String>| d.map(|d| long_date(lang, &d));
    SummaryModel {
        name: c.name,
        learner: c.learner,
        issuer: c.issuer_name.or(issuer_id),
        country: c
            .issuer_country
            .map(|code| country_name(lang, &code))
            .filter(|n| !n.is_empty()),
        achievement_type: a.achievement_type.map(|t| achievement_type_label(lang, &t)),
        workload: a.workload,
        level: (!a.levels.is_empty()).then(|| a.levels.join(", ")),
        participation: a
            .participation_form
            .map(|t| term_label(lang, Scheme::ParticipationForm, &t)),
        quality_assurance: a
            .quality_assurance
            .iter()
            .map(|t| term_label(lang, Scheme::QualityAssurance, t))
            .collect(),
        grade: (!c.result.is_empty()).then(|| c.result.join(", ")),
        activity_dates: date_range(
            lang,
            c.activity_start_date.as_deref(),
            c.activity_end_date.as_deref(),
        ),
        valid_from: date(c.valid_from),
        valid_until: date(c.valid_until),
    }
}

/// The outcomes of the `networkMembership` part of a report.
const STANDINGS: [&str; 4] = ["member", "not_member", "unknown", "no_network"];

fn membership_model(lang: Lang, m: &Json) -> Option<MembershipModel> {
    let raw = string(m.get("outcome"))?;
    let outcome = STANDINGS.iter().find(|s| **s == raw)?;
    let at_issuance = m
        .get("memberAtIssuance")
        .and_then(Json::as_bool)
        .and_then(|was| {
            let key = if was {
                "member_at_issuance_yes"
            } else {
                "member_at_issuance_no"
            };
            text(lang, key).map(str::to_owned)
        });
    Some(MembershipModel {
        outcome,
        label: text(lang, &format!("membership_{outcome}"))
            .unwrap_or(outcome)
            .to_owned(),
        network: string(m.get("network")),
        at_issuance,
        detail: string(m.get("detail")).unwrap_or_default(),
    })
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
        .map(|checks| checks.iter().map(|c| check_model(lang, c)).collect())
        .unwrap_or_default();
    let credential = report
        .get("credential")
        .filter(|c| c.is_object())
        .map(|c| summary_model(lang, Reported::deserialize(c).unwrap_or_default()));
    ReportModel {
        verified,
        status: status.to_owned(),
        status_label,
        checks,
        credential,
        membership: report
            .get("networkMembership")
            .and_then(|m| membership_model(lang, m)),
    }
}

impl Pages {
    /// The verify page: the form, then the report or the input error when there is one.
    pub fn verify(&self, locale: &Locale, view: &VerifyView) -> Result<String, RenderError> {
        let lang = locale.lang;
        let page = VerifyPage {
            v: view,
            report: view.report.as_ref().map(|r| report_model(lang, r)),
        };
        self.render("verify.html", locale, &page)
    }
}
