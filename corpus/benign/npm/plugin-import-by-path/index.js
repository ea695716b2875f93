export async function loadPlugin(name) {
  const mod = await import(new URL(`./plugins/${name}.js`, import.meta.url));
  const meta = await import(`data:application/json,${JSON.stringify({ name })}`, { with: { type: 'json' } });
  return { mod, meta: meta.default };
}
