import * as w from './words.js';
import { createRequire } from 'node:module';
const load = createRequire(import.meta.url);
const meta = load('./' + w.word(1));
export const banner = () => `${w.word(2)} ${meta[w.word(0)]}`;
