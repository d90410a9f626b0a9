/// <reference path="../pb_data/types.d.ts" />

// Lets a user see the people they share a room with (names and avatars in
// the chat header and inbox), and nobody else. Nobody can list all users.
//
// The two aliased joins on room_members find a room with one row for the
// viewer and one row for the viewed user.
migrate((app) => {
  const users = app.findCollectionByNameOrId("users")
  const rule = "id = @request.auth.id || (" +
    "@request.auth.id != \"\"" +
    " && @collection.room_members:mine.user ?= @request.auth.id" +
    " && @collection.room_members:theirs.user ?= id" +
    " && @collection.room_members:theirs.room ?= @collection.room_members:mine.room" +
    ")"
  users.listRule = rule
  users.viewRule = rule
  app.save(users)
}, (app) => {
  const users = app.findCollectionByNameOrId("users")
  users.listRule = "id = @request.auth.id"
  users.viewRule = "id = @request.auth.id"
  app.save(users)
})
