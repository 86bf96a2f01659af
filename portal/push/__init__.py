"""Web Push (RFC 8030 with VAPID, RFC 8292, and encrypted payloads, RFC 8291).

A signed-in person turns push messages on per kind (all are off by default) and per
device. Apps that know of an event call `portal.push.service.notify(kind, path, users)`
with a kind of `portal.push.kinds.Kind`; the task worker sends each device a message that
holds the kind, a fixed title and a link, never the text of a question, comment or post.
Devices the push service no longer knows (404/410) are removed.
"""
