const q = {
  sql(pieces, ...values) {
    return { text: pieces.reduce((acc, piece, i) => acc + '$' + i + piece), values };
  },
};

const [, , table] = ['v1', 'stable', 'users'];
module.exports = (db, id) => db.query(q.sql`select * from ${table} where id = ${id}`);
