// Expires Pending bookings whose response deadline has passed.
//
// Each booking gets its own transaction in which its status is read again:
// a booking the provider accepted a moment ago is left alone, never
// overwritten. Returns the ids it expired.

const BATCH = 200

function expireDue(app) {
  const time = require(`${__hooks}/lib/time.js`)
  const rules = require(`${__hooks}/lib/bookings.js`)
  const timeline = require(`${__hooks}/lib/timeline.js`)

  const now = time.toPbDate(Date.now())
  const due = app.findRecordsByFilter(
    "bookings",
    "status = 'Pending' && responseDeadline != '' && responseDeadline < {:now}",
    "responseDeadline",
    BATCH,
    0,
    { now: now },
  )

  const expired = []
  for (let i = 0; i < due.length; i++) {
    const candidate = due[i]
    app.runInTransaction((txApp) => {
      const booking = txApp.findRecordById("bookings", candidate.id)
      if (booking.getString("status") !== "Pending") return
      if (booking.getString("responseDeadline") >= time.toPbDate(Date.now())) return

      booking.set("status", "Expired")
      txApp.save(booking)

      if (txApp.countRecords("rooms", $dbx.hashExp({ id: booking.id })) > 0) {
        const provider = txApp.findRecordById("providers", booking.getString("provider"))
        timeline.addServerMessage(txApp, booking.id, "booking_update",
          rules.statusText("Expired", booking, provider.getString("name")))
      }
      expired.push(booking.id)
    })
  }
  return expired
}

module.exports = { expireDue }
