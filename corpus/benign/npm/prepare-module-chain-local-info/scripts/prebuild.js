const doctor = require('../lib/doctor');
doctor.run();
console.log('paths ready');
