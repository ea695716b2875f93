// The key comes from the settings or, failing that, from the provider's usual variable names.
export function resolveApiKey(config, provider) {
    if (provider === "voicehub") {
        return config.voicehub.apiKey || process.env.VOICEHUB_API_KEY || process.env.VH_API_KEY;
    }
    if (provider === "textcloud") {
        return config.textcloud.apiKey || process.env.TEXTCLOUD_API_KEY;
    }
    return undefined;
}

async function voicehubSpeech({ text, apiKey, baseUrl, voiceId }) {
    const response = await fetch(`${baseUrl}/v1/speech/${voiceId}`, {
        method: "POST",
        headers: { "xi-api-key": apiKey, "Content-Type": "application/json" },
        body: JSON.stringify({ text }),
    });
    return Buffer.from(await response.arrayBuffer());
}

async function textcloudSpeech({ text, apiKey, baseUrl }) {
    const response = await fetch(`${baseUrl}/v1/audio/speech`, {
        method: "POST",
        headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
        body: JSON.stringify({ input: text, voice: "alloy" }),
    });
    return Buffer.from(await response.arrayBuffer());
}

export async function speak(config, provider, text) {
    const apiKey = resolveApiKey(config, provider);
    if (!apiKey) throw new Error(`no API key for ${provider}`);
    if (provider === "voicehub") {
        return voicehubSpeech({ text, apiKey, baseUrl: config.voicehub.baseUrl, voiceId: config.voicehub.voice });
    }
    return textcloudSpeech({ text, apiKey, baseUrl: config.textcloud.baseUrl });
}
