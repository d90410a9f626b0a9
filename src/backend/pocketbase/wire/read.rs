//! The answers the first load decodes, read from the browser's JSON parse
//! (`platform::json`) instead of serde: the directory, the session's
//! refresh and sign-in, and error bodies. With them, serde_json's parser
//! left the first load; the lazy parts decode their answers with serde.

use wasm_bindgen::JsValue;

use crate::backend::{BackendError, Result};
use crate::platform::json::{self, BadField, Fields};

use super::{
    AuthAnswer, ErrorBody, FieldErrorBody, FieldErrors, ProviderRecord, ServiceRecord, UserRecord,
};

/// The answer's text parsed as JSON.
pub fn parse(text: &str) -> Result<JsValue> {
    json::parse(text).ok_or_else(|| BackendError::Decode("the answer is not JSON".into()))
}

/// The `items` of a list answer.
pub fn items(page: &JsValue) -> Result<Vec<JsValue>> {
    Fields(page).list("items").map_err(bad)
}

/// A record event on a collection topic, `{action, record}`, as its action
/// and its record.
pub fn record_event(text: &str) -> Result<(String, JsValue)> {
    let event = parse(text)?;
    let at = Fields(&event);
    Ok((
        at.text("action").map_err(bad)?,
        at.get("record").map_err(bad)?,
    ))
}

fn bad(BadField(field): BadField) -> BackendError {
    BackendError::Decode(format!("the answer's {field} is missing or malformed"))
}

impl ErrorBody {
    /// An error answer's body; an unreadable body reads as empty, and the
    /// status alone decides.
    pub fn read(text: &str) -> Self {
        let Some(value) = json::parse(text) else {
            return Self::default();
        };
        let at = Fields(&value);
        let fields = at
            .entries("data")
            .unwrap_or_default()
            .into_iter()
            .map(|(field, error)| {
                let at = Fields(&error);
                let error = FieldErrorBody {
                    code: at.text_or_empty("code").unwrap_or_default(),
                    message: at.text_or_empty("message").unwrap_or_default(),
                };
                (field, error)
            })
            .collect();
        Self {
            message: at.text_or_empty("message").unwrap_or_default(),
            data: FieldErrors(fields),
        }
    }
}

impl AuthAnswer {
    /// `{token, record}`, the answer to a sign-in or a refresh.
    pub fn read(value: &JsValue) -> Result<Self> {
        let at = Fields(value);
        Ok(Self {
            token: at.text("token").map_err(bad)?,
            record: UserRecord::read(&at.get("record").map_err(bad)?)?,
        })
    }
}

impl UserRecord {
    pub fn read(value: &JsValue) -> Result<Self> {
        let at = Fields(value);
        let read = || -> std::result::Result<Self, BadField> {
            Ok(Self {
                id: at.text("id")?,
                name: at.text_or_empty("name")?,
                email: at.text_or_empty("email")?,
                role: at.text_or_empty("role")?,
            })
        };
        read().map_err(bad)
    }
}

impl ProviderRecord {
    pub fn read(value: &JsValue) -> Result<Self> {
        let at = Fields(value);
        let read = || -> std::result::Result<Self, BadField> {
            let services = match at.optional_list("services")? {
                Some(list) => Some(
                    list.iter()
                        .map(|service| {
                            let at = Fields(service);
                            Ok(ServiceRecord {
                                minutes: at.whole("minutes", u16::MAX.into())? as u16,
                                price: at.whole("price", (1u64 << 53) as f64)?,
                            })
                        })
                        .collect::<std::result::Result<_, BadField>>()
                        .map_err(|_| BadField("services"))?,
                ),
                None => None,
            };
            Ok(Self {
                id: at.text("id")?,
                collection_id: at.text("collectionId")?,
                user: at.text_or_empty("user")?,
                name: at.text("name")?,
                kind: at.text("kind")?,
                bio: at.text_or_empty("bio")?,
                photo: at.text_or_empty("photo")?,
                services,
                rating: at.number_or_zero("rating")? as f32,
                online: at.flag_or_false("online")?,
                timezone: at.text_or_empty("timezone")?,
                city: at.text_or_empty("city")?,
                updated: at.text_or_empty("updated")?,
            })
        };
        read().map_err(bad)
    }
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests {
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::domain::money::Idr;
    use crate::domain::provider::ProviderKind;
    use crate::domain::user::Role;

    fn provider(json: &str) -> Result<ProviderRecord> {
        ProviderRecord::read(&parse(json).unwrap())
    }

    #[wasm_bindgen_test]
    fn provider_record_becomes_a_domain_provider() {
        let json = r#"{"id":"p1","collectionId":"pbc_1","collectionName":"providers","user":"",
            "name":"Ayu","kind":"therapist","bio":"<p>x</p>","photo":"ayu.jpg",
            "services":[{"minutes":60,"price":200000}],"rating":4.8,"online":true,
            "timezone":"Asia/Jakarta","city":"Bandung","created":"","updated":"2026-01-01 00:00:00.000Z"}"#;
        let p = provider(json).unwrap().into_domain("").unwrap();
        assert_eq!(p.id.as_str(), "p1");
        assert_eq!(p.user, None, "an empty relation is no user");
        assert_eq!(p.kind, ProviderKind::Therapist);
        assert_eq!(p.photo_url.as_deref(), Some("/api/files/pbc_1/p1/ayu.jpg"));
        assert_eq!(p.price_for(60), Some(Idr(200_000)));
        assert_eq!(p.rating.0, 48);
        assert!(p.online);
        assert_eq!(p.city, "Bandung");
    }

