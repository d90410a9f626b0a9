// Small in-memory limiters kept in the app store, shared by all hook runtimes
// of this process (the store outlives any one runtime; it is emptied by a
// restart, which at worst grants a user a fresh quota).
//
// - take(): "one event per interval" per key, for typing.
// - takeWindow(): "at most N events in any sliding window of T", with several
//   windows per key (e.g. 30 a minute and 300 an hour), for the chat limits;
//   recentWindow() reads its counts back without counting anything.
//
// The cron in throttle_sweep.pb.js removes entries that no longer matter, so
// the store does not grow with every key ever seen.

const PREFIX = "janji.throttle."
const WINDOW_PREFIX = "janji.window."

// Each window is counted in this many buckets. A bucket keeps counting until
// it has left the window entirely, so an event may count for up to one bucket
// longer than the window (1/60: a second for a minute, 24 minutes for a day).
// The limiter errs on the strict side and never lets more than `max` events
// into any window, while a key needs at most this many numbers per window,
// however many events it has seen.
const BUCKETS_PER_WINDOW = 60
const MIN_BUCKET_MS = 1000

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

/** The width of one bucket of a limit's window: a sixtieth of it, at least a second. */
function bucketMs(limit) {
  return Math.max(MIN_BUCKET_MS, Math.ceil(limit.windowMs / BUCKETS_PER_WINDOW))
}

/**
 * Reads a stored window state into plain arrays, one list of flat
 * [bucket, count, bucket, count, …] pairs per limit, oldest first. The stored
 * value comes back from the Go side as array-like wrappers, hence the copy.
 *
 * The state records the length of each window it counts, and each limit
 * takes the counts of the stored window of the same length: the limits can
 * change while the server runs (an operator's override, see chat_limits.js),
 * and a bucket number only means something for the bucket width it was
 * counted with, which follows from the window length alone. So a window that
 * stays keeps its counts (a new max applies to them at once) and a new window
 * starts empty.
 */
function readBuckets(stored, limits) {
  const out = []
  const lists = stored && stored.buckets
  const windows = stored && stored.windows
  for (let j = 0; j < limits.length; j++) {
    const list = []
    let found = -1
    if (lists && windows) {
      for (let k = 0; k < windows.length && k < lists.length; k++) {
        if (Number(windows[k]) === limits[j].windowMs) {
          found = k
          break
        }
      }
    }
    if (found >= 0) {
      const old = lists[found]
      for (let i = 0; i + 1 < old.length; i += 2) list.push(Number(old[i]), Number(old[i + 1]))
    }
    out.push(list)
  }
  return out
}

/**
 * The limits followed by the windows the stored state counts besides them
 * (as {windowMs}). Those are kept until their counts run out, so that a
 * window that is configured away and back again (an override deleted) finds
 * its counts still there.
 */
function withStoredWindows(stored, limits) {
  const all = limits.slice()
  const windows = stored && stored.windows
  for (let k = 0; windows && k < windows.length; k++) {
    const windowMs = Number(windows[k])
    if (!all.some((l) => l.windowMs === windowMs)) all.push({ windowMs: windowMs })
  }
  return all
}

/**
 * The value stored for a key: the counts, the length of the window each list
 * belongs to, and when they all expire. Empty lists are left out (reading
 * gives a missing window an empty list).
 */
function windowState(buckets, windows) {
  const kept = []
  const keptWindows = []
  for (let j = 0; j < windows.length; j++) {
    if (buckets[j].length === 0) continue
    kept.push(buckets[j])
    keptWindows.push(windows[j])
  }
  return { until: lastUse(kept, keptWindows), windows: keptWindows.map((w) => w.windowMs), buckets: kept }
}

/** Drops the buckets that have left the window at `now`; returns the count of those that remain. */
function prune(list, limit, now) {
  const width = bucketMs(limit)
  let start = 0
  while (start < list.length && (list[start] + 1) * width <= now - limit.windowMs) start += 2
  list.splice(0, start)
  let count = 0
  for (let i = 1; i < list.length; i += 2) count += list[i]
  return count
}

/** The time at which every bucket has left its window: after it, the state is empty. */
function lastUse(buckets, limits) {
  let until = 0
  for (let j = 0; j < limits.length; j++) {
    const list = buckets[j]
    if (list.length === 0) continue
    const end = (list[list.length - 2] + 1) * bucketMs(limits[j]) + limits[j].windowMs
    if (end > until) until = end
  }
  return until
}

