/// <reference path="../pb_data/types.d.ts" />

// Sign-up and profile rules for `users` that API rules cannot express alone.
//
// The create rule already refuses any role but "customer"; this fills in the
// role when the sign-up form leaves it out, and keeps presence fields server-made.
onRecordCreateRequest((e) => {
  if (!e.hasSuperuserAuth()) {
    e.record.set("role", "customer")
    e.record.set("lastSeenAt", "")
  } else if (e.record.getString("role") === "") {
    e.record.set("role", "customer")
  }
  e.record.set("name", e.record.getString("name").trim())
  e.next()
}, "users")

// A second line behind the update rule: only a superuser changes a role.
onRecordUpdateRequest((e) => {
  if (!e.hasSuperuserAuth()) {
    const errors = require(`${__hooks}/lib/errors.js`)
    const original = e.record.original()
    if (e.record.getString("role") !== original.getString("role")) {
      throw errors.fieldError("role", "validation_forbidden", "You cannot change your role.")
    }
    e.record.set("lastSeenAt", original.getString("lastSeenAt"))
  }
  e.next()
}, "users")
