/// <reference path="../pb_data/types.d.ts" />

// GET /api/janji/inbox answers {"items": [row, …]}: the signed-in user's
// rooms, newest activity first, at most 100 (see lib/inbox.js). With
// ?room=<id> it answers that room's row alone, for an inbox that heard of a
// change on its user topic; 404 when the room does not exist or the user
// does not take part in it (one answer for both, so room ids cannot be probed).
routerAdd("GET", "/api/janji/inbox", (e) => {
  const { inbox } = require(`${__hooks}/lib/inbox.js`)
  const roomId = e.request.url.query().get("room")
  if (roomId === "") return e.json(200, { items: inbox(e.app, e.auth.id) })

  const items = inbox(e.app, e.auth.id, roomId)
  if (items.length === 0) throw new NotFoundError("The requested resource wasn't found.")
  return e.json(200, { items: items })
}, $apis.requireAuth("users"))
