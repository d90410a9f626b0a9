// Custom realtime topics (DESIGN §4, "Realtime").
//
// Clients subscribe to chat/<roomId>, typing/<roomId> and user/<userId>
// through PocketBase's normal POST /api/realtime; realtime_subscribe.pb.js
// checks each such topic once, at subscribe time. Hooks then push events to
// exactly the clients subscribed to a topic, which costs no per-event rule
// query (unlike `messages/*` subscriptions).

const topics = {
  chat: (roomId) => `chat/${roomId}`,
  typing: (roomId) => `typing/${roomId}`,
  user: (userId) => `user/${userId}`,
}

/** Splits "chat/abc?options=..." into {kind: "chat", id: "abc"}; null for other topics. */
function parseTopic(subscription) {
  const topic = String(subscription).split("?")[0]
  const m = /^(chat|typing|user)\/([^/]*)$/.exec(topic)
  return m ? { kind: m[1], id: m[2] } : null
}

/** The record as the REST API shows it (hidden fields left out). */
function publicJson(record) {
  return JSON.parse(JSON.stringify(record))
}

/** The standard event body: {kind, action, record}. */
function recordEvent(kind, action, record) {
  return { kind: kind, action: action, record: publicJson(record) }
}

/**
 * Sends each {topic, payload} to the clients subscribed to that topic.
 * One pass over the connected clients serves all the messages. The SSE event
 * name is the subscription exactly as the client sent it (options included),
 * as PocketBase does for its own topics.
 */
function publish(app, messages) {
  if (!messages || messages.length === 0) return
  const clients = app.subscriptionsBroker().clients()

  const byTopic = {}
  for (const m of messages) {
    if (!byTopic[m.topic]) byTopic[m.topic] = []
    byTopic[m.topic].push(JSON.stringify(m.payload))
  }

  for (const clientId in clients) {
    const client = clients[clientId]
    const subs = client.subscriptions()
    for (const name in subs) {
      const list = byTopic[String(name).split("?")[0]]
      if (!list) continue
      for (const data of list) {
        client.send(new SubscriptionMessage({ name: name, data: data }))
      }
    }
  }
}

module.exports = { topics, parseTopic, publicJson, recordEvent, publish }
