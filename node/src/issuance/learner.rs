//! Who a credential is issued to, as an issuer submits it (one request or one row of a
//! cohort), and its validation: each problem names its field (or CSV column).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A learner to issue a credential to. At least one e-mail address or a DID identifies
/// the learner; e-mail addresses go into the credential only as salted SHA-256 hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LearnerRequest {
    /// Full name, as it appears on the credential page.
    pub name: String,
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

/// Whether `s` looks like an e-mail address (one `@`, a dotted domain, no spaces).
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 254
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | ',' | ';'))
}

/// A `YYYY-MM-DD` date or RFC 3339 date-time as an XSD dateTimeStamp.
pub fn date_time_stamp(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return t
            .format(&time::format_description::well_known::Rfc3339)
            .ok();
    }
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, format)
        .ok()
        .map(|d| format!("{d}T00:00:00Z"))
}

impl LearnerRequest {
    /// Trims every field and lowercases e-mail addresses; empty optional fields become
    /// absent.
    pub fn normalized(mut self) -> Self {
        let opt = |v: Option<String>| v.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        self.name = self.name.trim().to_owned();
        self.emails = self
            .emails
            .into_iter()
            .map(|e| e.trim().to_lowercase())
            .filter(|e| !e.is_empty())
            .collect();
        self.did = opt(self.did);
        self.result = opt(self.result);
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
        }
        let start = self
            .activity_start_date
            .as_deref()
            .map(|s| (s, date_time_stamp(s)));
        let end = self
            .activity_end_date
            .as_deref()
            .map(|s| (s, date_time_stamp(s)));
        if let Some((_, None)) = start {
            out.push(problem(
                "activityStartDate",
                None,
                "must be a date (YYYY-MM-DD) or an RFC 3339 date-time",
            ));
        }
        if let Some((_, None)) = end {
            out.push(problem(
                "activityEndDate",
                None,
                "must be a date (YYYY-MM-DD) or an RFC 3339 date-time",
            ));
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
        assert!(is_email("a.b+c@uni.edu.mx"));
    }
}
