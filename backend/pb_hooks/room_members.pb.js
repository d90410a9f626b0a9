/// <reference path="../pb_data/types.d.ts" />

// Read receipts and per-user room settings (DESIGN §7).
//
// The update rule lets a member update only their own row; this keeps the
// update to lastReadAt, lastDeliveredAt, muted and archived, and keeps the
// two receipts sensible: they never move back (a late request from another
// tab cannot un-read messages) and never point into the future.
onRecordUpdateRequest((e) => {
  if (e.hasSuperuserAuth()) return e.next()

  const errors = require(`${__hooks}/lib/errors.js`)
  const time = require(`${__hooks}/lib/time.js`)

  const member = e.record
  const original = member.original()
  const editable = ["lastReadAt", "lastDeliveredAt", "muted", "archived"]

  const fields = member.collection().fields
  for (let i = 0; i < fields.length; i++) {
    const name = fields[i].getName()
    if (editable.indexOf(name) >= 0 || fields[i].type() === "autodate") continue
    if (member.getString(name) !== original.getString(name)) {
      throw errors.fieldError(name, "validation_read_only", `${name} cannot be changed.`)
    }
  }

  const nowMs = Date.now()
  for (const name of ["lastReadAt", "lastDeliveredAt"]) {
    const wanted = time.fieldMillis(member, name)
    const before = time.fieldMillis(original, name)
    if (wanted === null) {
      member.set(name, original.getString(name))
      continue
    }
    const clamped = Math.max(before === null ? 0 : before, Math.min(wanted, nowMs))
    member.set(name, clamped === 0 ? "" : time.toPbDate(clamped))
  }

  e.next()
}, "room_members")
