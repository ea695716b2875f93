'use strict';
const fs = require('fs');
const path = require('path');

const TEMPLATE = fs.readFileSync(path.join(__dirname, '..', 'templates', 'app.service'), 'utf8');
const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

function render(vars) {
  return TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_, key) => {
    if (!(key in vars)) throw new Error(`missing template variable ${key}`);
    return String(vars[key]);
  });
}

/** Write <outDir>/<name>.service and return its path; never touches /etc. */
function generate({ name, entry, user, workdir = process.cwd(), outDir = 'deploy', description }) {
  if (!NAME.test(name)) throw new Error('service name must be lowercase letters, digits and dashes');
  const unit = render({
    description: description || `${name} (Node.js)`,
    user,
    workdir: path.resolve(workdir),
    node: process.execPath,
    entry: path.resolve(workdir, entry),
  });
  fs.mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${name}.service`);
  fs.writeFileSync(file, unit);
  return file;
}

module.exports = { generate, render };
