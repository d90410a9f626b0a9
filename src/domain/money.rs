//! Prices. The marketplace trades in Indonesian rupiah, which has no minor
//! unit in practice, so a price is a whole number of rupiah.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount in Indonesian rupiah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Idr(pub u64);

impl fmt::Display for Idr {
    /// Formats the way Indonesians write prices: `Rp 250.000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        write!(f, "Rp {grouped}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rupiah_are_grouped_with_dots() {
        assert_eq!(Idr(0).to_string(), "Rp 0");
        assert_eq!(Idr(950).to_string(), "Rp 950");
        assert_eq!(Idr(250_000).to_string(), "Rp 250.000");
        assert_eq!(Idr(1_250_000).to_string(), "Rp 1.250.000");
    }
}
