//! The network's governance on the wire (issue 14, point 6): the charter that says who
//! must sign which decision about members, the decisions as member-list changes carry
//! them, each with one endorsement per co-signing member, and the check every node makes
//! before it takes a change of a coordinator's list. A stolen coordinator key alone can
//! then neither admit a member nor remove one, and its suspensions lapse.

mod charter;
mod check;
mod decision;

pub use charter::{CHARTER_TYPE, DEFAULT_SUSPENSION_LAPSE_SECS, Rules, Share};
pub use check::check_change;
pub use decision::{
    Action, Decision, ENDORSEMENT_TYPE, Endorsement, ListState, MEMBER_TYPE, Terms,
    count_endorsements, effective_state, endorse, lapses_at, verify_endorsement,
};
