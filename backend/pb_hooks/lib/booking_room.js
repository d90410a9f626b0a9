// Opens the chat of a new booking: the room (with the booking's id), one
// room_members row per participant, a welcome `system` message and the
// "booking received" `booking_update` message. Called with the transaction
// app of the booking create, so either everything is written or nothing.

function openRoom(txApp, booking, provider, nowMs) {
  const ids = require(`${__hooks}/lib/ids.js`)
  const time = require(`${__hooks}/lib/time.js`)
  const timeline = require(`${__hooks}/lib/timeline.js`)
  const rules = require(`${__hooks}/lib/bookings.js`)

  const customerId = booking.getString("customer")
  const providerUserId = provider.getString("user")
  const participants = [customerId]
  if (providerUserId && providerUserId !== customerId) participants.push(providerUserId)

  const room = new Record(txApp.findCollectionByNameOrId("rooms"))
  // The room shares the booking's id: the client knows it before any answer.
  room.set("id", booking.id)
  room.set("booking", booking.id)
  room.set("participants", participants)
  room.set("lastMessageAt", time.toPbDate(nowMs))
  txApp.save(room)

  const members = txApp.findCollectionByNameOrId("room_members")
  for (const userId of participants) {
    const member = new Record(members)
    member.set("room", room.id)
    member.set("user", userId)
    txApp.save(member)
  }

  const providerName = provider.getString("name")
  const [welcomeId, receivedId] = ids.orderedIds(2)
  timeline.addServerMessage(txApp, room.id, "system",
    `Welcome! This chat connects you with ${providerName} for your booking. ` +
    "Use it to agree on the details of your session.",
    { id: welcomeId, createdMs: nowMs })
  timeline.addServerMessage(txApp, room.id, "booking_update",
    rules.statusText("Pending", booking, providerName),
    { id: receivedId, createdMs: nowMs + 1 })

  return room
}

module.exports = { openRoom }
