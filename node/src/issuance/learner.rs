//! Who a credential is issued to, as an issuer submits it (one request or one row of a
//! cohort), and its validation: each problem names its field (or CSV column).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use super::dates::date_time_stamp;
use crate::text::{self, is_email};

/// A learner to issue a credential to. At least one e-mail address or a DID identifies
/// the learner; e-mail addresses go into the credential only as salted SHA-256 hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LearnerRequest {
    /// Full name, as it appears on the credential page.
    pub name: String,
    /// The learner's id at the institution (e.g. a student number or RUT), so that staff can
    /// match credentials to learners; stays on this node (never in the credential, never
    /// federated).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    /// E-mail addresses of the learner.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub emails: Vec<String>,
    /// The learner's DID (`credentialSubject.id`), e.g. from their wallet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<String>,
    /// The result or grade, e.g. "6.4".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    /// When the learning activity started (`YYYY-MM-DD` or an RFC 3339 date-time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_start_date: Option<String>,
    /// When it ended.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity_end_date: Option<String>,
    /// A URL of evidence (a project, a portfolio).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_url: Option<String>,
}

/// One invalid field of a learner: its name (camelCase, as in JSON; the CSV column of the
/// same name) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LearnerProblem {
    /// `name`, `emails`, `did`, ...
    pub field: &'static str,
    /// Which element of a list, for `emails`.
    pub item: Option<usize>,
    /// What is wrong.
    pub reason: String,
}

fn problem(field: &'static str, item: Option<usize>, reason: impl Into<String>) -> LearnerProblem {
    LearnerProblem {
        field,
        item,
        reason: reason.into(),
    }
}

impl LearnerRequest {
    /// Trims every field and lowercases e-mail addresses; empty optional fields become
    /// absent.
    pub fn normalized(mut self) -> Self {
        let opt = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.name = text::nfc(self.name.trim());
        self.external_id = opt(self.external_id).map(|s| text::nfc(&s));
        self.emails = self
            .emails
            .into_iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        self.did = opt(self.did);
        self.result = opt(self.result).map(|s| text::nfc(&s));
        self.activity_start_date = opt(self.activity_start_date);
        self.activity_end_date = opt(self.activity_end_date);
        self.evidence_url = opt(self.evidence_url);
        self
    }

