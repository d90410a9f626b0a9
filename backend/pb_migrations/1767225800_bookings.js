/// <reference path="../pb_data/types.d.ts" />

// A customer's request for a session with a provider.
//
// The create hook (pb_hooks/bookings_create.pb.js) forces the server-owned
// fields and recomputes the price; the update hook (bookings_status.pb.js)
// allows only the status transitions of the booking flow. The rules here are
// the outer fence: who may see a booking at all and who may try to change it.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_bookings",
    type: "base",
    name: "bookings",
    listRule: 'customer = @request.auth.id || (provider.user != "" && provider.user = @request.auth.id) || @request.auth.role = "admin"',
    viewRule: 'customer = @request.auth.id || (provider.user != "" && provider.user = @request.auth.id) || @request.auth.role = "admin"',
    // Only signed-in customers book, and only for themselves.
    createRule: '@request.auth.id != "" && @request.auth.collectionName = "users" && @request.auth.role = "customer"' +
      ' && (@request.body.customer:isset = false || @request.body.customer = @request.auth.id)',
    updateRule: 'customer = @request.auth.id || (provider.user != "" && provider.user = @request.auth.id)',
    deleteRule: null,
    fields: [
      { name: "customer", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 1, cascadeDelete: false },
      { name: "provider", type: "relation", required: true, collectionId: "jnj_providers", maxSelect: 1, cascadeDelete: false },
      {
        name: "status",
        type: "select",
        required: true,
        maxSelect: 1,
        values: ["Pending", "Accepted", "Declined", "Expired", "Cancelled", "Completed"],
      },
      { name: "minutes", type: "number", required: true, onlyInt: true, min: 1, max: 1440 },
      { name: "price", type: "number", required: true, onlyInt: true, min: 0 },
      {
        name: "source",
        type: "select",
        required: true,
        maxSelect: 1,
        values: ["bookingButton", "chatWindow", "menuSlider", "scheduled", "priceSlider", "direct"],
      },
      { name: "chatWindowOpen", type: "bool" },
      { name: "mode", type: "select", required: true, maxSelect: 1, values: ["immediate", "scheduled"] },
      { name: "scheduledAt", type: "date" },
      { name: "customerName", type: "text", required: true, min: 2, max: 80 },
      { name: "customerWhatsApp", type: "text", required: true, pattern: "^\\+[1-9][0-9]{7,14}$" },
      { name: "responseDeadline", type: "date" },
      { name: "respondedAt", type: "date" },
      { name: "declineReason", type: "text", max: 500 },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE INDEX `idx_bookings_customer_created` ON `bookings` (`customer`, `created`)",
      "CREATE INDEX `idx_bookings_provider_created` ON `bookings` (`provider`, `created`)",
      // The expiry job scans Pending bookings by deadline.
      "CREATE INDEX `idx_bookings_status_deadline` ON `bookings` (`status`, `responseDeadline`)",
      "CREATE INDEX `idx_bookings_created_source` ON `bookings` (`created`, `source`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("bookings"))
})
