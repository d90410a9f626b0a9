/// <reference path="../pb_data/types.d.ts" />

// "blocker does not want to hear from blocked".
//
// A blocked user cannot post, react or type into a room shared with the
// blocker (checked by the message, reaction and typing hooks, which answer
// 403 with a clear message). Only the blocker sees and removes the block.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_blocks",
    type: "base",
    name: "blocks",
    listRule: "blocker = @request.auth.id",
    viewRule: "blocker = @request.auth.id",
    createRule: '@request.auth.id != "" && @request.auth.collectionName = "users"' +
      " && blocker = @request.auth.id && blocked != @request.auth.id",
    updateRule: null,
    deleteRule: "blocker = @request.auth.id",
    fields: [
      { name: "blocker", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: true },
      { name: "blocked", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: true },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX `idx_blocks_pair` ON `blocks` (`blocker`, `blocked`)",
      "CREATE INDEX `idx_blocks_blocked` ON `blocks` (`blocked`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("blocks"))
})
