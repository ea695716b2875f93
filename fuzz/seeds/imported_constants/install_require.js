const { FETCH, RUN: go } = require('./consts');
const cfg = require('./config');
import * as all from './all';
import { a, b } from './ab';
export const CMD = FETCH + ' | ' + go;
module.exports = { URL: `https://${cfg.HOST}/x`, NAME: 'n' + 'ame' };
exports.TAIL = ['x', 'y'].join('/');
