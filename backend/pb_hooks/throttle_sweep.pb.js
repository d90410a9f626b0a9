/// <reference path="../pb_data/types.d.ts" />

// Keeps the typing limiter's memory bounded.
cronAdd("janji_throttle_sweep", "* * * * *", () => {
  require(`${__hooks}/lib/throttle.js`).sweep($app, 60 * 1000)
})
