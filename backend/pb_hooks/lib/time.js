// Date helpers between JavaScript milliseconds and PocketBase date strings
// ("2026-01-02 03:04:05.678Z", UTC).

/** Milliseconds since the epoch for a PocketBase date string, or null when empty. */
function toMillis(value) {
  const s = String(value || "")
  if (s === "") return null
  const ms = Date.parse(s.replace(" ", "T"))
  return isNaN(ms) ? null : ms
}

/** The PocketBase form of a millisecond time. */
function toPbDate(ms) {
  return new Date(ms).toISOString().replace("T", " ")
}

/** The value of a date field in milliseconds, or null when it is empty. */
function fieldMillis(record, field) {
  return toMillis(record.getString(field))
}

module.exports = { toMillis, toPbDate, fieldMillis }
