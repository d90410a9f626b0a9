/// <reference path="../pb_data/types.d.ts" />

// Error reports from browsers: the reporter is whoever is signed in (or
// nobody), never a user named in the body; a missing count or time is filled in.
onRecordCreateRequest((e) => {
  const time = require(`${__hooks}/lib/time.js`)
  const report = e.record

  if (!e.hasSuperuserAuth()) {
    const auth = e.auth
    report.set("user", auth && auth.collection().name === "users" ? auth.id : "")
  }
  if (report.getInt("count") < 1) report.set("count", 1)
  if (report.getString("occurredAt") === "") report.set("occurredAt", time.toPbDate(Date.now()))

  e.next()
}, "client_errors")
