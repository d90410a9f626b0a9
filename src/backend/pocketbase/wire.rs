//! PocketBase's JSON shapes and their conversion into domain types.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::backend::{BackendError, Result};
use crate::domain::ids::{ProviderId, UserId};
use crate::domain::money::Idr;
use crate::domain::provider::{Provider, ProviderKind, Service};
use crate::domain::user::{Role, User};

/// PocketBase's error body: `{status, message, data: {field: {code, message}}}`.
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub data: BTreeMap<String, FieldErrorBody>,
}

#[derive(Debug, Deserialize)]
pub struct FieldErrorBody {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub message: String,
}

/// One page of a list answer.
#[derive(Debug, Deserialize)]
pub struct ListPage<T> {
    pub items: Vec<T>,
}

#[derive(Debug, Deserialize)]
pub struct AuthAnswer {
    pub token: String,
    pub record: UserRecord,
}

#[derive(Debug, Deserialize)]
pub struct UserRecord {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub role: String,
}

impl UserRecord {
    pub fn into_domain(self) -> Result<User> {
        let role = match self.role.as_str() {
            "customer" => Role::Customer,
            "provider" => Role::Provider,
            "admin" => Role::Admin,
            other => return Err(BackendError::Decode(format!("unknown role {other:?}"))),
        };
        Ok(User {
            id: parse_id(UserId::parse(self.id))?,
            name: self.name,
            email: self.email,
            role,
        })
    }
}

#[derive(Debug, Deserialize)]
pub struct ServiceRecord {
    pub minutes: u16,
    pub price: u64,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderRecord {
    pub id: String,
    pub collection_id: String,
    #[serde(default)]
    pub user: String,
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub bio: String,
    #[serde(default)]
    pub photo: String,
    #[serde(default)]
    pub services: Option<Vec<ServiceRecord>>,
    #[serde(default)]
    pub rating: f32,
    #[serde(default)]
    pub online: bool,
    #[serde(default)]
    pub timezone: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub updated: String,
}

impl ProviderRecord {
    /// `base_url` prefixes file URLs (empty for the page's own origin).
    pub fn into_domain(self, base_url: &str) -> Result<Provider> {
        let kind = self
            .kind
            .parse::<ProviderKind>()
            .map_err(|()| BackendError::Decode(format!("unknown provider kind {:?}", self.kind)))?;
        let photo_url = (!self.photo.is_empty()).then(|| {
            format!(
                "{base_url}/api/files/{}/{}/{}",
                self.collection_id, self.id, self.photo
            )
        });
        let user = if self.user.is_empty() {
            None
        } else {
            Some(parse_id(UserId::parse(self.user))?)
        };
        let services = self
            .services
            .unwrap_or_default()
            .into_iter()
            .map(|s| Service {
                minutes: s.minutes,
                price: Idr(s.price),
            })
            .collect();
        Ok(Provider {
            id: parse_id(ProviderId::parse(self.id))?,
            user,
            name: self.name,
            kind,
            bio_html: self.bio,
            photo_url,
            services,
            rating: self.rating,
            online: self.online,
            timezone: self.timezone,
            city: self.city,
            updated: self.updated,
        })
    }
}

/// A record event on a collection topic: `{action, record}`.
#[derive(Debug, Deserialize)]
pub struct RecordEvent<T> {
    pub action: String,
    pub record: T,
}

/// The first event of every realtime connection.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectEvent {
    pub client_id: String,
}

fn parse_id<T>(id: std::result::Result<T, crate::domain::ids::IdError>) -> Result<T> {
    id.map_err(|e| BackendError::Decode(format!("bad record id: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_record_becomes_a_domain_provider() {
        let json = r#"{"id":"p1","collectionId":"pbc_1","collectionName":"providers","user":"",
            "name":"Ayu","kind":"therapist","bio":"<p>x</p>","photo":"ayu.jpg",
            "services":[{"minutes":60,"price":200000}],"rating":4.8,"online":true,
            "timezone":"Asia/Jakarta","city":"Bandung","created":"","updated":"2026-01-01 00:00:00.000Z"}"#;
        let record: ProviderRecord = serde_json::from_str(json).unwrap();
        let p = record.into_domain("").unwrap();
        assert_eq!(p.id.as_str(), "p1");
        assert_eq!(p.user, None, "an empty relation is no user");
        assert_eq!(p.kind, ProviderKind::Therapist);
        assert_eq!(p.photo_url.as_deref(), Some("/api/files/pbc_1/p1/ayu.jpg"));
        assert_eq!(p.price_for(60), Some(Idr(200_000)));
    }

    #[test]
    fn provider_with_unknown_kind_is_a_decode_error() {
        let json = r#"{"id":"p1","collectionId":"c","name":"A","kind":"robot"}"#;
        let record: ProviderRecord = serde_json::from_str(json).unwrap();
        assert!(matches!(
            record.into_domain(""),
            Err(BackendError::Decode(_))
        ));
    }

    #[test]
    fn user_record_with_unknown_role_is_rejected() {
        let r = UserRecord {
            id: "u1".into(),
            name: "A".into(),
            email: String::new(),
            role: "root".into(),
        };
        assert!(matches!(r.into_domain(), Err(BackendError::Decode(_))));
    }
}
