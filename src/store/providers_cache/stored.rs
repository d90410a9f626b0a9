//! A cached provider, written to and read back from the object IndexedDB
//! holds field by field. The directory's cache is read on the first load,
//! and serde's encoder and decoder for a provider (through `idb::to_js` and
//! `idb::from_js`) were about 7 KB of that load's wasm, and kept serde_json
//! in it; these reads and writes are a fraction of it. The object has the
//! names and shapes serde gave `Provider`, so caches written before read
//! back.

use std::str::FromStr;

use wasm_bindgen::JsValue;

use crate::domain::ids::{ProviderId, UserId};
use crate::domain::money::Idr;
use crate::domain::provider::{Provider, ProviderKind, Rating, Service};
use crate::platform::json::{BadField, Fields, Writer};
use crate::store::{StoreError, StoreResult};

/// The object `provider` is stored as.
pub fn to_value(provider: &Provider) -> JsValue {
    let services: js_sys::Array = provider
        .services
        .iter()
        .map(|s| {
            Writer::new()
                .number("minutes", s.minutes.into())
                .number("price", s.price.0 as f64)
                .finish()
        })
        .collect();
    Writer::new()
        .text("id", provider.id.as_str())
        .optional_text("user", provider.user.as_ref().map(UserId::as_str))
        .text("name", &provider.name)
        .text("kind", provider.kind.as_str())
        .text("bio_html", &provider.bio_html)
        .optional_text("photo_url", provider.photo_url.as_deref())
        .value("services", &services)
        .number("rating", provider.rating.0.into())
        .flag("online", provider.online)
        .text("timezone", &provider.timezone)
        .text("city", &provider.city)
        .text("updated", &provider.updated)
        .finish()
}

/// The provider stored as `value`; a missing or malformed field is
/// `StoreError::Corrupt` naming it.
pub fn provider(value: &JsValue) -> StoreResult<Provider> {
    read(Fields(value)).map_err(|BadField(field)| {
        StoreError::Corrupt(format!(
            "a cached provider's {field} is missing or malformed"
        ))
    })
}

fn read(at: Fields) -> Result<Provider, BadField> {
    Ok(Provider {
        id: ProviderId::parse(at.text("id")?).map_err(|_| BadField("id"))?,
        user: match at.optional_text("user")? {
            Some(user) => Some(UserId::parse(user).map_err(|_| BadField("user"))?),
            None => None,
        },
        name: at.text("name")?,
        kind: ProviderKind::from_str(&at.text("kind")?).map_err(|()| BadField("kind"))?,
        bio_html: at.text("bio_html")?,
        photo_url: at.optional_text("photo_url")?,
        services: at
            .list("services")?
            .iter()
            .map(|service| {
                let at = Fields(service);
                Ok(Service {
                    minutes: at.whole("minutes", u16::MAX.into())? as u16,
                    // Prices are whole rupiah, well inside a double's exact range.
                    price: Idr(at.whole("price", (1u64 << 53) as f64)?),
                })
            })
            .collect::<Result<_, BadField>>()
            .map_err(|_| BadField("services"))?,
        rating: Rating(at.whole("rating", u8::MAX.into())? as u8),
        online: at.flag("online")?,
        timezone: at.text("timezone")?,
        city: at.text("city")?,
        updated: at.text("updated")?,
    })
}
