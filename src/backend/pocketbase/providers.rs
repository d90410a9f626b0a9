//! The `providers` collection.

use std::rc::Rc;

use async_trait::async_trait;

use crate::backend::{Call, ProvidersApi, Result};
use crate::domain::ids::ProviderId;
use crate::domain::provider::Provider;

use super::http::PbHttp;
use super::wire::ProviderRecord;
use super::wire::read::items;

/// The directory is one page: a marketplace city has tens of providers, and
/// the UI filters the cached list locally.
const LIST_PATH: &str = "/api/collections/providers/records?perPage=500&skipTotal=1&sort=name";

pub struct PbProviders {
    http: Rc<PbHttp>,
}

impl PbProviders {
    pub fn new(http: Rc<PbHttp>) -> Self {
        Self { http }
    }
}

#[async_trait(?Send)]
impl ProvidersApi for PbProviders {
    async fn list(&self, call: &Call) -> Result<Vec<Provider>> {
        let page = self.http.get_value(call, LIST_PATH).await?;
        items(&page)?
            .iter()
            .map(|r| ProviderRecord::read(r)?.into_domain(self.http.base_url()))
            .collect()
    }

    async fn get(&self, call: &Call, id: &ProviderId) -> Result<Provider> {
        // Ids are validated to URL-safe characters, so no escaping is needed.
        let path = format!("/api/collections/providers/records/{id}");
        let record = self.http.get_value(call, &path).await?;
        ProviderRecord::read(&record)?.into_domain(self.http.base_url())
    }
}
