//! The `NetworkMembershipCredential`: on approval the coordinator issues the member a W3C
//! VC 2.0 credential (subject: the member's DID, actor, name, country; `validUntil` a year
//! on; a revocation and a suspension entry in the coordinator's Bitstring Status Lists),
//! signed `eddsa-rdfc-2022` with the coordinator's key, so that any VC verifier can check
//! membership. Suspension sets its suspension bit, reinstatement clears it, removal sets
//! its revocation bit: a credential whose status bit is set is not a member's.

use mochila_protocol::proof::Cryptosuite;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::Network;
use super::members::MemberError;
use crate::issuance::build::status_entry;
use crate::status_lists::{Purpose, Slot};
use crate::store::entity::states::MemberState;
use crate::store::entity::{network_credential, network_member};
use crate::store::{self, rfc3339};

/// How long a membership credential is valid (its status bits say whether it still holds).
const VALID_FOR: time::Duration = time::Duration::days(365);

/// The URL of the membership credential of the member with DID `did` at coordinator `base`.
pub fn credential_url(base: &str, did: &str) -> String {
    let key = hex::encode(&Sha256::digest(did.as_bytes())[..16]);
    format!("{base}/network/credentials/{key}")
}

impl Network {
    /// Issues `member` its membership credential of network `name` on `db` (replacing an
    /// earlier one). Call with the status lists' lock held.
    pub(super) async fn issue_credential(
        &self,
        db: &impl ConnectionTrait,
        member: &network_member::Model,
        name: &str,
    ) -> Result<(), MemberError> {
        let issuer = &self.issuer;
        let lists = &issuer.status_lists;
        let revocation = lists.allocate(db, Purpose::Revocation, 1).await?[0];
        let suspension = lists.allocate(db, Purpose::Suspension, 1).await?[0];
        let now = store::now();
        let now = now.replace_nanosecond(0).unwrap_or(now);
        let id = credential_url(&self.entity_id(), &member.did);
        let org = &member.organization;
        let mut subject = json!({
            "id": member.did,
            "network": self.entity_id(),
            "networkName": name,
        });
        if let Some(actor) = &member.actor {
            subject["memberActor"] = json!(actor);
        }
        if let Some(n) = org["organization_name"].as_str() {
            subject["name"] = json!(n);
        }
        if let Some(c) = super::entity::country_code(org) {
            subject["country"] = json!(c);
        }
        let identity = &issuer.identity;
        let document = json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                mochila_protocol::jsonld::MOCHILA_NETWORK_V1,
            ],
            "id": id,
            "type": ["VerifiableCredential", "NetworkMembershipCredential"],
            "issuer": {"id": identity.did, "name": name},
            "validFrom": rfc3339(now),
            "validUntil": rfc3339(now + VALID_FOR),
            "credentialSubject": subject,
            "credentialStatus": [
                status_entry(identity, Purpose::Revocation, revocation),
                status_entry(identity, Purpose::Suspension, suspension),
            ],
        });
        let signed = issuer
            .signer
            .sign(document, Cryptosuite::EddsaRdfc2022, &rfc3339(now))
            .map_err(|e| MemberError::Sign(e.to_string()))?;
        let row = network_credential::Model {
            member: member.entity_id.clone(),
            credential_id: id,
            document: signed.to_string(),
            revocation_list: revocation.list,
            revocation_index: revocation.index,
            suspension_list: suspension.list,
            suspension_index: suspension.index,
            issued_at: now,
        };
        let existing = network_credential::Entity::find_by_id(member.entity_id.clone())
            .one(db)
            .await?;
        let active = network_credential::ActiveModel::from(row);
        match existing {
            Some(_) => active.reset_all().update(db).await.map(drop)?,
            None => network_credential::Entity::insert(active)
                .exec_without_returning(db)
                .await
                .map(drop)?,
        }
        Ok(())
    }

    /// Sets the status bits of `entity`'s credential for its new state `state`. Call with
    /// the status lists' lock held.
    pub(super) async fn mark_credential(
        &self,
        db: &impl ConnectionTrait,
        entity: &str,
        state: MemberState,
    ) -> Result<(), DbErr> {
        let Some(c) = network_credential::Entity::find_by_id(entity.to_owned())
            .one(db)
            .await?
        else {
            return Ok(());
        };
        let suspension = Slot {
            list: c.suspension_list,
            index: c.suspension_index,
        };
        let revocation = Slot {
            list: c.revocation_list,
            index: c.revocation_index,
        };
        let lists = &self.issuer.status_lists;
        match state {
            MemberState::Suspended => lists.set(db, Purpose::Suspension, suspension, true).await,
            MemberState::Active => lists.set(db, Purpose::Suspension, suspension, false).await,
            MemberState::Removed => lists.set(db, Purpose::Revocation, revocation, true).await,
            _ => Ok(()),
        }
    }

    /// The membership credential published at `/network/credentials/{key}`, if any.
    pub async fn membership_credential(&self, key: &str) -> Result<Option<Value>, DbErr> {
        let url = format!("{}/network/credentials/{key}", self.entity_id());
        use sea_orm::{ColumnTrait, QueryFilter};
        let row = network_credential::Entity::find()
            .filter(network_credential::Column::CredentialId.eq(url))
            .one(&self.federation.db)
            .await?;
        Ok(row.and_then(|r| serde_json::from_str(&r.document).ok()))
    }
}
