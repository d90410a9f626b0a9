/// <reference path="../pb_data/types.d.ts" />

// Catching up after a reconnect (DESIGN §8): a client asks for a room's
// messages changed since a time, `room='R' && updated >= 'T'` sorted by
// `updated,id`. This index serves that read without scanning the room.
migrate((app) => {
  const collection = app.findCollectionByNameOrId("messages")
  collection.addIndex("idx_messages_room_updated_id", false, "`room`, `updated`, `id`", "")
  app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("messages")
  collection.removeIndex("idx_messages_room_updated_id")
  app.save(collection)
})
