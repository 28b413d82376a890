//! The verification report: every check with its outcome, the overall status, a summary of
//! the credential and the protocol's per-proof reports. Its JSON shape is fixed (the
//! `/verify` page and API clients read it).

use mochila_protocol::proof::ProofReport;
use serde::Serialize;
use utoipa::ToSchema;

pub use super::summary::CredentialSummary;

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CheckOutcome {
    /// The check passed.
    Pass,
    /// The check failed.
    Fail,
    /// The check could not be decided (e.g. a status list could not be fetched).
    Unknown,
    /// The check was not made (`detail` says why).
    Skipped,
}

/// One check and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct CheckResult {
    /// The check: `json`, `context`, `schema`, `proof`, `issuer_did`, `assertion_method`,
    /// `validity_period`, or `status:<purpose>` per status entry.
    pub check: String,
    /// Its outcome.
    pub outcome: CheckOutcome,
    /// What was found, for people.
    pub detail: String,
}

/// The overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// Every check passed.
    Valid,
    /// The credential is malformed, its proof does not verify, or it is not yet valid.
    Invalid,
    /// The issuer revoked it.
    Revoked,
    /// The issuer suspended it.
    Suspended,
    /// Its validity period is over.
    Expired,
    /// Everything else passed, but a status list could not be obtained or trusted: the
    /// credential may or may not be revoked.
    StatusUnknown,
}

/// The report of one verification.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct VerificationResult {
    /// True only when every check passed.
    pub verified: bool,
    /// The overall verdict.
    pub status: VerificationStatus,
    /// Every check made, in order.
    pub checks: Vec<CheckResult>,
    /// What the credential says about itself, when it is a JSON object.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<CredentialSummary>,
    /// The Data Integrity library's report of each proof (checks per proof).
    #[schema(value_type = Vec<Object>)]
    pub proofs: Vec<ProofReport>,
    /// Whether the issuer belongs to a network this node trusts, now and at issuance
    /// (informative: it does not change `verified`). Absent where no node answers it (the
    /// offline `mochila vc verify`).
    #[serde(rename = "networkMembership", skip_serializing_if = "Option::is_none")]
    pub network_membership: Option<crate::network::standing::MembershipCheck>,
}

impl VerificationResult {
    /// The outcome of `check`, if it was made.
    pub fn outcome(&self, check: &str) -> Option<CheckOutcome> {
        self.checks
            .iter()
            .find(|c| c.check == check)
            .map(|c| c.outcome)
    }
}

/// What a status or validity check found beyond its outcome, for the overall verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Finding {
    /// A revocation bit is set.
    Revoked,
    /// A suspension bit is set.
    Suspended,
    /// The validity period is over.
    Expired,
}

/// Collects checks and findings, then computes the verdict.
#[derive(Debug, Default)]
pub struct ReportBuilder {
    checks: Vec<CheckResult>,
    /// Indexes of failed checks whose failure is a finding, not a defect.
    explained: Vec<usize>,
    revoked: bool,
    suspended: bool,
    expired: bool,
}

impl ReportBuilder {
    /// Records a check.
    pub fn record(
        &mut self,
        check: impl Into<String>,
        outcome: CheckOutcome,
        detail: impl Into<String>,
    ) {
        self.checks.push(CheckResult {
            check: check.into(),
            outcome,
            detail: detail.into(),
        });
    }

    /// Records a passed check.
    pub fn pass(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.record(check, CheckOutcome::Pass, detail);
    }

    /// Records a failed check.
    pub fn fail(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.record(check, CheckOutcome::Fail, detail);
    }

    /// Records a failed check with what it means for the verdict.
    pub fn fail_with(
        &mut self,
        check: impl Into<String>,
        detail: impl Into<String>,
        finding: Finding,
    ) {
        match finding {
            Finding::Revoked => self.revoked = true,
            Finding::Suspended => self.suspended = true,
            Finding::Expired => self.expired = true,
        }
        self.explained.push(self.checks.len());
        self.fail(check, detail);
    }

    /// Records a check that could not be decided.
    pub fn unknown(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.record(check, CheckOutcome::Unknown, detail);
    }

    /// Records a check that was not made.
    pub fn skip(&mut self, check: impl Into<String>, detail: impl Into<String>) {
        self.record(check, CheckOutcome::Skipped, detail);
    }

