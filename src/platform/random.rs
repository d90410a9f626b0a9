//! Randomness from the browser's CSPRNG, for client-made ids.

use crate::domain::ids::ClientId;

/// A fresh id for one user intent.
pub fn client_id() -> ClientId {
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
    ClientId::from_entropy(bytes)
}
