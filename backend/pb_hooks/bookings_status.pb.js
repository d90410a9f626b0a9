/// <reference path="../pb_data/types.d.ts" />

// Booking status transitions (DESIGN §4, §6), checked by the server.
//
// Only `status` (and `declineReason` with a decline) may change after
// creation. The provider's user accepts or declines a Pending booking before
// its deadline and completes an Accepted one; the customer cancels a Pending
// or Accepted one; Declined, Expired, Cancelled and Completed are final.
// The check runs on the row as it is inside the transaction, so a booking the
// expiry job has just expired cannot be accepted from a stale copy. Each
// change adds a booking_update message to the room in the same transaction.
onRecordUpdateRequest((e) => {
  const rules = require(`${__hooks}/lib/bookings.js`)
  const errors = require(`${__hooks}/lib/errors.js`)
  const time = require(`${__hooks}/lib/time.js`)
  const timeline = require(`${__hooks}/lib/timeline.js`)
  const { withTx } = require(`${__hooks}/lib/tx.js`)

  const booking = e.record
  const isSuperuser = e.hasSuperuserAuth()
  const wanted = booking.getString("status")

  withTx(e, (txApp) => {
    const current = txApp.findRecordById("bookings", booking.id)
    const from = current.getString("status")

    if (!isSuperuser) {
      // Every field but status and declineReason keeps its stored value.
      const fields = booking.collection().fields
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i]
        const name = field.getName()
        if (name === "status" || name === "declineReason" || field.type() === "autodate") continue
        if (booking.getString(name) !== current.getString(name)) {
          throw errors.fieldError(name, "validation_read_only",
            `${name} cannot be changed after the booking is made.`)
        }
      }

      if (wanted === from) {
        // A retried request that already took effect: answer with the record, change nothing.
        booking.set("declineReason", current.getString("declineReason"))
        e.next()
        return
      }

      const allowed = (rules.TRANSITIONS[from] || {})[wanted]
      if (!allowed) {
        throw errors.fieldError("status", "validation_invalid_transition",
          `A ${from} booking cannot become ${wanted}.`)
      }

      const provider = txApp.findRecordById("providers", current.getString("provider"))
      const actor = e.auth ? e.auth.id : ""
      const isCustomer = actor !== "" && actor === current.getString("customer")
      const isProvider = actor !== "" && actor === provider.getString("user")
      if (allowed === "provider" && !isProvider) {
        throw new ForbiddenError(`Only the provider can change a ${from} booking to ${wanted}.`)
      }
      if (allowed === "customer" && !isCustomer) {
        throw new ForbiddenError("Only the customer can cancel a booking.")
      }

      if (from === "Pending" && (wanted === "Accepted" || wanted === "Declined")) {
        const deadline = time.fieldMillis(current, "responseDeadline")
        if (deadline !== null && Date.now() > deadline) {
          throw errors.fieldError("status", "validation_deadline_passed",
            "The time to respond to this booking has passed.")
        }
      }

      if (wanted === "Declined") {
        const reason = booking.getString("declineReason").trim()
        if (reason === "") {
          throw errors.fieldError("declineReason", "validation_required", "Please give a reason for declining.")
        }
        booking.set("declineReason", reason)
      } else {
        booking.set("declineReason", current.getString("declineReason"))
      }
    }

    if (from !== wanted && (wanted === "Accepted" || wanted === "Declined")) {
      booking.set("respondedAt", time.toPbDate(Date.now()))
    }

    e.next()

    if (from !== wanted && txApp.countRecords("rooms", $dbx.hashExp({ id: booking.id })) > 0) {
      const provider = txApp.findRecordById("providers", booking.getString("provider"))
      timeline.addServerMessage(txApp, booking.id, "booking_update",
        rules.statusText(wanted, booking, provider.getString("name")))
    }
  })
}, "bookings")
