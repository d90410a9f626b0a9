//! One error record and the incident it is made from.

use serde::{Deserialize, Serialize};

use super::scrub::scrub;
use crate::domain::time::Millis;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Critical,
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const ALL: [Severity; 4] = [Self::Critical, Self::Error, Self::Warning, Self::Info];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// Whether an occurrence counts towards the error rate (info does not).
    pub fn counts_in_rate(self) -> bool {
        self != Self::Info
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Booking,
    Chat,
    Auth,
    Backend,
    Network,
    Storage,
    Ui,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Self::Booking,
        Self::Chat,
        Self::Auth,
        Self::Backend,
        Self::Network,
        Self::Storage,
        Self::Ui,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::Chat => "chat",
            Self::Auth => "auth",
            Self::Backend => "backend",
            Self::Network => "network",
            Self::Storage => "storage",
            Self::Ui => "ui",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Extra facts of a record as name/value pairs; a JSON object on the wire
/// and in storage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context(pub Vec<(String, String)>);

impl Serialize for Context {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Context {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Context;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_unit<E>(self) -> Result<Context, E> {
                Ok(Context::default())
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Context, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry::<String, String>()? {
                    pairs.push(pair);
                }
                Ok(Context(pairs))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// Something that went wrong, as the code that saw it describes it. Text in
/// it may still hold secrets: [`ErrorRecord::from_incident`] scrubs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    pub severity: Severity,
    pub category: Category,
    /// What the app was doing, e.g. `providers.list`.
    pub operation: String,
    pub message: String,
    pub correlation_id: Option<String>,
    pub status: Option<u16>,
    /// Extra facts as name/value pairs.
    pub context: Context,
}

impl Incident {
    pub fn new(
        severity: Severity,
        category: Category,
        operation: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            category,
            operation: operation.into(),
            message: message.into(),
            correlation_id: None,
            status: None,
            context: Context::default(),
        }
    }
}

/// A stored error: one incident, or several identical ones folded together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorRecord {
    pub id: String,
    pub first_seen: Millis,
    pub last_seen: Millis,
    pub severity: Severity,
    pub category: Category,
    pub operation: String,
    pub message: String,
    pub correlation_id: Option<String>,
    pub status: Option<u16>,
    pub route: String,
    pub app_version: String,
    #[serde(default)]
    pub context: Context,
    /// Occurrences folded into this record.
    pub count: u32,
    /// Occurrences already sent to the backend.
    #[serde(default)]
    pub reported: u32,
    /// Derived from the other fields, so never stored: JSON numbers (and so
    /// IndexedDB's copy) would round a 64-bit value. Restored records get it
    /// back from [`ErrorRecord::with_fingerprint`].
    #[serde(skip)]
    pub fingerprint: u64,
}

impl ErrorRecord {
    /// Makes a record, scrubbing tokens and phone numbers from every text.
    pub fn from_incident(
        incident: Incident,
        id: String,
        now: Millis,
        route: &str,
        app_version: &str,
    ) -> Self {
        let message = scrub(&incident.message);
        let operation = scrub(&incident.operation);
        let fingerprint = fingerprint(
            incident.severity,
            incident.category,
            &operation,
            incident.status,
            &message,
        );
        Self {
            id,
            first_seen: now,
            last_seen: now,
            severity: incident.severity,
            category: incident.category,
            operation,
            message,
            correlation_id: incident.correlation_id.map(|c| scrub(&c)),
            status: incident.status,
            route: scrub(route),
            app_version: app_version.to_owned(),
            context: Context(
                incident
                    .context
                    .0
                    .into_iter()
                    .map(|(k, v)| (scrub(&k), scrub(&v)))
                    .collect(),
            ),
            count: 1,
            reported: 0,
            fingerprint,
        }
    }
}

impl ErrorRecord {
    /// The record with its fingerprint computed from its fields.
    pub fn with_fingerprint(mut self) -> Self {
        self.fingerprint = fingerprint(
            self.severity,
            self.category,
            &self.operation,
            self.status,
            &self.message,
        );
        self
    }
}

/// Identifies "the same error": the same kind, operation and status, and the
/// same message with its numbers ignored ("retry in 12 s" = "retry in 9 s").
pub fn fingerprint(
    severity: Severity,
    category: Category,
    operation: &str,
    status: Option<u16>,
    message: &str,
) -> u64 {
    // FNV-1a: tiny, stable across builds, good enough to group records.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for part in [severity.as_str(), category.as_str(), operation] {
        part.bytes().for_each(&mut eat);
        eat(0);
    }
    status
        .unwrap_or(0)
        .to_le_bytes()
        .into_iter()
        .for_each(&mut eat);
    let mut in_number = false;
    for b in message.bytes() {
        let digit = b.is_ascii_digit();
        if !(digit && in_number) {
            eat(if digit { b'#' } else { b });
        }
        in_number = digit;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_differing_only_in_numbers_share_a_fingerprint() {
        let a = fingerprint(
            Severity::Error,
            Category::Backend,
            "providers.list",
            Some(503),
            "retry in 12 s",
        );
        let b = fingerprint(
            Severity::Error,
            Category::Backend,
            "providers.list",
            Some(503),
            "retry in 9 s",
        );
        let c = fingerprint(
            Severity::Error,
            Category::Backend,
            "providers.list",
            Some(500),
            "retry in 9 s",
        );
        assert_eq!(a, b);
        assert_ne!(b, c);
    }

    #[test]
    fn records_are_scrubbed_when_made() {
        let mut incident = Incident::new(
            Severity::Error,
            Category::Auth,
            "auth.refresh",
            "token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig rejected",
        );
        incident
            .context
            .0
            .push(("phone".into(), "+62 812-3456-7890".into()));
        let r = ErrorRecord::from_incident(incident, "r1".into(), Millis(5), "/x", "0.1.0");
        assert!(!r.message.contains("eyJ"), "{}", r.message);
        assert!(!r.context.0[0].1.contains("3456"), "{:?}", r.context);
        assert_eq!(r.count, 1);
    }

    #[test]
    fn fingerprints_survive_storage_as_json() {
        let r = ErrorRecord::from_incident(
            Incident::new(Severity::Error, Category::Ui, "op", "m"),
            "r".into(),
            Millis(1),
            "/",
            "t",
        );
        let back: ErrorRecord = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back.with_fingerprint(), r);
    }

    #[test]
    fn severities_and_categories_parse_their_names() {
        for s in Severity::ALL {
            assert_eq!(Severity::parse(s.as_str()), Some(s));
        }
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        assert_eq!(Category::parse("nope"), None);
    }
}