    #[wasm_bindgen_test]
    fn provider_fields_the_server_may_leave_out_take_their_defaults() {
        let p =
            provider(r#"{"id":"p2","collectionId":"c","name":"B","kind":"place","services":null}"#)
                .unwrap()
                .into_domain("")
                .unwrap();
        assert!(p.services.is_empty());
        assert_eq!((p.rating.0, p.online, p.photo_url), (0, false, None));
    }

    #[wasm_bindgen_test]
    fn a_provider_without_a_name_or_with_a_fractional_price_is_a_decode_error() {
        let missing = provider(r#"{"id":"p1","collectionId":"c","kind":"place"}"#);
        assert!(matches!(missing, Err(BackendError::Decode(ref m)) if m.contains("name")));
        let price = provider(
            r#"{"id":"p1","collectionId":"c","name":"A","kind":"place","services":[{"minutes":60,"price":1.5}]}"#,
        );
        assert!(matches!(price, Err(BackendError::Decode(ref m)) if m.contains("services")));
    }

    #[wasm_bindgen_test]
    fn provider_with_unknown_kind_is_a_decode_error() {
        let record =
            provider(r#"{"id":"p1","collectionId":"c","name":"A","kind":"robot"}"#).unwrap();
        assert!(matches!(
            record.into_domain(""),
            Err(BackendError::Decode(_))
        ));
    }

    #[wasm_bindgen_test]
    fn an_auth_answer_gives_the_token_and_the_user() {
        let json = r#"{"token":"t.k.n","record":{"id":"u1","name":"Sari","email":"sari@example.test",
            "role":"provider","verified":true}}"#;
        let answer = AuthAnswer::read(&parse(json).unwrap()).unwrap();
        assert_eq!(answer.token, "t.k.n");
        let user = answer.record.into_domain().unwrap();
        assert_eq!((user.name.as_str(), user.role), ("Sari", Role::Provider));
        assert!(AuthAnswer::read(&parse(r#"{"record":{"id":"u1"}}"#).unwrap()).is_err());
    }

    #[wasm_bindgen_test]
    fn error_bodies_keep_their_message_and_fields_in_order() {
        let body = ErrorBody::read(
            r#"{"status":400,"message":"Failed to create record.","data":{
                "email":{"code":"validation_invalid_email","message":"Must be a valid email address."},
                "id":{"code":"validation_not_unique","message":"Value must be unique."}}}"#,
        );
        assert_eq!(body.message, "Failed to create record.");
        let fields: Vec<_> = body
            .data
            .0
            .iter()
            .map(|(f, e)| (f.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("email", "validation_invalid_email"),
                ("id", "validation_not_unique")
            ]
        );
        assert_eq!(
            body.data.get("id").unwrap().message,
            "Value must be unique."
        );
    }

    #[wasm_bindgen_test]
    fn an_error_body_that_is_not_json_reads_as_empty() {
        for text in ["", "not json", "<html></html>", "[1,2]", r#"{"data":"x"}"#] {
            let body = ErrorBody::read(text);
            assert_eq!(
                (body.message.as_str(), body.data.0.len()),
                ("", 0),
                "{text}"
            );
        }
    }
}
