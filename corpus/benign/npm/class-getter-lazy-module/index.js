class Paths {
  get fs() {
    return require('fs');
  }
  exists(p) {
    return this.fs.existsSync(p);
  }
}

const paths = new Paths();
module.exports = { exists: (p) => paths.exists(p), read: (p) => paths.fs.readFileSync(p, 'utf8') };
