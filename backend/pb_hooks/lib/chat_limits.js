// Per-user limits on chat writes (DESIGN §5), counted by the sliding-window
// limiter in throttle.js.
//
// PocketBase's own limiter counts per client IP: it cannot tell two people
// behind one address apart, nor stop one person who changes address. These
// limits follow the signed-in user instead. Superusers are never limited (the
// seed writes through the batch API as superuser), and a request without a
// user is left to the collection's create rule, which refuses it.

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const ACTIONS = {
  message: {
    what: "send",
    noun: "messages",
    limits: [
      { max: 30, windowMs: MINUTE, per: "a minute" },
      { max: 300, windowMs: HOUR, per: "an hour" },
      { max: 2000, windowMs: DAY, per: "a day" },
    ],
  },
  reaction: { what: "add", noun: "reactions", limits: [{ max: 100, windowMs: MINUTE, per: "a minute" }] },
  edit: { what: "edit", noun: "messages", limits: [{ max: 20, windowMs: MINUTE, per: "a minute" }] },
  delete: { what: "delete", noun: "messages", limits: [{ max: 10, windowMs: MINUTE, per: "a minute" }] },
}

/**
 * "61 s", "95 min" or "3 h 5 min": rounded up, so that the user never retries
 * too early, and never by more than a minute, so the promise stays close.
 */
function humanWait(seconds) {
  if (seconds < 120) return `${seconds} s`
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 120) return `${minutes} min`
  const rest = minutes % 60
  return `${Math.floor(minutes / 60)} h` + (rest > 0 ? ` ${rest} min` : "")
}

function nothing() {}

/**
 * Counts one `action` ("message", "reaction", "edit" or "delete") for the
 * signed-in user of the request event `e`.
 *
 * When a limit is reached it sets `Retry-After` (whole seconds, rounded up)
 * and throws a 429 that names the limit, e.g. "You can send 30 messages a
 * minute. Try again in 12 s."; nothing is counted then. Otherwise it returns
 * a function that gives the event back: call it when the write fails after
 * all, so that only writes that happen use up the quota.
 */
function take(e, action) {
  if (e.hasSuperuserAuth() || !e.auth) return nothing

  const throttle = require(`${__hooks}/lib/throttle.js`)
  const { what, noun, limits } = ACTIONS[action]
  const key = `chat:${action}:${e.auth.id}`

  const taken = throttle.takeWindow(e.app, key, limits)
  if (taken.waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(taken.waitMs / 1000))
    // Record request hooks reach the response through e.requestEvent (their
    // e.response is unset); a route's event carries it itself.
    const response = e.requestEvent ? e.requestEvent.response : e.response
    response.header().set("Retry-After", String(seconds))
    throw new TooManyRequestsError(
      `You can ${what} ${taken.limit.max} ${noun} ${taken.limit.per}. Try again in ${humanWait(seconds)}.`)
  }
  return () => throttle.releaseWindow(e.app, key, limits, taken.at)
}

/**
 * Runs `write` with one `action` counted (see take), giving the event back
 * if `write` throws. Use it around e.next() after the cheap checks, so that
 * invalid or refused requests do not count.
 */
function counted(e, action, write) {
  const release = take(e, action)
  try {
    return write()
  } catch (err) {
    release()
    throw err
  }
}

/**
 * Like counted, for a create, except that a create whose client-made id is
 * stored already is not counted: it is a retry of a write that happened (an
 * outbox resending), it writes nothing, and it must still get its "already
 * exists" answer rather than a 429 so that the client can mark it done.
 */
function countedCreate(e, action, write) {
  if (e.hasSuperuserAuth() || !e.auth) return write()
  const id = e.record.id
  let stored = false
  if (id !== "") {
    try {
      e.app.findRecordById(e.record.collection().id, id)
      stored = true
    } catch (_) {
      // Not stored yet: a new write.
    }
  }
  return stored ? write() : counted(e, action, write)
}

module.exports = { take, counted, countedCreate, ACTIONS }
