//! PocketBase's JSON shapes and their conversion into domain types.

use serde::Deserialize;

use crate::backend::{BackendError, Result};
use crate::domain::ids::{ProviderId, UserId};
use crate::domain::money::Idr;
use crate::domain::monitoring::record::fingerprint;
use crate::domain::monitoring::{Category, Context, ErrorRecord, Severity};
use crate::domain::provider::{Provider, ProviderKind, Service};
use crate::domain::time::Millis;
use crate::domain::user::{Role, User};

/// PocketBase's error body: `{status, message, data: {field: {code, message}}}`.
#[derive(Debug, Default, Deserialize)]
pub struct ErrorBody {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub data: FieldErrors,
}

/// The `data` object of an error body, in the server's order. A list of
/// pairs rather than a map: there are a handful of fields at most, and a map
/// type would add its whole implementation to the bundle.
#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<(String, FieldErrorBody)>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> Option<&FieldErrorBody> {
        self.0
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, e)| e)
    }
}

impl<'de> Deserialize<'de> for FieldErrors {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = FieldErrors;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of field errors")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<FieldErrors, A::Error> {
                let mut fields = Vec::new();
                while let Some(pair) = map.next_entry::<String, FieldErrorBody>()? {
                    fields.push(pair);
                }
                Ok(FieldErrors(fields))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
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

/// A row of `client_errors`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientErrorRecord {
    pub id: String,
    pub severity: String,
    pub category: String,
    #[serde(default)]
    pub operation: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub correlation_id: String,
    #[serde(default)]
    pub status: u16,
    #[serde(default)]
    pub route: String,
    #[serde(default)]
    pub app_version: String,
    #[serde(default)]
    pub context: Option<Context>,
    #[serde(default)]
    pub count: u32,
    #[serde(default)]
    pub occurred_at: String,
    #[serde(default)]
    pub created: String,
}

impl ClientErrorRecord {
    pub fn into_domain(self) -> Result<ErrorRecord> {
        let severity = Severity::parse(&self.severity)
            .ok_or_else(|| BackendError::Decode(format!("unknown severity {:?}", self.severity)))?;
        let category = Category::parse(&self.category)
            .ok_or_else(|| BackendError::Decode(format!("unknown category {:?}", self.category)))?;
        let at = Millis::parse_utc(&self.occurred_at)
            .or_else(|| Millis::parse_utc(&self.created))
            .unwrap_or_default();
        let status = (self.status != 0).then_some(self.status);
        Ok(ErrorRecord {
            fingerprint: fingerprint(severity, category, &self.operation, status, &self.message),
            id: self.id,
            first_seen: at,
            last_seen: at,
            severity,
            category,
            operation: self.operation,
            message: self.message,
            correlation_id: (!self.correlation_id.is_empty()).then_some(self.correlation_id),
            status,
            route: self.route,
            app_version: self.app_version,
            context: self.context.unwrap_or_default(),
            count: self.count.max(1),
            reported: self.count.max(1),
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
    fn client_error_rows_become_records() {
        let json = r#"{"id":"e1","severity":"error","category":"network","operation":"providers.list",
            "message":"down","correlationId":"c1","status":503,"route":"/","appVersion":"0.1.0",
            "context":{"attempts":"3"},"count":2,"occurredAt":"2026-11-23 15:04:05.678Z","created":""}"#;
        let row: ClientErrorRecord = serde_json::from_str(json).unwrap();
        let r = row.into_domain().unwrap();
        assert_eq!(r.severity, Severity::Error);
        assert_eq!(r.category, Category::Network);
        assert_eq!(r.status, Some(503));
        assert_eq!(r.count, 2);
        assert_eq!(r.context.0, vec![("attempts".to_string(), "3".to_string())]);
        assert_eq!(r.last_seen, Millis(1_795_446_245_678));
        let bad: ClientErrorRecord =
            serde_json::from_str(r#"{"id":"e","severity":"meh","category":"ui"}"#).unwrap();
        assert!(matches!(bad.into_domain(), Err(BackendError::Decode(_))));
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
