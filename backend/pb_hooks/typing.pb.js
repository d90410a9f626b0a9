/// <reference path="../pb_data/types.d.ts" />

// POST /api/janji/typing/{room}: "I am typing" (DESIGN §7).
//
// Broadcasts {"user", "name", "at"} to typing/<room> and answers 204. Only
// participants may type (403 otherwise; also 403 for a user blocked by the
// other participant), and at most once per 2 s per user and room (429 with
// Retry-After otherwise). Nothing is stored in the database.
routerAdd("POST", "/api/janji/typing/{room}", (e) => {
  const rooms = require(`${__hooks}/lib/rooms.js`)
  const realtime = require(`${__hooks}/lib/realtime.js`)
  const throttle = require(`${__hooks}/lib/throttle.js`)

  const roomId = e.request.pathValue("room")
  const user = e.auth
  if (!rooms.isParticipant(e.app, roomId, user.id)) {
    throw new ForbiddenError("You are not a participant of this chat.")
  }
  if (rooms.isBlockedInRoom(e.app, roomId, user.id)) {
    throw require(`${__hooks}/lib/errors.js`).blocked("You can't write in this chat: the other person has blocked you.")
  }

  const waitMs = throttle.take(e.app, `typing:${user.id}:${roomId}`, 2000)
  if (waitMs > 0) {
    e.response.header().set("Retry-After", String(Math.ceil(waitMs / 1000)))
    throw new TooManyRequestsError("Typing events are limited to one every 2 seconds.")
  }

  realtime.publish(e.app, [{
    topic: realtime.topics.typing(roomId),
    payload: { user: user.id, name: user.getString("name"), at: new Date().toISOString() },
  }])
  return e.noContent(204)
}, $apis.requireAuth("users"))
