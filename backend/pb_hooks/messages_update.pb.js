/// <reference path="../pb_data/types.d.ts" />

// Edits and soft deletes of one's own text message (DESIGN §7).
//
// The update rule lets only the sender update a `text` message. An update
// either
//   - sets `deletedAt` (any non-empty value): a soft delete; the server stamps
//     the time and clears the body and the images; or
//   - changes `body`: an edit; the server stamps `editedAt` and writes the old
//     body to message_edits in the same transaction.
// Nothing else may change, a deleted message stays deleted, and repeating a
// delete or sending the same body again is a harmless no-op (retries are safe).
// Each user may edit 20 and delete 10 messages a minute unless an operator
// set other windows (429 with Retry-After beyond that; see lib/chat_limits.js);
// the no-ops are not counted, so retries never run into it.
onRecordUpdateRequest((e) => {
  if (e.hasSuperuserAuth()) return e.next()

  const chatLimits = require(`${__hooks}/lib/chat_limits.js`)
  const errors = require(`${__hooks}/lib/errors.js`)
  const { checkBody } = require(`${__hooks}/lib/text.js`)
  const time = require(`${__hooks}/lib/time.js`)
  const { withTx } = require(`${__hooks}/lib/tx.js`)

  const message = e.record
  const fieldValue = (record, field) => {
    const name = field.getName()
    return field.type() === "file" || field.type() === "relation"
      ? record.getStringSlice(name).join(",")
      : record.getString(name)
  }

  withTx(e, (txApp) => {
    const current = txApp.findRecordById("messages", message.id)
    // The intent comes from the request: the loaded record already carries
    // the stored deletedAt of a deleted message.
    const sent = e.requestInfo().body
    const wantsDelete = !!sent.deletedAt

    const fields = message.collection().fields
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]
      const name = field.getName()
      if (name === "body" || name === "deletedAt" || name === "flags" || field.type() === "autodate") continue
      if (wantsDelete && name === "images") continue
      if (fieldValue(message, field) !== fieldValue(current, field)) {
        throw errors.fieldError(name, "validation_read_only", `${name} cannot be changed.`)
      }
    }

    // Flags are the server's: kept as they were unless the body changes.
    message.set("flags", current.get("flags"))

    if (current.getString("deletedAt") !== "") {
      if (!wantsDelete) {
        throw errors.fieldError("body", "validation_deleted", "This message was deleted.")
      }
      message.set("deletedAt", current.getString("deletedAt"))
      message.set("body", "")
      message.set("images", [])
      e.next()
      return
    }

    if (wantsDelete) {
      message.set("deletedAt", time.toPbDate(Date.now()))
      message.set("flags", [])
      message.set("body", "")
      message.set("images", [])
      chatLimits.counted(e, "delete", () => e.next())
      return
    }

    const hasImages = current.getStringSlice("images").length > 0
    const body = checkBody(message.getString("body"), hasImages)
    require(`${__hooks}/lib/mentions.js`).checkMentions(txApp, current.getString("room"), body)
    if (body === current.getString("body")) {
      message.set("body", body)
      e.next()
      return
    }

    message.set("body", body)
    message.set("flags", require(`${__hooks}/lib/flags.js`).flagsOf(body, txApp))
    message.set("editedAt", time.toPbDate(Date.now()))
    chatLimits.counted(e, "edit", () => {
      e.next()

      const edit = new Record(txApp.findCollectionByNameOrId("message_edits"))
      edit.set("message", message.id)
      edit.set("previousBody", current.getString("body"))
      edit.set("editedBy", e.auth.id)
      txApp.save(edit)
    })
  })
}, "messages")
