//! The provider directory.

use async_trait::async_trait;

use crate::domain::ids::ProviderId;
use crate::domain::provider::Provider;

use super::Result;

#[async_trait(?Send)]
pub trait ProvidersApi {
    /// Every listed provider (the directory is small enough for one page).
    async fn list(&self) -> Result<Vec<Provider>>;
    async fn get(&self, id: &ProviderId) -> Result<Provider>;
}
