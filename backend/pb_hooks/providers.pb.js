/// <reference path="../pb_data/types.d.ts" />

// Keeps `services` in the shape bookings rely on: a non-empty list of
// {minutes, price} with whole positive minutes, a whole non-negative price in
// rupiah, and each duration at most once. Applies to every save (API, seed,
// admin UI), since a bad list would make the provider unbookable.
onRecordValidate((e) => {
  const errors = require(`${__hooks}/lib/errors.js`)

  let list
  try {
    list = JSON.parse(e.record.getString("services") || "null")
  } catch (_) {
    list = null
  }

  const seen = {}
  const ok = Array.isArray(list) && list.length > 0 && list.every((s) => {
    const good = s && typeof s === "object" &&
      Number.isInteger(s.minutes) && s.minutes > 0 && s.minutes <= 1440 &&
      Number.isInteger(s.price) && s.price >= 0 &&
      !seen[s.minutes]
    if (good) seen[s.minutes] = true
    return good
  })
  if (!ok) {
    throw errors.fieldError("services", "validation_invalid_services",
      "Services must be a list of {minutes, price} with whole numbers and no repeated duration.")
  }

  e.next()
}, "providers")
