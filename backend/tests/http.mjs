// A small JSON client for the PocketBase REST API, used by the API tests.

export function config(argv = process.argv.slice(2)) {
  const out = {
    url: process.env.JANJI_PB_URL,
    email: process.env.JANJI_PB_SU_EMAIL,
    password: process.env.JANJI_PB_SU_PASSWORD,
  }
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(url|email|password)(?:=(.*))?$/.exec(argv[i])
    if (m) out[m[1]] = m[2] !== undefined ? m[2] : argv[++i]
  }
  if (!out.url) throw new Error("Give the server with --url or JANJI_PB_URL.")
  if (!out.email || !out.password) {
    throw new Error("Give the superuser with --email/--password or JANJI_PB_SU_EMAIL/JANJI_PB_SU_PASSWORD.")
  }
  out.url = out.url.replace(/\/+$/, "")
  return out
}

export class Api {
  constructor(base, token = null) {
    this.base = base
    this.token = token
  }

  as(token) {
    return new Api(this.base, token)
  }

  async request(method, path, body, headers = {}) {
    const res = await fetch(this.base + path, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.token ? { authorization: this.token } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await res.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      // Left null: the caller looks at `text` and the content type.
    }
    return { status: res.status, json, text, headers: res.headers }
  }

  get(path) {
    return this.request("GET", path)
  }

  post(path, body) {
    return this.request("POST", path, body ?? {})
  }

  patch(path, body) {
    return this.request("PATCH", path, body)
  }

  delete(path) {
    return this.request("DELETE", path)
  }

  create(collection, body) {
    return this.post(`/api/collections/${collection}/records`, body)
  }

  update(collection, id, body) {
    return this.patch(`/api/collections/${collection}/records/${id}`, body)
  }

  view(collection, id) {
    return this.get(`/api/collections/${collection}/records/${id}`)
  }

  list(collection, query = {}) {
    const qs = new URLSearchParams({ perPage: "200", ...query }).toString()
    return this.get(`/api/collections/${collection}/records?${qs}`)
  }

  async signIn(collection, identity, password) {
    const res = await this.post(`/api/collections/${collection}/auth-with-password`, { identity, password })
    if (res.status !== 200) throw new Error(`sign-in of ${identity} failed: ${res.status} ${res.text}`)
    return { token: res.json.token, record: res.json.record }
  }
}

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

/** A client-made record id in PocketBase's default form (15 of [a-z0-9]). */
export function newId() {
  let id = ""
  for (let i = 0; i < 15; i++) id += ALPHABET[Math.floor(Math.random() * ALPHABET.length)]
  return id
}

/** Milliseconds for a PocketBase date string ("2026-01-02 03:04:05.678Z"). */
export function millis(pbDate) {
  return Date.parse(String(pbDate).replace(" ", "T"))
}

/** The PocketBase form of a millisecond time. */
export function pbDate(ms) {
  return new Date(ms).toISOString().replace("T", " ")
}
