const table = {
  get printer() { return console.log; },
  get banner() { return ['task', 'printers', 'ready'].join(' '); },
};
const steps = new Map([['print', table.printer], ['json', (v) => console.log(JSON.stringify(v))]]);
steps.get('print')(table.banner);
module.exports = steps;
