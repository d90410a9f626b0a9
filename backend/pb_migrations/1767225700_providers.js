/// <reference path="../pb_data/types.d.ts" />

// Therapists and places that customers can book.
//
// Anyone (even signed out) may browse them. Records are made by the seed or by
// a superuser; the linked provider user may edit their own listing but not the
// fields the server owns (the link itself, the rating and the online flag).
migrate((app) => {
  const collection = new Collection({
    id: "jnj_providers",
    type: "base",
    name: "providers",
    listRule: "",
    viewRule: "",
    createRule: null,
    updateRule: 'user != "" && user = @request.auth.id' +
      " && @request.body.user:isset = false" +
      " && @request.body.rating:isset = false" +
      " && @request.body.online:isset = false",
    deleteRule: null,
    fields: [
      {
        name: "user",
        type: "relation",
        collectionId: "_pb_users_auth_",
        maxSelect: 1,
        cascadeDelete: false,
      },
      { name: "name", type: "text", required: true, min: 2, max: 120, presentable: true },
      { name: "kind", type: "select", required: true, maxSelect: 1, values: ["therapist", "place"] },
      // Rich text from the provider: the client must sanitize it before display.
      { name: "bio", type: "editor", maxSize: 20000, convertURLs: false },
      {
        name: "photo",
        type: "file",
        maxSelect: 1,
        maxSize: 5 * 1024 * 1024,
        mimeTypes: ["image/jpeg", "image/png", "image/webp", "image/gif"],
        thumbs: ["100x100", "480x0"],
      },
      // A list of {minutes, price} with whole minutes and whole rupiah (IDR);
      // the shape is checked by a hook because a json field has no schema.
      { name: "services", type: "json", maxSize: 10000 },
      { name: "rating", type: "number", min: 0, max: 5 },
      { name: "online", type: "bool" },
      // An IANA zone name such as Asia/Jakarta, used to show scheduled times.
      { name: "timezone", type: "text", required: true, max: 64, pattern: "^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$" },
      { name: "city", type: "text", required: true, max: 80 },
      { name: "created", type: "autodate", onCreate: true, onUpdate: false },
      { name: "updated", type: "autodate", onCreate: true, onUpdate: true },
    ],
    indexes: [
      // One listing per provider account; listings without an account are allowed.
      "CREATE UNIQUE INDEX `idx_providers_user` ON `providers` (`user`) WHERE `user` != ''",
      "CREATE INDEX `idx_providers_kind_city` ON `providers` (`kind`, `city`)",
    ],
  })

  app.save(collection)
}, (app) => {
  app.delete(app.findCollectionByNameOrId("providers"))
})
