// What each record change sends to the custom realtime topics.
//
//   chat/<room>  {kind: "message"|"reaction"|"member"|"booking"|"presence", action, record}
//   user/<user>  {kind: "booking"|"room"|"message"|"member"|"block"|"presence", action, record}
//
// Called from after-success hooks, i.e. after the transaction committed, so
// nobody hears about a write that was rolled back.

function realtime() {
  return require(`${__hooks}/lib/realtime.js`)
}

function rooms() {
  return require(`${__hooks}/lib/rooms.js`)
}

function toUsers(userIds, payload) {
  return userIds.filter((id) => !!id).map((id) => ({ topic: realtime().topics.user(id), payload: payload }))
}

/** A message was created or updated (edit, soft delete). */
function message(app, action, record) {
  const rt = realtime()
  const roomId = record.getString("room")
  const payload = rt.recordEvent("message", action, record)
  const messages = [{ topic: rt.topics.chat(roomId), payload: payload }]
    .concat(toUsers(rooms().participants(app, roomId) || [], payload))
  rt.publish(app, messages)
}

/** A reaction was added or removed. */
function reaction(app, action, record) {
  const rt = realtime()
  let roomId
  try {
    roomId = app.findRecordById("messages", record.getString("message")).getString("room")
  } catch (_) {
    return // The message is gone (cascade delete); its room will hear about that instead.
  }
  rt.publish(app, [{ topic: rt.topics.chat(roomId), payload: rt.recordEvent("reaction", action, record) }])
}

/**
 * A member row changed: read/delivered receipts, mute, archive. The room
 * hears it (read receipts), and so does the member's own user topic: their
 * other tabs learn that the room was read, muted or archived.
 */
function member(app, action, record) {
  const rt = realtime()
  const payload = rt.recordEvent("member", action, record)
  rt.publish(app, [{ topic: rt.topics.chat(record.getString("room")), payload: payload }]
    .concat(toUsers([record.getString("user")], payload)))
}

/**
 * A block was made or lifted: both people hear it on their user topics, the
 * blocker's other tabs and the blocked person's inbox (who may no longer
 * write in the shared rooms). Nobody else does.
 */
function block(app, action, record) {
  const rt = realtime()
  rt.publish(app, toUsers([record.getString("blocker"), record.getString("blocked")],
    rt.recordEvent("block", action, record)))
}

/** A booking was created or changed status: its room and both parties hear it. */
function booking(app, action, record) {
  const rt = realtime()
  const payload = rt.recordEvent("booking", action, record)
  let providerUser = ""
  try {
    providerUser = app.findRecordById("providers", record.getString("provider")).getString("user")
  } catch (_) {
    // A provider without an account has nobody to tell.
  }
  const messages = [{ topic: rt.topics.chat(record.id), payload: payload }]
    .concat(toUsers([record.getString("customer"), providerUser], payload))
  rt.publish(app, messages)
}

/** A room was created: its participants' inboxes hear it. */
function room(app, action, record) {
  const rt = realtime()
  const ids = record.getStringSlice("participants")
  const list = []
  for (let i = 0; i < ids.length; i++) list.push(ids[i])
  rt.publish(app, toUsers(list, rt.recordEvent("room", action, record)))
}

const kinds = { message, reaction, member, block, booking, room }

/**
 * Runs one feed for a record hook event. A failed broadcast is logged, never
 * turned into a failed request: the write itself has already succeeded, and
 * clients catch up by fetching after every reconnect.
 */
function handle(e, kind, action) {
  try {
    kinds[kind](e.app, action, e.record)
  } catch (err) {
    e.app.logger().warn("Realtime feed failed", "kind", kind, "id", e.record.id, "error", String(err))
  }
  e.next()
}

module.exports = { handle, message, reaction, member, block, booking, room }
