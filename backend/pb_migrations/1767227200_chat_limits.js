/// <reference path="../pb_data/types.d.ts" />

// Operator overrides of the per-user chat limits (DESIGN §5).
//
// One record per action at most. When a record exists, its windows replace
// the built-in limits of that action (pb_hooks/lib/chat_limits.js); deleting
// it brings the built-in limits back. The hooks keep the overrides in memory
// and refresh them whenever a record changes, so counting a message never
// reads this table. Only superusers see or change it (admin UI or API).
migrate((app) => {
  const collection = new Collection({
    id: "jnj_chat_limits",
    type: "base",
    name: "chat_limits",
    listRule: null,
    viewRule: null,
    createRule: null,
    updateRule: null,
    deleteRule: null,
    fields: [
      {
        name: "action",
        type: "select",
        required: true,
        maxSelect: 1,
        values: ["message", "reaction", "edit", "delete"],
        presentable: true,
      },
      // A list of {max, seconds}: at most `max` events in any `seconds`. The
      // shape is checked by a hook because a json field has no schema.
      { name: "windows", type: "json", maxSize: 2000 },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX `idx_chat_limits_action` ON `chat_limits` (`action`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("chat_limits"))
})