    /// Appends the checks (and findings) of `other`.
    pub fn extend(&mut self, other: ReportBuilder) {
        let offset = self.checks.len();
        self.explained
            .extend(other.explained.iter().map(|i| i + offset));
        self.checks.extend(other.checks);
        self.revoked |= other.revoked;
        self.suspended |= other.suspended;
        self.expired |= other.expired;
    }

    /// Whether `check` was recorded as passed.
    pub fn passed(&self, check: &str) -> bool {
        self.checks
            .iter()
            .any(|c| c.check == check && c.outcome == CheckOutcome::Pass)
    }

    /// The report: `verified` only when every check passed; the status by precedence
    /// invalid > revoked > suspended > expired > status unknown > valid.
    pub fn finish(
        self,
        credential: Option<CredentialSummary>,
        proofs: Vec<ProofReport>,
    ) -> VerificationResult {
        let verified =
            !self.checks.is_empty() && self.checks.iter().all(|c| c.outcome == CheckOutcome::Pass);
        let invalid = self.checks.iter().enumerate().any(|(i, c)| {
            matches!(c.outcome, CheckOutcome::Fail | CheckOutcome::Skipped)
                && !self.explained.contains(&i)
        });
        let unknown = self
            .checks
            .iter()
            .any(|c| c.outcome == CheckOutcome::Unknown);
        let status = if verified {
            VerificationStatus::Valid
        } else if invalid {
            VerificationStatus::Invalid
        } else if self.revoked {
            VerificationStatus::Revoked
        } else if self.suspended {
            VerificationStatus::Suspended
        } else if self.expired {
            VerificationStatus::Expired
        } else if unknown {
            VerificationStatus::StatusUnknown
        } else {
            VerificationStatus::Invalid
        };
        VerificationResult {
            verified,
            status,
            checks: self.checks,
            credential,
            proofs,
            network_membership: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(build: impl FnOnce(&mut ReportBuilder)) -> (bool, VerificationStatus) {
        let mut b = ReportBuilder::default();
        b.pass("json", "ok");
        build(&mut b);
        let r = b.finish(None, Vec::new());
        (r.verified, r.status)
    }

    #[test]
    fn the_verdict_follows_the_precedence() {
        assert_eq!(verdict(|_| {}), (true, VerificationStatus::Valid));
        assert_eq!(
            verdict(|b| b.unknown("status:revocation", "list unreachable")),
            (false, VerificationStatus::StatusUnknown)
        );
        assert_eq!(
            verdict(|b| b.fail_with("validity_period", "over", Finding::Expired)),
            (false, VerificationStatus::Expired)
        );
        assert_eq!(
            verdict(|b| {
                b.fail_with("validity_period", "over", Finding::Expired);
                b.fail_with("status:revocation", "set", Finding::Revoked);
            }),
            (false, VerificationStatus::Revoked)
        );
        assert_eq!(
            verdict(|b| {
                b.fail_with("status:suspension", "set", Finding::Suspended);
                b.unknown("status:revocation", "unreachable");
            }),
            (false, VerificationStatus::Suspended)
        );
        assert_eq!(
            verdict(|b| {
                b.fail("proof", "bad signature");
                b.fail_with("status:revocation", "set", Finding::Revoked);
            }),
            (false, VerificationStatus::Invalid)
        );
        assert_eq!(
            verdict(|b| b.fail("validity_period", "not yet valid")),
            (false, VerificationStatus::Invalid)
        );
    }

    #[test]
    fn the_report_has_the_documented_shape() {
        let mut b = ReportBuilder::default();
        b.pass("json", "a JSON object");
        let doc = serde_json::json!({"id": "urn:uuid:1", "issuer": {"id": "did:key:z6Mk"},
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"achievement": {"name": "Rust"}}});
        let summary = CredentialSummary::of(doc.as_object().unwrap());
        let json = serde_json::to_value(b.finish(Some(summary), Vec::new())).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "verified": true, "status": "valid",
                "checks": [{"check": "json", "outcome": "pass", "detail": "a JSON object"}],
                "credential": {"id": "urn:uuid:1", "name": "Rust", "issuer": "did:key:z6Mk",
                    "issuerName": null, "issuerCountry": null, "learner": null,
                    "validFrom": "2026-01-01T00:00:00Z", "validUntil": null,
                    "activityStartDate": null, "activityEndDate": null, "result": [],
                    "achievement": {"name": "Rust", "achievementType": null, "workload": null,
                        "levels": [], "participationForm": null, "qualityAssurance": []}},
                "proofs": []
            })
        );
    }
}
