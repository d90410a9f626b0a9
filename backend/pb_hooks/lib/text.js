// Server-side checks for user-written text (message bodies), mirroring the
// client's validation (DESIGN §7) so a client that skips it is still held.

const MAX_BODY = 2000

// NUL, and the bidirectional embedding/override/isolate controls that can
// make text display differently from what it says (U+202A-U+202E, U+2066-U+2069).
const FORBIDDEN = /[\u0000\u202A-\u202E\u2066-\u2069]/

/**
 * Returns the trimmed body, or throws a 400 field error on `body`.
 * A message with images may have an empty body.
 */
function checkBody(rawBody, hasImages) {
  const errors = require(`${__hooks}/lib/errors.js`)
  const body = String(rawBody || "").trim()

  if (FORBIDDEN.test(body)) {
    throw errors.fieldError("body", "validation_forbidden_characters",
      "The message contains a NUL or a text-direction control character.")
  }
  if (body.length === 0 && !hasImages) {
    throw errors.fieldError("body", "validation_required", "The message is empty.")
  }
  // Count code points, like PocketBase's own length check, not UTF-16 units.
  if (Array.from(body).length > MAX_BODY) {
    throw errors.fieldError("body", "validation_max_text_constraint",
      `The message is longer than ${MAX_BODY} characters.`)
  }
  return body
}

module.exports = { checkBody, MAX_BODY }