    /// Every problem (empty when valid). Call on a normalized request.
    pub fn problems(&self) -> Vec<LearnerProblem> {
        let mut out = Vec::new();
        if self.name.is_empty() {
            out.push(problem("name", None, "must not be empty"));
        } else if self.name.chars().count() > 200 {
            out.push(problem("name", None, "must be at most 200 characters"));
        } else if let Some(why) = text::name_problem(&self.name) {
            out.push(problem("name", None, why));
        }
        if let Some(id) = &self.external_id {
            if id.chars().count() > 100 {
                out.push(problem(
                    "externalId",
                    None,
                    "must be at most 100 characters",
                ));
            } else if let Some(why) = text::name_problem(id) {
                out.push(problem("externalId", None, why));
            }
        }
        if self.emails.is_empty() && self.did.is_none() {
            out.push(problem(
                "emails",
                None,
                "give at least one e-mail address or a DID to identify the learner",
            ));
        }
        if self.emails.len() > 10 {
            out.push(problem("emails", None, "at most 10 addresses"));
        }
        for (i, e) in self.emails.iter().enumerate() {
            if !is_email(e) {
                out.push(problem(
                    "emails",
                    Some(i),
                    format!("{e:?} is not an e-mail address"),
                ));
            }
        }
        if let Some(did) = &self.did {
            let parts: Vec<&str> = did.splitn(3, ':').collect();
            let valid = parts.len() == 3
                && parts[0] == "did"
                && !parts[1].is_empty()
                && parts[1]
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                && !parts[2].is_empty()
                && !did.chars().any(char::is_whitespace);
            if !valid {
                out.push(problem("did", None, "must be a DID (did:<method>:<id>)"));
            }
        }
        if self
            .result
            .as_ref()
            .is_some_and(|r| r.chars().count() > 100)
        {
            out.push(problem("result", None, "must be at most 100 characters"));
        } else if let Some(why) = self.result.as_deref().and_then(text::name_problem) {
            out.push(problem("result", None, why));
        }
        let start = self
            .activity_start_date
            .as_deref()
            .map(|s| (s, date_time_stamp(s)));
        let end = self
            .activity_end_date
            .as_deref()
            .map(|s| (s, date_time_stamp(s)));
        for (field, date) in [("activityStartDate", &start), ("activityEndDate", &end)] {
            if let Some((value, None)) = date {
                out.push(problem(
                    field,
                    None,
                    format!("{value:?} is not a date: write {}", super::dates::ACCEPTED),
                ));
            }
        }
        if let (Some((_, Some(s))), Some((_, Some(e)))) = (&start, &end) {
            let parse = |v: &str| {
                time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc3339).ok()
            };
            if let (Some(s), Some(e)) = (parse(s), parse(e))
                && e < s
            {
                out.push(problem(
                    "activityEndDate",
                    None,
                    "is before activityStartDate",
                ));
            }
        }
        if let Some(url) = &self.evidence_url {
            match url::Url::parse(url) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
                _ => out.push(problem(
                    "evidenceUrl",
                    None,
                    "must be an absolute http(s) URL",
                )),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn learner() -> LearnerRequest {
        LearnerRequest {
            name: " Ana Pérez ".into(),
            external_id: None,
            emails: vec![" Ana@Example.CL ".into()],
            did: None,
            result: None,
            activity_start_date: Some("2026-03-02".into()),
            activity_end_date: Some("2026-06-26T23:59:59-04:00".into()),
            evidence_url: None,
        }
    }

    #[test]
    fn normalizes_and_accepts_a_valid_learner() {
        let l = learner().normalized();
        assert_eq!(l.name, "Ana Pérez");
        assert_eq!(l.emails, vec!["ana@example.cl"]);
        assert!(l.problems().is_empty(), "{:?}", l.problems());
        assert_eq!(
            date_time_stamp("2026-03-02").as_deref(),
            Some("2026-03-02T00:00:00Z")
        );
    }

    #[test]
    fn reports_each_problem_with_its_field() {
        let mut l = learner();
        l.name = " ".into();
        l.emails = vec!["not-an-email".into()];
        l.did = Some("did:Bad".into());
        l.activity_start_date = Some("2026-07-01".into());
        l.activity_end_date = Some("2026-06-01".into());
        l.evidence_url = Some("ftp://x".into());
        let fields: Vec<_> = l.normalized().problems().iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["name", "emails", "did", "activityEndDate", "evidenceUrl"]
        );
        assert!(!is_email("a@b"));
        assert!(!is_email("pepe @gmail.com"));
        assert!(is_email("a.b+c@uni.edu.mx"));
    }

    #[test]
    fn names_with_controls_or_overrides_are_refused_and_names_are_nfc() {
        for bad in ["Ana\0", "\u{202E}anA", "\u{200B}", "Ana\u{85}Pérez"] {
            let mut l = learner();
            l.name = bad.into();
            let fields: Vec<_> = l.normalized().problems().iter().map(|p| p.field).collect();
            assert_eq!(fields, ["name"], "{bad:?}");
        }
        let mut l = learner();
        l.name = "Jose\u{301}".into();
        l.external_id = Some(" 12.345.678-9 ".into());
        let l = l.normalized();
        assert_eq!(l.name, "Jos\u{e9}");
        assert_eq!(l.external_id.as_deref(), Some("12.345.678-9"));
        assert!(l.problems().is_empty());
    }

    #[test]
    fn a_bad_date_is_quoted_and_day_first_dates_pass() {
        let mut l = learner();
        l.activity_start_date = Some("02/03/2026".into());
        l.activity_end_date = Some("31/02/2026".into());
        let problems = l.normalized().problems();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "activityEndDate");
        assert!(
            problems[0]
                .reason
                .starts_with("\"31/02/2026\" is not a date"),
            "{problems:?}"
        );
    }
}
