const HOSTS = { us: 'https://api.mailgun.net', eu: 'https://api.eu.mailgun.net' };
export class Mailgun {
    opts;
    base;
    auth;
    constructor(opts) {
        this.opts = opts;
        const key = opts.apiKey ?? process.env.MAILGUN_API_KEY;
        if (!key)
            throw new Error('Mailgun API key missing: pass apiKey or set MAILGUN_API_KEY');
        this.base = `${HOSTS[opts.region ?? 'us']}/v3/${encodeURIComponent(opts.domain)}`;
        this.auth = 'Basic ' + Buffer.from(`api:${key}`).toString('base64');
    }
    async send(msg) {
        const form = new FormData();
        form.set('from', msg.from);
        for (const to of [].concat(msg.to))
            form.append('to', to);
        form.set('subject', msg.subject);
        if (msg.text)
            form.set('text', msg.text);
        if (msg.html)
            form.set('html', msg.html);
        for (const tag of msg.tags ?? [])
            form.append('o:tag', tag);
        const res = await fetch(`${this.base}/messages`, {
            method: 'POST',
            headers: { authorization: this.auth },
            body: form,
        });
        if (!res.ok)
            throw new Error(`Mailgun ${res.status}: ${await res.text()}`);
        return (await res.json());
    }
}
