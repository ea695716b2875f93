'use strict';
// Builds the upload plan; the caller's own SSH client does the transfer.
function plan(files, target) {
  return files.map((file) => ({ from: file, to: `${target.dir}/${file}` }));
}
module.exports = { plan };
