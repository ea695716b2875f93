const https = require('https');
// Posts an embed to a channel through the bot's own token, which the caller passes in.
function postEmbed({ token, channelId, title, text }) {
  const body = JSON.stringify({ embeds: [{ title, description: text }] });
  const req = https.request({
    hostname: 'discord.com', path: `/api/v10/channels/${channelId}/messages`, method: 'POST',
    headers: { Authorization: `Bot ${token}`, 'Content-Type': 'application/json' },
  });
  req.end(body);
  return req;
}
module.exports = { postEmbed };
