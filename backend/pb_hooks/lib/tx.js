// Runs the rest of a hook chain inside a transaction.
//
// Setting e.app to the transaction's app makes PocketBase's own save (run by
// e.next()) join the transaction; for request hooks it also delays writing
// the response until the commit. When the caller is already inside a
// transaction (e.g. a batch request) this simply joins it. The original app
// is put back afterwards, because the event outlives the transaction.
function withTx(e, fn) {
  const original = e.app
  original.runInTransaction((txApp) => {
    e.app = txApp
    try {
      fn(txApp)
    } finally {
      e.app = original
    }
  })
}

module.exports = { withTx }
