/// <reference path="../pb_data/types.d.ts" />

// Server-side checks for a new chat message (DESIGN §7).
//
// The create rule has already checked that the sender is the signed-in user
// and a participant of the room. Here: only `text` from clients, the body
// trimmed and 1-2000 characters (0 with images), no NUL or bidi controls, a
// reply must quote a message of the same room, and a user blocked by another
// participant cannot post; a mention must name a participant; spam patterns,
// suspicious links and listed swear words are flagged (lib/flags.js). The
// room's lastMessageAt moves in the same transaction as the insert. Each user
// may send 30 messages a minute, 300 an hour and 2000 a day unless an
// operator set other windows (429 with Retry-After beyond that; see
// lib/chat_limits.js); superusers and repeats of a stored id are not counted.
onRecordCreateRequest((e) => {
  const chatLimits = require(`${__hooks}/lib/chat_limits.js`)
  const errors = require(`${__hooks}/lib/errors.js`)
  const { checkBody } = require(`${__hooks}/lib/text.js`)
  const rooms = require(`${__hooks}/lib/rooms.js`)
  const timeline = require(`${__hooks}/lib/timeline.js`)
  const { withTx } = require(`${__hooks}/lib/tx.js`)

  const message = e.record
  const roomId = message.getString("room")

  if (!e.hasSuperuserAuth()) {
    const kind = message.getString("kind") || "text"
    if (kind !== "text") {
      throw errors.fieldError("kind", "validation_server_only", "Only the server writes system messages.")
    }
    message.set("kind", "text")

    const images = message.get("images")
    const hasImages = !!images && images.length > 0
    message.set("body", checkBody(message.getString("body"), hasImages))
    require(`${__hooks}/lib/mentions.js`).checkMentions(e.app, roomId, message.getString("body"))

    const replyTo = message.getString("replyTo")
    if (replyTo !== "") {
      let quoted = null
      try {
        quoted = e.app.findRecordById("messages", replyTo)
      } catch (_) {
        // Reported below as a bad reply.
      }
      if (!quoted || quoted.getString("room") !== roomId) {
        throw errors.fieldError("replyTo", "validation_reply_other_room",
          "A reply must quote a message of the same chat.")
      }
    }

    if (rooms.isBlockedInRoom(e.app, roomId, e.auth.id)) {
      throw require(`${__hooks}/lib/errors.js`).blocked("You can't send messages in this chat: the other person has blocked you.")
    }

    message.set("editedAt", "")
    message.set("deletedAt", "")
  }
  // Always the server's own judgement, whoever sent the message.
  message.set("flags", require(`${__hooks}/lib/flags.js`).flagsOf(message.getString("body"), e.app))

  // Counted only now, after the checks above, so that a refused message does
  // not use up the sender's quota (chat_limits.js).
  chatLimits.countedCreate(e, "message", () => {
    withTx(e, (txApp) => {
      e.next()
      timeline.touchRoom(txApp, roomId, message.getString("created"))
    })
  })
}, "messages")
