/// <reference path="../pb_data/types.d.ts" />

// Per-user state of a room: read and delivery receipts, mute and archive.
//
// Rows are made with the room. Members of a room see each other's rows (that
// is how read receipts reach the other side); each member may update only
// their own row, and a hook limits the update to the four state fields.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_room_members",
    type: "base",
    name: "room_members",
    listRule: "user = @request.auth.id || room.participants:each ?= @request.auth.id",
    viewRule: "user = @request.auth.id || room.participants:each ?= @request.auth.id",
    createRule: null,
    updateRule: "user = @request.auth.id" +
      " && @request.body.room:isset = false" +
      " && @request.body.user:isset = false",
    deleteRule: null,
    fields: [
      { name: "room", type: "relation", required: true, collectionId: "jnj_rooms", maxSelect: 1, cascadeDelete: true },
      { name: "user", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: true },
      { name: "lastReadAt", type: "date" },
      { name: "lastDeliveredAt", type: "date" },
      { name: "muted", type: "bool" },
      { name: "archived", type: "bool" },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX `idx_room_members_room_user` ON `room_members` (`room`, `user`)",
      "CREATE INDEX `idx_room_members_user` ON `room_members` (`user`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("room_members"))
})
