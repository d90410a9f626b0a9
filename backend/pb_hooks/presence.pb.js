/// <reference path="../pb_data/types.d.ts" />

// Presence from realtime connections (see lib/presence.js).

// A connection becomes a user's once its subscribe request with auth is
// accepted (EventSource cannot send an Authorization header when it connects,
// so the auth arrives with the subscribe request).
onRealtimeSubscribeRequest((e) => {
  e.next()

  const auth = e.auth
  if (auth && auth.collection().name === "users") {
    try {
      require(`${__hooks}/lib/presence.js`).connectionSignedIn(e.app, e.client, auth.id)
    } catch (err) {
      e.app.logger().warn("Presence update failed", "error", String(err))
    }
  }
})

// e.next() returns only when the connection has ended; by then PocketBase
// has unregistered the client, so the remaining connections tell whether
// the user is still online in another tab.
onRealtimeConnectRequest((e) => {
  try {
    e.next()
  } finally {
    try {
      require(`${__hooks}/lib/presence.js`).connectionClosed(e.app, e.client)
    } catch (err) {
      e.app.logger().warn("Presence update failed", "error", String(err))
    }
  }
})

// GET /api/janji/presence/{room} answers the participants' presence when a
// chat opens: [{"user", "online", "lastSeenAt"}]. Participants only.
routerAdd("GET", "/api/janji/presence/{room}", (e) => {
  const rooms = require(`${__hooks}/lib/rooms.js`)
  const presence = require(`${__hooks}/lib/presence.js`)
  const roomId = e.request.pathValue("room")
  if (!rooms.isParticipant(e.app, roomId, e.auth.id)) {
    throw new ForbiddenError("You are not a participant of this chat.")
  }
  return e.json(200, presence.roomPresence(e.app, roomId))
}, $apis.requireAuth("users"))
