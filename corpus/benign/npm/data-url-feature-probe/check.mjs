// Confirms this runtime can import data: URLs before the loader relies on them.
const tiny = 'ZXhwb3J0IGNvbnN0IG9rID0gdHJ1ZTs=';
const mod = await import(`data:text/javascript;base64,${tiny}`);
if (!mod.ok) console.warn('esm-loader-check: data: URL imports are not supported here');
