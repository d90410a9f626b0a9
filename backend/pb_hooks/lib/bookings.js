// The booking rules of DESIGN §6: price from the provider's services, the
// mode/scheduledAt pair, source attribution, status transitions and the
// texts of the booking_update messages.

const RESPONSE_WINDOW_MS = 15 * 60 * 1000
const MAX_SCHEDULE_AHEAD_MS = 30 * 24 * 60 * 60 * 1000

// Sources a UI element may report when the booking is neither scheduled nor
// started from an open chat window.
const UI_SOURCES = ["bookingButton", "menuSlider", "priceSlider", "direct"]

// Who may move a booking from one status to another. Everything not listed
// is refused; Declined, Expired, Cancelled and Completed are final.
const TRANSITIONS = {
  Pending: { Accepted: "provider", Declined: "provider", Cancelled: "customer" },
  Accepted: { Cancelled: "customer", Completed: "provider" },
}

/** The provider's services as a list of {minutes, price}; bad entries are dropped. */
function services(provider) {
  let list
  try {
    list = JSON.parse(provider.getString("services") || "[]")
  } catch (_) {
    return []
  }
  if (!Array.isArray(list)) return []
  return list.filter((s) => s && Number.isInteger(s.minutes) && Number.isInteger(s.price))
}

/** The source the server expects: scheduled wins, then chatWindow, then the UI element. */
function expectedSource(mode, chatWindowOpen, sentSource) {
  if (mode === "scheduled") return "scheduled"
  if (chatWindowOpen) return "chatWindow"
  return UI_SOURCES.indexOf(sentSource) >= 0 ? sentSource : null
}

/** Rupiah with dots between thousands, as written in Indonesia: "Rp 250.000". */
function formatIdr(amount) {
  return "Rp " + String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".")
}

/**
 * Checks a new booking against the provider and the booking rules. Throws a
 * 400 with a field error naming what to fix; returns the provider record.
 */
function checkNewBooking(app, booking, nowMs) {
  const errors = require(`${__hooks}/lib/errors.js`)
  const time = require(`${__hooks}/lib/time.js`)

  let provider
  try {
    provider = app.findRecordById("providers", booking.getString("provider"))
  } catch (_) {
    throw errors.fieldError("provider", "validation_missing_provider", "This provider does not exist.")
  }

  const minutes = booking.getInt("minutes")
  const offered = services(provider)
  const service = offered.find((s) => s.minutes === minutes)
  if (!service) {
    const choices = offered.map((s) => s.minutes).join(", ")
    throw errors.fieldError("minutes", "validation_unknown_service",
      `This provider offers ${choices || "no"} minute sessions, not ${minutes}.`)
  }
  if (booking.getFloat("price") !== service.price) {
    throw errors.fieldError("price", "validation_price_mismatch",
      `The price of ${minutes} minutes is ${formatIdr(service.price)} (${service.price}).`)
  }

  const mode = booking.getString("mode")
  const scheduledAt = time.fieldMillis(booking, "scheduledAt")
  if (mode === "scheduled") {
    if (scheduledAt === null) {
      throw errors.fieldError("scheduledAt", "validation_required", "A scheduled booking needs a time.")
    }
    if (scheduledAt <= nowMs) {
      throw errors.fieldError("scheduledAt", "validation_past_time", "The scheduled time must be in the future.")
    }
    if (scheduledAt > nowMs + MAX_SCHEDULE_AHEAD_MS) {
      throw errors.fieldError("scheduledAt", "validation_too_far",
        "A booking can be scheduled at most 30 days ahead.")
    }
  } else if (mode === "immediate" && scheduledAt !== null) {
    throw errors.fieldError("scheduledAt", "validation_not_allowed",
      "An immediate booking has no scheduled time.")
  }

  const sent = booking.getString("source")
  const expected = expectedSource(mode, booking.getBool("chatWindowOpen"), sent)
  if (expected !== sent) {
    throw errors.fieldError("source", "validation_source_mismatch", expected
      ? `The source of this booking is "${expected}" (scheduled wins, then chatWindow, then the UI element).`
      : "The source must name the UI element: bookingButton, menuSlider, priceSlider or direct.")
  }

  return provider
}

/** The text of the booking_update message for a new status. */
function statusText(status, booking, providerName) {
  switch (status) {
    case "Pending":
      return `Booking received: ${booking.getInt("minutes")} minutes, ${formatIdr(booking.getFloat("price"))}` +
        (booking.getString("mode") === "scheduled" ? ", scheduled" : "") +
        `. ${providerName} has 15 minutes to respond.`
    case "Accepted":
      return `${providerName} accepted the booking.`
    case "Declined":
      return `${providerName} declined the booking: ${booking.getString("declineReason")}`
    case "Cancelled":
      return "The customer cancelled the booking."
    case "Completed":
      return "The session is completed. Thank you!"
    case "Expired":
      return `The booking expired: ${providerName} did not respond within 15 minutes.`
    default:
      return `Booking status: ${status}`
  }
}

module.exports = {
  RESPONSE_WINDOW_MS,
  TRANSITIONS,
  services,
  expectedSource,
  formatIdr,
  checkNewBooking,
  statusText,
}
