//! The network charter: who must sign which decision. The coordinator signs every change
//! of its member list; the charter says how many of the other active members must
//! endorse it as well, per kind of decision, and how long a suspension the coordinator
//! decides alone lasts before it lapses.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The type of the charter object in the coordinator's member list.
pub const CHARTER_TYPE: &str = "NetworkCharter";

/// Fourteen days: how long an emergency suspension lasts unless confirmed, by default.
pub const DEFAULT_SUSPENSION_LAPSE_SECS: i64 = 14 * 24 * 60 * 60;

/// How many of the eligible members (the active members other than the decision's
/// subject) must endorse a decision, besides the coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Share {
    /// None: the coordinator alone.
    None,
    /// More than half.
    Majority,
    /// At least two thirds.
    TwoThirds,
    /// Every one.
    All,
}

impl Share {
    /// Endorsements needed when `eligible` members may endorse.
    pub fn needed(self, eligible: usize) -> usize {
        match self {
            Self::None => 0,
            Self::Majority => eligible / 2 + usize::from(eligible > 0),
            Self::TwoThirds => (2 * eligible).div_ceil(3),
            Self::All => eligible,
        }
    }
}

/// What each kind of decision needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rules {
    /// Admitting an institution, and reinstating a confirmed suspension.
    pub admit: Share,
    /// Removing a member.
    pub remove: Share,
    /// Suspending a member; a suspension with fewer endorsements than `confirm` needs
    /// lapses after `suspensionLapseSecs`.
    pub suspend: Share,
    /// Confirming a suspension (it no longer lapses).
    pub confirm: Share,
    /// Lifting a suspension that is not confirmed.
    pub reinstate: Share,
    /// Adopting a new charter (counted under the charter in force).
    pub charter: Share,
    /// How long an unconfirmed suspension lasts, in seconds (an hour to a year).
    pub suspension_lapse_secs: i64,
}

impl Default for Rules {
    /// The coordinator plus a majority of the members to admit, remove, confirm a
    /// suspension or change the charter; the coordinator alone for an emergency
    /// suspension (lapsing after 14 days) and for lifting one.
    fn default() -> Self {
        Self {
            admit: Share::Majority,
            remove: Share::Majority,
            suspend: Share::None,
            confirm: Share::Majority,
            reinstate: Share::None,
            charter: Share::Majority,
            suspension_lapse_secs: DEFAULT_SUSPENSION_LAPSE_SECS,
        }
    }
}

impl Rules {
    /// Every decision by the coordinator alone (suspensions still lapse unless confirmed,
    /// which it may then do alone).
    pub fn coordinator_alone() -> Self {
        Self {
            admit: Share::None,
            remove: Share::None,
            suspend: Share::None,
            confirm: Share::None,
            reinstate: Share::None,
            charter: Share::None,
            suspension_lapse_secs: DEFAULT_SUSPENSION_LAPSE_SECS,
        }
    }

    /// Reads rules from JSON, checking their range: the message names the member.
    pub fn read(value: &Value) -> Result<Self, (&'static str, String)> {
        let rules: Self = serde_json::from_value(value.clone()).map_err(|e| {
            (
                "/rules",
                format!(
                    "{e}; each of admit, remove, suspend, confirm, reinstate and charter is \
                     one of none, majority, two-thirds, all"
                ),
            )
        })?;
        if !(3_600..=31_536_000).contains(&rules.suspension_lapse_secs) {
            return Err((
                "/rules/suspensionLapseSecs",
                "must be 3600 to 31536000 seconds (an hour to a year)".to_owned(),
            ));
        }
        Ok(rules)
    }

    /// SHA-256 of the rules' JCS, hex: what endorsers of a new charter sign.
    pub fn digest(&self) -> String {
        let value = serde_json::to_value(self).unwrap_or_default();
        hex(&Sha256::digest(crate::jcs::canonicalize(&value).as_bytes()))
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_count_the_eligible_members() {
        let cases = [(0, [0, 0, 0, 0]), (1, [0, 1, 1, 1]), (2, [0, 2, 2, 2])];
        let more = [(3, [0, 2, 2, 3]), (4, [0, 3, 3, 4]), (5, [0, 3, 4, 5])];
        for (eligible, want) in cases.into_iter().chain(more) {
            let got = [Share::None, Share::Majority, Share::TwoThirds, Share::All]
                .map(|s| s.needed(eligible));
            assert_eq!(got, want, "{eligible} eligible");
        }
    }

    #[test]
    fn rules_are_read_with_their_range_checked() {
        let value = serde_json::to_value(Rules::default()).unwrap();
        assert_eq!(Rules::read(&value).unwrap(), Rules::default());
        let mut short = value.clone();
        short["suspensionLapseSecs"] = 60.into();
        assert_eq!(
            Rules::read(&short).unwrap_err().0,
            "/rules/suspensionLapseSecs"
        );
        let mut bad = value;
        bad["admit"] = "most".into();
        assert_eq!(Rules::read(&bad).unwrap_err().0, "/rules");
        assert_ne!(
            Rules::default().digest(),
            Rules::coordinator_alone().digest()
        );
    }
}
