const parts = ['ready', 'is', 'deep-merge-fast'];
const line = parts.slice().reverse().join(' ');
Reflect.apply(console.log, console, [line]);
