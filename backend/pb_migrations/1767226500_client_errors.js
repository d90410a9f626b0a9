/// <reference path="../pb_data/types.d.ts" />

// Error reports sent by browsers (DESIGN §9), so admins see errors from all users.
//
// Anyone may create one, even signed out (errors happen before sign-in too);
// the built-in rate limiter caps the volume. Only admins read them, and
// nobody changes or deletes them through the API.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_client_errors",
    type: "base",
    name: "client_errors",
    listRule: '@request.auth.role = "admin"',
    viewRule: '@request.auth.role = "admin"',
    // A reporter may name themself but nobody else; the hook fills it in.
    createRule: '@request.body.user:isset = false || @request.body.user = "" || @request.body.user = @request.auth.id',
    updateRule: null,
    deleteRule: null,
    fields: [
      { name: "severity", type: "select", required: true, maxSelect: 1, values: ["critical", "error", "warning", "info"] },
      {
        name: "category",
        type: "select",
        required: true,
        maxSelect: 1,
        values: ["booking", "chat", "auth", "backend", "network", "storage", "ui"],
      },
      { name: "operation", type: "text", max: 200 },
      { name: "message", type: "text", required: true, max: 2000 },
      { name: "correlationId", type: "text", max: 100 },
      { name: "status", type: "number", onlyInt: true, min: 0, max: 999 },
      { name: "route", type: "text", max: 500 },
      { name: "appVersion", type: "text", max: 50 },
      { name: "context", type: "json", maxSize: 16384 },
      { name: "count", type: "number", onlyInt: true, min: 1 },
      { name: "occurredAt", type: "date" },
      { name: "user", type: "relation", collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: false },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE INDEX `idx_client_errors_created` ON `client_errors` (`created`)",
      "CREATE INDEX `idx_client_errors_severity_category` ON `client_errors` (`severity`, `category`)",
      "CREATE INDEX `idx_client_errors_correlation` ON `client_errors` (`correlationId`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("client_errors"))
})
