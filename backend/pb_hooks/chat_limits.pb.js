/// <reference path="../pb_data/types.d.ts" />

// Operator overrides of the per-user chat limits (see lib/chat_limits.js).
//
// A chat_limits record must hold usable windows, whoever saves it (API or
// admin UI): a bad list would silently leave the built-in limits in force.
// After every committed change the overrides in memory are reloaded, so the
// next message is counted against the new windows.
onRecordValidate((e) => {
  require(`${__hooks}/lib/chat_limits.js`).checkRecord(e.record)
  e.next()
}, "chat_limits")

onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/chat_limits.js`).afterChange(e), "chat_limits")
onRecordAfterUpdateSuccess((e) => require(`${__hooks}/lib/chat_limits.js`).afterChange(e), "chat_limits")
onRecordAfterDeleteSuccess((e) => require(`${__hooks}/lib/chat_limits.js`).afterChange(e), "chat_limits")

// GET /api/janji/limits answers the limits in force and the signed-in user's
// recent counts: {action: [{max, seconds, recent: [[agoMs, count], …]}]}.
routerAdd("GET", "/api/janji/limits", (e) => {
  return e.json(200, require(`${__hooks}/lib/chat_limits.js`).usage(e.app, e.auth.id))
}, $apis.requireAuth("users"))
