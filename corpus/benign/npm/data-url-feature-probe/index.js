export { default } from './loader.js';
