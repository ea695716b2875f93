export default async function load(url) { return import(url); }
