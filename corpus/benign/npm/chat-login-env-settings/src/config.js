function clean(value) {
  return value ? value.trim() : "";
}

// Settings come from the config file, with the environment as the fallback for each one.
export function resolveChatConfig(cfg, env = process.env) {
  const chat = cfg.chat || {};
  const server = clean(chat.server) || clean(env.ROOMCHAT_SERVER);
  const userId = clean(chat.userId) || clean(env.ROOMCHAT_USER_ID);
  const accessToken = clean(chat.accessToken) || clean(env.ROOMCHAT_ACCESS_TOKEN) || undefined;
  const password = clean(chat.password) || clean(env.ROOMCHAT_PASSWORD) || undefined;
  const deviceName = clean(chat.deviceName) || clean(env.ROOMCHAT_DEVICE_NAME) || undefined;
  return { server, userId, accessToken, password, deviceName };
}

export async function login(params) {
  const env = params.env ?? process.env;
  const resolved = resolveChatConfig(params.cfg, env);
  if (resolved.accessToken) {
    return { server: resolved.server, accessToken: resolved.accessToken };
  }
  const response = await fetch(`${resolved.server}/_chat/client/v3/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      type: "password",
      user: resolved.userId,
      password: resolved.password,
      device: resolved.deviceName ?? "Assistant bridge",
    }),
  });
  if (!response.ok) throw new Error(`login failed: ${await response.text()}`);
  const body = await response.json();
  return { server: resolved.server, accessToken: body.access_token };
}
