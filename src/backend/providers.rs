//! The provider directory.

use async_trait::async_trait;

use crate::domain::ids::ProviderId;
use crate::domain::provider::Provider;

use super::{Call, Result};

#[async_trait(?Send)]
pub trait ProvidersApi {
    /// Every listed provider (the directory is small enough for one page).
    async fn list(&self, call: &Call) -> Result<Vec<Provider>>;
    async fn get(&self, call: &Call, id: &ProviderId) -> Result<Provider>;
}
