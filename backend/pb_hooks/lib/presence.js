// Presence (DESIGN §7): who has a live realtime connection.
//
// A connection counts for a user once it subscribes with that user's auth;
// the user id is kept on the connection (the PocketBase realtime client).
// "Online" is then read from the live connections themselves, so a user with
// two tabs stays online until the last one closes, and nothing has to be
// cleaned up after a crash or restart.
//
// On each change of the online state the server stamps users.lastSeenAt,
// sets providers.online for a provider's account, and sends a `presence`
// event to the chat topics of the user's rooms and to the user topics of the
// people who share a room with them.

const CLIENT_KEY = "janjiPresenceUser"

/** True when some live connection (other than ones already closed) belongs to the user. */
function isOnline(app, userId) {
  const clients = app.subscriptionsBroker().clients()
  for (const id in clients) {
    if (clients[id].get(CLIENT_KEY) === userId) return true
  }
  return false
}

/** The ids of all users online now, as an object used as a set (one pass over the connections). */
function onlineUsers(app) {
  const clients = app.subscriptionsBroker().clients()
  const online = {}
  for (const id in clients) {
    const userId = clients[id].get(CLIENT_KEY)
    if (userId) online[userId] = true
  }
  return online
}

/** Called after a subscribe request with auth succeeded. */
function connectionSignedIn(app, client, userId) {
  if (client.get(CLIENT_KEY) === userId) return
  const wasOnline = isOnline(app, userId)
  client.set(CLIENT_KEY, userId)
  if (!wasOnline) setPresence(app, userId, true)
}

/** Called after a realtime connection ended (the client is already unregistered). */
function connectionClosed(app, client) {
  const userId = client.get(CLIENT_KEY)
  if (!userId || isOnline(app, userId)) return
  setPresence(app, userId, false)
}

function setPresence(app, userId, online) {
  const time = require(`${__hooks}/lib/time.js`)
  const rooms = require(`${__hooks}/lib/rooms.js`)
  const realtime = require(`${__hooks}/lib/realtime.js`)

  const now = time.toPbDate(Date.now())
  let user
  try {
    user = app.findRecordById("users", userId)
  } catch (_) {
    return // The account was deleted meanwhile.
  }
  user.set("lastSeenAt", now)
  app.save(user)

  if (user.getString("role") === "provider") {
    const listings = app.findRecordsByFilter("providers", "user = {:user}", "", 1, 0, { user: userId })
    if (listings.length > 0 && listings[0].getBool("online") !== online) {
      listings[0].set("online", online)
      app.save(listings[0])
    }
  }

  const payload = {
    kind: "presence",
    action: "update",
    record: { user: userId, online: online, lastSeenAt: now },
  }
  const messages = []
  for (const roomId of rooms.roomIdsOf(app, userId)) {
    messages.push({ topic: realtime.topics.chat(roomId), payload: payload })
  }
  for (const other of rooms.contactsOf(app, userId)) {
    messages.push({ topic: realtime.topics.user(other), payload: payload })
  }
  realtime.publish(app, messages)
}

/** The presence of the participants of a room, for the chat header on open. */
function roomPresence(app, roomId) {
  const rooms = require(`${__hooks}/lib/rooms.js`)
  return (rooms.participants(app, roomId) || []).map((userId) => {
    let lastSeenAt = ""
    try {
      lastSeenAt = app.findRecordById("users", userId).getString("lastSeenAt")
    } catch (_) {
      // A deleted account shows as offline with no time.
    }
    return { user: userId, online: isOnline(app, userId), lastSeenAt: lastSeenAt }
  })
}

module.exports = { isOnline, onlineUsers, connectionSignedIn, connectionClosed, roomPresence }
