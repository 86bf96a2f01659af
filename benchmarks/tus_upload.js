// One resumable upload with tus-js-client (the browser's client, from node_modules) for
// benchmarks/resumable.py: node benchmarks/tus_upload.js FILE ENDPOINT COOKIE CSRF CHUNK
"use strict";
const fs = require("fs");
const tus = require("tus-js-client");

const [file, endpoint, cookie, csrf, chunkSize] = process.argv.slice(2);
const upload = new tus.Upload(fs.readFileSync(file), {
  endpoint,
  chunkSize: Number(chunkSize),
  // As in the studio: try again at once, then wait a little longer each time.
  retryDelays: [0, 500, 1000, 2000, 4000, 8000],
  headers: { Cookie: cookie, "X-CSRFToken": csrf },
  metadata: { filename: "clip.mp4", filetype: "video/mp4" },
  onChunkComplete: (size, accepted) => console.log(`accepted ${accepted}`),
  onSuccess: () => console.log(`done ${upload.url}`),
  onError: (error) => {
    console.error(`failed ${error.message}`);
    process.exit(1);
  },
});
upload.start();
