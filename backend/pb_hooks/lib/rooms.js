// Room membership and block look-ups shared by the chat hooks, the realtime
// subscribe check and the typing route.

/** The user ids taking part in a room, or null when the room does not exist. */
function participants(app, roomId) {
  try {
    const room = app.findRecordById("rooms", roomId)
    const ids = room.getStringSlice("participants")
    const out = []
    for (let i = 0; i < ids.length; i++) out.push(ids[i])
    return out
  } catch (_) {
    return null
  }
}

function isParticipant(app, roomId, userId) {
  if (!roomId || !userId) return false
  const ids = participants(app, roomId)
  return ids !== null && ids.indexOf(userId) >= 0
}

/**
 * True when another participant of the room has blocked userId: such a user
 * may not post, react or type there.
 */
function isBlockedInRoom(app, roomId, userId) {
  // One query rather than a lookup per participant: it runs on every
  // message, reaction and typing signal.
  const row = new DynamicModel({ blocked: 0 })
  app.db().newQuery(
    "SELECT EXISTS (SELECT 1 FROM rooms r, json_each(r.participants) p" +
    " JOIN blocks b ON b.blocker = p.value AND b.blocked = {:user}" +
    " WHERE r.id = {:room} AND p.value != {:user}) AS blocked",
  ).bind({ room: roomId, user: userId }).one(row)
  return row.blocked > 0
}

/** The ids of the rooms a user is a member of. */
function roomIdsOf(app, userId) {
  const rows = arrayOf(new DynamicModel({ room: "" }))
  app.db()
    .select("room")
    .from("room_members")
    .where($dbx.hashExp({ user: userId }))
    .all(rows)
  const out = []
  for (let i = 0; i < rows.length; i++) out.push(rows[i].room)
  return out
}

/** The ids of everyone who shares at least one room with the user. */
function contactsOf(app, userId) {
  const rows = arrayOf(new DynamicModel({ user: "" }))
  app.db()
    .newQuery(
      "SELECT DISTINCT other.user AS user FROM room_members mine" +
      " JOIN room_members other ON other.room = mine.room" +
      " WHERE mine.user = {:user} AND other.user != {:user}",
    )
    .bind({ user: userId })
    .all(rows)
  const out = []
  for (let i = 0; i < rows.length; i++) out.push(rows[i].user)
  return out
}

module.exports = { participants, isParticipant, isBlockedInRoom, roomIdsOf, contactsOf }
