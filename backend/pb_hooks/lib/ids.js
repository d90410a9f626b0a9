// Record ids in PocketBase's default form: 15 characters of [a-z0-9].

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"

function newId() {
  return $security.randomStringWithAlphabet(15, ALPHABET)
}

/** Two fresh ids in ascending order, for records that must sort in creation order. */
function orderedIds(count) {
  const ids = []
  for (let i = 0; i < count; i++) ids.push(newId())
  return ids.sort()
}

module.exports = { newId, orderedIds }
