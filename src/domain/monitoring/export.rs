//! Exports of the error log: JSON, and CSV per RFC 4180 (fields quoted when
//! they hold a comma, a quote or a line break; quotes doubled; CRLF).

use super::record::ErrorRecord;

pub const CSV_HEADER: [&str; 13] = [
    "id",
    "firstSeen",
    "lastSeen",
    "severity",
    "category",
    "operation",
    "message",
    "correlationId",
    "status",
    "route",
    "appVersion",
    "count",
    "context",
];

/// The records as a JSON array.
pub fn to_json<'a>(records: impl IntoIterator<Item = &'a ErrorRecord>) -> String {
    let list: Vec<&ErrorRecord> = records.into_iter().collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
}

/// The records as CSV with a header row.
pub fn to_csv<'a>(records: impl IntoIterator<Item = &'a ErrorRecord>) -> String {
    let mut out = String::new();
    push_row(&mut out, CSV_HEADER.iter().map(|h| h.to_string()));
    for r in records {
        let context = r
            .context
            .0
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ");
        push_row(
            &mut out,
            [
                r.id.clone(),
                r.first_seen.to_iso8601(),
                r.last_seen.to_iso8601(),
                r.severity.as_str().to_owned(),
                r.category.as_str().to_owned(),
                r.operation.clone(),
                r.message.clone(),
                r.correlation_id.clone().unwrap_or_default(),
                r.status.map(|s| s.to_string()).unwrap_or_default(),
                r.route.clone(),
                r.app_version.clone(),
                r.count.to_string(),
                context,
            ],
        );
    }
    out
}

fn push_row(out: &mut String, fields: impl IntoIterator<Item = String>) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(&field));
    }
    out.push_str("\r\n");
}

/// One CSV field, quoted only when it must be.
pub fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::monitoring::record::{Category, Incident, Severity};
    use crate::domain::time::Millis;

    /// A small RFC 4180 reader, to check the writer round-trips.
    fn parse_csv(text: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut row = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') => {}
                (false, '\n') => {
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }

    #[test]
    fn quotes_only_when_needed() {
        assert_eq!(quote("plain"), "plain");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(quote("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn csv_round_trips_awkward_messages() {
        let mut incident = Incident::new(
            Severity::Error,
            Category::Chat,
            "chat.send",
            "bad \"quote\", comma\r\nand newline",
        );
        incident.status = Some(400);
        let record =
            ErrorRecord::from_incident(incident, "r1".into(), Millis(1_000), "/chats", "0.1.0");
        let csv = to_csv([&record]);
        assert!(csv.ends_with("\r\n"));
        let rows = parse_csv(&csv);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0], CSV_HEADER);
        assert_eq!(rows[1][6], "bad \"quote\", comma\r\nand newline");
        assert_eq!(rows[1][8], "400");
        assert_eq!(rows[1][1], "1970-01-01T00:00:01.000Z");
    }

    #[test]
    fn json_export_is_an_array_of_records() {
        let record = ErrorRecord::from_incident(
            Incident::new(Severity::Info, Category::Ui, "x", "y"),
            "r1".into(),
            Millis(1),
            "/",
            "0.1.0",
        );
        let back: Vec<ErrorRecord> = serde_json::from_str(&to_json([&record])).unwrap();
        let back: Vec<ErrorRecord> = back
            .into_iter()
            .map(ErrorRecord::with_fingerprint)
            .collect();
        assert_eq!(back, vec![record]);
    }
}
