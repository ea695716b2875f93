#!/usr/bin/env node
'use strict';
const { checkDaemon, docker, services } = require('../lib/docker');

const SERVICE = /^[a-z0-9][a-z0-9_.-]*$/;

async function main([cmd = 'status', ...rest]) {
  const problem = checkDaemon();
  if (problem) {
    console.error(problem);
    return 1;
  }
  const names = rest.filter((n) => SERVICE.test(n));
  switch (cmd) {
    case 'up':
      return docker(['compose', 'up', '--detach', '--wait', ...names]);
    case 'down':
      return docker(['compose', 'down', '--remove-orphans']);
    case 'logs':
      return docker(['compose', 'logs', '--follow', '--tail', '100', ...names]);
    case 'shell':
      if (names.length !== 1) throw new Error('usage: devstack shell <service>');
      return docker(['compose', 'exec', names[0], 'sh']);
    case 'status': {
      for (const s of await services(process.cwd())) {
        console.log(`${s.Service.padEnd(20)} ${s.State.padEnd(10)} ${s.Health || ''}`);
      }
      return 0;
    }
    default:
      console.error('usage: devstack <up|down|logs|shell|status> [service...]');
      return 2;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code ?? 0), (err) => {
  console.error(err.message);
  process.exit(1);
});
