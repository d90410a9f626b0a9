/// <reference path="../pb_data/types.d.ts" />

// Feeds the custom realtime topics from after-success record hooks; see
// lib/feed.js for what goes where. (Each handler runs in its own runtime, so
// the shared code is loaded with require inside it.)

onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "message", "create"), "messages")
onRecordAfterUpdateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "message", "update"), "messages")
onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "reaction", "create"), "reactions")
onRecordAfterDeleteSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "reaction", "delete"), "reactions")
onRecordAfterUpdateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "member", "update"), "room_members")
onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "block", "create"), "blocks")
onRecordAfterDeleteSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "block", "delete"), "blocks")
onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "booking", "create"), "bookings")
onRecordAfterUpdateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "booking", "update"), "bookings")
onRecordAfterCreateSuccess((e) => require(`${__hooks}/lib/feed.js`).handle(e, "room", "create"), "rooms")
