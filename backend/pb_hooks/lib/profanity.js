// The profanity list (data/profanity.txt): which texts contain a listed word.
//
// The file is read once per server process and kept in the app store, where
// every hook runtime finds it. A word of a text is a run of letters and
// digits (any script), compared without regard to case, so a listed word
// inside a longer word does not count ("class" is not "ass").

const STORE_KEY = "janji.profanity"
const WORD = /[\p{L}\p{N}]+/gu

/** The listed words, one per line, without comments and blank lines. */
function parse(text) {
  const words = []
  for (const line of String(text).split(/\r?\n/)) {
    const word = line.trim().toLowerCase()
    if (word !== "" && word[0] !== "#") words.push(word)
  }
  return words
}

/**
 * The listed words joined by "\n" (a plain string crosses into the Go store
 * and back unchanged). The file is read outside the store's lock, which
 * PocketBase's own caches share; a failed read is logged and leaves the list
 * empty until the next start.
 */
function listed(app) {
  const store = app.store()
  let list = store.get(STORE_KEY)
  if (list === undefined || list === null) {
    let text = ""
    try {
      text = parse(toString($os.readFile(`${__hooks}/data/profanity.txt`))).join("\n")
    } catch (err) {
      app.logger().error("Reading the profanity list failed", "error", String(err))
    }
    store.setFunc(STORE_KEY, (current) => (current === undefined || current === null ? text : current))
    list = store.get(STORE_KEY)
  }
  return String(list)
}

/** True when `text` contains a listed word as a whole word. */
function containsProfanity(app, text) {
  const list = listed(app)
  if (list === "") return false
  const words = new Set(list.split("\n"))
  for (const m of String(text || "").matchAll(WORD)) {
    if (words.has(m[0].toLowerCase())) return true
  }
  return false
}

module.exports = { parse, containsProfanity }
