//! API tokens and roles. A token is 32 random bytes shown once (`mch_` + base64url); the
//! database keeps only its SHA-256, which is enough for a high-entropy secret (no password
//! hashing needed: nothing to brute-force). Every admin route names the roles it allows.

use std::fmt;
use std::str::FromStr;

use base64::Engine as _;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::store::entity::api_token;
use crate::store::{now, rfc3339};

/// Prefix of every token, so that leaked tokens are easy to recognise in logs and scanners.
pub const TOKEN_PREFIX: &str = "mch_";

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including institution settings and tokens.
    Admin,
    /// Designs microcredentials and frameworks.
    Designer,
    /// Issues, revokes and suspends credentials.
    Issuer,
    /// Reads.
    Viewer,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Designer, Role::Issuer, Role::Viewer];

    /// The role's name as stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Designer => "designer",
            Role::Issuer => "issuer",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role `{s}`: use admin, designer, issuer or viewer"))
    }
}

/// A token as listed (never the secret).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TokenInfo {
    /// Token id.
    pub id: Uuid,
    /// Its name.
    pub name: String,
    /// Its role.
    pub role: Role,
    /// Creation time (RFC 3339).
    pub created_at: String,
    /// Revocation time, if revoked.
    pub revoked_at: Option<String>,
}

/// The authenticated caller of an admin route.
#[derive(Debug, Clone)]
pub struct Caller {
    /// The token's id.
    pub token_id: Uuid,
    /// The token's name.
    pub name: String,
    /// The token's role.
    pub role: Role,
}

/// A token operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    /// The name is empty or too long.
    #[error("token name must be 1 to 100 characters")]
    BadName,
    /// An active token already has that name (names identify tokens in the audit log).
    #[error("a token named `{0}` already exists: choose another name, or revoke that one first")]
    NameTaken(String),
    /// No token with that id or name.
    #[error("no token `{0}`")]
    NotFound(String),
    /// Several tokens share that name: revoke by id.
    #[error("several tokens are named `{0}`: revoke by id")]
    Ambiguous(String),
    /// The system RNG failed.
    #[error("random number generator: {0}")]
    Random(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// SHA-256 of a token, hex.
pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Creates a token and returns its secret (shown once) with its id.
pub async fn create_token(
    db: &DatabaseConnection,
    role: Role,
    name: &str,
) -> Result<(String, Uuid), TokenError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(TokenError::BadName);
    }
    let taken = api_token::Entity::find()
        .filter(api_token::Column::Name.eq(name))
        .filter(api_token::Column::RevokedAt.is_null())
        .count(db)
        .await?;
    if taken > 0 {
        return Err(TokenError::NameTaken(name.to_owned()));
    }
    let mut secret = [0u8; 32];
    getrandom::fill(&mut secret).map_err(|e| TokenError::Random(e.to_string()))?;
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secret)
    );
    let id = Uuid::now_v7();
    api_token::ActiveModel {
        id: Set(id),
        name: Set(name.to_owned()),
        role: Set(role.as_str().to_owned()),
        token_hash: Set(hash_token(&token)),
        created_at: Set(now()),
        last_used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok((token, id))
}

/// Revokes a token by id or by (unique) name. Revoking twice is harmless.
pub async fn revoke_token(db: &DatabaseConnection, id_or_name: &str) -> Result<Uuid, TokenError> {
    let rows = match Uuid::parse_str(id_or_name) {
        Ok(id) => api_token::Entity::find_by_id(id).all(db).await?,
        Err(_) => {
            api_token::Entity::find()
                .filter(api_token::Column::Name.eq(id_or_name))
                .filter(api_token::Column::RevokedAt.is_null())
                .all(db)
                .await?
        }
    };
    let row = match rows.as_slice() {
        [] => return Err(TokenError::NotFound(id_or_name.to_owned())),
        [one] => one.clone(),
        _ => return Err(TokenError::Ambiguous(id_or_name.to_owned())),
    };
    let id = row.id;
    if row.revoked_at.is_none() {
        let mut active: api_token::ActiveModel = row.into();
        active.revoked_at = Set(Some(now()));
        active.update(db).await?;
    }
    Ok(id)
}

/// Every token, oldest first.
pub async fn list_tokens(db: &DatabaseConnection) -> Result<Vec<TokenInfo>, TokenError> {
    let rows = api_token::Entity::find()
        .order_by_asc(api_token::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(token_info).collect())
}

/// Whether any token exists (the first start creates an admin token when none does).
pub async fn any_token(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(api_token::Entity::find().one(db).await?.is_some())
}

fn token_info(row: api_token::Model) -> Option<TokenInfo> {
    Some(TokenInfo {
        role: row.role.parse().ok()?,
        id: row.id,
        name: row.name,
        created_at: rfc3339(row.created_at),
        revoked_at: row.revoked_at.map(rfc3339),
    })
}

/// Finds the live token behind `token`, recording its use at most once a minute.
pub async fn authenticate(db: &DatabaseConnection, token: &str) -> Result<Option<Caller>, DbErr> {
    if !token.starts_with(TOKEN_PREFIX) {
        return Ok(None);
    }
    let Some(row) = api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(hash_token(token)))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if row.revoked_at.is_some() {
        return Ok(None);
    }
    let Ok(role) = row.role.parse::<Role>() else {
        return Ok(None);
    };
    let caller = Caller {
        token_id: row.id,
        name: row.name.clone(),
        role,
    };
    let stale = row
        .last_used_at
        .is_none_or(|t| now() - t > time::Duration::minutes(1));
    if stale {
        let mut active: api_token::ActiveModel = row.into();
        active.last_used_at = Set(Some(now()));
        active.update(db).await?;
    }
    Ok(Some(caller))
}
