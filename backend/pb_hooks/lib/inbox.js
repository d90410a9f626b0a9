// The inbox (DESIGN §7): one row per room of the user, newest activity first,
// with what the list shows: the booking and its provider, the other person
// and whether they are online, the last message, the unread count and the
// blocks between them.
//
// One query reads the rooms with their booking, the id of their last message
// and their unread count (both through the (room, created, id) index of
// messages); the people, the last messages and the blocks then take one
// query each, however many rooms there are.

const MAX_ROWS = 100

/** The rooms of the user (one room when roomId is given), with the columns of a row. */
function roomRows(app, userId, roomId) {
  const rows = arrayOf(new DynamicModel({
    room: "",
    activity: "",
    participants: "",
    bookingId: "",
    bookingStatus: "",
    bookingMinutes: 0,
    bookingMode: "",
    bookingScheduledAt: "",
    bookingDeadline: "",
    bookingSource: "",
    providerId: "",
    providerName: "",
    lastId: "",
    unread: 0,
  }))
  // An empty lastReadAt sorts before every date, so then every message counts.
  app.db()
    .newQuery(
      "SELECT r.id AS room," +
      " CASE WHEN r.lastMessageAt != '' THEN r.lastMessageAt ELSE r.created END AS activity," +
      " r.participants AS participants," +
      " COALESCE(b.id, '') AS bookingId, COALESCE(b.status, '') AS bookingStatus," +
      " COALESCE(b.minutes, 0) AS bookingMinutes, COALESCE(b.mode, '') AS bookingMode," +
      " COALESCE(b.scheduledAt, '') AS bookingScheduledAt, COALESCE(b.responseDeadline, '') AS bookingDeadline," +
      " COALESCE(b.source, '') AS bookingSource," +
      " COALESCE(p.id, '') AS providerId, COALESCE(p.name, '') AS providerName," +
      " COALESCE((SELECT m.id FROM messages m WHERE m.room = r.id" +
      "   ORDER BY m.created DESC, m.id DESC LIMIT 1), '') AS lastId," +
      " (SELECT COUNT(*) FROM messages m WHERE m.room = r.id AND m.created > mine.lastReadAt" +
      "   AND m.sender != {:user} AND m.deletedAt = '') AS unread" +
      " FROM room_members mine" +
      " JOIN rooms r ON r.id = mine.room" +
      " LEFT JOIN bookings b ON b.id = r.booking" +
      " LEFT JOIN providers p ON p.id = b.provider" +
      " WHERE mine.user = {:user}" + (roomId !== null ? " AND r.id = {:room}" : "") +
      " ORDER BY activity DESC, r.id DESC" +
      ` LIMIT ${MAX_ROWS}`,
    )
    .bind({ user: userId, room: roomId || "" })
    .all(rows)
  return rows
}

function participantsOf(row) {
  try {
    const ids = JSON.parse(row.participants || "[]")
    return Array.isArray(ids) ? ids : [ids]
  } catch (_) {
    return row.participants ? [row.participants] : []
  }
}

/** Records by id, as an object keyed by id. */
function byId(app, collection, ids) {
  const out = {}
  if (ids.length === 0) return out
  const records = app.findRecordsByIds(collection, ids)
  for (let i = 0; i < records.length; i++) out[records[i].id] = records[i]
  return out
}

/** Who the user has blocked and who has blocked the user, as two sets. */
function blocksOf(app, userId) {
  const rows = arrayOf(new DynamicModel({ blocker: "", blocked: "" }))
  app.db()
    .newQuery("SELECT blocker, blocked FROM blocks WHERE blocker = {:user} OR blocked = {:user}")
    .bind({ user: userId })
    .all(rows)
  const byMe = {}
  const me = {}
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].blocker === userId) byMe[rows[i].blocked] = true
    else me[rows[i].blocker] = true
  }
  return { byMe, me }
}

function lastMessage(message) {
  if (!message) return null
  const deleted = message.getString("deletedAt") !== ""
  return {
    id: message.id,
    kind: message.getString("kind"),
    body: deleted ? "" : message.getString("body"),
    sender: message.getString("sender"),
    images: message.getStringSlice("images").length,
    deleted: deleted,
    created: message.getString("created"),
  }
}

/**
 * The user's inbox rows, or only the row of `roomId` (none when the user
 * takes part in no such room). CONTRACT.md §5 describes a row.
 */
function inbox(app, userId, roomId) {
  const presence = require(`${__hooks}/lib/presence.js`)

  const rows = roomRows(app, userId, roomId === undefined ? null : roomId)
  const others = rows.map((row) => participantsOf(row).filter((id) => id !== userId))
  const people = byId(app, "users", [...new Set([].concat(...others))])
  const messages = byId(app, "messages", rows.map((row) => row.lastId).filter((id) => id !== ""))
  const blocks = blocksOf(app, userId)
  const online = presence.onlineUsers(app)

  return rows.map((row, i) => {
    const otherId = others[i][0]
    const person = otherId ? people[otherId] : null
    return {
      room: row.room,
      activity: row.activity,
      booking: row.bookingId === "" ? null : {
        id: row.bookingId,
        status: row.bookingStatus,
        minutes: row.bookingMinutes,
        mode: row.bookingMode,
        scheduledAt: row.bookingScheduledAt,
        responseDeadline: row.bookingDeadline,
        provider: row.providerId,
        providerName: row.providerName,
        source: row.bookingSource,
      },
      other: otherId ? {
        id: otherId,
        name: person ? person.getString("name") : "",
        avatar: person ? person.getString("avatar") : "",
        online: !!online[otherId],
      } : null,
      last: lastMessage(messages[row.lastId]),
      unread: row.unread,
      blockedByMe: others[i].some((id) => !!blocks.byMe[id]),
      blockedMe: others[i].some((id) => !!blocks.me[id]),
    }
  })
}

module.exports = { inbox, MAX_ROWS }
