/// <reference path="../pb_data/types.d.ts" />

// Extends the built-in `users` auth collection with the janji profile fields.
//
// The visibility rule (users see themselves and the people they share a room
// with) needs the chat collections, so it is set by a later migration; until
// then a user sees only themself.
migrate((app) => {
  const users = app.findCollectionByNameOrId("users")

  // The stock `name` field allows 0-255 characters; the sign-up form asks for 2-80.
  const name = users.fields.getByName("name")
  name.required = true
  name.min = 2
  name.max = 80

  // The stock avatar field accepts SVG, which can carry script; keep to raster images.
  const avatar = users.fields.getByName("avatar")
  avatar.mimeTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"]
  avatar.maxSize = 5 * 1024 * 1024
  avatar.thumbs = ["100x100"]

  users.fields.add(new SelectField({
    name: "role",
    required: true,
    maxSelect: 1,
    values: ["customer", "provider", "admin"],
  }))

  // Written only by the presence hooks; the update rule keeps clients away from it.
  users.fields.add(new DateField({ name: "lastSeenAt" }))

  // Sign-up may only make customers: the role may be left out (a hook fills in
  // "customer") or be exactly "customer".
  users.createRule = '@request.body.role:isset = false || @request.body.role = "customer"'

  // A user may edit their own profile but never their role or presence fields.
  users.updateRule = 'id = @request.auth.id' +
    ' && (@request.body.role:isset = false || @request.body.role = role)' +
    ' && @request.body.lastSeenAt:isset = false'

  users.listRule = 'id = @request.auth.id'
  users.viewRule = 'id = @request.auth.id'
  users.deleteRule = null

  app.save(users)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.fields.removeByName("role")
  users.fields.removeByName("lastSeenAt")
  users.createRule = ""
  users.updateRule = "id = @request.auth.id"
  users.listRule = "id = @request.auth.id"
  users.viewRule = "id = @request.auth.id"
  users.deleteRule = "id = @request.auth.id"
  app.save(users)
})
