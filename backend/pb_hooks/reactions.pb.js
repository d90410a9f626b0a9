/// <reference path="../pb_data/types.d.ts" />

// Reactions: the create rule checks the user and the room; this adds the
// checks a rule cannot make clearly: no reactions on deleted messages, a
// blocked user cannot react in the blocker's room, and the emoji is one short
// token without spaces or control characters. Each user may add 100 reactions
// a minute unless an operator set other windows (429 with Retry-After beyond
// that; see lib/chat_limits.js).
onRecordCreateRequest((e) => {
  if (e.hasSuperuserAuth()) return e.next()

  const chatLimits = require(`${__hooks}/lib/chat_limits.js`)
  const errors = require(`${__hooks}/lib/errors.js`)
  const rooms = require(`${__hooks}/lib/rooms.js`)

  const reaction = e.record
  const emoji = reaction.getString("emoji").trim()
  if (emoji === "" || /[\s\u0000-\u001f\u202A-\u202E\u2066-\u2069]/.test(emoji)) {
    throw errors.fieldError("emoji", "validation_invalid_emoji", "A reaction is a single emoji.")
  }
  reaction.set("emoji", emoji)

  const message = e.app.findRecordById("messages", reaction.getString("message"))
  if (message.getString("deletedAt") !== "") {
    throw errors.fieldError("message", "validation_deleted", "This message was deleted.")
  }
  if (rooms.isBlockedInRoom(e.app, message.getString("room"), e.auth.id)) {
    throw require(`${__hooks}/lib/errors.js`).blocked("You can't react in this chat: the other person has blocked you.")
  }

  // Counted only after the checks above, so that a refused reaction does not
  // use up the user's quota (chat_limits.js).
  chatLimits.countedCreate(e, "reaction", () => e.next())
}, "reactions")
