function run(c) {
  console.log(c);
}
const target = ['https:', '', 'colorize.example.invalid', 'docs'].join('/');
run('docs: ' + target);
