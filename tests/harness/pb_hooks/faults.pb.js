/// <reference path="../pb_data/types.d.ts" />

// Test-only fault injection, loaded by the test harness next to the app's
// hooks and never shipped with them.
//
// POST /api/faults/drop-realtime/{user} (superusers only) ends every live
// realtime connection of a user on the server side, as a dropped network
// connection would; answers {"dropped": n}. With the browser offline at the
// same time, the client cannot reconnect until it comes back online.
routerAdd("POST", "/api/faults/drop-realtime/{user}", (e) => {
  const user = e.request.pathValue("user")
  const broker = e.app.subscriptionsBroker()
  const clients = broker.clients()
  let dropped = 0
  for (const id in clients) {
    const auth = clients[id].get("auth")
    const presenceUser = clients[id].get("janjiPresenceUser")
    if ((auth && auth.id === user) || presenceUser === user) {
      broker.unregister(id)
      dropped++
    }
  }
  return e.json(200, { dropped })
}, $apis.requireSuperuserAuth())
