/// <reference path="../pb_data/types.d.ts" />

// A conversation, one per booking (made by the booking-create hook, with the
// same id as its booking so the client can open it without a lookup).
//
// Clients never create, change or delete rooms. Note the `:each` in the rule:
// on a multi-relation, `participants ?= @request.auth.id` matches nothing in
// PocketBase 0.40.6, while `participants:each ?= @request.auth.id` works.
migrate((app) => {
  const collection = new Collection({
    id: "jnj_rooms",
    type: "base",
    name: "rooms",
    listRule: "participants:each ?= @request.auth.id",
    viewRule: "participants:each ?= @request.auth.id",
    createRule: null,
    updateRule: null,
    deleteRule: null,
    fields: [
      { name: "booking", type: "relation", collectionId: "jnj_bookings", maxSelect: 1, cascadeDelete: false },
      { name: "participants", type: "relation", required: true, collectionId: "_pb_users_auth_", maxSelect: 10, cascadeDelete: false },
      // Kept by the message hooks so the inbox can sort rooms by activity.
      { name: "lastMessageAt", type: "date" },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      "CREATE UNIQUE INDEX `idx_rooms_booking` ON `rooms` (`booking`) WHERE `booking` != ''",
      "CREATE INDEX `idx_rooms_last_message` ON `rooms` (`lastMessageAt`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("rooms"))
})
