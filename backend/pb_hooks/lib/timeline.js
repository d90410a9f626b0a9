// Server-made chat messages (`system` and `booking_update`) and the room's
// lastMessageAt, written with whatever app (transaction) the caller holds.

/**
 * Saves a server message. `createdMs` pins its `created` time so that two
 * messages made in the same millisecond still sort in the intended order.
 */
function addServerMessage(app, roomId, kind, body, opts) {
  const time = require(`${__hooks}/lib/time.js`)
  const ids = require(`${__hooks}/lib/ids.js`)
  const o = opts || {}

  const message = new Record(app.findCollectionByNameOrId("messages"))
  message.set("id", o.id || ids.newId())
  message.set("room", roomId)
  message.set("kind", kind)
  message.set("body", body)
  if (o.createdMs) {
    message.setRaw("created", new DateTime(time.toPbDate(o.createdMs)))
  }
  app.save(message)
  touchRoom(app, roomId, message.getString("created"))
  return message
}

/**
 * Moves the room's lastMessageAt forward (never back) so the inbox sorts by
 * activity. One UPDATE rather than a load and a save: it runs with every
 * message, and rooms have no update hooks or realtime listeners to run.
 */
function touchRoom(app, roomId, at) {
  const now = new Date().toISOString().replace("T", " ")
  app.db()
    .newQuery("UPDATE rooms SET lastMessageAt = {:at}, updated = {:now} WHERE id = {:id} AND lastMessageAt < {:at}")
    .bind({ at: at, now: now, id: roomId })
    .execute()
}

module.exports = { addServerMessage, touchRoom }
