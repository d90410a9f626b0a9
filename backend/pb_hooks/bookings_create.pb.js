/// <reference path="../pb_data/types.d.ts" />

// Booking create (DESIGN §4 and §6).
//
// The request hook checks what a client sends: the server owns status,
// customer, responseDeadline, respondedAt and declineReason, recomputes the
// price and re-derives the source.
//
// The save hook then writes the booking, its room, the room members and the
// two opening messages in ONE transaction: if any part fails, nothing is
// written (a repeated create with the same client id fails on the id and
// leaves no second room behind). It sits on the save rather than on the
// request so that the room exists before anything else runs: in a batch, the
// next requests (e.g. a first message into the new room) run inside the
// request's e.next().
onRecordCreateRequest((e) => {
  const rules = require(`${__hooks}/lib/bookings.js`)
  const time = require(`${__hooks}/lib/time.js`)

  const booking = e.record
  const nowMs = Date.now()

  if (!e.hasSuperuserAuth()) {
    const auth = e.auth
    if (!auth || auth.collection().name !== "users" || auth.getString("role") !== "customer") {
      throw new ForbiddenError("Only customers can book.")
    }
    booking.set("customer", auth.id)
  }

  booking.set("customerName", booking.getString("customerName").trim())
  booking.set("status", "Pending")
  booking.set("respondedAt", "")
  booking.set("declineReason", "")
  // `created` is pinned to the same instant so the deadline is exactly created + 15 min.
  booking.setRaw("created", new DateTime(time.toPbDate(nowMs)))
  booking.set("responseDeadline", time.toPbDate(nowMs + rules.RESPONSE_WINDOW_MS))

  rules.checkNewBooking(e.app, booking, nowMs)

  e.next()
}, "bookings")

onRecordCreate((e) => {
  const time = require(`${__hooks}/lib/time.js`)
  const { withTx } = require(`${__hooks}/lib/tx.js`)
  const { openRoom } = require(`${__hooks}/lib/booking_room.js`)

  withTx(e, (txApp) => {
    e.next()
    const booking = e.record
    const provider = txApp.findRecordById("providers", booking.getString("provider"))
    openRoom(txApp, booking, provider, time.fieldMillis(booking, "created"))
  })
}, "bookings")