/**
 * Counts one event for `key` if that keeps every limit, a list of
 * {max, windowMs}, within its max for any window of windowMs ending now.
 *
 * Returns {waitMs: 0, limit: null, at} when the event was counted (`at` is
 * what releaseWindow needs to give it back). Otherwise nothing is counted,
 * so refused attempts never use up the quota, and it returns
 * {waitMs, limit, at}: the milliseconds until every exceeded limit has room
 * again, and the limit that lifts last (the one to tell the user about).
 */
function takeWindow(app, key, limits) {
  const now = Date.now()
  const result = { waitMs: 0, limit: null, at: now }
  app.store().setFunc(WINDOW_PREFIX + key, (stored) => {
    const windows = withStoredWindows(stored, limits)
    const buckets = readBuckets(stored, windows)
    for (let j = limits.length; j < windows.length; j++) prune(buckets[j], windows[j], now)
    for (let j = 0; j < limits.length; j++) {
      const limit = limits[j]
      const list = buckets[j]
      let count = prune(list, limit, now)
      if (count < limit.max) continue
      // Oldest buckets leave the window first: wait until enough have left
      // for one more event to fit.
      const width = bucketMs(limit)
      for (let i = 0; i < list.length; i += 2) {
        count -= list[i + 1]
        if (count < limit.max) {
          const waitMs = (list[i] + 1) * width + limit.windowMs - now
          if (waitMs > result.waitMs) {
            result.waitMs = waitMs
            result.limit = limit
          }
          break
        }
      }
    }

    if (result.waitMs === 0) {
      for (let j = 0; j < limits.length; j++) {
        const list = buckets[j]
        const bucket = Math.floor(now / bucketMs(limits[j]))
        // A clock that stepped back lands in the newest bucket, so the list
        // stays sorted and the event still counts.
        if (list.length > 0 && list[list.length - 2] >= bucket) list[list.length - 1] += 1
        else list.push(bucket, 1)
      }
    }
    return windowState(buckets, windows)
  })
  return result
}

/**
 * Gives back an event counted by takeWindow at `at` (its result's `at`), for
 * a request that failed after being counted: a write that did not happen
 * should not use up the quota.
 */
function releaseWindow(app, key, limits, at) {
  app.store().setFunc(WINDOW_PREFIX + key, (stored) => {
    const windows = withStoredWindows(stored, limits)
    const buckets = readBuckets(stored, windows)
    for (let j = 0; j < limits.length; j++) {
      const list = buckets[j]
      const bucket = Math.floor(at / bucketMs(limits[j]))
      // The event sits in its own bucket or, after a clock step back, in a
      // newer one; take it from the first of those that still has a count.
      for (let i = 0; i < list.length; i += 2) {
        if (list[i] >= bucket && list[i + 1] > 0) {
          list[i + 1] -= 1
          break
        }
      }
    }
    return windowState(buckets, windows)
  })
}

/**
 * The counts for `key` as they stand now, without counting anything: for
 * each limit, a list of [agoMs, count] per bucket still in its window, oldest
 * first, where agoMs is how long ago the bucket started. A bucket's events
 * count until its start plus its width plus the window (see bucketMs).
 */
function recentWindow(app, key, limits) {
  const now = Date.now()
  const buckets = readBuckets(app.store().get(WINDOW_PREFIX + key), limits)
  return limits.map((limit, j) => {
    const list = buckets[j]
    prune(list, limit, now)
    const width = bucketMs(limit)
    const recent = []
    for (let i = 0; i < list.length; i += 2) {
      if (list[i + 1] > 0) recent.push([Math.max(0, now - list[i] * width), list[i + 1]])
    }
    return recent
  })
}

/**
 * Forgets typing slots older than `maxAgeMs`, and window states whose every
 * bucket has left its window (a day-long window keeps its key for a day).
 *
 * Checking and removing are two steps, so an event counted in between can be
 * lost; that needs a key idle for a whole window to become active in that
 * instant, and costs at most one extra event, so it is not worth a lock.
 */
function sweep(app, maxAgeMs) {
  const store = app.store()
  const keys = store.keys()
  const now = Date.now()
  for (let i = 0; i < keys.length; i++) {
    const key = String(keys[i])
    if (key.indexOf(PREFIX) === 0) {
      if (store.get(key) < now - maxAgeMs) store.remove(key)
    } else if (key.indexOf(WINDOW_PREFIX) === 0) {
      const state = store.get(key)
      if (!state || !(Number(state.until) > now)) store.remove(key)
    }
  }
}

module.exports = { take, takeWindow, releaseWindow, recentWindow, sweep }
