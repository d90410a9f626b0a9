/// <reference path="../pb_data/types.d.ts" />

// Chat messages.
//
// Clients may only post `text` messages as themselves into rooms they take
// part in; `system` and `booking_update` messages are made by the server.
// The message hooks (pb_hooks/messages_*.pb.js) trim and check the body,
// check replies and blocks, and turn updates into edits (with history) or
// soft deletes. Hard deletes are not allowed through the API.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_messages",
    type: "base",
    name: "messages",
    listRule: "room.participants:each ?= @request.auth.id",
    viewRule: "room.participants:each ?= @request.auth.id",
    createRule: '@request.auth.id != "" && @request.auth.collectionName = "users"' +
      " && sender = @request.auth.id" +
      " && room.participants:each ?= @request.auth.id" +
      ' && (@request.body.kind:isset = false || @request.body.kind = "text")' +
      " && @request.body.editedAt:isset = false" +
      " && @request.body.deletedAt:isset = false",
    updateRule: 'sender = @request.auth.id && kind = "text"' +
      " && room.participants:each ?= @request.auth.id",
    deleteRule: null,
    fields: [
      { name: "room", type: "relation", required: true, collectionId: "jnj_rooms", maxSelect: 1, cascadeDelete: true },
      // Empty for server-made messages.
      { name: "sender", type: "relation", collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: false },
      { name: "kind", type: "select", required: true, maxSelect: 1, values: ["text", "system", "booking_update"] },
      // The hook trims first, so the limit applies to the trimmed text.
      { name: "body", type: "text", max: 2000 },
      {
        name: "images",
        type: "file",
        maxSelect: 4,
        maxSize: 5 * 1024 * 1024,
        mimeTypes: ["image/jpeg", "image/png", "image/webp", "image/gif"],
        thumbs: ["100x100", "480x0"],
      },
      { name: "editedAt", type: "date" },
      { name: "deletedAt", type: "date" },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      // Serves the cursor query
      // room='R' && created <= 'C' && (created < 'C' || id < 'I'), sort=-created,-id.
      "CREATE INDEX `idx_messages_room_created_id` ON `messages` (`room`, `created`, `id`)",
    ],
  })
  app.save(collection)

  // A relation to its own collection can only be added once the collection exists.
  collection.fields.add(new RelationField({
    name: "replyTo",
    collectionId: "jnj_messages",
    maxSelect: 1,
    cascadeDelete: false,
  }))
  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("messages"))
})
