/// <reference path="../pb_data/types.d.ts" />

// Emoji reactions on messages, one row per (message, user, emoji).
//
// Toggling a reaction off is a delete of one's own row.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_reactions",
    type: "base",
    name: "reactions",
    listRule: "message.room.participants:each ?= @request.auth.id",
    viewRule: "message.room.participants:each ?= @request.auth.id",
    createRule: '@request.auth.id != "" && @request.auth.collectionName = "users"' +
      " && user = @request.auth.id" +
      " && message.room.participants:each ?= @request.auth.id",
    updateRule: null,
    deleteRule: "user = @request.auth.id",
    fields: [
      { name: "message", type: "relation", required: true, collectionId: "jnj_messages", maxSelect: 1, cascadeDelete: true },
      { name: "user", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: true },
      // One emoji, which may be several code points (skin tones, ZWJ sequences).
      { name: "emoji", type: "text", required: true, min: 1, max: 16 },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX `idx_reactions_unique` ON `reactions` (`message`, `user`, `emoji`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("reactions"))
})
