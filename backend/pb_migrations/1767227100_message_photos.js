/// <reference path="../pb_data/types.d.ts" />

// Chat photos (DESIGN §7): the client re-encodes every photo to JPEG or WebP
// under 500,000 bytes before it uploads it, so the server accepts nothing
// else. That keeps stored files small and refuses the file types that could
// carry script (SVG, HTML) or that the client never makes (PNG, GIF).
//
// The files are protected: /api/files would want a file token in the URL, and
// the client never puts tokens in URLs. It fetches photos through
// GET /api/janji/photos/{message}/{file} with its usual Authorization header
// instead (pb_hooks/photos.pb.js), which checks that the caller takes part in
// the message's room. One thumb size fits the chat bubble's grid.
migrate((app) => {
  const collection = app.findCollectionByNameOrId("messages")
  const images = collection.fields.getByName("images")
  images.maxSelect = 4
  images.maxSize = 512000
  images.mimeTypes = ["image/jpeg", "image/webp"]
  images.thumbs = ["240x240"]
  images.protected = true
  app.save(collection)
}, (app) => {
  const collection = app.findCollectionByNameOrId("messages")
  const images = collection.fields.getByName("images")
  images.maxSelect = 4
  images.maxSize = 5 * 1024 * 1024
  images.mimeTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"]
  images.thumbs = ["100x100", "480x0"]
  images.protected = false
  app.save(collection)
})
