// Warnings for a message body (DESIGN §7), the same rules as the client's
// src/domain/message/links.rs: the names here are the values of the
// message's `flags` field.
//
//   repeated_characters  one non-space character 10 or more times in a row
//   many_links           more than 5 links
//   ip_address_link      a link to a bare IP address
//   look_alike_link      a link whose host has a punycode (xn--) label
//   shortened_link       a link through a known URL shortener
//   profanity            a word of data/profanity.txt (lib/profanity.js); the
//                        message is stored as written, readers' clients mask it

const SHORTENERS = ["bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "buff.ly", "cutt.ly",
  "rb.gy", "s.id", "shorturl.at", "tiny.cc"]

/** The hosts of the https links in `body` (as the client links them). */
function linkHosts(body) {
  const hosts = []
  for (const word of String(body || "").split(/\s+/)) {
    const core = word.replace(/[.,!?;:)("'\]>]+$/, "")
    if (/["'<>\\`]/.test(core)) continue
    const m = /^https:\/\/([^/?#]*)/i.exec(core)
    if (!m) continue
    const host = m[1].split("@").pop().split(":")[0].toLowerCase()
    if (host.indexOf(".") >= 0 && host.length > 2) hosts.push(host)
  }
  return hosts
}

/** The flags of a message body; `app` gives access to the profanity list. */
function flagsOf(body, app) {
  const text = String(body || "")
  const flags = []
  if (/(\S)\1{9,}/u.test(text)) flags.push("repeated_characters")
  const hosts = linkHosts(text)
  const links = text.split(/\s+/).filter((w) => /^(https:\/\/|mailto:|tel:)/i.test(w)).length
  if (Math.max(links, hosts.length) > 5) flags.push("many_links")
  if (hosts.some((h) => h.startsWith("[") || h.split(".").every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255))) {
    flags.push("ip_address_link")
  }
  if (hosts.some((h) => h.split(".").some((label) => label.startsWith("xn--")))) flags.push("look_alike_link")
  if (hosts.some((h) => SHORTENERS.indexOf(h.replace(/^www\./, "")) >= 0)) flags.push("shortened_link")
  if (require(`${__hooks}/lib/profanity.js`).containsProfanity(app, text)) flags.push("profanity")
  return flags
}

module.exports = { flagsOf }
