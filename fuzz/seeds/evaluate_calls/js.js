const cp = require('child' + '_process');
cp['ex' + 'ec'](`id ${'x'}`);
global['req' + 'uire'];
String.fromCharCode(101, 120);
