// Builders for the API errors the hooks throw.
//
// PocketBase answers them as {status, message, data}; a field error becomes
// data.<field> = {code, message}, the same shape as its own validation errors,
// so clients handle both in one place.

/** A 400 answer with one error per field, e.g. fieldErrors("Invalid price.", {price: ["code", "text"]}). */
function fieldErrors(message, fields) {
  const data = {}
  for (const name in fields) {
    data[name] = new ValidationError(fields[name][0], fields[name][1])
  }
  return new BadRequestError(message, data)
}

/** A 400 answer about a single field; the field message doubles as the summary. */
function fieldError(field, code, message) {
  return fieldErrors(message, { [field]: [code, message] })
}

/**
 * A 403 answer for someone the other participant of a room has blocked:
 * data.room.code = "chat_blocked", so a client can tell it from other
 * refusals and show the message to the user.
 */
function blocked(message) {
  return new ForbiddenError(message, { room: new ValidationError("chat_blocked", message) })
}

module.exports = { fieldErrors, fieldError, blocked }
