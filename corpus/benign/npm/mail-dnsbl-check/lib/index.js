const { Resolver } = require('dns').promises;

const resolver = new Resolver({ timeout: 3000 });
if (process.env.DNSBL_SERVER) resolver.setServers([process.env.DNSBL_SERVER]);

async function listed(ip, list) {
  const reversed = ip.split('.').reverse().join('.');
  try {
    return (await resolver.resolve4(`${reversed}.${list}`)).length > 0;
  } catch (e) {
    return false;
  }
}

async function services(domain, name = 'submission') {
  return resolver.resolveSrv(`_${name}._tcp.${domain.toLowerCase()}`);
}

module.exports = { listed, services };
