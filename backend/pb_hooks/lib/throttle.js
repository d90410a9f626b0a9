// A tiny in-memory "one event per interval" limiter kept in the app store,
// shared by all hook runtimes of this process. Entries older than a minute
// are swept by the cron in throttle_sweep.pb.js.

const PREFIX = "janji.throttle."

/**
 * Takes the slot for `key` if the last one was at least `intervalMs` ago and
 * returns 0; otherwise returns how many milliseconds are left to wait.
 */
function take(app, key, intervalMs) {
  const now = Date.now()
  let wait = 0
  app.store().setFunc(PREFIX + key, (last) => {
    if (last && now - last < intervalMs) {
      wait = intervalMs - (now - last)
      return last
    }
    return now
  })
  return wait
}

/** Forgets slots older than `maxAgeMs`. */
function sweep(app, maxAgeMs) {
  const store = app.store()
  const keys = store.keys()
  const cutoff = Date.now() - maxAgeMs
  for (let i = 0; i < keys.length; i++) {
    const key = String(keys[i])
    if (key.indexOf(PREFIX) === 0 && store.get(key) < cutoff) store.remove(key)
  }
}

module.exports = { take, sweep }
