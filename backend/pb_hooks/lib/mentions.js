// Mentions (DESIGN §7): "@name" at the start of the text or after a space.
// A mention must name a participant of the room: their name without spaces,
// or its first word, compared without regard to case. The client applies the
// same rule before sending (src/domain/message/mentions.rs).

const MENTION = /(^|\s)@([\p{L}\p{N}_.-]{1,40})/gu

/** The mentioned names in `body`, without the "@". */
function mentionsIn(body) {
  const found = []
  for (const m of String(body || "").matchAll(MENTION)) found.push(m[2])
  return found
}

/** Whether `token` names the person called `name`. */
function names(token, name) {
  const t = token.toLowerCase()
  const n = String(name || "").trim().toLowerCase()
  if (n === "") return false
  return t === n.replace(/\s+/g, "") || t === n.split(/\s+/)[0]
}

/** Throws a 400 on `body` when a mention names nobody in the room. */
function checkMentions(app, roomId, body) {
  // Most messages mention nobody.
  if (String(body || "").indexOf("@") < 0) return
  const tokens = mentionsIn(body)
  if (tokens.length === 0) return
  const rooms = require(`${__hooks}/lib/rooms.js`)
  const errors = require(`${__hooks}/lib/errors.js`)
  const people = []
  for (const id of rooms.participants(app, roomId) || []) {
    try {
      people.push(app.findRecordById("users", id).getString("name"))
    } catch (_) {
      // A deleted account can no longer be mentioned.
    }
  }
  for (const token of tokens) {
    if (!people.some((name) => names(token, name))) {
      throw errors.fieldError("body", "validation_unknown_mention",
        `You can only mention people in this chat; @${token} is not one of them.`)
    }
  }
}

module.exports = { mentionsIn, names, checkMentions }
