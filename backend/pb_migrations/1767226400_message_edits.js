/// <reference path="../pb_data/types.d.ts" />

// Edit history: one row per edit with the body as it was before the edit.
//
// Written only by the message update hook, in the same transaction as the edit.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_message_edits",
    type: "base",
    name: "message_edits",
    listRule: "message.room.participants:each ?= @request.auth.id",
    viewRule: "message.room.participants:each ?= @request.auth.id",
    createRule: null,
    updateRule: null,
    deleteRule: null,
    fields: [
      { name: "message", type: "relation", required: true, collectionId: "jnj_messages", maxSelect: 1, cascadeDelete: true },
      { name: "previousBody", type: "text", max: 2000 },
      { name: "editedBy", type: "relation", collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: false },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE INDEX `idx_message_edits_message` ON `message_edits` (`message`, `created`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("message_edits"))
})
