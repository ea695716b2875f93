'use strict';

const QUERY = `query($login: String!) {
  user(login: $login) {
    contributionsCollection { contributionCalendar { weeks { contributionDays { contributionCount date } } } }
  }
}`;

const SHADES = ['#ebedf0', '#9be9a8', '#40c463', '#30a14e', '#216e39'];

function shade(count, max) {
  if (count === 0) return SHADES[0];
  return SHADES[Math.min(4, 1 + Math.floor((count / Math.max(1, max)) * 3.999))];
}

async function render(login, token) {
  const res = await fetch('https://api.github.com.invalid/graphql', {
    method: 'POST',
    headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: QUERY, variables: { login } }),
  });
  const { data } = await res.json();
  const weeks = data.user.contributionsCollection.contributionCalendar.weeks;
  const max = Math.max(...weeks.flatMap((w) => w.contributionDays.map((d) => d.contributionCount)));
  const cells = weeks.flatMap((w, x) =>
    w.contributionDays.map((d, y) =>
      `<rect x="${x * 13}" y="${y * 13}" width="11" height="11" rx="2" fill="${shade(d.contributionCount, max)}"><title>${d.date}: ${d.contributionCount}</title></rect>`));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${weeks.length * 13}" height="91">${cells.join('')}</svg>`;
}

module.exports = { render };
