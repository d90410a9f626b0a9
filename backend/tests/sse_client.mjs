// A minimal Server-Sent Events client for PocketBase's /api/realtime,
// built on Node's streaming fetch (no dependencies).

export class Realtime {
  constructor(base) {
    this.base = base
    this.events = []
    this.waiters = []
    this.controller = new AbortController()
    this.clientId = null
    this.closed = false
  }

  /** Opens the stream and waits for PB_CONNECT, which carries the client id. */
  async connect() {
    const res = await fetch(`${this.base}/api/realtime`, {
      headers: { accept: "text/event-stream" },
      signal: this.controller.signal,
    })
    if (res.status !== 200) throw new Error(`realtime connect answered ${res.status}`)
    this.pump(res.body).catch(() => {
      // The stream ends with an abort when the test closes it.
    })
    const hello = await this.next((e) => e.event === "PB_CONNECT", 5000)
    this.clientId = JSON.parse(hello.data).clientId
    return this
  }

  async pump(body) {
    const decoder = new TextDecoder()
    let buffer = ""
    for await (const chunk of body) {
      buffer += decoder.decode(chunk, { stream: true })
      let cut
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const raw = buffer.slice(0, cut)
        buffer = buffer.slice(cut + 2)
        const event = { event: "message", data: "", id: "" }
        const data = []
        for (const line of raw.split("\n")) {
          const i = line.indexOf(":")
          if (i <= 0) continue
          const field = line.slice(0, i)
          const value = line.slice(i + 1).replace(/^ /, "")
          if (field === "event") event.event = value
          else if (field === "data") data.push(value)
          else if (field === "id") event.id = value
        }
        event.data = data.join("\n")
        this.dispatch(event)
      }
    }
  }

  dispatch(event) {
    this.events.push(event)
    for (const w of [...this.waiters]) {
      if (w.predicate(event)) {
        this.waiters.splice(this.waiters.indexOf(w), 1)
        clearTimeout(w.timer)
        w.resolve(event)
      }
    }
  }

  /** The first event (already received or still to come) matching the predicate. */
  next(predicate, timeoutMs = 5000) {
    const seen = this.events.find(predicate)
    if (seen) return Promise.resolve(seen)
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve }
      waiter.timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1)
        reject(new Error(`no matching realtime event within ${timeoutMs} ms`))
      }, timeoutMs)
      this.waiters.push(waiter)
    })
  }

  /** Events named `topic` whose JSON data matches the predicate. */
  nextOn(topic, predicate = () => true, timeoutMs = 5000) {
    return this.next((e) => e.event === topic && predicate(JSON.parse(e.data)), timeoutMs)
      .then((e) => JSON.parse(e.data))
  }

  /** POST /api/realtime with the given subscriptions; answers the HTTP status. */
  async subscribe(subscriptions, token = null) {
    const res = await fetch(`${this.base}/api/realtime`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: token } : {}) },
      body: JSON.stringify({ clientId: this.clientId, subscriptions }),
    })
    await res.text()
    return res.status
  }

  close() {
    this.closed = true
    this.controller.abort()
  }
}
