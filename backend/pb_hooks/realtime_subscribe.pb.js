/// <reference path="../pb_data/types.d.ts" />

// Guards the custom realtime topics at subscribe time (checked once, not per event):
//   chat/<roomId>, typing/<roomId>  -> the signed-in user takes part in the room;
//   user/<userId>                   -> the signed-in user is that user.
// One forbidden topic refuses the whole request with 403 and keeps the
// client's previous subscriptions. Other topics (collection/*, record
// topics) pass through unchanged; PocketBase applies the API rules to them.
onRealtimeSubscribeRequest((e) => {
  if (e.hasSuperuserAuth()) return e.next()

  const { parseTopic } = require(`${__hooks}/lib/realtime.js`)
  const rooms = require(`${__hooks}/lib/rooms.js`)

  const auth = e.auth
  const userId = auth && auth.collection().name === "users" ? auth.id : ""

  const subs = e.subscriptions
  for (let i = 0; i < subs.length; i++) {
    const sub = subs[i]
    const topic = parseTopic(sub)
    if (!topic) continue

    const allowed = topic.kind === "user"
      ? userId !== "" && topic.id === userId
      : userId !== "" && rooms.isParticipant(e.app, topic.id, userId)

    if (!allowed) {
      throw new ForbiddenError(`You cannot subscribe to ${String(sub).split("?")[0]}.`)
    }
  }

  e.next()
})
