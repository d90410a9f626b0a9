//! A cached provider read back from the object IndexedDB holds, field by
//! field. The directory's cache is read on the first load, and serde's
//! decoder for a provider (through `idb::from_js`) was about 7 KB of that
//! load's wasm; these reads are a fraction of it. The object is the one
//! `idb::to_js` wrote: serde's names and shapes for `Provider`.

use std::str::FromStr;

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

use crate::domain::ids::{ProviderId, UserId};
use crate::domain::money::Idr;
use crate::domain::provider::{Provider, ProviderKind, Rating, Service};
use crate::store::{StoreError, StoreResult};

/// The provider stored as `value`; a missing or malformed field is
/// `StoreError::Corrupt` naming it.
pub fn provider(value: &JsValue) -> StoreResult<Provider> {
    let at = Fields(value);
    Ok(Provider {
        id: ProviderId::parse(at.text("id")?).map_err(|_| corrupt("id"))?,
        user: match at.optional_text("user")? {
            Some(user) => Some(UserId::parse(user).map_err(|_| corrupt("user"))?),
            None => None,
        },
        name: at.text("name")?,
        kind: ProviderKind::from_str(&at.text("kind")?).map_err(|()| corrupt("kind"))?,
        bio_html: at.text("bio_html")?,
        photo_url: at.optional_text("photo_url")?,
        services: services(&at.get("services")?)?,
        rating: Rating(
            whole(at.get("rating")?, u8::MAX.into()).ok_or_else(|| corrupt("rating"))? as u8,
        ),
        online: at
            .get("online")?
            .as_bool()
            .ok_or_else(|| corrupt("online"))?,
        timezone: at.text("timezone")?,
        city: at.text("city")?,
        updated: at.text("updated")?,
    })
}

fn services(value: &JsValue) -> StoreResult<Vec<Service>> {
    if !Array::is_array(value) {
        return Err(corrupt("services"));
    }
    Array::from(value)
        .iter()
        .map(|service| {
            let at = Fields(&service);
            let minutes = whole(at.get("minutes")?, u16::MAX.into());
            // Prices are whole rupiah, well inside a double's exact range.
            let price = whole(at.get("price")?, (1u64 << 53) as f64);
            match (minutes, price) {
                (Some(minutes), Some(price)) => Ok(Service {
                    minutes: minutes as u16,
                    price: Idr(price),
                }),
                _ => Err(corrupt("services")),
            }
        })
        .collect()
}

/// The fields of a stored object.
struct Fields<'a>(&'a JsValue);

impl Fields<'_> {
    fn get(&self, name: &'static str) -> StoreResult<JsValue> {
        Reflect::get(self.0, &JsValue::from_str(name)).map_err(|_| corrupt(name))
    }

    fn text(&self, name: &'static str) -> StoreResult<String> {
        self.get(name)?.as_string().ok_or_else(|| corrupt(name))
    }

    /// A text that serde wrote as `null` when there was none.
    fn optional_text(&self, name: &'static str) -> StoreResult<Option<String>> {
        let value = self.get(name)?;
        if value.is_null() || value.is_undefined() {
            return Ok(None);
        }
        value.as_string().map(Some).ok_or_else(|| corrupt(name))
    }
}

/// `value` as a whole number from 0 to `max`.
fn whole(value: JsValue, max: f64) -> Option<u64> {
    let n = value.as_f64()?;
    (n.fract() == 0.0 && (0.0..=max).contains(&n)).then_some(n as u64)
}

fn corrupt(field: &str) -> StoreError {
    StoreError::Corrupt(format!(
        "a cached provider's {field} is missing or malformed"
    ))
}
