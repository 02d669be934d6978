//! A provider found on first use and kept, for sources that read a file to learn which provider
//! they are (the aliyun CLI profile, the ini file).

use std::sync::{Arc, Mutex, PoisonError};

use super::{Credentials, ProvideCredentials};
use crate::Error;

/// The provider a file named, once a fetch has read it; clones share it.
#[derive(Clone, Default)]
pub(crate) struct Resolved(Arc<Mutex<Option<Arc<dyn ProvideCredentials>>>>);

impl Resolved {
    /// Fetches from the kept provider, or from the one `resolve` finds (kept on success).
    pub(crate) async fn fetch(
        &self,
        resolve: impl FnOnce() -> Result<Arc<dyn ProvideCredentials>, Error>,
    ) -> Result<Credentials, Error> {
        let known = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let provider = match known {
            Some(p) => p,
            None => {
                let p = resolve()?;
                *self.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(p.clone());
                p
            }
        };
        provider.provide_credentials().await
    }
}
