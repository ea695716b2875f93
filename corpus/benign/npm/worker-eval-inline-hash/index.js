const { Worker } = require('worker_threads');
const SOURCE = `
const { parentPort } = require('worker_threads');
const crypto = require('crypto');
parentPort.on('message', (b) => parentPort.postMessage(crypto.createHash('sha256').update(b).digest('hex')));
`;
const make = Reflect.construct(Map, [[['size', 4]]]);
module.exports = () => new Worker(SOURCE, { eval: true, workerData: make.get('size') });
