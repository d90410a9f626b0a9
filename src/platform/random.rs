//! Randomness from the browser's CSPRNG: client-made ids and jitter.

use crate::domain::ids::ClientId;
use crate::resilience::clock::Random;

fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !filled {
        // Every browser janji supports has crypto.getRandomValues; this path
        // exists so a missing API degrades to weaker ids rather than a panic.
        for chunk in bytes.chunks_mut(4) {
            let r = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
            chunk.copy_from_slice(&r.to_le_bytes()[..chunk.len()]);
        }
    }
    bytes
}

/// A fresh id for one user intent or one logical operation.
pub fn client_id() -> ClientId {
    ClientId::from_entropy(random_bytes())
}

/// Jitter randomness (not security sensitive).
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowserRandom;

impl Random for BrowserRandom {
    fn unit(&self) -> f64 {
        js_sys::Math::random()
    }
}
