//! Providers: therapists and places, with the services they sell.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::ids::{ProviderId, UserId};
use super::money::Idr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderKind {
    Therapist,
    Place,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Therapist => "therapist",
            Self::Place => "place",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Therapist => "Therapist",
            Self::Place => "Spa place",
        }
    }
}

impl FromStr for ProviderKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "therapist" => Ok(Self::Therapist),
            "place" => Ok(Self::Place),
            _ => Err(()),
        }
    }
}

/// A rating out of five stars, in tenths (4.8 is 48). Kept as a whole
/// number so the first load carries no float formatting.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Rating(pub u8);

impl Rating {
    /// From stars as the backend stores them (e.g. 4.75), rounded, 0–5.
    pub fn from_stars(stars: f32) -> Self {
        let tenths = (stars.clamp(0.0, 5.0) * 10.0).round();
        Self(if tenths.is_finite() { tenths as u8 } else { 0 })
    }
}

impl std::fmt::Display for Rating {
    /// One decimal, e.g. `4.8`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.0 / 10, self.0 % 10)
    }
}

/// One line of a provider's menu: a session length and its price.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub minutes: u16,
    pub price: Idr,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: ProviderId,
    /// The provider's own account, when the listing is claimed.
    pub user: Option<UserId>,
    pub name: String,
    pub kind: ProviderKind,
    /// The bio as the backend stores it: untrusted HTML that must be
    /// sanitized before it is shown.
    pub bio_html: String,
    pub photo_url: Option<String>,
    pub services: Vec<Service>,
    pub rating: Rating,
    pub online: bool,
    /// IANA time zone name, e.g. `Asia/Jakarta`.
    pub timezone: String,
    pub city: String,
    /// When the backend last changed the record; newer wins in the cache.
    pub updated: String,
}

impl Provider {
    /// The price of a session of `minutes`, if the provider offers it.
    pub fn price_for(&self, minutes: u16) -> Option<Idr> {
        self.services
            .iter()
            .find(|s| s.minutes == minutes)
            .map(|s| s.price)
    }

    /// The cheapest session, shown on cards as "from …".
    pub fn cheapest(&self) -> Option<Service> {
        self.services.iter().copied().min_by_key(|s| s.price)
    }
}

/// What the home page's filters ask for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderFilter {
    pub kind: Option<ProviderKind>,
    pub city: Option<String>,
    pub online_only: bool,
}

impl ProviderFilter {
    pub fn matches(&self, provider: &Provider) -> bool {
        self.kind.is_none_or(|k| provider.kind == k)
            && self
                .city
                .as_deref()
                .is_none_or(|c| provider.city.eq_ignore_ascii_case(c))
            && (!self.online_only || provider.online)
    }

    /// The matching providers in display order: online first, then by rating,
    /// then by name and id, so the order is total and the same on every render.
    pub fn apply(&self, providers: &[Provider]) -> Vec<Provider> {
        let mut out: Vec<Provider> = providers
            .iter()
            .filter(|p| self.matches(p))
            .cloned()
            .collect();
        out.sort_unstable_by(|a, b| {
            b.online
                .cmp(&a.online)
                .then(b.rating.cmp(&a.rating))
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.id.cmp(&b.id))
        });
        out
    }
}

/// The distinct cities in a list, sorted, for the city filter.
pub fn cities(providers: &[Provider]) -> Vec<String> {
    let mut out: Vec<String> = providers.iter().map(|p| p.city.clone()).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    pub fn provider(
        id: &str,
        kind: ProviderKind,
        city: &str,
        online: bool,
        rating: f32,
    ) -> Provider {
        Provider {
            id: ProviderId::parse(id).unwrap(),
            user: None,
            name: format!("Provider {id}"),
            kind,
            bio_html: "<p>Hello</p>".into(),
            photo_url: None,
            services: vec![
                Service {
                    minutes: 90,
                    price: Idr(300_000),
                },
                Service {
                    minutes: 60,
                    price: Idr(200_000),
                },
            ],
            rating: Rating::from_stars(rating),
            online,
            timezone: "Asia/Jakarta".into(),
            city: city.into(),
            updated: "2026-01-01 00:00:00.000Z".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::provider;
    use super::*;

    #[test]
    fn filter_matches_kind_city_and_online() {
        let list = vec![
            provider("a", ProviderKind::Therapist, "Bandung", true, 4.5),
            provider("b", ProviderKind::Place, "Bandung", false, 4.9),
            provider("c", ProviderKind::Therapist, "Jakarta", false, 4.1),
        ];
        let ids = |f: &ProviderFilter| {
            f.apply(&list)
                .into_iter()
                .map(|p| p.id.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&ProviderFilter::default()),
            ["a", "b", "c"],
            "online first, then rating"
        );
        let therapists = ProviderFilter {
            kind: Some(ProviderKind::Therapist),
            ..Default::default()
        };
        assert_eq!(ids(&therapists), ["a", "c"]);
        let bandung = ProviderFilter {
            city: Some("bandung".into()),
            ..Default::default()
        };
        assert_eq!(ids(&bandung), ["a", "b"], "city match ignores case");
        let online = ProviderFilter {
            online_only: true,
            ..Default::default()
        };
        assert_eq!(ids(&online), ["a"]);
    }

    #[test]
    fn ratings_show_one_rounded_decimal() {
        assert_eq!(Rating::from_stars(4.84).to_string(), "4.8");
        assert_eq!(Rating::from_stars(4.86).to_string(), "4.9");
        assert_eq!(Rating::from_stars(5.0).to_string(), "5.0");
        assert_eq!(Rating::from_stars(-1.0).to_string(), "0.0");
        assert_eq!(Rating::from_stars(f32::NAN), Rating(0));
    }

    #[test]
    fn price_comes_from_the_menu() {
        let p = provider("a", ProviderKind::Therapist, "Bandung", true, 4.5);
        assert_eq!(p.price_for(60), Some(Idr(200_000)));
        assert_eq!(p.price_for(45), None);
        assert_eq!(p.cheapest().map(|s| s.minutes), Some(60));
    }

    #[test]
    fn cities_are_distinct_and_sorted() {
        let list = vec![
            provider("a", ProviderKind::Therapist, "Jakarta", true, 4.5),
            provider("b", ProviderKind::Place, "Bandung", false, 4.9),
            provider("c", ProviderKind::Place, "Jakarta", false, 4.9),
        ];
        assert_eq!(cities(&list), ["Bandung", "Jakarta"]);
    }
}
