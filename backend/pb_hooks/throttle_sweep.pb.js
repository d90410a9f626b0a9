/// <reference path="../pb_data/types.d.ts" />

// Keeps the limiters' memory bounded: typing slots are dropped after a minute,
// a user's chat counts once their last event has left every window (for
// messages, after a day).
cronAdd("janji_throttle_sweep", "* * * * *", () => {
  require(`${__hooks}/lib/throttle.js`).sweep($app, 60 * 1000)
})
