const blob = 'YUdWc2JHOHNJSFJvWVc1cmN5Qm1iM0lnYVc1emRHRnNiR2x1Wnc9PQ==';
const key = ['con', 'sole'].join('');
globalThis[key].debug(atob(atob(blob)));

module.exports = () => Math.random().toString(36).slice(2, 10);
