//! The error policy's one place: every domain error becomes an [`ApiError`] (and so an RFC
//! 9457 problem document) here, and nowhere else. Domain modules return their own typed
//! errors and know nothing of HTTP.

use crate::catalogue::CatalogueError;
use crate::error::ApiError;
use crate::exchange::ExchangeError;
use crate::federation::inbox::InboxError;
use crate::federation::peers::PeerError;
use crate::federation::{DocumentError, OutboxError};
use crate::framework::FrameworkError;
use crate::issuance::IssueError;
use crate::issuance::revocation::RevocationError;
use crate::network::members::MemberError;
use crate::network::statements::StatementError;
use crate::network::{EntityError, JoinError};
use crate::status_lists::PublishError;

impl From<FrameworkError> for ApiError {
    fn from(e: FrameworkError) -> Self {
        match e {
            FrameworkError::Invalid(errors) => ApiError::invalid_fields(errors),
            FrameworkError::NotFound(..) => ApiError::NotFound(e.to_string()),
            FrameworkError::Conflict(m) => ApiError::Conflict(m),
            FrameworkError::Outbox(OutboxError::Db(db)) | FrameworkError::Db(db) => db.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<IssueError> for ApiError {
    fn from(e: IssueError) -> Self {
        match e {
            IssueError::UnknownAchievement(_) => ApiError::invalid("/achievementId", e.to_string()),
            IssueError::Archived(_) => ApiError::Conflict(e.to_string()),
            IssueError::UnknownCredential(_) | IssueError::UnknownBatch(_) => {
                ApiError::NotFound(e.to_string())
            }
            IssueError::Invalid(errors) => ApiError::invalid_fields(errors),
            IssueError::Db(db) => db.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<CatalogueError> for ApiError {
    fn from(e: CatalogueError) -> Self {
        match e {
            CatalogueError::Invalid(errors) => ApiError::invalid_fields(errors),
            CatalogueError::NotFound(_) => ApiError::NotFound(e.to_string()),
            CatalogueError::Archived(_) => ApiError::Conflict(e.to_string()),
            CatalogueError::BadImage(m) => ApiError::invalid("body", m),
            CatalogueError::Outbox(OutboxError::Db(db)) | CatalogueError::Db(db) => db.into(),
            CatalogueError::Outbox(o) => ApiError::internal(o),
        }
    }
}

impl From<RevocationError> for ApiError {
    fn from(e: RevocationError) -> Self {
        match e {
            RevocationError::NotFound(_) => ApiError::NotFound(e.to_string()),
            RevocationError::BadReason => ApiError::invalid("/reason", e.to_string()),
            RevocationError::Conflict(m) => ApiError::Conflict(m),
            RevocationError::Db(db) => db.into(),
        }
    }
}

impl From<PeerError> for ApiError {
    fn from(e: PeerError) -> Self {
        match e {
            PeerError::NotFound(_) => ApiError::NotFound(e.to_string()),
            PeerError::Conflict(m) => ApiError::Conflict(m),
            PeerError::BadTarget(m) => ApiError::invalid("/target", m),
            PeerError::Unreachable(_) => ApiError::Unprocessable(e.to_string()),
            PeerError::Outbox(OutboxError::Db(db)) | PeerError::Db(db) => db.into(),
            PeerError::Outbox(o) => ApiError::internal(o),
        }
    }
}

impl From<ExchangeError> for ApiError {
    fn from(e: ExchangeError) -> Self {
        match e {
            ExchangeError::UnknownCredential(_) | ExchangeError::UnknownExchange => {
                ApiError::NotFound(e.to_string())
            }
            ExchangeError::Expired(_) | ExchangeError::Used => ApiError::Gone(e.to_string()),
            ExchangeError::NotClaimable { .. } => ApiError::Conflict(e.to_string()),
            ExchangeError::Body { field, message } => ApiError::invalid(field, message),
            ExchangeError::Presentation { prefix, source } => {
                let field = format!("{prefix}{}", source.field());
                ApiError::invalid(field.clone(), format!("{field}: {source}"))
            }
            ExchangeError::Sign(s) => ApiError::internal(s),
            ExchangeError::Db(db) => db.into(),
        }
    }
}

impl From<InboxError> for ApiError {
    fn from(e: InboxError) -> Self {
        match e {
            InboxError::TooLarge { .. } => Self::PayloadTooLarge(e.to_string()),
            InboxError::Invalid { field, reason } => Self::invalid(field, reason),
            InboxError::Blocked { .. } | InboxError::NotAMember { .. } => {
                Self::Forbidden(e.to_string())
            }
            InboxError::NotSigned
            | InboxError::Signature(_)
            | InboxError::UnknownKey { .. }
            | InboxError::Replayed
            | InboxError::BadProof(_)
            | InboxError::UnknownActor { .. }
            | InboxError::NotAuthentic { .. } => Self::SignatureRejected(e.to_string()),
            InboxError::Publish(_) | InboxError::Db(_) => Self::internal(e),
        }
    }
}

impl From<PublishError> for ApiError {
    fn from(e: PublishError) -> Self {
        match e {
            PublishError::Db(db) => db.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<DocumentError> for ApiError {
    fn from(e: DocumentError) -> Self {
        match e {
            DocumentError::PageZero => ApiError::invalid("?page", e.to_string()),
            DocumentError::PastTheEnd(_) | DocumentError::UnknownActivity(_) => {
                ApiError::NotFound(e.to_string())
            }
            DocumentError::Db(db) => db.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<EntityError> for ApiError {
    fn from(e: EntityError) -> Self {
        match e {
            EntityError::Db(db) => db.into(),
            other => ApiError::internal(other),
        }
    }
}

impl From<MemberError> for ApiError {
    fn from(e: MemberError) -> Self {
        match e {
            MemberError::NotCoordinating | MemberError::NotFound(_) => {
                ApiError::NotFound(e.to_string())
            }
            MemberError::Signature(inbox) => inbox.into(),
            MemberError::Invalid { field, message } => ApiError::invalid(field, message),
            MemberError::Unverifiable(StatementError::Fetch(f)) => {
                ApiError::Unprocessable(format!("the entity configuration: {f}"))
            }
            MemberError::Unverifiable(other) => ApiError::Unprocessable(other.to_string()),
            MemberError::Conflict(m) => ApiError::Conflict(m),
            MemberError::NotEligible(m) => ApiError::Forbidden(m),
            MemberError::Publish(OutboxError::Db(db)) | MemberError::Db(db) => db.into(),
            MemberError::Publish(other) => ApiError::internal(other),
            MemberError::Sign(m) => ApiError::internal(m),
        }
    }
}

impl From<JoinError> for ApiError {
    fn from(e: JoinError) -> Self {
        match e {
            JoinError::BadCoordinator(m) => ApiError::invalid("/coordinator", m),
            JoinError::BadProposal(m) => ApiError::invalid("/proposal", m),
            JoinError::Db(db) => db.into(),
            other => ApiError::Unprocessable(other.to_string()),
        }
    }
}
