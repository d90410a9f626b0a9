/// <reference path="../pb_data/types.d.ts" />

// Server-set warnings on a message (DESIGN §7): spam patterns (a character
// repeated many times, more than five links) and suspicious links (a bare IP
// address, a punycode look-alike host, a URL shortener). The message hooks
// compute them on every create and edit (lib/flags.js); clients cannot set
// them. Readers see a warning next to a flagged message.
migrate((app) => {
  const collection = app.findCollectionByNameOrId("messages")
  collection.fields.add(new JSONField({ name: "flags", maxSize: 2000 }))
  app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("messages")
  collection.fields.removeByName("flags")
  app.save(collection)
})
