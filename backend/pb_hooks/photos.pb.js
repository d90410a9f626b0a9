/// <reference path="../pb_data/types.d.ts" />

// GET /api/janji/photos/{message}/{file}[?thumb=240x240] serves a chat photo
// to the people of its room.
//
// Message images are protected files (migration 1767227100): /api/files
// would want a short-lived file token in the URL, and the client never puts
// tokens in URLs. Here the caller signs in with the usual Authorization
// header instead. The answer is 404 unless the caller takes part in the
// message's room and the file is one of the message's images now (a deleted
// message has none), so nobody learns whether a message or file exists.
// Only the field's thumb sizes are made (400 for any other), the first time
// they are asked for, where PocketBase's own file route keeps them, so both
// routes share one copy. A file name never changes its content, so the
// answer may be cached for a year, by the browser only.
routerAdd("GET", "/api/janji/photos/{message}/{file}", (e) => {
  const rooms = require(`${__hooks}/lib/rooms.js`)

  const notFound = () => new NotFoundError("The requested resource wasn't found.")
  const fileName = e.request.pathValue("file")
  let message
  try {
    message = e.app.findRecordById("messages", e.request.pathValue("message"))
  } catch (_) {
    throw notFound()
  }
  if (!rooms.isParticipant(e.app, message.getString("room"), e.auth.id)) throw notFound()
  if (Array.from(message.getStringSlice("images")).indexOf(fileName) < 0) throw notFound()

  const field = message.collection().fields.getByName("images")
  const thumbs = Array.from(field.thumbs || [])
  const thumb = e.request.url.query().get("thumb")
  if (thumb !== "" && thumbs.indexOf(thumb) < 0) {
    throw new BadRequestError(`Photos have the thumb sizes ${thumbs.join(", ")}, not ${thumb}.`)
  }

  const base = message.baseFilesPath()
  let key = `${base}/${fileName}`
  let name = fileName
  const fsys = e.app.newFilesystem()
  try {
    if (thumb !== "") {
      const thumbName = `${thumb}_${fileName}`
      const thumbKey = `${base}/thumbs_${fileName}/${thumbName}`
      try {
        if (!fsys.exists(thumbKey)) fsys.createThumb(key, thumbKey, thumb)
        key = thumbKey
        name = thumbName
      } catch (err) {
        // As PocketBase's file route does: an image that cannot be resized is served whole.
        e.app.logger().warn("Serving the original photo: its thumb failed", "key", key, "error", String(err))
      }
    }
    if (!fsys.exists(key)) throw notFound()
    e.response.header().set("Cache-Control", "private, max-age=31536000, immutable")
    fsys.serve(e.response, e.request, key, name)
  } finally {
    fsys.close()
  }
}, $apis.requireAuth("users"))
