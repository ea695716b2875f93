import { loadConfig } from "./config.js";

// The gateway talks to its own browser-control server on this machine; the settings live in the
// folder named for the assistant.
function controlUrl(config) {
    if (!config.browser || !config.browser.enabled) {
        throw new Error("Browser control is disabled. Set browser.enabled=true in ~/.moltbot/moltbot.json.");
    }
    return config.browser.controlUrl || "http://127.0.0.1:18791";
}

export async function openTab(url) {
    const config = loadConfig();
    const res = await fetch(`${controlUrl(config)}/tabs`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ url }),
    });
    return res.json();
}

export async function snapshot(tabId) {
    const config = loadConfig();
    const res = await fetch(`${controlUrl(config)}/tabs/${tabId}/snapshot`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ format: "aria" }),
    });
    return res.json();
}
