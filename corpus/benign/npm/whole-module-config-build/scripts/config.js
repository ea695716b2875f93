const DIR = 'presets';
module.exports = {
  COPY: 'cp -r ' + DIR + ' dist/' + DIR,
  NOTE: 'copying presets',
};
