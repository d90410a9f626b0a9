/// <reference path="../pb_data/types.d.ts" />

// Runs the booking expiry every minute, and on demand for superusers (tests
// and operators need not wait for the next minute).
cronAdd("janji_expire_bookings", "* * * * *", () => {
  const { expireDue } = require(`${__hooks}/lib/expiry.js`)
  const expired = expireDue($app)
  if (expired.length > 0) {
    $app.logger().info("Expired bookings", "count", expired.length)
  }
})

// POST /api/janji/expire-now answers {"expired": [ids]}.
routerAdd("POST", "/api/janji/expire-now", (e) => {
  const { expireDue } = require(`${__hooks}/lib/expiry.js`)
  return e.json(200, { expired: expireDue(e.app) })
}, $apis.requireSuperuserAuth())
