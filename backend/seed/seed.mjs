#!/usr/bin/env node
// Seeds a janji PocketBase with demo accounts and providers.
//
//   node backend/seed/seed.mjs --url http://127.0.0.1:8090 --email SU_EMAIL --password SU_PASSWORD
//
// The flags may also come from JANJI_PB_URL, JANJI_PB_SU_EMAIL and
// JANJI_PB_SU_PASSWORD. The superuser must exist already
// (`pocketbase superuser upsert EMAIL PASS --dir DATA_DIR`).
//
// Every record has a fixed id and is created only when missing, so running
// the seed again changes nothing. Node 20, no dependencies.

import { DEMO_PASSWORD, providers, users } from "./data.mjs"

function options(argv) {
  const out = {
    url: process.env.JANJI_PB_URL,
    email: process.env.JANJI_PB_SU_EMAIL,
    password: process.env.JANJI_PB_SU_PASSWORD,
  }
  for (let i = 0; i < argv.length; i++) {
    const m = /^--(url|email|password)(?:=(.*))?$/.exec(argv[i])
    if (!m) throw new Error(`unknown argument ${argv[i]}`)
    out[m[1]] = m[2] !== undefined ? m[2] : argv[++i]
  }
  for (const key of ["url", "email", "password"]) {
    if (!out[key]) throw new Error(`missing --${key}`)
  }
  out.url = out.url.replace(/\/+$/, "")
  return out
}

async function call(base, token, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      "content-type": "application/json",
      ...(token ? { authorization: token } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  let json = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    // Not JSON (e.g. an HTML fallback page): reported below with the status.
  }
  return { status: res.status, json, text }
}

function describe(res) {
  return res.json ? JSON.stringify(res.json) : `${res.text.slice(0, 200)}`
}

/** Creates each missing record; returns {created, existing}. */
async function ensure(base, token, collection, records) {
  const counts = { created: 0, existing: 0 }
  for (const record of records) {
    const found = await call(base, token, "GET", `/api/collections/${collection}/records/${record.id}`)
    if (found.status === 200) {
      counts.existing++
      continue
    }
    if (found.status !== 404) {
      throw new Error(`${collection}/${record.id}: unexpected ${found.status} ${describe(found)}`)
    }
    const made = await call(base, token, "POST", `/api/collections/${collection}/records`, record)
    if (made.status !== 200) {
      throw new Error(`${collection}/${record.id}: create failed with ${made.status} ${describe(made)}`)
    }
    counts.created++
  }
  return counts
}

async function main() {
  const opt = options(process.argv.slice(2))

  const auth = await call(opt.url, null, "POST", "/api/collections/_superusers/auth-with-password", {
    identity: opt.email,
    password: opt.password,
  })
  if (auth.status !== 200 || !auth.json?.token) {
    throw new Error(`superuser sign-in failed with ${auth.status} ${describe(auth)}`)
  }
  const token = auth.json.token

  const accounts = users.map((u) => ({
    ...u,
    password: DEMO_PASSWORD,
    passwordConfirm: DEMO_PASSWORD,
    emailVisibility: false,
    verified: true,
  }))

  // Users first: a provider listing links to its account.
  const results = [
    ["users", await ensure(opt.url, token, "users", accounts)],
    ["providers", await ensure(opt.url, token, "providers", providers)],
  ]

  let created = 0
  for (const [name, c] of results) {
    console.log(`${name}: ${c.created} created, ${c.existing} already there`)
    created += c.created
  }
  console.log(created === 0 ? "Everything already exists; nothing changed." : `Seeded ${created} records.`)
}

main().catch((err) => {
  console.error(`seed failed: ${err.message}`)
  process.exit(1)
})
