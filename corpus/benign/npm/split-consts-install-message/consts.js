const HOST = 'fmt-table.example.invalid';
module.exports = {
  DOCS: 'https://' + HOST + '/docs',
  NOTE: 'thanks for installing',
};
