//! `Idempotency-Key` (IETF draft-ietf-httpapi-idempotency-key-header): a request repeated
//! with the same key gets the first response again and changes nothing; the same key with
//! a different request (method, path, query or body) is refused (422). Records are written in the transaction of
//! the change they answer, so a retry after a crash either sees the change or redoes it.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use sha2::Digest;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::store::{self, Uncommitted, entity::idempotency_record};

/// The header.
pub const HEADER: &str = "idempotency-key";

/// A request's idempotency key, scoped to its caller and route, with the fingerprint of the
/// whole request (method, path, query, body).
#[derive(Debug, Clone)]
pub struct Key {
    scope: String,
    key: String,
    hash: String,
}

/// A response to replay.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Its status.
    pub status: u16,
    /// Its `Location`.
    pub location: Option<String>,
    /// Its JSON body.
    pub body: String,
}

impl Stored {
    /// The answer `status` with `body` as JSON, and `location`.
    pub fn json(
        status: u16,
        location: Option<String>,
        body: &impl serde::Serialize,
    ) -> Result<Self, ApiError> {
        Ok(Self {
            status,
            location,
            body: serde_json::to_string(body).map_err(ApiError::internal)?,
        })
    }
}

impl Key {
    /// The key of a request, if it has one: 1 to 255 visible ASCII characters.
    pub fn from_request(
        headers: &HeaderMap,
        caller: &Caller,
        (method, uri): (&Method, &Uri),
        body: &[u8],
    ) -> Result<Option<Self>, ApiError> {
        let Some(value) = headers.get(HEADER) else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .map(|k| k.trim().trim_matches('"'))
            .filter(|k| {
                !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| (0x21..0x7f).contains(&b))
            })
            .ok_or_else(|| {
                ApiError::invalid(
                    "Idempotency-Key",
                    "must be 1 to 255 visible ASCII characters",
                )
            })?;
        Ok(Some(Self {
            scope: format!("{}:{}", caller.token_id, uri.path()),
            key: key.to_owned(),
            hash: fingerprint(method, uri, body),
        }))
    }

    /// The response stored for this key, if any; an error when the key was used with a
    /// different body.
    pub async fn replay(&self, db: &impl ConnectionTrait) -> Result<Option<Stored>, ApiError> {
        let Some(record) =
            idempotency_record::Entity::find_by_id((self.scope.clone(), self.key.clone()))
                .one(db)
                .await?
        else {
            return Ok(None);
        };
        if record.request_hash != self.hash {
            return Err(ApiError::Unprocessable(format!(
                "Idempotency-Key {:?} was already used for a different request (method, path, \
                 query or body); use a new key for a new request",
                self.key
            )));
        }
        Ok(Some(Stored {
            status: u16::try_from(record.status).unwrap_or(200),
            location: record.location,
            body: record.body,
        }))
    }

    /// Records the response (inside the transaction of the change).
    pub async fn store(&self, db: &impl ConnectionTrait, response: &Stored) -> Result<(), DbErr> {
        idempotency_record::ActiveModel::from(idempotency_record::Model {
            scope: self.scope.clone(),
            key: self.key.clone(),
            request_hash: self.hash.clone(),
            status: i32::from(response.status),
            location: response.location.clone(),
            body: response.body.clone(),
            created_at: store::now(),
        })
        .insert(db)
        .await?;
        Ok(())
    }
}

/// SHA-256 over the method, the path with its query, and the body, each length-prefixed so
/// that no two requests share a fingerprint by moving bytes between parts.
fn fingerprint(method: &Method, uri: &Uri, body: &[u8]) -> String {
    let target = uri.path_and_query().map_or(uri.path(), |pq| pq.as_str());
    let mut hash = sha2::Sha256::new();
    for part in [method.as_str().as_bytes(), target.as_bytes(), body] {
        hash.update((part.len() as u64).to_be_bytes());
        hash.update(part);
    }
    hex::encode(hash.finalize())
}

/// Replays a stored response.
pub fn replayed(stored: Stored) -> Response {
    let status = StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK);
    let mut resp = (status, stored.body).into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    h.insert("idempotent-replayed", HeaderValue::from_static("true"));
    if let Some(v) = stored.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        h.insert(header::LOCATION, v);
    }
    resp
}

/// Records the answer under the request's `Idempotency-Key` (if any) in `txn` , commits, and responds with it. When a concurrent
/// request with the same key committed first, `txn` is dropped (nothing of this request is
/// stored) and that request's answer is replayed.
pub async fn commit_answer<T>(
    db: &DatabaseConnection,
    change: Uncommitted<T>,
    key: Option<&Key>,
    stored: Stored,
) -> Result<Response, ApiError> {
    if let Some(key) = key
        && let Err(e) = key.store(change.txn(), &stored).await
    {
        drop(change);
        if store::is_duplicate(&e)
            && let Some(first) = key.replay(db).await?
        {
            return Ok(replayed(first));
        }
        return Err(e.into());
    }
    change.commit().await?;
    let mut resp = replayed(stored);
    resp.headers_mut().remove("idempotent-replayed");
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::{Method, Uri, fingerprint};

    #[test]
    fn the_fingerprint_covers_method_path_query_and_body() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        let base = fingerprint(
            &Method::POST,
            &uri("/api/v1/issuance-batches?achievementId=a"),
            b"x",
        );
        assert_eq!(
            base,
            fingerprint(
                &Method::POST,
                &uri("/api/v1/issuance-batches?achievementId=a"),
                b"x"
            )
        );
        for other in [
            fingerprint(
                &Method::PUT,
                &uri("/api/v1/issuance-batches?achievementId=a"),
                b"x",
            ),
            fingerprint(
                &Method::POST,
                &uri("/api/v1/issuance-batches?achievementId=b"),
                b"x",
            ),
            fingerprint(
                &Method::POST,
                &uri("/api/v1/issuance-batches?achievementId=a&lang=en"),
                b"x",
            ),
            fingerprint(
                &Method::POST,
                &uri("/api/v1/issuance-batches?achievementId=a"),
                b"y",
            ),
            fingerprint(
                &Method::POST,
                &uri("/api/v1/issuance-batches?achievementId="),
                b"ax",
            ),
        ] {
            assert_ne!(base, other);
        }
    }
}
