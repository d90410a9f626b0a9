// Per-user limits on chat writes (DESIGN §5), counted by the sliding-window
// limiter in throttle.js.
//
// PocketBase's own limiter counts per client IP: it cannot tell two people
// behind one address apart, nor stop one person who changes address. These
// limits follow the signed-in user instead. Superusers are never limited (the
// seed writes through the batch API as superuser), and a request without a
// user is left to the collection's create rule, which refuses it.
//
// An operator may replace the built-in windows of an action with a record
// of the superuser-only `chat_limits` collection. The overrides are kept in
// the app store as JSON and reloaded by the hooks of that collection
// (chat_limits.pb.js) after every change, so counting a message never reads
// the database for them; the first request after a start loads them once.

const MINUTE = 60 * 1000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const OVERRIDES_KEY = "janji.chatLimits"

// What an override may say: a few windows, each at most a week long (the
// limiter keeps a user's counts for as long as their longest window).
const MAX_WINDOWS = 10
const MAX_SECONDS = 7 * 24 * 3600
const MAX_MAX = 1000000

/** "a minute", "an hour", "a day"; otherwise "in 90 s", "in 5 minutes", "in 2 days". */
function perText(seconds) {
  if (seconds === 60) return "a minute"
  if (seconds === 3600) return "an hour"
  if (seconds === 86400) return "a day"
  if (seconds % 86400 === 0) return `in ${seconds / 86400} days`
  if (seconds % 3600 === 0) return `in ${seconds / 3600} hours`
  if (seconds % 60 === 0) return `in ${seconds / 60} minutes`
  return `in ${seconds} s`
}

/** One limit as the limiter takes it: {max, windowMs}, and the words that name its window. */
function limit(max, seconds) {
  return { max: max, windowMs: seconds * 1000, per: perText(seconds) }
}

const ACTIONS = {
  message: {
    what: "send",
    noun: "messages",
    limits: [limit(30, MINUTE / 1000), limit(300, HOUR / 1000), limit(2000, DAY / 1000)],
  },
  reaction: { what: "add", noun: "reactions", limits: [limit(100, MINUTE / 1000)] },
  edit: { what: "edit", noun: "messages", limits: [limit(20, MINUTE / 1000)] },
  delete: { what: "delete", noun: "messages", limits: [limit(10, MINUTE / 1000)] },
}

/**
 * Why a `windows` value cannot be used, or "" when it can: a list of 1 to 10
 * {max, seconds} with whole numbers (max 1 to 1,000,000, seconds 1 to a
 * week) and no window length twice.
 */
function windowsProblem(windows) {
  if (!Array.isArray(windows) || windows.length === 0 || windows.length > MAX_WINDOWS) {
    return `Windows must be a list of 1 to ${MAX_WINDOWS} {max, seconds}.`
  }
  const seen = {}
  for (const w of windows) {
    const ok = w && typeof w === "object" &&
      Number.isInteger(w.max) && w.max >= 1 && w.max <= MAX_MAX &&
      Number.isInteger(w.seconds) && w.seconds >= 1 && w.seconds <= MAX_SECONDS
    if (!ok) {
      return `Each window is {max, seconds} with a whole max from 1 to ${MAX_MAX} and whole seconds from 1 to ${MAX_SECONDS}.`
    }
    if (seen[w.seconds]) return `The window of ${w.seconds} seconds is listed twice.`
    seen[w.seconds] = true
  }
  return ""
}

/** Throws a 400 on `windows` when a chat_limits record cannot be used. */
function checkRecord(record) {
  const errors = require(`${__hooks}/lib/errors.js`)
  let windows
  try {
    windows = JSON.parse(record.getString("windows") || "null")
  } catch (_) {
    windows = null
  }
  const problem = windowsProblem(windows)
  if (problem !== "") throw errors.fieldError("windows", "validation_invalid_windows", problem)
}

/** The overrides as stored in the database: {action: [{max, seconds}]}, usable ones only. */
function loadOverrides(app) {
  const out = {}
  let records
  try {
    records = app.findAllRecords("chat_limits")
  } catch (_) {
    return out // Before the migration that makes the collection: no overrides.
  }
  for (const record of records) {
    let windows
    try {
      windows = JSON.parse(record.getString("windows") || "null")
    } catch (_) {
      continue
    }
    if (windowsProblem(windows) === "") {
      out[record.getString("action")] = windows.map((w) => ({ max: w.max, seconds: w.seconds }))
    }
  }
  return out
}

/**
 * Reloads the overrides into the app store. The database is read outside
 * the store's lock: PocketBase keeps its own caches (collections) in the same
 * store, so a read inside setFunc or getOrSet would wait for itself forever.
 */
function refreshOverrides(app) {
  app.store().set(OVERRIDES_KEY, JSON.stringify(loadOverrides(app)))
}

/**
 * The after-success hook of a chat_limits change: reloads the overrides. A
 * failed reload is logged, never turned into a failed request: the record is
 * saved already, and the next change or restart loads it.
 */
function afterChange(e) {
  try {
    refreshOverrides(e.app)
  } catch (err) {
    e.app.logger().error("Reloading the chat limits failed", "error", String(err))
  }
  e.next()
}

/**
 * The overrides from the app store, loaded from the database on first use.
 * A first load that raced with a change keeps the value the change stored
 * meanwhile, never its own older one.
 */
function overrides(app) {
  const store = app.store()
  let json = store.get(OVERRIDES_KEY)
  if (!json) {
    const loaded = JSON.stringify(loadOverrides(app))
    store.setFunc(OVERRIDES_KEY, (current) => current || loaded)
    json = store.get(OVERRIDES_KEY)
  }
  return JSON.parse(json)
}

/** The limits in force for an action: the override's windows, else the built-in ones. */
function limitsFor(app, action) {
  const windows = overrides(app)[action]
  return windows ? windows.map((w) => limit(w.max, w.seconds)) : ACTIONS[action].limits
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

function keyOf(action, userId) {
  return `chat:${action}:${userId}`
}

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
  const { what, noun } = ACTIONS[action]
  const limits = limitsFor(e.app, action)
  const key = keyOf(action, e.auth.id)

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

/**
 * The limits in force for every action and what the user has used of them,
 * so that a client can mirror the server after a reload:
 * {action: [{max, seconds, recent: [[agoMs, count], …]}]}.
 */
function usage(app, userId) {
  const throttle = require(`${__hooks}/lib/throttle.js`)
  const out = {}
  for (const action in ACTIONS) {
    const limits = limitsFor(app, action)
    const recent = throttle.recentWindow(app, keyOf(action, userId), limits)
    out[action] = limits.map((l, j) => ({ max: l.max, seconds: l.windowMs / 1000, recent: recent[j] }))
  }
  return out
}

module.exports = { take, counted, countedCreate, usage, limitsFor, checkRecord, refreshOverrides, afterChange, perText, ACTIONS }
